"""Template syntax inside code stays as written; macros outside code still run."""

import jinja2
import pytest

from guideline.render.literal import protect_code


def render(markdown: str) -> str:
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    return env.from_string(protect_code(markdown)).render(answer=42)


def test_fenced_code_is_left_alone():
    markdown = "前\n\n```yaml\nkey: {{ not_defined }}\n{% if x %}\n```\n\n後 {{ answer }}\n"
    assert render(markdown) == "前\n\n```yaml\nkey: {{ not_defined }}\n{% if x %}\n```\n\n後 42"


def test_tilde_fence_and_longer_fence():
    markdown = "~~~\n{{ a }}\n~~~\n````\n```\n{{ b }}\n```\n````\n"
    assert render(markdown) == markdown


def test_inline_code_is_left_alone():
    assert render("書き方は `{{ checklist(\"before\") }}` です。{{ answer }}") == \
        "書き方は `{{ checklist(\"before\") }}` です。42"


def test_code_that_mentions_endraw_survives():
    markdown = "```\n{% raw %}{{ x }}{% endraw %}\n```"
    assert render(markdown) == markdown


def test_unclosed_fence_runs_to_the_end():
    assert render("```\n{{ x }}\n") == "```\n{{ x }}\n"


def test_macros_outside_code_still_fail_when_undefined():
    with pytest.raises(jinja2.UndefinedError):
        render("{{ missing }}")
