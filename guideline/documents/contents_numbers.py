"""The 目次 page numbers of an edition's PDF, set into the one print it takes.

Chromium cannot number pages in advance. So the 目次 is printed with a three-digit stand-in
in each entry's number column (right-aligned in a column of a fixed width, so the layout is
that of the real numbers), where each chapter fell is read from that same print, and each
stand-in's glyphs are then replaced in its page's content stream by those of the page number,
moved right by the difference of their widths as the browser lays them out (so that
each number sits where a print with it would put it). Printing the document a second time cost as much as the first.

Only a 目次 drawn as Chromium draws it is changed: each number its own text object with
nothing drawn to its width (no underline), the stand-ins in the order of the entries, every
digit a number needs in the font embedded for that entry. Anything else gives None, and the
document is printed again with its numbers.
"""

import math
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.generic import DecodedStreamObject, DictionaryObject, IndirectObject, StreamObject

# One number as Chromium (Skia) draws it: font and size, position, glyph codes (Identity-H, two bytes each).
NUMBER = re.compile(rb"BT\n/(F\d+) ([\d.]+) Tf\n1 0 0 -1 ([\d.]+) ([\d.]+) Tm\n<([0-9A-Fa-f]*)> Tj\nET")
# A line drawn under the text that follows it (an underline, as wide as the stand-in): ends with its x.
UNDERLINE = re.compile(rb"([\d.]+) [\d.]+ [\d.]+ [\d.]+ re\nf\n$")
DIGITS = 3
LAYOUT_UNIT = 64  # Blink lays out in 64ths


def stand_ins(levels: list) -> list:
    """A stand-in for each entry of these levels: within a level the first four hold every digit
    between them (012, 345, 678, 901, …), so the font embedded for that level has every glyph a
    page number needs, and no two in a row are the same."""
    seen: Counter = Counter()
    found = []
    for level in levels:
        start = DIGITS * seen[level]
        seen[level] += 1
        found.append("".join(str((start + offset) % 10) for offset in range(DIGITS)))
    return found


def numbered_pages(reader: PdfReader, *, stand_in: list, numbers: list) -> dict | None:
    """(object number, generation) → the new content stream of each 目次 page, with `numbers[i]`
    where `stand_in[i]` was printed; None where the 目次 is not drawn as expected."""
    last = min((int(number) for number in numbers if number.isdigit()), default=len(reader.pages) + 1) - 1
    wanted = list(zip(stand_in, numbers, strict=True))
    changed = {}
    for page in reader.pages[1:last]:
        reference, contents = page.raw_get("/Contents"), page["/Contents"] if "/Contents" in page else None
        if not wanted or not isinstance(reference, IndirectObject) or not isinstance(contents, StreamObject):
            break
        text, found = _renumbered(contents.get_data(), wanted, fonts=_Fonts(page))
        if text is None:
            return None
        if found:
            changed[(reference.idnum, reference.generation)] = _stream(text)
            del wanted[:found]
    return changed if not wanted else None


def _renumbered(data: bytes, wanted: list, *, fonts: "_Fonts") -> tuple:
    """The page's content with the next stand-ins replaced, and how many; (None, 0) when a
    stand-in cannot be replaced."""
    parts, at, found = [], 0, 0
    for match in NUMBER.finditer(data):
        if found == len(wanted):
            break
        font = fonts.get(match[1].decode())
        if font is None or font.text(bytes.fromhex(match[5].decode())) != wanted[found][0]:
            continue
        number = wanted[found][1]
        codes = font.codes(number)
        underline = UNDERLINE.search(data, max(0, match.start() - 80), match.start())
        if codes is None or (underline and underline[1] == match[3]):  # a line as wide as the stand-in
            return None, 0
        size, x = float(match[2]), float(match[3])
        x += _laid_out(font.width(bytes.fromhex(match[5].decode())), size) - _laid_out(font.width(codes), size)
        parts += [data[at:match.start()],
                  b"BT\n/%s %s Tf\n1 0 0 -1 %s %s Tm\n<%s> Tj\nET" % (match[1], match[2], _number(x), match[4],
                                                                     codes.hex().upper().encode())]
        at, found = match.end(), found + 1
    return b"".join(parts) + data[at:], found


def _laid_out(width: float, size: float) -> float:
    """A text's width as the browser lays it out: rounded up to its unit, a 64th (of a CSS pixel)."""
    return math.ceil(width * size / 1000 * LAYOUT_UNIT - 1e-9) / LAYOUT_UNIT


def _number(value: float) -> bytes:
    return f"{value:.5f}".rstrip("0").rstrip(".").encode()


def _stream(data: bytes) -> StreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream.flate_encode()


class _Fonts:
    """A page's fonts by resource name, each read when first asked for."""

    def __init__(self, page):
        resources = page["/Resources"]
        self.resources = resources["/Font"] if "/Font" in resources else DictionaryObject()
        self.read: dict = {}

    def get(self, name: str) -> "_Font | None":
        key = f"/{name}"
        if key not in self.read:
            self.read[key] = _Font(self.resources[key].get_object()) if key in self.resources else None
        return self.read[key]


class _Font:
    """A Type0 font with two-byte codes: what its codes say (ToUnicode), their widths (W)."""

    def __init__(self, font):
        self.text_of = _to_unicode(font) if "/ToUnicode" in font else {}
        self.code_of = {text: code for code, text in self.text_of.items() if len(code) == 2}
        descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else {}
        self.default = float(descendant.get("/DW", 1000))
        self.widths = _widths(descendant.get("/W", []))

    def text(self, codes: bytes) -> str | None:
        try:
            return "".join(self.text_of[codes[at:at + 2]] for at in range(0, len(codes), 2))
        except KeyError:
            return None

    def codes(self, text: str) -> bytes | None:
        try:
            return b"".join(self.code_of[character] for character in text)
        except KeyError:
            return None

    def width(self, codes: bytes) -> float:
        return sum(self.widths.get(int.from_bytes(codes[at:at + 2], "big"), self.default)
                   for at in range(0, len(codes), 2))


def _to_unicode(font) -> dict:
    """Code (bytes) → text, from the font's ToUnicode CMap (bfchar and bfrange)."""
    cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for code, text in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[bytes.fromhex(code)] = bytes.fromhex(text).decode("utf-16-be", "replace")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, target in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])", block):
            first, count = int(low, 16), int(high, 16) - int(low, 16) + 1
            if target.startswith("["):
                texts = [bytes.fromhex(each).decode("utf-16-be", "replace") for each in re.findall(r"<([0-9A-Fa-f]+)>", target)]
            else:
                start = bytes.fromhex(target[1:-1]).decode("utf-16-be", "replace")
                texts = [start[:-1] + chr(ord(start[-1]) + offset) for offset in range(count)] if start else []
            for offset, text in enumerate(texts[:count]):
                found[(first + offset).to_bytes(len(low) // 2, "big")] = text
    return found


def _widths(listed) -> dict:
    """CID → width, from a CIDFont's W array: `c [w1 w2 …]` and `c_first c_last w`."""
    items = [item.get_object() if hasattr(item, "get_object") else item for item in listed]
    found, at = {}, 0
    while at + 1 < len(items):
        if isinstance(items[at + 1], list):
            found.update({int(items[at]) + offset: float(width) for offset, width in enumerate(items[at + 1])})
            at += 2
        elif at + 2 < len(items):
            found.update({cid: float(items[at + 2]) for cid in range(int(items[at]), int(items[at + 1]) + 1)})
            at += 3
        else:
            break
    return found
