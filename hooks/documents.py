"""Build hook: a published edition's PDF, printed from the built site (see guideline.documents.edition_pdf).

Runs after the other hooks' post-build work, on the finished pages; only `guideline
publish` asks for it, and only for an edition that is not a draft. Publishing prints the
PDFs of every edition it built with one browser: the hook tells it, from the start of the
build, that this edition will need its PDF.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from guideline.documents.edition_pdf import add_edition_pdf, wanted
from guideline.errors import GuidelineError
from guideline.site.deferred import EDITION_PDF, request, requests_file


def _header(config) -> str:
    return f"{config['site_name']}　{config.extra['edition']['title']}"


def on_config(config):
    if wanted() and requests_file():
        request(EDITION_PDF, {"header": _header(config)})
    return config


def on_post_build(config, **kwargs):
    if not wanted() or requests_file():
        return
    try:
        add_edition_pdf(Path(config["site_dir"]), edition_id=config.extra["edition"]["id"], header=_header(config))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
