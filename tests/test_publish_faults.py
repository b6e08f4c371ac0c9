"""Publishing under faults, in a tiny throwaway project: killed runs, concurrent runs, guards.

The branch is either exactly as before or fully published, and a rerun always converges.
"""

import json
import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project, publish_command

from guideline.publish.locking import LOCK_FILE
from helpers import TIMEOUT, Child, gone, lock_held, wait_for_file, wait_until

pytestmark = [pytest.mark.build, pytest.mark.faults]  # tiny publishes, killed, raced and refused
BRANCH = "pages"


@pytest.fixture(scope="module")
def published_tiny(tmp_path_factory):
    repo = make_tiny_project(tmp_path_factory.mktemp("tiny") / "repo")
    run_publish(repo)
    return repo


@pytest.fixture
def repo(published_tiny, tmp_path):
    copy = tmp_path / "repo"
    shutil.copytree(published_tiny, copy, symlinks=True)
    return copy


def run_publish(repo, *args, env=None):
    result = subprocess.run(publish_command(repo, "--branch", BRANCH, *args), capture_output=True,
                            text=True, env={**os.environ, **(env or {})}, timeout=TIMEOUT)
    return result


def head(repo, ref=f"refs/heads/{BRANCH}"):
    found = subprocess.run(["git", "rev-parse", "--verify", "--quiet", ref], cwd=repo,
                           capture_output=True, text=True).stdout.strip()
    return found or None


def versions(repo):
    return {e["version"]: e for e in json.loads(git(repo, "show", f"{BRANCH}:versions.json"))}


def assert_consistent(repo):
    """Every recorded folder id is the folder on the branch; no scratch ref is left."""
    listing = git(repo, "ls-tree", BRANCH)
    trees = {line.split("\t")[1]: line.split()[2] for line in listing.splitlines()}
    for version, entry in versions(repo).items():
        assert entry["properties"]["tree"] == trees[version], version
    assert git(repo, "for-each-ref", "refs/guideline-publish/") == ""
    assert not (repo / ".git/guideline-publish").exists()
    assert not (Path(git(repo, "rev-parse", "--git-dir")) / "refs/heads" / f"{BRANCH}.lock").exists()


def change_draft(repo, text="作業中の原稿に一文を足しました。"):
    page = repo / "docs/index.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{text}\n", encoding="utf-8")


class Paused:
    """A publish started in the background that waits inside the build of one edition."""

    def __init__(self, repo, tmp_path, edition, *args):
        self.gate = tmp_path / f"paused-{edition}"
        self.scratch = repo / ".git/guideline-publish"
        env = {**os.environ, "TINY_PAUSE_EDITION": edition, "TINY_PAUSE_FILE": str(self.gate)}
        self.child = Child(publish_command(repo, "--branch", BRANCH, *args), env=env)
        self.process = self.child.process
        self.builder = int(wait_for_file(self.gate, process=self.process))  # the build has reached the pause

    def release(self):
        self.gate.unlink(missing_ok=True)

    def finish(self):
        self.release()
        code, out, err = self.child.finish()
        return code, out + err


@pytest.mark.parametrize("kill, edition", [  # while building the first edition, or the last
    (signal.SIGTERM, "2020.09"), (signal.SIGINT, "draft"),
    (signal.SIGKILL, "2020.09"), (signal.SIGKILL, "draft"),
])
def test_a_killed_publish_leaves_the_branch_as_it_was_and_a_rerun_converges(repo, tmp_path, kill, edition):
    before = head(repo)
    (repo / "mkdocs.yml").write_text((repo / "mkdocs.yml").read_text(encoding="utf-8")
                                     + "copyright: 松本市\n", encoding="utf-8")  # every edition rebuilds
    paused = Paused(repo, tmp_path, edition)
    paused.process.send_signal(kill)
    paused.process.wait(timeout=TIMEOUT)
    assert paused.process.returncode != 0
    if kill != signal.SIGKILL:  # the builder was stopped with the command
        wait_until(lambda: gone(paused.builder), what="the builder stopped with the command")
        assert not paused.scratch.exists()
    paused.release()
    # An orphan could only be the builder: once it has ended, nothing of the killed run is left.
    wait_until(lambda: gone(paused.builder), what="the builder ended")
    assert head(repo) == before
    rerun = run_publish(repo)
    assert rerun.returncode == 0, rerun.stderr
    assert "2020.09" in rerun.stdout and "draft" in rerun.stdout
    assert_consistent(repo)
    assert not paused.scratch.exists()  # a killed run's scratch folder goes at the next run
    assert "??" not in git(repo, "status", "--porcelain")  # nothing left in the project either
    assert "最新です" in run_publish(repo).stdout


