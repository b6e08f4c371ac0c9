"""Builds forked from one process that has loaded the generator: the same site as a build of its
own, only the environment it is given, and stopped as any child is."""

import os
import sys
from pathlib import Path

import pytest

from guideline import processes
from guideline.site.build import build_command, quiet
from guideline.site.build_forks import ForkedBuild, Forks
from helpers import PROJECT, free_port, gone, wait_until

TINY = "site_name: !ENV [TINY_NAME, 名前なし]\ntheme:\n  name: mkdocs\n"


@pytest.fixture
def forks(tmp_path, monkeypatch):
    """A server started where the publish has a variable of its own, which no build is given."""
    monkeypatch.setenv("TINY_NAME", "呼んだ側の名前")
    with (tmp_path / "forks.log").open("wb") as log:
        started = Forks(project_dir=PROJECT, log=log)
        assert started.wait_ready(timeout=60)
        yield started
        started.close()


def tiny_project(folder: Path) -> Path:
    (folder / "docs").mkdir(parents=True)
    (folder / "docs/index.md").write_text("# ホーム\n\n本文です。\n", encoding="utf-8")
    (folder / "mkdocs.yml").write_text(TINY, encoding="utf-8")
    return folder


def run_to_end(forks: Forks, command: list, *, cwd: Path, env: dict, log: Path) -> int:
    log.touch()
    child = forks.start(command, cwd=cwd, env=env, log=log)
    assert isinstance(child, ForkedBuild), "built by a process of its own, not forked"
    return child.wait(timeout=120)


@pytest.mark.build
def test_a_fork_sees_only_the_environment_it_is_given(forks, tmp_path):
    project = tiny_project(tmp_path / "tiny")
    env = {key: value for key, value in quiet(None).items() if key != "TINY_NAME"}
    for name, expected in (("版の名前", "版の名前"), (None, "名前なし")):
        site = tmp_path / f"site-{expected}"
        given = env if name is None else {**env, "TINY_NAME": name}
        status = run_to_end(forks, build_command(project_dir=project, site_dir=site), cwd=project, env=given,
                            log=tmp_path / f"{expected}.log")
        assert status == 0, (tmp_path / f"{expected}.log").read_text(encoding="utf-8")
        assert f"<title>{expected}</title>" in (site / "index.html").read_text(encoding="utf-8")


@pytest.mark.build
def test_a_forked_build_writes_the_site_a_build_of_its_own_writes(forks, tmp_path):
    env = quiet({**os.environ, "GUIDELINE_EDITION": "2021.03"})
    forked, alone = tmp_path / "forked", tmp_path / "alone"
    log = tmp_path / "forked.log"
    assert run_to_end(forks, build_command(project_dir=PROJECT, site_dir=forked), cwd=PROJECT, env=env, log=log) == 0
    processes.run(build_command(project_dir=PROJECT, site_dir=alone), cwd=PROJECT, env=env)
    files = sorted(path.relative_to(forked) for path in forked.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(alone) for path in alone.rglob("*") if path.is_file())
    assert len(files) > 50
    differing = [path for path in files if (forked / path).read_bytes() != (alone / path).read_bytes()]
    assert differing == []


def serving(forks: Forks, tmp_path: Path, name: str):
    """A fork that runs until stopped (the generator's preview server), once it serves."""
    project = tiny_project(tmp_path / name)
    log = tmp_path / f"{name}.log"
    log.touch()
    command = [sys.executable, "-m", "mkdocs", "serve", "--no-livereload", "-a", f"127.0.0.1:{free_port()}"]
    child = forks.start(command, cwd=project, env=quiet(None), log=log)
    wait_until(lambda: "Serving on" in log.read_text(encoding="utf-8"), what=f"{name} serving")
    return child


@pytest.mark.faults
@pytest.mark.build
def test_a_fork_is_stopped_as_any_child_and_the_rest_end_with_the_server(tmp_path):
    with (tmp_path / "forks.log").open("wb") as log:
        forks = Forks(project_dir=PROJECT, log=log)
        assert forks.wait_ready(timeout=60)
        assert Path(f"/proc/{forks.server.pid}/cwd").resolve() == PROJECT.resolve()  # loads the project's own package
        stopped, left = serving(forks, tmp_path, "stopped"), serving(forks, tmp_path, "left")
        assert isinstance(stopped, ForkedBuild) and os.getpgid(stopped.pid) == stopped.pid
        processes.stop(stopped)
        assert stopped.returncode is not None and stopped.returncode != 0 and gone(stopped.pid)
        assert left.poll() is None and not gone(left.pid)
        forks.close()
    wait_until(lambda: gone(left.pid), what="the last fork ended with the server")


def test_every_answer_of_the_server_counts_however_its_lines_come():
    """A fork that ends while the next is started: both lines may come in one read, or a line
    in two; none is lost (a lost end would leave the publish waiting for ever)."""
    from guideline.site.build_forks import Answers
    said = Answers()
    for chunk in (b"ready\nstarted 11\n", b"started 12\nended 11 0\nend", b"ed 12 -2\n"):
        said.take(chunk)
    assert said.ready and list(said.started) == [11, 12] and said.ended == {11: 0, 12: -2}


@pytest.mark.build
def test_a_build_asked_for_at_once_is_forked_when_the_generator_is_loaded(tmp_path):
    """Loading the generator in a build of its own takes as long as the server's loading, which began first."""
    project = tiny_project(tmp_path / "tiny")
    with (tmp_path / "forks.log").open("wb") as log:
        forks = Forks(project_dir=PROJECT, log=log)
        try:
            assert run_to_end(forks, build_command(project_dir=project, site_dir=tmp_path / "site"), cwd=project,
                              env=quiet(None), log=tmp_path / "build.log") == 0
        finally:
            forks.close()
    assert (tmp_path / "site/index.html").is_file()


@pytest.mark.faults
@pytest.mark.build
def test_a_build_asked_of_a_server_that_has_ended_is_refused_not_awaited(tmp_path):
    import signal

    from guideline.errors import BuildError
    project = tiny_project(tmp_path / "tiny")
    with (tmp_path / "forks.log").open("wb") as log:
        forks = Forks(project_dir=PROJECT, log=log)
        assert forks.wait_ready(timeout=60)
        os.kill(forks.server.pid, signal.SIGKILL)
        forks.server.wait()
        with pytest.raises(BuildError, match="組み立て用のプロセスが終わっています"):
            forks.start(build_command(project_dir=project, site_dir=tmp_path / "site"), cwd=project,
                        env=quiet(None), log=tmp_path / "build.log")
        forks.close()
    assert not (tmp_path / "site").exists()
