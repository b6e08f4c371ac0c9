"""Checklists as HTML: real checkboxes that a script may remember, plain boxes on paper."""

from guideline.content.pages import DocsIndex, relative_href
from guideline.content.unconfirmed import data_questions
from guideline.render.html import render
from guideline.render.items import DataLine
from guideline.render.literal import markdown_text


def render_checklist(checklist: dict, *, page: str, docs: DocsIndex) -> str:
    items = [_item(item, page=page, docs=docs) for item in checklist["items"]]
    return str(render("blocks/checklist.html", checklist=checklist, items=items))


def _item(item: dict, *, page: str, docs: DocsIndex) -> dict:
    shown = {"text": item["text"], "href": None, "label": None,
             "question": data_questions(item.get("unconfirmed"), whole="text").get("text", "")}
    if "link" in item:
        target, _, anchor = item["link"].partition("#")
        shown.update(href=relative_href(page, target, anchor), label=docs.label(item["link"]))
    return shown


def render_checklist_section(checklist: dict, *, page: str, docs: DocsIndex) -> str:
    """A Markdown heading (so it shows in the table of contents) above the checklist."""
    return (f'## {markdown_text(checklist["title"])} {{ #{checklist["id"]} }}\n\n'
            f'{render_checklist(checklist, page=page, docs=docs)}\n')


def checklist_lines(checklist: dict) -> list:
    """The checklist as a reader reads it, one line an item (for comparing editions): the
    title keyed by the checklist's id, the entries (which have no id) grouped under it."""
    group = f"checklist:{checklist['id']}"
    return ([DataLine(f"{checklist['title']}（対象：{checklist['audience']}）", group=group, item="title")]
            + [DataLine(f"□ {item['text']}", group=group) for item in checklist["items"]])
