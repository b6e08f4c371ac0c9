"""One git function: names resolved once to commit ids, git's own words kept in messages."""

import os
import subprocess
import threading
import time
from pathlib import Path

import pytest
from tinysite import git, make_tiny_project

from guideline.content import editions
from guideline.errors import DataError, GuidelineError
from guideline.outputs import write_output
from guideline.publish import git_utils
from guideline.publish.sources import open_source


@pytest.fixture
def tiny(tmp_path):
    return make_tiny_project(tmp_path / "tiny")


def test_a_name_is_resolved_to_a_commit_id(tiny):
    assert git_utils.resolve("main", cwd=tiny) == git(tiny, "rev-parse", "main")
    assert git_utils.resolve("main:docs", cwd=tiny) is None  # a tree is no commit
    assert git_utils.resolve("no-such-branch", cwd=tiny) is None


def test_a_name_that_looks_like_an_option_stays_a_name(tiny, tmp_path):
    target = tmp_path / "written"
    assert git_utils.resolve(f"--output={target}", cwd=tiny) is None
    with pytest.raises(GuidelineError, match="git のリビジョンでもありません"):
        with open_source(f"--output={target}", project_dir=tiny):
            pass
    assert not target.exists()


def test_git_failures_keep_gits_own_message(tiny):
    with pytest.raises(git_utils.GitError, match="fatal"):
        git_utils.git("cat-file", "blob", "main:no-such-file", cwd=tiny)


@pytest.mark.parametrize("ref", ["main", "HEAD~1", "3fa1fd9"])
def test_an_edition_ref_must_be_a_full_commit_id(tiny, ref):
    manifest = tiny / "editions.yml"
    text = manifest.read_text(encoding="utf-8")
    first = git(tiny, "rev-parse", "main~2")
    manifest.write_text(text.replace(first, ref, 1), encoding="utf-8")
    line = 1 + text[: text.index(first)].count("\n")
    with pytest.raises(DataError) as raised:
        editions.load_manifest(tiny)
    assert f"editions.yml:{line}" in str(raised.value) and "40 桁" in str(raised.value)


@pytest.mark.faults
def test_a_branch_is_meant_before_a_tag_of_the_same_name(tiny):
    branch, parent, first = (git(tiny, "rev-parse", f"main{suffix}") for suffix in ("", "~1", "~2"))
    git(tiny, "tag", "main", first)  # a tag named like the branch, somewhere else
    assert git_utils.resolve("main", cwd=tiny) == branch
    assert git_utils.resolve("main~1", cwd=tiny) == parent
    assert git_utils.resolve("refs/tags/main", cwd=tiny) == first


@pytest.mark.faults
def test_compare_since_uses_the_branch_when_a_tag_shares_its_name(tiny, capsys):
    from guideline.cli.driver import main
    git(tiny, "tag", "main", git(tiny, "rev-parse", "main~2"))
    git(tiny, "checkout", "-q", "-b", "pull-request")
    (tiny / "docs/index.md").write_text("# ガイドライン\n\nプルリクエストで直した本文です。\n", encoding="utf-8")
    assert main(["--project", str(tiny), "compare", "--since", "main", "-o", "-"]) == 0
    page = capsys.readouterr().out
    assert "作業中の" in page and "暫定版の" not in page  # the branch's text, not the tag's


@pytest.mark.faults
def test_a_name_two_other_refs_share_is_refused_with_both(tiny):
    git(tiny, "tag", "v1", "main~1")
    git(tiny, "update-ref", "refs/remotes/v1", git(tiny, "rev-parse", "main~2"))
    with pytest.raises(GuidelineError, match="refs/tags/v1 と refs/remotes/v1"):
        git_utils.resolve("v1", cwd=tiny)


# --- Many editions' folders written at once -------------------------------------------------

def written(folder):
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_trees_are_written_as_git_archive_writes_them(tiny, tmp_path):
    (tiny / "docs/data").mkdir()
    (tiny / "docs/data/tasks.yml").write_text("tasks: []\n", encoding="utf-8")
    (tiny / "docs/guideline/deep").mkdir(parents=True)
    (tiny / "docs/guideline/deep/ページ.md").write_text("# 深いページ\n", encoding="utf-8")
    git(tiny, "add", "-A")
    git(tiny, "commit", "-qm", "フォルダーを足しました")
    old, new = git(tiny, "rev-parse", "main~1:docs"), git(tiny, "rev-parse", "main:docs")
    git_utils.export_trees([(old, tmp_path / "old", "古い版"), (new, tmp_path / "new", "新しい版")], cwd=tiny, shown="docs")
    for name, commit in (("old", "main~1"), ("new", "main")):
        archived = git_utils.export(git(tiny, "rev-parse", commit), "docs", tmp_path / f"{name}-archive", cwd=tiny)
        assert written(tmp_path / name) == written(archived)
    assert (tmp_path / "new/guideline/deep/ページ.md").read_text(encoding="utf-8") == "# 深いページ\n"


