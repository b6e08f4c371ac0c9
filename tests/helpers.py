"""What several test modules share: the project, throwaway copies of it, reading built pages,
programs from outside Python, and waiting for a state (a file, a line, a lock, a process gone)."""

import contextlib
import fcntl
import functools
import http.server
import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tarfile
import threading
import time
import weakref
from pathlib import Path

from bs4 import BeautifulSoup

from guideline.content.spelling import GENERATED
from guideline.documents.chromium import chromium_path
from guideline.layout import NO_INDEX_VARIABLE

PROJECT = Path(__file__).resolve().parents[1]
FRAMEWORK = ("mkdocs.yml", "editions.yml", "overrides", "hooks", "macros")
SITE_HOST = "127.0.0.1:8000"  # the default site_url of mkdocs.yml
BRANCH = "pages"  # where the tests publish
PREFIX = "/telework/"  # the sub-path the published site is served under, as on an intranet

# How long a test waits for anything (a state, a child process): long enough for a machine busy
# with other work. A wait that runs out means a hang, not a slow machine.
TIMEOUT = 300.0


# The builds of the tests make no search index unless they publish (a publish always does): only
# the published editions' indexes are searched, and Pagefind took about a fifth of each build's CPU.
NO_INDEX = {NO_INDEX_VARIABLE: "1"}


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without this project's settings (but with NO_INDEX), plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUIDELINE_")}
    env.update(NO_INDEX, **extra)
    return env


# Chromium's headless build fetches no icon; a reader's browser does, and that request counts.
ICONS = "() => [...document.querySelectorAll('link[rel~=icon]')].map(link => link.href)"


def as_a_reader_fetches(page, urls: list[str]) -> list[str]:
    """The requests of a page's first visit as a reader's browser makes them: `urls` (what the
    browser under test fetched) and the page's icon, which only a browser with a window fetches."""
    return urls + [icon for icon in page.evaluate(ICONS) if icon not in urls]


# Slips that `guideline check` finds and the build still gets past, one a page, all in one copy and
# found by one check run (an unknown macro is found before building, and stops it). The tests of
# check, of the writing rules and of raw HTML read what it reported.
SLIPS = {
    "link": ("docs/guideline/09-costs.md", "## ⑵", "[詳しくは](05-during.md#no-such)\n\n## ⑵"),
    "writing": ("docs/guideline/06-ict.md", "## ⑵", "通信費は職員の負担である。家族は見れるのでご注意ください。\n\n## ⑵"),
    "spelling": ("docs/guideline/05-during.md", "## ⑹ 職場との連絡",
                 "資料の持ち出しは禁止です。メールには当日中に返信する。報告はチャットで行ないます。\n\n## ⑹ 職場との連絡"),
    "jinja": ("docs/guideline/10-accidents.md", "## ⑵", "{{ checklist('before') }\n\n## ⑵"),
    "heading": ("docs/guideline/05-during.md", "## ⑵", "### 補足 { #contact }\n\n補足します。\n\n## ⑵"),
    "iframe": ("docs/about.md", "\n\n", '\n\n<iframe src="file:///etc/passwd"></iframe>\n\n'),
}


def edit(project: Path, path: str, old: str, new: str) -> None:
    target = project / path
    text = target.read_text(encoding="utf-8")
    assert old in text, f"{path} no longer holds {old!r}"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")


def copy_project(target: Path) -> Path:
    """A throwaway clone of the project's history with the working tree's files on top:
    the editions' content from git, the framework and the draft as they are now."""
    subprocess.run(["git", "clone", "-q", str(PROJECT), str(target)], check=True)
    for name in FRAMEWORK + ("docs", "guideline"):
        source, copy = PROJECT / name, target / name
        if source.is_dir():
            shutil.rmtree(copy, ignore_errors=True)
            shutil.copytree(source, copy, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, copy)
    for record in (PROJECT / GENERATED).glob("textlint-passed-*.json"):  # pages that passed need no second look
        (target / GENERATED).mkdir(parents=True, exist_ok=True)
        shutil.copy2(record, target / GENERATED / record.name)
    for key, value in (("user.name", "テスト"), ("user.email", "test@example.lg.jp")):
        subprocess.run(["git", "config", key, value], cwd=target, check=True)
    return target


def publish_every_edition(repo: str, result: str) -> None:
    """In a process of its own (conftest starts it): every edition of a clone of the project
    published into BRANCH. What publish did goes to `result` (see write_outcome)."""
    from guideline.publish.publish import publish
    write_outcome(result, lambda: publish(project_dir=copy_project(Path(repo)), branch=BRANCH,
                                          report=lambda message: None))


