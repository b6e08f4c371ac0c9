"""The data-driven blocks a page can hold, declared once.

A block is a macro call in a page (`{{ task_table() }}`) that shows a data file
(docs/data/<kind>.yml, schema in `data.KINDS`). Each entry says how the block looks on
the site (HTML), how it reads in the 新旧対照表 (plain lines), and which CSS class the
site's stylesheet gives it. The site macros, the comparison reader and `guideline check`
all take the blocks from here, so a table added here appears everywhere or fails loudly.

To add a table: a schema in `data.KINDS`, a renderer module with an HTML and a lines
function, one `Block` below, rules for its `css_class` in guideline.css.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import charts, checklists, tasks
from .errors import DataError
from .pages import DocsIndex


@dataclass(frozen=True, kw_only=True)
class Context:
    """Where a block is shown: the page's source path and the pages it may link to."""

    page: str
    docs: DocsIndex


Html = Callable[[Any, Context, str | None], str]
Lines = Callable[[Any, Context, str | None], list[str]]


@dataclass(frozen=True, kw_only=True)
class Block:
    name: str                   # the macro's name in a page
    kind: str                   # the data file it shows: docs/data/<kind>.yml
    html: Html                  # (data, context, argument) → HTML for the site
    lines: Lines                # (data, context, argument) → lines for the 新旧対照表
    css_class: str              # the root class of its HTML, styled in guideline.css
    argument: str | None = None  # what the one argument names, if the block takes one


def _checklist(known: dict, context: Context, checklist_id: str | None) -> dict:
    for checklist in known["checklists"]:
        if checklist["id"] == checklist_id:
            return checklist
    ids = ", ".join(checklist["id"] for checklist in known["checklists"])
    raise DataError([f"{context.page}: checklist('{checklist_id}'): "
                     f"その ID のチェックリストはありません（あるもの: {ids}）"])


BLOCKS = {block.name: block for block in (
    Block(name="checklist", kind="checklists", argument="チェックリストの ID",
          html=lambda d, c, a: checklists.render_checklist(_checklist(d, c, a), page=c.page, docs=c.docs),
          lines=lambda d, c, a: checklists.checklist_lines(_checklist(d, c, a)),
          css_class="gl-checklist"),
    Block(name="all_checklists", kind="checklists",
          html=lambda d, c, a: "\n".join(
              checklists.render_checklist_section(checklist, page=c.page, docs=c.docs)
              for checklist in d["checklists"]),
          lines=lambda d, c, a: [line for checklist in d["checklists"]
                                 for line in checklists.checklist_lines(checklist)],
          css_class="gl-checklist"),
    Block(name="task_table", kind="tasks",
          html=lambda d, c, a: tasks.render_task_table(d, page=c.page, docs=c.docs),
          lines=lambda d, c, a: tasks.task_lines(d),
          css_class="gl-tasks"),
    Block(name="survey_chart", kind="survey",
          html=lambda d, c, a: charts.render_survey(d),
          lines=lambda d, c, a: charts.survey_lines(d),
          css_class="gl-survey"),
    Block(name="timeline", kind="timeline",
          html=lambda d, c, a: charts.render_timeline(d),
          lines=lambda d, c, a: charts.timeline_lines(d),
          css_class="gl-timeline"),
)}


def block(name: str, *, page: str) -> Block:
    """The block called `name`; an unknown name is the editor's error, at `page`."""
    if name not in BLOCKS:
        raise DataError([f"{page}: {name}(): そのようなマクロはありません"
                         f"（使えるもの: {', '.join(BLOCKS)}）"])
    return BLOCKS[name]


def check_argument(chosen: Block, argument: str | None, *, page: str) -> None:
    """A block called with an argument it does not take, or without the one it needs."""
    if chosen.argument and argument is None:
        raise DataError([f"{page}: {chosen.name}(): {chosen.argument} を書いてください"])
    if not chosen.argument and argument is not None:
        raise DataError([f"{page}: {chosen.name}('{argument}'): このマクロは引数をとりません"])
