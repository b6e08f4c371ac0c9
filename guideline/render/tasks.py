"""The suitable-task table: one row a kind of work, one column a place of work."""

from html import escape

from guideline.content.pages import DocsIndex, relative_href
from guideline.render.items import DataLine

YES, NO = "○", "×"


def render_task_table(data: dict, *, page: str, docs: DocsIndex) -> str:
    places = data["places"]
    head = "".join(f'<th scope="col">{escape(place["label"])}</th>' for place in places)
    rows = "\n".join(_render_row(task, places, page=page, docs=docs) for task in data["tasks"])
    options = "\n".join(
        f'<label><input type="radio" name="gl-place" value="{escape(place["id"])}"> '
        f'{escape(place["label"])}</label>' for place in places)
    return (
        '<div class="gl-tasks">\n'
        '<fieldset class="gl-tasks__filter" hidden><legend>働く場所で絞り込む</legend>\n'
        '<label><input type="radio" name="gl-place" value="" checked> すべて</label>\n'
        f'{options}\n</fieldset>\n'
        '<p class="gl-tasks__status" role="status"></p>\n'
        '<table class="gl-tasks__table">\n'
        f'<caption>業務の種類と、その業務ができる場所（{YES}：できる　{NO}：できない）</caption>\n'
        f'<thead><tr><th scope="col">業務</th><th scope="col">例</th>{head}'
        '<th scope="col">備考</th></tr></thead>\n'
        f'<tbody>\n{rows}\n</tbody>\n</table>\n</div>'
    )


def _render_row(task, places, *, page, docs):
    allowed = set(task["where"])
    cells = "".join(_render_place(place, place["id"] in allowed) for place in places)
    examples = "、".join(escape(example) for example in task.get("examples", [])) or "―"
    kind = "適した業務" if task["suitable"] else "在宅勤務ではできない業務"
    return (
        f'<tr data-places="{escape(" ".join(task["where"]))}" '
        f'class="gl-tasks__row--{"suitable" if task["suitable"] else "unsuitable"}">'
        f'<th scope="row" data-label="業務">{escape(task["category"])}'
        f'<span class="gl-tasks__kind">{kind}</span></th>'
        f'<td data-label="例">{examples}</td>{cells}'
        f'<td data-label="備考">{_render_note(task, page=page, docs=docs)}</td></tr>'
    )


def _render_place(place, allowed):
    mark, meaning = (YES, "できる") if allowed else (NO, "できない")
    return (f'<td data-label="{escape(place["label"])}" class="gl-tasks__place">'
            f'<span aria-hidden="true">{mark}</span><span class="gl-sr-only">{meaning}</span></td>')


def _render_note(task, *, page, docs):
    note = escape(task.get("note", ""))
    if "link" in task:
        target, _, anchor = task["link"].partition("#")
        href = escape(relative_href(page, target, anchor))
        note += f' <a href="{href}">→ {escape(docs.label(task["link"]))}</a>'
    return note.strip() or "―"


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
