"""A small declarative schema for the data files, with messages for editors.

A schema is a dict (a record: keys ending in "?" are optional), a one-item list (a
non-empty list of that schema) or a scalar check (a function returning a message or None).
"""

import re

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def text(value):
    if not isinstance(value, str) or not value.strip():
        return "空でない文字列を書いてください"
    return None


def identifier(value):
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        return "半角英小文字・数字・ハイフンの ID を書いてください（例: before-work）"
    return None


def number(value):
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return "数値を書いてください"
    return None


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
