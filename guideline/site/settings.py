"""What mkdocs.yml says that the package needs to know: the site's address and its pages.

The address is set once, in mkdocs.yml (`site_url`, committed); GUIDELINE_SITE_URL
overrides it for one run. Read here without the site generator: `!ENV [NAME, default]`
is resolved the way MkDocs resolves it.
"""

import os
from collections.abc import Mapping
from pathlib import Path

import yaml

from guideline.errors import GuidelineError
from guideline.layout import SITE_URL_VARIABLE

CONFIG = "mkdocs.yml"


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's own tags: `!ENV` is kept as (names, default) and resolved later."""


def _env(loader: yaml.SafeLoader, node: yaml.Node):
    if isinstance(node, yaml.ScalarNode):
        return _EnvValue([loader.construct_scalar(node)], None)
    if not isinstance(node, yaml.SequenceNode):
        raise GuidelineError(f"{CONFIG}: !ENV には変数の名前か [名前, 既定の値] を書いてください")
    *names, default = loader.construct_sequence(node)
    return _EnvValue(names, default)


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


class _EnvValue:
    def __init__(self, names: list, default):
        self.names, self.default = names, default

    def resolve(self, environ: Mapping):
        return next((environ[name] for name in self.names if name in environ), self.default)


def load(project_dir: Path) -> dict:
    path = Path(project_dir) / CONFIG
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise GuidelineError(f"{CONFIG}: 読めません（{error}）") from None


def site_url(project_dir: Path, *, environ: Mapping | None = None) -> str:
    """The address the site is built for: GUIDELINE_SITE_URL if set, else mkdocs.yml's site_url."""
    environ = os.environ if environ is None else environ
    value = load(project_dir).get("site_url")
    if isinstance(value, _EnvValue):
        value = value.resolve(environ)
    return _with_slash(str(value or ""))


def _with_slash(url: str) -> str:
    """As MkDocs keeps it: a site's address ends with a slash."""
    return url if not url or url.endswith("/") else url + "/"


def site_url_source(*, environ: Mapping | None = None) -> str:
    """Where the address came from, in the words of the guides."""
    environ = os.environ if environ is None else environ
    return f"環境変数 {SITE_URL_VARIABLE}" if SITE_URL_VARIABLE in environ else f"{CONFIG} の site_url"


def nav_pages(project_dir: Path) -> list:
    """Every page the navigation names (docs-relative), the generated ones among them."""
    found: list = []
    _walk(load(project_dir).get("nav") or [], found)
    return found


def _walk(node, found: list):
    if isinstance(node, str):
        if node.endswith(".md"):
            found.append(node)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)
    elif isinstance(node, dict):
        for item in node.values():
            _walk(item, found)
