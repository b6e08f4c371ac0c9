"""Work a build leaves for `guideline publish`, which does it for every edition at once.

Under publish, DEFER_VARIABLE names a file of the build's own. A hook writes into it what it
would otherwise do itself, as soon as it knows (indexing the site for search, printing its
PDF, the 新旧対照表 files of its comparison pages); publishing reads the file while the build
runs, so that Pagefind and Chromium start early, once for all editions.
"""

import json
import os
from collections.abc import Mapping
from pathlib import Path

from guideline.layout import DEFER_VARIABLE

SEARCH_INDEX = "search_index"    # {"terms": the terms list}
EDITION_PDF = "edition_pdf"      # the edition as its PDF names it (documents.edition_pdf.Edition.details)
# {"older": ids of the editions the build has 版を比べる pages for, "imprint": whose the files are}
COMPARISON_FILES = "comparison_files"


def requests_file(environ: Mapping[str, str] = os.environ) -> Path | None:
    """Where this build leaves its work, or None when the build does its work itself."""
    named = environ.get(DEFER_VARIABLE)
    return Path(named) if named else None


def request(kind: str, details: dict, *, environ: Mapping[str, str] = os.environ) -> None:
    """Leave `kind` of work, with what it needs, for the publish that runs this build."""
    path = requests_file(environ)
    if path is None:
        raise ValueError(f"{DEFER_VARIABLE} がありません")
    requests = {**requests_of(path), kind: details}
    written = path.with_name(path.name + ".new")
    written.write_text(json.dumps(requests, ensure_ascii=False), encoding="utf-8")
    written.replace(path)  # publishing reads it meanwhile: whole or not at all


def requests_of(path: Path) -> dict:
    """The work a build has left so far (kind → details)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
