"""The editions one publish builds, and what each build leaves to the publish.

Each edition's docs/ is exported once and its comparisons are made once, by one Comparer
that every build of the publish shares: a pair of editions neither of which changed is never
compared again (the sections an unchanged edition revised are read from what it published).
Each build gets its comparison pages from here and leaves its search index and PDF: one
Pagefind process indexes every site and one Chromium prints every PDF, two at a time (the
editions' own, and the 新旧対照表 of every pair whose page was built, beside its Word file),
while the next editions are still building. Each document goes into git as soon as it is
made. The links to the PDFs and Word files are written last, once every file is there and
every site is indexed.
"""

import contextlib
import itertools
import json
import os
import queue
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from guideline import processes
from guideline.compare.edition_pages import REVISED, EditionComparisons, edition_comparisons
from guideline.compare.shared import Comparer
from guideline.content.editions import CONTENT, Edition
from guideline.documents import edition_pdf
from guideline.documents.chromium import missing_engine, print_chains
from guideline.documents.comparison_files import pair_documents
from guideline.documents.imprint import Imprint
from guideline.errors import BuildError, GuidelineError
from guideline.layout import COMPARISONS_VARIABLE, DEFER_VARIABLE, EDITION_VARIABLE, TEMPLATES_VARIABLE
from guideline.publish import git_utils, reused
from guideline.site import deferred
from guideline.site.build import build_command, problems_in, quiet
from guideline.site.build_forks import ForkedBuild, Forks
from guideline.site.edition_build import DEPLOYING_VARIABLE
from guideline.site.search_index import SearchIndexer

NO_PDF = "公開したときに作れませんでした"
AT_ONCE = min(2, os.cpu_count() or 1)  # builds side by side: each is one process, mostly one core
PRINTED_AT_ONCE = AT_ONCE  # documents printed side by side (chromium.print_chains' lanes), likewise


@dataclass
class Built:
    edition: Edition
    site: Path
    comparisons: EditionComparisons
    requests: Path                                  # the work the build leaves (see site.deferred)
    docs: Path
    child: ForkedBuild | None = None                # while it runs
    log: IO[bytes] | None = None
    started: set = field(default_factory=set)       # the kinds of work already under way
    documents: list = field(default_factory=list)   # the pairs' PairDocuments
    made_from: dict = field(default_factory=dict)   # document name → the key of its inputs (see reused)
    pdf_pages: int | None = None                    # of the edition's own PDF, once printed


