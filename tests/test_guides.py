"""The guides say what the tools do: every message they quote is one the tools print, every
number they state (tests, times, places) is checked against the tools, every link between
them leads somewhere.

A quoted message is matched against the templates of the package's messages (f-strings and
format strings, a formatted value standing for anything) and of the writing rules
(textlint's JavaScript): each Japanese character of the quote must be part of a match.
"""

import ast
import re
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from _pytest.mark.expression import Expression  # what `-m` reads
from conftest import DESELECTED

from guideline.content import spelling
from helpers import PROJECT, clean_env

GUIDES = ("README.md", "CONTRIBUTING.md", "WRITING.md", "MAINTAINING.md")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
TEXT_BLOCK = re.compile(r"^( *)```text\n(.*?)^\1```", re.S | re.M)
FENCED = re.compile(r"^( *)```.*?^\1```", re.S | re.M)
# 「…」 followed by words that say it is shown: 「…」と表示されます, 「…」と出たら, 「…」のように…
SHOWN_AFTER = ("と表示", "と出", "のように表示", "のような行", "の行", "というコミット", "としてコミット", "として残")
NODE_RULES = ("node_modules/textlint-rule-*/lib/**/*.js", "node_modules/@textlint-rule/*/lib/**/*.js",
              "node_modules/textlint-rule-preset-*/lib/**/*.js", ".textlint/rules/*/*.js")
VARIABLE = "\0"  # a formatted value in a template
ENGLISH_PHRASE = re.compile(r"\b[a-z]+(?: [a-z]+){2,}\b")  # "mapping values are not allowed here"


def guide(name: str) -> str:
    return (PROJECT / name).read_text(encoding="utf-8")


# The guides' quoted messages


def quoted_messages() -> list:
    """(guide, message) for each message a guide quotes: lines of ```text blocks, the first
    column of the tables of messages (表示), and 「…」 said to be shown."""
    found = []
    for name in GUIDES:
        text = guide(name)
        for _, block in TEXT_BLOCK.findall(text):
            found += [(name, line.strip()) for line in block.splitlines() if JAPANESE.search(line)]
        prose = FENCED.sub("", text)
        found += [(name, message) for message in _table_messages(prose)]
        found += [(name, message) for message in _shown_quotes(prose)]
    return found


def _table_messages(prose: str) -> list:
    """Inline code in the first column of tables whose first header is 表示…."""
    messages, in_table = [], False
    for line in prose.splitlines():
        if line.startswith("| 表示"):
            in_table = True
        elif not line.startswith("|"):
            in_table = False
        elif in_table and not line.startswith("| ---"):
            first = line.split(" | ")[0]
            messages += [code for code in re.findall(r"`([^`]+)`", first) if JAPANESE.search(code)]
    return messages


def _shown_quotes(prose: str) -> list:
    """「…」 (nested ones kept whole) followed by words that say it is what a command shows."""
    quotes, depth, start = [], 0, 0
    for position, char in enumerate(prose):
        if char == "「":
            depth, start = depth + 1, (position + 1 if depth == 0 else start)
        elif char == "」" and depth:
            depth -= 1
            if depth == 0 and prose.startswith(SHOWN_AFTER, position + 1):
                quote = prose[start:position]
                if len(JAPANESE.findall(quote)) >= 4 and "\n" not in quote:
                    quotes.append(quote)
    return quotes


# What the tools can print


@cache
def pieces() -> frozenset:
    """Every message template the tools have, white space at its ends left off."""
    found = list(_python_templates()) + list(_javascript_templates()) + list(_dictionary_templates())
    sentences = [sentence for piece in found for sentence in _sentences(piece)]  # a guide may quote the first
    return frozenset(piece.strip() for piece in found + sentences if JAPANESE.search(piece))


def _sentences(piece: str) -> list:
    """The template up to the end of each of its sentences (a quote may stop there)."""
    return [piece[:found.end()] for found in re.finditer("。", piece) if found.end() < len(piece)]


