"""The 改訂履歴 page of an edition: the editions up to and including it.

An edition's history never names later editions, so publishing a new edition leaves the
pages of the older ones as they are (and they need no rebuild).
"""

from pathlib import Path

from jinja2 import Environment, FileSystemLoader

from guideline.content.editions import Edition, Manifest
from guideline.render.plaintext import as_text

PAGE = "revisions.md"
TEMPLATES = Path(__file__).with_name("templates")


def render_revision_history(manifest: Manifest, current: Edition) -> str:
    # Each edition is published in a sibling folder named by its id (revisions/ is one level down).
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True,
                              finalize=as_text)
    return environment.get_template(PAGE).render(
        editions=list(reversed(manifest.up_to(current))), current=current, date=japanese_date)


def japanese_date(date: str) -> str:
    """'2021-03' → '令和3年3月', '2019-05' → '令和元年5月' (Reiwa began in May 2019)."""
    year, month, *day = (int(part) for part in date.split("-"))
    reiwa = (year, month) >= (2019, 5)
    number = year - 2018 if reiwa else year - 1988
    era = ("令和" if reiwa else "平成") + ("元" if number == 1 else str(number)) + "年"
    return era + f"{month}月" + (f"{day[0]}日" if day else "")
