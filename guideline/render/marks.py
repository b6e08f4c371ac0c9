"""The 要確認 marks of one edition, as readers and the 法規担当 see them: a label on each
marked provision, the 確認事項一覧 page grouped by chapter, and the same list as CSV."""

import csv
import hashlib
import html
import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from guideline.content import data
from guideline.content.pages import DocsIndex, page_url, relative_href
from guideline.content.unconfirmed import ABOUT, ABOUT_ANCHOR, EXPLANATION, LIST_PAGE, NO_QUESTION, page_marks
from guideline.errors import GuidelineError
from guideline.layout import CHAPTER
from guideline.render.blocks import calls
from guideline.render.html import render
from guideline.render.literal import markdown_text

# The opening tag of a marked element: attr_list's paragraphs and items, the data blocks' cells.
_MARKED = re.compile(r'<(?P<tag>p|li|td|th)(?P<attrs>\s[^>]*\bclass="(?:[^"]*\s)?unconfirmed(?:\s[^"]*)?"[^>]*)>')
# A marked checklist item's own label: the 要確認 label goes after it, so the box stays beside it.
_CHECKLIST_ITEM = re.compile(r'<li id="(?P<id>mark-[0-9a-f]+(?:-\d+)?)"[^>]*>\s*<input [^>]*>\s*<label [^>]*>.*?</label>', re.S)
_QUESTION_ATTR = re.compile(r'\bdata-question="([^"]*)"')
HOME_TITLE = "ホーム"
_ORDER = ("index.md", "guideline/", "checklists.md", "faq/")


@dataclass(frozen=True)
class PlacedMark:
    page: str      # the page (source path under docs/) that shows it
    anchor: str    # its id on that page
    line: int      # where to fix it: the page's line, or the data file's entry
    source: str    # the file the mark is written in (the page, or docs/data/<kind>.yml)
    question: str
    text: str


def anchor_ids(questions: list) -> list:
    """Each mark's id on its page, from its question, so that the page and the list agree
    whatever else the page holds; a repeated question gets -2, -3 in reading order."""
    seen: Counter = Counter()
    ids = []
    for question in questions:
        base = "mark-" + hashlib.sha1(question.encode("utf-8")).hexdigest()[:8]
        seen[base] += 1
        ids.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return ids


def edition_marks(docs_dir: Path) -> list:
    """Every mark of the edition whose content is `docs_dir`, page by page in reading order."""
    docs_dir = Path(docs_dir)
    known = data.load_all(docs_dir)
    placed = []
    for path in sorted(docs_dir.rglob("*.md"), key=lambda p: _rank(p.relative_to(docs_dir).as_posix())):
        src = path.relative_to(docs_dir).as_posix()
        found = _marks_of_page(path.read_text(encoding="utf-8"), known=known)
        ids = anchor_ids([question for _, question, _, _ in found])
        placed += [PlacedMark(src, anchor, line, source or f"{docs_dir.name}/{src}", question, text)
                   for (line, question, text, source), anchor in zip(found, ids, strict=True)]
    return placed


def _rank(src: str) -> tuple:
    return (next((i for i, prefix in enumerate(_ORDER) if src.startswith(prefix)), len(_ORDER)), src)


def _marks_of_page(markdown: str, *, known: dict) -> list:
    """(line, question, text, source or None) of the page's own marks and of the data blocks it calls."""
    own = [(mark.line, mark.question, mark.text, None) for mark in page_marks(markdown)]
    shown = [(number, question, text, f"docs/data/{kind}.yml")
             for number, name, argument in calls(markdown)
             for kind, question, text in _block_marks(name, argument, known)]
    return sorted(own + shown, key=lambda mark: mark[0])


def _block_marks(name: str, argument: str | None, known: dict) -> list:
    if name in ("checklist", "all_checklists") and "checklists" in known:
        lists = [c for c in known["checklists"]["checklists"] if name == "all_checklists" or c["id"] == argument]
        return [("checklists", question, item["text"]) for checklist in lists for item in checklist["items"]
                for question in _questions(item.get("unconfirmed"), ("text",))]
    if name == "task_table" and "tasks" in known:
        fields = ("category", "examples", "where", *(place["id"] for place in known["tasks"]["places"]), "note")
        return [("tasks", question, task["category"]) for task in known["tasks"]["tasks"]
                for question in _questions(task.get("unconfirmed"), fields)]
    return []


def _questions(value, fields: tuple) -> list:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [value[field] for field in fields if value.get(field)]


