"""The comparison pages one edition carries, and where its sections were revised.

Edition k holds its 改訂内容 page (k against the edition before it), a 版を比べる page
and one table for each earlier edition, so publishing a new edition adds only its own
comparisons and leaves the older editions' pages as they are. Chapter pages mark each
section revised in some edition up to k, linking to that edition's row.
"""

import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

from guideline.compare.html import PICKER_SCRIPT, STYLE, render_changes_page, render_pair_page, render_picker_page
from guideline.compare.pairing import compare_trees
from guideline.compare.reader import page_sections
from guideline.content.edition_dates import japanese_date
from guideline.content.markdown_lines import scan
from guideline.content.pages import ATTR_ID, HEADING
from guideline.layout import CHANGES_PAGE as CHANGES
from guideline.layout import CHAPTER

PICKER = "compare/index.md"
ASSETS = {"assets/stylesheets/comparison.css": STYLE, "assets/javascripts/compare-picker.js": PICKER_SCRIPT}


def pair_page(old_id: str) -> str:
    return f"compare/{old_id}.md"


@dataclass
class EditionComparisons:
    pages: dict = field(default_factory=dict)         # generated source path -> Markdown
    changed_pages: dict = field(default_factory=dict)  # src -> anchor on the 改訂内容 page
    history: dict = field(default_factory=dict)        # (src, section anchor) -> [(edition, row id, added)]
    extra_pages: list = field(default_factory=list)    # generated pages outside the navigation


def edition_comparisons(manifest, edition, *, docs_dir: Path, export: Callable) -> EditionComparisons:
    """Every comparison page of `edition`, its content read from `docs_dir`; the other editions'
    content from `export(edition, scratch)`, which returns the folder it wrote."""
    result = EditionComparisons()
    known = manifest.up_to(edition)
    with tempfile.TemporaryDirectory(prefix="guideline-editions-") as scratch:
        docs = _content_dirs(known, edition, docs_dir=Path(docs_dir), export=export, scratch=Path(scratch))
        read = lru_cache(maxsize=None)(page_sections)  # each tree is read by several comparisons
        def compare(old, new):
            return compare_trees(docs[old.id], docs[new.id], read=read)
        neighbours = _record_history(result, manifest, known, compare)
        previous = manifest.previous(edition)
        own = neighbours.get(edition.id, [])
        result.pages[CHANGES] = render_changes_page(own, new_title=edition.title,
                                                    old_title=previous.title if previous else None)
        result.changed_pages = {c.src: c.anchor for c in own if c.status != "same"}
        older = [e for e in known if e != edition]
        for old in older:
            comparisons = own if old == previous else compare(old, edition)
            result.pages[pair_page(old.id)] = render_pair_page(comparisons, new_title=edition.title,
                                                               old_title=old.title)
            result.extra_pages.append(pair_page(old.id))
    result.pages[PICKER] = render_picker_page(current=edition, older=older, link=_pair_link(edition))
    return result


def _content_dirs(known: list, edition, *, docs_dir: Path, export: Callable, scratch: Path) -> dict:
    """Each edition's docs/: this one's as given, the others exported side by side (writing
    files is most of the cost, so several at once)."""
    others = [e for e in known if e != edition]
    with ThreadPoolExecutor(max_workers=4) as pool:
        exported = pool.map(lambda e: export(e, scratch), others)
        return {edition.id: docs_dir, **{e.id: path for e, path in zip(others, exported, strict=False)}}


def _pair_link(current):
    def link(new, old) -> str:
        # Editions are published side by side: /<id>/compare/<old id>/.
        return f"{old.id}/" if new == current else f"../../{new.id}/compare/{old.id}/"
    return link


def _record_history(result: EditionComparisons, manifest, known: list, compare) -> dict:
    """Each edition compared with the one before it; the sections each one revised."""
    neighbours = {}
    for edition in known:
        previous = manifest.previous(edition)
        if previous is None or previous not in known:
            continue
        neighbours[edition.id] = compare(previous, edition)
        for comparison in neighbours[edition.id]:
            for anchor, how in comparison.changed_sections:
                entry = (edition, f"{comparison.anchor}-{anchor}", how == "added")
                result.history.setdefault((comparison.src, anchor), []).append(entry)
    return neighbours


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
