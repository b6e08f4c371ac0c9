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

One print keeps about one core busy, in turns between Chromium, its driver and Python, so
`print_chains` may print on several lanes at once, each a thread with tabs of its own in the
one browser. The browser is driven through Playwright's asyncio API on a loop in a thread of
its own (`_Engine`), which every lane's calls go to.
"""

import asyncio
import importlib.util
import mimetypes
import os
import threading
from collections.abc import Callable, Coroutine, Generator, Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
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
    if importlib.util.find_spec("playwright") is None:  # found, not loaded: printing loads it, in its own thread
        return "Playwright が入っていません（make install で入ります）"
    if not chromium_path().is_file():
        return f"Chromium（{chromium_path()}）がありません（apt-get install chromium-headless-shell で入ります）"
    return None


def sandboxed() -> bool:
    """Chromium's sandbox is used except as root, where Chromium will not start with it."""
    return os.geteuid() != 0


async def _launch(playwright):
    """Chromium with its sandbox where the machine allows one: a kernel without user
    namespaces for it refuses the sandbox, and then only the rest of the shutting-in holds."""
    from playwright.async_api import Error
    chromium = playwright.chromium
    if sandboxed():
        try:
            return await chromium.launch(executable_path=str(chromium_path()), args=OFFLINE_FLAGS,
                                         chromium_sandbox=True)
        except Error as error:
            if "sandbox" not in error.message.lower():
                raise
    return await chromium.launch(executable_path=str(chromium_path()), args=OFFLINE_FLAGS, chromium_sandbox=False)


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
    with _browser() as engine:
        render = _Printer(engine)
        for job in jobs:
            yield render(job)


