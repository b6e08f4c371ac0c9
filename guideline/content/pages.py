"""Where pages end up and what they can be linked to, read from Markdown sources.

Paths are docs-relative sources ("guideline/04-preparation.md"); the site uses
directory URLs ("guideline/04-preparation/").
"""

import posixpath
import re
import unicodedata
from pathlib import Path

from guideline.content.markdown_lines import code_spans, prose_lines

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{([^}]*)\})?\s*$")
ATTR_ID = re.compile(r"#([A-Za-z0-9_-]+)")
CHAPTER_NUMBER = re.compile(r"^(\d+)\s")
# Any id a page's text gives an element: `{ #id }` (attr_list) or id="…" in HTML.
ATTR_LIST = re.compile(r"\{:?[^{}]*?#([A-Za-z0-9_-]+)[^{}]*\}")
HTML_ID = re.compile(r"""\bid\s*=\s*["']([^"']+)["']""")
# Where a link's target is written: [text](target "title"), [name]: target, href="…"/src="…".
INLINE_LINK = re.compile(r"\]\(\s*(?:<(?P<angled>[^>]*)>|(?P<plain>[^\s)]+))(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?:<(?P<angled>[^>]*)>|(?P<plain>\S+))")
HTML_LINK = re.compile(r"""<(?:a|img)\b[^>]*?\b(?:href|src)\s*=\s*["'](?P<plain>[^"']*)["']""", re.I)


def page_url(src: str) -> str:
    stem = src[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_href(from_src: str, to_src: str, anchor: str = "") -> str:
    fragment = f"#{anchor}" if anchor else ""
    if from_src == to_src and fragment:
        return fragment
    here, there = page_url(from_src), page_url(to_src)
    path = posixpath.relpath(there or ".", here or ".")
    return ("./" if path == "." else path + "/") + fragment


def headings(markdown: str):
    """Yield (level, text, id) for each Markdown heading outside code fences."""
    for _, level, text, anchor in numbered_headings(markdown):
        yield level, text, anchor


def numbered_headings(markdown: str):
    """Yield (line number, level, text, id) for each Markdown heading outside code fences."""
    for line in prose_lines(markdown):
        number, match = line.number, HEADING.match(line.text)
        if match:
            ids = ATTR_ID.findall(match.group(3) or "")
            yield number, len(match.group(1)), match.group(2), ids[0] if ids else None


def anchors(markdown: str) -> set:
    """Every id the page's text gives: explicit ones, and those the generator makes for
    headings without one (Python-Markdown's toc: ASCII slugs, made unique with _1, _2…)."""
    found: set = set()
    for line in prose_lines(markdown):
        text = _without_code(line.text)
        found.update(ATTR_LIST.findall(text))
        found.update(HTML_ID.findall(text))
    for _, text, anchor in headings(markdown):
        if anchor is None:
            found.add(_unique(_slug(text), found))
    return found


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", ascii_text).strip().lower())


def _unique(slug: str, used: set) -> str:
    candidate, number = slug, 0
    while candidate in used or not candidate:
        number += 1
        candidate = f"{slug}_{number}"
    return candidate


def links(markdown: str):
    """Yield (line number, target as written) for each link and image of the page's text."""
    for line in prose_lines(markdown):
        text = _without_code(line.text)
        for pattern in (INLINE_LINK, REFERENCE, HTML_LINK):
            for found in pattern.finditer(text):
                target = found.group("plain") if found.group("plain") is not None else found.group("angled")
                yield line.number, target


def _without_code(text: str) -> str:
    """The line with its code spans blanked: an example of a link is not a link."""
    return "".join(" " * len(piece) if code else piece for piece, code in code_spans(text))


class DocsIndex:
    """The pages under docs/ and the explicit anchors each one declares."""

    def __init__(self, docs_dir: Path):
        self.docs_dir = Path(docs_dir)
        self._sections: dict = {}
        self._titles: dict = {}
        self._anchors: dict = {}

    def exists(self, src: str) -> bool:
        return (self.docs_dir / src).is_file()

    def sections(self, src: str) -> dict:
        """Anchor → heading text of one page (explicit `{ #id }` anchors only)."""
        if src not in self._sections:
            markdown = (self.docs_dir / src).read_text(encoding="utf-8")
            self._sections[src] = {anchor: text for _, text, anchor in headings(markdown) if anchor}
        return self._sections[src]

    def anchors(self, src: str) -> set:
        """Every id on one page: what a link's #fragment may name."""
        if src not in self._anchors:
            self._anchors[src] = anchors((self.docs_dir / src).read_text(encoding="utf-8"))
        return self._anchors[src]

    def title(self, src: str) -> str:
        if src not in self._titles:  # asked for each row that links the page: read it once
            markdown = (self.docs_dir / src).read_text(encoding="utf-8")
            self._titles[src] = next((text for level, text, _ in headings(markdown) if level == 1), src)
        return self._titles[src]

    def link_problem(self, link: str) -> str | None:
        """Why `link` ("page.md#anchor", docs-relative) cannot be followed, or None."""
        src, _, anchor = link.partition("#")
        if not src.endswith(".md"):
            return f"'{link}' は docs/ からの .md ファイルへのリンクではありません"
        if not self.exists(src):
            return f"'{link}' のページ docs/{src} がありません"
        if anchor and anchor not in self.sections(src):
            return f"'{link}' の見出し #{anchor} が docs/{src} にありません"
        return None

    def label(self, link: str) -> str:
        """A short reader-facing name of a link target, e.g. "4 ⑴ 申請と承認"."""
        src, _, anchor = link.partition("#")
        title = self.title(src)
        if not anchor:
            return title
        number = CHAPTER_NUMBER.match(title)
        section = self.sections(src)[anchor]
        return f"{number.group(1)} {section}" if number else section
