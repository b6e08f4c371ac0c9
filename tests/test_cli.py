"""The `guideline` command as an editor meets it: Japanese words, one line per failure, no traceback."""

import os
import re
import shutil
import signal
import subprocess
import sys

import pytest

from guideline.cli import driver as cli
from guideline.site.edition_build import refuse_unaddressed_publication
from helpers import PROJECT, TIMEOUT, Child, copy_project, pause_builds, wait_for_file

GUIDELINE = [sys.executable, "-m", "guideline.cli"]


def run(*args, cwd=PROJECT):
    return subprocess.run([*GUIDELINE, *args], cwd=cwd, capture_output=True, text=True, timeout=TIMEOUT)


def test_help_is_japanese_and_every_option_is_explained():
    result = run("release", "--help")
    assert result.returncode == 0
    assert result.stdout.startswith("使い方: guideline release")
    assert "この説明を表示して終わります" in result.stdout
    assert "provisional（暫定版）か official（正式版）" in result.stdout
    for english in ("usage:", "show this help", "options:", "positional arguments"):
        assert english not in result.stdout


@pytest.mark.parametrize("args, said", [
    ((), "次の指定が必要です: コマンド"),
    (("release", "2022.03", "--title", "正式版", "--status", "final"),
     "--status: 'final' は選べません（選べるもの: provisional, official）"),
    (("check", "--bogus"), "知らない指定があります: --bogus"),
    (("build", "--edition"), "--edition の後に値を一つ書いてください"),
])
def test_argument_mistakes_are_explained_in_japanese(args, said):
    result = run(*args)
    assert result.returncode == 2
    assert result.stderr.startswith("使い方: guideline")
    assert said in result.stderr
    assert "error:" not in result.stderr and "usage:" not in result.stderr


def test_a_missing_project_folder_is_named():
    result = run("--project", "/nonexistent", "check")
    assert (result.returncode, result.stderr) == (1, "エラー: --project: フォルダ /nonexistent がありません\n")


def test_outside_the_project_the_message_points_at_the_option(tmp_path):
    result = run("build", cwd=tmp_path)
    assert result.returncode == 1
    assert "ファイルがありません" in result.stderr and "--project" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("raised, said", [
    (PermissionError(13, "Permission denied", "/srv/site"), "エラー: /srv/site: 権限がないため読み書きできません"),
    (OSError(28, "No space left on device", "/tmp/x"), "エラー: /tmp/x: ディスクの空きがありません"),
    (RuntimeError("boom"), "エラー: 思いがけない誤りで止まりました（RuntimeError: boom）。--debug を付けて"),
])
def test_unexpected_failures_are_one_japanese_line_and_debug_shows_the_traceback(monkeypatch, capsys, raised, said):
    def fail(project_dir):
        raise raised
    monkeypatch.setattr(cli, "check", fail)
    assert cli.main(["--project", str(PROJECT), "check"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(said) and err.count("\n") == 1
    assert cli.main(["--project", str(PROJECT), "--debug", "check"]) == 1
    assert "Traceback (most recent call last)" in capsys.readouterr().err


def test_interrupt_in_process_is_reported_with_status_130(monkeypatch, capsys):
    def interrupted(project_dir):
        raise KeyboardInterrupt
    monkeypatch.setattr(cli, "check", interrupted)
    assert cli.main(["--project", str(PROJECT), "check"]) == 130
    assert capsys.readouterr().err.strip() == "中断しました"


@pytest.mark.build
@pytest.mark.faults
def test_ctrl_c_during_a_real_check_stops_cleanly(tmp_path):
    project = copy_project(tmp_path / "project")
    pause_builds(project, tmp_path / "building")
    scratch = tmp_path / "tmp"  # where the check builds
    scratch.mkdir()
    process = Child([*GUIDELINE, "check"], cwd=project, env={**os.environ, "TMPDIR": str(scratch)},
                    start_new_session=True)
    wait_for_file(tmp_path / "building", process=process.process)  # the site build is under way
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in a terminal: the command's whole group
    code, _, err = process.finish()
    assert code == 130
    assert "中断しました" in err and "Traceback" not in err
    assert list(scratch.iterdir()) == []  # nothing of the build is left


@pytest.mark.parametrize("command", [["publish"], ["release", "2022.03", "--title", "正式版（令和4年3月）",
                                                   "--status", "official"]])
def test_publishing_without_the_sites_address_is_refused_with_its_name(tmp_path, monkeypatch, capsys, command):
    shutil.copy2(PROJECT / "editions.yml", tmp_path / "editions.yml")  # in a folder that is no repository
    config = (PROJECT / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(re.sub(r"(?m)^site_url:.*\n", "", config), encoding="utf-8")
    monkeypatch.delenv("GUIDELINE_SITE_URL", raising=False)
    assert cli.main(["--project", str(tmp_path), *command]) == 1
    error = capsys.readouterr().err
    assert error.startswith("エラー: 公開する場所の URL が設定されていません")
    assert "mkdocs.yml の site_url" in error and "GUIDELINE_SITE_URL" in error
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    refuse_unaddressed_publication(project_dir=tmp_path, environ={})  # set once in mkdocs.yml: nothing to refuse
