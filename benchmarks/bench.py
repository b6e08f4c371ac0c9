"""`make bench`: what publishing and reading the guideline cost, against stated budgets.

Times are medians of several runs, next to a baseline (plain MkDocs + Material on the
same docs/) measured in the same run. A budget that is a ratio of actions measured several
times is checked pair by pair: each run of the measured action comes between two runs of the
one it is divided by, and the median of the ratios is the one compared (the 20 editions' cold
publish, run once, is divided by one edition's median).
Page weight is what a first visit transfers, gzip-compressed, as a browser loads it from the
published site; the search index, which a page reads ahead once it has loaded, is counted apart.
"""

import argparse
import contextlib
import gzip
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

PROJECT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT / "tests"))

from guideline.compare import diffing, phrases  # noqa: E402
from guideline.compare.pairing import compare_trees  # noqa: E402
from guideline.documents.chromium import chromium_path, missing_engine  # noqa: E402
from guideline.documents.edition_pdf import add_edition_pdf, file_name  # noqa: E402
from guideline.layout import SITE_URL_VARIABLE  # noqa: E402
from guideline.publish import git_utils  # noqa: E402
from guideline.publish.publish import build_edition, publish  # noqa: E402
from helpers import as_a_reader_fetches, copy_project, free_port, long_paragraph  # noqa: E402  (the tests' throwaway clones)

BUDGETS = {
    "one_edition_ratio": 2.5,      # one edition's build against plain MkDocs + Material on the same docs
    "cold_editions": 5,            # publishing every edition from nothing, in one edition's builds
    "synthetic_cold_editions": 25,  # the same for 20 synthetic editions
    "publish_unchanged_s": 2.0,
    "new_edition_ratio": 1.5,
    "chapter_first_visit_kb": 100,  # the page itself; the search index it reads ahead is counted apart
    "requests_per_page": 10,
    "edition_pdf_ratio": 1.0,  # the PDF of an edition takes no longer than building the edition
    "search_top3": 0.95,
    "search_first_result_ms": 300,
    "long_paragraph_compare_s": 5.0,  # a 50,000-character paragraph changed every 50 characters
    "check_cpu_s": 15.0,  # `make check` a second time (textlint has seen the pages), CPU seconds
}
PAGES = {"home": "", "chapter": "guideline/07-staff/", "faq": "faq/", "改訂内容": "changes/"}
BASELINE_CONFIG = """\
site_name: baseline
docs_dir: {docs}
site_dir: {site}
exclude_docs: |
  data/
theme:
  name: material
  language: ja
"""


def median_seconds(action, runs, *, label=""):
    timings = []
    for _ in range(runs):
        # What the action before left to write goes to disk first: it is that action's cost, not this one's.
        os.sync()
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    if label:  # as it goes, on stderr: a long run that is stopped still says what it measured
        print(f"{label}: {' '.join(f'{t:.2f}' for t in timings)} s (load {os.getloadavg()[0]:.1f})",
              file=sys.stderr, flush=True)
    return statistics.median(timings)


def paired_seconds(first, second, runs, *, labels):
    """`second` run `runs` times, each between two runs of `first` (first, second, first, …,
    second, first): each one's median, and the median of the ratios of each `second` to the
    mean of the two runs of `first` around it. The machine's speed drifts over a run of
    several minutes: both sides of a ratio are measured at the same time, and a steady drift
    cancels out."""
    firsts, seconds = [median_seconds(first, 1)], []
    for _ in range(runs):
        seconds.append(median_seconds(second, 1))
        firsts.append(median_seconds(first, 1))
    ratios = [taken / ((before + after) / 2) for taken, before, after in zip(seconds, firsts[:-1], firsts[1:], strict=True)]
    for label, timings in zip(labels, (firsts, seconds), strict=True):
        print(f"{label}: {' '.join(f'{t:.2f}' for t in timings)} s (load {os.getloadavg()[0]:.1f})",
              file=sys.stderr, flush=True)
    print(f"  ratios: {' '.join(f'{ratio:.2f}' for ratio in ratios)}", file=sys.stderr, flush=True)
    return statistics.median(firsts), statistics.median(seconds), statistics.median(ratios)


