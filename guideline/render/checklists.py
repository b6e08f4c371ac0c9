"""Checklists as HTML: real checkboxes that a script may remember, plain boxes on paper."""

from html import escape

from guideline.content.pages import DocsIndex, relative_href
from guideline.render.items import DataLine
from guideline.render.plaintext import markdown_text


def render_checklist(checklist: dict, *, page: str, docs: DocsIndex) -> str:
    items = "\n".join(_render_item(checklist["id"], number, item, page=page, docs=docs)
                      for number, item in enumerate(checklist["items"], start=1))
    title_id = f"checklist-{checklist['id']}-title"
    return (
        f'<div class="gl-checklist" data-checklist="{escape(checklist["id"])}" '
        f'role="group" aria-labelledby="{title_id}">\n'
        f'<p class="gl-checklist__title" id="{title_id}">{escape(checklist["title"])}'
        f'<span class="gl-checklist__audience">（対象：{escape(checklist["audience"])}）</span></p>\n'
        f'<ul class="gl-checklist__items">\n{items}\n</ul>\n'
        '<p class="gl-checklist__actions" hidden><button type="button" class="gl-checklist__clear">'
        'チェックをすべて外す</button> <span class="gl-checklist__status" role="status"></span></p>\n'
        '</div>'
    )


def _render_item(checklist_id, number, item, *, page, docs):
    box = f"checklist-{checklist_id}-{number}"
    reference = ""
    if "link" in item:
        target, _, anchor = item["link"].partition("#")
        href = relative_href(page, target, anchor)
        reference = (f' <a class="gl-checklist__ref" href="{escape(href)}">'
                     f'→ {escape(docs.label(item["link"]))}</a>')
    return (f'<li><input type="checkbox" id="{box}" data-item="{escape(item["text"])}">'
            f'<label for="{box}">{escape(item["text"])}</label>{reference}</li>')


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
