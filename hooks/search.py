"""Build hook: the Japanese search index of the built site (see guideline.search_index).

`mkdocs serve` (make preview) skips it: the index takes about a second to build, which an
editor would wait for on every save, and the preview is for reading the text.
"""

from mkdocs.exceptions import PluginError

from guideline.errors import GuidelineError
from guideline.search_index import build_search_index

_command = {}


def on_startup(command, dirty, **kwargs):
    _command["name"] = command


def on_post_build(config, **kwargs):
    if _command.get("name") == "serve":
        return
    try:
        build_search_index(config["site_dir"])
    except GuidelineError as error:
        raise PluginError(str(error)) from None
