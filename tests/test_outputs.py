"""Files written with `-o` and built sites: regular files only, whole or not at all, never through
a link, with the mode the umask gives."""

import os
import stat

import pytest
from tinysite import git, make_tiny_project

from guideline import outputs
from guideline.cli.driver import main
from guideline.errors import GuidelineError
from guideline.outputs import write_output
from guideline.site.build import build_site


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


def test_a_new_file_gets_the_mode_the_umask_allows(tmp_path):
    previous = os.umask(0o022)
    try:
        written = write_output(tmp_path / "out" / "表.html", "<p>新旧対照表</p>")
    finally:
        os.umask(previous)
    assert written.read_text(encoding="utf-8") == "<p>新旧対照表</p>"
    assert stat.S_IMODE(written.stat().st_mode) == 0o644


def test_an_existing_file_is_replaced_whole(tmp_path):
    target = tmp_path / "site.tar.gz"
    target.write_bytes(b"old")
    write_output(target, b"new archive")
    assert target.read_bytes() == b"new archive" and leftovers(tmp_path) == []


def test_compare_onto_a_folder_is_refused_without_a_trace(tmp_path, capsys):
    repo = make_tiny_project(tmp_path / "project")
    folder = tmp_path / "reports.html"  # a folder, even with the suffix of a file
    folder.mkdir()
    code = main(["--project", str(repo), "compare", "2020.09", "2021.03", "-o", str(folder)])
    error = capsys.readouterr().err
    assert code == 1 and "フォルダです" in error and "Traceback" not in error
    assert list(folder.iterdir()) == [] and leftovers(tmp_path) == []


def test_a_fifo_is_refused(tmp_path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(GuidelineError, match="普通のファイルではない"):
        write_output(fifo, "x")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


def test_an_unwritable_place_is_one_japanese_line(tmp_path):
    (tmp_path / "file.txt").write_text("", encoding="utf-8")
    with pytest.raises(GuidelineError) as raised:
        write_output(tmp_path / "file.txt" / "out.html", "x")
    assert "に書けませんでした" in str(raised.value) and "\n" not in str(raised.value)


def test_a_failed_replace_leaves_neither_temporary_file_nor_change(tmp_path, monkeypatch):
    target = tmp_path / "out.html"
    target.write_text("前の内容", encoding="utf-8")

    def disk_full(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(outputs.os, "replace", disk_full)
    with pytest.raises(GuidelineError, match="に書けませんでした"):
        write_output(target, "新しい内容")
    assert target.read_text(encoding="utf-8") == "前の内容" and leftovers(tmp_path) == []


# Writes never follow a link: a link where a file or folder would be written is refused by name.


@pytest.mark.faults
def test_a_link_at_the_output_is_refused_and_its_target_kept(tmp_path):
    target = tmp_path / "config"
    target.write_text("[core]\n", encoding="utf-8")
    (tmp_path / "link.html").symlink_to(target)
    with pytest.raises(GuidelineError, match="link.html はリンク"):
        write_output(tmp_path / "link.html", "<p>新旧対照表</p>")
    assert target.read_text(encoding="utf-8") == "[core]\n"
    assert (tmp_path / "link.html").is_symlink()


@pytest.mark.faults
def test_a_dangling_link_creates_nothing_where_it_points(tmp_path):
    (tmp_path / "link.html").symlink_to(tmp_path / "elsewhere" / "made.html")
    with pytest.raises(GuidelineError, match="リンク先: "):
        write_output(tmp_path / "link.html", "x")
    assert not (tmp_path / "elsewhere").exists()


@pytest.mark.faults
def test_a_committed_link_at_the_default_output_cannot_overwrite_the_git_config(tmp_path, capsys):
    repo = make_tiny_project(tmp_path / "project")
    git(repo, "checkout", "-q", "-b", "pull-request")
    (repo / "out").mkdir()
    (repo / "out/新旧対照表.html").symlink_to("../.git/config")
    git(repo, "add", "-f", "out")
    git(repo, "commit", "-q", "-m", "リンクを足しました")
    config = (repo / ".git/config").read_text(encoding="utf-8")
    assert main(["--project", str(repo), "compare", "--since", "main"]) == 1
    assert "新旧対照表.html はリンク" in capsys.readouterr().err
    assert (repo / ".git/config").read_text(encoding="utf-8") == config


@pytest.mark.faults
def test_a_linked_out_folder_is_refused(tmp_path, capsys):
    repo = make_tiny_project(tmp_path / "project")
    (tmp_path / "elsewhere").mkdir()
    (repo / "out").symlink_to(tmp_path / "elsewhere")
    assert main(["--project", str(repo), "compare", "2020.09", "2021.03"]) == 1
    assert "out はリンク" in capsys.readouterr().err
    assert list((tmp_path / "elsewhere").iterdir()) == []


@pytest.mark.build
@pytest.mark.faults
@pytest.mark.build
def test_build_refuses_a_linked_site_folder_and_makes_one_with_the_umask(tmp_path):
    repo = make_tiny_project(tmp_path / "project")
    (tmp_path / "served").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "served")
    with pytest.raises(GuidelineError, match="site はリンク"):
        build_site(project_dir=repo, site_dir=tmp_path / "site")
    assert list((tmp_path / "served").iterdir()) == []
    previous = os.umask(0o022)
    try:
        built = build_site(project_dir=repo, site_dir=tmp_path / "public" / "site")
    finally:
        os.umask(previous)
    assert stat.S_IMODE(built.stat().st_mode) == 0o755
    assert stat.S_IMODE((built / "index.html").stat().st_mode) == 0o644


@pytest.mark.faults
def test_the_publish_lock_is_never_taken_through_a_link(tmp_path):
    from guideline.publish.locking import LOCK_FILE, repository_lock
    (tmp_path / LOCK_FILE).symlink_to(tmp_path / "elsewhere.lock")
    with pytest.raises(OSError), repository_lock(tmp_path, report=print):
        pass
    assert not (tmp_path / "elsewhere.lock").exists()
