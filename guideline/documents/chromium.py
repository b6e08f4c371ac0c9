"""HTML to PDF with Debian's Chromium, driven by Playwright.

Chosen over WeasyPrint by measurement (README, 「PDF」): Chromium is the browser the print
CSS is written for, and on the print page it was the faster of the two.
"""

import os
from pathlib import Path

from guideline.errors import GuidelineError

CHROMIUM_VARIABLE = "GUIDELINE_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Nothing but the local file is loaded; no update checks or other background traffic.
OFFLINE_FLAGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps", "--no-first-run", "--disable-quic",
                 "--disable-domain-reliability", "--metrics-recording-only", "--no-pings"]


def chromium_path() -> Path:
    return Path(os.environ.get(CHROMIUM_VARIABLE) or DEFAULT_CHROMIUM)


def missing_engine() -> str | None:
    """Why no PDF can be made on this machine, in Japanese; None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright が入っていません（make install で入ります）"
    if not chromium_path().is_file():
        return f"Chromium（{chromium_path()}）がありません（apt-get install chromium で入ります）"
    return None


def print_pdf(*, url: str | None = None, html: str | None = None, style: str = "") -> bytes:
    """The PDF of a page (a file:// address) or of an HTML text, with `style` added on top."""
    reason = missing_engine()
    if reason:
        raise GuidelineError(f"PDF を作れません: {reason}")
    from playwright.sync_api import Error, sync_playwright
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium_path()), args=OFFLINE_FLAGS)
            try:
                page = browser.new_page()
                page.route(lambda address: not address.startswith(("file:", "data:", "about:")),
                           lambda route: route.abort())
                if url:
                    page.goto(url, wait_until="load")
                else:
                    page.set_content(html or "", wait_until="load")
                if style:
                    page.add_style_tag(content=style)
                return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
            finally:
                browser.close()
    except Error as error:
        raise GuidelineError(f"Chromium で PDF を作れませんでした: {error.message.splitlines()[0]}") from None
