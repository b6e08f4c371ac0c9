"""The comparison pages one edition carries, and where its sections were revised.

Edition k holds its 改訂内容 page (k against the edition before it), a 版を比べる page
and one table for each earlier edition, so publishing a new edition adds only its own
comparisons and leaves the older editions' pages as they are. Chapter pages mark each
section revised in some edition up to k, linking to that edition's row; each edition
records the sections it revised (REVISED), so that a later edition need not compare the
older ones again.
"""

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from markupsafe import Markup

from guideline.compare.html import PICKER_SCRIPT, STYLE, render_changes_page, render_pair_page, render_picker_page
from guideline.compare.shared import Comparer
from guideline.content.edition_dates import japanese_date
from guideline.content.markdown_lines import scan
from guideline.content.pages import ATTR_ID, HEADING
from guideline.layout import CHANGES_PAGE as CHANGES
from guideline.layout import CHAPTER

PICKER = "compare/index.md"
TABLE = re.compile(r"<table\b.*?</table>", re.S)  # a 新旧対照表 holds no table of its own
ASIDE = re.compile(r'<table data-gl-aside="(\d+)">.*?</table>', re.S)
ID = re.compile(r'\sid="([^"]*)"')
REVISED = "changes/revised.json"  # the sections this edition revised: [page, section, row id, added]
ASSETS = {"assets/stylesheets/comparison.css": STYLE, "assets/javascripts/compare-picker.js": PICKER_SCRIPT}


def pair_page(old_id: str) -> str:
    return f"compare/{old_id}.md"


@dataclass
class EditionComparisons:
    pages: dict = field(default_factory=dict)         # generated source path -> Markdown
    changed_pages: dict = field(default_factory=dict)  # src -> anchor on the 改訂内容 page
    history: dict = field(default_factory=dict)        # (src, section anchor) -> [(edition, row id, added)]
    extra_pages: list = field(default_factory=list)    # generated pages outside the navigation
    revised: list = field(default_factory=list)        # what REVISED holds
    tables: dict = field(default_factory=dict)         # generated source path -> its tables, set aside
    pairs: dict = field(default_factory=dict)          # old edition id -> its comparison with this edition

    def to_json(self) -> str:
        """What a build needs, for a build in another process (the comparisons stay here)."""
        history = [[src, anchor, [[edition.id, row, added] for edition, row, added in entries]]
                   for (src, anchor), entries in self.history.items()]
        return json.dumps({"pages": self.pages, "changed_pages": self.changed_pages, "history": history,
                           "extra_pages": self.extra_pages, "revised": self.revised, "tables": self.tables},
                          ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str, *, manifest) -> "EditionComparisons":
        data = json.loads(text)
        history = {(src, anchor): [(manifest.get(edition), row, added) for edition, row, added in entries]
                   for src, anchor, entries in data["history"]}
        return cls(pages=data["pages"], changed_pages=data["changed_pages"], history=history,
                   extra_pages=data["extra_pages"], revised=data["revised"], tables=data["tables"])

    def set_tables_aside(self, path: str) -> None:
        """Take the tables out of a generated page's Markdown, to be put back into its HTML
        (`with_tables`): the Markdown converter need not read them, and it passes HTML
        blocks through as they are. Each table leaves an empty one with its ids, so that
        the anchors a link may point to are still seen where they will be."""
        tables: list = []

        def aside(match: re.Match) -> str:
            tables.append(match.group(0))
            ids = "".join(f'<tr id="{anchor}"></tr>' for anchor in ID.findall(match.group(0)))
            return f'<table data-gl-aside="{len(tables) - 1}">{ids}</table>'
        self.pages[path] = TABLE.sub(aside, self.pages[path])
        self.tables[path] = tables

    def with_tables(self, html: str, *, path: str) -> str:
        """A generated page's HTML with its tables back in place."""
        tables = self.tables.get(path)
        return ASIDE.sub(lambda match: tables[int(match.group(1))], html) if tables else html


