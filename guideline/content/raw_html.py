"""Raw HTML in the pages: only tags that show text, never anything that embeds or runs.

A page is printed into its edition's PDF and shown on the site, so HTML that loads another
document or a file (`<iframe>`, `<object>`, `file:` addresses), runs a script (`<script>`,
`onclick=`, `javascript:`) or redirects (`<meta>`) could copy local files into the
publication or act in a reader's browser. `guideline check` refuses it at its line; an
editor who needs HTML uses the tags in ALLOWED_TAGS (WRITING.md 「HTML を書くとき」).
Code (fenced blocks and code spans, as markdown_lines reads them) is text and not checked.
"""

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from guideline.content.markdown_lines import code_spans, scan

ALLOWED_TAGS = frozenset({
    "a", "abbr", "b", "br", "caption", "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "q", "s", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot",
    "th", "thead", "tr", "u", "ul",
})
# Addresses that run a script or read something other than the site: refused wherever they stand.
SCHEME = re.compile(r"^(?P<scheme>javascript|vbscript|data|file):", re.IGNORECASE)
INVISIBLE = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these inside a scheme (java\tscript:)
REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
LOADS = ("src", "srcset", "poster", "data", "background")  # attributes whose address is fetched at once
# Markdown's own ways to write an address: [text](address), [id]: address, <address>, { href=… }.
MARKDOWN_ADDRESS = re.compile(r"\]\(\s*<?(?P<inline>[^\s)>]+)|^\s*\[[^\]]+\]:\s*<?(?P<reference>\S+?)>?(?:\s|$)"
                              r"|<(?P<auto>[a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*)>")
ATTRIBUTE_LIST = re.compile(r"(?<!\{)\{:?(?P<body>[^{}]*)\}(?!\})")  # { … }, not a template's {{ … }}
ATTRIBUTE = re.compile(r"(?P<name>[^\s=\"'{}]+)\s*=\s*(?:\"(?P<double>[^\"]*)\"|'(?P<single>[^']*)'|(?P<bare>[^\s}]+))")
TAG_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
HOW_TO = "使える HTML は WRITING.md の「HTML を書くとき」を見てください"


def prose_only(markdown: str) -> str:
    """`markdown` with every code character turned into a space: same lines, same columns."""
    def blank(text: str) -> str:
        return re.sub(r"[^\n]", " ", text)
    return "".join((blank(line.text) if line.code else
                    "".join(blank(piece) if code else piece for piece, code in code_spans(line.text)))
                   + line.ending for line in scan(markdown))


def address_problem(value: str, *, loads: bool = False) -> str | None:
    """Why an address may not be written, or None."""
    address = INVISIBLE.sub("", html.unescape(value))
    scheme = SCHEME.match(address)
    if scheme:
        return (f"{scheme.group('scheme').lower()}: で始まるアドレスは使えません"
                "（スクリプトを動かしたり、サイトの外のファイルを読み込んだりするため）")
    if loads and REMOTE.match(address):
        return "ほかのサーバーから読み込むアドレスは使えません（サイトの外に接続するため）。画像は docs/ に置いてください"
    return None


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str]] = []  # (line, message)

    def handle_starttag(self, tag, attrs):
        line = self.getpos()[0]
        if not TAG_NAME.match(tag):  # <https://…> is a Markdown autolink, checked as an address
            return
        if tag not in ALLOWED_TAGS:
            self.found.append((line, f"HTML のタグ <{tag}> は使えません（ほかの文書やファイルを埋め込んだり、"
                                     f"スクリプトを動かしたりできるため）。{HOW_TO}"))
            return
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append((line, f"<{tag}> の属性 {name} は使えません（スクリプトを動かすため）"))
            elif value is not None:
                problem = address_problem(value, loads=name in LOADS)
                if problem:
                    self.found.append((line, f"<{tag} {name}>: {problem}"))

    handle_startendtag = handle_starttag


def page_problems(markdown: str) -> list[tuple[int, str]]:
    """(line, message) for each piece of HTML or address on the page that may not be written."""
    prose = prose_only(markdown)
    tags = _Tags()
    tags.feed(prose)
    tags.close()
    found = list(tags.found)
    for number, row in enumerate(prose.splitlines(), start=1):
        found += [(number, problem) for problem in _markdown_problems(row)]
    return sorted(set(found))


def _markdown_problems(row: str) -> list[str]:
    found = []
    for match in MARKDOWN_ADDRESS.finditer(row):
        address = match.group("inline") or match.group("reference") or match.group("auto")
        problem = address_problem(address)
        if problem:
            found.append(f"リンク {address[:40]}: {problem}")
    for match in ATTRIBUTE_LIST.finditer(row):
        for attribute in ATTRIBUTE.finditer(match.group("body")):
            name = attribute.group("name").lower()
            value = attribute.group("double") or attribute.group("single") or attribute.group("bare") or ""
            if name.startswith("on"):
                found.append(f"{{ }} の属性 {name} は使えません（スクリプトを動かすため）")
            elif address_problem(value, loads=name in LOADS):
                found.append(f"{{ }} の属性 {name}: {address_problem(value, loads=name in LOADS)}")
    return found


def problems(docs_dir: Path) -> list[str]:
    """`docs/page.md:line: message` for every page under `docs_dir`."""
    docs_dir = Path(docs_dir)
    found = []
    for page in sorted(docs_dir.rglob("*.md")):
        shown = f"{docs_dir.name}/{page.relative_to(docs_dir).as_posix()}"
        found += [f"{shown}:{line}: {message}" for line, message in page_problems(page.read_text(encoding="utf-8"))]
    return found
