"""Text from data placed into Markdown: shown as written, never read as markup or links."""

# Characters that start Markdown or HTML constructs (links, emphasis, attribute lists, tags).
SPECIAL = frozenset("\\`*_{}[]()#!|~<>&\"'")


def markdown_text(text: str) -> str:
    """`text` with every special character as a numeric reference, which Markdown leaves alone."""
    return "".join(f"&#{ord(char)};" if char in SPECIAL else char for char in text)
