"""Builds forked from one process that has loaded the generator once.

A build's process spends about a sixth of its CPU loading MkDocs, Material, Markdown, the
macros and this package, and a publish runs one build for each edition. `Forks` starts one
process that loads them (`python -m guideline.site.build_forks`); each build is then a fork
of it, which takes the build's environment and folder and runs the generator's command line
as `python -m mkdocs` would, writing its output into a log file the publish made.

A fork is a process group of its own and stops when the process that forked it ends, which
in turn stops when the publish ends; `ForkedBuild` answers as much of `subprocess.Popen` as
`processes.stop` and the publish ask of a build. What is loaded ahead reads no build's
settings when loaded, only when a build calls it.
"""

import contextlib
import importlib
import json
import os
import runpy
import select
import signal
import subprocess
import sys
import time
import traceback
from collections import deque
from pathlib import Path
from typing import IO

from guideline import processes
from guideline.errors import BuildError

# What every build loads (its own hooks, which are files, it loads itself).
PRELOADED = ("mkdocs.__main__", "mkdocs.commands.build", "mkdocs.config.defaults", "mkdocs.contrib.search",
             "material.plugins.search.plugin", "mkdocs_macros.plugin", "mike.mkdocs_plugin",
             "markdown.extensions.abbr", "markdown.extensions.admonition", "markdown.extensions.attr_list",
             "markdown.extensions.codehilite", "markdown.extensions.def_list", "markdown.extensions.fenced_code",
             "markdown.extensions.md_in_html", "markdown.extensions.tables", "markdown.extensions.toc",
             "pymdownx.details", "pymdownx.superfences", "pymdownx.quotes", "pymdownx.saneheaders",
             "pygments.formatters.html", "babel.dates", "babel.support",
             "guideline.render.site_macros", "guideline.compare.edition_pages", "guideline.site.edition_build",
             "guideline.site.navigation", "guideline.site.offline", "guideline.site.search_index",
             "guideline.documents.edition_pdf", "guideline.publish.kept")


class Forks:
    """The process builds are forked from, started at once; `close` ends it."""

    def __init__(self, *, project_dir: Path, log: IO[bytes]):
        # In the project's folder, as `python -m mkdocs` there would be: the same package is loaded.
        self.server = processes.start([sys.executable, "-m", __name__], cwd=project_dir, stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, stderr=log)
        assert self.server.stdout is not None
        os.set_blocking(self.server.stdout.fileno(), False)
        self.said = Answers()
        self.gone = False  # the server has ended: its forks with it
        self.log = Path(log.name) if isinstance(getattr(log, "name", None), str) else None

    def start(self, command: list, *, cwd: Path, env: dict, log: Path) -> "ForkedBuild":
        """A build that runs `command` (`python -m mkdocs …`) in `cwd` with exactly `env`, its
        output appended to `log`, forked once the server has loaded the generator (a process of
        its own would spend as long loading it, and the server started first)."""
        while not self.said.ready and not self.gone:
            processes.raise_pending()
            self._read(wait=0.1)
        processes.raise_pending()
        assert command[1] == "-m"
        asked = {"argv": command[2:], "module": command[2], "cwd": str(cwd), "env": env, "log": str(log)}
        try:
            assert self.server.stdin is not None
            self.server.stdin.write(json.dumps(asked).encode("utf-8") + b"\n")
            self.server.stdin.flush()
        except OSError:
            self.gone = True
        while not self.said.started and not self.gone:
            self._read(wait=0.5)
        if not self.said.started:
            said = self.log.read_text(encoding="utf-8", errors="replace")[-2000:].strip() if self.log else ""
            raise BuildError("サイトを作るプロセスを起動できませんでした（組み立て用のプロセスが終わっています）"
                             + (f":\n{said}" if said else ""))
        return ForkedBuild(self, self.said.started.popleft())

    def loading(self) -> bool:
        """Whether the server is still loading the generator (a fork would wait for it)."""
        self._read(wait=0)
        return not (self.said.ready or self.gone)

    def wait_ready(self, *, timeout: float) -> bool:
        """Whether the server has loaded the generator within `timeout` seconds."""
        deadline = time.monotonic() + timeout
        while not (self.said.ready or self.gone) and time.monotonic() < deadline:
            self._read(wait=min(0.5, max(0.0, deadline - time.monotonic())))
        return self.said.ready and not self.gone

    def status(self, pid: int, *, wait: float = 0) -> int | None:
        """The fork's exit status once it has ended; -SIGKILL when the server ended first."""
        deadline = time.monotonic() + wait
        while pid not in self.said.ended and not self.gone:
            self._read(wait=max(0.0, deadline - time.monotonic()))
            if time.monotonic() >= deadline:
                break
        if pid in self.said.ended:
            return self.said.ended[pid]
        return -signal.SIGKILL if self.gone else None

    def _read(self, *, wait: float) -> None:
        """Take in what the server has said, waiting up to `wait` seconds for it to say something."""
        assert self.server.stdout is not None
        ready, _, _ = select.select([self.server.stdout], [], [], wait)
        if ready:
            chunk = os.read(self.server.stdout.fileno(), 65536)
            self.gone = self.gone or not chunk
            self.said.take(chunk)

    def close(self) -> None:
        """End the server (the forks still running end with it)."""
        with contextlib.suppress(OSError):
            if self.server.stdin is not None:
                self.server.stdin.close()
        try:
            self.server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            processes.stop(self.server)
        if self.server.stdout is not None:
            self.server.stdout.close()


