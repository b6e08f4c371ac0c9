"""HTML to PDF with Debian's Chromium, driven by Playwright.

Chosen over WeasyPrint by measurement (README, 「PDF」): Chromium is the browser the print
CSS is written for, and on the print page it was the faster of the two.
"""

import contextlib
import os
from collections.abc import Generator, Iterable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class PrintJob:
    """One page to print: a file:// address or an HTML text, with `style` added on top."""
    url: str | None = None
    html: str | None = None
    style: str = ""


def print_pdf(*, url: str | None = None, html: str | None = None, style: str = "") -> bytes:
    """The PDF of a page (a file:// address) or of an HTML text, with `style` added on top."""
    with contextlib.closing(print_pdfs([PrintJob(url=url, html=html, style=style)])) as printed:
        return next(printed)


def print_pdfs(jobs: Iterable) -> Generator[bytes, None, None]:
    """The PDF of each job, in order, all printed by one browser in one tab: starting Chromium,
    and opening a tab (a renderer that loads the fonts), cost more than printing a short document.
    Each PDF is handed over as soon as it is printed; `jobs` may still be coming (a generator),
    and Chromium starts at once, ready for them."""
    if isinstance(jobs, list | tuple) and not jobs:
        return
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
                for job in jobs:
                    yield _print(page, job)
            finally:
                browser.close()
    except Error as error:
        raise GuidelineError(f"Chromium で PDF を作れませんでした: {error.message.splitlines()[0]}") from None


def _print(page, job: PrintJob) -> bytes:
    """Load the job's page into the tab (the one before goes with it) and print it."""
    if job.url:
        page.goto(job.url, wait_until="load")
    else:
        page.set_content(job.html or "", wait_until="load")
    if job.style:
        page.add_style_tag(content=job.style)
    return page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True)