def quiet(*command, cwd):
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)


def preview_rebuild(repo: Path, runs: int) -> float:
    """Median time from saving a chapter to `mkdocs serve` (make preview) having rebuilt it."""
    import queue
    import threading
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=repo, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    lines = queue.Queue()
    threading.Thread(target=lambda: [lines.put(line) for line in server.stderr], daemon=True).start()

    def wait_for(text):
        while text not in lines.get(timeout=120):
            pass
    chapter = repo / "docs/guideline/09-costs.md"
    original = chapter.read_text(encoding="utf-8")
    timings = []
    try:
        wait_for("Serving on")
        for run in range(runs):
            time.sleep(0.5)
            start = time.perf_counter()
            chapter.write_text(original + f"\n追記 {run}。\n", encoding="utf-8")
            wait_for("Reloading browsers")
            timings.append(time.perf_counter() - start)
    finally:
        chapter.write_text(original, encoding="utf-8")
        server.terminate()
        server.wait(timeout=30)
    return statistics.median(timings)


def check_cpu_seconds(repo: Path, runs: int) -> float:
    """Median CPU seconds of `guideline check` once textlint has seen the pages (an editor's second run)."""
    command = [str(Path(sys.executable).parent / "guideline"), "--project", str(repo), "check"]
    subprocess.run(command, capture_output=True, check=False)
    timings = []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        timings.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    print(f"make check, second run: {' '.join(f'{t:.2f}' for t in timings)} CPU s (load {os.getloadavg()[0]:.1f})",
          file=sys.stderr, flush=True)
    return statistics.median(timings)


def baseline_build(scratch: Path):
    config = scratch / "baseline.yml"
    config.write_text(BASELINE_CONFIG.format(docs=PROJECT / "docs", site=scratch / "baseline-site"), encoding="utf-8")
    quiet(sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), cwd=scratch)


def synthetic_editions(repo: Path, count: int):
    """`count` official editions, each a commit that revises one chapter (each new one is `latest`)."""
    entries = []
    chapter = repo / "docs/guideline/09-costs.md"
    for number in range(count):
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\n第{number + 1}次の改訂で追記した文です。\n",
                           encoding="utf-8")
        git_utils.git("commit", "-qam", f"改訂 {number + 1}", cwd=repo)
        ref = git_utils.git("rev-parse", "HEAD", cwd=repo).strip()
        entries.append(f'  - id: "{2030 + number // 12}.{number % 12 + 1:02d}"\n    title: "試験版 {number + 1}"\n'
                       '    status: official\n'
                       f'    date: "{2030 + number // 12}-{number % 12 + 1:02d}"\n    ref: {ref}\n'
                       '    summary: "試験用の版です。"\n')
    return entries


def write_manifest(repo: Path, entries):
    (repo / "editions.yml").write_text("editions:\n" + "".join(entries), encoding="utf-8")


def scaling(scratch: Path, count: int, *, reference=None, runs: int = 1):
    """Publish `count` synthetic editions, then one more: the cost of adding an edition. With
    `reference` (one edition built and printed), adding is measured `runs` times between runs
    of it (paired_seconds), the branch put back before each: (cold, added, the ratio pair by
    pair or None)."""
    repo = copy_project(scratch / f"synthetic-{count}")
    git_utils.git("add", "-A", cwd=repo)
    git_utils.git("commit", "-q", "--allow-empty", "-m", "作業中の原稿", cwd=repo)
    entries = synthetic_editions(repo, count + 1)
    write_manifest(repo, entries[:count])
    cold = median_seconds(lambda: publish(project_dir=repo, branch="bench", report=lambda m: None), 1,
                          label=f"publish {count} synthetic editions, cold")
    before = git_utils.branch_head("bench", cwd=repo)
    write_manifest(repo, entries)

    def add():
        git_utils.reset_branch("bench", before, cwd=repo)
        publish(project_dir=repo, branch="bench", report=lambda m: None)
    label = f"publish after adding edition {count + 1}"
    if reference is None:
        return cold, median_seconds(add, 1, label=label), None
    _, added, ratio = paired_seconds(reference, add, runs, labels=("one edition with its PDF", label))
    return cold, added, ratio


