"""The 新旧対照表 as the Word file writes it (the PDF prints the HTML file instead).

Whatever the comparison does to align rows and mark changes, the Word file only needs the
changed pages, each a list of rows with an 改正後 and an 改正前 cell made of segments.
"""

from dataclasses import dataclass

from guideline.compare.html import NOTE as NOTE  # the note above each table, the same in every format


@dataclass(frozen=True)
class Segment:
    text: str
    changed: bool = False


@dataclass(frozen=True)
class Row:
    heading: bool
    new: tuple   # Segments of 改正後
    old: tuple   # Segments of 改正前


@dataclass(frozen=True)
class Table:
    title: str   # the page's title, as the reader knows it (never its source file)
    rows: tuple


def _segments(cell) -> tuple:
    if getattr(cell, "label", ""):
        return (Segment(cell.label),)
    return tuple(Segment(text, bool(changed)) for text, changed in cell.parts)


def tables(comparisons) -> list:
    """The changed pages of `compare_trees`, in its order."""
    return [Table(title=page.title,
                  rows=tuple(Row(heading=row.kind == "heading", new=_segments(row.new), old=_segments(row.old))
                             for row in page.rows))
            for page in comparisons if page.status != "same"]


def heading(*, new_title: str, old_title: str) -> str:
    return f"新旧対照表　改正後：{new_title}　改正前：{old_title}"
