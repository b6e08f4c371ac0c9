"""The 新旧対照表 in the format the output file's name asks for."""

from pathlib import Path

from guideline.compare.html import render_document
from guideline.documents.chromium import missing_engine
from guideline.documents.imprint import DEFAULT_IMPRINT, Imprint
from guideline.documents.rows import tables
from guideline.errors import GuidelineError

FORMATS = {".html": "HTML", ".pdf": "PDF（A4 横）", ".docx": "Word（A4 横）"}


def check_suffix(path: Path):
    """Refuse an unknown format, or a PDF on a machine without Chromium, before any work is done."""
    if path.suffix.lower() not in FORMATS:
        known = "、".join(FORMATS)
        raise GuidelineError(f"{path}: この形式では書けません（拡張子 {path.suffix or 'なし'}）。"
                             f"{known} のどれかで終わる名前にしてください")
    if path.suffix.lower() == ".pdf" and missing_engine():
        raise GuidelineError(f"{path}: PDF を作れません。{missing_engine()}。"
                             "HTML（.html）か Word（.docx）なら作れます")


def render_comparison(comparisons: list, *, path: Path, new_title: str, old_title: str,
                      imprint: Imprint = DEFAULT_IMPRINT) -> str | bytes:
    check_suffix(path)
    suffix = path.suffix.lower()
    if suffix == ".html":
        return render_document(comparisons, new_title=new_title, old_title=old_title, name=imprint.name)
    if suffix == ".pdf":
        from guideline.documents.comparison_pdf import comparison_pdf
        return comparison_pdf(tables(comparisons), new_title=new_title, old_title=old_title, imprint=imprint)
    from guideline.documents.comparison_docx import comparison_docx
    return comparison_docx(tables(comparisons), new_title=new_title, old_title=old_title, imprint=imprint)