def print_edition_pdf(site: Path):
    """Print a built edition's PDF into its site: (pages, bytes)."""
    pages = add_edition_pdf(site, edition_id="2021.03", edition_title="正式版（令和3年3月）", date="2021-03")
    return pages, (site / file_name("2021.03")).stat().st_size


def long_paragraph_seconds(scratch: Path, runs: int) -> float:
    """Median time to compare two editions of one page that is a single 50,000-character
    paragraph with a change every 50 characters (the phrase marks' worst case)."""
    old, new = long_paragraph(50_000)
    for name, text in (("old", old), ("new", new)):
        (scratch / name).mkdir()
        (scratch / name / "index.md").write_text(f"# ページ\n\n{text}\n", encoding="utf-8")
    phrases.words("辞書を先に読み込みます。")

    def compare():
        for cache in (diffing.mark_changes, phrases.words, phrases.phrases):
            cache.cache_clear()
        compare_trees(scratch / "old", scratch / "new")
    return median_seconds(compare, runs, label="compare a 50,000-character paragraph")


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=6))


def category(url: str) -> str:
    path = urlsplit(url).path
    if "/pagefind/" in path or path.endswith("search_index.json"):
        return "search"
    for suffix, kind in ((".html", "html"), ("/", "html"), (".css", "css"), (".js", "js")):
        if path.endswith(suffix):
            return kind
    return "fonts/images"


