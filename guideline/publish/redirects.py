"""The pages that send a reader on, written as `mike alias` and `mike set-default` write them:
every HTML page of an alias folder (latest/) points to the same page of its edition, and the
site root to the edition readers land on.

Publishing writes them into its own commit instead of starting mike twice (each start loads
the whole site configuration). The page is the template mike is configured with in mkdocs.yml
(plugins → mike → redirect_template), rendered with one value, `href`, as mike renders it;
without one, mike's own.
"""

import importlib.util
import posixpath
from dataclasses import dataclass
from pathlib import Path

import yaml
from jinja2 import Template

from guideline.errors import GuidelineError

CONFIG = "mkdocs.yml"


class _Tags(yaml.SafeLoader):
    """mkdocs.yml as plain data: its tags (!ENV, !!python/name) read as nothing."""


_Tags.add_multi_constructor("!", lambda loader, suffix, node: None)
_Tags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Redirects:
    template: Template
    directory_urls: bool  # pages are addressed by their folder (mkdocs' use_directory_urls)


def redirects(project_dir: Path) -> Redirects:
    """How this project's site sends readers on, from its mkdocs.yml."""
    try:
        config = yaml.load((Path(project_dir) / CONFIG).read_text(encoding="utf-8"), Loader=_Tags) or {}
    except (OSError, yaml.YAMLError):
        config = {}
    path = _configured(Path(project_dir), config) or _mike_own()
    template = Template(path.read_bytes().decode("utf-8"), autoescape=True, keep_trailing_newline=True)
    return Redirects(template, directory_urls=config.get("use_directory_urls", True) is not False)


def _configured(project_dir: Path, config: dict) -> Path | None:
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(entry.items())) for entry in plugins if isinstance(entry, dict) and len(entry) == 1)
    for name, options in entries:
        if name == "mike" and isinstance(options, dict) and isinstance(options.get("redirect_template"), str):
            return project_dir / options["redirect_template"]
    return None


def _mike_own() -> Path:
    found = importlib.util.find_spec("mike")  # where mike is installed; nothing of it is run
    if found is None or found.origin is None:
        raise GuidelineError("mike が見つかりません（make install で入ります）")
    return Path(found.origin).parent / "templates" / "redirect.html"


def alias_pages(files: list, *, version: str, alias: str, how: Redirects) -> dict:
    """Path inside the alias folder `alias` → page, for the files of the folder `version` (paths
    inside it): each HTML page sends the reader to its page of `version`."""
    pages = {}
    for path in files:
        if posixpath.splitext(path)[1] != ".html":
            continue
        href = posixpath.relpath(f"{version}/{path}", posixpath.dirname(f"{alias}/{path}"))
        if how.directory_urls and posixpath.basename(href) == "index.html":
            href = posixpath.dirname(href) + "/"
        pages[path] = how.template.render(href=href)
    return pages


def root_page(version: str, *, how: Redirects) -> str:
    return how.template.render(href=f"{version}/")
