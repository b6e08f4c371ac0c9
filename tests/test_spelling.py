"""One spelling per term: the prh dictionary agrees with docs/data/terms.yml, and textlint uses it."""

import json
import re
import subprocess

import pytest

from guideline.content import spelling
from guideline.errors import DataError
from helpers import PROJECT, copy_project


def test_the_dictionary_is_made_from_terms_yml_where_git_does_not_see_it(tmp_path):
    project = copy_project(tmp_path / "project")
    written = spelling.write_dictionary(project)
    assert written == project / spelling.DICTIONARY
    assert written.read_text(encoding="utf-8") == spelling.render_dictionary(spelling.load_terms(project))
    ignored = subprocess.run(["git", "check-ignore", "-q", str(spelling.DICTIONARY)], cwd=project)
    assert ignored.returncode == 0, "checking must not change a tracked file"
    assert not subprocess.run(["git", "ls-files", str(spelling.GENERATED)], cwd=project,
                              capture_output=True, text=True).stdout
    settings = json.loads((PROJECT / ".textlintrc.json").read_text(encoding="utf-8"))
    assert settings["rules"]["prh"]["rulePaths"] == [spelling.DICTIONARY.as_posix()]
    before = written.stat().st_mtime_ns
    spelling.write_dictionary(project)
    assert written.stat().st_mtime_ns == before, "unchanged terms leave textlint's cache valid"


def _matches(variant, preferred, text):
    found = spelling.pattern(variant, preferred)
    regex = found[1:-1] if found.startswith("/") else re.escape(found)
    return re.search(regex, text) is not None


@pytest.mark.parametrize("variant, preferred, text, slip", [
    ("持ち出し", "持出し", "資料の持ち出しは", True),
    ("持ち出し", "持出し", "資料を持ち出した日", False),
    ("持ち出し", "持出し", "持ち出しません", False),
    ("問い合わせ", "問合せ", "問い合わせ先", True),
    ("問い合わせ", "問合せ", "担当に問い合わせる", False),
    ("ブラウザ", "ブラウザー", "ブラウザに記憶させない", True),
    ("ブラウザ", "ブラウザー", "ブラウザーに記憶させない", False),
    ("または", "又は", "メールまたは電話", True),
    ("wifi", "Wi-Fi", "自宅のwifiを使う", True),
    ("wifi", "Wi-Fi", "### 自宅のWi-Fi { #wifi }", False),
    ("行なう", "行う", "業務を行なう職員", True),
    ("行なう", "行う", "会議は行ないません", True),
    ("行なう", "行う", "報告が行なわれた", True),
    ("行なう", "行う", "業務を行う職員", False),
])
def test_a_variant_is_found_where_it_is_a_slip_and_only_there(variant, preferred, text, slip):
    assert _matches(variant, preferred, text) is slip


def test_a_wrong_terms_file_is_named_with_its_line(tmp_path):
    (tmp_path / "docs/data").mkdir(parents=True)
    (tmp_path / spelling.TERMS).write_text(
        "terms:\n  - preferred: 持出し\n    variants: 持ち出し\n    synonyms: []\n", encoding="utf-8")
    with pytest.raises(DataError) as error:
        spelling.load_terms(tmp_path)
    assert error.value.problems == [
        "docs/data/terms.yml:3: terms[0].variants: 語のリスト（例: [持ち出し]、なければ []）が必要ですが、文字列が書かれています"]


@pytest.mark.build  # guideline check builds the site
@pytest.mark.needs("textlint")
def test_writing_rules_flag_a_variant_and_a_plain_ending_but_not_quoted_voices(slipped):
    """The slip 「資料の持ち出しは禁止です。メールには当日中に返信する。報告はチャットで行ないます。」
    (helpers.SLIPS) in chapter 5; chapters 7 and 8 quote staff's voices in plain style."""
    _, problems = slipped
    mine = [p for p in problems if p.startswith("docs/guideline/05-during.md:")]
    assert any("持ち出し => 持出し" in p for p in mine), problems
    assert any("行ない => 行い" in p for p in mine), problems
    assert any("です・ます" in p for p in mine), problems
    assert not [p for p in problems if p.startswith(("docs/history.md", "docs/guideline/07", "docs/guideline/08"))]
