"""Japanese text cut into phrases (文節), the unit a 新旧対照表 underlines.

A phrase is a content word, or a run of nouns, with the particles, auxiliaries, suffixes and
punctuation that follow it: 「所属長の」「承認を」「得て」「実施します。」. The words and their
parts of speech come from Sudachi (SudachiPy with its small dictionary); the grouping into
phrases follows the school-grammar rule above.
"""

from functools import cache, lru_cache
from typing import NamedTuple

# Parts of speech that lean on the word before them.
ATTACHED = {"助詞", "助動詞", "接尾辞", "空白"}
CLOSING = {"読点", "句点", "括弧閉"}
NOMINAL = {"名詞", "代名詞", "形状詞", "接尾辞"}
# 「する」 after a noun or a particle belongs to it: 実施して, として.
LIGHT_VERB = "為る"
# The analyser reads text in pieces well below its input limit.
CHUNK = 2000


class Word(NamedTuple):  # a tuple: made by the ten thousand for a long paragraph
    start: int
    end: int
    pos: tuple   # part of speech, most general first
    lemma: str

    @property
    def leans_back(self) -> bool:
        """Belongs to the phrase of the word before it."""
        return (self.pos[0] in ATTACHED or (self.pos[0] == "補助記号" and self.pos[1] in CLOSING)
                or self.lemma == LIGHT_VERB)

    @property
    def leans_forward(self) -> bool:
        """Belongs to the phrase of the word after it: an opening bracket, a prefix, a middle dot."""
        return self.pos[0] == "接頭辞" or (self.pos[0] == "補助記号" and self.pos[1] == "括弧開")

    @property
    def is_function(self) -> bool:
        """A particle, an inflection ending, punctuation: nothing to underline on its own."""
        return self.leans_back

    @property
    def is_nominal(self) -> bool:
        return self.pos[0] in NOMINAL


@lru_cache(maxsize=1)
def _dictionary():
    from sudachipy import Dictionary  # loaded on first use: the site build compares only when asked
    return Dictionary(dict="small")


@lru_cache(maxsize=1)
def _tokenizer():
    return _dictionary().tokenizer()


@lru_cache(maxsize=4096)
def words(text: str) -> tuple:
    """The words of `text` with their places in it; empty words (where the analyser
    normalises one character into several) are dropped."""
    found = []
    for offset in range(0, len(text), CHUNK):
        chunk = text[offset:offset + CHUNK]
        for morpheme in _tokenizer().tokenize(chunk):
            if morpheme.end() > morpheme.begin():
                found.append(Word(offset + morpheme.begin(), offset + morpheme.end(),
                                  _part_of_speech(morpheme.part_of_speech_id()), morpheme.normalized_form()))
    return tuple(found)


@cache
def _part_of_speech(pos_id: int) -> tuple:
    """The part of speech numbered `pos_id` in the dictionary: a few hundred, each made once."""
    return tuple(_dictionary().pos_of(pos_id))


def _starts_phrase(word: Word, before: Word) -> bool:
    if word.leans_back and not (word.lemma == LIGHT_VERB and before.pos[1] in CLOSING):
        return False
    if before.leans_forward or _is_middle_dot(before) or _is_middle_dot(word):
        return False
    return not (word.is_nominal and before.is_nominal)


def _is_middle_dot(word: Word) -> bool:
    return word.pos[0] == "補助記号" and word.pos[1] == "一般" and word.end - word.start == 1 \
        and word.lemma == "・"


@lru_cache(maxsize=4096)
def phrases(text: str) -> tuple:
    """(start, end) of each phrase; together they cover the text. A phrase with no content
    word of its own (text that starts with punctuation, say) joins its neighbour."""
    found: list = []
    listed = words(text)
    for position, word in enumerate(listed):
        if not found or _starts_phrase(word, listed[position - 1]):
            found.append([word.start, word.end, not word.is_function])
        else:
            found[-1][1] = word.end
            found[-1][2] = found[-1][2] or not word.is_function
    merged: list = []
    for start, end, has_content in found:
        if merged and (not has_content or not merged[-1][2]):
            merged[-1] = [merged[-1][0], end, merged[-1][2] or has_content]
        else:
            merged.append([start, end, has_content])
    bounds = [(start, end) for start, end, _ in merged]
    # Gaps the analyser skipped (none expected) still belong to a phrase: the text stays whole.
    return tuple(_covering(bounds, len(text)))


def _covering(bounds: list, length: int):
    position = 0
    for index, (_, end) in enumerate(bounds):
        end = length if index == len(bounds) - 1 else end
        if end > position:
            yield position, end
            position = end
    if position < length:
        yield position, length


def only_function_words(text: str) -> bool:
    """True for text such as 「の」「と、」「した」: particles, endings and punctuation alone."""
    found = words(text)
    return bool(found) and all(word.is_function for word in found)
