"""Build hook: which edition is being built, its banners, and its 改訂履歴 page."""

import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from guideline.editions import load_manifest
from guideline.errors import GuidelineError
from guideline.revisions import PAGE, render_revision_history

EDITION_VARIABLE = "GUIDELINE_EDITION"
_build = {}


def on_config(config):
    try:
        manifest = load_manifest(Path(config.config_file_path).parent)
        default = next((e.id for e in manifest.editions if e.is_draft), manifest.latest.id)
        edition = manifest.get(os.environ.get(EDITION_VARIABLE, default))
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    _build.update(manifest=manifest, edition=edition)
    config.extra["edition"] = {
        "id": edition.id, "title": edition.title, "status": edition.status,
        "status_label": edition.status_label, "date": edition.date,
    }
    return config


def on_files(files, config):
    content = render_revision_history(_build["manifest"], _build["edition"])
    files.append(File.generated(config, PAGE, content=content))
    return files
