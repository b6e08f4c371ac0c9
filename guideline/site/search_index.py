"""Japanese full-text search: a Pagefind index of a built site, made at build time, and
the word families of the terms dictionary beside it for the search box.

Pagefind's extended build segments Japanese, so natural queries such as 「服装は」 or
「公務災害の取扱い」 find their pages; the index is static files, fetched from the site itself.
"""

import json
import sys
from pathlib import Path

from guideline import processes
from guideline.errors import GuidelineError
from guideline.outputs import write_output
from guideline.content.terms import search_families

INDEX_DIR = "pagefind"
TERMS_FILE = "terms.json"
# Pagefind's ready-made search interfaces; the site has its own in the header.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")


def build_search_index(site_dir: Path, *, terms: list) -> Path:
    result = processes.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", INDEX_DIR,
         "--force-language", "ja", "--exclude-selectors", ".headerlink", "--quiet"])
    if result.returncode != 0:
        said = (result.stderr or result.stdout).decode("utf-8", "replace").strip()
        raise GuidelineError(f"検索用の索引を作れませんでした（{site_dir}）:\n{said}")
    index = Path(site_dir) / INDEX_DIR
    for pattern in UNUSED:
        for path in index.glob(pattern):
            path.unlink()
    write_output(index / TERMS_FILE, json.dumps({"families": search_families(terms)}, ensure_ascii=False))
    return index