def check_the_project(result: str) -> None:
    """In a process of its own (conftest starts it): `guideline check` of the project as it is,
    its (problems, notes) to `result` (see write_outcome). The pages that pass the writing rules
    are recorded in the project, as `make check` records them, for the copies made after it."""
    from guideline.site.check import check
    write_outcome(result, lambda: check(PROJECT))


def write_outcome(result: str, make) -> None:
    """make()'s value, pickled, to `result`, or why it failed to `result`.error; each appears whole."""
    import pickle
    import traceback
    try:
        outcome, written = pickle.dumps(make()), Path(result)
    except BaseException:
        outcome, written = traceback.format_exc().encode(), Path(result + ".error")
    partial = written.with_name(written.name + ".partial")
    partial.write_bytes(outcome)
    partial.replace(written)


def pdf_pages(pdf: bytes | Path) -> list[str]:
    """The text of each page of a PDF (a file or its bytes), lines ending in "\\n", as a reader
    who copies it gets it. PDFium reads a 70-page 新旧対照表 in a tenth of a second."""
    import pypdfium2
    document = pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))
    try:
        return [page.get_textpage().get_text_bounded().replace("\r\n", "\n") for page in document]
    finally:
        document.close()


def copy_of(published, tmp_path: Path) -> Path:
    """A copy of the published repository to change without disturbing other tests."""
    repo = tmp_path / "copy"
    shutil.copytree(published[0], repo, symlinks=True)
    return repo


PAUSE_HOOK = """\
import os, pathlib, time

def on_pre_build(config, **kwargs):
    reached = pathlib.Path({gate!r})
    written = reached.with_name(reached.name + ".tmp")
    written.write_text(str(os.getpid()))
    written.replace(reached)  # whole: a test that sees the file can read the id
    while reached.exists():
        time.sleep(0.05)
"""


