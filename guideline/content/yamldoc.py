"""YAML files that remember the line of every value, so errors can point at it.

Only plain data is read: aliases (`*name`) are refused, so no file can expand to
more than it holds or refer to itself, and nesting is bounded.
"""

import errno
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from guideline import symlinks
from guideline.errors import DataError

MAX_BYTES = 100_000
MAX_DEPTH = 40
MAX_VALUES = 10_000  # the data files hold a few hundred; a limit keeps every check quick
# C0 and C1 controls except tab, line feed and carriage return: invisible in an editor.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]")
# Characters that change the order text is shown in, or take no room: a title could read
# differently from what it says (U+202E), or two ids look the same (U+200B).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
ZERO_WIDTH = "\u180e\u200b-\u200d\u2060-\u2064\ufeff"
BIDI = re.compile(f"[{BIDI_CONTROLS}]")
INVISIBLE = re.compile(f"[{BIDI_CONTROLS}{ZERO_WIDTH}]")
BOM = "\ufeff"  # allowed at the very start, where Windows editors put it


@dataclass(frozen=True)
class Document:
    name: str  # the path shown to editors, e.g. docs/data/tasks.yml
    data: Any
    lines: dict

    def line(self, where: tuple) -> int | None:
        """The line of the value at `where`, or of its nearest enclosing value."""
        for end in range(len(where), -1, -1):
            if where[:end] in self.lines:
                return self.lines[where[:end]]
        return None

    def problem(self, where: tuple, message: str) -> str:
        line = self.line(where)
        place = f"{self.name}:{line}" if line else self.name
        return f"{place}: {format_where(where)}: {message}" if where else f"{place}: {message}"


def format_where(where: tuple) -> str:
    text = ""
    for key in where:
        text += f"[{key}]" if isinstance(key, int) else (f".{key}" if text else str(key))
    return text


