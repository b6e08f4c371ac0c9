"""The macros a page can call, independent of the site generator that calls them."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from guideline.content import data
from guideline.content.pages import DocsIndex
from guideline.errors import DataError
from guideline.layout import CHAPTERS
from guideline.render import printing
from guideline.render.blocks import BLOCKS, Block, Context, check_argument


class SiteMacros:
    """Renders data for the page being built; `current_page` tells which page that is."""

    def __init__(self, docs_dir: Path, *, current_page: Callable[[], str]):
        self.docs_dir = Path(docs_dir)
        self.docs = DocsIndex(docs_dir)
        self.data = data.load_all(docs_dir)
        self.current_page = current_page

    def _data(self, kind: str) -> Any:
        if kind not in self.data:
            raise DataError([f"{self.docs_dir.name}/{data.DATA_DIR}/{kind}.yml: ファイルがありません"
                             f"（{self.current_page()} で使われています）"])
        return self.data[kind]

    def render(self, block: Block, argument: str | None = None) -> str:
        """`block` as HTML on the current page."""
        page = self.current_page()
        check_argument(block, argument, page=page)
        return block.html(self._data(block.kind), Context(page=page, docs=self.docs), argument)

    def whole_guideline(self) -> str:
        """Markdown of every chapter; still holds macro calls, so render it again."""
        return printing.whole_guideline(self.docs_dir / CHAPTERS)

    def exported(self) -> dict[str, Callable[..., str]]:
        """Each block's macro, by name."""
        return {name: self._macro(block) for name, block in BLOCKS.items()}

    def _macro(self, block: Block) -> Callable[..., str]:
        def macro(argument: str | None = None) -> str:
            return self.render(block, argument)
        macro.__name__ = block.name
        return macro
