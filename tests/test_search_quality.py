"""Search in staff's own words, in a real browser, on the published editions served under
/telework/: the quality suite (search_queries.yml), partial answers, what is highlighted,
the section that answers first, and an index that loads only when it is used.
"""

import http.server
import re

import pytest
from playwright.sync_api import sync_playwright
from search_quality import run, summary

from guideline.documents.chromium import chromium_path
from helpers import serving_branch

pytestmark = [pytest.mark.build, pytest.mark.browser]
CHROMIUM = chromium_path()

PREFIX = "/telework/"
EDITION = "2021.03"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def base(published, tmp_path_factory):
    with serving_branch(published.repo, tmp_path_factory.mktemp("search-served")) as address:
        yield address


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context()
    yield context.new_page()
    context.close()


def search(page, query):
    page.locator("input.md-search__input").fill(query)
    page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q",
                           arg=query)
    return page.locator(".md-search-result__meta").inner_text()


def test_staff_queries_find_their_chapter_in_the_top_three(base, page):
    answers = run(page, edition_url=f"{base}{EDITION}/")
    scores = summary(answers)
    misses = [f"「{a.query}」→ {list(dict.fromkeys(a.pages))[:3]}" for a in answers
              if not a.rank or a.rank > 3]
    assert scores["queries"] >= 60
    assert scores["empty"] == 0, [a.query for a in answers if not a.pages]
    assert scores["top3"] >= 0.95, "\n".join(misses)


# Every edition has its own index: a few plain questions in each.
SEARCHES = {
    "服装は": {"guideline/07-staff/", "faq/"},
    "在宅勤務の費用": {"guideline/09-costs/"},
    "公務災害の取扱い": {"guideline/10-accidents/"},
    "時間外勤務": {"guideline/05-during/", "guideline/08-managers/"},
    "年休と組み合わせ": {"guideline/04-preparation/", "guideline/07-staff/", "faq/"},  # the FAQ answers it too
    "サテライトオフィス": {"guideline/01-start/", "guideline/02-tasks/"},
    "個人情報を扱う業務": {"guideline/02-tasks/", "guideline/03-materials/"},
}


@pytest.mark.parametrize("edition", ["2020.09", "2020.10", "2021.03", "draft"])
def test_every_edition_finds_natural_queries(base, page, edition):
    answers = run(page, edition_url=f"{base}{edition}/",
                  queries=[{"query": query, "expect": sorted(pages)} for query, pages in SEARCHES.items()])
    misses = [f"「{a.query}」→ {a.pages[:3]} ({a.meta})" for a in answers if not a.rank or a.rank > 3]
    assert not misses, misses


@pytest.mark.parametrize("query, chapter", [
    ("持ち出してはいけない資料", "guideline/03-materials/"),
    ("怪我", "guideline/10-accidents/"),
    ("残業", "guideline/05-during/"),
    ("年休", "guideline/04-preparation/"),
    ("電気代", "guideline/09-costs/"),
    ("ウェブ会議", "guideline/06-ict/"),
    ("オンライン会議", "guideline/06-ict/"),
    ("自宅のWiFi", "guideline/06-ict/"),
])
def test_other_spellings_and_everyday_words_find_the_text(base, page, query, chapter):
    page.goto(f"{base}{EDITION}/")
    search(page, query)
    pages = page.locator(".md-search-result__item > a").evaluate_all(
        "links => links.map(link => new URL(link.href).pathname)")
    assert f"{PREFIX}{EDITION}/{chapter}" in pages, pages


def test_the_section_that_answers_comes_first_and_particles_are_not_marked(base, page):
    page.goto(f"{base}{EDITION}/")
    search(page, "服装は")
    first = page.locator(".md-search-result__item > a").first
    # the chapter's ⑶ or the FAQ's answer: a section, not the top of a page
    assert first.get_attribute("href").split("/")[-1] == "#dress"
    assert "服装" in first.locator("h1").inner_text()
    marked = [text.strip() for text in page.locator(".md-search-result__list mark").all_inner_texts()]
    assert marked and set(marked) == {"服装"}, marked


@pytest.mark.parametrize("query", ["服装は", "時間外勤務", "テレビ会議", "サテライトオフィス"])
def test_excerpts_have_no_stray_ascii_periods(base, page, query):
    page.goto(f"{base}{EDITION}/")
    search(page, query)
    text = page.locator(".md-search-result__list").inner_text()
    assert not re.search(r"[^\x00-\x7f]\.\s", text), text


def test_words_that_match_nothing_are_left_out_and_the_reader_is_told(base, page):
    page.goto(f"{base}{EDITION}/")
    meta = search(page, "在宅勤務中の腰痛")
    assert meta == "『在宅勤務中の腰痛』に完全に一致するページはありません。一部の語に一致したページ："
    assert page.locator(".md-search-result__item").count() > 0


def test_a_query_with_no_known_word_points_to_the_faq_and_the_chapters(base, page):
    page.goto(f"{base}{EDITION}/guideline/07-staff/")
    assert search(page, "ぴよぴよ") == "見つかりませんでした"
    hints = page.locator(".gl-search__hints a")
    assert hints.evaluate_all("links => links.map(link => new URL(link.href).pathname)") == [
        f"{PREFIX}{EDITION}/faq/", f"{PREFIX}{EDITION}/guideline/"]


def test_index_loads_only_when_the_reader_searches(base, page):
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{base}{EDITION}/guideline/07-staff/", wait_until="networkidle")
    assert not [url for url in asked if "/pagefind/" in url]
    search(page, "服装")
    assert [url for url in asked if url.endswith("/pagefind/pagefind.js")]
    assert [url for url in asked if url.endswith("/pagefind/terms.json")]


def test_tabbing_through_the_box_leaves_the_page_undimmed(base, page):
    page.goto(f"{base}{EDITION}/guideline/07-staff/")
    overlay_open = "() => document.getElementById('__search').checked"
    page.locator("input.md-search__input").focus()
    assert not page.evaluate(overlay_open), "focus alone opened the search overlay"
    page.keyboard.type("服装")
    page.wait_for_function(overlay_open)
    page.keyboard.press("Shift+Tab")
    page.wait_for_function(f"() => !({overlay_open})()")
