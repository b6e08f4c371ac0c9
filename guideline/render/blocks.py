"""The data-driven blocks a page can hold, declared once.

A block is a macro call in a page (`{{ task_table() }}`) that shows a data file
(docs/data/<kind>.yml, schema in `data.KINDS`). Each entry says how the block looks on
the site (HTML), how it reads in the 新旧対照表 (lines, each naming the item it shows, so
that two editions' tables pair row by row by item), and which CSS class the
site's stylesheet gives it. The site macros, the comparison reader and `guideline check`
all take the blocks from here, so a table added here appears everywhere or fails loudly.

To add a table: a schema in `data.KINDS`, a renderer module with an HTML and a lines
function (its lines `DataLine`s keyed by the data's ids), one `Block` below, rules for its
`css_class` in guideline.css.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from guideline.content.markdown_lines import code_spans, prose_lines
from guideline.content.pages import DocsIndex
from guideline.errors import DataError
from guideline.render import charts, checklists, tasks
from guideline.render.edition_facts import EDITION_MACROS
from guideline.render.items import DataLine

# `{{ name() }}` or `{{ name("argument") }}`: how pages call blocks.
CALL = re.compile(r"\{\{\s*(\w+)\(\s*(?:[\"']([^\"']*)[\"'])?\s*\)\s*\}\}")
# Macros that show no data: the print page's chapters (never compared, see comparison.compare)
# and the sentences naming the edition being built (from editions.yml, not from the page).
PAGE_MACROS = {"whole_guideline", *EDITION_MACROS}


@dataclass(frozen=True, kw_only=True)
class Context:
    """Where a block is shown: the page's source path and the pages it may link to."""

    page: str
    docs: DocsIndex


Html = Callable[[Any, Context, str | None], str]
Lines = Callable[[Any, Context, str | None], list[DataLine]]


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
    problem = name_problem(name)
    if problem:
        raise DataError([f"{page}: {problem}"])
    return BLOCKS[name]


def check_argument(chosen: Block, argument: str | None, *, page: str) -> None:
    problem = argument_problem(chosen, argument)
    if problem:
        raise DataError([f"{page}: {problem}"])


def name_problem(name: str) -> str | None:
    if name in BLOCKS:
        return None
    return f"{name}(): そのようなマクロはありません（使えるもの: {', '.join(BLOCKS)}）"


def argument_problem(chosen: Block, argument: str | None) -> str | None:
    """A block called with an argument it does not take, or without the one it needs."""
    if chosen.argument and argument is None:
        return f"{chosen.name}(): {chosen.argument} を書いてください"
    if not chosen.argument and argument is not None:
        return f"{chosen.name}('{argument}'): このマクロは引数をとりません"
    return None


def calls(markdown: str) -> Iterator[tuple[int, str, str | None]]:
    """(line, name, argument) of each macro call in prose; calls shown as code do not run."""
    for line in prose_lines(markdown):
        for piece, code in code_spans(line.text):
            if not code:
                for match in CALL.finditer(piece):
                    yield line.number, match.group(1), match.group(2)


def call_problems(docs_dir: Path) -> list[str]:
    """Every macro call of every page that names no block or misses its argument, at file:line."""
    problems = []
    for path in sorted(Path(docs_dir).rglob("*.md")):
        shown = f"{Path(docs_dir).name}/{path.relative_to(docs_dir).as_posix()}"
        for number, name, argument in calls(path.read_text(encoding="utf-8")):
            if name in PAGE_MACROS:
                continue
            problem = name_problem(name) or argument_problem(BLOCKS[name], argument)
            if problem:
                problems.append(f"{shown}:{number}: {problem}")
    return problems
