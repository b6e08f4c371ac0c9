"""Random edits of the data files and editions.yml: every result is either escaped output or a
Japanese message at file:line. Never a traceback, never a hang.

The examples go through the validation layer and the block renderers (what a build runs on
data), not through whole site builds, so many edits fit in a few seconds.
"""

import html.parser
import re
import shutil
import tempfile
from pathlib import Path

import jinja2
import markdown
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guideline.content import data, editions
from guideline.content.pages import DocsIndex
from guideline.errors import DataError
from guideline.render import blocks
from guideline.render.revisions import render_revision_history
from helpers import PROJECT

KINDS = sorted(data.KINDS)
SHOWN_KINDS = sorted({block.kind for block in blocks.BLOCKS.values()})  # the data a page shows
# Generous per edit, for a busy machine; an alias bomb used to run for minutes.
DEADLINE_MS = 10_000
# What an editor (or an attacker with commit rights) might type.
NASTY = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[クリック](javascript:alert(1))",
         "javascript:alert(1)", "../README.md", "/etc/passwd", ".nan", "-.inf", "-5", "1e999", "9" * 5000,
         "&a [1]", "*a", "&a [*a]", "!!python/object:os.system", "2021-13-40", "\x07", "\t", "\u2028",
         "{ #x }", "'", '"', "\\", ": ", "- ", "? ", "|\n  x", ">\n  x", "~", "null", "true", "[]", "{}",
         "&amp;", "`code`", "*強調*", "自 宅", "latest", "versions.json", "worktree", "draft", "\n", "    ",
         "<<: {a: 1}", "---", "...", "%YAML 1.1", "@x"]
