"""The 改訂履歴 page of an edition: the editions up to and including it.

An edition's history never names later editions, so publishing a new edition leaves the
pages of the older ones as they are (and they need no rebuild).
"""

from html import escape

from .editions import Edition, Manifest

PAGE = "revisions.md"


def render_revision_history(manifest: Manifest, current: Edition) -> str:
    rows = "\n".join(_row(edition, current) for edition in reversed(manifest.up_to(current)))
    return (
        "# 改訂履歴\n\n"
        "このガイドラインは、暫定版から始めて、運用しながら改版を重ねています。"
        "この版までの改訂の経過は次のとおりです。\n\n"
        '<table class="gl-revisions">\n<caption>改訂の経過（新しい順）</caption>\n'
        '<thead><tr><th scope="col">版</th><th scope="col">状態</th><th scope="col">日付</th>'
        '<th scope="col">主な改訂内容</th></tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>\n\n"
        "新しい版が出ている場合は、画面上部の版の切替えから選べます。\n"
    )


def _row(edition: Edition, current: Edition) -> str:
    # Each edition is published in a sibling folder named by its id (revisions/ is one level down).
    title = escape(edition.title)
    name = (f"{title}（この版）" if edition == current
            else f'<a href="../../{escape(edition.id)}/">{title}</a>')
    return (f'<tr><th scope="row">{name}</th><td>{escape(edition.status_label)}</td>'
            f"<td>{escape(_japanese_date(edition.date))}</td><td>{escape(edition.summary)}</td></tr>")


def _japanese_date(date: str) -> str:
    """'2021-03' → '令和3年3月', '2019-05' → '令和元年5月' (Reiwa began in May 2019)."""
    year, month, *day = (int(part) for part in date.split("-"))
    era, number = ("令和", year - 2018) if (year, month) >= (2019, 5) else ("平成", year - 1988)
    return f"{era}{'元' if number == 1 else number}年{month}月" + (f"{day[0]}日" if day else "")
