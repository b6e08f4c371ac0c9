"""Build hook: a published edition's PDF, printed from the built site (see guideline.documents.edition_pdf).

Runs after the other hooks' post-build work, on the finished pages; only `guideline
publish` asks for it, and only for an edition that is not a draft. Publishing prints the
PDFs of every edition it built with one browser: the hook tells it, from the start of the
build, that this edition will need its PDF.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from guideline.documents.edition_pdf import Edition, add_edition_pdfs, wanted
from guideline.documents.imprint import imprint
from guideline.errors import GuidelineError
from guideline.site.deferred import EDITION_PDF, request, requests_file


def _edition(config) -> Edition:
    edition = config.extra["edition"]
    return Edition(Path(config["site_dir"]), edition["id"], edition["title"], edition["date"], imprint(config))


def on_config(config):
    if wanted() and requests_file():
        request(EDITION_PDF, _edition(config).details())
    return config


def on_post_build(config, **kwargs):
    if not wanted() or requests_file():
        return
    try:
        add_edition_pdfs([_edition(config)])
    except GuidelineError as error:
        raise PluginError(str(error)) from None
