"""Text from the manifest inside CSS (page headers): always a quoted string, never markup."""


def css_string(text: str) -> str:
    """A CSS string literal: anything but plain letters is escaped, so `"`, `\\` or `</style>`
    in an edition's title stays text."""
    return '"' + "".join(char if char.isalnum() or char in " 　（）・、。：／" else f"\\{ord(char):x} "
                         for char in text) + '"'
