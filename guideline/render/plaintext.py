"""Text from data placed into Markdown: shown as written, never read as markup or links."""

from markupsafe import Markup

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
