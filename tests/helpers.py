"""What several test modules share: the project, throwaway copies of it, reading built pages."""

import contextlib
import functools
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import tarfile
import threading
from pathlib import Path

from bs4 import BeautifulSoup

PROJECT = Path(__file__).resolve().parents[1]
FRAMEWORK = ("mkdocs.yml", "editions.yml", "overrides", "hooks", "macros")
SITE_HOST = "127.0.0.1:8000"  # the default site_url of mkdocs.yml
BRANCH = "pages"  # where the tests publish
PREFIX = "/telework/"  # the sub-path the published site is served under, as on an intranet


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without this project's settings, plus `extra`."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GUIDELINE_")}
    env.update(extra)
    return env


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
    for key, value in (("user.name", "テスト"), ("user.email", "test@example.lg.jp")):
        subprocess.run(["git", "config", key, value], cwd=target, check=True)
    return target


def copy_of(published, tmp_path: Path) -> Path:
    """A copy of the published repository to change without disturbing other tests."""
    repo = tmp_path / "copy"
    shutil.copytree(published[0], repo, symlinks=True)
    return repo


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


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files as the nginx sample does (its security headers), without a log line per request."""

    headers_added = nginx_headers()

    def end_headers(self) -> None:
        for name, value in self.headers_added.items():
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args) -> None:
        pass


@contextlib.contextmanager
def serving_branch(repo: Path, root: Path, *, handler=QuietHandler):
    """The published branch of `repo` served from `root` under PREFIX, as an intranet does;
    yields the base address http://127.0.0.1:PORT/telework/."""
    archive = subprocess.run(["git", "archive", BRANCH], cwd=repo, capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(root / PREFIX.strip("/"), filter="data")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
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
