"""The writing rules' report, as an editor reads it: Japanese, one problem a line, at its file and line."""

from pathlib import Path

from guideline.site.textlint import read_report
from helpers import PROJECT

LOG = Path(__file__).parent / "logs/textlint.txt"  # a real report of the rules that speak English


def test_every_rule_speaks_japanese_one_line_each():
    problems = read_report(LOG.read_text(encoding="utf-8"), project_dir=PROJECT)
    assert problems == [
        "docs/zz.md:3: 一つの文が長すぎます（211 字。150 字までです）。文を分けてください"
        "（textlint の規則 ja-technical-writing/sentence-length）",
        'docs/zz.md:5: 一つの文で"、"を5つ以上使用しています（textlint の規則 ja-technical-writing/max-ten）',
        "docs/zz.md:7: 半角の「!」は使いません（textlint の規則 ja-technical-writing/no-exclamation-question-mark）",
        "docs/zz.md:9: 半角カタカナ「ｶﾀｶﾅ」は使いません。全角で書いてください"
        "（textlint の規則 ja-technical-writing/no-hankaku-kana）",
        "docs/zz.md:11: 「（」を閉じる「）」がありません（textlint の規則 ja-technical-writing/no-unmatched-pair）",
        "docs/zz.md:13: ら抜き言葉を使用しています。（textlint の規則 ja-technical-writing/no-dropping-the-ra）",
    ]


def test_absolute_paths_are_shown_from_the_project():
    row = (f"{PROJECT}/docs/guideline/09-costs.md:12:3: ら抜き言葉を使用しています。"
           " [Error/ja-technical-writing/no-dropping-the-ra]")
    [problem] = read_report(row, project_dir=PROJECT)
    assert problem.startswith("docs/guideline/09-costs.md:12: ら抜き言葉を使用しています。")
