"""A release interrupted anywhere is the whole release or nothing, and never goes on as if
nothing happened. Each signal is sent from inside git (a hook), at a known step, so every
run is the same."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project

from helpers import BRANCH

pytestmark = pytest.mark.faults

# Signals the `guideline` process (git's parent) once, and leaves a marker saying it did.
HOOK = """#!{python}
import os, pathlib, signal, sys
marker = pathlib.Path(os.environ["FAULT_MARKER"])
wanted = os.environ.get("FAULT_REF")
if wanted and not (sys.argv[1:2] == ["committed"] and wanted in sys.stdin.read()):
    sys.exit(0)
if not marker.exists():
    git = os.getppid()
    with open(f"/proc/{{git}}/stat") as stat:
        command = int(stat.read().rsplit(")", 1)[1].split()[1])
    marker.write_text(str(command))
    os.kill(command, int(os.environ["FAULT_SIGNAL"]))
sys.exit(1 if sys.argv[0].endswith("fsmonitor") else 0)
"""


@pytest.fixture
def tiny(tmp_path):
    return make_tiny_project(tmp_path / "tiny")


def install_hook(repo: Path, name: str) -> Path:
    hooks = repo / ".git" / "fault-hooks"
    hooks.mkdir(exist_ok=True)
    hook = hooks / name
    hook.write_text(HOOK.format(python=sys.executable), encoding="utf-8")
    hook.chmod(0o755)
    return hook


def release(repo: Path, marker: Path, number: int, *, ref: str = "", ignore_sigint=False):
    command = [str(Path(sys.executable).parent / "guideline"), "--project", str(repo), "release", "2021.10", "--yes",
               "--title", "正式版（令和3年10月）", "--status", "official", "--summary", "改訂しました。",
               "--branch", BRANCH]
    env = {**os.environ, "FAULT_MARKER": str(marker), "FAULT_SIGNAL": str(int(number)), "FAULT_REF": ref}

    def as_a_background_job():  # as a shell starts one: SIGINT ignored
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=300,
                          preexec_fn=as_a_background_job if ignore_sigint else None)


def assert_nothing_released(repo: Path, head: str, manifest: str):
    assert git(repo, "rev-parse", "HEAD") == head
    assert (repo / "editions.yml").read_text(encoding="utf-8") == manifest
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "branch", "--list", BRANCH) == ""


@pytest.mark.parametrize("number", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_the_release_commits_leaves_nothing(tiny, tmp_path, number):
    head, manifest = git(tiny, "rev-parse", "HEAD"), (tiny / "editions.yml").read_text(encoding="utf-8")
    install_hook(tiny, "pre-commit")
    git(tiny, "config", "core.hooksPath", ".git/fault-hooks")
    marker = tmp_path / "signalled"
    result = release(tiny, marker, number)
    assert marker.exists()  # the signal came while git was committing
    assert result.returncode == 128 + number, result.stderr
    assert "中断しました" in result.stderr and "Traceback" not in result.stderr
    assert_nothing_released(tiny, head, manifest)


def test_an_early_sigint_stops_the_release_even_when_started_ignoring_it(tiny, tmp_path):
    head, manifest = git(tiny, "rev-parse", "HEAD"), (tiny / "editions.yml").read_text(encoding="utf-8")
    # git status (the check for uncommitted changes, before anything is written) asks this hook.
    git(tiny, "config", "core.fsmonitor", str(install_hook(tiny, "fsmonitor")))
    marker = tmp_path / "signalled"
    result = release(tiny, marker, signal.SIGINT, ignore_sigint=True)
    assert marker.exists()
    assert result.returncode == 130, result.stdout + result.stderr
    assert "中断しました" in result.stderr
    assert_nothing_released(tiny, head, manifest)


def test_a_signal_once_the_branch_moved_keeps_the_whole_release(tiny, tmp_path):
    install_hook(tiny, "reference-transaction")
    git(tiny, "config", "core.hooksPath", ".git/fault-hooks")
    marker = tmp_path / "signalled"
    result = release(tiny, marker, signal.SIGTERM, ref=f"refs/heads/{BRANCH}")
    assert marker.exists()
    assert result.returncode == 143 and "中断しました" in result.stderr
    assert "公開を終えていた" in result.stdout
    assert "2021.10" in git(tiny, "show", "HEAD:editions.yml")
    assert git(tiny, "status", "--porcelain") == ""
    assert '"2021.10"' in git(tiny, "show", f"{BRANCH}:versions.json")
