"""Fixtures made once per run however many workers run the tests (pytest-xdist), the markers'
rules, and one line at the end naming the tests skipped for a missing program.

Markers (pyproject.toml), set on the test or its module (`pytestmark`), never inferred:
  build        runs mkdocs or mike: a site build, publish, release, `guideline check`, a preview
  browser      drives Chromium (web pages, PDFs); needs chromium-headless-shell (or chromium)
  faults       injects a fault (a kill, Ctrl-C, a concurrent run) and waits for the state it needs
  needs(name)  needs a program (helpers.program): skipped without it, a failure where
               GUIDELINE_NO_SKIP=1 (.ci/run)
`make test-fast` runs what has none of build, browser and faults. A test that uses a fixture of
BUILDING without that fixture's marker fails at once, before the fixture builds anything.
Shared helpers, waiting and the one TIMEOUT are in helpers.py.
"""

import contextlib
import fcntl
import functools
import io
import os
import pickle
import subprocess
import sys
import tarfile
import threading
from pathlib import Path
from typing import NamedTuple

import pytest

from guideline.site.build import build_site
from helpers import (
    BRANCH,
    NO_INDEX,
    PREFIX,
    PROJECT,
    SLIPS,
    TIMEOUT,
    Child,
    QuietHandler,
    Server,
    adding,
    clean_env,
    copy_project,
    debian_packages,
    edit,
    program,
    wait_until,
)

# Fixtures that build, publish or open a browser, and the marker a test using one must carry.
BUILDING = {"site": "build", "published": "build", "served": "build", "checked": "build", "slipped": "build",
            "browser": "browser"}
NEEDS = {"textlint", *debian_packages()}  # what needs(name) may name
BROWSER = "chromium-headless-shell"  # the package a `browser` test needs (any Chromium does: chromium_path)
NO_SKIP = "GUIDELINE_NO_SKIP"  # "1": a test whose program is missing fails instead of skipping
SKIPPED: list = []  # the missing programs of each test skipped for them, in this process
SERVER = pytest.StashKey[Server]()
DESELECTED = pytest.StashKey[int]()  # how many tests -m left out of this run
ORIGIN = "guideline_origin"  # the run's origin, handed to the workers

os.environ.update(NO_INDEX)  # for the builds the tests start themselves (see helpers.NO_INDEX)


# --- Markers ---------------------------------------------------------------------------------

def needed(item) -> list[str]:
    names = [name for mark in item.iter_markers("needs") for name in mark.args]
    return names + ([BROWSER] if item.get_closest_marker("browser") else [])


@functools.cache
def missing(name: str) -> bool:
    return program(name) is None


@pytest.hookimpl(tryfirst=True)  # before any fixture is set up
def pytest_runtest_setup(item):
    unmarked = sorted({marker for fixture, marker in BUILDING.items()
                       if fixture in item.fixturenames and item.get_closest_marker(marker) is None})
    if unmarked:
        pytest.fail(f"this test uses a building fixture: mark it {' and '.join(unmarked)} "
                    "(on the test or in the module's pytestmark)", pytrace=False)
    unknown = [name for name in needed(item) if name not in NEEDS]
    if unknown:
        pytest.fail(f"needs({', '.join(unknown)}): not in debian-packages.txt nor textlint", pytrace=False)
    absent = [name for name in dict.fromkeys(needed(item)) if missing(name)]
    if not absent:
        return
    item.user_properties.append(("missing", absent))
    reason = f"{'・'.join(absent)} がありません（{'、'.join(dict.fromkeys(map(adding, absent)))} で入ります）"
    if os.environ.get(NO_SKIP) == "1":
        pytest.fail(f"{reason}。{NO_SKIP}=1 のため、飛ばさずに失敗とします", pytrace=False)
    pytest.skip(reason)


# mkdocs and mike, started by this process (`python -m mkdocs`, `.venv/bin/mike`). A test that
# runs the tool in a child process which builds must carry `build` itself.
BUILDERS = {"mkdocs", "mike"}