def test_a_broken_edition_leaves_the_branch_untouched(repo):
    before = head(repo)
    # A framework change rebuilds every edition; the draft, built last, is broken.
    config = repo / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "strict: true\n", encoding="utf-8")
    change_draft(repo, "[壊れたリンク](no-such-page.md)")
    result = run_publish(repo)
    assert result.returncode == 1 and "no-such-page.md" in result.stderr, result.stderr
    assert "2020.09" in result.stdout and "draft" in result.stdout  # built, then given up
    assert head(repo) == before
    assert_consistent(repo)


REF_HOOK = """#!/bin/sh
# Pause while the branch's update is prepared (its lock held), for the test to kill the publish.
while read old new ref; do
  if [ "$1" = prepared ] && [ "$ref" = "refs/heads/{branch}" ]; then
    echo "$$ $PPID" > "{gate}.tmp" && mv "{gate}.tmp" "{gate}"  # this hook and its git
    while [ -e "{gate}" ]; do sleep 0.05; done
  fi
done
"""


@pytest.mark.parametrize("kill", [signal.SIGTERM, signal.SIGKILL])
def test_killed_while_moving_the_branch_the_move_does_not_happen(repo, tmp_path, kill):
    before = head(repo)
    gate = tmp_path / "moving"
    hook = repo / ".git/hooks/reference-transaction"
    hook.write_text(REF_HOOK.format(branch=BRANCH, gate=gate), encoding="utf-8")
    hook.chmod(0o755)
    change_draft(repo)
    process = Child(publish_command(repo, "--branch", BRANCH))
    holding = [int(pid) for pid in wait_for_file(gate, process=process.process).split()]  # the lock on the ref
    process.send_signal(kill)
    process.process.wait(timeout=TIMEOUT)
    gate.unlink()
    # git either finishes the update or gives it up; either way it ends, and with it its lock on the ref.
    wait_until(lambda: all(map(gone, holding)), what="the hook and its git ended")
    hook.unlink()
    assert head(repo) == before
    assert run_publish(repo).returncode == 0
    assert_consistent(repo)
    assert "作業中の原稿に一文を足しました" in git(repo, "show", f"{BRANCH}:draft/index.html")


def test_a_second_publish_waits_for_the_first_and_survives_its_failure(repo, tmp_path):
    change_draft(repo)
    first = Paused(repo, tmp_path, "draft")
    assert lock_held(repo / ".git" / LOCK_FILE)  # by the first, paused inside
    second = Child(publish_command(repo, "--branch", BRANCH))
    second.stdout.wait_for("別の公開")
    assert second.process.poll() is None  # waiting for the lock, not building beside the first
    first.process.send_signal(signal.SIGTERM)  # the first one fails
    assert first.finish()[0] != 0
    code, out, err = second.finish()
    assert code == 0, err
    assert "別の公開" in out + err and "draft" in out
    assert_consistent(repo)
    assert "作業中の原稿に一文を足しました" in git(repo, "show", f"{BRANCH}:draft/index.html")


def test_a_branch_moved_meanwhile_is_left_alone(repo, tmp_path):
    change_draft(repo)
    paused = Paused(repo, tmp_path, "draft")
    other = git(repo, "commit-tree", f"{BRANCH}^{{tree}}", "-p", BRANCH, "-m", "別の操作")
    git(repo, "update-ref", f"refs/heads/{BRANCH}", other)
    code, output = paused.finish()
    assert code == 1 and "別の公開" in output and "何も変えずに" in output
    assert head(repo) == other


def test_the_checked_out_branch_is_refused(repo):
    status = git(repo, "status", "--porcelain")
    result = run_publish_to(repo, "main")
    assert result.returncode == 1 and "作業中のブランチ" in result.stderr
    assert git(repo, "status", "--porcelain") == status and "公開" not in git(repo, "log", "-1", "--format=%s")


def run_publish_to(repo, branch, *args):
    return subprocess.run(publish_command(repo, "--branch", branch, *args), capture_output=True, text=True)


