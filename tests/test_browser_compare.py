"""The comparison pages in a real browser: the edition picker, phones, desktop width.

Serves the tests' published branch under /telework/ with the nginx sample's headers (its CSP);
needs Debian's Chromium.
"""


import pytest

from helpers import serving_branch, showing_context

pytestmark = [pytest.mark.build, pytest.mark.browser]

PREFIX = "/telework/"


@pytest.fixture(scope="module")
def base(published, tmp_path_factory):
    with serving_branch(published.repo, tmp_path_factory.mktemp("compare-browser")) as address:
        yield address


def open_page(browser, url, width):
    context = showing_context(browser, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url)
    return page


def test_picking_two_editions_opens_their_table(browser, base):
    page = open_page(browser, base + "draft/compare/", 1280)
    page.get_by_label("改正後の版").select_option("2020.10")
    page.get_by_label("改正前の版").select_option("2020.09")
    page.get_by_role("button", name="比べる").click()
    page.wait_for_url(base + "2020.10/compare/2020.09/")
    assert page.locator("table.gl-compare .gl-mark").count() > 0
    assert "暫定版 修正・内部公表（令和2年10月）（改正後）" in page.locator("article").inner_text()


def test_the_picker_takes_the_editions_in_either_order_and_refuses_one(browser, base):
    page = open_page(browser, base + "draft/compare/", 1280)
    page.get_by_label("改正後の版").select_option("2020.09")
    page.get_by_label("改正前の版").select_option("2021.03")
    page.get_by_role("button", name="比べる").click()
    page.wait_for_url(base + "2021.03/compare/2020.09/")
    page = open_page(browser, base + "draft/compare/", 1280)
    page.get_by_label("改正後の版").select_option("2021.03")
    page.get_by_label("改正前の版").select_option("2021.03")
    page.get_by_role("button", name="比べる").click()
    assert page.locator("form.gl-picker").get_by_role("status").inner_text() == "違う版を二つ選んでください。"
    assert page.url == base + "draft/compare/"


def test_without_javascript_every_pair_is_a_link(browser, base):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base + "2021.03/compare/")
    assert page.locator("form.gl-picker").is_hidden()
    page.get_by_role("link", name="暫定版 修正・内部公表（令和2年10月） ← 暫定版（令和2年9月）").click()
    page.wait_for_url(base + "2020.10/compare/2020.09/")
    context.close()


def test_on_a_phone_captions_stay_readable_and_columns_stack(browser, base):
    page = open_page(browser, base + "2021.03/changes/", 390)
    caption = page.locator("table.gl-compare caption").first
    box = caption.bounding_box()
    assert box["width"] > 300, box  # was 16 px: one character a line
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row = page.locator("table.gl-compare tbody tr").filter(has=page.locator(".gl-mark")).first
    new, old = (row.locator("td").nth(i).bounding_box() for i in (0, 1))
    assert old["y"] >= new["y"] + new["height"] - 1


def test_on_a_desktop_the_tables_take_the_content_width(browser, base):
    page = open_page(browser, base + "2021.03/changes/", 1280)
    assert page.locator("table.gl-compare").first.bounding_box()["width"] > 1100
    assert page.locator(".md-sidebar--secondary").count() == 0 or page.locator(".md-sidebar--secondary").is_hidden()
    assert page.locator(".md-sidebar--primary").is_hidden()


def test_on_a_desktop_the_head_row_stays_in_view_under_the_header(browser, base):
    page = open_page(browser, base + "2021.03/compare/2020.09/", 1280)
    table = page.locator("#ch02 + .gl-compare__note + table.gl-compare")
    box = table.bounding_box()
    page.evaluate("y => window.scrollTo(0, y)", box["y"] + box["height"] / 2)
    page.wait_for_function("() => document.querySelector('#ch02').getBoundingClientRect().bottom < 0")
    head = table.locator("thead th").first.bounding_box()
    header = page.locator(".md-header").bounding_box()
    assert abs(head["y"] - (header["y"] + header["height"])) <= 1, (head, header)
    assert page.locator("table.gl-compare thead th").first.inner_text() == "改正後"


def test_on_a_phone_a_long_page_offers_a_jump_list_by_chapter(browser, base):
    page = open_page(browser, base + "2021.03/compare/2020.09/", 390)
    jump = page.get_by_role("navigation", name="改訂されたページへ移動")
    page.evaluate("window.scrollTo(0, 20000)")
    page.wait_for_function("() => window.scrollY > 15000")
    assert jump.bounding_box()["y"] <= page.locator(".md-header").bounding_box()["height"] + 1  # still in view
    jump.get_by_role("link", name="第2章").click()
    page.wait_for_url("**#ch02")
    heading = page.locator("#ch02").bounding_box()
    below = jump.bounding_box()["y"] + jump.bounding_box()["height"]
    assert below <= heading["y"] < 900, (heading, below)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("path", ["draft/changes/", "draft/compare/", "2021.03/compare/2020.09/",
                                  "draft/guideline/07-staff/"])
def test_comparison_pages_have_no_wcag_aa_violations(browser, base, path):
    from axe_playwright_python.sync_playwright import Axe
    for width in (1280, 390):
        page = open_page(browser, base + path, width)
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": [
            "wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}, "resultTypes": ["violations"]})
        assert results.violations_count == 0, results.generate_report()