def builds(args) -> bool:
    argv = args if isinstance(args, (list, tuple)) else [args]
    return bool(BUILDERS & {Path(str(arg)).name for arg in argv[:3]})


@pytest.fixture(autouse=True)
def _builds_only_when_marked(request, monkeypatch):
    """The fast tier stays fast: a test without `build` that starts a build fails at once."""
    if request.node.get_closest_marker("build"):
        return
    unguarded = subprocess.Popen

    class Guarded(unguarded):  # type: ignore[misc, valid-type]
        def __init__(self, args, *rest, **options):
            if builds(args):
                pytest.fail(f"this test starts a build ({' '.join(map(str, args))[:120]}): mark it build",
                            pytrace=False)
            super().__init__(args, *rest, **options)
    monkeypatch.setattr(subprocess, "Popen", Guarded)
    from guideline.site import build_forks  # a build forked from a loaded process starts no process of its own
    forked = build_forks.Forks.start

    def guarded_start(forks, command, **options):
        if builds(command):
            pytest.fail(f"this test forks a build ({' '.join(map(str, command))[:120]}): mark it build", pytrace=False)
        return forked(forks, command, **options)
    monkeypatch.setattr(build_forks.Forks, "start", guarded_start)


def pytest_runtest_logreport(report):
    """Counts the skips for a missing program (under xdist the main process sees every worker's)."""
    if report.skipped:
        for key, names in report.user_properties:
            if key == "missing":
                SKIPPED.append(names)


@pytest.fixture(autouse=True)
def _no_child_left():
    """A test that fails while a child it started waits (paused, or holding a lock) leaves no process."""
    yield
    for child in list(Child.running):
        child.kill()


# --- What a publish makes ----------------------------------------------------------------------

def edition_of(docs: Path) -> str:
    """The edition whose docs/ a publish exported to `docs` (…/content/<id>/docs, or the draft's snapshot)."""
    return docs.parent.name if docs.name == "docs" else docs.name


@pytest.fixture
def work(monkeypatch):
    """What a publish makes: the pairs of editions it compares (old, new) and the PDFs it prints."""
    import guideline.compare.shared as shared
    import guideline.publish.builds as builds
    made = {"pairs": [], "pdfs": []}
    compare_trees, print_chains = shared.compare_trees, builds.print_chains

    def compare(old, new, **options):
        made["pairs"].append((edition_of(Path(old)), edition_of(Path(new))))
        return compare_trees(old, new, **options)

    def print_all(steps, **options):  # each step that starts a document: one PDF
        def counted():
            for step in steps:
                made["pdfs"].append(step)
                yield step
        return print_chains(counted(), **options)
    monkeypatch.setattr(shared, "compare_trees", compare)
    monkeypatch.setattr(builds, "print_chains", print_all)
    return made


# --- One browser a module, every wait within the one TIMEOUT ---------------------------------------

# Chromium shut off from everything but the pages under test: no background requests of its own,
# and every address but this machine's sent to a proxy port where nothing listens, so that a
# request for another host (which test_browser records) never leaves the machine.
BROWSER_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-default-apps",
                 "--no-first-run", "--disable-quic", "--disable-domain-reliability",
                 "--metrics-recording-only", "--no-pings", "--proxy-server=http://127.0.0.1:9"]


def _waiting_within_timeout(browser):
    """Every context (and page) the tests open waits as long as the suite's TIMEOUT, not
    Playwright's 30 s: a loaded machine is slow, never wrong."""
    new_context = browser.new_context

    def context_within_timeout(**options):
        context = new_context(**options)
        context.set_default_timeout(TIMEOUT * 1000)
        context.set_default_navigation_timeout(TIMEOUT * 1000)
        return context
    browser.new_context = context_within_timeout
    browser.new_page = lambda **options: context_within_timeout(**options).new_page()
    return browser


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, one a worker (starting it and Playwright's driver costs about 1 CPU s)."""
    from playwright.sync_api import sync_playwright

    from guideline.documents.chromium import chromium_path
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(chromium_path()), args=BROWSER_FLAGS)
        yield _waiting_within_timeout(chromium)
        chromium.close()


