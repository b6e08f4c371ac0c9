"""Keep template syntax inside Markdown code literal.

Pages are rendered as Jinja templates before Markdown; an example such as
`{{ checklist("before") }}` in a code block must show as written, not run.
"""

import re

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
