"""Japanese full-text search: a Pagefind index of a built site, made at build time, and
the word families of the terms dictionary beside it for the search box.

Pagefind's extended build segments Japanese, so natural queries such as 「服装は」 or
「公務災害の取扱い」 find their pages; the index is static files, fetched from the site itself.

One Pagefind process (its service mode, as its Python and Node.js APIs use it) indexes any
number of sites: loading its Japanese dictionary is most of the cost of a small site, so
publishing indexes every edition it built with one process, and a build starts the process
early (`warm_up`) so that the dictionary loads while the pages are written.
"""

import base64
import json
import os
import subprocess
import tempfile
from pathlib import Path

from guideline import processes
from guideline.content.terms import search_families
from guideline.errors import GuidelineError
from guideline.outputs import write_output

INDEX_DIR = "pagefind"
TERMS_FILE = "terms.json"
# Pagefind's ready-made search interfaces; the site has its own in the header.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
CONFIG = {"force_language": "ja", "exclude_selectors": [".headerlink"]}
# A page of Japanese text, indexed and thrown away: it makes Pagefind load its dictionary.
WARM_UP = '<!DOCTYPE html><html lang="ja"><body><p>在宅勤務の服装</p></body></html>'
END = b","  # the service reads and writes base64-encoded JSON messages, each ended by a comma


def pagefind_executable() -> Path:
    from pagefind.service import get_executable  # the extended build first: it segments Japanese
    found = get_executable()
    if found is None:
        raise GuidelineError("検索用の索引を作る Pagefind が見つかりません（make install で入ります）")
    return Path(found)


def build_search_index(site_dir: Path, *, terms: list) -> Path:
    """The index of one site (and its terms file), made by a Pagefind process of its own."""
    with SearchIndexer() as indexer:
        return indexer.index(site_dir, terms=terms)


class SearchIndexer:
    """One Pagefind process, from `with` to its end; `index` may be called for many sites."""

    def __init__(self) -> None:
        self._child: subprocess.Popen | None = None
        self._log = tempfile.TemporaryFile()
        self._buffer = b""
        self._sent = 0

    def __enter__(self) -> "SearchIndexer":
        return self.start()

    def __exit__(self, kind, error, trace) -> None:
        self.close(failed=error is not None)

    def start(self) -> "SearchIndexer":
        self._child = processes.start([str(pagefind_executable()), "--service"], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=self._log)
        return self

    def close(self, *, failed: bool = False) -> None:
        """Let the process finish (it ends when its input does), or stop it after a failure."""
        child, self._child = self._child, None
        try:
            if child is not None and not failed:
                assert child.stdin is not None
                child.stdin.close()
                child.wait()
            elif child is not None:
                with processes.deferred_signals():
                    processes.stop(child)
        finally:
            self._log.close()

    def warm_up(self) -> None:
        """Have Pagefind load its dictionary now, without waiting for it."""
        index = self._ask({"type": "NewIndex", "config": CONFIG})["index_id"]
        self._send({"type": "AddFile", "index_id": index, "url": "/", "file_contents": WARM_UP, "file_path": None})
        self._send({"type": "DeleteIndex", "index_id": index})  # the answers are read, and skipped, later

    def index(self, site_dir: Path, *, terms: list) -> Path:
        """Index the built site `site_dir` into its folder pagefind/, with the terms file."""
        site_dir = Path(site_dir).resolve()
        index = self._ask({"type": "NewIndex", "config": CONFIG})["index_id"]
        self._ask({"type": "AddDir", "index_id": index, "path": str(site_dir), "glob": None}, site=site_dir)
        self._ask({"type": "WriteFiles", "index_id": index, "output_path": str(site_dir / INDEX_DIR)},
                  site=site_dir)
        self._ask({"type": "DeleteIndex", "index_id": index})
        return finish_index(site_dir, terms=terms)

    def _ask(self, payload: dict, *, site: Path | None = None) -> dict:
        sent = self._send(payload)
        while True:
            answer = self._receive(site=site)
            if answer.get("message_id") == sent:
                return answer["payload"]

    def _send(self, payload: dict) -> int:
        child = self._running()
        self._sent += 1
        message = json.dumps({"message_id": self._sent, "payload": payload}).encode("utf-8")
        assert child.stdin is not None
        try:
            child.stdin.write(base64.b64encode(message) + END)
            child.stdin.flush()
        except BrokenPipeError:
            raise self._failure(None) from None
        return self._sent

    def _receive(self, *, site: Path | None) -> dict:
        child = self._running()
        assert child.stdout is not None
        while END not in self._buffer:
            chunk = os.read(child.stdout.fileno(), 1 << 16)
            if not chunk:
                raise self._failure(site)
            self._buffer += chunk
        message, self._buffer = self._buffer.split(END, 1)
        answer = json.loads(base64.b64decode(message))
        payload = answer.get("payload") or {}
        if payload.get("type") == "Error":
            raise self._failure(site, payload.get("message", ""))
        return answer

    def _running(self) -> subprocess.Popen:
        if self._child is None:
            raise GuidelineError("検索用の索引を作る Pagefind が動いていません")
        return self._child

    def _failure(self, site: Path | None, message: str = "") -> GuidelineError:
        self._log.seek(0)
        said = (message or self._log.read().decode("utf-8", "replace")).strip()
        where = f"（{site}）" if site else ""
        return GuidelineError(f"検索用の索引を作れませんでした{where}:\n{said or 'Pagefind が途中で止まりました'}")


def finish_index(site_dir: Path, *, terms: list) -> Path:
    """Drop Pagefind's own search interfaces and write the terms file beside the index."""
    index = Path(site_dir) / INDEX_DIR
    for pattern in UNUSED:
        for path in index.glob(pattern):
            path.unlink()
    write_output(index / TERMS_FILE, json.dumps({"families": search_families(terms)}, ensure_ascii=False))
    return index