TEXT = st.one_of(st.sampled_from(NASTY), st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
# Markup an editor might paste into a title or a note: it must reach readers as text.
MARKUP = ["<img src=x onerror=alert(1)>", "<script>alert(1)</script>", "[クリック](javascript:alert(1))",
          "*強調*", "`code`", "{ #x }", "&amp;", "<b>太字</b>", "<a href=javascript:alert(1)>x</a>"]
FREE_TEXT_KEYS = {"title", "audience", "text", "label", "category", "note", "when", "environment",
                  "initiative", "decision", "source", "examples", "findings", "summary"}
LOCATED = re.compile(r"^(docs/data/\w+\.yml|editions\.yml)(:\d+)?: ")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
# Elements and attributes that only markup from data could have produced in a block.
INJECTED_TAGS = {"script", "img", "iframe", "b", "em", "code"}
BANNER = jinja2.Environment(loader=jinja2.FileSystemLoader(PROJECT / "overrides")).get_template(
    "partials/edition.html")


@st.composite
def edits(draw, text: str):
    """`text` with one to three random edits: insert, replace a value, delete, re-indent, repeat a line."""
    lines = text.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[where] if lines else ""
        action = draw(st.sampled_from(["insert", "value", "delete", "indent", "repeat"]))
        if action == "insert":
            at = draw(st.integers(0, len(line)))
            line = line[:at] + draw(TEXT) + line[at:]
        elif action == "value" and ": " in line:
            line = line[: line.index(": ") + 2] + draw(TEXT) + "\n"
        elif action == "delete":
            line = ""
        elif action == "indent":
            line = " " * draw(st.integers(0, 7)) + line.lstrip(" ")
        elif action == "repeat":
            line = line * 2
        if lines:
            lines[where] = line
        else:
            lines = [line]
    return "".join(lines)


def assert_located_japanese(problems):
    assert problems
    for problem in problems:
        assert LOCATED.match(problem), problem
        assert JAPANESE.search(problem), problem
        assert "Traceback" not in problem


class _Elements(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def assert_no_markup_from_data(page: str):
    parser = _Elements()
    parser.feed(page)
    for tag, attrs in parser.found:
        assert tag not in INJECTED_TAGS, (tag, attrs)
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert not (attrs.get("href") or "").strip().lower().startswith("javascript:"), (tag, attrs)
        assert attrs.get("id") != "x", (tag, attrs)


def render_every_block(docs_dir: Path, kind: str, loaded):
    context = blocks.Context(page="guideline/02-tasks.md", docs=DocsIndex(docs_dir))
    for block in blocks.BLOCKS.values():
        if block.kind != kind:
            continue
        arguments = [item["id"] for item in loaded["checklists"]] if block.argument else [None]
        for argument in arguments:
            html = block.html(loaded, context, argument)
            assert_no_markup_from_data(markdown.markdown(html, extensions=["attr_list", "md_in_html"]))
            block.lines(loaded, context, argument)


def text_leaves(value, where=()):
    """Paths of the free-text strings in loaded data (ids and links have stricter rules)."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from text_leaves(item, where + (key,))
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from text_leaves(item, where + (position,))
    elif isinstance(value, str) and FREE_TEXT_KEYS & {key for key in where if isinstance(key, str)}:
        yield where


def replace(value, where, new):
    if not where:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[where[0]] = replace(value[where[0]], where[1:], new)
    return copy


SLOW_OK = settings(max_examples=60, deadline=DEADLINE_MS, derandomize=True,
                   suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SLOW_OK
@given(st.data())
def test_random_data_edits_load_and_render_escaped_or_fail_in_japanese(drawn):
    kind = drawn.draw(st.sampled_from(KINDS))
    original = (PROJECT / "docs" / data.DATA_DIR / f"{kind}.yml").read_text(encoding="utf-8")
    changed = drawn.draw(edits(original))
    with tempfile.TemporaryDirectory() as scratch:
        docs_dir = Path(scratch) / "docs"
        shutil.copytree(PROJECT / "docs", docs_dir, ignore=shutil.ignore_patterns("data"))
        (docs_dir / data.DATA_DIR).mkdir()
        (docs_dir / data.DATA_DIR / f"{kind}.yml").write_text(changed, encoding="utf-8")
        try:
            loaded = data.load_one(docs_dir, kind).data
        except DataError as error:
            assert_located_japanese(error.problems)
            return
        render_every_block(docs_dir, kind, loaded)


@settings(max_examples=100, deadline=DEADLINE_MS, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_markup_in_any_text_field_reaches_the_page_as_text(drawn):
    kind = drawn.draw(st.sampled_from(SHOWN_KINDS))
    loaded = data.load_one(PROJECT / "docs", kind).data
    leaves = list(text_leaves(loaded))
    for _ in range(drawn.draw(st.integers(1, 3))):
        where = drawn.draw(st.sampled_from(leaves))
        # a 要確認 mark's text must be a question: markup goes in as one
        asking = "ですか。" if "unconfirmed" in where else ""
        loaded = replace(loaded, where, drawn.draw(st.sampled_from(MARKUP)) + asking)
    with tempfile.TemporaryDirectory() as scratch:
        docs_dir = Path(scratch) / "docs"
        shutil.copytree(PROJECT / "docs", docs_dir, ignore=shutil.ignore_patterns("data"))
        (docs_dir / data.DATA_DIR).mkdir()
        (docs_dir / data.DATA_DIR / f"{kind}.yml").write_text(yaml.safe_dump(loaded, allow_unicode=True),
                                                              encoding="utf-8")
        render_every_block(docs_dir, kind, data.load_one(docs_dir, kind).data)


@SLOW_OK
@given(st.data())
def test_random_manifest_edits_load_and_render_escaped_or_fail_in_japanese(drawn):
    original = (PROJECT / editions.MANIFEST).read_text(encoding="utf-8")
    changed = drawn.draw(edits(original))
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / editions.MANIFEST).write_text(changed, encoding="utf-8")
        try:
            manifest = editions.load_manifest(Path(scratch))
        except DataError as error:
            assert_located_japanese(error.problems)
            return
    for edition in manifest.editions:
        assert_no_markup_from_data(render_revision_history(manifest, edition))
        fields = {"title": edition.title, "status": edition.status}
        assert_no_markup_from_data(BANNER.render(config={"extra": {"edition": fields}}))
