"""Build hook: keep the theme's scripts from reaching a CDN (see guideline.site.offline)."""

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from guideline.site.offline import defuse_theme_requests


def on_post_build(*, config: MkDocsConfig, **kwargs: Any) -> None:
    defuse_theme_requests(config["site_dir"])