class _Refused(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line, self.message = line, message


# libyaml when it is installed (it is with the pinned PyYAML wheels): many times faster.
_BASE: type = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


class _PlainLoader(_BASE):
    """The safe loader; a value Python cannot hold is a message at its line."""

    def construct_object(self, node, deep=False):
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as error:  # what PyYAML's constructors raise on values they cannot read
            raise _Refused(node.start_mark.line + 1,
                           f"値 '{str(node.value)[:40]}' を読み取れません（{_reason(error)}）") from None


def _refuse_aliases_and_depth(text: str):
    """Read the events only: no alias (`*name`), no nesting deeper than MAX_DEPTH, no more
    than MAX_VALUES values."""
    depth = values = 0
    for event in yaml.parse(text, Loader=_BASE):
        values += 1
        if values > MAX_VALUES:
            raise _Refused(_line(event.start_mark), f"値が多すぎます（{MAX_VALUES} 個まで）。ファイルを分けてください")
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(_line(event.start_mark),
                           f"別名（*{event.anchor}）は使えません。値をその場所にそのまま書いてください")
        if getattr(event, "tag", None) is not None:  # !!timestamp, !!binary, !!set: data is plain text and numbers
            raise _Refused(_line(event.start_mark), TAG_MESSAGE)
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(_line(event.start_mark), f"入れ子が深すぎます（{MAX_DEPTH} 段まで）")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def _parse(text: str) -> tuple:
    """(root node, data) of a plain YAML document."""
    _refuse_aliases_and_depth(text)
    loader = _PlainLoader(text)
    try:
        root = loader.get_single_node()
        return root, (loader.construct_document(root) if root is not None else None)
    finally:
        loader.dispose()


def _python_error(text: str, fallback: yaml.MarkedYAMLError) -> yaml.MarkedYAMLError:
    """The same mistake as PyYAML's pure-Python parser words it (the words translated below)."""
    try:
        yaml.SafeLoader(text).get_single_node()
    except yaml.MarkedYAMLError as error:
        return error
    return fallback


def _reason(error: Exception) -> str:
    text = str(error)
    if "day is out of range" in text or "month must be" in text:
        return "実在しない日付です"
    if "digits" in text:
        return "桁数が多すぎます"
    return "値の形を確かめてください"


def load(path: Path, *, name: str) -> Document:
    text = _read(path, name=name)
    _refuse_control_characters(text, name=name)
    try:
        root, data = _parse(text)
    except yaml.MarkedYAMLError as error:
        line, message = translate(_python_error(text, error))
        raise DataError([f"{name}:{line}: YAML の書き方に誤りがあります: {message}"]) from None
    except yaml.YAMLError:
        raise DataError([f"{name}: YAML として読めません。{UNKNOWN_MISTAKE}"]) from None
    except _Refused as refused:
        raise DataError([f"{name}:{refused.line}: {refused.message}"]) from None
    lines: dict = {}
    duplicates: list = []
    if root is not None:
        _index(root, (), lines, duplicates)
    if duplicates:
        raise DataError([f"{name}:{line}: {format_where(where)}: 同じ項目が二度書かれています"
                         for where, line in duplicates])
    return Document(name=name, data=data, lines=lines)


def _read(path: Path, *, name: str) -> str:
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a link is refused, never followed
        with open(descriptor, "rb") as stream:
            if os.fstat(stream.fileno()).st_size > MAX_BYTES:
                raise DataError([f"{name}: ファイルが大きすぎます（{MAX_BYTES // 1000} KB まで）"])
            raw = stream.read()
    except FileNotFoundError:
        raise DataError([f"{name}: ファイルがありません"]) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DataError([f"{name}: {symlinks.MESSAGE}"]) from None
        raise DataError([f"{name}: 読み込めません（{error.strerror}）"]) from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError([f"{name}:{line}: UTF-8 で保存してください（{error.reason}）"]) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")  # as text mode reads it


def _refuse_control_characters(text: str, *, name: str):
    problems = []
    for number, row in enumerate(text.removeprefix(BOM).split("\n"), start=1):
        found = CONTROL.search(row) or INVISIBLE.search(row)
        if found:
            problems.append(f"{name}:{number}: {invisible_problem(found.group())}")
    if problems:
        raise DataError(problems)


def invisible_problem(char: str) -> str:
    if not INVISIBLE.match(char):
        return f"見えない制御文字（U+{ord(char):04X}）が入っています。その文字を消してください"
    kind = "文字の向きを変える制御文字" if BIDI.match(char) else "幅のない文字"
    return f"{kind}（U+{ord(char):04X}）が入っています。画面では見えないため、その文字を消してください"


TAG_MESSAGE = "! で始まる型の指定は使えません。値だけを書いてください"
UNKNOWN_MISTAKE = ("YAML として読めない書き方です。この行とその前の行の字下げ・コロン（:）・引用符・"
                   "[ ] { } を確かめてください")
# PyYAML's problem → (Japanese, whether the line of the context is where the editor looks).
TRANSLATIONS = (
    (re.compile(r"found character '\\t'|found a tab character"),
     "タブ文字は使えません。字下げは半角スペースで書いてください", False),
    (re.compile(r"could not find expected ':'"),
     "「項目名: 値」のコロン（:）の後に半角スペースが要ります。コロンを書き忘れていないかも確かめてください", True),
    (re.compile(r"mapping values are not allowed here"),
     "値の中にコロンと空白（: ）があります。値を引用符（\"）で囲むか、字下げを確かめてください", False),
    (re.compile(r"expected <block end>|did not find expected key|did not find expected '-'"),
     "字下げ（インデント）がそろっていません。同じ階層の項目は同じ数の半角スペースで始めてください", False),
    (re.compile(r"while scanning a quoted scalar"),
     "引用符（\" または '）が閉じていません", True),
    (re.compile(r"expected ',' or '\]'|expected ',' or '\}'"),
     "[ ] や { } の中の書き方に誤りがあります。閉じ括弧と区切りのコンマ（,）を確かめてください", False),
    (re.compile(r"found character '(.)' that cannot start any token"),
     "値を記号 {0} で始めるときは、値全体を引用符（\"）で囲んでください", False),
    (re.compile(r"found unknown escape character"),
     "引用符（\"）の中の \\ の使い方に誤りがあります。\\ を使わないか、' で囲んでください", False),
    (re.compile(r"could not determine a constructor|found undefined tag handle"), TAG_MESSAGE, False),
    (re.compile(r"found unhashable key"),
     "項目名（: の前）にリストや { } は使えません。項目名は文字で書いてください", False),
    (re.compile(r"unknown directive|duplicate (?:YAML|TAG) directive|found incompatible YAML document"),
     "% で始まる行は使えません。行を消すか、値なら引用符（\"）で囲んでください", False),
    (re.compile(r"found unexpected end of stream|found '<stream end>'"),
     "ファイルの終わりまでに閉じていないものがあります。引用符や [ ] { } が閉じているか確かめてください", True),
    (re.compile(r"expected alphabetic or numeric character"),
     "& や * の後には名前が要ります。記号として書くなら、値全体を引用符（\"）で囲んでください", False),
    (re.compile(r"expected a comment or a line break|expected <document start>"),
     "値の後に余分な文字があります。値全体を引用符（\"）で囲むか、余分な文字を消してください", False),
    (re.compile(r"expected a single document"),
     "--- で区切った文書は一つだけにしてください", False),
)


def translate(error: yaml.MarkedYAMLError) -> tuple:
    """(line, Japanese message) for a PyYAML syntax error."""
    said = f"{error.context or ''} {error.problem or ''}"
    for pattern, message, at_context in TRANSLATIONS:
        found = pattern.search(said)
        if found:
            mark = (error.context_mark if at_context else None) or error.problem_mark or error.context_mark
            return _line(mark), message.replace("{0}", found.group(1) if found.groups() else "")
    mark = error.problem_mark or error.context_mark
    return _line(mark), UNKNOWN_MISTAKE


def _line(mark) -> int:
    return mark.line + 1 if mark else 1


def _index(node, where, lines, duplicates, line=None):
    """Record each value's line; a mapping entry's line is its key's, where an editor looks."""
    lines[where] = line or node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                duplicates.append((where + (key,), key_node.start_mark.line + 1))
            seen.add(key)
            _index(value_node, where + (key,), lines, duplicates, key_node.start_mark.line + 1)
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _index(item, where + (position,), lines, duplicates)