@cache
def templates() -> list:
    """Each template as a regex (formatted values match anything), kept only when its fixed
    text holds Japanese: a template of values alone would cover any quote."""
    compiled = []
    for piece in pieces():
        if len(JAPANESE.findall(piece.replace(VARIABLE, ""))) >= 2:
            pattern = ".+?".join(re.escape(part) for part in piece.split(VARIABLE))
            if pattern.endswith(".+?") and len(JAPANESE.findall(piece.replace(VARIABLE, ""))) >= 4:
                pattern = pattern[:-1]  # a value at the end runs to the end of the quote (not after a mere エラー:)
            compiled.append(re.compile(pattern, re.S))
    return compiled


@cache
def fixed_text() -> str:
    """The templates' fixed text, one stretch a line: where a quote's words must be found."""
    return "\n".join(part for piece in pieces() for part in piece.split(VARIABLE))


def _python_templates():
    for path in [*(PROJECT / "guideline").rglob("*.py"), *(PROJECT / "macros").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                yield "".join(part.value if isinstance(part, ast.Constant) else VARIABLE for part in node.values)
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield re.sub(r"\{[a-z_]*\}", VARIABLE, node.value)  # str.format fields


def _javascript_templates():
    literal = re.compile(r'"((?:[^"\\\n]|\\.)*)"|\'((?:[^\'\\\n]|\\.)*)\'|`((?:[^`\\]|\\.)*)`')
    for pattern in NODE_RULES:
        for path in PROJECT.glob(pattern):
            for found in literal.finditer(path.read_text(encoding="utf-8", errors="replace")):
                text = next(group for group in found.groups() if group is not None)
                text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
                yield re.sub(r"\$\{[^}]*\}", VARIABLE, text).replace('\\"', '"').replace("\\n", "\n")


def _dictionary_templates():
    """prh's messages are the terms list's own words: `variant => preferred`."""
    for term in spelling.load_terms(PROJECT):
        for variant in term.get("variants") or []:
            yield f"{variant} => {term['preferred']}"


def uncovered(message: str) -> str:
    """The Japanese of `message` no template accounts for ("" when all is accounted for): a
    character is accounted for inside a match of a whole template, or in a stretch of words
    (between values, such as numbers and ids) that a template holds as it is."""
    covered = set()
    for part_start, part in _parts(message):
        for template in templates():
            for match in template.finditer(part):
                covered.update(range(part_start + match.start(), part_start + match.end()))
        for run in re.finditer(r"[^\x00-\x7f]+", part):
            if run.group(0) in fixed_text():
                covered.update(range(part_start + run.start(), part_start + run.end()))
    return "".join(char for index, char in enumerate(message)
                   if JAPANESE.match(char) and index not in covered)


def _parts(message: str):
    """`…` in a quote leaves text out: each side is matched on its own."""
    start = 0
    for part in message.split("…"):
        yield start, part
        start += len(part) + 1


@pytest.mark.skipif(not (PROJECT / "node_modules").is_dir(), reason="textlint がありません（make textlint）")
def test_every_message_the_guides_quote_is_one_the_tools_print():
    messages = quoted_messages()
    assert len(messages) > 40, "the guides' messages are found"
    wrong = [f"{name}: {message}  ← {missing}" for name, message in messages if (missing := uncovered(message))]
    assert not wrong, "\n".join(wrong)
    english = [f"{name}: {message}" for name, message in messages if ENGLISH_PHRASE.search(message)]
    assert not english, "the tools speak Japanese:\n" + "\n".join(english)


def test_a_message_the_tools_never_print_is_caught():
    assert uncovered("エラー: 原稿をコミットしてから公開してください")  # the old wording of MAINTAINING
    assert not uncovered("エラー: 3 件の問題があります")


# Numbers


def stated(pattern: str, name: str) -> str:
    found = re.search(pattern, guide(name))
    assert found, f"{name} no longer says {pattern}"
    return found.group(1)


def collected(marker: str, session) -> tuple[int, int]:
    """What pytest collects: the tests `-m marker` selects, and all of them. Counted from this
    run's own collection when it collected the whole tests folder, everything or just `-m marker`
    (as `make test` and `make test-fast` do), else by one collection of its own."""
    if whole_folder(session.config) and session.config.option.markexpr in ("", marker):
        deselected = session.config.stash.get(DESELECTED, 0)
        if deselected:
            return len(session.items), len(session.items) + deselected
        selects = Expression.compile(marker)
        chosen = [item for item in session.items
                  if selects.evaluate(lambda name, item=item, **_: item.get_closest_marker(name) is not None)]
        return len(chosen), len(session.items)
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", marker], cwd=PROJECT,
                            capture_output=True, text=True, env=clean_env())
    found = re.search(r"(\d+)/(\d+) tests collected", result.stdout)
    assert found, result.stdout[-2000:]
    return int(found.group(1)), int(found.group(2))


