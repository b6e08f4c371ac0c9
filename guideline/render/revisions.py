"""The 改訂履歴 page of an edition: the editions up to and including it.

An edition's history never names later editions, so publishing a new edition leaves the
pages of the older ones as they are (and they need no rebuild).
"""

from guideline.content.edition_dates import japanese_date
from guideline.content.editions import Edition, Manifest
from guideline.render.html import render_markdown

PAGE = "revisions.md"


def render_revision_history(manifest: Manifest, current: Edition) -> str:
    # Each edition is published in a sibling folder named by its id (revisions/ is one level down).
    return str(render_markdown(PAGE, editions=list(reversed(manifest.up_to(current))), current=current,
                               date=japanese_date))