class Builds:
    """The builds of one publish, in its scratch folder; `run` builds the changed editions."""

    def __init__(self, manifest, *, project_dir: Path, scratch: Path, content_ids: dict, recorded: dict, report,
                 head: str | None = None):
        self.manifest, self.project_dir, self.scratch, self.report = manifest, project_dir, scratch, report
        self.content_ids = content_ids
        self.comparer = Comparer(export=self._export, published=lambda edition: recorded.get(edition.id))
        self.built: list = []
        self.published = reused.Published(head, project_dir=project_dir)
        self.no_pdf = missing_engine()
        self.forks: Forks | None = None
        self.stored: dict = {}  # the sites' files written into git ahead of the commit (git_utils.store_files)
        self.storer: git_utils.Storer | None = None  # while the builds run
        self.prepared: dict = {}  # edition id → its EditionComparisons
        for folder in ("comparisons", "requests", "documents", "sites", "logs"):
            (scratch / folder).mkdir(exist_ok=True)

    def run(self, editions: list) -> dict:
        """Build every edition of `editions`, with its index and documents; edition id → site folder."""
        running: list = []
        with git_utils.Storer(cwd=self.project_dir) as self.storer, _Finisher(self.report) as finisher, self._forks():
            try:
                for position, edition in enumerate(editions):
                    while len(running) >= AT_ONCE:
                        self._wait(running, finisher)
                    running.append(self._start(edition, after=editions[position + 1:position + 2]))
                while running:
                    self._wait(running, finisher)
                # While the last documents print (on about one core), the sites' files go into git:
                # the commit at the end, which waits for every document, then has little left to write.
                self.stored.update(git_utils.store_files([built.site for built in self.built], cwd=self.project_dir))
            except BaseException:
                with processes.deferred_signals():
                    for build in running:
                        self._stop(build)
                raise
        for built in self.built:
            self._link(built)
        return {built.edition.id: built.site for built in self.built}

    def _start(self, edition, *, after: list) -> Built:
        """Start the build of `edition`; the comparisons of the edition `after` it, while the
        process the builds are forked from is still loading (at the start of a publish)."""
        found, prepared = self._comparisons(edition)
        assert self.forks is not None
        for coming in after:
            if self.forks.loading():
                self._comparisons(coming)
        build = Built(edition, self.scratch / "sites" / edition.id, found, self.scratch / "requests" / f"{edition.id}.json",
                      self.comparer.docs(edition))
        env = {**os.environ, "GUIDELINE_DOCS_DIR": str(build.docs), EDITION_VARIABLE: edition.id,
               DEPLOYING_VARIABLE: edition.id, DEFER_VARIABLE: str(build.requests), COMPARISONS_VARIABLE: str(prepared),
               TEMPLATES_VARIABLE: str(self.scratch / "templates"), **edition_pdf.publish_settings(edition, report=self.report)}
        self.report(f"{edition.id}（{edition.title}）を作っています…")
        log = self.scratch / "logs" / f"{edition.id}.log"
        build.log = log.open("xb+")
        build.child = self.forks.start(build_command(project_dir=self.project_dir, site_dir=build.site),
                                       cwd=self.project_dir, env=quiet(env), log=log)
        return build

    def _comparisons(self, edition) -> tuple:
        """The edition's comparisons, made once, and the file its build reads them from."""
        prepared = self.scratch / "comparisons" / f"{edition.id}.json"
        if edition.id not in self.prepared:
            self.prepared[edition.id] = edition_comparisons(self.manifest, edition, comparer=self.comparer)
            prepared.write_text(self.prepared[edition.id].to_json(), encoding="utf-8")
        return self.prepared[edition.id], prepared

    @contextlib.contextmanager
    def _forks(self):
        """The process the builds are forked from, for as long as they run."""
        with (self.scratch / "logs" / "forks.log").open("xb") as log:
            self.forks = Forks(project_dir=self.project_dir, log=log)
            try:
                yield
            finally:
                with processes.deferred_signals():
                    self.forks.close()
                self.forks = None

    def _wait(self, running: list, finisher: "_Finisher") -> None:
        """Until one of the running builds ends, start what they ask for; then take what it left."""
        while True:
            for build in running:
                self._early(build, finisher)
            done = [build for build in running if build.child.poll() is not None]
            if done:
                break
            time.sleep(0.05)
        build = done[0]
        running.remove(build)
        output = self._stop(build)
        if build.child.returncode != 0:
            # Line numbers are read from the edition's own text (the draft's is the working tree's).
            sources = build.docs.parent if build.docs.name == CONTENT else self.project_dir
            log = output.decode("utf-8", "replace")
            raise BuildError(f"{build.edition.id}（{build.edition.title}）のサイトを作れませんでした:\n"
                             f"{problems_in(log, project_dir=sources)}", output=log)
        self.built.append(build)
        self._early(build, finisher)
        asked = deferred.requests_of(build.requests)
        if deferred.SEARCH_INDEX in asked:
            finisher.index(build.site, terms=asked[deferred.SEARCH_INDEX]["terms"])
        if deferred.EDITION_PDF in asked:
            printed = edition_pdf.Edition.from_details(build.site, asked[deferred.EDITION_PDF])
            # The longest print, which the publish waits for last: before the 新旧対照表 still waiting.
            finisher.print(edition_pdf.later_edition_print(printed, done=self._edition_pdf_done(build)), first=True)

    def _edition_pdf_done(self, build: Built):
        """Once the edition's PDF is in its site: its page count kept for its link, the file stored."""
        def done(pages: int) -> None:
            build.pdf_pages = pages
            self._store(build.site / edition_pdf.file_name(build.edition.id))
        return done

    def _early(self, build: Built, finisher: "_Finisher") -> None:
        """Start Pagefind, Chromium and the 新旧対照表 files as soon as a build asks for them."""
        asked = deferred.requests_of(build.requests)
        for kind in asked.keys() - build.started:
            build.started.add(kind)
            if kind == deferred.SEARCH_INDEX:
                finisher.start_index()
            elif kind == deferred.EDITION_PDF:
                finisher.start_printer()
            elif kind == deferred.COMPARISON_FILES:
                self._comparison_files(build, asked[kind], finisher)

    def _comparison_files(self, build: Built, asked: dict, finisher: "_Finisher") -> None:
        edition, older = build.edition, set(asked["older"])
        build.documents = pair_documents(self.scratch / "documents" / edition.id, edition=edition,
                                         previous=self.manifest.previous(edition), pairs=build.comparisons.pairs,
                                         older=[e for e in self.manifest.up_to(edition) if e.id in older],
                                         imprint=Imprint(**asked["imprint"]))
        if build.documents and self.no_pdf:
            self.report(f"{edition.id}: 新旧対照表の PDF は作りません（{self.no_pdf}）。Word のファイルは作ります")
        for documents in build.documents:
            job = None if self.no_pdf else documents.print_job()  # rendered once: the digest reads it too
            if job is not None:
                build.made_from[documents.name] = reused.key(documents, job)
                if self.published.copy(edition.id, documents, build.made_from[documents.name]):
                    continue
            finisher.write(self._stored_after(documents.write_word, documents.path(".docx")))
            if job is not None:
                saved = self._stored_after(documents.save_pdf, documents.path(".pdf"))
                finisher.print((job, finisher.kept_apart(saved)))

    def _stored_after(self, write, path: Path):
        """`write`, then the file it wrote stored into git (see _store)."""
        def written(*args) -> None:
            write(*args)
            self._store(path)
        return written

    def _store(self, path: Path) -> None:
        """Write a document into git as soon as it is made, so that the commit at the end need not
        read it again (see git_utils.store_files)."""
        assert self.storer is not None
        self.stored.update(self.storer.store(path))

    def _stop(self, build: Built) -> bytes:
        """The build's output, once it has ended (stopped, if it still runs)."""
        assert build.child is not None and build.log is not None
        if build.child.poll() is None:
            processes.stop(build.child)
        build.log.seek(0)
        output = build.log.read()
        build.log.close()
        return output

    def _link(self, built: Built) -> None:
        """Put the documents into the site and link them, now that every file is there and the site indexed."""
        if built.pdf_pages is not None:
            edition_pdf.link_edition_pdf(built.site, edition_id=built.edition.id, pages=built.pdf_pages)
        for documents in built.documents:
            git_utils.renamed(self.stored, documents.put_into(built.site, no_pdf=NO_PDF))
        made = {documents.name: {"key": built.made_from[documents.name], "pages": documents.pdf_pages}
                for documents in built.documents if documents.pdf_pages is not None}
        if made:
            reused.write_record(built.site, made)

    def _export(self, editions: list) -> dict:
        """The editions' docs/ in the scratch folder, written together: the draft as the
        snapshot its fingerprint was taken of (its line numbers are the working tree's)."""
        folders = {edition.id: self.scratch / "content" / edition.id / ("" if edition.is_draft else CONTENT)
                   for edition in editions}
        git_utils.export_trees([(self.content_ids[edition.id], folders[edition.id],
                                 "作業中の原稿" if edition.is_draft else f"リビジョン {edition.ref[:7]}")
                                for edition in editions], cwd=self.project_dir, shown=CONTENT)
        return folders


