"""Where the project's parts are and the names they go by, each written once."""

import re

DOCS = "docs"                        # an edition's content: pages and docs/data
DATA = "data"                        # the data files, under DOCS: <kind>.yml
TERMS = f"{DOCS}/{DATA}/terms.yml"   # the terms list: spelling rules and search words
CHAPTERS = "guideline"               # the chapters, under DOCS
PRINT_PAGE = "guideline/print.md"    # every chapter again, on one page (the whole_guideline macro)
PUBLISH_BRANCH = "gh-pages"          # where `guideline publish` deploys unless told otherwise
CHANGES_PAGE = "changes.md"           # an edition's 改訂内容 (新旧対照表 with the edition before)
EDITION_VARIABLE = "GUIDELINE_EDITION"  # set by publish for each edition it builds
COMPARISONS_VARIABLE = "GUIDELINE_COMPARISONS"  # the comparison pages publish made for that build (a file)
DEFER_VARIABLE = "GUIDELINE_DEFER"  # set by publish: the index and PDFs are made after every build, at once
TEMPLATES_VARIABLE = "GUIDELINE_TEMPLATES"  # set by publish: where its builds keep the compiled theme templates
NO_INDEX_VARIABLE = "GUIDELINE_NO_SEARCH_INDEX"  # "1": a build nobody reads (check) makes no search index
GUIDELINE_NAME = "松本市テレワークガイドライン"  # mkdocs.yml's site_name, where it is not read
SITE_URL_VARIABLE = "GUIDELINE_SITE_URL"  # where the published site is served (mkdocs.yml site_url)

CHAPTER = re.compile(r"^guideline/(?P<number>\d\d)-[a-z0-9-]+\.md$")  # a chapter's source path
# A chapter's own anchor ("ch07") or one of its sections' on the print page ("ch07-dress").
CHAPTER_ANCHOR = re.compile(r"^ch\d\d(?:-|$)")


def chapter_anchor(src: str) -> str | None:
    """The anchor of a chapter (by its source path) on the print and 改訂内容 pages: "ch07"."""
    chapter = CHAPTER.match(src)
    return f"ch{chapter.group('number')}" if chapter else None
