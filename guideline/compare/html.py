"""新旧対照表 as pages: the site's 改訂内容 and 版を比べる pages, and one self-contained file.

Every page is a Jinja template with autoescaping: text from the guideline is escaped once,
in the template, and nothing it holds becomes markup, neither HTML nor Markdown (as_text).
"""

import weakref
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from guideline.compare.pairing import PageComparison
from guideline.layout import GUIDELINE_NAME
from guideline.render.literal import as_text

HERE = Path(__file__).parent
STYLE = HERE / "comparison.css"
PICKER_SCRIPT = HERE / "picker.js"
NOTE = "（傍線部分は改正部分）"


def _lines(text: str) -> Markup:
    # A line break inside a cell stays a character, never a blank line that would end the
    # HTML block in the Markdown page around the table.
    return Markup(str(escape(text)).replace("\n", "&#10;"))


@lru_cache(maxsize=1)
def _environment() -> Environment:
    environment = Environment(loader=FileSystemLoader(HERE / "templates"), keep_trailing_newline=True,
                              autoescape=select_autoescape(["html", "md"], default=True), finalize=as_text)
    environment.filters["lines"] = _lines
    environment.globals["table"] = render_table
    environment.globals["note"] = NOTE
    return environment


def _render(template: str, **values) -> str:
    return _environment().get_template(template).render(**values)


def render_table(comparison: PageComparison, *, caption: str, paper_heading: bool = False) -> Markup:
    """The page's table; with `paper_heading`, its head also holds `caption` as a heading for
    paper, repeated on every sheet (the standalone file and its PDF)."""
    return Markup(_render("table.html", caption=caption, paper_heading=paper_heading, rows=_rows(comparison)))


_RENDERED_ROWS: dict = {}  # id of a comparison still in use → its rows


def _rows(comparison: PageComparison) -> Markup:
    """The rows of a comparison, rendered once: the 改訂内容 page, the pair's page and the pair's
    document show the same rows (most of the time of making them)."""
    key = id(comparison)
    if key not in _RENDERED_ROWS:
        _RENDERED_ROWS[key] = Markup(_render("rows.html", comparison=comparison))
        weakref.finalize(comparison, _RENDERED_ROWS.pop, key, None)
    return _RENDERED_ROWS[key]


def _split(comparisons: list) -> dict:
    return {"changed": [c for c in comparisons if c.status != "same"],
            "unchanged": [c for c in comparisons if c.status == "same"]}


def render_changes_page(comparisons: list, *, new_title: str, old_title: str | None,
                        heading: str = "改訂内容", intro: str | None = None) -> str:
    """Markdown of a 改訂内容 page: which pages changed, then a table for each."""
    if intro is None and old_title is not None:
        intro = (f"この版（{new_title}）と前の版（{old_title}）を比べた新旧対照表です。"
                 "ほかの版との比較は「版を比べる」のページで選べます。")
    return _render("changes.md", heading=heading, old=old_title, intro=intro, **_split(comparisons))


def render_pair_page(comparisons: list, *, new_title: str, old_title: str) -> str:
    """Markdown of one pair's page under 版を比べる."""
    return render_changes_page(
        comparisons, new_title=new_title, old_title=old_title, heading="版を比べる：新旧対照表",
        intro=f"{new_title}（改正後）と{old_title}（改正前）を比べた新旧対照表です。")


def render_picker_page(*, current, older: list, link) -> str:
    """Markdown of the 版を比べる page of edition `current`; `older` are the editions before
    it (oldest first) and `link(new, old)` the address of that pair's page."""
    known = [*older, current]
    pairs = [(known[new], known[old]) for new in reversed(range(len(known))) for old in reversed(range(new))]
    return _render("picker.md", current=current, choices=known,
                   previous=older[-1] if older else None, order=[e.id for e in known],
                   pairs=pairs, link=link)


def render_document(comparisons: list, *, new_title: str, old_title: str, name: str = GUIDELINE_NAME) -> str:
    """One HTML file, styles inline, nothing fetched: for a pull request or an approval document,
    and what its PDF prints (documents.comparison_pdf adds only the paper's fonts and margins).
    `name` is the guideline's (mkdocs.yml's site_name)."""
    title = f"{name} 新旧対照表　{new_title}（改正後）／{old_title}（改正前）"
    return _render("document.html", title=title, style=Markup(STYLE.read_text(encoding="utf-8")),
                   **_split(comparisons))
