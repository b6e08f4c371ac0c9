"""A small declarative schema for the data files, with messages for editors.

A schema is a dict (a record: keys ending in "?" are optional), a one-item list (a
non-empty list of that schema) or a scalar check (a function returning a message or None).
"""

import math
import re

from guideline.content.yamldoc import CONTROL, INVISIBLE, invisible_problem

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
# Letters (any script), digits, hyphen and underscore: safe in HTML attributes and scripts.
NAME_PATTERN = re.compile(r"^[\w-]+$")
# Characters that would be markup where a script renders text as HTML (the version selector).
MARKUP = re.compile(r"[<>&\"'`]")


def text(value):
    if not isinstance(value, str) or not value.strip():
        return "空でない文字列を書いてください"
    hidden = CONTROL.search(value) or INVISIBLE.search(value)
    return invisible_problem(hidden.group()) if hidden else None


def line(value):
    """Text shown on one line: no line breaks."""
    return text(value) or ("改行を入れずに一行で書いてください" if "\n" in value.strip() or "\r" in value else None)


def plain_title(value):
    """A one-line title that may be shown where a script renders HTML: no markup characters."""
    problem = line(value)
    if problem:
        return problem
    found = MARKUP.search(value)
    if found:
        return f"記号 {found.group()} は使えません（画面に HTML として表示される場所があるため）。全角の記号を使ってください"
    return None


def identifier(value):
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        return "半角英小文字・数字・ハイフンの ID を書いてください（例: before-work）"
    return None


SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def docs_link(value):
    """A page under docs/, written from docs/ ("guideline/05-during.md#contact")."""
    problem = text(value)
    if problem:
        return problem
    path = value.partition("#")[0]
    if SCHEME.match(value):
        return ("javascript: などのリンクは使えません" if not value.lower().startswith(("http:", "https:"))
                else "外部のページへのリンクは使えません") + (
            "。docs/ の中のページを docs/ から書いてください（例: guideline/05-during.md#contact）")
    if path.startswith("/") or "\\" in path or ".." in path.split("/") or any(c.isspace() for c in value):
        return ("docs/ の中のページを docs/ から書いてください"
                "（/ で始めたり .. で外に出たりしません。例: guideline/05-during.md#contact）")
    return None


def name(value):
    """An identifier shown to readers as is (place ids such as 自宅): no spaces or symbols."""
    if not isinstance(value, str) or not NAME_PATTERN.fullmatch(value):
        return "空白や記号を含まない ID を書いてください（文字・数字・ハイフン・下線が使えます。例: 自宅）"
    return None


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "数値を書いてください"
    if not math.isfinite(value):
        return "有限の数値を書いてください（.nan や .inf は使えません）"
    return None


def percent(value):
    problem = number(value)
    if problem:
        return problem
    return None if 0 <= value <= 100 else f"0 から 100 までの割合を書いてください（{value:g} と書かれています）"


def count(value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return "0 以上の整数を書いてください"
    return None


def describe(value) -> str:
    kinds = {dict: "項目の集まり", list: "リスト", str: "文字列", bool: "真偽値",
             int: "数値", float: "数値", type(None): "空"}
    return kinds.get(type(value), type(value).__name__)


def validate(value, schema, where=()):
    """Yield (where, message) for every problem in `value`."""
    if isinstance(schema, dict):
        yield from _validate_record(value, schema, where)
    elif isinstance(schema, list):
        yield from _validate_list(value, schema[0], where)
    else:
        message = schema(value)
        if message:
            yield where, message


def _validate_record(value, schema, where):
    if not isinstance(value, dict):
        yield where, f"項目の集まり（キー: 値）が必要ですが、{describe(value)}が書かれています"
        return
    known = {key.rstrip("?"): key.endswith("?") for key in schema}
    for key, optional in known.items():
        if key not in value and not optional:
            yield where + (key,), "必須の項目がありません"
    for key in value:
        if key not in known:
            yield where + (key,), f"知らない項目です（使える項目: {', '.join(known)}）"
    for key, optional in known.items():
        if key in value:
            yield from validate(value[key], schema[key + "?" if optional else key], where + (key,))


def _validate_list(value, item_schema, where):
    if not isinstance(value, list) or not value:
        yield where, f"1 件以上のリストが必要ですが、{describe(value)}が書かれています"
        return
    for position, item in enumerate(value):
        yield from validate(item, item_schema, where + (position,))


def question(value):
    """A 要確認 mark's question: one line, ending as a question does."""
    problem = line(value)
    if problem:
        return "要確認の印には、市が確かめることを質問の形で書いてください（" + problem + "）"
    if not value.rstrip().endswith(("か。", "か？", "か")):
        return "要確認の印には、市が確かめることを「…ですか。」のように質問の形で書いてください"
    return None


def question_or_fields(value):
    """`unconfirmed:` of a data item: a question for the whole item, or {field: question}."""
    if isinstance(value, dict):
        if not value:
            return "項目ごとの質問を書いてください（例: {where: …ですか。}）"
        return next((f"{key}: {problem}" for key, item in value.items() if (problem := question(item))), None)
    return question(value)
