"""The suitable-task table: one row a kind of work, one column a place of work."""

from collections import defaultdict

from guideline.content.pages import DocsIndex, relative_href
from guideline.content.unconfirmed import data_questions
from guideline.render.html import render
from guideline.render.items import DataLine

YES, NO = "○", "×"


def render_task_table(data: dict, *, page: str, docs: DocsIndex) -> str:
    rows = [_row(task, page=page, docs=docs) for task in data["tasks"]]
    return str(render("blocks/tasks.html", places=data["places"], rows=rows, yes=YES, no=NO))


def _row(task: dict, *, page: str, docs: DocsIndex) -> dict:
    row = {"id": task["id"], "category": task["category"], "suitable": task["suitable"],
           "examples": task.get("examples", []), "where": task["where"], "note": task.get("note", ""),
           "href": None, "label": None,
           # a whole-row mark sits on the row's heading cell
           "questions": defaultdict(str, data_questions(task.get("unconfirmed"), whole="category"))}
    if "link" in task:
        target, _, anchor = task["link"].partition("#")
        row.update(href=relative_href(page, target, anchor), label=docs.label(task["link"]))
    return row


def task_lines(data: dict) -> list:
    """The table as a reader reads it, one line a row (for comparing editions), each row
    keyed by its task's id."""
    lines = []
    for task in data["tasks"]:
        places = "　".join(f'{place["label"]}：{YES if place["id"] in task["where"] else NO}'
                          for place in data["places"])
        examples = f'（例：{"、".join(task["examples"])}）' if task.get("examples") else ""
        note = f'　備考：{task["note"]}' if task.get("note") else ""
        lines.append(DataLine(f'{task["category"]}{examples}　{places}{note}', group="tasks", item=task["id"]))
    return lines
