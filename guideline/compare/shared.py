"""The comparisons every edition of one publish (or one build) shares.

Each edition's docs/ is exported once, each page is read once for each content it has
(editions share most pages word for word), each pair of editions is compared once, and
the sections an already published edition revised are taken from what it published
instead of comparing it again with the edition before it.
"""

import hashlib
from collections.abc import Callable
from pathlib import Path

from guideline.compare.pairing import compare_trees
from guideline.compare.reader import page_sections
from guideline.content.pages import DocsIndex, headings
from guideline.layout import DATA
from guideline.render.blocks import CALL


def _no_record(edition) -> list | None:
    return None


class Comparer:
    """`export(editions)` gives the docs/ folder of each edition of a list (edition id → folder);
    `published(edition)` the sections an edition revised as it recorded them when it was
    published (None: compare it again)."""

    def __init__(self, *, export: Callable, published: Callable = _no_record):
        self._export, self._published = export, published
        self._docs: dict = {}
        self._shapes: dict = {}
        self._headings: dict = {}
        self._indexes: dict = {}
        self._sections: dict = {}
        self._pairs: dict = {}
        self._revised: dict = {}

    def given(self, edition, docs: Path) -> None:
        """Use `docs` as `edition`'s content (the folder a build reads)."""
        self._docs[edition.id] = Path(docs)

    def prepare(self, editions: list) -> None:
        """Export the editions not exported yet, all at once."""
        missing = [edition for edition in editions if edition.id not in self._docs]
        if missing:
            self._docs.update({edition_id: Path(docs) for edition_id, docs in self._export(missing).items()})

    def docs(self, edition) -> Path:
        self.prepare([edition])
        return self._docs[edition.id]

    def compare(self, old, new) -> list:
        """`compare_trees` of the two editions, made once."""
        key = (old.id, new.id)
        if key not in self._pairs:
            self._pairs[key] = compare_trees(self.docs(old), self.docs(new), read=self._read)
        return self._pairs[key]

    def revised(self, edition, previous) -> list:
        """[page, section anchor, row id, added] for each section `edition` revised from `previous`."""
        if edition.id not in self._revised:
            recorded = self._published(edition)
            self._revised[edition.id] = (recorded if recorded is not None
                                         else revised_sections(self.compare(previous, edition)))
        return self._revised[edition.id]

    def _read(self, docs: Path, src: str) -> list:
        """`page_sections`, once for each content of a page: a page without macros reads the
        same from the same text in any edition; one with macros also depends on the data and
        on the headings of the pages it may name, so on the tree's shape as well."""
        docs = Path(docs)
        text = (docs / src).read_bytes()
        key: tuple = (src, text)
        if CALL.search(text.decode("utf-8", "replace")):
            key += (self._shape(docs),)
        if key not in self._sections:
            if docs not in self._indexes:
                self._indexes[docs] = DocsIndex(docs)
            self._sections[key] = page_sections(docs, src, docs=self._indexes[docs])
        return self._sections[key]

    def _shape(self, docs: Path) -> str:
        """What a macro may read besides its page: the data files, and every page's path and headings."""
        if docs not in self._shapes:
            digest = hashlib.sha256()
            for path in sorted(docs.rglob("*")):
                relative = path.relative_to(docs).as_posix()
                if path.is_file() and relative.startswith(f"{DATA}/"):
                    digest.update(relative.encode() + b"\0" + path.read_bytes() + b"\0")
                elif path.suffix == ".md" and path.is_file():
                    digest.update(relative.encode() + b"\0" + self._titles(path.read_bytes()) + b"\0")
            self._shapes[docs] = digest.hexdigest()
        return self._shapes[docs]


    def _titles(self, text: bytes) -> bytes:
        """A page's headings, read once for each content."""
        if text not in self._headings:
            self._headings[text] = repr(list(headings(text.decode("utf-8")))).encode()
        return self._headings[text]


def revised_sections(comparisons: list) -> list:
    """The sections a comparison with the edition before shows as revised, as recorded."""
    return [[comparison.src, anchor, f"{comparison.anchor}-{anchor}", how == "added"]
            for comparison in comparisons for anchor, how in comparison.changed_sections]
