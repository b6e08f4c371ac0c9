"""Text that must read as written in a page, through both steps that render one.

Pages are rendered as Jinja templates, then as Markdown. Template syntax inside code (an
example such as `{{ checklist("before") }}`) is kept from Jinja; text from data (a title, a
checklist item) is kept from Markdown and HTML, never read as markup or links.
"""

import re

from markupsafe import Markup

from guideline.content.markdown_lines import CLOSING, code_spans, scan

TEMPLATE_MARK = re.compile(r"\{[{%#]")
RAW_END = "{% endraw %}"


def literal(text: str) -> str:
    """`text` wrapped so Jinja outputs it unchanged."""
    if not TEMPLATE_MARK.search(text):
        return text
    safe = text.replace(RAW_END, "{% endraw %}{{ '" + RAW_END + "' }}{% raw %}")
    return "{% raw %}" + safe + RAW_END


def protect_code(markdown: str) -> str:
    """Fenced blocks whole, and code spans, made literal; prose left for the template."""
    out: list[str] = []
    block: list[str] = []
    for line in scan(markdown):
        if line.prose:
            out += [literal(piece) if code else piece for piece, code in code_spans(line.text)]
            out.append(line.ending)
            continue
        block.append(line.text + line.ending)
        if line.fence == CLOSING:
            out.append(literal("".join(block)))
            block = []
    if block:  # an unclosed fence runs to the end, as in Markdown
        out.append(literal("".join(block)))
    return "".join(out)


# Characters that start Markdown or HTML constructs (links, images, emphasis, attribute lists,
# tags, templates); those of HTML as markupsafe writes them.
SPECIAL = frozenset("\\`*_{}[]#!|~")
HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"}


def markdown_text(text: str) -> str:
    """`text` with every special character as a character reference, which Markdown leaves alone."""
    return "".join(HTML.get(char) or (f"&#{ord(char)};" if char in SPECIAL else char) for char in text)


def as_text(value):
    """Jinja's `finalize` for the templates of Markdown pages: every text a template shows
    (a title, a summary) reads as written, in Markdown and in HTML alike; markup the
    program made (Markup) passes as it is."""
    if isinstance(value, str) and not isinstance(value, Markup):
        return Markup(markdown_text(value))
    return value
