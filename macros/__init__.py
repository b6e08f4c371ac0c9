"""mkdocs-macros glue: registers the guideline's macros. The logic lives in `guideline`."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError

from guideline.errors import GuidelineError
from guideline.render import edition_facts, marks
from guideline.render.literal import literal, protect_code
from guideline.render.site_macros import SiteMacros


def define_env(env: Any) -> None:  # env: mkdocs_macros' MacrosPlugin (untyped)
    try:
        macros = SiteMacros(env.conf["docs_dir"], current_page=lambda: env.page.file.src_uri)
    except GuidelineError as error:
        raise PluginError(f"データに誤りがあります:\n{error}") from None
    for name, function in macros.exported().items():
        env.macro(_reporting(function), name)
    project_dir = Path(env.conf.config_file_path).parent

    def edition_id() -> str:
        return env.conf["extra"]["edition"]["id"]
    docs_dir = Path(env.conf["docs_dir"])
    for name, function in edition_facts.page_macros(project_dir, edition_id=edition_id,
                                                       mark_count=lambda: len(marks.edition_marks(docs_dir))).items():
        env.macro(_reporting(function), name)

    def whole_guideline() -> str:
        return env.render(protect_code(macros.whole_guideline()), force_rendering=True)
    env.macro(_reporting(whole_guideline), "whole_guideline")


def _reporting(function: Callable[..., str]) -> Callable[..., str]:
    """Macro errors stop the build (on_error_fail); show the editor's message, not a trace."""
    def call(*args: Any, **kwargs: Any) -> str:
        try:
            return function(*args, **kwargs)
        except GuidelineError as error:
            raise PluginError(str(error)) from None
    return call


def on_pre_page_macros(env: Any) -> None:
    if env.page.file.generated_by is not None:
        # Pages made from data (改訂履歴, 改訂内容) quote text, code examples included: never run it.
        env.markdown = literal(env.markdown)
    else:
        env.markdown = protect_code(env.markdown)
