"""Build hook: the Japanese search index of the built site (see guideline.search_index)."""

from mkdocs.exceptions import PluginError

from guideline.errors import GuidelineError
from guideline.search_index import build_search_index


def on_post_build(config, **kwargs):
    try:
        build_search_index(config["site_dir"])
    except GuidelineError as error:
        raise PluginError(str(error)) from None
