"""The search quality suite: staff's queries (search_queries.yml) typed into the header
search box of a served edition, scored by where the expected pages come.

Used by tests/test_search_quality.py and by `make bench`.
"""

import statistics
from dataclasses import dataclass
from pathlib import Path

import yaml

QUERIES = Path(__file__).with_name("search_queries.yml")
# Questions written apart from the suite above and never tuned on: they measure, not steer.
HELD_OUT = Path(__file__).with_name("search_heldout.yml")

# Types the query as a reader would and resolves when the results for it are on screen:
# the milliseconds from the keystroke, the pages in order, and the status line.
TYPE_AND_WAIT = """async ([query, pause]) => {
  const input = document.querySelector("input.md-search__input");
  const list = document.querySelector(".md-search-result__list");
  input.focus();
  await new Promise(resolve => setTimeout(resolve, pause));
  const start = performance.now();
  input.value = query;
  input.dispatchEvent(new Event("input", {bubbles: true}));
  await new Promise(resolve => {
    const done = () => list.dataset.query === query && (observer.disconnect(), resolve());
    const observer = new MutationObserver(done);
    observer.observe(list, {attributes: true, childList: true});
    done();
  });
  const elapsed = performance.now() - start;
  const pages = [...list.querySelectorAll(".md-search-result__item > a:first-child")]
    .map(link => new URL(link.href).pathname);
  return {elapsed, pages, meta: document.querySelector(".md-search-result__meta").textContent};
}"""


@dataclass
class Answer:
    query: str
    expect: list
    pages: list      # result pages in order, relative to the edition, no #section
    meta: str
    elapsed_ms: float

    @property
    def rank(self) -> int | None:
        distinct = list(dict.fromkeys(self.pages))
        return next((i + 1 for i, page in enumerate(distinct) if page in self.expect), None)


def load_queries(path: Path = QUERIES) -> list:
    return yaml.safe_load(path.read_text(encoding="utf-8"))["queries"]


def ask(page, query: str, *, edition_path: str, pause_ms: int = 0) -> tuple:
    """Focus the box, wait `pause_ms` (a reader reaching for the keys), type the query."""
    found = page.evaluate(TYPE_AND_WAIT, [query, pause_ms])
    pages = [path.split(edition_path, 1)[-1] for path in found["pages"]]  # without #section
    return pages, found["meta"], found["elapsed"]


def run(page, *, edition_url: str, queries=None, pause_ms: int = 0, settled: bool = False) -> list:
    """Every query on one page of the edition, one after the other. `settled`: first wait until
    the page has loaded and read ahead, when idle, what searching needs (the search index)."""
    from urllib.parse import urlsplit
    page.goto(edition_url)
    if settled:
        page.locator("[data-gl-search][data-gl-ready]").wait_for(state="attached")
    edition_path = urlsplit(edition_url).path
    answers = []
    for entry in queries or load_queries():
        pages, meta, elapsed = ask(page, entry["query"], edition_path=edition_path, pause_ms=pause_ms)
        answers.append(Answer(entry["query"], entry["expect"], pages, meta, elapsed))
    return answers


def summary(answers: list) -> dict:
    ranks = [answer.rank for answer in answers]
    return {
        "queries": len(answers),
        "top3": sum(1 for rank in ranks if rank and rank <= 3) / len(answers),
        "mrr": statistics.mean(1 / rank if rank else 0 for rank in ranks),
        "empty": sum(1 for answer in answers if not answer.pages),
        "median_ms": statistics.median(answer.elapsed_ms for answer in answers),
        "max_ms": max(answer.elapsed_ms for answer in answers),
    }
