"""The 要確認 mark: provisions that stand in for rules the city has not confirmed.

In a page, an editor writes `{ .unconfirmed data-question="…ですか。" }` on the line after a
paragraph or list item (inside an admonition too). In data, a checklist item or a task row
carries `unconfirmed: 質問`, or for single cells of a task row a mapping from the field
(`category`, `examples`, `where`, `note`, or a place's id) to its question. Each mark names the
question the city must answer before the provision can stand as its rule; the 確認事項一覧
lists them, `guideline check` counts them, and an official edition may not be released with
any left unless the editor says so.
"""

import re
from dataclasses import dataclass

from guideline.content.markdown_lines import code_spans, scan

CLASS = "unconfirmed"
MARK = re.compile(r"\{:?\s*(?P<attrs>[^{}]*\.unconfirmed\b[^{}]*)\}")
QUESTION = re.compile(r'\bdata-question="(?P<question>[^"]*)"')
ABOUT = "about.md"
ABOUT_ANCHOR = "unconfirmed"
LIST_PAGE = "confirmations.md"
TABLE = "confirmations.csv"
EXPLANATION = ("「要確認」の印がある記述は、市が公表している資料では確かめられない、"
               "一般的な例にならって仮に書いた規定です。市の規定として確定したものではありません。")
NO_QUESTION = "（確認すべきことが書かれていません）"
# Where a list item or a paragraph starts: the provision a mark closes begins there.
_ITEM_START = re.compile(r"^\s*(?:\d+\.|[-*+])\s")
_ADMONITION = re.compile(r"^\s*(?:!!!|\?\?\?)")
_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|\{[^{}]*\}|[*_`]|<[^>]+>")


@dataclass(frozen=True)
class Mark:
    line: int        # the line of the page where the mark is written
    question: str    # what the city must answer; empty if the editor gave none
    text: str        # the provision it marks, as plain text


def page_marks(markdown: str) -> list[Mark]:
    """Every mark of a page in reading order, outside fenced code and code spans."""
    marks: list[Mark] = []
    provision: list[str] = []
    for line in scan(markdown):
        if line.code:
            continue
        prose = "".join(piece for piece, code in code_spans(line.text) if not code)
        found = list(MARK.finditer(prose))
        if found:
            marks += [Mark(line.number, _question(match.group("attrs")), _plain(provision)) for match in found]
            provision = []
        elif not line.text.strip() or _ADMONITION.match(line.text):
            provision = []
        else:
            provision = [line.text] if _ITEM_START.match(line.text) else provision + [line.text]
    return marks


def count_marks(markdown: str) -> int:
    return len(page_marks(markdown))


def data_questions(value, *, whole: str) -> dict:
    """{field: question} of a data item's `unconfirmed` (a question for the whole item is filed
    under `whole`)."""
    if not value:
        return {}
    return {whole: value} if isinstance(value, str) else dict(value)


def _question(attrs: str) -> str:
    found = QUESTION.search(attrs)
    return found.group("question").strip() if found else ""


def _plain(lines: list) -> str:
    text = " ".join(line.strip() for line in lines)
    text = _MARKUP.sub(lambda m: m.group(1) or "", text)
    return re.sub(r"^(?:\d+\.|[-*+])\s*", "", text).strip()
