"""The built site as a reader sees it: chapters, navigation, FAQ links, language, print page."""

import posixpath
import re

import pytest

from guideline.errors import GuidelineError
from guideline.site.build import build_site
from guideline.site.offline import foreign_urls
from helpers import PROJECT, SITE_HOST, clean_env, copy_project, read_page, text_of

pytestmark = pytest.mark.build  # every test here builds the site

CHAPTERS = [
    ("guideline/01-start/", "さあ、テレワークに取り組もう！"),
    ("guideline/02-tasks/", "在宅勤務で、できることは？"),
    ("guideline/03-materials/", "資料の持出しはできるの？"),
    ("guideline/04-preparation/", "在宅勤務をするにはどうするの？（準備）"),
    ("guideline/05-during/", "在宅勤務中にすることは？（実施中～実施後）"),
    ("guideline/06-ict/", "在宅勤務に必要なＩＣＴ環境"),
    ("guideline/07-staff/", "在宅勤務者の心得"),
    ("guideline/08-managers/", "管理監督者（所属長・係長）の心得"),
    ("guideline/09-costs/", "在宅勤務に要する費用の取扱い"),
    ("guideline/10-accidents/", "公務災害の取扱い"),
]
NUMBERED_TITLES = [f"{number} {title}" for number, (_, title) in enumerate(CHAPTERS, start=1)]


def test_navigation_lists_the_ten_chapters_in_order(site):
    nav = read_page(site, "").select_one("nav.md-nav--primary")
    labels = [" ".join(link.get_text().split()) for link in nav.select("a.md-nav__link")]
    chapters = [label for label in labels if label in NUMBERED_TITLES]
    assert chapters == NUMBERED_TITLES


@pytest.mark.parametrize("url, title", CHAPTERS)
def test_chapter_page_is_titled_and_has_numbered_sections(site, url, title):
    page = read_page(site, url)
    number = CHAPTERS.index((url, title)) + 1
    assert text_of(page.h1) == f"{number} {title}"
    assert page.title.get_text().startswith(f"{number} {title} - 松本市テレワークガイドライン")
    sections = [text_of(h2) for h2 in page.select("article h2")]
    numbered = [text for text in sections if re.match(r"^[⑴-⒇]", text)]
    assert len(numbered) >= 3, f"{url}: fewer than three numbered sections: {sections}"
    assert [text[0] for text in numbered] == [chr(ord("⑴") + i) for i in range(len(numbered))]


VERBATIM = {
    "guideline/07-staff/": [
        "在宅勤務の勤務時間や休憩時間は、通常勤務時と同様です。",
        "在宅勤務中の体調不良や育児・介護等により、一時的に勤務ができなくなった場合は、"
        "通常勤務と同様に時間単位の年次休暇等の取得ができます。",
        "勤務中であること、またテレビ会議に参加する場合もあることを意識し、社会通念上、"
        "許容される範囲の服装としましょう。",
    ],
    "guideline/08-managers/": [
        "始業時に、勤務開始を確認します。",
        "目の前に職員がいないことに不安を覚え、必要以上に干渉し報告を求め、問題になる"
        "民間の事例があります。ハラスメントにならないよう、気を付けましょう。",
        "在宅勤務者から相談などがあった場合は、通常勤務と同様に応じ、支援します。",
        "勤務終了の確認を確実に行い、長時間労働にならないように注意を払いましょう。",
        "原則として、時間外勤務は命じません。",
    ],
}


@pytest.mark.parametrize("url", VERBATIM)
def test_quoted_passages_stay_word_for_word(site, url):
    paragraphs = {" ".join(p.get_text().split()) for p in read_page(site, url).select("article li, article p")}
    for passage in VERBATIM[url]:
        assert passage in paragraphs, f"{url}: passage changed or missing: {passage}"


def _target_ids(site, href, page_url):
    path, _, anchor = posixpath.normpath(posixpath.join(page_url, href.split("#")[0])).partition("#")
    page = read_page(site, path.lstrip("./") + "/")
    return anchor, {tag["id"] for tag in page.select("[id]")}, href.partition("#")[2]


def test_every_faq_answer_links_to_an_existing_chapter_section(site):
    faq = read_page(site, "faq/")
    questions = faq.select("article h3")
    assert len(questions) >= 20
    for question in questions:
        assert question.get("id"), f"question without a stable anchor: {question.get_text()}"
        answer = []
        for sibling in question.find_next_siblings():
            if sibling.name in ("h2", "h3"):
                break
            answer += sibling.select("a[href*='guideline/']")
        assert answer, f"#{question['id']}: the answer links to no chapter"
        for link in answer:
            href = link["href"]
            assert "#" in href, f"#{question['id']}: {href} names no section"
            _, ids, anchor = _target_ids(site, href, "faq/")
            assert anchor in ids, f"#{question['id']}: {href} points at a missing section"


def test_faq_anchors_are_unique(site):
    ids = [tag["id"] for tag in read_page(site, "faq/").select("article [id]")]
    assert len(ids) == len(set(ids))


def test_no_page_style_or_script_reaches_another_host(site):
    found = foreign_urls(site, own_hosts={SITE_HOST})
    assert not found, "requests to other hosts:\n" + "\n".join(f"{f}: {u}" for f, u in found)


def test_every_page_is_japanese(site):
    for page in site.rglob("*.html"):
        assert '<html lang="ja"' in page.read_text(encoding="utf-8"), page


def test_whole_guideline_page_holds_every_chapter_once(site):
    page = read_page(site, "guideline/print/")
    headings = [text_of(h2) for h2 in page.select("article h2")]
    assert [h for h in headings if h in NUMBERED_TITLES] == NUMBERED_TITLES
    ids = [tag["id"] for tag in page.select("[id]")]
    assert len(ids) == len(set(ids)), "duplicate ids on the print page"
    for link in page.select("article a[href^='#']"):
        assert link["href"][1:] in ids, f"print page: {link['href']} goes nowhere"


def test_no_edit_link_unless_the_git_server_is_configured(site, tmp_path):
    assert read_page(site, "guideline/07-staff/").select_one("a[rel=edit]") is None
    edit = "https://git.example.lg.jp/dx/telework/-/edit/main/docs/"
    built = build_site(project_dir=PROJECT, site_dir=tmp_path / "site",
                       env=clean_env(GUIDELINE_EDIT_URI=edit))
    link = read_page(built, "guideline/07-staff/").select_one("a[rel=edit]")
    assert link["href"] == edit + "guideline/07-staff.md"


BROKEN_LINKS = {  # a link to a page that is not there, and to a section that is not there
    "guideline/07-staff.md": ("[詳しくは](05-duringg.md)", "05-duringg.md"),
    "guideline/08-managers.md": ("[詳しくは](05-during.md#no-such-section)", "no-such-section"),
}


def test_strict_build_fails_on_a_broken_link_and_names_each_one(tmp_path):
    project = copy_project(tmp_path / "project")
    for page, (broken, _) in BROKEN_LINKS.items():
        chapter = project / "docs" / page
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n{broken}\n", encoding="utf-8")
    site = tmp_path / "site"
    with pytest.raises(GuidelineError) as failure:
        build_site(project_dir=project, site_dir=site, env=clean_env())
    said = str(failure.value).splitlines()
    for page, (_, expected) in BROKEN_LINKS.items():  # each on a line of its own page
        assert any(expected in line and page in line for line in said), (page, said)
    assert not site.exists()
