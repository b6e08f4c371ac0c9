"""One spelling per term: textlint's prh dictionary, generated from docs/data/terms.yml.

terms.yml is the project's one list of terms: `variants` are other spellings of a term
(they drive this dictionary and search), `synonyms` only search. The dictionary is made, not
kept: `guideline check` writes it into .textlint/generated/ (ignored by git) whenever
terms.yml says something new, so checking never changes a tracked file.
"""

import json
import os
import re
import sys
import tempfile
from pathlib import Path

from guideline.content import data
from guideline.errors import GuidelineError
from guideline.layout import DOCS
from guideline.layout import TERMS as TERMS_FILE

TERMS = Path(TERMS_FILE)
GENERATED = Path(".textlint/generated")  # ignored by git; .textlintrc.json reads the dictionary here
DICTIONARY = GENERATED / "prh.yml"
HIRAGANA = re.compile(r"[ぁ-ゖ]")
# After a verb's stem these begin its endings (持ち出した, 問い合わせる, 組み合わせられる):
# there the okurigana are right, so an okurigana variant is only a slip when none follows.
VERB_ENDINGS = "たてまなるれよさずこらろうせ"
# A term written as a verb's dictionary form ends in one of these (行う, 届く, 出す…).
DICTIONARY_FORM_ENDINGS = "うくぐすつぬぶむる"


def load_terms(project_dir: Path) -> list:
    return data.load_terms(Path(project_dir) / DOCS)


def pattern(variant: str, preferred: str) -> str:
    """The prh pattern that finds `variant` but not the correct words containing it."""
    escaped = re.escape(variant)
    if _verb_okurigana(variant, preferred):  # 行なう, 行ないます, 行なわれる: every form is a slip
        return f"/{re.escape(variant[:-1])}([ぁ-ゖ])/"
    if preferred.startswith(variant):  # ブラウザ inside ブラウザー
        return f"/{escaped}(?!{re.escape(preferred[len(variant):])})/"
    if _okurigana_only(variant, preferred):  # 持ち出し, but not 持ち出した
        return f"/{escaped}(?![{VERB_ENDINGS}])/"
    if variant.isascii():  # a whole word, not an anchor such as { #wifi } or part of a longer word
        return f"/(?<![#A-Za-z0-9_-]){escaped}(?![A-Za-z0-9_-])/"
    return variant


def _okurigana_only(variant: str, preferred: str) -> bool:
    return len(variant) > len(preferred) and HIRAGANA.sub("", variant) == HIRAGANA.sub("", preferred)


def _verb_okurigana(variant: str, preferred: str) -> bool:
    """A verb given extra okurigana (行なう for 行う): its stem is wrong before any ending."""
    return (_okurigana_only(variant, preferred) and preferred[-1] in DICTIONARY_FORM_ENDINGS
            and variant[-1] == preferred[-1])


def expected(variant: str, preferred: str) -> str:
    """What prh puts in place of a match of `pattern(variant, preferred)`."""
    return f"{preferred[:-1]}$1" if _verb_okurigana(variant, preferred) else preferred


def render_dictionary(terms: list) -> str:
    """prh's YAML (JSON values are YAML); each rule carries a spec prh checks when it loads."""
    lines = ["# 生成したファイルです。直さずに docs/data/terms.yml を直してください。",
             "# guideline check（make check）が、terms.yml が変わるたびに作り直します。",
             "version: 1", "rules:"]
    for term in terms:
        preferred = term["preferred"]
        by_replacement: dict = {}  # one prh rule per replacement: 行$1 for a verb's forms
        for variant in term.get("variants") or []:
            by_replacement.setdefault(expected(variant, preferred), []).append(variant)
        for replacement, variants in by_replacement.items():
            lines.append(f"  - expected: {json.dumps(replacement, ensure_ascii=False)}")
            patterns = [pattern(v, preferred) for v in variants]
            lines.append(f"    patterns: {json.dumps(patterns, ensure_ascii=False)}")
            lines.append("    specs:")
            for variant in variants:
                lines.append(f"      - from: {json.dumps(variant, ensure_ascii=False)}")
                lines.append(f"        to: {json.dumps(preferred, ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def write_dictionary(project_dir: Path) -> Path:
    """Write the dictionary whole or not at all, and only when it changes (textlint's cache
    of unchanged pages stays valid)."""
    text = render_dictionary(load_terms(project_dir))
    target = Path(project_dir) / DICTIONARY
    if target.is_file() and not target.is_symlink() and target.read_text(encoding="utf-8") == text:
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=".prh-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(scratch, target)
    except BaseException:
        Path(scratch).unlink(missing_ok=True)
        raise
    return target


def main() -> int:
    try:
        write_dictionary(Path.cwd())
    except GuidelineError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    print(f"{DICTIONARY.as_posix()} を {TERMS.as_posix()} から作りました", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