def print_chains(steps: Iterable[Step | LaterStep], *, lanes: int = 1) -> None:
    """Print each step's job with one browser and hand its PDF to the step, which may ask for
    the next print of its document (printed next on the same lane). With several `lanes`,
    that many documents print at once."""
    source = _Steps(iter(steps))
    with _browser() as engine:
        if lanes <= 1:
            _print_lane(_Printer(engine), source)
            return
        failures: list = []

        def lane() -> None:
            try:
                _print_lane(_Printer(engine), source)
            except BaseException as error:  # the first one is raised below, once every lane has stopped
                source.failed = True
                failures.append(error)
        threads = [threading.Thread(target=lane, name=f"guideline-print-{number}", daemon=True)
                   for number in range(lanes)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if failures:
            raise failures[0]


def _print_lane(render: "_Printer", source: "_Steps") -> None:
    while (step := source.next()) is not None:
        while step is not None:
            job, handle = step
            step = handle(render(job))


class _Steps:
    """The steps still to print, taken one at a time by any lane; none once a lane has failed."""

    def __init__(self, steps: Iterator):
        self.steps, self.lock, self.failed = steps, threading.Lock(), False

    def next(self) -> Step | None:
        with self.lock:  # a lane waiting here for the next step to come holds the others back, as it should
            while not self.failed and (step := next(self.steps, None)) is not None:
                if callable(step) and (step := step()) is None:
                    continue
                return step
            return None


class _Engine:
    """Playwright's asyncio API on an event loop in a thread of its own; `run` waits for a
    coroutine from any thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="guideline-chromium", daemon=True)
        self.playwright: Any = None
        self.browser: Any = None

    def run(self, coroutine: Coroutine):
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result()

    def start(self) -> "_Engine":
        from playwright.async_api import async_playwright
        self.thread.start()
        self.playwright = self.run(async_playwright().start())
        self.browser = self.run(_launch(self.playwright))
        return self

    def close(self) -> None:
        try:
            if self.browser is not None:
                self.run(self.browser.close())
        finally:
            try:
                if self.playwright is not None:
                    self.run(self.playwright.stop())
            finally:
                self.loop.call_soon_threadsafe(self.loop.stop)
                self.thread.join()
                self.loop.close()


@contextmanager
def _browser() -> Iterator[_Engine]:
    """One shut-in browser, for `_Printer`s to print with."""
    reason = missing_engine()
    if reason:
        raise GuidelineError(f"PDF を作れません: {reason}")
    try:
        from playwright.async_api import Error
    except ImportError as error:  # found (missing_engine) but broken
        raise GuidelineError(f"PDF を作れません: Playwright を読み込めません（{error}）。"
                             "make install で入れ直してください") from None
    engine = _Engine()
    try:
        try:
            yield engine.start()
        finally:
            engine.close()
    except Error as error:
        raise GuidelineError(f"Chromium で PDF を作れませんでした: {error.message.splitlines()[0]}") from None


PDF_OPTIONS = {"prefer_css_page_size": True, "print_background": True, "tagged": True, "outline": True}


class _Printer:
    """PrintJob → PDF bytes, one lane of the engine's browser: a text in the lane's shared tab;
    a folder's page in a context of its own, kept open while the next jobs print the same page
    again (a document printed twice for its page numbers) and closed when another page comes."""

    def __init__(self, engine: _Engine):
        self.engine = engine
        self.text_tab: Any = None
        self.page_tab: tuple | None = None  # (folder, page, context, its interception, tab)
        self.loaded: str | None = None  # the style of the page loaded in that tab, once it has loaded

    def __call__(self, job: PrintJob) -> bytes:
        return self.engine.run(self._print(job))

    async def _print(self, job: PrintJob) -> bytes:
        if job.folder is not None:
            return await self._print_page(job, folder=job.folder)
        tab = await self._text_tab()
        await tab.set_content(_with_style((job.html or "").encode("utf-8"), job.style).decode("utf-8"),
                              wait_until="load")
        return await tab.pdf(**PDF_OPTIONS)

    async def _text_tab(self):
        if self.text_tab is None:
            context = await _shut_in_context(self.engine.browser)
            await context.route("**/*", _refuse)
            self.text_tab = await context.new_page()
        return self.text_tab

    async def _print_page(self, job: PrintJob, *, folder: Path) -> bytes:
        printed = "/" + job.page
        if self.page_tab is None or self.page_tab[:2] != (folder, job.page):
            await self._close_page()
            context = await _shut_in_context(self.engine.browser)
            answer = _Answer(folder=folder.resolve(), texts={}, style="", printed=printed)
            await context.route("**/*", answer)
            self.page_tab = (folder, job.page, context, answer, await context.new_page())
            self.loaded = None
        *_, answer, tab = self.page_tab
        if not (job.relabel and self.loaded == job.style and await _relabelled(tab, job.relabel)):
            answer.texts = {printed: job.html.encode("utf-8")} if job.html is not None else {}
            answer.style = job.style
            self.loaded = None
            await tab.goto(ORIGIN + quote(printed), wait_until="load")
            self.loaded = job.style
        return await tab.pdf(**PDF_OPTIONS)

    async def _close_page(self) -> None:
        if self.page_tab is not None:
            await self.page_tab[2].close()
            self.page_tab = None


# Run by Playwright in the page, not by the page (its own scripts never run): plain text only.
RELABEL = """([selector, texts]) => {
  const found = document.querySelectorAll(selector);
  if (found.length !== texts.length) return false;
  found.forEach((element, i) => { element.textContent = texts[i]; });
  return true;
}"""


async def _relabelled(tab, relabel: Relabel) -> bool:
    """Set the texts in the loaded page; False (nothing changed) unless it has exactly as many."""
    return bool(await tab.evaluate(RELABEL, [relabel.selector, list(relabel.texts)]))


async def _shut_in_context(browser):
    context = await browser.new_context(java_script_enabled=False, service_workers="block", accept_downloads=False)
    await context.route_web_socket("**/*", _close_socket)
    return context


async def _refuse(route) -> None:
    await route.abort("accessdenied")


async def _close_socket(socket) -> None:
    await socket.close()


class _Answer:
    """The interception: the page and files of its folder from ORIGIN; every other request refused."""

    def __init__(self, *, folder: Path, texts: dict, style: str, printed: str):
        self.folder, self.texts, self.style, self.printed = folder, texts, style, printed

    async def __call__(self, route):
        url = route.request.url
        body = self._body(url) if url.startswith(f"{ORIGIN}/") else None
        if body is None:
            await route.abort("accessdenied")
            return
        path = unquote(urlsplit(url).path)
        if path == self.printed and self.style:
            body = _with_style(body, self.style)
        kind = mimetypes.guess_type(path if not path.endswith("/") else "index.html")[0]
        await route.fulfill(status=200, body=body, content_type=kind or "application/octet-stream")

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
