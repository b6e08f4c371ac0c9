"""Phrase marks: the same on the real editions as when they were recorded, in time that grows
with the text, not with its square or cube.

edition_marks.json.gz holds every pair of texts the 新旧対照表 of every two editions marked,
with the marks made then (recorded before marking was made linear). Marks are compared
text by text, so a change in how rows are paired elsewhere does not touch this record.
"""

import cProfile
import gzip
import json
import pstats
from pathlib import Path

import pytest

from guideline.compare import diffing, phrases
from helpers import long_paragraph

RECORD = Path(__file__).with_name("edition_marks.json.gz")


def recorded() -> list:
    with gzip.open(RECORD, "rt", encoding="utf-8") as stream:
        return json.load(stream)


def test_the_editions_are_marked_as_when_recorded():
    calls = recorded()
    assert len(calls) > 800  # every pair of editions
    for call in calls:
        old_marks, new_marks = diffing.mark_changes(call["old"], call["new"])
        assert [list(part) for part in old_marks] == call["marks"][0], call["old"]
        assert [list(part) for part in new_marks] == call["marks"][1], call["new"]


def work(length: int) -> int:
    """Function calls (dict look-ups of the matcher included) to mark a paragraph of `length`
    characters with a change every 50: a count, the same on any machine."""
    old, new = long_paragraph(length)
    for cache in (diffing.mark_changes, phrases.words, phrases.phrases):
        cache.cache_clear()
    phrases.words("辞書を先に読み込みます。")
    profile = cProfile.Profile()
    profile.runcall(diffing.mark_changes, old, new)
    return pstats.Stats(profile).total_calls


@pytest.mark.parametrize("length", [4_000, 16_000])
def test_marking_work_grows_in_proportion_to_the_text(length):
    assert work(length * 2) <= 2.4 * work(length)


def test_a_long_paragraph_is_marked_phrase_by_phrase():
    old, new = long_paragraph(20_000)
    old_marks, new_marks = diffing.mark_changes(old, new)
    assert "".join(text for text, _ in new_marks) == new
    marked = sum(len(text) for text, changed in new_marks if changed)
    assert 0.05 < marked / len(new) < 0.3  # one phrase or two at each change, not whole stretches
