"""Candidates for a name an editor mistyped: the existing ones most like it, best first."""

from difflib import SequenceMatcher


def nearest(name: str, known, *, count: int = 3) -> list:
    """Up to `count` of `known`, ordered by likeness to `name` (equals keep their order).

    `known` is a list of names, or a mapping name → label (a heading's text): an editor who
    links to #私用と中抜け meant the anchor whose heading reads so."""
    labels = dict(known) if isinstance(known, dict) else dict.fromkeys(known)

    def likeness(candidate: str) -> float:
        return max(_similarity(name, text) for text in (candidate, labels[candidate]) if text)
    return sorted(labels, key=likeness, reverse=True)[:count]


def _similarity(typed: str, existing: str) -> float:
    return SequenceMatcher(None, typed.casefold(), existing.casefold()).ratio()


def hint(name: str, known, *, what: str = "使える見出し", mark: str = "#") -> str:
    candidates = nearest(name, known)
    return f"（{what}: {', '.join(mark + c for c in candidates)}）" if candidates else ""