def pause_builds(project: Path, gate: Path) -> None:
    """Every build of `project` (a copy) writes its process id into `gate` as it starts, then
    waits while `gate` exists: a test acts on a build under way, then removes `gate`."""
    (project / "hooks/pause_for_test.py").write_text(PAUSE_HOOK.format(gate=str(gate)), encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nhooks:\n" in text
    config.write_text(text.replace("\nhooks:\n", "\nhooks:\n  - hooks/pause_for_test.py\n", 1), encoding="utf-8")


def read_page(site: Path, url: str) -> BeautifulSoup:
    path = site / url / "index.html" if not url.endswith(".html") else site / url
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def text_of(tag) -> str:
    """The text a reader sees, without the ¶ permalink, white space folded."""
    return " ".join("".join(
        piece for piece in tag.find_all(string=True)
        if not any(parent.get("class") == ["headerlink"] for parent in piece.parents
                   if parent is not tag and parent.name)).split())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def nginx_headers() -> dict:
    """The headers deploy/nginx adds to every response, so the browser tests run under its CSP."""
    sample = PROJECT / "deploy/nginx/telework-headers.conf"
    return dict(re.findall(r'^add_header (\S+) "([^"]+)" always;', sample.read_text(encoding="utf-8"), re.MULTILINE))


# For the browser tests that check what a page shows: the search's reading ahead of its index,
# which guideline.js starts when the page is idle, is left out. It changes nothing shown, and it
# cost the browser more than the page itself: 21 page views took 3.2 s of Chromium CPU without
# it and 7.0 s with it. The tests of search and of every request a page makes keep it.
WITHOUT_READING_AHEAD = "window.requestIdleCallback = () => 0;"


def showing_context(browser, **options):
    """A browser context for what pages show: pages do not read the search index ahead."""
    context = browser.new_context(**options)
    context.add_init_script(WITHOUT_READING_AHEAD)
    return context


def nginx_caching() -> list:
    """(file name pattern, Cache-Control) of each `location ~*` block of deploy/nginx/telework.conf."""
    sample = (PROJECT / "deploy/nginx/telework.conf").read_text(encoding="utf-8")
    blocks = re.findall(r'location ~\* (\S+) \{[^}]*?add_header Cache-Control "([^"]+)" always;', sample)
    return [(re.compile(pattern, re.IGNORECASE), value) for pattern, value in blocks]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as the nginx sample does (its security headers, and how long a browser
    may keep each kind of file), without a log line per request."""

    headers_added = nginx_headers()
    caching = nginx_caching()

    def end_headers(self) -> None:
        for name, value in self.headers_added.items():
            self.send_header(name, value)
        path = self.path.split("?", 1)[0]
        path += "index.html" if path.endswith("/") else ""  # as nginx's `index`: a folder is its index.html
        for pattern, value in self.caching:
            if pattern.search(path):
                self.send_header("Cache-Control", value)
                break
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    """An HTTP server that says nothing when a browser drops a connection it no longer needs."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving_branch(repo: Path, root: Path, *, handler=QuietHandler):
    """The published branch of `repo` served from `root` under PREFIX, as an intranet does;
    yields the base address http://127.0.0.1:PORT/telework/."""
    archive = subprocess.run(["git", "archive", BRANCH], cwd=repo, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root / PREFIX.strip("/"), filter="data")
    server = Server(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{PREFIX}"
    finally:
        server.shutdown()
        server.server_close()


def long_paragraph(length: int, *, every: int = 50) -> tuple[str, str]:
    """(old, new): a paragraph of `length` characters of the guideline's own prose, and the same
    with one character changed every `every` characters: the worst case of a 新旧対照表."""
    prose = "".join(line.strip() for path in sorted((PROJECT / "docs/guideline").glob("[0-9]*.md"))
                    for line in path.read_text(encoding="utf-8").splitlines()
                    if line.strip() and not line.lstrip().startswith(("#", "{", "|", "<", "-", ">", "!", "`")))
    old = (prose * (length // len(prose) + 1))[:length]
    new = "".join(("改" if char != "改" else "正") if position % every == every // 2 else char
                  for position, char in enumerate(old))
    return old, new


# The nginx sample (deploy/nginx) serving an exported site, for the deployment tests.
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@contextlib.contextmanager
def nginx_serving(www: Path, scratch: Path):
    """nginx with the sample configuration serving `www` (which holds telework/) as /srv/www;
    yields its base address http://127.0.0.1:PORT."""
    port = free_port()
    sample = (PROJECT / "deploy/nginx/telework.conf").read_text(encoding="utf-8")
    sample = sample.replace("root /srv/www;", f"root {www};").replace(
        "/etc/nginx/snippets/telework-headers.conf", str(PROJECT / "deploy/nginx/telework-headers.conf"))
    (scratch / "telework.conf").write_text(sample, encoding="utf-8")
    user = "user root;" if os.geteuid() == 0 else ""
    (scratch / "nginx.conf").write_text(f"""
        {user} daemon off; worker_processes 1; pid {scratch}/nginx.pid; error_log {scratch}/error.log;
        events {{}}
        http {{
            include /etc/nginx/mime.types;
            access_log off;
            client_body_temp_path {scratch}/body; proxy_temp_path {scratch}/proxy;
            fastcgi_temp_path {scratch}/fastcgi; uwsgi_temp_path {scratch}/uwsgi; scgi_temp_path {scratch}/scgi;
            server {{ listen 127.0.0.1:{port}; include {scratch}/telework.conf; }}
        }}""", encoding="utf-8")
    server = subprocess.Popen([NGINX, "-c", str(scratch / "nginx.conf"), "-p", str(scratch)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(base + "/telework/")
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


def fetch(url, *, gzip=False, follow=True):
    import urllib.error
    import urllib.request

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(*([] if follow else [NoRedirect()]))
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"} if gzip else {})
    try:
        with opener.open(request, timeout=10) as response:
            return Response(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        return Response(error.code, error.headers, error.read())


def wait_for(url, *, seconds=10.0):
    import time
    import urllib.error
    deadline = time.monotonic() + seconds
    while True:
        try:
            return fetch(url)
        except (urllib.error.URLError, ConnectionError):
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


# --- Programs from outside Python ------------------------------------------------------------

DEBIAN_PACKAGES = PROJECT / "debian-packages.txt"  # the one list; `make debian-packages` reads it too
SBIN = os.pathsep.join(("/usr/local/sbin", "/usr/sbin", "/sbin"))  # nginx is there, off a user's PATH


def debian_packages() -> list[str]:
    return re.findall(r"^([a-z0-9][^\s]*)", DEBIAN_PACKAGES.read_text(encoding="utf-8"), re.MULTILINE)


def program(name: str) -> Path | None:
    """Where a program a test needs (`@pytest.mark.needs(name)`) is, or None."""
    if name == "chromium-headless-shell":
        found = chromium_path()
    elif name == "textlint":
        found = PROJECT / "node_modules/.bin/textlint"
    else:
        found = Path(shutil.which(name, path=os.environ.get("PATH", "") + os.pathsep + SBIN) or "/nonexistent")
    return found if found.is_file() else None


def adding(name: str) -> str:
    """The command that adds a missing program."""
    return "make textlint（npm が必要です）" if name == "textlint" else "make debian-packages"


# --- Waiting for a state, never for a fixed time ------------------------------------------------

def wait_until(condition, *, what: str, process: subprocess.Popen | None = None, timeout: float = TIMEOUT):
    """condition()'s first true value. Fails naming `what` when TIMEOUT runs out, or at once when
    `process` (the child expected to bring the state about) has ended without it."""
    deadline = time.monotonic() + timeout
    while True:
        found = condition()
        if found:
            return found
        if process is not None and process.poll() is not None:
            found = condition()  # the state may have come with the end
            if found:
                return found
            raise AssertionError(f"{what}: the process ended first (status {process.returncode})")
        if time.monotonic() > deadline:
            raise AssertionError(f"{what}: not reached within {timeout:.0f} s")
        time.sleep(0.02)


def wait_for_file(path: Path, **options) -> str:
    """The text of a file some other process writes (whole: writers rename it into place)."""
    return wait_until(lambda: path.is_file() and path.read_text(encoding="utf-8"), what=f"{path} written", **options)


def lock_held(path: Path) -> bool:
    """Whether another process holds the advisory lock (flock) on `path`. Looking takes the lock for
    an instant when it is free, so look only where no one else is about to take it."""
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # also drops the lock if this look took it
    return False


def wait_for_lock(path: Path, **options) -> None:
    wait_until(lambda: lock_held(path), what=f"lock on {path} taken", **options)


def gone(pid: int) -> bool:
    """The process has ended (a zombie no parent has collected yet counts as ended)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return True
    return stat.rpartition(")")[2].split()[0] in ("Z", "X")


class Lines:
    """What a child writes to one pipe, read as it comes by a thread (the child never blocks on a
    full pipe), so that a test can wait for a line before it acts."""

    def __init__(self, stream):
        self._lines: list[str] = []
        self._ended = False
        self._changed = threading.Condition()
        threading.Thread(target=self._read, args=(stream,), daemon=True).start()

    def _read(self, stream):
        for line in stream:
            with self._changed:
                self._lines.append(line)
                self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def wait_for(self, text: str, *, timeout: float = TIMEOUT) -> str:
        """The first line holding `text`; fails if the pipe closes or TIMEOUT runs out first."""
        def found():
            return next((line for line in self._lines if text in line), None)
        with self._changed:
            self._changed.wait_for(lambda: found() is not None or self._ended, timeout)
            line = found()
        assert line is not None, f"no line with {text!r} in: {self.text()!r}"
        return line

    def read(self, *, timeout: float = TIMEOUT) -> str:
        """Everything, once the pipe has closed."""
        with self._changed:
            assert self._changed.wait_for(lambda: self._ended, timeout), "the pipe stayed open"
        return self.text()

    def text(self) -> str:
        return "".join(self._lines)


def _as_in_a_terminal():
    # A run started in the background by a shell ignores Ctrl-C (SIGINT), and a child inherits
    # that; a command typed in a terminal does not.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Child:
    """A command started in the background, as from a terminal; its output is read as it comes
    (`stdout`, `stderr`). One still running when its test ends is killed (conftest)."""

    running: "weakref.WeakSet[Child]" = weakref.WeakSet()

    def __init__(self, command, *, env: dict | None = None, **options):
        # Unbuffered, so that a line is in the pipe as soon as it is printed.
        env = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, preexec_fn=_as_in_a_terminal, **options)
        self.stdout, self.stderr = Lines(self.process.stdout), Lines(self.process.stderr)
        Child.running.add(self)

    def kill(self) -> None:
        """Stops it, and its group when it leads one (started with start_new_session)."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                if os.getpgid(self.process.pid) == self.process.pid:
                    os.killpg(self.process.pid, signal.SIGKILL)
                else:
                    self.process.kill()
            self.process.wait()

    @property
    def pid(self) -> int:
        return self.process.pid

    def send_signal(self, number: int) -> None:
        self.process.send_signal(number)

    def finish(self, *, timeout: float = TIMEOUT) -> tuple[int, str, str]:
        """(status, stdout, stderr) once it has ended."""
        self.process.wait(timeout=timeout)
        return self.process.returncode, self.stdout.read(timeout=timeout), self.stderr.read(timeout=timeout)
