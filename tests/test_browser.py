"""The published multi-edition site in a real browser, served under /telework/ as an intranet does.

Needs Debian's Chromium (chromium-headless-shell); without it these tests skip and say how to get it.
"""

import re
from urllib.parse import urlsplit

import pytest

from guideline.content import editions
from helpers import as_a_reader_fetches, showing_context

pytestmark = [pytest.mark.build, pytest.mark.browser]

@pytest.fixture(scope="module")
def site(served, published):
    """Every edition published with mike and served at http://127.0.0.1:PORT/telework/."""
    return {**served, "manifest": editions.load_manifest(published.repo)}


class Watch:
    """Everything a page asks for: requests to other hosts are recorded (the browser sends them
    nowhere: see BROWSER_FLAGS in conftest), and so are failed responses and script errors."""

    def __init__(self, context, origin):
        self.foreign, self.failed, self.errors = [], [], []
        self.origin = urlsplit(origin).netloc

    def _asked(self, request):
        if urlsplit(request.url).netloc not in (self.origin, ""):
            self.foreign.append(request.url)

    def page(self, context):
        page = context.new_page()
        page.on("request", self._asked)
        page.on("console", lambda message: message.type == "error" and self.errors.append(message.text))
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.on("response", lambda response: response.status >= 400 and self.failed.append(
            f"{response.status} {response.url}"))
        return page


@pytest.fixture
def reading_context(browser):
    """A browser as a reader's: pages read the search index ahead once idle."""
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def context(browser):
    """For what a page shows (see helpers.WITHOUT_READING_AHEAD)."""
    context = showing_context(browser)
    yield context
    context.close()


def every_page(site):
    for path in sorted(site["dir"].rglob("index.html")):
        relative = path.parent.relative_to(site["dir"]).as_posix()
        if not relative.startswith("latest"):  # redirects into 2021.03, crawled there
            yield "" if relative == "." else relative + "/"


def test_no_request_leaves_the_origin_and_nothing_fails(site, reading_context, context):
    """Every page; and in each edition, everything the search reads ahead, read to the end
    (on the other pages the next page would cut it short)."""
    watch = Watch(reading_context, site["origin"])
    reading, showing = watch.page(reading_context), watch.page(context)
    for edition in site["manifest"].editions:
        reading.goto(site["base"] + edition.id + "/", wait_until="load")
        reading.locator("[data-gl-search][data-gl-ready]").wait_for(state="attached")
    pages = list(every_page(site))
    assert len(pages) > 40
    for path in pages:
        showing.goto(site["base"] + path, wait_until="load")
    assert watch.foreign == [], "requests to other hosts"
    assert watch.failed == [], "failed responses"
    assert watch.errors == [], "console errors"


def test_site_root_lands_on_the_official_edition(site, context):
    page = context.new_page()
    page.goto(site["base"])
    page.wait_for_url(site["base"] + "2021.03/")
    assert "正式版（令和3年3月）" in page.locator(".gl-edition__name").inner_text()


def open_version_menu(page):
    page.locator(".md-version").hover(force=True)
    return page.locator(".md-version__list .md-version__link")


