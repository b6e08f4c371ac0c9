"""Editing editions.yml in place: comments, order and quoting stay as the editor wrote them,
so the release commit's diff shows only what the release changed."""

import io

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import DoubleQuotedScalarString


def _yaml() -> YAML:
    yaml = YAML()  # round-trip
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long summary onto two lines
    yaml.preserve_quotes = True
    return yaml


def add_edition(text: str, entry: dict, *, draft_changes: dict | None = None) -> str:
    """`text` with `entry` inserted before the draft (or at the end); the draft's fields
    in `draft_changes` are updated in place."""
    yaml = _yaml()
    document = yaml.load(text)
    items = document["editions"]
    position = next((i for i, item in enumerate(items) if item.get("ref") == "worktree"), len(items))
    items.insert(position, _styled(entry))
    if draft_changes and position < len(items) - 1:
        draft = items[position + 1]
        for key, value in draft_changes.items():
            draft[key] = _quoted_like(draft.get(key), value)
    return _dump(yaml, document)


def remove_edition(text: str, edition_id: str) -> str:
    """`text` without the edition `edition_id`; the rest as the editor wrote it."""
    yaml = _yaml()
    document = yaml.load(text)
    items = document["editions"]
    items.pop(next(i for i, item in enumerate(items) if item.get("id") == edition_id))
    return _dump(yaml, document)


def _styled(entry: dict) -> CommentedMap:
    """Quoted as the manifest asks: the id and the date always in double quotes."""
    styled = CommentedMap()
    for key, value in entry.items():
        styled[key] = DoubleQuotedScalarString(value) if key in ("id", "date") else value
    return styled


def _quoted_like(old, value):
    return type(old)(value) if isinstance(old, DoubleQuotedScalarString) else value


def _dump(yaml: YAML, document) -> str:
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()

