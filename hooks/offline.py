"""Build hook: keep the theme's scripts from reaching a CDN (see guideline.offline)."""

from guideline.offline import defuse_theme_requests


def on_post_build(config, **kwargs):
    defuse_theme_requests(config["site_dir"])
