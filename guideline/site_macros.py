"""The macros a page can call, independent of the site generator that calls them."""

from pathlib import Path
from typing import Callable

from . import charts, checklists, data, printing, tasks
from .errors import DataError
from .pages import DocsIndex


class SiteMacros:
    """Renders data for the page being built; `current_page` tells which page that is."""

    def __init__(self, docs_dir: Path, *, current_page: Callable[[], str]):
        self.docs_dir = Path(docs_dir)
        self.docs = DocsIndex(docs_dir)
        self.data = data.load_all(docs_dir)
        self.current_page = current_page

    def _data(self, kind: str):
        if kind not in self.data:
            raise DataError([f"{self.docs_dir.name}/{data.DATA_DIR}/{kind}.yml: ファイルがありません"
                             f"（{self.current_page()} で使われています）"])
        return self.data[kind]

    def _checklist(self, checklist_id: str) -> dict:
        known = self._data("checklists")["checklists"]
        for checklist in known:
            if checklist["id"] == checklist_id:
                return checklist
        ids = ", ".join(checklist["id"] for checklist in known)
        raise DataError([f"{self.current_page()}: checklist('{checklist_id}'): "
                         f"その ID のチェックリストはありません（あるもの: {ids}）"])

    def checklist(self, checklist_id: str) -> str:
        return checklists.render_checklist(self._checklist(checklist_id),
                                           page=self.current_page(), docs=self.docs)

    def all_checklists(self) -> str:
        return "\n".join(checklists.render_checklist_section(checklist, page=self.current_page(),
                                                             docs=self.docs)
                         for checklist in self._data("checklists")["checklists"])

    def task_table(self) -> str:
        return tasks.render_task_table(self._data("tasks"), page=self.current_page(), docs=self.docs)

    def survey_chart(self) -> str:
        return charts.render_survey(self._data("survey"))

    def timeline(self) -> str:
        return charts.render_timeline(self._data("timeline"))

    def whole_guideline(self) -> str:
        """Markdown of every chapter; still holds macro calls, so render it again."""
        return printing.whole_guideline(self.docs_dir / "guideline")

    def exported(self) -> dict:
        return {name: getattr(self, name) for name in (
            "checklist", "all_checklists", "task_table", "survey_chart", "timeline")}