# --- One origin and one shared folder for the whole run ------------------------------------------

def is_worker(config) -> bool:
    return hasattr(config, "workerinput")


def run_folder(config) -> Path:
    """A folder every worker of this run shares (xdist makes each worker's own folder inside it)."""
    base = config._tmp_path_factory.getbasetemp()
    return base.parent if is_worker(config) else base


@pytest.hookimpl(trylast=True)  # after tmp_path's own set-up
def pytest_configure(config):
    """In the main process: an HTTP server bound to a free port from the start, serving the run's
    `served` folder, so that the site is published for its origin and no other process takes
    the port meanwhile. Workers serve nothing themselves; they are told the origin."""
    if is_worker(config):
        return
    folder = run_folder(config) / "served"
    folder.mkdir(exist_ok=True)
    server = Server(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config.stash[SERVER] = server


def pytest_deselected(items):
    for item in items:
        item.config.stash[DESELECTED] = item.config.stash.get(DESELECTED, 0) + 1


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[ORIGIN] = origin(node.config)


def origin(config) -> str:
    if is_worker(config):
        return config.workerinput[ORIGIN]
    return f"http://127.0.0.1:{config.stash[SERVER].server_address[1]}"


def pytest_unconfigure(config):
    if SERVER in config.stash:
        config.stash[SERVER].shutdown()
        config.stash[SERVER].server_close()
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if is_worker(config) or not SKIPPED or reporter is None:
        return
    names = sorted({name for missing_names in SKIPPED for name in missing_names})
    commands = "、".join(dict.fromkeys(map(adding, names)))
    reporter.write_line(f"{'・'.join(names)} がないため、テスト {len(SKIPPED)} 件を飛ばしました。入れるには: {commands}",
                        yellow=True, bold=True)


@contextlib.contextmanager
def exclusive(path: Path):
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # released when the file closes, or its holder dies
        yield


def once_per_run(config, name: str, make):
    """What make() returns, made by the first worker that asks; the others wait for its lock,
    then reuse the result (and whatever make() left in run_folder)."""
    folder = run_folder(config)
    result = folder / f"{name}.pickle"
    with exclusive(folder / f"{name}.lock"):
        if not result.exists():
            value = make()
            result.write_bytes(pickle.dumps(value))
    return pickle.loads(result.read_bytes())


def announce(request, message: str) -> None:
    """A line on the terminal before a long build, so a run without workers is never silent for minutes."""
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is None or capture is None:
        return
    with capture.global_and_fixture_disabled():  # fixtures' output is captured otherwise
        reporter.write_line(message)


# --- The site, built and published once --------------------------------------------------------

@pytest.fixture(scope="session")
def site(request) -> Path:
    """The working tree built once, as `guideline build` does."""
    folder = run_folder(request.config) / "site"

    def build():
        announce(request, "作業中の版を組み立てています…")
        build_site(project_dir=PROJECT, site_dir=folder, env=clean_env())
    once_per_run(request.config, "site", build)
    return folder


@pytest.fixture(scope="session")
def checked(request) -> tuple:
    """(problems, notes) of `guideline check` on the project as it is, run once per run by a
    process started at collection (its record of the pages that passed goes to every copy made
    after it)."""
    return in_background(request.config, "checked", what="the project checked (checked/checked.log)")


@pytest.fixture(scope="session")
def slipped(request, checked) -> tuple:
    """(project, problems) of one `guideline check` of a copy with every slip of SLIPS in it
    (after `checked`, so that the copy carries the record of the pages that passed)."""
    from guideline.site.check import check
    folder = run_folder(request.config) / "slipped"

    def make():
        project = copy_project(folder / "project")
        if (PROJECT / "node_modules/.bin/textlint").exists():
            (project / "node_modules").symlink_to(PROJECT / "node_modules")
        for path, old, new in SLIPS.values():
            edit(project, path, old, new)
        return project, check(project)[0]
    return once_per_run(request.config, "slipped", make)


class Published(NamedTuple):
    repo: Path        # a clone of the project with every edition published into BRANCH
    deployed: object  # what publish did (its Outcome: .deployed lists the edition ids)
    origin: str       # http://127.0.0.1:PORT, the host the site was published for


# What a process of its own makes once per run, started at collection: folder name → the function
# of helpers that makes it (its last argument the file its outcome goes to), with its first arguments.
BACKGROUND = {"published": ("publish_every_edition", "publish"), "checked": ("check_the_project", "checked")}


@pytest.hookimpl(trylast=True)  # after -m and -k have deselected what will not run
def pytest_collection_modifyitems(config, items):
    """The tests of the shared publication go last, and those of the shared check of the project
    right before them: each is made meanwhile, by a process of its own. The tests of the shared
    check runs (`checked`, and `slipped`, which follows it) go to one worker (`--dist loadgroup`):
    the first waits for them, the others follow on that worker, and no other worker waits for
    them meanwhile."""
    def shared(item) -> tuple:
        return "published" in item.fixturenames, bool({"checked", "slipped"} & set(item.fixturenames))
    items.sort(key=shared)  # stable: every worker, the same order
    for item in items:
        if shared(item)[1]:
            item.add_marker(pytest.mark.xdist_group("checks"))
    if config.option.collectonly:
        return
    for fixture in BACKGROUND:
        if any(fixture in item.fixturenames for item in items):
            start_in_background(config, fixture)


def start_in_background(config, name: str) -> None:
    """Starts making BACKGROUND[name] in a process of its own, once per run (see in_background)."""
    function, folder_name = BACKGROUND[name]
    folder = run_folder(config) / folder_name
    with exclusive(run_folder(config) / f"{folder_name}.lock"):
        if folder.exists():
            return
        folder.mkdir()
        arguments = [str(folder / "repo")] if name == "published" else []
        with open(folder / f"{folder_name}.log", "wb") as log:
            subprocess.Popen([sys.executable, "-c", f"import sys, helpers; helpers.{function}(*sys.argv[1:])",
                              *arguments, str(folder / "outcome")], cwd=Path(__file__).parent,
                             env=clean_env(GUIDELINE_SITE_URL=origin(config) + PREFIX), stdout=log, stderr=log)


def _outcome(folder: Path):
    if (folder / "outcome.error").exists():
        pytest.fail(f"{folder.name} failed:\n" + (folder / "outcome.error").read_text(), pytrace=False)
    return (folder / "outcome").exists() and pickle.loads((folder / "outcome").read_bytes())


def in_background(config, name: str, *, what: str):
    """BACKGROUND[name], once the process that makes it is done (started now if it was not)."""
    start_in_background(config, name)
    return wait_until(lambda: _outcome(run_folder(config) / BACKGROUND[name][1]), what=what)


@pytest.fixture(scope="session")
def published(request) -> Published:
    """Every edition published once per run, for http://127.0.0.1:PORT/telework/ (see `served`),
    by a process started at collection. Shared by every worker: read it, or change a copy
    (helpers.copy_of)."""
    folder = run_folder(request.config) / "publish"
    start_in_background(request.config, "published")
    if not _outcome(folder):
        announce(request, "すべての版を公開用に組み立てています（数分かかります）…")
    outcome = in_background(request.config, "published", what="every edition published (publish/publish.log)")
    return Published(folder / "repo", outcome, origin(request.config))


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


def _publish_settings(patch: pytest.MonkeyPatch, address: str) -> None:
    for key in set(os.environ) - set(clean_env()):
        patch.delenv(key)
    patch.setenv("GUIDELINE_SITE_URL", address + PREFIX)


@pytest.fixture(scope="session")
def served(request, published):
    """The published branch served over HTTP at its origin, under /telework/, by the run's server."""
    folder = run_folder(request.config) / "served" / PREFIX.strip("/")

    def extract():
        archive = subprocess.run(["git", "archive", BRANCH], cwd=published.repo,
                                 capture_output=True, check=True).stdout
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
    once_per_run(request.config, "served", extract)
    return {"origin": published.origin, "base": published.origin + PREFIX, "dir": folder}
