"""The fonts of the printed documents: Japanese, installed from Debian, embedded in the file.

BIZ UD明朝/ゴシック are TrueType, which Chromium embeds as real (subset) fonts; Noto CJK
is CFF, which it can only draw as Type 3 glyphs (twice the size, poorer on screen), so it
is the fallback.
"""

PACKAGES = ("fonts-morisawa-bizud-mincho", "fonts-morisawa-bizud-gothic")
MINCHO = ("BIZ UDMincho", "BIZ UDPMincho", "Noto Serif CJK JP", "IPAexMincho", "serif")
GOTHIC = ("BIZ UDPGothic", "BIZ UDGothic", "Noto Sans CJK JP", "IPAexGothic", "sans-serif")
GENERIC = {"serif", "sans-serif", "monospace"}

# Word: the 明朝 every Japanese Windows has, and what Word should pick when it is missing
# (a Japanese fixed-pitch serif; the panose of ＭＳ 明朝).
WORD_MINCHO = "ＭＳ 明朝"
# In the order of the font table's schema.
WORD_FALLBACK = {"panose1": "02020609040205080304", "charset": "80", "family": "roman", "pitch": "fixed"}


def css_stack(names) -> str:
    return ", ".join(name if name in GENERIC else f'"{name}"' for name in names)
