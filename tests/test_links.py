"""The pages model checks links and ids from the sources, at the line the editor wrote them."""

import pytest

from guideline.content import links
from guideline.suggest import nearest

DURING = """\
# 5 在宅勤務中にすることは？

## ⑴ 始業・終業の報告 { #reports }

## ⑵ 業務の報告 { #work-report }

## ⑶ 私用と中抜け { #private-errands }

## ⑷ ICT環境の確認

<div id="checked" markdown>確認済み</div>
"""


@pytest.fixture
def docs(tmp_path):
    (tmp_path / "guideline").mkdir()
    (tmp_path / "data").mkdir()
    (tmp_path / "index.md").write_text("# ホーム\n\n## 問合せ先 { #contact }\n", encoding="utf-8")
    (tmp_path / "guideline/05-during.md").write_text(DURING, encoding="utf-8")
    (tmp_path / "guideline/figure.png").write_bytes(b"png")
    (tmp_path / "data/tasks.yml").write_text("tasks: []\n", encoding="utf-8")
    return tmp_path


def problems_of(docs, text, *, generated=("revisions.md",)):
    (docs / "guideline/09-costs.md").write_text(f"# 9 費用\n\n{text}\n", encoding="utf-8")
    return [problem.shown("docs") for problem in links.problems(docs, generated=generated)]


@pytest.mark.parametrize("text", [
    "[5 ⑶ 私用と中抜け](05-during.md#private-errands)",
    "[報告](05-during.md#reports) と [図](figure.png) と ![図](./figure.png)",
    "[ホーム](../index.md#contact) [改訂履歴](../revisions.md#anything)",
    "[ICT](05-during.md#4-ict) [確認](05-during.md#checked)",  # made from the heading; an HTML id
    "[外](https://www.city.matsumoto.nagano.jp/) [メール](mailto:jouhou@city.matsumoto.lg.jp)",
    "書き方の例: `[x](no-such.md)`\n\n```markdown\n[x](no-such.md#none)\n```",
    '<a href="05-during.md#work-report">業務の報告</a>',
])
def test_links_that_lead_somewhere_pass(docs, text):
    assert problems_of(docs, text) == []


def test_a_missing_anchor_is_named_at_its_line_with_the_likely_heading_first(docs):
    [problem] = problems_of(docs, "本文です。\n\n[5 ⑶](05-during.md#privat-errands)")
    assert problem.startswith("docs/guideline/09-costs.md:5: リンク先の見出し（アンカー）がありません: "
                              "05-during.md#privat-errands（使える見出し: #private-errands,")


def test_a_heading_typed_in_place_of_its_id_suggests_that_id(docs):
    [problem] = problems_of(docs, "[5 ⑶](05-during.md#私用と中抜け)")
    assert "（使える見出し: #private-errands," in problem


def test_a_missing_page_suggests_the_nearest_file_name(docs):
    [problem] = problems_of(docs, "[5 ⑶](05-durring.md#private-errands)")
    assert problem.startswith("docs/guideline/09-costs.md:3: リンク先のページがありません: 05-durring.md#private-errands"
                              "（近いページ: 05-during.md,")


@pytest.mark.parametrize("text, said", [
    ("[5](/guideline/05-during.md)", "/ で始まるリンクは使えません"),
    ("[5](05-during/)", "リンク先は .md のファイル名で書いてください（05-during.md）: 05-during/"),
    ("[表](../data/tasks.yml)", "リンク先のページがありません"),
    ("[同じページ](#nowhere)", "リンク先の見出し（アンカー）がありません: #nowhere"),
])
def test_links_the_site_would_not_follow_are_refused(docs, text, said):
    [problem] = problems_of(docs, text)
    assert said in problem


def test_an_id_given_twice_is_reported_as_such(docs):
    during = docs / "guideline/05-during.md"
    during.write_text(DURING.replace("{ #work-report }", "{ #reports }"), encoding="utf-8")
    assert problems_of(docs, "本文") == [
        "docs/guideline/05-during.md:5: 見出しの ID #reports は 3 行目でも使われています。別の ID にしてください"]


def test_candidates_are_ranked_by_likeness_not_by_position():
    known = {"reports": "⑴ 始業・終業の報告", "work-report": "⑵ 業務の報告", "private-errands": "⑶ 私用と中抜け"}
    assert nearest("private-errand", known)[0] == "private-errands"
    assert nearest("業務の報告", known)[0] == "work-report"
    assert nearest("chekclist", ["context", "timeline", "checklist", "all_checklists"])[0] == "checklist"