def test_a_link_in_any_tree_is_refused_by_name_and_nothing_is_written(tiny, tmp_path):
    (tiny / "docs/about.md").symlink_to("/etc/passwd")
    git(tiny, "add", "docs/about.md")
    git(tiny, "commit", "-qm", "リンク")
    clean, linked = git(tiny, "rev-parse", "main~1:docs"), git(tiny, "rev-parse", "main:docs")
    with pytest.raises(DataError) as refused:
        git_utils.export_trees([(clean, tmp_path / "clean", "暫定版"), (linked, tmp_path / "linked", "リビジョン abc1234")],
                               cwd=tiny, shown="docs")
    assert str(refused.value).startswith("docs/about.md: リンク（シンボリックリンク）は原稿に使えません")
    assert "（リビジョン abc1234）" in str(refused.value)
    assert not (tmp_path / "clean").exists() and not (tmp_path / "linked").exists()


@pytest.mark.parametrize("name", ["..", "."])
def test_a_tree_naming_a_parent_folder_writes_nothing_outside(tiny, tmp_path, name):
    blob = git_utils.git("hash-object", "-w", "--stdin", cwd=tiny, input="外に出る\n").strip()
    tree = git_utils.git("mktree", cwd=tiny, input=f"100644 blob {blob}\tok.md\n").strip()
    crafted = git_utils.git("mktree", "--missing", cwd=tiny, input=f"040000 tree {tree}\t{name}\n").strip()
    with pytest.raises(GuidelineError, match="フォルダーに置けない名前"):
        git_utils.export_trees([(crafted, tmp_path / "out" / "inside", "細工した木")], cwd=tiny, shown="docs")
    assert not (tmp_path / "out").exists()


