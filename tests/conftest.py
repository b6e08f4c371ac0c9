"""Fixtures built once per run. Tests that need a site build are marked `build`, so that
`make test-fast` (pytest -m "not build") leaves them out; shared helpers are in helpers.py."""

import functools
import http.server
import io
import os
import subprocess
import tarfile
import threading
from pathlib import Path
from typing import NamedTuple

import pytest

from guideline.site.build import build_site
from helpers import BRANCH, PREFIX, PROJECT, QuietHandler, clean_env, copy_project

# Fixtures that build or publish the site: a test using one of them is a `build` test.
BUILDING = {"site", "published", "served"}


def pytest_collection_modifyitems(items):
    for item in items:
        if BUILDING & set(item.fixturenames):
            item.add_marker(pytest.mark.build)


def announce(request, message: str) -> None:
    """A line on the terminal before a long build, so a run is never silent for minutes."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():  # fixtures' output is captured otherwise
        reporter.write_line(message)


@pytest.fixture(scope="session")
def site(request, tmp_path_factory) -> Path:
    """The working tree built once, as `guideline build` does."""
    announce(request, "作業中の版を組み立てています…")
    return build_site(project_dir=PROJECT, site_dir=tmp_path_factory.mktemp("built") / "site",
                      env=clean_env())


@pytest.fixture(scope="session")
def _listening(tmp_path_factory):
    """(server, folder): an HTTP server bound to a free port from the start, so that the
    site can be published for its origin and no other process takes the port meanwhile."""
    folder = tmp_path_factory.mktemp("served")
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    yield server, folder
    server.server_close()


class Published(NamedTuple):
    repo: Path        # a clone of the project with every edition published into BRANCH
    deployed: list    # the edition ids publish deployed
    origin: str       # http://127.0.0.1:PORT, the host the site was published for


@pytest.fixture(scope="session")
def published(request, tmp_path_factory, _listening) -> Published:
    """Every edition published once, for http://127.0.0.1:PORT/telework/ (see `served`)."""
    from guideline.publish.publish import publish
    announce(request, "すべての版を公開用に組み立てています（数分かかります）…")
    repo = copy_project(tmp_path_factory.mktemp("publish") / "repo")
    origin = f"http://127.0.0.1:{_listening[0].server_address[1]}"
    with pytest.MonkeyPatch.context() as patch:
        _publish_settings(patch, origin)
        deployed = publish(project_dir=repo, branch=BRANCH, report=lambda message: None)
    return Published(repo, deployed, origin)


@pytest.fixture(autouse=True)
def _as_published(request):
    """A test that publishes again does so with the settings of the shared publication,
    so that only what the test changes differs from it."""
    if "published" not in request.fixturenames:
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        _publish_settings(patch, request.getfixturevalue("published").origin)
        yield


def _publish_settings(patch: pytest.MonkeyPatch, origin: str) -> None:
    for key in set(os.environ) - set(clean_env()):
        patch.delenv(key)
    patch.setenv("GUIDELINE_SITE_URL", origin + PREFIX)


@pytest.fixture(scope="session")
def served(published, _listening):
    """The published branch served over HTTP at its origin, under /telework/."""
    server, root = _listening
    folder = root / PREFIX.strip("/")
    folder.mkdir()
    archive = subprocess.run(["git", "archive", BRANCH], cwd=published.repo,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield {"origin": published.origin, "base": published.origin + PREFIX, "dir": folder}
    server.shutdown()
