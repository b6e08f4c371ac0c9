"""Marking changes inside Japanese text, the way a 新旧対照表 underlines them.

Japanese has no spaces, so the comparison runs on characters. Two clean-ups make the marks
read as phrases: an inserted or deleted run slides to where it starts and ends on a phrase
boundary (after punctuation, before a particle), and short unchanged runs caught between
two changes are folded into the change.
"""

import unicodedata
from difflib import SequenceMatcher

# An unchanged run this short between two changes reads as part of the change.
MIN_KEPT = 3
PUNCTUATION = set("、。，．・：；！？「」『』（）()［］【】〔〕 　\n")


def mark_changes(old: str, new: str):
    """Segments of each text as (text, changed) pairs; joined, they give the text back."""
    ops = _fold(_slide_edits(_diff(old, new)))
    return (_merge([(a, kind != "=") for kind, a, _ in ops if a]),
            _merge([(b, kind != "=") for kind, _, b in ops if b]))


def _diff(old, new):
    kinds = {"equal": "=", "delete": "-", "insert": "+", "replace": "~"}
    return [(kinds[tag], old[i1:i2], new[j1:j2])
            for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes()]


def _kind(char):
    if char is None or char in PUNCTUATION:
        return "punct"
    name = unicodedata.name(char, "")
    return next((script for script in ("HIRAGANA", "KATAKANA", "CJK") if name.startswith(script)), "other")


def _edge_score(outside, inside):
    """How well an edit boundary sits between an `outside` and an `inside` character."""
    if "punct" in (_kind(outside), _kind(inside)):
        return 3
    if _kind(outside) == "HIRAGANA" and _kind(inside) != "HIRAGANA":  # next to a particle
        return 2
    return 1 if _kind(outside) != _kind(inside) else 0


def _score(before, edit, after):
    return (_edge_score(before[-1] if before else None, edit[0])
            + _edge_score(after[0] if after else None, edit[-1]))


def _best_position(before, edit, after):
    """Slide `edit` left or right within the unchanged text around it (its content rotates)."""
    candidates = [(before, edit, after)]
    b, e, a = before, edit, after
    while b and b[-1] == e[-1]:
        b, e, a = b[:-1], b[-1] + e[:-1], e[-1] + a
        candidates.append((b, e, a))
    b, e, a = before, edit, after
    while a and a[0] == e[0]:
        b, e, a = b + e[0], e[1:] + a[0], a[1:]
        candidates.append((b, e, a))
    return max(candidates, key=lambda candidate: _score(*candidate))


def _slide_edits(ops):
    out, position = list(ops), 0
    while position < len(out):
        kind, a, b = out[position]
        if kind not in "+-":
            position += 1
            continue
        left = position > 0 and out[position - 1][0] == "="
        right = position + 1 < len(out) and out[position + 1][0] == "="
        before, edit, after = _best_position(out[position - 1][1] if left else "", a or b,
                                             out[position + 1][1] if right else "")
        replacement = ([("=", before, before)] if before else []) \
            + [(kind, edit, "") if kind == "-" else (kind, "", edit)] \
            + ([("=", after, after)] if after else [])
        start = position - 1 if left else position
        out[start:position + 1 + right] = replacement
        position = start + (1 if before else 0) + 1
    return out


def _fold(ops):
    folded = []
    for position, (kind, a, b) in enumerate(ops):
        inner = 0 < position < len(ops) - 1
        if kind == "=" and inner and len(a) < MIN_KEPT:
            kind = "~"
        folded.append((kind, a, b))
    return folded


def _merge(parts):
    merged: list[tuple[str, bool]] = []
    for text, changed in parts:
        if merged and merged[-1][1] == changed:
            merged[-1] = (merged[-1][0] + text, changed)
        else:
            merged.append((text, changed))
    return merged


def similarity(old: str, new: str) -> float:
    return SequenceMatcher(None, old, new, autojunk=False).ratio()