def test_version_selector_lists_public_editions_not_the_draft(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/guideline/07-staff/")
    links = open_version_menu(page)
    links.first.wait_for()
    titles = links.evaluate_all("links => links.map(link => link.firstChild.textContent.trim())")
    public = [e.title for e in site["manifest"].editions if not e.is_draft]
    assert sorted(titles) == sorted(public)


def test_switching_edition_keeps_the_page(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2020.09/guideline/07-staff/")
    links = open_version_menu(page)
    links.filter(has_text="正式版（令和3年3月）").click()
    page.wait_for_url(site["base"] + "2021.03/guideline/07-staff/")


def test_banners_say_which_edition_and_point_to_latest(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2020.09/guideline/07-staff/")
    assert "暫定版" in page.locator(".gl-edition__notice").inner_text()
    outdated = page.locator(".md-banner--warning")
    outdated.wait_for(state="visible")
    outdated.locator("a").click()
    page.wait_for_url(site["base"] + "2021.03/guideline/07-staff/")
    assert page.locator(".md-banner--warning").is_hidden()
    assert page.locator(".gl-edition__notice").count() == 0
    page.goto(site["base"] + "draft/guideline/07-staff/")
    assert "改訂案（未公表）" in page.locator(".gl-edition__notice").inner_text()
    assert page.locator(".md-banner--warning").count() == 0


def test_checklist_ticks_survive_a_reload_and_can_be_cleared(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    boxes = page.locator('[data-checklist="before"] input[type=checkbox]')
    boxes.nth(0).check()
    boxes.nth(2).check()
    page.reload()
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator('[data-checklist="workday"] input:checked').count() == 0
    page.locator('[data-checklist="before"] .gl-checklist__clear').click()
    page.reload()
    assert page.locator('[data-checklist="before"] input:checked').count() == 0


def test_printed_checklists_show_empty_boxes(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    page.locator('[data-checklist="before"] input[type=checkbox]').first.check()
    page.emulate_media(media="print")
    first = page.locator('[data-checklist="before"] input[type=checkbox]').first
    assert first.evaluate("box => getComputedStyle(box).appearance") == "none"
    assert page.locator(".gl-checklist__clear").first.is_hidden()
    assert page.locator(".md-header").is_hidden()


def test_comparison_columns_side_by_side_then_stacked_on_a_phone(site, browser):
    for width, side_by_side in ((1280, True), (390, False)):
        context = showing_context(browser, viewport={"width": width, "height": 900})
        page = context.new_page()
        page.goto(site["base"] + "2021.03/changes/")
        mark = page.locator(".gl-compare .gl-mark").first
        assert mark.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
        row = page.locator(".gl-compare tbody tr").filter(has=page.locator(".gl-mark")).first
        new, old = (row.locator("td").nth(i).bounding_box() for i in (0, 1))
        if side_by_side:
            assert new["y"] == old["y"] and new["x"] < old["x"]
        else:
            assert old["y"] >= new["y"] + new["height"] - 1 and abs(new["x"] - old["x"]) < 2
        context.close()


A11Y_PAGES = ["", "guideline/07-staff/", "faq/", "checklists/", "changes/"]


@pytest.mark.parametrize("path", A11Y_PAGES)
def test_no_wcag_aa_violations(site, context, path):
    from axe_playwright_python.sync_playwright import Axe
    page = context.new_page()
    page.goto(site["base"] + "latest/" + path)
    page.wait_for_url(site["base"] + "2021.03/" + path)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
        "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]})
    assert results.violations_count == 0, results.generate_report()


def test_skip_link_and_version_selector_are_reachable_by_keyboard(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/guideline/07-staff/")
    page.locator(".md-version").wait_for(state="attached")  # drawn once versions.json has arrived
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    reached = []
    for _ in range(15):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.closest('.md-version') !== null"))
    assert any(reached), "the edition selector cannot be reached with Tab"


def test_comparison_prints_on_a4_landscape_and_chapters_on_a4_portrait(site, context):
    page = context.new_page()
    sizes = {}
    for path in ("changes/", "guideline/07-staff/"):
        page.goto(site["base"] + "2021.03/" + path)
        pdf = page.pdf(prefer_css_page_size=True)
        width, height = (float(n) for n in re.search(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf).groups())
        sizes[path] = (round(width), round(height))
    assert sizes == {"changes/": (842, 595), "guideline/07-staff/": (595, 842)}


def test_task_table_filters_by_place_of_work(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/guideline/02-tasks/")
    rows = page.locator(".gl-tasks__table tbody tr")
    total = rows.count()
    page.get_by_label("自宅", exact=True).check()
    visible = [row.locator("th").inner_text() for row in rows.all() if row.is_visible()]
    assert 0 < len(visible) < total
    assert not any("窓口" in name or "個人情報" in name for name in visible)
    assert "自宅でできる業務" in page.locator(".gl-tasks__status").inner_text()
    page.get_by_label("すべて").check()
    assert sum(row.is_visible() for row in rows.all()) == total


def test_checklists_and_task_table_work_without_javascript(site, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    box = page.locator('[data-checklist="before"] input[type=checkbox]').first
    box.check()
    assert box.is_checked()
    assert page.locator(".gl-checklist__clear").first.is_hidden()
    page.goto(site["base"] + "2021.03/guideline/02-tasks/")
    assert page.locator(".gl-tasks__filter").is_hidden()
    assert all(row.is_visible() for row in page.locator(".gl-tasks__table tbody tr").all())
    context.close()


# Widths a reader meets: a desktop, a phone, the narrowest phone, and a 1280 px desktop at 200 % zoom.
VIEWPORTS = {"1280": (1280, 1), "390": (390, 1), "320": (320, 1), "1280@200%": (640, 2)}


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_task_filter_shows_the_rows_it_counts_at_every_width(site, browser, viewport):
    width, scale = VIEWPORTS[viewport]
    context = showing_context(browser, viewport={"width": width, "height": 900}, device_scale_factor=scale)
    page = context.new_page()
    page.goto(site["base"] + "2021.03/guideline/02-tasks/")
    rows = page.locator(".gl-tasks__table tbody tr")
    total = rows.count()
    for place in ("自宅", "サテライトオフィス（公民館）", "庁舎"):
        page.get_by_label(place, exact=True).check()
        shown = [row.locator("th").inner_text() for row in rows.all() if row.is_visible()]
        status = page.locator(".gl-tasks__status").inner_text()
        assert status == f"{place}でできる業務：{len(shown)} 件", (viewport, shown)
        if place == "自宅":
            assert 0 < len(shown) < total and not any("個人情報" in name for name in shown), viewport
    page.get_by_label("すべて").check()
    assert sum(row.is_visible() for row in rows.all()) == total
    context.close()


@pytest.mark.parametrize("width", [390, 320])
def test_checklist_box_stands_beside_its_label_on_a_phone(site, browser, width):
    context = showing_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    items = page.locator(".gl-checklist__items li")
    assert items.count() > 20
    for item in items.all():
        box, label = item.locator("input").bounding_box(), item.locator("label").bounding_box()
        assert box["x"] + box["width"] <= label["x"], item.inner_text()
        assert label["y"] <= box["y"] + box["height"] / 2 <= label["y"] + label["height"], item.inner_text()
    context.close()


def test_a_chapters_first_visit_is_at_most_ten_requests_and_100_kb(site, reading_context):
    """The page, its styles and scripts (the site's own in one file) and versions.json; the search
    index is counted apart (fetched once the page has loaded, ready for the first search)."""
    import gzip
    page = reading_context.new_page()
    finished = []
    page.on("requestfinished", lambda request: finished.append(request.url))
    page.goto(site["base"] + "2021.03/guideline/07-staff/", wait_until="networkidle")
    own = as_a_reader_fetches(page, [url for url in finished if "/pagefind/" not in urlsplit(url).path])
    assert any(url.endswith("/favicon.png") for url in own), own
    scripts = [url for url in own if url.endswith(".js")]
    assert len(own) <= 10, own
    assert sum(url.endswith("/guideline.js") for url in scripts) == 1, scripts

    def gzipped(url):
        path = site["dir"].parent / urlsplit(url).path.lstrip("/")
        return len(gzip.compress((path / "index.html" if path.is_dir() else path).read_bytes(), 6))
    assert sum(map(gzipped, own)) <= 100 * 1024


def test_checklist_ticks_are_kept_per_edition_and_visiting_another_loses_none(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    boxes = page.locator(".gl-checklist input[type=checkbox]")
    total = boxes.count()
    assert total > 20
    note = page.locator(".gl-checklist__saved").first
    assert "まだチェックしていません" in note.inner_text()
    for box in boxes.all():
        box.check()
    assert "この版のものとして、このブラウザーにだけ保存されます" in note.inner_text()
    assert re.search(r"最終変更：\d{4}年\d{1,2}月\d{1,2}日 \d{1,2}:\d{2}", note.inner_text()), note.inner_text()
    # An older edition has checklists of its own, worded alike in places: none of its boxes is ticked.
    page.goto(site["base"] + "2020.09/checklists/")
    assert page.locator(".gl-checklist input[type=checkbox]").count() > 0
    assert page.locator(".gl-checklist input:checked").count() == 0
    page.locator(".gl-checklist input[type=checkbox]").first.check()
    page.goto(site["base"] + "2021.03/checklists/")
    assert page.locator(".gl-checklist input:checked").count() == total
    page.goto(site["base"] + "2020.09/checklists/")
    assert page.locator(".gl-checklist input:checked").count() == 1


def test_ticks_kept_before_editions_had_their_own_move_to_the_first_edition_opened(site, context):
    page = context.new_page()
    page.goto(site["base"] + "2021.03/checklists/")
    words = page.locator('[data-checklist="before"] input').first.get_attribute("data-item")
    page.evaluate("words => localStorage.setItem('telework-guideline:checklist:before', JSON.stringify([words]))",
                  words)
    page.reload()
    assert page.locator('[data-checklist="before"] input:checked').count() == 1
    page.goto(site["base"] + "2020.10/checklists/")
    assert page.locator('[data-checklist="before"] input:checked').count() == 0
    page.goto(site["base"] + "2021.03/checklists/")
    assert page.locator('[data-checklist="before"] input:checked').count() == 1
