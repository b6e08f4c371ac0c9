"""HTML to PDF with Debian's Chromium, driven by Playwright, reading nothing but the page's own folder.

Chosen over WeasyPrint by measurement (README, 「PDF」): Chromium is the browser the print
CSS is written for, and on the print page it was the faster of the two.

What is printed may hold raw HTML from the content (which `guideline check` refuses besides),
so the browser is shut in: scripts are off, the sandbox is on where the machine allows it
(not as root, where Chromium refuses to start with it), and the page is served from a
made-up origin (ORIGIN) by an interception that answers only with files of the page's own
built folder: no `..`, no symbolic link, no `file:` address, no other host, no WebSocket.

Starting Chromium costs more than printing a short document, so one browser prints any
number of jobs (`print_pdfs`); the jobs may still be coming while it prints, and a job's PDF
may ask for another print (`print_chains`). A page read from a folder gets a fresh context
of its own. A self-contained text (a 新旧対照表) is put into one shared tab that answers no
request at all: a new tab costs about five times the print of a short document, and
hundreds of them come in one publish.
"""

import mimetypes
import os
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from guideline.errors import GuidelineError

CHROMIUM_VARIABLE = "GUIDELINE_CHROMIUM"
# Chromium's headless build first: the same Blink, printing and rendering the same, in about 60 %
# of the full browser's time (README, 「PDF」); the full browser where only it is installed.
CANDIDATES = ("/usr/bin/chromium-headless-shell", "/usr/bin/chromium")
# The page's address: a name that can never resolve (RFC 6761), answered only by the interception.
ORIGIN = "http://edition.invalid"
# No update checks or other background traffic, and no name resolves: nothing leaves the machine.
OFFLINE_FLAGS = ["--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-default-apps", "--no-first-run", "--disable-quic",
                 "--disable-domain-reliability", "--metrics-recording-only", "--no-pings",
                 "--host-resolver-rules=MAP * ~NOTFOUND"]
HEAD_END = "</head>"


@dataclass(frozen=True)
class Relabel:
    """New texts for the elements `selector` finds in a page, in order, each set as plain text."""

    selector: str
    texts: tuple


@dataclass(frozen=True)
class PrintJob:
    """One PDF: `page` (a path inside `folder`) printed with `style` added on top. With `html`,
    that text is the page, served at its address instead of a file (what it loads still comes
    from `folder` only); without a folder the page may load nothing at all.

    With `relabel`, the job right before it printed the same page, and `html` differs from that
    page's only in those texts: they are set in the page as it stands, instead of loading it
    again (a fifth to a third of a long document's print). `html` is loaded where that cannot be."""

    folder: Path | None
    page: str
    style: str = ""
    html: str | None = None
    relabel: Relabel | None = None

    @classmethod
    def of_html(cls, html: str, *, style: str = "") -> "PrintJob":
        """A self-contained HTML text."""
        return cls(folder=None, page="", style=style, html=html)


# A job, and what to do with its PDF: nothing more (None) or the next job of the same document.
Step = tuple[PrintJob, Callable[[bytes], "Step | None"]]
# A step made only when its turn comes, so that it can use what the prints before it learned
# (None: nothing to print).
LaterStep = Callable[[], Step | None]


def chromium_path() -> Path:
    chosen = os.environ.get(CHROMIUM_VARIABLE)
    if chosen:
        return Path(chosen)
    return next((Path(path) for path in CANDIDATES if Path(path).is_file()), Path(CANDIDATES[0]))


def missing_engine() -> str | None:
    """Why no PDF can be made on this machine, in Japanese; None when it can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright が入っていません（make install で入ります）"
    if not chromium_path().is_file():
        return f"Chromium（{chromium_path()}）がありません（apt-get install chromium-headless-shell で入ります）"
    return None


def sandboxed() -> bool:
    """Chromium's sandbox is used except as root, where Chromium will not start with it."""
    return os.geteuid() != 0


def _launch(playwright):
    """Chromium with its sandbox where the machine allows one: a kernel without user
    namespaces for it refuses the sandbox, and then only the rest of the shutting-in holds."""
    from playwright.sync_api import Error
    chromium = playwright.chromium
    if sandboxed():
        try:
            return chromium.launch(executable_path=str(chromium_path()), args=OFFLINE_FLAGS, chromium_sandbox=True)
        except Error as error:
            if "sandbox" not in error.message.lower():
                raise
    return chromium.launch(executable_path=str(chromium_path()), args=OFFLINE_FLAGS, chromium_sandbox=False)


def print_one(job: PrintJob) -> bytes:
    """The PDF of one job, with a browser of its own."""
    with closing(print_pdfs([job])) as printed:
        return next(printed)


def print_pdfs(jobs: Iterable[PrintJob]) -> Generator[bytes, None, None]:
    """The PDF of each job, in order, all printed by one shut-in browser. Each PDF is handed
    over as soon as it is printed; `jobs` may still be coming (a generator), and the browser
    starts at once, ready for them."""
    if isinstance(jobs, list | tuple) and not jobs:
        return
    with _browser() as render:
        for job in jobs:
            yield render(job)


def print_chains(steps: Iterable[Step | LaterStep]) -> None:
    """Print each step's job with one browser and hand its PDF to the step, which may ask for
    the next print of its document (printed before any step still to come)."""
    follow: deque = deque()   # the steps the printed ones asked for
    handlers: deque = deque()  # what to do with each PDF under way, in order
    source = iter(steps)

    def jobs() -> Iterator[PrintJob]:
        while (step := follow.popleft() if follow else next(source, None)) is not None:
            if callable(step) and (step := step()) is None:
                continue
            job, handle = step
            handlers.append(handle)
            yield job

    for pdf in print_pdfs(jobs()):
        step = handlers.popleft()(pdf)
        if step is not None:
            follow.append(step)


