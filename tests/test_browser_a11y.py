"""What a reader meets beyond what axe checks: visible keyboard focus, a keyboard-only walk,
reflow at 320 px, text spacing and 200 % zoom, on every page type of every edition.

The site is the one the `published` fixture deployed, served as a web server would serve
it: each edition's own 404 page answers for addresses in that edition that do not exist.
Needs Debian's Chromium (chromium-headless-shell); without it these tests skip.
"""

import http.server
from pathlib import Path

import pytest

from helpers import PREFIX, serving_branch, showing_context

pytestmark = [pytest.mark.build, pytest.mark.browser]

EDITIONS = ["2020.09", "2020.10", "2021.03", "draft"]
PAGE_TYPES = ["", "guideline/", "guideline/02-tasks/", "guideline/07-staff/", "guideline/print/",
              "checklists/", "faq/", "history/", "revisions/", "changes/", "no-such-page/"]


class EditionServer(http.server.SimpleHTTPRequestHandler):
    """Static files; an address that does not exist gets its edition's 404 page, status 404."""

    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        inside = self.path[len(PREFIX):] if self.path.startswith(PREFIX) else ""
        edition = inside.split("/", 1)[0]
        page = Path(self.directory) / PREFIX.strip("/") / edition / "404.html"
        if code != 404 or not edition or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def base(published, tmp_path_factory):
    with serving_branch(published.repo, tmp_path_factory.mktemp("a11y-site"), handler=EditionServer) as address:
        yield address


@pytest.fixture
def page_at(browser):
    """page_at(width, height=…, scale=…): a fresh page with that viewport."""
    contexts = []

    def open_page(width, height=900, scale=1):
        context = showing_context(browser, viewport={"width": width, "height": height}, device_scale_factor=scale)
        contexts.append(context)
        return context.new_page()
    yield open_page
    for context in contexts:
        context.close()


def visit(page, url):
    page.goto(url, wait_until="load")
    # The theme draws the edition selector once versions.json has arrived.
    page.locator(".md-version").wait_for(state="attached")


# Colours, contrast and a short name for an element, shared by the checks below.
HELPERS = """
window.glA11y = (() => {
  const parse = text => {
    const m = /rgba?\\(([^)]+)\\)/.exec(text || "");
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [r, g, b, a];
  };
  const luminance = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (x, y) => {
    const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (hi + 0.05) / (lo + 0.05);
  };
  const behind = element => {
    const layers = [];
    for (let node = element.parentElement; node; node = node.parentElement) {
      const colour = parse(getComputedStyle(node).backgroundColor);
      if (colour && colour[3] > 0) { layers.push(colour); if (colour[3] >= 1) break; }
    }
    let out = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse())
      out = [r * a + out[0] * (1 - a), g * a + out[1] * (1 - a), b * a + out[2] * (1 - a)];
    return out;
  };
  const name = element => {
    const label = element.labels && element.labels[0];
    const text = (element.getAttribute("aria-label") || (label || element).textContent || "").trim().slice(0, 24);
    return `${element.tagName.toLowerCase()}.${[...element.classList].join(".")} 「${text}」`;
  };
  return { parse, ratio, behind, name };
})();
"""

FOCUS_PROBLEMS = """() => {
  const { parse, ratio, behind, name } = window.glA11y;
  const problems = [];
  let checked = 0;
  for (const element of document.querySelectorAll(
      'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])')) {
    if (element.disabled || !element.checkVisibility({ visibilityProperty: true })) continue;
    element.focus();
    if (document.activeElement !== element) continue;
    checked += 1;
    const style = getComputedStyle(element);
    const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2 ? parse(style.outlineColor) : null;
    const gap = parse(style.boxShadow);
    const background = behind(element);
    const best = Math.max(ring ? ratio(ring, background) : 0, gap ? ratio(gap, background) : 0);
    if (best < 3) problems.push(`${name(element)}: ${best.toFixed(2)}:1`);
  }
  return { checked, problems };
}"""

OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const inScroller = element => {
    for (let node = element.parentElement; node && node !== document.body; node = node.parentElement) {
      const overflow = getComputedStyle(node).overflowX;
      if (["auto", "scroll"].includes(overflow) && node.getBoundingClientRect().right <= width + 1) return true;
    }
    return false;
  };
  const sticking = [...document.querySelectorAll("body *")].filter(element => {
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.right > width + 1
      && element.checkVisibility({ visibilityProperty: true, opacityProperty: true })
      && !inScroller(element);
  }).map(window.glA11y.name);
  return { scrollWidth: document.documentElement.scrollWidth, width, sticking };
}"""

# WCAG 1.4.12: line height 1.5, paragraph spacing 2, letter spacing 0.12, word spacing 0.16.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""

CLIPPED_TEXT = """() => [...document.querySelectorAll("body *")].filter(element => {
  const style = getComputedStyle(element);
  const clips = overflow => overflow === "hidden" || overflow === "clip";
  if (element.clientWidth <= 1 || !element.checkVisibility({ visibilityProperty: true, opacityProperty: true })) return false;
  if (element.getBoundingClientRect().right <= 0) return false;  // a drawer waiting off-screen
  if (!element.innerText || !element.innerText.trim()) return false;
  return (clips(style.overflowX) && element.scrollWidth > element.clientWidth + 1)
    || (clips(style.overflowY) && element.scrollHeight > element.clientHeight + 1);
}).map(window.glA11y.name)"""


def prepare(page):
    page.add_init_script(HELPERS)


@pytest.mark.parametrize("edition", EDITIONS)
def test_keyboard_focus_is_visible_on_every_focusable_element(base, page_at, edition):
    page = page_at(1280)
    prepare(page)
    seen = 0
    for path in PAGE_TYPES:
        visit(page, f"{base}{edition}/{path}")
        page.keyboard.press("Tab")  # focus from here on comes from the keyboard
        result = page.evaluate(FOCUS_PROBLEMS)
        assert result["problems"] == [], f"{edition}/{path}: focus not visible at 3:1"
        seen += result["checked"]
    assert seen > 40 * len(PAGE_TYPES)


@pytest.mark.parametrize(("edition", "width"), [(edition, 320) for edition in EDITIONS] + [("2021.03", 390)])
def test_pages_reflow_without_sideways_scrolling(base, page_at, edition, width):
    page = page_at(width)
    prepare(page)
    for path in PAGE_TYPES:
        visit(page, f"{base}{edition}/{path}")
        result = page.evaluate(OVERFLOW)
        assert result["sticking"] == [], f"{edition}/{path} at {width} px"
        assert result["scrollWidth"] <= result["width"], f"{edition}/{path} at {width} px"


def test_header_keeps_the_site_name_whole_on_a_phone(base, page_at):
    page = page_at(320)
    for edition in EDITIONS:
        visit(page, f"{base}{edition}/guideline/07-staff/")
        name = page.locator(".md-header__topic:first-child > .md-ellipsis")
        assert name.inner_text() == "松本市テレワークガイドライン"
        assert name.evaluate("e => e.scrollWidth <= e.clientWidth"), f"{edition}: site name cut"
        assert page.locator(".md-version__current").is_visible()


@pytest.mark.parametrize("width", [320, 1000, 1280])
def test_search_example_fits_its_box(base, page_at, width):
    page = page_at(width)
    visit(page, f"{base}2021.03/")
    if width < 960:  # on a phone the box opens from an icon
        page.get_by_role("button", name="検索", exact=True).click()
    box = page.locator(".md-search__input")
    box.wait_for(state="visible")
    # The placeholder's width, measured on a copy of its text set in the same type.
    needed, room = box.evaluate("""input => {
      const probe = document.createElement("span");
      const style = getComputedStyle(input, "::placeholder");
      Object.assign(probe.style, { position: "absolute", whiteSpace: "nowrap", fontSize: style.fontSize,
                                   fontFamily: style.fontFamily, fontWeight: style.fontWeight,
                                   fontFeatureSettings: style.fontFeatureSettings });
      probe.textContent = input.placeholder;
      document.body.append(probe);
      const width = probe.getBoundingClientRect().width;
      probe.remove();
      const own = getComputedStyle(input);
      return [width, input.clientWidth - parseFloat(own.paddingLeft) - parseFloat(own.paddingRight)];
    }""")
    assert 100 < needed <= room


@pytest.mark.parametrize("edition", ["2020.10", "2021.03"])
def test_text_spacing_loses_nothing(base, page_at, edition):
    page = page_at(1280)
    prepare(page)
    for path in PAGE_TYPES:
        visit(page, f"{base}{edition}/{path}")
        page.add_style_tag(content=TEXT_SPACING)
        assert page.evaluate(CLIPPED_TEXT) == [], f"{edition}/{path}: text cut off with wider spacing"
        assert page.evaluate(OVERFLOW)["sticking"] == [], f"{edition}/{path}"


@pytest.mark.parametrize("edition", ["2020.10", "2021.03"])
def test_zoom_to_200_percent_keeps_everything_usable(base, page_at, edition):
    # A 1280 × 900 window at 200 %: 640 × 450 CSS pixels, drawn at twice the density.
    page = page_at(640, height=450, scale=2)
    prepare(page)
    for path in PAGE_TYPES:
        visit(page, f"{base}{edition}/{path}")
        result = page.evaluate(OVERFLOW)
        assert result["sticking"] == [] and result["scrollWidth"] <= 640, f"{edition}/{path}"
        assert page.evaluate(CLIPPED_TEXT) == [], f"{edition}/{path}: text cut off at 200 %"
        assert page.locator(".md-version__current").is_visible()
        assert page.get_by_role("button", name="検索", exact=True).is_visible()


def tab_until(page, condition, *, limit=150):
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return {condition}; }})()"):
            return
    raise AssertionError(f"Tab never reached: {condition}")


def test_keyboard_only_walk_through_header_selector_and_checklist(base, page_at):
    page = page_at(1280)
    visit(page, f"{base}2021.03/checklists/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('md-skip')")
    tab_until(page, "e.classList.contains('md-version__current')")
    assert "最新" in page.locator(".md-version__current").inner_text()
    assert "latest" not in page.locator(".md-version").inner_text()
    # The list fades in: it must come to full opacity (no fixed wait: its transition is run to its end).
    page.locator(".md-version__list").evaluate(SETTLE)
    assert page.locator(".md-version__list").evaluate("list => getComputedStyle(list).opacity") == "1"
    tab_until(page, "e.classList.contains('md-version__link') && e.textContent.includes('暫定版（令和2年9月）')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base}2020.09/checklists/")
    visit(page, page.url)
    tab_until(page, "e.type === 'checkbox'")
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked")
    status = page.locator(".gl-checklist__status").first
    assert status.inner_text().startswith("1 / ")


def test_keyboard_only_search_opens_finds_and_closes(base, page_at):
    page = page_at(1280)
    visit(page, f"{base}2021.03/guideline/07-staff/")
    tab_until(page, "e.classList.contains('md-search__input')")
    page.keyboard.type("服装は")
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.keyboard.press("Escape")
    assert page.evaluate("!document.getElementById('__search').checked")


def test_keyboard_only_place_filter(base, page_at):
    page = page_at(1280)
    visit(page, f"{base}2021.03/guideline/02-tasks/")
    rows = page.locator(".gl-tasks__table tbody tr")
    total = rows.count()
    tab_until(page, "e.type === 'radio'")
    assert page.evaluate("document.activeElement.value") == ""
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.checked && document.activeElement.value") == "自宅"
    assert "自宅でできる業務" in page.locator(".gl-tasks__status").inner_text()
    assert 0 < sum(row.is_visible() for row in rows.all()) < total


def test_site_root_lands_in_one_step_through_a_japanese_page(base, page_at):
    page = page_at(1280)
    visited = []
    page.on("framenavigated", lambda frame: frame == page.main_frame and visited.append(frame.url))
    page.goto(base)
    page.wait_for_url(f"{base}2021.03/")
    assert visited == [base, f"{base}2021.03/"]
    redirect = page.request.get(f"{base}latest/guideline/07-staff/").text()
    assert '<html lang="ja">' in redirect and "移動しています" in redirect and "Redirecting" not in redirect


@pytest.mark.parametrize("edition", EDITIONS)
def test_missing_page_shows_the_editions_own_404_page(base, page_at, edition):
    page = page_at(1280)
    response = page.goto(f"{base}{edition}/guideline/no/such/page/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "ページが見つかりません"
    assert page.evaluate("document.documentElement.lang") == "ja"
    # Styled from the edition's own folder (its address is three folders deeper).
    header = page.locator(".md-header").evaluate("h => getComputedStyle(h).backgroundColor")
    assert header == "rgb(64, 81, 181)"
    page.get_by_role("link", name="のホーム").click()
    page.wait_for_url(f"{base}{edition}/")


# Runs every running transition and animation to its end state (a drawer slid in, a permalink faded
# in, a list shown): what a reader sees once the page settles, without waiting for the clock.
SETTLE = """() => { for (const a of document.getAnimations()) { try { a.finish(); } catch (e) {} } }"""

# Where the keyboard's focus is, if a reader could not see it: "" when it is in view, on top,
# once the page has settled (SETTLE).
FOCUS_OUT_OF_VIEW = """() => {
  (""" + SETTLE + """)();
  const e = document.activeElement;
  if (!e || e === document.body) return "";
  const name = window.glA11y.name(e);
  const width = document.documentElement.clientWidth, height = window.innerHeight;
  const box = e.getBoundingClientRect();
  const lines = [...e.getClientRects()].filter(r => r.width > 0 && r.height > 0);
  if (!lines.length || !e.checkVisibility({ opacityProperty: true, visibilityProperty: true })) return `hidden: ${name}`;
  if (box.left < -1 || box.top < -1 || box.right > width + 1 || box.bottom > height + 1)
    return `outside the window: ${name} at ${Math.round(box.left)},${Math.round(box.top)}`;
  const onTop = lines.some(r => {
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return hit && (hit === e || e.contains(hit));
  });
  return onTop ? "" : `covered: ${name}`;
}"""

# A desktop, a phone, the narrowest phone, a 1280 × 900 window at 200 % zoom.
VIEWPORTS = {"1280": (1280, 900, 1), "390": (390, 844, 1), "320": (320, 640, 1), "1280@200%": (640, 450, 2)}


def open_at(page_at, viewport):
    width, height, scale = VIEWPORTS[viewport]
    page = page_at(width, height=height, scale=scale)
    prepare(page)
    return page


def focus_problems(page, presses, *, inside=None):
    """Presses Tab `presses` times; what was focused out of view (or outside `inside`)."""
    problems = []
    for stop in range(1, presses + 1):
        page.keyboard.press("Tab")
        problem = page.evaluate(FOCUS_OUT_OF_VIEW)
        if not problem and inside and page.evaluate(f"!!document.activeElement.closest('{inside}')") is False \
                and page.evaluate("document.activeElement !== document.body"):
            problem = "left " + inside + ": " + page.evaluate("window.glA11y.name(document.activeElement)")
        if problem:
            problems.append(f"Tab {stop}: {problem}")
    return problems


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_first_60_tab_stops_of_a_chapter_are_all_in_view(base, page_at, viewport):
    page = open_at(page_at, viewport)
    visit(page, f"{base}2021.03/guideline/07-staff/")
    assert focus_problems(page, 60) == []


@pytest.mark.parametrize("viewport", ["390", "320", "1280@200%"])
def test_the_menu_opens_from_a_button_and_focus_goes_in_and_back_out(base, page_at, viewport):
    page = open_at(page_at, viewport)
    visit(page, f"{base}2021.03/guideline/07-staff/")
    menu = page.get_by_role("button", name="メニュー", exact=True)
    tab_until(page, "e.getAttribute('aria-label') === 'メニュー'", limit=5)
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.locator(".md-sidebar--primary").is_hidden()
    page.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "メニューを閉じる"
    # Every link of the drawer, the open page's sections and the other pages too, in view; Tab stays inside.
    links = page.locator(".md-sidebar--primary a[href]").count()
    assert focus_problems(page, links + 2, inside=".md-sidebar--primary") == []
    page.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "メニュー"
    page.locator(".md-sidebar--primary").wait_for(state="hidden")
    # The close button and a link to a section of this page close it too.
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "メニュー"
    page.keyboard.press("Enter")
    tab_until(page, "e.textContent.trim() === '⑶ 勤務時の服装'", limit=20)
    page.keyboard.press("Enter")
    page.wait_for_url("**/07-staff/#dress")
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.id") == "dress"
    assert page.evaluate(FOCUS_OUT_OF_VIEW) == ""


@pytest.mark.parametrize("viewport", ["390", "320"])
def test_the_search_opens_from_a_button_under_the_header(base, page_at, viewport):
    page = open_at(page_at, viewport)
    visit(page, f"{base}2021.03/guideline/07-staff/")
    button = page.get_by_role("button", name="検索", exact=True)
    tab_until(page, "e.getAttribute('aria-label') === '検索'", limit=10)
    page.keyboard.press("Enter")
    assert button.get_attribute("aria-expanded") == "true"
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("服装")
    page.locator(".md-search-result__item").first.wait_for()
    # The header stays in view above the results: the site's name, the edition, the button.
    name = page.locator(".md-header__topic:first-child > .md-ellipsis")
    assert name.evaluate("e => { const r = e.getBoundingClientRect(); const hit = document.elementFromPoint("
                         "r.left + r.width / 2, r.top + r.height / 2); return e === hit || e.contains(hit); }")
    box = page.locator(".md-search__input").bounding_box()
    assert box["y"] >= page.locator(".md-header").bounding_box()["height"] - 1
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "検索"
    page.locator(".md-search__inner").wait_for(state="hidden")