def test_a_branch_that_is_not_a_mike_site_is_refused_unless_forced(repo):
    git(repo, "branch", "notes", "main")
    before = head(repo, "refs/heads/notes")
    refused = run_publish_to(repo, "notes")
    assert refused.returncode == 1 and "versions.json がなく" in refused.stderr and "--force" in refused.stderr
    assert head(repo, "refs/heads/notes") == before
    forced = run_publish_to(repo, "notes", "--force")
    assert forced.returncode == 0, forced.stderr
    assert git(repo, "merge-base", "--is-ancestor", before, "notes") == ""


def test_a_malformed_versions_json_is_one_message(repo):
    broken = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="[{\"version\": ",
                            capture_output=True, text=True).stdout.strip()
    index = {"GIT_INDEX_FILE": str(repo / ".git/test-index")}
    subprocess.run(["git", "read-tree", BRANCH], cwd=repo, env={**os.environ, **index}, check=True)
    subprocess.run(["git", "update-index", "--cacheinfo", f"100644,{broken},versions.json"], cwd=repo,
                   env={**os.environ, **index}, check=True)
    tree = subprocess.run(["git", "write-tree"], cwd=repo, env={**os.environ, **index},
                          capture_output=True, text=True).stdout.strip()
    git(repo, "update-ref", f"refs/heads/{BRANCH}", git(repo, "commit-tree", tree, "-p", BRANCH, "-m", "壊す"))
    result = run_publish(repo)
    assert result.returncode == 1
    assert f"ブランチ {BRANCH} の versions.json を読めません" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_a_folder_that_does_not_match_its_record_is_rebuilt(repo):
    tampered = subprocess.run(["git", "hash-object", "-w", "--stdin"], cwd=repo, input="書き換え",
                              capture_output=True, text=True).stdout.strip()
    index = {**os.environ, "GIT_INDEX_FILE": str(repo / ".git/test-index")}
    subprocess.run(["git", "read-tree", BRANCH], cwd=repo, env=index, check=True)
    subprocess.run(["git", "update-index", "--cacheinfo", f"100644,{tampered},2020.09/index.html"], cwd=repo,
                   env=index, check=True)
    tree = subprocess.run(["git", "write-tree"], cwd=repo, env=index, capture_output=True, text=True).stdout.strip()
    git(repo, "update-ref", f"refs/heads/{BRANCH}", git(repo, "commit-tree", tree, "-p", BRANCH, "-m", "手で変更"))
    result = run_publish(repo)
    assert result.returncode == 0 and "2020.09" in result.stdout and "2021.03" not in result.stdout
    assert "暫定版の本文です" in git(repo, "show", f"{BRANCH}:2020.09/index.html")
    assert_consistent(repo)


def without_edition(repo, edition_id):
    text = (repo / "editions.yml").read_text(encoding="utf-8")
    start = text.index(f'  - id: "{edition_id}"')
    end = text.find("  - id:", start + 1)
    (repo / "editions.yml").write_text(text[:start] + (text[end:] if end != -1 else ""), encoding="utf-8")


def test_a_removed_edition_is_reported_and_only_pruned_on_request(repo):
    without_edition(repo, "2020.09")
    kept = run_publish(repo)
    assert kept.returncode == 0 and "2020.09" in kept.stdout + kept.stderr and "--prune" in kept.stdout + kept.stderr
    assert "2020.09" in versions(repo)
    pruned = run_publish(repo, "--prune")
    assert pruned.returncode == 0 and "取り下げました" in pruned.stdout
    assert "2020.09" not in versions(repo)
    assert "2020.09" not in git(repo, "ls-tree", "--name-only", BRANCH).split()


def test_pruning_the_last_official_edition_takes_latest_off(repo):
    without_edition(repo, "2021.03")
    assert run_publish(repo, "--prune").returncode == 0
    names = git(repo, "ls-tree", "--name-only", BRANCH).split()
    assert "latest" not in names and "2021.03" not in names
    assert all("latest" not in entry["aliases"] for entry in versions(repo).values())
    assert "2020.09/" in git(repo, "show", f"{BRANCH}:index.html")


@pytest.mark.parametrize("name", ["a..b", "pages.lock", "gh pages"])
def test_a_name_that_cannot_be_a_branch_is_refused(repo, name):
    result = run_publish_to(repo, name)
    assert result.returncode == 1 and "ブランチの名前に使えません" in result.stderr