class Answers:
    """What the server has said, line by line: "ready", "started PID", "ended PID STATUS"."""

    def __init__(self):
        self.ready = False
        self.started: deque = deque()  # the forks not yet handed out, oldest first
        self.ended: dict = {}          # pid → exit status
        self.pending = b""             # the start of a line still to come

    def take(self, chunk: bytes) -> None:
        *lines, self.pending = (self.pending + chunk).split(b"\n")
        for line in lines:
            kind, _, rest = line.decode("ascii").partition(" ")
            if kind == "ready":
                self.ready = True
            elif kind == "started":
                self.started.append(int(rest))
            elif kind == "ended":
                pid, _, status = rest.partition(" ")
                self.ended[int(pid)] = int(status)


class ForkedBuild:
    """A forked build, as a Popen: `pid` (its group's too), `poll`, `wait`, `returncode`."""

    def __init__(self, forks: Forks, pid: int):
        self.forks, self.pid = forks, pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            self.returncode = self.forks.status(self.pid)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while (code := self.poll()) is None:
            left = 0.5 if deadline is None else deadline - time.monotonic()
            if left <= 0:
                raise subprocess.TimeoutExpired(f"build {self.pid}", timeout or 0)
            self.returncode = self.forks.status(self.pid, wait=min(left, 0.5))
        return code


# --- the server: run as `python -m guideline.site.build_forks` ------------------------------

def serve(requests: int = 0, answers: int = 1) -> None:
    """Load the generator, then fork a build for each request line on `requests`, saying
    "started PID" and, when it has ended, "ended PID STATUS" on `answers`; end at end of input."""
    for name in PRELOADED:
        with contextlib.suppress(ImportError):  # the build itself then says what is missing
            importlib.import_module(name)
    os.write(answers, b"ready\n")
    running: set = set()
    pending = b""
    while True:
        ready, _, _ = select.select([requests], [], [], 0.05)
        if ready:
            chunk = os.read(requests, 65536)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                pid = _fork(json.loads(line))
                running.add(pid)
                os.write(answers, f"started {pid}\n".encode("ascii"))
        for pid in list(running):
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                running.discard(pid)
                os.write(answers, f"ended {pid} {os.waitstatus_to_exitcode(status)}\n".encode("ascii"))


def _fork(asked: dict) -> int:
    server = os.getpid()
    pid = os.fork()
    if pid:
        with contextlib.suppress(OSError):  # as the fork does: a group of its own before anyone signals it
            os.setpgid(pid, pid)
        return pid
    code = 1
    try:
        _become_build(asked, server=server)
        runpy.run_module(asked["module"], run_name="__main__", alter_sys=True)
        code = 0
    except SystemExit as ended:
        code = ended.code if isinstance(ended.code, int) else (0 if ended.code is None else 1)
    except BaseException:
        traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def _become_build(asked: dict, *, server: int) -> None:
    """In the fork: a group of its own that ends with the server, with the build's output,
    folder, environment and command line."""
    os.setpgid(0, 0)
    processes.tie_to_parent(server)
    log = os.open(asked["log"], os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
    nothing = os.open(os.devnull, os.O_RDONLY)
    os.dup2(nothing, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(log)
    os.close(nothing)
    os.chdir(asked["cwd"])
    os.environ.clear()
    os.environ.update(asked["env"])
    sys.argv = [asked["module"], *asked["argv"][1:]]


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        serve()