@contextmanager
def _browser() -> Iterator[Callable[[PrintJob], bytes]]:
    """A function PrintJob → PDF bytes, all with one shut-in browser."""
    reason = missing_engine()
    if reason:
        raise GuidelineError(f"PDF を作れません: {reason}")
    from playwright.sync_api import Error, sync_playwright
    try:
        with sync_playwright() as playwright:
            browser = _launch(playwright)
            try:
                yield _Printer(browser)
            finally:
                browser.close()
    except Error as error:
        raise GuidelineError(f"Chromium で PDF を作れませんでした: {error.message.splitlines()[0]}") from None


PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True, "tagged": True, "outline": True}


class _Printer:
    """PrintJob → PDF bytes in one browser: a text in the shared tab; a folder's page in a
    context of its own, kept open while the next jobs print the same page again (a document
    printed twice for its page numbers) and closed when another page comes."""

    def __init__(self, browser):
        self.browser = browser
        self.text_tab = None
        self.page_tab = None  # (folder, page, context, its interception, tab)
        self.loaded: str | None = None  # the style of the page loaded in that tab, once it has loaded

    def __call__(self, job: PrintJob) -> bytes:
        if job.folder is not None:
            return self._print_page(job, folder=job.folder)
        tab = self._text_tab()
        tab.set_content(_with_style((job.html or "").encode("utf-8"), job.style).decode("utf-8"), wait_until="load")
        return tab.pdf(**PDF_OPTIONS)

    def _text_tab(self):
        if self.text_tab is None:
            context = _shut_in_context(self.browser)
            context.route("**/*", lambda route: route.abort("accessdenied"))
            self.text_tab = context.new_page()
        return self.text_tab

    def _print_page(self, job: PrintJob, *, folder: Path) -> bytes:
        printed = "/" + job.page
        if self.page_tab is None or self.page_tab[:2] != (folder, job.page):
            self._close_page()
            context = _shut_in_context(self.browser)
            answer = _Answer(folder=folder.resolve(), texts={}, style="", printed=printed)
            context.route("**/*", answer)
            self.page_tab = (folder, job.page, context, answer, context.new_page())
            self.loaded = None
        *_, answer, tab = self.page_tab
        if not (job.relabel and self.loaded == job.style and _relabelled(tab, job.relabel)):
            answer.texts = {printed: job.html.encode("utf-8")} if job.html is not None else {}
            answer.style = job.style
            self.loaded = None
            tab.goto(ORIGIN + quote(printed), wait_until="load")
            self.loaded = job.style
        return tab.pdf(**PDF_OPTIONS)

    def _close_page(self) -> None:
        if self.page_tab is not None:
            self.page_tab[2].close()
            self.page_tab = None


# Run by Playwright in the page, not by the page (its own scripts never run): plain text only.
RELABEL = """([selector, texts]) => {
  const found = document.querySelectorAll(selector);
  if (found.length !== texts.length) return false;
  found.forEach((element, i) => { element.textContent = texts[i]; });
  return true;
}"""


def _relabelled(tab, relabel: Relabel) -> bool:
    """Set the texts in the loaded page; False (nothing changed) unless it has exactly as many."""
    return bool(tab.evaluate(RELABEL, [relabel.selector, list(relabel.texts)]))


def _shut_in_context(browser):
    context = browser.new_context(java_script_enabled=False, service_workers="block", accept_downloads=False)
    context.route_web_socket("**/*", lambda socket: socket.close())
    return context


class _Answer:
    """The interception: the page and files of its folder from ORIGIN; every other request refused."""

    def __init__(self, *, folder: Path, texts: dict, style: str, printed: str):
        self.folder, self.texts, self.style, self.printed = folder, texts, style, printed

    def __call__(self, route):
        url = route.request.url
        body = self._body(url) if url.startswith(f"{ORIGIN}/") else None
        if body is None:
            route.abort("accessdenied")
            return
        path = unquote(urlsplit(url).path)
        if path == self.printed and self.style:
            body = _with_style(body, self.style)
        kind = mimetypes.guess_type(path if not path.endswith("/") else "index.html")[0]
        route.fulfill(status=200, body=body, content_type=kind or "application/octet-stream")

    def _body(self, url: str) -> bytes | None:
        path = urlsplit(url).path
        if unquote(path) in self.texts:  # the page itself, given as text
            return self.texts[unquote(path)]
        found = contained_file(self.folder, path)
        return found.read_bytes() if found else None


def contained_file(folder: Path, address_path: str) -> Path | None:
    """The file `address_path` names inside `folder` (a resolved folder), or None: no `..`,
    no symbolic link on the way, nothing outside."""
    path = unquote(address_path)
    if path.endswith("/"):
        path += "index.html"
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if not parts or any(part == ".." or "\\" in part or "\0" in part for part in parts):
        return None
    candidate = folder.joinpath(*parts)
    try:
        if candidate.resolve(strict=True) != candidate or not candidate.is_file():
            return None  # a link somewhere on the way, or not a file
    except OSError:
        return None
    return candidate


def _with_style(body: bytes, style: str) -> bytes:
    """The page with `style` last in its head, so it wins over the page's own."""
    html = body.decode("utf-8", "replace")
    tag = f"<style>{style}</style>"
    at = html.find(HEAD_END)
    return (html[:at] + tag + html[at:] if at >= 0 else tag + html).encode("utf-8")
