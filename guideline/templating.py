"""Keep template syntax inside Markdown code literal.

Pages are rendered as Jinja templates before Markdown; an example such as
`{{ checklist("before") }}` in a code block must show as written, not run.
"""

import re

FENCE_OPEN = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
TEMPLATE_MARK = re.compile(r"\{[{%#]")
RAW_END = "{% endraw %}"


def literal(text: str) -> str:
    """`text` wrapped so Jinja outputs it unchanged."""
    if not TEMPLATE_MARK.search(text):
        return text
    safe = text.replace(RAW_END, "{% endraw %}{{ '" + RAW_END + "' }}{% raw %}")
    return "{% raw %}" + safe + RAW_END


def protect_code(markdown: str) -> str:
    out, block, fence = [], [], None
    for line in markdown.splitlines(keepends=True):
        if fence is None:
            opening = FENCE_OPEN.match(line)
            if opening:
                fence = opening.group("fence")
                block = [line]
            else:
                out.append(CODE_SPAN.sub(lambda m: literal(m.group(0)), line))
            continue
        block.append(line)
        if line.strip().startswith(fence[0] * len(fence)) and not line.strip().strip(fence[0]):
            out.append(literal("".join(block)))
            fence = None
    if fence is not None:  # an unclosed fence runs to the end, as in Markdown
        out.append(literal("".join(block)))
    return "".join(out)
