"""The terms dictionary (docs/data/terms.yml): the guideline's spelling of a word, its
spelling variants and its everyday synonyms.

Variants feed the editors' writing rules and the readers' search; synonyms only search.
For search every word is compared after NFKC and lower-casing, as the search box does, so
one word must not stand for two different terms.
"""

import unicodedata

from guideline.content import schema as s
from guideline.content.yamldoc import Document, format_where

LISTS = ("variants", "synonyms")


def words(value):
    """A list of words, possibly empty (`[]` says "none yet" in the file)."""
    if not isinstance(value, list):
        return f"語のリスト（例: [持ち出し]、なければ []）が必要ですが、{s.describe(value)}が書かれています"
    return None


TERMS = {"terms": [{"preferred": s.text, "variants": words, "synonyms": words}]}


def fold(word: str) -> str:
    """The form search compares: full/half width and letter case folded."""
    return unicodedata.normalize("NFKC", word).strip().lower()


def _words(doc: Document):
    """Every word of the file with where it stands."""
    for position, term in enumerate(doc.data["terms"]):
        yield ("terms", position, "preferred"), term["preferred"]
        for key in LISTS:
            for slot, word in enumerate(term[key]):
                yield ("terms", position, key, slot), word


def check_terms(doc: Document, docs=None):
    """Each word once: a folded word may repeat only inside its own entry (ＰＣ beside PC)."""
    seen: dict = {}
    for where, word in _words(doc):
        if s.text(word):
            yield doc.problem(where, s.text(word))
            continue
        first = seen.setdefault(fold(word), (where, word))
        if first[0][1] != where[1]:
            yield doc.problem(where, f"'{word}' は {format_where(first[0])} と同じ語です"
                                     "（一つの語は一つの項目にだけ書いてください）")
        elif first[0] != where and first[1] == word:
            yield doc.problem(where, f"'{word}' が同じ項目に二度書かれています")


def search_families(terms: list) -> list:
    """For the search box: each entry's words, folded, the preferred form first. A query
    word found in a family is searched as every word of it."""
    families = []
    for term in terms:
        family = [fold(term["preferred"])]
        for word in term["variants"] + term["synonyms"]:
            if fold(word) not in family:
                family.append(fold(word))
        if len(family) > 1:
            families.append(family)
    return families
