"""YAML files that remember the line of every value, so errors can point at it."""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import DataError


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


def load(path: Path, *, name: str) -> Document:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DataError([f"{name}: ファイルがありません"]) from None
    except UnicodeDecodeError as error:
        raise DataError([f"{name}: UTF-8 で保存してください（{error.reason}）"]) from None
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f":{mark.line + 1}" if mark else ""
        raise DataError([f"{name}{line}: YAML の書き方に誤りがあります（{error.problem}）"]) from None
    lines: dict = {}
    duplicates: list = []
    if root is not None:
        _index(root, (), lines, duplicates)
    if duplicates:
        raise DataError([f"{name}:{line}: {format_where(where)}: 同じ項目が二度書かれています"
                         for where, line in duplicates])
    return Document(name=name, data=data, lines=lines)


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
