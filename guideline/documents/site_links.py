"""Links to a built page's downloads, put under its title once the files exist.

A link is written only after its file is, so no page links a missing file; writing it
again replaces the one an earlier run wrote.
"""

import re
from pathlib import Path

from guideline.outputs import write_output

TITLE_END = "</h1>"


def put_under_title(page: Path, snippet: str, *, replacing: re.Pattern) -> bool:
    """`snippet` right after the page's first heading, instead of what `replacing` finds;
    False (and nothing written) for a page without a heading."""
    html = replacing.sub("", page.read_text(encoding="utf-8"))
    at = html.find(TITLE_END)
    if at < 0:
        return False
    at += len(TITLE_END)
    write_output(page, html[:at] + "\n" + str(snippet) + html[at:])
    return True