def whole_folder(config) -> bool:
    """Whether this run collected the whole tests folder, nothing left out by name or by an earlier run."""
    paths = {(config.invocation_params.dir / arg).resolve() for arg in config.args}
    return (paths == {Path(__file__).parent.resolve()} and not config.option.keyword
            and not config.getoption("deselect") and not config.getoption("lf", False))


def test_the_test_counts_in_the_readme_are_the_ones_pytest_collects(request):
    fast = int(stated(r"(?m)^\| `make test-fast` \|[^|]*\| (\d+) 件 \|", "README.md"))
    every = int(stated(r"(?m)^\| `make test` \|[^|]*\| (\d+) 件 \|", "README.md"))
    [marker] = re.findall(r'(?m)^test-fast:.*\n\t.* -m "([^"]+)"', guide("Makefile"))
    for said, real in zip((fast, every), collected(marker, request.session), strict=True):
        assert abs(real - said) <= said * 0.1, f"README says 約 {said} 件; pytest collects {real}"


def test_the_macro_table_names_the_section_each_macro_is_in():
    rows = re.findall(r"^\| `\{\{ (\w+\([^)]*\)) \}\}` \| (\d+)章 (\S) \|", guide("WRITING.md"), re.M)
    assert len(rows) >= 5
    for call, chapter, section in rows:
        [page] = (PROJECT / "docs/guideline").glob(f"{int(chapter):02d}-*.md")
        heading = None
        for line in page.read_text(encoding="utf-8").splitlines():
            heading = line[3:4] if line.startswith("## ") else heading
            if f"{{{{ {call} }}}}" in line:
                break
        assert heading == section, f"WRITING.md: {call} is in {chapter}章 {heading}, not {section}"


def test_the_make_line_the_guide_quotes_is_the_check_recipe():
    line = int(stated(r"\[Makefile:(\d+): check\] Error 1", "CONTRIBUTING.md"))
    assert "guideline check" in (PROJECT / "Makefile").read_text(encoding="utf-8").splitlines()[line - 1]


def slug(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, punctuation dropped, spaces to hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_links_between_the_guides_lead_to_a_heading():
    anchors = {name: {slug(h) for h in re.findall(r"^#+ (.+)$", FENCED.sub("", guide(name)), re.M)}
               for name in (*GUIDES, "ARCHITECTURE.md")}
    broken = []
    for name in GUIDES:
        prose = re.sub(r"`[^`\n]*`", "", FENCED.sub("", guide(name)))  # examples of links are not links
        for target, anchor in re.findall(r"\]\(((?:[A-Z]+\.md)?)#([^)\s]+)\)", prose):
            if anchor not in anchors[target or name]:
                broken.append(f"{name}: {target}#{anchor}")
    assert not broken, broken


