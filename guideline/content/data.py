"""The data files under docs/data: loaded, checked against their schema, cross-checked.

Every problem is collected (an editor fixes them all in one go) and reported as
"docs/data/file.yml:LINE: where: message".
"""

from pathlib import Path

from guideline.content import schema as s
from guideline.content import terms
from guideline.content.pages import DocsIndex
from guideline.content.yamldoc import Document, load
from guideline.errors import DataError
from guideline.layout import DATA
from guideline.suggest import hint

DATA_DIR = DATA

CHECKLISTS = {"checklists": [{
    "id": s.identifier,
    "title": s.line,
    "audience": s.line,
    "items": [{"text": s.line, "link?": s.docs_link, "unconfirmed?": s.question}],
}]}

TASKS = {
    "places": [{"id": s.name, "label": s.line}],
    "tasks": [{
        "id": s.identifier,
        "category": s.line,
        "suitable": lambda v: None if isinstance(v, bool) else "true か false を書いてください",
        "examples?": [s.line],
        "where": [s.text],
        "note?": s.line,
        "link?": s.docs_link,
        "unconfirmed?": s.question_or_fields,
    }],
}

# The cells of a task row that a 要確認 mark can name (besides each place's id).
TASK_FIELDS = ("category", "examples", "where", "note")

SURVEY = {
    "title": s.line,
    "respondents": s.count,
    "answers": [{"label": s.line, "percent": s.percent}],
    "findings?": [s.line],
    "source?": s.line,
}

TIMELINE = {
    "title": s.line,
    "entries": [{
        "when": s.line,
        "environment?": s.line,
        "initiative?": s.line,
        "decision?": s.line,
    }],
}


def _check_links(doc: Document, docs: DocsIndex, items, where):
    for position, item in enumerate(items):
        if "link" in item:
            problem = docs.link_problem(item["link"])
            if problem and "#" in item["link"] and docs.exists(item["link"].partition("#")[0]):
                page, _, anchor = item["link"].partition("#")
                problem += hint(anchor, docs.sections(page))
            if problem:
                yield doc.problem(where + (position, "link"), problem)


def _check_unique(doc: Document, entries, key, where):
    seen: dict[str, int] = {}
    for position, entry in enumerate(entries):
        value = entry[key]
        if value in seen:
            yield doc.problem(where + (position, key),
                              f"'{value}' は {where[-1]}[{seen[value]}].{key} と重複しています")
        seen.setdefault(value, position)


def check_checklists(doc: Document, docs: DocsIndex):
    lists = doc.data["checklists"]
    yield from _check_unique(doc, lists, "id", ("checklists",))
    for position, checklist in enumerate(lists):
        yield from _check_links(doc, docs, checklist["items"], ("checklists", position, "items"))


def check_tasks(doc: Document, docs: DocsIndex):
    places = [place["id"] for place in doc.data["places"]]
    yield from _check_unique(doc, doc.data["places"], "id", ("places",))
    yield from _check_unique(doc, doc.data["tasks"], "id", ("tasks",))
    yield from _check_links(doc, docs, doc.data["tasks"], ("tasks",))
    for position, task in enumerate(doc.data["tasks"]):
        for slot, place in enumerate(task["where"]):
            if place not in places:
                yield doc.problem(("tasks", position, "where", slot),
                                  f"'{place}' は places にない場所です（使える場所: {', '.join(places)}）")
        marked = task.get("unconfirmed")
        for field in marked if isinstance(marked, dict) else ():
            if field not in TASK_FIELDS + tuple(places):
                yield doc.problem(("tasks", position, "unconfirmed", field),
                                  f"'{field}' という欄はありません（使える欄: {', '.join(TASK_FIELDS + tuple(places))}）")


def check_survey(doc: Document, docs: DocsIndex):
    total = sum(answer["percent"] for answer in doc.data["answers"])
    if abs(total - 100) > 0.05:
        yield doc.problem(("answers",), f"割合の合計が 100 ではなく {total:g} です")


def check_timeline(doc: Document, docs: DocsIndex):
    for position, entry in enumerate(doc.data["entries"]):
        if not {"environment", "initiative", "decision"} & entry.keys():
            yield doc.problem(("entries", position),
                              "environment・initiative・decision のどれか一つは書いてください")


KINDS = {
    "checklists": (CHECKLISTS, check_checklists),
    "tasks": (TASKS, check_tasks),
    "survey": (SURVEY, check_survey),
    "timeline": (TIMELINE, check_timeline),
    "terms": (terms.TERMS, terms.check_terms),
}


def load_one(docs_dir: Path, kind: str, *, docs: DocsIndex | None = None) -> Document:
    shape, cross_check = KINDS[kind]
    name = f"{Path(docs_dir).name}/{DATA_DIR}/{kind}.yml"
    doc = load(Path(docs_dir) / DATA_DIR / f"{kind}.yml", name=name)
    problems = [doc.problem(where, message) for where, message in s.validate(doc.data, shape)]
    if not problems:
        problems = list(cross_check(doc, docs or DocsIndex(docs_dir)))
    if problems:
        raise DataError(problems)
    return doc


def load_all(docs_dir: Path) -> dict:
    """Every data file present in docs/data, validated; all problems raised together."""
    docs = DocsIndex(docs_dir)
    loaded, problems = {}, []
    for kind in KINDS:
        if not (Path(docs_dir) / DATA_DIR / f"{kind}.yml").exists():
            continue
        try:
            loaded[kind] = load_one(docs_dir, kind, docs=docs).data
        except DataError as error:
            problems += error.problems
    if problems:
        raise DataError(problems)
    return loaded


def load_terms(docs_dir: Path) -> list:
    """The entries of docs/data/terms.yml, validated (a DataError lists every problem)."""
    return load_one(docs_dir, "terms").data["terms"]
