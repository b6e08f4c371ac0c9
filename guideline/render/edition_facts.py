"""What a page says about its own edition, written from editions.yml and never by hand.

The home page's 「この版について」 and any sentence naming "this edition" call these
renderers, so an edition released from the draft describes itself correctly. The release
command also refuses a non-draft edition whose text still holds wording only a draft uses.
"""

import re
from collections.abc import Callable
from pathlib import Path

from guideline.content import editions
from guideline.content.edition_dates import japanese_date
from guideline.content.editions import Edition, Manifest
from guideline.content.markdown_lines import code_spans, prose_lines
from guideline.errors import GuidelineError
from guideline.render.literal import markdown_text

# Wording that only a draft's own text may hold (the notice of a draft is generated, so a
# hand-written one left in the text is what these find). Home page: also the word 改訂案.
DRAFT_WORDING = re.compile(r"未公表|まだ公表していません|公表前")
HOME_DRAFT_WORDING = re.compile(r"改訂案")
HOME = "index.md"
EDITION_MACROS = ("edition_notice", "edition_title")
TEMPLATE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def render_notice(manifest: Manifest, edition: Edition, *, marks: int = 0) -> str:
    """The paragraph of 「この版について」: which edition this is and whether it binds staff;
    a released edition that still holds `marks` 要確認 marks says so."""
    notice = _edition_notice(manifest, edition)
    if marks and not edition.is_draft:
        notice += (f"ただし、この版には、市の規定として確かめていない仮の記述（「要確認」の印が付いたもの）が"
                   f"{marks}件残っています。印の付いた記述は、市の正式な規定として扱わないでください。")
    return notice


def _edition_notice(manifest: Manifest, edition: Edition) -> str:
    title, date = markdown_text(edition.title), japanese_date(edition.date)
    if edition.is_draft:
        base = manifest.latest
        rules = (f"職員が従うルールは、改訂が決まるまで{markdown_text(base.title)}のとおりです。" if base
                 else "職員が従うルールは、改訂が決まるまで現在の規定のとおりです。")
        revises = f"{markdown_text(base.title)}を改訂するための案で、" if base else ""
        return f"このガイドラインは、**{title}**です。{revises}まだ公表していません。{rules}"
    if edition.status == "official":
        return (f"このガイドラインは、**{title}**です。{date}に正式版として定めました。"
                "職員は、この版に従ってテレワークを行います。")
    return (f"このガイドラインは、**{title}**です。{date}に作成した暫定版で、"
            "正式版を定めるまでの間、この版に従ってテレワークを行います。")


def page_macros(project_dir: Path, *, edition_id: Callable[[], str], mark_count: Callable[[], int] = lambda: 0) -> dict:
    """The macros a page calls to name its own edition; the edition is asked for at call time,
    because the build settles which edition it is only after the macros are registered.
    `mark_count` says how many 要確認 marks the edition's text holds, for the notice."""
    def this_edition():
        manifest = editions.load_manifest(project_dir)
        return manifest, manifest.get(edition_id())

    notice, title = EDITION_MACROS
    return {
        notice: lambda: render_notice(*this_edition(), marks=mark_count()),
        title: lambda: markdown_text(this_edition()[1].title),
    }


def draft_wording(docs_dir: Path) -> list:
    """`file:line: …` for each hand-written sentence that calls the text a draft."""
    docs_dir = Path(docs_dir)
    found = []
    for page in sorted(docs_dir.rglob("*.md")):
        relative = page.relative_to(docs_dir).as_posix()
        pattern = (re.compile(f"{DRAFT_WORDING.pattern}|{HOME_DRAFT_WORDING.pattern}")
                   if relative == HOME else DRAFT_WORDING)
        for line in prose_lines(page.read_text(encoding="utf-8")):
            text = "".join(piece for piece, code in code_spans(line.text) if not code)
            words = sorted({m.group(0) for m in pattern.finditer(TEMPLATE.sub("", text))})
            if words:
                found.append(f"{docs_dir.name}/{relative}:{line.number}: 「{'」「'.join(words)}」")
    return found


def refuse_draft_wording(docs_dir: Path, *, status: str):
    """A released edition may not call itself a draft."""
    if status == "draft":
        return
    found = draft_wording(docs_dir)
    if found:
        raise GuidelineError(
            "原稿に改訂案（未公表）のときの書き方が残っています。版のことは {{ edition_notice() }} などの"
            "マクロで書き、次の箇所を直してください:\n" + "\n".join(found))
