"""HTML from Jinja templates with autoescaping: the one way the render layer writes markup.

Text from data is escaped once, in the template; nothing it holds becomes markup.
"""

from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from guideline.render.literal import as_text

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=False)


@lru_cache(maxsize=1)
def markdown_environment() -> Environment:
    """For templates of Markdown pages: every text they show reads as written (`as_text`)."""
    return Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                       keep_trailing_newline=True, finalize=as_text)


def render_markdown(template: str, **values) -> Markup:
    return Markup(markdown_environment().get_template(template).render(**values))  # noqa: S704 (autoescaped)


def render(template: str, **values) -> Markup:
    return Markup(environment().get_template(template).render(**values))  # noqa: S704 (autoescaped)
