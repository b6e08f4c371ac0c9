"""The pages' own mistakes, read from their sources: every relative link and anchor, and ids
given twice. `guideline check` and the preview report these at the line the editor wrote;
the site generator's log is read only for what it alone knows (macros, generated pages).
"""

import posixpath
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from guideline.content.pages import DocsIndex, links, numbered_headings
from guideline.content.unconfirmed import LIST_PAGE
from guideline.layout import DATA
from guideline.suggest import hint

EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.-]*:|//)")  # https:, mailto:, //host


@dataclass(frozen=True)
class Problem:
    page: str      # docs-relative source, "guideline/09-costs.md"
    line: int
    message: str
    link: str = ""  # the link as written, when the problem is a link

    def shown(self, docs: str) -> str:
        return f"{docs}/{self.page}:{self.line}: {self.message}"


def page_sources(docs_dir: Path) -> list:
    """The pages the site is made from (docs/data holds data, not pages)."""
    docs_dir = Path(docs_dir)
    return sorted(path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")
                  if path.relative_to(docs_dir).parts[0] != DATA)


def problems(docs_dir: Path, *, generated=()) -> list:
    """Each page's ids given twice and links that lead nowhere, in page order.
    `generated` are the pages the build adds (改訂履歴…): they exist, their anchors are unknown."""
    checker = _Checker(Path(docs_dir), set(generated) | {LIST_PAGE})  # every edition lists its marks
    found: list = []
    for page in page_sources(docs_dir):
        markdown = (Path(docs_dir) / page).read_text(encoding="utf-8")
        mine = duplicate_ids(page, markdown) + [problem for line, target in links(markdown)
                                                if (problem := checker.check(page, line, target)) is not None]
        found += sorted(mine, key=lambda problem: problem.line)
    return found


def duplicate_ids(page: str, markdown: str) -> list:
    """An id given twice on one page (`{ #contact }`): links would reach only the first."""
    seen: dict = {}
    found = []
    for line, _, _, anchor in numbered_headings(markdown):
        if anchor in seen:
            found.append(Problem(page, line, f"見出しの ID #{anchor} は {seen[anchor]} 行目でも使われています。"
                                             "別の ID にしてください"))
        elif anchor:
            seen[anchor] = line
    return found


class _Checker:
    def __init__(self, docs_dir: Path, generated: set):
        self.docs = DocsIndex(docs_dir)
        self.pages = set(page_sources(docs_dir))
        self.generated = generated

    def check(self, page: str, line: int, target: str) -> Problem | None:
        reason = self.reason(page, target)
        return Problem(page, line, reason, link=target) if reason else None

    def reason(self, page: str, target: str) -> str | None:
        if not target or EXTERNAL.match(target):
            return None
        path, _, anchor = unquote(target.split("?", 1)[0]).partition("#")
        if path.startswith("/"):
            return f"/ で始まるリンクは使えません。ページからの相対パスで書いてください: {target}"
        linked = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
        if path and (path.endswith("/") or not posixpath.splitext(path)[1]) and not self._is_file(linked):
            return self._unrecognized(page, target, linked)  # a site address, not a file
        if linked.startswith("../") or not (linked in self.pages or linked in self.generated
                                            or (not linked.endswith(".md") and self._is_file(linked))):
            return f"リンク先のページがありません: {target}" + hint(path, self._written(page), what="近いページ", mark="")
        if anchor and linked in self.pages and anchor not in self.docs.anchors(linked):
            return f"リンク先の見出し（アンカー）がありません: {target}" + hint(anchor, self.docs.sections(linked))
        return None

    def _unrecognized(self, page: str, target: str, linked: str) -> str:
        """`05-during/` or `05-during`: the site's address of a page, not its file."""
        stem = linked.rstrip("/") or "index"
        for candidate in (f"{stem}.md", f"{stem}/index.md"):
            if candidate in self.pages:
                written = posixpath.relpath(candidate, posixpath.dirname(page) or ".")
                return f"リンク先は .md のファイル名で書いてください（{written}）: {target}"
        return f"リンク先は .md のファイル名で書いてください: {target}"

    def _is_file(self, linked: str) -> bool:
        """A picture or document under docs/ (not docs/data, which the site leaves out)."""
        if linked.startswith("../") or linked.split("/", 1)[0] == DATA:
            return False
        return (self.docs.docs_dir / linked).is_file()

    def _written(self, page: str) -> list:
        """Every page as a link from `page` would name it."""
        here = posixpath.dirname(page) or "."
        return [posixpath.relpath(other, here) for other in sorted(self.pages | self.generated)]