@contextlib.contextmanager
def serving(site_root: Path):
    """`site_root` over HTTP on a free port of 127.0.0.1; yields the port."""
    import functools
    import http.server
    import threading

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             functools.partial(Quiet, directory=str(site_root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()


def page_weight(site_root: Path, prefix: str):
    """Per page: gzip bytes by kind and requests of a first visit (the page itself: without the
    search index it reads ahead when idle), the index read ahead, then the bytes of one search."""
    from playwright.sync_api import sync_playwright

    def weigh(urls):
        sizes = {}
        for url in urls:
            local = site_root / urlsplit(url).path.lstrip("/")
            local = local / "index.html" if local.is_dir() else local
            if local.is_file():
                sizes[category(url)] = sizes.get(category(url), 0) + gzip_size(local)
        return sizes

    results = {}
    with serving(site_root) as port:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(chromium_path()),
                                                 args=["--no-sandbox", "--disable-background-networking"])
            for name, path in PAGES.items():
                context = browser.new_context()
                page = context.new_page()
                requested = []
                page.on("requestfinished", lambda request, seen=requested: seen.append(request.url))
                page.goto(f"http://127.0.0.1:{port}{prefix}2021.03/{path}", wait_until="networkidle")
                page.locator("[data-gl-search][data-gl-ready]").wait_for(state="attached")  # the index read ahead
                page.wait_for_load_state("networkidle")
                first_visit = as_a_reader_fetches(page, [url for url in requested if category(url) != "search"])
                ahead = [url for url in requested if category(url) == "search"]
                before = len(requested)
                page.fill("input.md-search__input", "服装は")
                page.wait_for_function("q => document.querySelector('.md-search-result__list').dataset.query === q",
                                       arg="服装は")
                page.wait_for_load_state("networkidle")
                search = weigh(requested[before:]).get("search", 0)
                results[name] = (weigh(first_visit), len(first_visit), weigh(ahead).get("search", 0), len(ahead),
                                 search, len(requested) - before)
                context.close()
            browser.close()
    return results


def search_quality(site_root: Path, prefix: str):
    """The search quality suite and the held-out questions on the official edition, and the
    first search of a fresh page: the query typed the instant the box has focus, once the page
    has loaded and read the index ahead (a reader looks at a page before searching it), and, as
    a worst case, at the very moment the page's load event fires, or half a second after."""
    from playwright.sync_api import sync_playwright
    from search_quality import HELD_OUT, load_queries, run, summary
    with serving(site_root) as port, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium_path()),
                                             args=["--no-sandbox", "--disable-background-networking"])
        edition = f"http://127.0.0.1:{port}{prefix}2021.03/"
        first = {"settled": [], 0: [], 500: []}
        for when, timings in first.items():
            for _ in range(3):
                context = browser.new_context()
                timings += run(context.new_page(), edition_url=edition + "guideline/07-staff/",
                               pause_ms=0 if when == "settled" else when, settled=when == "settled",
                               queries=[{"query": "服装は", "expect": ["guideline/07-staff/"]}])
                context.close()
        context = browser.new_context()
        scores = summary(run(context.new_page(), edition_url=edition))
        held_out = summary(run(context.new_page(), edition_url=edition, queries=load_queries(HELD_OUT)))
        browser.close()
    scores["first_settled_ms"], scores["first_ms"], scores["first_paused_ms"] = (
        statistics.median(answer.elapsed_ms for answer in first[when]) for when in ("settled", 0, 500))
    scores["held_out"] = held_out
    return scores


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    # The budgeted ratios: on this machine one pair's ratio strays by a fifth either way, and the
    # median of 5 pairs strays less than that of 3.
    parser.add_argument("--pairs", type=int, default=5, help="pairs for each budgeted ratio")
    parser.add_argument("--editions", type=int, default=20, help="synthetic editions for the scaling run")
    parser.add_argument("--more-editions", type=int, default=50,
                        help="synthetic editions for the second scaling run (0: none; it takes long)")
    args = parser.parse_args()
    rows, failures = [], []
    # Publishing needs the site's address; the pages are weighed under /telework/ below.
    os.environ.setdefault(SITE_URL_VARIABLE, "http://127.0.0.1/telework/")

    with tempfile.TemporaryDirectory(prefix="guideline-bench-") as scratch:
        scratch = Path(scratch)
        repo = copy_project(scratch / "repo")
        def build_one():
            build_edition(project_dir=repo, edition_id="2021.03", site_dir=scratch / "one")
        # The first build of a clone has no .cache/ yet (an editor's builds after it have one):
        # measured, and left out of the pairs.
        median_seconds(build_one, 1, label="one edition, first build (no .cache/ yet)")
        baseline, one, one_ratio = paired_seconds(lambda: baseline_build(scratch), build_one, args.pairs,
                                                  labels=("baseline", "one edition"))

        # The ratios to one edition are taken pair by pair as well: each measured action between
        # two builds of one edition (the machine's speed drifts over a run of several minutes).
        printed: dict = {}
        pdf = None
        if missing_engine():
            print(f"PDF は測りません: {missing_engine()}", file=sys.stderr)
        else:
            _, pdf_seconds, pdf_ratio = paired_seconds(
                build_one, lambda: printed.update(found=print_edition_pdf(scratch / "one")), args.pairs,
                labels=("one edition, then its PDF", "PDF of that edition"))
            pdf = (pdf_seconds, *printed["found"])

        def cold_publish():
            git_utils.reset_branch("bench", None, cwd=repo)
            publish(project_dir=repo, branch="bench", report=lambda m: None)
        _, cold, cold_ratio = paired_seconds(build_one, cold_publish, args.pairs,
                                             labels=("one edition, then a cold publish", "publish all editions, cold"))
        unchanged = median_seconds(lambda: publish(project_dir=repo, branch="bench", report=lambda m: None),
                                   max(args.runs, 5), label="publish all editions, nothing changed")

        preview = preview_rebuild(repo, args.runs)
        check = check_cpu_seconds(repo, args.runs)
        if check > BUDGETS["check_cpu_s"]:
            failures.append(f"make check took {check:.1f} CPU s (budget {BUDGETS['check_cpu_s']} s)")
        paragraph = long_paragraph_seconds(scratch, args.runs)
        if paragraph > BUDGETS["long_paragraph_compare_s"]:
            failures.append(f"comparing a 50,000-character paragraph took {paragraph:.2f} s "
                            f"(budget {BUDGETS['long_paragraph_compare_s']} s)")

        rows += [
            ("baseline: mkdocs build, minimal Material", baseline, 1.0),
            ("one edition (guideline build --edition)", one, one / baseline),
            ("publish all editions, cold", cold, cold / baseline),
            ("publish all editions, nothing changed", unchanged, unchanged / baseline),
            ("rebuild after one chapter changes (preview)", preview, preview / baseline),
            ("make check, second run (CPU seconds)", check, check / baseline),
            ("compare a 50,000-char paragraph, a change every 50", paragraph, paragraph / baseline),
        ]
        if pdf is not None:
            seconds, pages, size = pdf
            rows.insert(2, (f"PDF of that edition ({pages} pages, {size // 1024} KB)", seconds, seconds / baseline))
            if pdf_ratio > BUDGETS["edition_pdf_ratio"]:
                failures.append(f"the edition PDF took {pdf_ratio:.2f} × one edition build, pair by pair "
                                f"(budget {BUDGETS['edition_pdf_ratio']})")
        if unchanged > BUDGETS["publish_unchanged_s"]:
            failures.append(f"publish with nothing changed took {unchanged:.2f} s (budget {BUDGETS['publish_unchanged_s']} s)")

        # A published edition now carries its PDF: adding one costs a build and a PDF.
        def one_with_pdf():
            build_one()
            if pdf is not None:
                print_edition_pdf(scratch / "one")
        scaled = {}
        for count in [args.editions] + ([args.more_editions] if args.more_editions else []):
            budgeted = count == args.editions
            scaled[count] = scaling(scratch, count, reference=one_with_pdf if budgeted else None, runs=args.pairs)
            synthetic_cold, synthetic_added, ratio = scaled[count]
            rows += [
                (f"publish {count} synthetic editions, cold", synthetic_cold, synthetic_cold / baseline),
                (f"publish after adding edition {count + 1}", synthetic_added, synthetic_added / baseline),
            ]
            if budgeted and ratio > BUDGETS["new_edition_ratio"]:
                failures.append(f"adding edition {count + 1} cost {ratio:.2f} × one edition build with its PDF, "
                                f"pair by pair (budget {BUDGETS['new_edition_ratio']})")
        synthetic_cold, synthetic_added, added_ratio = scaled[args.editions]
        if one_ratio > BUDGETS["one_edition_ratio"]:
            failures.append(f"one edition took {one_ratio:.2f} × the baseline, pair by pair "
                            f"(budget {BUDGETS['one_edition_ratio']})")
        if cold_ratio > BUDGETS["cold_editions"]:
            failures.append(f"publishing every edition took {cold_ratio:.1f} editions' builds, pair by pair "
                            f"(budget {BUDGETS['cold_editions']})")
        if synthetic_cold / one > BUDGETS["synthetic_cold_editions"]:
            failures.append(f"publishing {args.editions} synthetic editions took {synthetic_cold / one:.1f} editions' builds "
                            f"(budget {BUDGETS['synthetic_cold_editions']})")

        served = scratch / "served"
        (served / "telework").mkdir(parents=True)
        archive = git_utils.archive("bench", cwd=repo)
        import io
        import tarfile
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(served / "telework", filter="data")
        weights = page_weight(served, "/telework/")
        quality = search_quality(served, "/telework/")

    print(f"\n{'measure':<50} {'median s':>9} {'× baseline':>11}")
    for name, seconds, ratio in rows:
        print(f"{name:<50} {seconds:>9.2f} {ratio:>11.2f}")
    print(f"one edition = {one_ratio:.2f} × the baseline, pair by pair (run in turn)")
    print(f"adding one edition = {added_ratio:.2f} × one edition build with its PDF, pair by pair")
    print(f"publish all editions, cold = {cold_ratio:.1f} editions' builds, pair by pair")
    one_and_pdf = one + (pdf[0] if pdf else 0)  # medians: the rows measured once are divided by these
    for count, (cold_n, added_n, _) in scaled.items():
        print(f"publish {count} synthetic editions, cold = {cold_n / one:.1f} editions' builds; "
              f"adding edition {count + 1} = {added_n / one_and_pdf:.2f} × one edition build with its PDF")
    print(f"machine: {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end")
    if pdf:
        print(f"edition PDF = {pdf_ratio:.2f} × one edition build, pair by pair")
    kinds = ("html", "css", "js", "fonts/images")
    print(f"\n{'first visit (KB gzip)':<22}" + "".join(f"{k:>13}" for k in kinds)
          + f"{'total':>9}{'requests':>10}{'index ahead':>17}{'then one search':>17}")
    for name, (sizes, requests, ahead, ahead_requests, search, search_requests) in weights.items():
        total = sum(sizes.values())
        print(f"{name:<22}" + "".join(f"{sizes.get(k, 0) / 1024:>13.1f}" for k in kinds)
              + f"{total / 1024:>9.1f}{requests:>10}{ahead / 1024:>10.1f} KB /{ahead_requests:>3}"
              + f"{search / 1024:>10.1f} KB /{search_requests:>3}")
        if requests > BUDGETS["requests_per_page"]:
            failures.append(f"{name}: {requests} requests (budget {BUDGETS['requests_per_page']})")
    chapter_total = sum(weights["chapter"][0].values()) / 1024
    if chapter_total > BUDGETS["chapter_first_visit_kb"]:
        failures.append(f"chapter first visit {chapter_total:.1f} KB (budget {BUDGETS['chapter_first_visit_kb']} KB)")

    held_out = quality["held_out"]
    print(f"\nsearch quality ({quality['queries']} staff queries, 2021.03): top-3 {quality['top3']:.1%}, "
          f"MRR {quality['mrr']:.3f}, no result {quality['empty']}; held-out ({held_out['queries']} questions "
          f"never tuned on): top-3 {held_out['top3']:.1%}, MRR {held_out['mrr']:.3f}, no result {held_out['empty']}")
    print(f"search time from typing to results: first search of a loaded page {quality['first_settled_ms']:.0f} ms "
          f"(typed the instant the box has focus); typed at the very moment the page's load event fires "
          f"{quality['first_ms']:.0f} ms, half a second after {quality['first_paused_ms']:.0f} ms; "
          f"then median {quality['median_ms']:.0f} ms, slowest {quality['max_ms']:.0f} ms")
    if quality["top3"] < BUDGETS["search_top3"] or quality["empty"]:
        failures.append(f"search top-3 {quality['top3']:.1%} with {quality['empty']} empty answers "
                        f"(budget {BUDGETS['search_top3']:.0%}, none empty)")
    if quality["first_settled_ms"] > BUDGETS["search_first_result_ms"]:
        failures.append(f"first search result after {quality['first_settled_ms']:.0f} ms "
                        f"(budget {BUDGETS['search_first_result_ms']} ms)")

    print("\nbudgets: " + ("all met" if not failures else "MISSED"))
    for failure in failures:
        print(f"  - {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
