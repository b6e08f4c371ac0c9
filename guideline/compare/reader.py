"""A page's text as a reader sees it, in blocks: what editions are compared on.

Macros are replaced by the text they show (from that edition's own data), one block a line,
each keeping the item it shows (`DataLine`); Markdown syntax is dropped, list items get the
numbering the site shows (ア, イ … and (ア), (イ) …).
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from guideline.content import data
from guideline.content.markdown_lines import CLOSING, OPENING, map_prose, scan
from guideline.content.pages import HEADING, DocsIndex
from guideline.render.blocks import CALL, PAGE_MACROS, Context, block, check_argument

KATAKANA = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン"
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>\d+\.|[-*+])\s+(?P<text>.*)$")
ADMONITION = re.compile(r'^!!!\s+\w+(?:\s+"(?P<title>[^"]*)")?\s*$')
LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?)(?<=\S)\1")
TAG = re.compile(r"<[^>]+>")
ATTRIBUTES = re.compile(r"\s*\{[^}]*\}\s*$")
# Where a data block's line stands in the expanded page, until the page is cut into blocks:
# characters of Unicode's private use area, which no page contains.
PLACEHOLDER = re.compile("\ue000([0-9]+)\ue001")
# The numbering `sections` gives a list item, at its depth: ア　, (ア)　, ・　.
ITEM_LABEL = re.compile(rf"^　*(?:[{KATAKANA}]|\([{KATAKANA}]\)|・)　")


@dataclass
class Section:
    key: str          # the explicit anchor, else the heading text
    heading: str
    level: int
    blocks: list = field(default_factory=list)
    anchor: str = ""  # the explicit `{ #id }`, the same in every edition


_loaded: dict[tuple[str, bytes], object] = {}  # (kind, the file's bytes) -> its data: editions share most data files


def _data_of(docs_dir: Path, kind: str, *, docs: DocsIndex):
    """A data file's contents, parsed and checked once for the same bytes: its values do not
    depend on the tree, and parsing is most of the cost of comparing many editions."""
    path = Path(docs_dir) / data.DATA_DIR / f"{kind}.yml"
    key = (kind, path.read_bytes() if path.is_file() else b"")
    if key not in _loaded:
        if len(_loaded) > 200:  # a long preview session saves the data again and again
            _loaded.clear()
        _loaded[key] = data.load_one(docs_dir, kind, docs=docs).data
    return _loaded[key]


def _expand(markdown: str, docs_dir: Path, *, page: str, docs: DocsIndex | None = None) -> tuple[str, list]:
    """The page with each block's call replaced by a paragraph a line, each a placeholder for
    that line in the list returned beside it (from that tree's own data); `docs` may be the
    tree's index, shared by its pages."""
    docs, loaded, found = docs or DocsIndex(docs_dir), {}, []

    def lines(match: re.Match) -> str:
        name, argument = match.group(1), match.group(2)
        if name in PAGE_MACROS:  # not the page's text: what the edition says of itself
            return ""
        chosen = block(name, page=page)
        check_argument(chosen, argument, page=page)
        if chosen.kind not in loaded:
            loaded[chosen.kind] = _data_of(docs_dir, chosen.kind, docs=docs)
        shown = chosen.lines(loaded[chosen.kind], Context(page=page, docs=docs), argument)
        found.extend(shown)
        return "\n\n".join(f"\ue000{len(found) - len(shown) + n}\ue001" for n in range(len(shown)))

    return map_prose(markdown, lambda prose: CALL.sub(lines, prose)), found


def _restore(text: str, lines: list | tuple) -> str:
    return PLACEHOLDER.sub(lambda match: lines[int(match.group(1))], text)


def expand_macros(markdown: str, docs_dir: Path, *, page: str) -> str:
    """Each block's macro call replaced by its lines, from that tree's own data."""
    return _restore(*_expand(markdown, docs_dir, page=page))


def plain(text: str) -> str:
    text = ATTRIBUTES.sub("", text)
    text = LINK.sub(r"\1", text)
    text = EMPHASIS.sub(r"\2", text)
    return TAG.sub("", text).strip()


def list_label(marker: str, depth: int, number: int) -> str:
    if not marker[0].isdigit():
        return "・"
    letter = KATAKANA[number % len(KATAKANA)]
    return letter if depth == 0 else f"({letter})"


def sections(markdown: str, *, lines: list | tuple = ()) -> list:
    """The page cut at its headings; each section's text as a list of blocks. A paragraph
    that is a placeholder of `lines` is that line, as the data block gave it."""
    markdown = FRONT_MATTER.sub("", markdown)
    result = [Section(key="", heading="", level=0)]
    paragraph: list[str] = []
    counters: dict[int, int] = {}
    fence_lines: list[str] = []

    def flush():
        if paragraph:
            text = " ".join(paragraph)
            alone = PLACEHOLDER.fullmatch(text)
            result[-1].blocks.append(lines[int(alone.group(1))] if alone else plain(_restore(text, lines)))
            paragraph.clear()

    for scanned in scan(markdown):
        line = scanned.text
        if scanned.code:  # a code block is one block, shown as written
            if scanned.fence == OPENING:
                flush()
            fence_lines.append(line)
            if scanned.fence == CLOSING:
                result[-1].blocks.append("\n".join(fence_lines))
                fence_lines = []
            continue
        heading = HEADING.match(line)
        item = LIST_ITEM.match(line)
        if heading:
            flush()
            ids = re.findall(r"#([A-Za-z0-9_-]+)", heading.group(3) or "")
            text = plain(heading.group(2))
            result.append(Section(key=ids[0] if ids else text, heading=text, level=len(heading.group(1)),
                                  anchor=ids[0] if ids else ""))
            counters = {}
        elif item:
            flush()
            depth = len(item.group("indent")) // 4
            counters = {d: n for d, n in counters.items() if d <= depth}
            number = counters.get(depth, -1) + 1
            counters[depth] = number
            label = list_label(item.group("marker"), depth, number)
            paragraph.append(f"{'　' * depth}{label}　{item.group('text').strip()}")
        elif not line.strip():
            flush()
        elif line.lstrip().startswith("|"):
            flush()
            cells = [plain(cell) for cell in line.strip().strip("|").split("|")]
            if not all(set(cell) <= set("-: ") for cell in cells):
                result[-1].blocks.append("｜".join(cells))
        elif admonition := ADMONITION.match(line):
            flush()
            title = admonition.group("title")
            if title:
                result[-1].blocks.append(f"【{title}】")
        else:
            if not paragraph and not line.startswith(" "):
                counters = {}  # a paragraph at the margin ends the list
            paragraph.append(line.strip())
    flush()
    if fence_lines:
        result[-1].blocks.append("\n".join(fence_lines))
    return [section for section in result if section.heading or section.blocks]


def page_sections(docs_dir: Path, src: str, *, docs: DocsIndex | None = None) -> list:
    markdown = (Path(docs_dir) / src).read_text(encoding="utf-8")
    expanded, lines = _expand(markdown, docs_dir, page=src, docs=docs)
    return sections(expanded, lines=lines)