def test_folders_written_together_get_the_trees_they_get_one_by_one(tiny, tmp_path):
    """Publishing writes every built site into git with one index; each site's tree is the one
    it would get on its own: same files, modes and folders, an empty folder the empty tree."""
    sites = {"2020.09": tmp_path / "a", "2021.03": tmp_path / "b", "draft": tmp_path / "c"}
    for number, (name, folder) in enumerate(sites.items()):
        if name == "draft":
            folder.mkdir()
            continue
        (folder / "sub" / "deeper").mkdir(parents=True)
        (folder / "index.html").write_text(f"版 {number}", encoding="utf-8")
        (folder / "sub" / "deeper" / "同じ.txt").write_text("どの版も同じ", encoding="utf-8")
        (folder / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
        (folder / "run.sh").chmod(0o755)
    alone = {name: git_utils.tree_of(git_utils.folder_entries(folder, cwd=tiny), index=tmp_path / f"{name}.index",
                                     cwd=tiny)
             for name, folder in sites.items()}
    together = git_utils.folder_trees(sites, index=tmp_path / "index", cwd=tiny)
    assert together == alone
    assert len(set(together.values())) == 3
    assert "100755 blob" in git(tiny, "ls-tree", together["2021.03"], "run.sh")


def test_the_commit_reads_again_only_what_changed_since_the_files_were_stored(tiny, tmp_path, monkeypatch):
    """A publish writes its sites into git while the last documents print, then commits them
    with the PDFs and links added: the commit holds every file as it stands at the end."""
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    for name in ("same.html", "replaced.html", "rewritten.html", "just-written.html"):
        (site / name).write_text(f"{name} の最初の内容", encoding="utf-8")
        if name != "just-written.html":
            os.utime(site / name, ns=(time.time_ns() - 10**10,) * 2)  # written ten seconds ago
    stored = git_utils.store_files([site], cwd=tiny)
    # a file written moments ago could be written again within one step of the file clock and keep its times
    assert sorted(Path(path).name for path in stored) == ["replaced.html", "rewritten.html", "same.html"]
    write_output(site / "replaced.html", "置き換えた内容")
    with (site / "rewritten.html").open("r+b") as stream:  # in place, the same length
        stream.write(b"REWRITTEN!" + (site / "rewritten.html").read_bytes()[10:])
    with (site / "just-written.html").open("r+b") as stream:  # within the clock's step of being stored
        stream.write(b"JUST!")
    (site / "sub" / "new.pdf").write_bytes(b"%PDF-1.7 added")
    hashed: list = []
    hash_files = git_utils.hash_files
    monkeypatch.setattr(git_utils, "hash_files", lambda paths, **kw: hashed.extend(paths) or hash_files(paths, **kw))
    tree = git_utils.folder_trees({"2021.03": site}, index=tmp_path / "index", cwd=tiny, stored=stored)["2021.03"]
    assert sorted(Path(path).name for path in hashed) == ["just-written.html", "new.pdf", "replaced.html", "rewritten.html"]
    for path in ["same.html", "replaced.html", "rewritten.html", "just-written.html", "sub/new.pdf"]:
        assert git(tiny, "cat-file", "blob", f"{tree}:{path}").encode() == (site / path).read_bytes(), path


def test_a_document_stored_when_made_is_not_read_again_once_moved_into_its_site(tiny, tmp_path, monkeypatch):
    made, site = tmp_path / "documents", tmp_path / "site"
    made.mkdir()
    site.mkdir()
    for name in ("kept.pdf", "changed.pdf"):
        write_output(made / name, f"%PDF {name}")
    with git_utils.Storer(cwd=tiny) as storer:
        stored = {**storer.store(made / "kept.pdf"), **storer.store(made / "changed.pdf")}
    moves = [(made / name, site / name) for name in ("kept.pdf", "changed.pdf")]
    for source, target in moves:
        source.replace(target)
    with (site / "changed.pdf").open("ab") as stream:
        stream.write(b" and more")
    git_utils.renamed(stored, moves)
    hashed: list = []
    hash_files = git_utils.hash_files
    monkeypatch.setattr(git_utils, "hash_files", lambda paths, **kw: hashed.extend(paths) or hash_files(paths, **kw))
    tree = git_utils.folder_trees({"2021.03": site}, index=tmp_path / "index", cwd=tiny, stored=stored)["2021.03"]
    assert [Path(path).name for path in hashed] == ["changed.pdf"]
    assert git(tiny, "cat-file", "blob", f"{tree}:changed.pdf") == "%PDF changed.pdf and more"
    assert git(tiny, "cat-file", "blob", f"{tree}:kept.pdf") == "%PDF kept.pdf"


def test_a_link_in_a_folder_written_together_is_refused_by_name(tiny, tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").symlink_to("/etc/passwd")
    with pytest.raises(GuidelineError, match="index.html はシンボリックリンク"):
        git_utils.folder_trees({"2021.03": tmp_path / "site"}, index=tmp_path / "index", cwd=tiny)


def test_files_stored_ahead_are_in_git_and_a_link_is_not_followed(tiny, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("リンクの先の秘密", encoding="utf-8")
    site = tmp_path / "site"
    (site / "sub").mkdir(parents=True)
    (site / "sub" / "page.html").write_text("公開するページ", encoding="utf-8")
    (site / "linked.txt").symlink_to(secret)
    (site / "sub" / "linked").symlink_to(tmp_path)
    git_utils.store_files([site, tmp_path / "gone"], cwd=tiny)

    def stored(path):
        blob = git(tiny, "hash-object", "--no-filters", str(path))
        return subprocess.run(["git", "cat-file", "-e", blob], cwd=tiny).returncode == 0
    assert stored(site / "sub" / "page.html")
    assert not stored(secret)


def test_documents_stored_from_several_threads_at_once_each_get_their_own_blob(tiny, tmp_path):
    paths = [tmp_path / f"文書{number}.pdf" for number in range(12)]
    for number, path in enumerate(paths):
        write_output(path, f"%PDF 文書{number}")
    found: dict = {}
    with git_utils.Storer(cwd=tiny) as storer:
        threads = [threading.Thread(target=lambda path=path: found.update(storer.store(path))) for path in paths]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(found) == sorted(map(str, paths))
    for path in paths:
        assert git(tiny, "cat-file", "blob", found[str(path)][1]) == path.read_text(encoding="utf-8")


def test_a_document_that_cannot_be_stored_is_left_to_the_commit(tiny, tmp_path):
    """Storing ahead only saves the commit work: a link, a folder, a name with a line break or
    a file gone meanwhile is not stored (the commit reads it, or refuses it, itself)."""
    (tmp_path / "secret.txt").write_text("リンクの先", encoding="utf-8")
    (tmp_path / "link.pdf").symlink_to(tmp_path / "secret.txt")
    (tmp_path / "folder.pdf").mkdir()
    (tmp_path / "改行\n.pdf").write_bytes(b"%PDF")
    (tmp_path / "kept.pdf").write_bytes(b"%PDF kept")
    with git_utils.Storer(cwd=tiny) as storer:
        for refused in ("link.pdf", "folder.pdf", "改行\n.pdf", "missing.pdf"):
            assert storer.store(tmp_path / refused) == {}, refused
        stored = storer.store(tmp_path / "kept.pdf")  # the others did not stop it
    assert git(tiny, "cat-file", "blob", stored[str(tmp_path / "kept.pdf")][1]) == "%PDF kept"


def test_a_named_pipe_is_never_handed_to_git(tiny, tmp_path):
    """git would wait on a pipe for a writer that never comes, and the publish with it."""
    pipe = tmp_path / "pipe.pdf"
    os.mkfifo(pipe)
    found: list = []
    with git_utils.Storer(cwd=tiny) as storer:
        storing = threading.Thread(target=lambda: found.append(storer.store(pipe)), daemon=True)
        storing.start()
        storing.join(timeout=30)
        if storing.is_alive():  # git waits on the pipe: let it read an end, so that the test can fail
            with open(pipe, "wb"):
                pass
            storing.join()
    assert found == [{}]


def test_when_git_ends_midway_nothing_more_is_stored_ahead(tiny, tmp_path):
    (tmp_path / "one.pdf").write_bytes(b"%PDF one")
    (tmp_path / "two.pdf").write_bytes(b"%PDF two")
    with git_utils.Storer(cwd=tiny) as storer:
        assert storer.store(tmp_path / "one.pdf")
        assert storer.child is not None
        storer.child.kill()
        storer.child.wait()
        assert storer.store(tmp_path / "two.pdf") == {}  # left to the commit, which reads it itself
        assert storer.child is None
