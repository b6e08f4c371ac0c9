"""`make preview` (mkdocs serve) has no search index: the box says so and how to get one,
and the page asks for nothing that only a published site has (versions.json, pagefind.js)."""

import os
import subprocess
import sys
import time
import urllib.request

from helpers import PROJECT, free_port


def test_preview_explains_there_is_no_search_and_asks_for_no_missing_files():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        html = None
        for _ in range(240):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/guideline/07-staff/") as response:
                    html = response.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert html is not None, "mkdocs serve did not answer"
    assert "プレビュー（make preview）には検索用の索引がありません。検索を試すには make serve" in html
    assert '"version": null' in html  # else the theme's version selector fetches versions.json