def edition_comparisons(manifest, edition, *, comparer: Comparer) -> EditionComparisons:
    """Every comparison page of `edition`, each edition's content and every comparison from
    `comparer`, which may already hold some of them."""
    result = EditionComparisons()
    known = manifest.up_to(edition)
    comparer.prepare(known)
    previous = manifest.previous(edition)
    own = comparer.compare(previous, edition) if previous else []
    _record_history(result, manifest, known, comparer)
    result.revised = comparer.revised(edition, previous) if previous else []
    result.pages[CHANGES] = render_changes_page(own, new_title=edition.title,
                                                old_title=previous.title if previous else None)
    result.changed_pages = {c.src: c.anchor for c in own if c.status != "same"}
    older = [e for e in known if e != edition]
    for old in older:
        result.pairs[old.id] = comparer.compare(old, edition)
        result.pages[pair_page(old.id)] = render_pair_page(result.pairs[old.id], new_title=edition.title,
                                                           old_title=old.title)
        result.extra_pages.append(pair_page(old.id))
    result.pages[PICKER] = render_picker_page(current=edition, older=older, link=_pair_link(edition))
    for path in [CHANGES, *result.extra_pages]:
        result.set_tables_aside(path)
    return result


def build_comparisons(manifest, edition, *, docs_dir: Path, export: Callable) -> EditionComparisons:
    """The comparisons of one build on its own: `edition`'s content read from `docs_dir`, the
    other editions' from `export(edition, scratch)`, which returns the folder it wrote."""
    with tempfile.TemporaryDirectory(prefix="guideline-editions-") as scratch:
        comparer = Comparer(export=lambda others: {other.id: export(other, Path(scratch)) for other in others})
        comparer.given(edition, docs_dir)
        return edition_comparisons(manifest, edition, comparer=comparer)


def _pair_link(current):
    def link(new, old) -> str:
        # Editions are published side by side: /<id>/compare/<old id>/.
        return f"{old.id}/" if new == current else f"../../{new.id}/compare/{old.id}/"
    return link


def _record_history(result: EditionComparisons, manifest, known: list, comparer: Comparer):
    """The sections each edition up to this one revised from the one before it."""
    for edition in known:
        previous = manifest.previous(edition)
        if previous is None:
            continue
        for src, anchor, row, added in comparer.revised(edition, previous):
            result.history.setdefault((src, anchor), []).append((edition, row, added))


def revision_label(edition, *, added: bool = False) -> str:
    notes = [note for note, applies in (("新設", added), ("改訂案", edition.is_draft)) if applies]
    return japanese_date(edition.date) + (f"（{'・'.join(notes)}）" if notes else "")


def with_revision_notes(markdown: str, *, src: str, history: dict, current, depth: int) -> str:
    """`markdown` with 「改正: 令和3年3月」 under each heading revised in some edition,
    linking to that edition's row. `depth` is how many folders the page sits below the
    edition's root. Only the chapters carry notes: they hold the rules."""
    if not CHAPTER.match(src):
        return markdown
    out = []
    for line in scan(markdown):
        out.append(line.text + line.ending)
        heading = HEADING.match(line.text) if line.prose else None
        ids = ATTR_ID.findall(heading.group(3) or "") if heading else []
        entries = history.get((src, ids[0])) if ids else None
        if entries:
            out.append("\n" + revision_note(entries, current=current, depth=depth) + "\n\n")
    return "".join(out)


def revision_note(entries: list, *, current, depth: int) -> Markup:
    up = "../" * depth
    links = Markup("、").join(
        Markup('<a href="{}">{}</a>').format(
            f"{up}changes/#{row}" if edition == current else f"{up}../{edition.id}/changes/#{row}",
            revision_label(edition, added=added))
        for edition, row, added in entries)
    return Markup('<p class="gl-revised" data-pagefind-ignore="all">改正: {}</p>').format(links)
