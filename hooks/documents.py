"""Build hook: a published edition's PDF, printed from the built site (see guideline.documents.edition_pdf).

Runs after the other hooks' post-build work, on the finished pages; only `guideline
publish` asks for it, and only for an edition that is not a draft.
"""

from pathlib import Path

from mkdocs.exceptions import PluginError

from guideline.documents.edition_pdf import add_edition_pdf, wanted
from guideline.documents.imprint import imprint
from guideline.errors import GuidelineError


def on_post_build(config, **kwargs):
    if not wanted():
        return
    edition = config.extra["edition"]
    try:
        add_edition_pdf(Path(config["site_dir"]), edition_id=edition["id"], edition_title=edition["title"],
                        date=edition["date"], imprint=imprint(config))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
