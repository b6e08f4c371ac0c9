"""A Markdown page's lines, each known to be prose or fenced code, with its line number.

The one place that knows where code fences start and end, for everything that reads
page sources (anchors, the print page, the 新旧対照表, template protection, check's line
lookup). Fences follow the Markdown the site uses (pymdownx.superfences): three or more
backticks or tildes, at any indentation (a fence may sit in a list item); the fence closes
at a line of the same character, at least as long, and nothing else. An unclosed fence
runs to the end of the page. Backticks inside code spans are code too (`code_spans`).
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

FENCE_OPEN = re.compile(r"^[ \t]*(?P<fence>`{3,}(?=[^`]*$)|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
OPENING, CLOSING = "opening", "closing"


@dataclass(frozen=True)
class Line:
    number: int        # 1-based, as editors and error messages count
    text: str          # without its line ending
    ending: str        # "\n", "\r\n" or "" (the last line)
    code: bool         # inside a fenced block, fence lines included
    fence: str | None  # OPENING or CLOSING on a fence line, else None

    @property
    def prose(self) -> bool:
        return not self.code


def scan(markdown: str) -> Iterator[Line]:
    """Every line of `markdown` in order; `"".join(l.text + l.ending ...)` gives it back."""
    fence: str | None = None
    for number, raw in enumerate(markdown.splitlines(keepends=True), start=1):
        text = raw.rstrip("\r\n")
        ending = raw[len(text):]
        if fence is None:
            opening = FENCE_OPEN.match(text)
            if opening:
                fence = opening.group("fence")
                yield Line(number, text, ending, code=True, fence=OPENING)
            else:
                yield Line(number, text, ending, code=False, fence=None)
        elif _closes(text, fence):
            fence = None
            yield Line(number, text, ending, code=True, fence=CLOSING)
        else:
            yield Line(number, text, ending, code=True, fence=None)


def _closes(text: str, fence: str) -> bool:
    stripped = text.strip()
    return stripped.startswith(fence) and not stripped.strip(fence[0])


def prose_lines(markdown: str) -> Iterator[Line]:
    return (line for line in scan(markdown) if line.prose)


def map_prose(markdown: str, change: Callable[[str], str]) -> str:
    """`markdown` with `change` applied to the prose outside fences and code spans."""
    return "".join((line.text if line.code else outside_code_spans(line.text, change)) + line.ending
                   for line in scan(markdown))


def outside_code_spans(text: str, change: Callable[[str], str]) -> str:
    """`text` with `change` applied to each stretch that is not inside `code`."""
    return "".join(piece if code else change(piece) for piece, code in code_spans(text))


def code_spans(text: str) -> list[tuple[str, bool]]:
    """`text` cut into (piece, is a code span) pairs, in order."""
    pieces, position = [], 0
    for span in CODE_SPAN.finditer(text):
        pieces += [(text[position:span.start()], False), (span.group(0), True)]
        position = span.end()
    return pieces + [(text[position:], False)]


def first_line(markdown: str, matches: Callable[[str], bool]) -> Line | None:
    """The first prose line for which `matches` holds."""
    return next((line for line in prose_lines(markdown) if matches(line.text)), None)
