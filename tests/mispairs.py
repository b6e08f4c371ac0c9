"""Rows of a 新旧対照表 that set side by side two texts that share almost nothing.

A row holding text on both sides says the old text was amended into the new one. When the
two share (almost) no pair of adjacent characters, they are unrelated items paired by
mistake. Run as a script, it counts them over every pair of the real editions:

    .venv/bin/python tests/mispairs.py          # the count per pair, then the total
    .venv/bin/python tests/mispairs.py -v       # and each mispaired row
"""

import sys
import tempfile
from collections import Counter
from pathlib import Path

LIKENESS = 0.1   # below this, two texts are unrelated
LONG_ENOUGH = 8  # shorter texts (a numeral, a word) are too short to judge


def bigrams(text: str) -> Counter:
    text = "".join(text.split())
    return Counter(text[i:i + 2] for i in range(len(text) - 1))


def likeness(old: str, new: str) -> float:
    """Dice's coefficient of the two texts' character bigrams: 1 the same, 0 nothing shared."""
    a, b = bigrams(old), bigrams(new)
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def cell_text(cell) -> str | None:
    """The text of a cell, None for a label （新設）（削る）（略）."""
    return None if cell.label else "".join(text for text, _ in cell.parts)


def mispaired(comparisons) -> list:
    """(page, new text, old text) of each row pairing two unrelated texts."""
    found = []
    for comparison in comparisons:
        for row in comparison.rows:
            old, new = cell_text(row.old), cell_text(row.new)
            if old is None or new is None or min(len(old.strip()), len(new.strip())) < LONG_ENOUGH:
                continue
            if likeness(old, new) < LIKENESS:
                found.append((comparison.src, new, old))
    return found


def edition_pairs(project: Path, scratch: Path) -> dict:
    """Every two editions of the manifest, the newer compared with the older."""
    from guideline.compare.pairing import compare_trees
    from guideline.content import editions
    from guideline.publish import trees
    manifest = editions.load_manifest(project)
    docs = {e.id: trees.content_dir(e, project_dir=project, scratch=scratch) for e in manifest.editions}
    ids = [e.id for e in manifest.editions]
    return {(old, new): compare_trees(docs[old], docs[new])
            for position, new in enumerate(ids) for old in ids[:position]}


def main(argv: list) -> int:
    project = Path(__file__).resolve().parents[1]
    total = 0
    with tempfile.TemporaryDirectory() as scratch:
        for (old, new), comparisons in edition_pairs(project, Path(scratch)).items():
            rows = mispaired(comparisons)
            total += len(rows)
            print(f"{new} ← {old}: {len(rows)}")
            if "-v" in argv:
                for src, new_text, old_text in rows:
                    print(f"    {src}: 新「{new_text[:40]}」 旧「{old_text[:40]}」")
    print(f"合計: {total}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
