"""The terms dictionary: what an editor gets wrong is named by file, line and place; what
the search box receives keeps every spelling and synonym of a word together."""

import json
import textwrap

import pytest

from guideline.content import data, terms
from guideline.errors import DataError
from guideline.site.search_index import build_search_index
from helpers import PROJECT

TERMS = """\
terms:
  - preferred: 持出し
    variants: [持ち出し]
    synonyms: []
  - preferred: 年次休暇
    variants: []
    synonyms: [年休, 有給]
"""


def problems(tmp_path, text):
    (tmp_path / "data").mkdir(exist_ok=True)
    (tmp_path / "data/terms.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(DataError) as failure:
        data.load_terms(tmp_path)
    return [problem.split("/", 1)[1] for problem in failure.value.problems]


def test_the_projects_dictionary_is_valid_and_has_the_words_staff_use():
    families = terms.search_families(data.load_terms(PROJECT / "docs"))
    together = {word: family[0] for family in families for word in family}
    for word, preferred in {"怪我": "けが", "残業": "時間外勤務", "年休": "年次休暇", "電気代": "光熱水費",
                            "ウェブ会議": "テレビ会議", "オンライン会議": "テレビ会議", "pc": "パソコン",
                            "持ち出し": "持出し", "問い合わせ": "問合せ", "wifi": "wi-fi",
                            "ワイファイ": "wi-fi", "子供": "子ども", "貸し出し": "貸出し"}.items():
        assert together[word] == preferred, word


def test_a_word_in_two_entries_is_named_with_both_places(tmp_path):
    text = TERMS.replace("synonyms: [年休, 有給]", "synonyms: [年休, 持ち出し]")
    assert problems(tmp_path, text) == [
        "data/terms.yml:7: terms[1].synonyms[1]: '持ち出し' は terms[0].variants[0] と同じ語です"
        "（一つの語は一つの項目にだけ書いてください）"]


def test_width_and_case_count_as_the_same_word_across_entries(tmp_path):
    text = TERMS.replace("synonyms: [年休, 有給]", "synonyms: [年休, ｍｏｃｈｉ]").replace(
        "variants: [持ち出し]", "variants: [持ち出し, Mochi]")
    assert problems(tmp_path, text)[0].startswith("data/terms.yml:7: terms[1].synonyms[1]: 'ｍｏｃｈｉ' は")


def test_a_word_written_twice_in_its_entry(tmp_path):
    text = TERMS.replace("variants: [持ち出し]", "variants: [持ち出し, 持ち出し]")
    assert problems(tmp_path, text) == ["data/terms.yml:3: terms[0].variants[1]: '持ち出し' が同じ項目に二度書かれています"]


@pytest.mark.parametrize("change, expected", [
    (("    synonyms: []\n", ""), "data/terms.yml:2: terms[0].synonyms: 必須の項目がありません"),
    (("variants: [持ち出し]", "variants: 持ち出し"),
     "data/terms.yml:3: terms[0].variants: 語のリスト（例: [持ち出し]、なければ []）が必要ですが、文字列が書かれています"),
    (("variants: [持ち出し]", "variants: ['']"), "data/terms.yml:3: terms[0].variants[0]: 空でない文字列を書いてください"),
    (("preferred: 年次休暇", "preferd: 年次休暇"),
     "data/terms.yml:5: terms[1].preferd: 知らない項目です（使える項目: preferred, variants, synonyms）"),
])
def test_editor_mistakes_name_file_line_and_place(tmp_path, change, expected):
    assert expected in problems(tmp_path, TERMS.replace(*change))


def test_the_search_box_gets_each_family_once_preferred_first_folded():
    entries = [{"preferred": "Wi-Fi", "variants": ["WiFi", "wifi", "ＷｉＦｉ"], "synonyms": ["無線LAN"]},
               {"preferred": "手続", "variants": [], "synonyms": []}]
    assert terms.search_families(entries) == [["wi-fi", "wifi", "無線lan"]]


def test_the_index_carries_the_families(tmp_path):
    (tmp_path / "index.html").write_text("<html lang='ja'><body><main>年次休暇の取得</main></body></html>",
                                         encoding="utf-8")
    build_search_index(tmp_path, terms=[{"preferred": "年次休暇", "variants": [], "synonyms": ["年休"]}])
    written = json.loads((tmp_path / "pagefind/terms.json").read_text(encoding="utf-8"))
    assert written == {"families": [["年次休暇", "年休"]]}
    assert (tmp_path / "pagefind/pagefind.js").is_file()