class _Finisher:
    """The search indexes, Word files and PDFs, made beside the builds: one Pagefind process
    and one Chromium for all of them, and the Word files, each in a thread of its own. Each
    starts when first asked for; leaving the `with` block waits for all of them to be done,
    or after a failure stops them."""

    def __init__(self, report):
        self.report = report
        self.indexer: SearchIndexer | None = None
        self.threads: dict = {}   # "index" / "word" / "pdf" -> a ThreadPoolExecutor of one thread
        self.futures: list = []
        self.printer: _Printer | None = None
        self.lock = threading.Lock()  # work is handed over from the print lanes too
        self.stopping = False

    def __enter__(self) -> "_Finisher":
        return self

    def start_index(self) -> None:
        if self.indexer is None:
            self.indexer = SearchIndexer().start()  # from this thread, so that it dies with the command
            self.indexer.warm_up()

    def index(self, site: Path, *, terms: list) -> None:
        self.start_index()
        assert self.indexer is not None
        self._submit("index", self.indexer.index, site, terms=terms)

    def write(self, action) -> None:
        self._submit("word", action)

    def kept_apart(self, save):
        """The end of a document's print, `save(pdf)`, done in a thread of its own: the print lane
        goes on to the next document meanwhile (the document has no further print)."""
        return lambda pdf: self._submit("pdf", save, pdf)

    def _submit(self, thread: str, action, *args, **kwargs) -> None:
        with self.lock:
            if self.stopping:
                raise GuidelineError("公開を止めています")
            if thread not in self.threads:
                self.threads[thread] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"guideline-{thread}")
            self.futures.append(self.threads[thread].submit(action, *args, **kwargs))

    def start_printer(self) -> None:
        if self.printer is None:
            self.printer = _Printer()
            self.printer.start()

    def print(self, step, *, first: bool = False) -> None:
        """Print a document (see chromium.print_chains: a job, and what to do with its PDF);
        `first`: before the documents still waiting."""
        self.start_printer()
        assert self.printer is not None
        if self.printer.error is not None:
            raise self.printer.error  # no need to build on: the publish will fail
        with self.lock:
            failed = next((future for future in self.futures if future.done() and future.exception()), None)
        if failed is not None:
            failed.result()  # a document that could not be saved, likewise
        self.printer.put(step, rank=_Printer.FIRST if first else _Printer.NEXT)

    def __exit__(self, kind, error, trace) -> None:
        try:
            if error is None:
                self._wait()
                return
        except BaseException:
            with processes.deferred_signals():
                self._stop()
            raise
        with processes.deferred_signals():
            self._stop()

    def _wait(self) -> None:
        if self.printer is not None:
            self.report("PDF を仕上げています…")
            self.printer.put(None, rank=_Printer.LAST)
            self.printer.join()
        for pool in self.threads.values():
            pool.shutdown(wait=True)
        for future in self.futures:
            future.result()
        if self.indexer is not None:
            self.indexer.close()
        if self.printer is not None and self.printer.error is not None:
            raise self.printer.error

    def _stop(self) -> None:
        with self.lock:
            self.stopping = True
        if self.indexer is not None:
            self.indexer.close(failed=True)  # the thread waiting for it gets an error and ends
        for pool in self.threads.values():
            pool.shutdown(wait=True, cancel_futures=True)
        if self.printer is not None:
            self.printer.cancelled = True
            self.printer.put(None, rank=_Printer.LAST)
            self.printer.join()


