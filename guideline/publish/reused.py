"""The 新旧対照表 files of a pair that the published branch already holds, made from the same
inputs: copied from there instead of made again.

An edition is built again when anything it shows changed: a new edition released before the
draft changes the draft's list of editions to compare with, though not its text. Its pair with
an edition that did not change is then the same document as before. Each published edition
records, in RECORD, what each of its pairs' files were made from, as one digest (`key`): the
printed text and its style, the rows of the Word file, the titles and the issuer, the
package's code and the Chromium that printed. A pair whose key is recorded is copied.
"""

import functools
import hashlib
import json
from pathlib import Path

from guideline.documents.chromium import chromium_path
from guideline.documents.rows import tables
from guideline.outputs import write_output
from guideline.publish import git_utils

RECORD = "comparison-files.json"  # in each edition's site: document name → {"key", "pages"}
PACKAGE = Path(__file__).resolve().parents[1]
SUFFIXES = (".pdf", ".docx")


def key(documents, job) -> str:
    """The digest of everything a pair's PDF and Word file are made from (`job`: its print)."""
    digest = hashlib.sha256(_code().encode())
    for part in (job.html or "", job.style, documents.new_title, documents.old_title, repr(documents.imprint),
                 repr(tables(documents.comparisons))):
        digest.update(part.encode("utf-8") + b"\0")
    return digest.hexdigest()


@functools.cache
def _code() -> str:
    """The package's files, and the Chromium that prints (its size and time stand for its version)."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if "__pycache__" not in path.parts and path.is_file() and not path.is_symlink():
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    chromium = chromium_path()
    found = chromium.stat() if chromium.is_file() else None
    digest.update(f"{chromium}\0{found.st_size if found else 0}\0{found.st_mtime_ns if found else 0}".encode())
    return digest.hexdigest()


class Published:
    """What the branch at `head` holds of each edition's pairs (nothing when `head` is None)."""

    def __init__(self, head: str | None, *, project_dir: Path):
        self.head, self.project_dir = head, project_dir
        self.records: dict = {}

    def copy(self, edition_id: str, documents, made_from: str) -> bool:
        """Put the pair's published files into its store, if they were made from `made_from`."""
        entry = self._record(edition_id).get(documents.name)
        if not isinstance(entry, dict) or entry.get("key") != made_from or not isinstance(entry.get("pages"), int):
            return False
        found = {suffix: git_utils.read_bytes(self.head, f"{edition_id}/{documents.folder}{documents.name}{suffix}",
                                              cwd=self.project_dir) for suffix in SUFFIXES}
        files = {suffix: data for suffix, data in found.items() if data is not None}
        if len(files) != len(SUFFIXES):
            return False
        for suffix, data in files.items():
            write_output(documents.path(suffix), data)
        documents.pdf_pages = entry["pages"]
        return True

    def _record(self, edition_id: str) -> dict:
        if edition_id not in self.records:
            text = git_utils.read_bytes(self.head, f"{edition_id}/{RECORD}", cwd=self.project_dir)
            try:
                record = json.loads(text) if text else {}
            except ValueError:  # damaged: every pair is made again
                record = {}
            self.records[edition_id] = record if isinstance(record, dict) else {}
        return self.records[edition_id]


def write_record(site: Path, made_from: dict) -> None:
    """Record each pair's key and page count in the edition's site (pairs with a PDF only)."""
    write_output(Path(site) / RECORD, json.dumps(made_from, sort_keys=True))