def label_marks(page_html: str, *, page: str) -> str:
    """Each marked provision gets its id and a 「要確認」 label linking to its entry in the
    確認事項一覧; the page gets the explanation once, after its title."""
    opening = list(_MARKED.finditer(page_html))
    if not opening:
        return page_html
    questions = [html.unescape(found.group(1)) if (found := _QUESTION_ATTR.search(m.group("attrs"))) else ""
                 for m in opening]
    ids = iter(anchor_ids(questions))
    about = relative_href(page, ABOUT, ABOUT_ANCHOR)

    def labelled(match: re.Match) -> str:
        anchor = next(ids)
        tag = match.group(0) if " id=" in match.group("attrs") else f'<{match.group("tag")} id="{anchor}"{match.group("attrs")}>'
        label = str(render("marks/label.html", href=relative_href(page, LIST_PAGE, entry_id(page, anchor))))
        if match.group("tag") == "li" and 'type="checkbox"' in page_html[match.end():match.end() + 200]:
            return tag  # a checklist item: the label follows the item's own, beside its box (see below)
        return tag + label + " "
    result = _MARKED.sub(labelled, page_html)
    result = _CHECKLIST_ITEM.sub(lambda m: m.group(0) + " " + str(render(
        "marks/label.html", href=relative_href(page, LIST_PAGE, entry_id(page, m.group("id"))))), result)
    note = str(render("marks/note.html", explanation=EXPLANATION, about=about)) + "\n"
    title_end = result.find("</h1>")
    at = title_end + len("</h1>") if title_end >= 0 else 0
    return result[:at] + "\n" + note + result[at:]


def entry_id(page: str, anchor: str) -> str:
    """The id of a mark's row in the 確認事項一覧."""
    return re.sub(r"[^a-z0-9]+", "-", page.removesuffix(".md").lower()).strip("-") + "--" + anchor


def group_title(src: str, docs: DocsIndex) -> str:
    return HOME_TITLE if src == "index.md" else docs.title(src)


def render_list_page(marks: list, *, docs: DocsIndex, table: str) -> str:
    """The 確認事項一覧: every mark with a link to it and its question, grouped by page (chapter)."""
    groups: dict = {}
    for mark in marks:
        groups.setdefault(mark.page, []).append(mark)
    sections = [{"title": Markup(markdown_text(group_title(src, docs))),
                 "rows": [{"id": entry_id(src, m.anchor), "href": relative_href(LIST_PAGE, src, m.anchor),
                           "text": _shorten(m.text), "question": m.question or NO_QUESTION} for m in rows]}
                for src, rows in groups.items()]
    return str(render("marks/list.md", sections=sections, total=len(marks), table=table,
                      about=f"{ABOUT}#{ABOUT_ANCHOR}")) + "\n"


def render_csv(marks: list, *, docs: DocsIndex, base: str) -> str:
    """The same list for a spreadsheet: UTF-8 with a byte-order mark, so Excel reads Japanese."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["番号", "章・ページ", "記述", "確認すべきこと", "リンク", "原稿の場所"])
    for number, mark in enumerate(marks, start=1):
        writer.writerow([number, group_title(mark.page, docs), mark.text, mark.question or NO_QUESTION,
                         f"{base}{page_url(mark.page) or './'}#{mark.anchor}",
                         f"{mark.source}:{mark.line}" if mark.source.endswith(".md") else mark.source])
    return "\ufeff" + out.getvalue()


def _shorten(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[:limit - 1] + "…"


def count_line(marks: list, *, docs: DocsIndex) -> str:
    """One line for `guideline check`: the total and the count of each chapter or page."""
    counts = Counter(_short_name(mark.page, docs) for mark in marks)
    parts = "、".join(f"{name} {count}" for name, count in counts.items())
    return f"「要確認」の印: {len(marks)} 件（{parts}）" if marks else "「要確認」の印はありません"


def _short_name(src: str, docs: DocsIndex) -> str:
    chapter = CHAPTER.match(src)
    return f"{int(chapter.group('number'))}章" if chapter else group_title(src, docs)


def refuse_marks(docs_dir: Path, *, status: str, allowed: bool) -> None:
    """A new official edition states the city's rules; marked stand-ins may not slip into it."""
    if status != "official" or allowed:
        return
    marks = edition_marks(docs_dir)
    if marks:
        raise GuidelineError(
            f"「要確認」の印が {len(marks)} 件残っているため、正式版として公開できません。"
            "市の規定と照らし合わせて印を外すか、印を残したまま公開するときは --allow-unconfirmed を"
            f"付けてください。{count_line(marks, docs=DocsIndex(docs_dir))}")


def question_problems(docs_dir: Path) -> list:
    """Marks without a question, at file:line, for `guideline check`."""
    return [f"{mark.source}:{mark.line}: 「要確認」の印に確認すべきこと（data-question）を書いてください"
            for mark in edition_marks(docs_dir) if not mark.question]