class _Printer(threading.Thread):
    """Chromium, started at once, printing the documents' steps as they come until None, two at a
    time: those put FIRST before those put NEXT, each in the order they came."""

    FIRST, NEXT, LAST = range(3)

    def __init__(self):
        super().__init__(name="guideline-print", daemon=True)
        self.jobs: queue.PriorityQueue = queue.PriorityQueue()
        self.order = itertools.count()  # the steps themselves are never compared
        self.cancelled = False
        self.error: BaseException | None = None

    def put(self, step, *, rank: int) -> None:
        self.jobs.put((rank, next(self.order), step))

    def run(self) -> None:
        def coming():
            while (step := self.jobs.get()[2]) is not None and not self.cancelled:
                yield step
        try:
            print_chains(coming(), lanes=PRINTED_AT_ONCE)
        except BaseException as error:  # handed to the publish, which stops
            self.error = error


def recorded_revisions(head: str | None, editions: list, *, project_dir: Path) -> dict:
    """Edition id → the sections it revised, as it published them (see compare.edition_pages.REVISED);
    an edition whose record is missing or unreadable is compared again instead."""
    texts = git_utils.read_blobs(head, [f"{edition.id}/{REVISED}" for edition in editions], cwd=project_dir)
    found = {}
    for edition in editions:
        try:
            record = json.loads(texts[f"{edition.id}/{REVISED}"] or "null")
        except json.JSONDecodeError:
            continue
        if isinstance(record, list) and all(_is_revision(entry) for entry in record):
            found[edition.id] = record
    return found


def _is_revision(entry) -> bool:
    return (isinstance(entry, list) and len(entry) == 4 and all(isinstance(part, str) for part in entry[:3])
            and isinstance(entry[3], bool))

