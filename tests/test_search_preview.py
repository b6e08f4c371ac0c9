"""`make preview` (mkdocs serve) has no search index: the box says so and how to get one,
and the page asks for nothing that only a published site has (versions.json, pagefind.js)."""

import os
import subprocess
import sys
import urllib.request

import pytest

from helpers import PROJECT, TIMEOUT, free_port, wait_until


@pytest.mark.build  # mkdocs serve
def test_preview_explains_there_is_no_search_and_asks_for_no_missing_files():
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=PROJECT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/guideline/07-staff/", timeout=TIMEOUT) as response:
                return response.read().decode("utf-8")
        except OSError:
            return None  # not serving yet
    try:
        html = wait_until(page, what="mkdocs serve answers", process=server)
    finally:
        server.terminate()
        server.wait(timeout=TIMEOUT)
    assert "プレビュー（make preview）には検索用の索引がありません。検索を試すには make serve" in html
    assert '"version": null' in html  # else the theme's version selector fetches versions.json
