"""Whose the documents are: the guideline's name and who issues it, as the files say.

Both come from mkdocs.yml (`site_name`, `extra.issuer`), the settings the site is built
with; GUIDELINE_ISSUER overrides the issuer (a department renamed before the file is).
They go on the edition PDF's cover and into the PDF and Word files' properties.
"""

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from guideline.layout import GUIDELINE_NAME

ISSUER_VARIABLE = "GUIDELINE_ISSUER"
SETTINGS = "mkdocs.yml"
DEFAULT_NAME = GUIDELINE_NAME
DEFAULT_ISSUER = "松本市 DX推進本部"  # the guideline's 問合せ先 (docs/index.md)


@dataclass(frozen=True)
class Imprint:
    name: str    # the guideline's name, 松本市テレワークガイドライン
    issuer: str  # who issues it, 松本市 DX推進本部; empty: the files name no one


DEFAULT_IMPRINT = Imprint(name=DEFAULT_NAME, issuer=DEFAULT_ISSUER)


def imprint(settings: Mapping, *, environ: Mapping[str, str] = os.environ) -> Imprint:
    """The imprint from mkdocs settings (`site_name`, `extra.issuer`) and the environment."""
    extra = settings.get("extra") or {}
    issuer = environ.get(ISSUER_VARIABLE, extra.get("issuer", DEFAULT_ISSUER))
    return Imprint(name=str(settings.get("site_name") or DEFAULT_NAME), issuer=str(issuer or "").strip())


def read_imprint(project_dir: Path, *, environ: Mapping[str, str] = os.environ) -> Imprint:
    """The imprint of the project in `project_dir`, read from its mkdocs.yml without mkdocs,
    as its builds read it (their `!ENV` settings from `environ`)."""
    path = Path(project_dir) / SETTINGS
    loader = type("Loader", (_SettingsLoader,), {"environ": environ})
    try:
        settings = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) if path.is_file() else {}
    except yaml.YAMLError:
        settings = {}  # the build reports a broken mkdocs.yml; a document keeps the defaults
    return imprint(settings if isinstance(settings, Mapping) else {}, environ=environ)


class _SettingsLoader(yaml.SafeLoader):
    """The safe loader, reading mkdocs' `!ENV` as mkdocs does and its other tags (`!relative`,
    Python names) as nothing: the two settings read here are plain text."""
    environ: Mapping[str, str] = os.environ


def _from_environment(loader: _SettingsLoader, node: yaml.Node):
    """`!ENV NAME` or `!ENV [NAME, …, default]`: the first variable set, its text read as YAML
    reads a plain value; else the default (the last item of a list of two or more), else nothing."""
    default, names = None, [node]
    if isinstance(node, yaml.SequenceNode):
        names = node.value[:-1] if len(node.value) > 1 else node.value
        default = loader.construct_object(node.value[-1]) if len(node.value) > 1 else None
    for name in (loader.construct_scalar(item) for item in names if isinstance(item, yaml.ScalarNode)):
        if name in loader.environ:
            value = loader.environ[name]
            return loader.construct_object(yaml.ScalarNode(loader.resolve(yaml.ScalarNode, value, (True, False)), value))
    return default


_SettingsLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_SettingsLoader.add_constructor("!ENV", _from_environment)
