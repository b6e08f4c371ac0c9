"""The site navigation of one edition: only the pages that edition has.

mkdocs.yml lists the pages of the working text; an older edition built with it lacks the
pages added since (e.g. 「この文書について」), and a nav entry without its page fails the
strict build.
"""


def prune(nav: list, *, exists) -> list:
    """`nav` without the entries whose page `exists(path)` says is missing; empty sections go too."""
    kept: list = []  # page paths, and {title: section} entries
    for item in nav:
        if isinstance(item, str):
            if _is_page(item) and not exists(item):
                continue
            kept.append(item)
            continue
        [(title, value)] = item.items()
        if isinstance(value, list):
            value = prune(value, exists=exists)
            if not value:
                continue
        elif _is_page(value) and not exists(value):
            continue
        kept.append({title: value})
    return kept


def _is_page(path: str) -> bool:
    return not path.startswith(("http://", "https://", "/")) and path.endswith(".md")
