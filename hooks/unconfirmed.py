"""Build hook: the 「要確認」 label on provisions marked `{ .unconfirmed }` (see guideline.content.unconfirmed)."""

from guideline.content.pages import relative_href
from guideline.content.unconfirmed import ABOUT, ABOUT_ANCHOR, label_marks


def on_page_content(html, page, config, files):
    return label_marks(html, about_href=relative_href(page.file.src_uri, ABOUT, ABOUT_ANCHOR))
