"""The editor's guide (CONTRIBUTING.md), followed step by step in a throwaway clone.

The commands are read from the guide's `sh` blocks and run as written, in the guide's
order. The few that need the outside world (the Git server) are named in OUTSIDE with the
reason; a command the guide gains that this test does not know fails it, so the guide
cannot drift from the tools.
"""

import os
import re
import signal
import subprocess
import urllib.request

import pytest

from helpers import PROJECT, TIMEOUT, clean_env, copy_project, free_port, pdf_pages, wait_until

GUIDE = PROJECT / "CONTRIBUTING.md"
SH_BLOCK = re.compile(r"^( *)```sh\n(.*?)^\1```", re.S | re.M)
OUTSIDE = {
    "git clone https://git.example.lg.jp/dx/telework.git": "the throwaway clone stands for it",
    "cd telework": "the commands run in the clone",
    "git pull": "no Git server here; the clone's main is the project as it is",
    "git push -u origin business-chat-report": "no Git server here",
}
BRANCH_CREATED = "git switch -c business-chat-report"
PREVIEW = "make preview"
EDITED = "始業と終業の報告は、ビジネスチャットで行います。"
SERVING = "{url} で表示しています（終了は Ctrl+C）"
# The clone shares this project's installed tools instead of installing its own (minutes).
SHARED = (".venv", "node_modules")
MAKE = "make() { command make -o .venv/.installed -o node_modules/.installed \"$@\"; }\n"
INSTALLED_FROM = ("pyproject.toml", "constraints.txt", "package.json", "package-lock.json")


def guide_commands() -> list:
    text = GUIDE.read_text(encoding="utf-8")
    return [line.strip() for _, block in SH_BLOCK.findall(text)
            for line in block.splitlines() if line.strip() and not line.strip().startswith("#")]


def test_every_command_of_the_guide_is_followed_by_this_test():
    commands = guide_commands()
    assert PREVIEW in commands and "make check" in commands and BRANCH_CREATED in commands
    assert any(command.startswith(".venv/bin/guideline compare") for command in commands)
    assert not [command for command in commands if command.startswith(("make serve", "make test"))]


def clone(tmp_path):
    repo = copy_project(tmp_path / "telework")
    subprocess.run(["git", "add", "-A"], cwd=repo, check=True)
    subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", "今の原稿"], cwd=repo, check=True)
    subprocess.run(["git", "checkout", "-q", "-B", "main"], cwd=repo, check=True)  # on main already, or not
    for name in SHARED:
        if (PROJECT / name).exists():
            (repo / name).symlink_to(PROJECT / name)
    # Older than the shared tools' install markers, so that no make (a recursive one does not get
    # -o) installs into this project's .venv from the clone.
    for name in INSTALLED_FROM:
        os.utime(repo / name, (0, 0))
    (repo / ".git/info/exclude").write_text("\n".join(f"/{name}" for name in SHARED) + "\n")
    return repo


def run(command, repo):
    result = subprocess.run(["bash", "-c", MAKE + command], cwd=repo, env=clean_env(),
                            capture_output=True, text=True, timeout=TIMEOUT)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def edit_a_chapter(repo):
    chapter = repo / "docs/guideline/05-during.md"
    text = chapter.read_text(encoding="utf-8")
    after_title = text.index("\n\n", text.index("# ")) + 2
    chapter.write_text(text[:after_title] + EDITED + "\n\n" + text[after_title:], encoding="utf-8")


def fetched(url) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=TIMEOUT) as page:
            return page.read().decode("utf-8")
    except OSError:
        return None  # not serving yet


def preview_shows_the_edit(repo, log):
    """`make preview` says where it serves, as the guide quotes it, and serves the edit."""
    port = free_port()
    with open(log, "w", encoding="utf-8") as output:
        server = subprocess.Popen(["bash", "-c", MAKE + f"{PREVIEW} PORT={port}"], cwd=repo,
                                  env=clean_env(PYTHONUNBUFFERED="1"), stdout=output, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    said = SERVING.format(url=f"http://127.0.0.1:{port}/")
    try:
        page = wait_until(lambda: fetched(f"http://127.0.0.1:{port}/guideline/05-during/"),
                          what="make preview serves the chapter", process=server)
        assert EDITED in page
        # The line comes once the pages' own problems are read, which may be after the first page is served.
        wait_until(lambda: said in log.read_text(encoding="utf-8"), what="make preview says where it serves",
                   process=server)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=TIMEOUT)
    assert SERVING.format(url="http://127.0.0.1:8000/") in GUIDE.read_text(encoding="utf-8")


@pytest.mark.build  # runs make check, which builds the site
@pytest.mark.browser  # the comparison's PDF is printed by Chromium
def test_an_editor_following_the_guide_gets_a_comparison_of_just_their_change(tmp_path):
    repo = clone(tmp_path)
    outputs = {}
    for command in guide_commands():
        if command in OUTSIDE:
            continue
        if command == PREVIEW:
            preview_shows_the_edit(repo, tmp_path / "preview.log")
            continue
        outputs[command] = run(command, repo)
        if command == BRANCH_CREATED:
            edit_a_chapter(repo)

    assert "問題はありません" in outputs["make check"]
    assert "05-during.md" in outputs["git status"]
    log = subprocess.run(["git", "log", "-1", "--format=%s"], cwd=repo, capture_output=True, text=True).stdout
    assert log.strip() == "5 ⑴ 始業・終業の報告をビジネスチャットで行うことを基本とする"

    text = "".join(pdf_pages(repo / "out/新旧対照表.pdf"))
    assert EDITED in text and "（傍線部分は改正部分）" in text
    assert "5 在宅勤務中にすることは？" in text
    assert "7 在宅勤務者の心得" not in text  # only this request's change, not the draft's others
    status = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True).stdout
    assert status == "", "the comparison is written where git does not see it"
