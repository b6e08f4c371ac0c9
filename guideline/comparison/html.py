"""新旧対照表 as HTML: for the site's 改訂内容 page and as one self-contained file."""

from html import escape
from pathlib import Path

from .compare import Cell, PageComparison

NOTE = "（傍線部分は改正部分）"
# Both columns repeat the chapters' text: searching it would only echo the chapters.
SEARCH_EXCLUDED = "---\nsearch:\n  exclude: true\n---\n\n"
# Both the 改訂内容 page and the standalone file print on A4 landscape, columns side by side.
LANDSCAPE = "<style>@page { size: A4 landscape; margin: 12mm; }</style>\n\n"
STYLE = Path(__file__).with_name("comparison.css")


def _cell(cell: Cell, *, side: str) -> str:
    label = "改正後" if side == "new" else "改正前"
    if cell.label:
        content = f'<span class="gl-compare__label">{escape(cell.label)}</span>'
    else:
        tag = "ins" if side == "new" else "del"
        content = "".join(f'<{tag} class="gl-mark">{escape(text)}</{tag}>' if changed else escape(text)
                          for text, changed in cell.parts)
    return f'<td data-label="{label}">{content}</td>'


def render_table(comparison: PageComparison, *, caption: str) -> str:
    rows = "\n".join(
        f'<tr class="gl-compare__{row.kind}">{_cell(row.new, side="new")}{_cell(row.old, side="old")}</tr>'
        for row in comparison.rows)
    return (
        f'<p class="gl-compare__note">{NOTE}</p>\n'
        '<table class="gl-compare">\n'
        f"<caption>{escape(caption)}</caption>\n"
        '<thead><tr><th scope="col">改正後</th><th scope="col">改正前</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )


def _summary_list(comparisons, *, link: bool) -> str:
    if not comparisons:
        return "なし\n"
    items = [f"- [{escape(c.title)}](#{c.anchor})" if link else f"- {escape(c.title)}" for c in comparisons]
    return "\n".join(items) + "\n"


def render_changes_page(comparisons: list, *, new_title: str, old_title: str | None) -> str:
    """Markdown of the 改訂内容 page: which chapters changed, then a table for each."""
    if old_title is None:
        return (SEARCH_EXCLUDED + "# 改訂内容\n\nこの版は最初の版です。比べる前の版はありません。"
                "以後の版の改訂内容は、それぞれの版の「改訂内容」のページで確認できます。\n")
    changed = [c for c in comparisons if c.status != "same"]
    unchanged = [c for c in comparisons if c.status == "same"]
    parts = [
        SEARCH_EXCLUDED + "# 改訂内容\n\n" + LANDSCAPE,
        f"この版（{escape(new_title)}）と前の版（{escape(old_title)}）の本文を比べた"
        "新旧対照表です。左が改正後、右が改正前です。改正のない部分は「（略）」としています。\n",
        "## 改訂された章 { #changed }\n", _summary_list(changed, link=True),
        "## 改訂されていない章 { #unchanged }\n", _summary_list(unchanged, link=False),
    ]
    for comparison in changed:
        parts.append(f"## {escape(comparison.title)} {{ #{comparison.anchor} }}\n")
        parts.append(render_table(comparison, caption=f"{comparison.title}（{new_title} ／ {old_title}）") + "\n")
    return "\n".join(parts)


def render_document(comparisons: list, *, new_title: str, old_title: str) -> str:
    """One HTML file, styles inline, nothing fetched: for a pull request or an approval document."""
    changed = [c for c in comparisons if c.status != "same"]
    title = f"新旧対照表　{new_title}（改正後）／{old_title}（改正前）"
    body = "\n".join(
        f'<section><h2 id="{c.anchor}">{escape(c.title)}</h2>\n'
        + render_table(c, caption=f"{c.title}（{c.src}）") + "\n</section>"
        for c in changed) or "<p>改正された部分はありません。</p>"
    contents = "".join(f'<li><a href="#{c.anchor}">{escape(c.title)}</a></li>' for c in changed)
    return (
        '<!DOCTYPE html>\n<html lang="ja">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{STYLE.read_text(encoding='utf-8')}\n</style>\n{LANDSCAPE}"
        f'</head>\n<body class="gl-compare-document">\n<main>\n<h1>{escape(title)}</h1>\n'
        f"<nav aria-label=\"改正された箇所\"><ul>{contents}</ul></nav>\n{body}\n</main>\n</body>\n</html>\n"
    )
