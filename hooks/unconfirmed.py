"""Build hook: the 「要確認」 marks (see guideline.render.marks): a label on each marked
provision, and the edition's 確認事項一覧 page with its CSV file."""

from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from guideline.content.pages import DocsIndex
from guideline.content.unconfirmed import ABOUT, LIST_PAGE, TABLE
from guideline.errors import GuidelineError
from guideline.render.marks import edition_marks, label_marks, render_csv, render_list_page


def on_files(files: Files, config) -> Files:
    docs_dir = Path(config["docs_dir"])
    try:
        marks = edition_marks(docs_dir)
    except GuidelineError as error:
        raise PluginError(str(error)) from None
    docs = DocsIndex(docs_dir)
    pages = {LIST_PAGE: render_list_page(marks, docs=docs, table=f"../{TABLE}"),
             TABLE: render_csv(marks, docs=docs, base="")}
    for path, content in pages.items():
        if files.get_file_from_path(path) is None:
            files.append(File.generated(config, path, content=content))
    return files


def on_page_content(html, page, config, files):
    if page.file.src_uri in (LIST_PAGE, ABOUT):
        # about the text, not the rules: search answers with the provisions themselves
        return f'<div data-pagefind-ignore="all">{html}</div>'
    return label_marks(html, page=page.file.src_uri)
