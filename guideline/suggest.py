"""Candidates for a name an editor mistyped: the nearest ones that exist."""

import difflib


def nearest(name: str, known, *, count: int = 3) -> list:
    """Up to `count` of `known` closest to `name`, best first; the first few if none is close."""
    known = list(known)
    close = difflib.get_close_matches(name, known, n=count, cutoff=0.4)
    return close or known[:count]


def hint(name: str, known, *, what: str = "使える見出し") -> str:
    candidates = nearest(name, known)
    return f"（{what}: {', '.join('#' + c for c in candidates)}）" if candidates else ""
