"""What a site build of one edition needs: which edition it is, and the notice a changed
chapter shows. The build hook (hooks/editions.py) only passes these to mkdocs."""

from collections.abc import Mapping
from pathlib import Path
from html import escape

from guideline.content.editions import Edition, Manifest
from guideline.errors import GuidelineError
from guideline.layout import CHANGES_PAGE, EDITION_VARIABLE, SITE_URL_VARIABLE
from guideline.site import settings
from guideline.content.markdown_lines import first_line
from guideline.content.pages import HEADING



def chosen_edition(manifest: Manifest, *, environ: Mapping[str, str]) -> Edition:
    """The edition named in the environment (publish names each one it builds), else what
    the working tree is: the draft, else the newest edition. An unknown name is an error."""
    named = environ.get(EDITION_VARIABLE)
    if named:
        return manifest.get(named)
    drafts = [edition for edition in manifest.editions if edition.is_draft]
    return drafts[0] if drafts else manifest.editions[-1]


# Set by mike for each build it deploys: the build is a publication.
DEPLOYING_VARIABLE = "MIKE_DOCS_VERSION"
CONFIG = "mkdocs.yml"


def refuse_unaddressed_publication(*, project_dir: Path, environ: Mapping[str, str]):
    """A site is published only with its address (mkdocs.yml's site_url, or SITE_URL_VARIABLE
    for one run): its 404 page is shown at any path, so it names its styles and scripts by the
    address, and without one they would not load where the site is served."""
    if settings.site_url(project_dir, environ=environ):
        return
    raise GuidelineError(
        f"公開する場所の URL が設定されていません。設定しないと、ないページを開いたときのページ（404）が崩れます。"
        f"{CONFIG} の site_url に http://intra.example.lg.jp/telework/ のように書いてコミットするか、"
        f"一度だけなら環境変数 {SITE_URL_VARIABLE} で指定してください")


def change_notice(*, src: str, anchor: str) -> str:
    """Markdown of the box that points a changed chapter's reader at its 改訂内容 entry."""
    href = "../" * src.count("/") + f"{CHANGES_PAGE}#{anchor}"
    return ('<div class="admonition info gl-change-notice" data-pagefind-ignore="all" markdown>\n'
            '<p class="admonition-title">このページは改訂されています</p>\n\n'
            f"前の版からの改訂内容は、[改訂内容（新旧対照表）]({escape(href)})で確認できます。\n\n</div>\n")


def with_change_notice(markdown: str, *, src: str, anchor: str) -> str:
    """`markdown` with the notice right under its title (at the top if it has none)."""
    title = first_line(markdown, lambda text: bool(HEADING.match(text)) and text.startswith("# "))
    lines = markdown.splitlines(keepends=True)
    at = title.number if title else 0
    before = "".join(lines[:at])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + "\n" + change_notice(src=src, anchor=anchor) + "\n" + "".join(lines[at:])
