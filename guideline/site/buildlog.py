"""The site generator's log, read once: every problem as a Japanese `file:line: message`.

`guideline build`, `guideline check` and the preview all read the log here. The log is
English text from MkDocs and the macro plugin; the records this module knows are turned
into an editor's message at the file and line at fault, each problem once. Links and ids
of the pages are the pages model's to report (`content.links`): the log's word on them is
used only where the model has not spoken (a page the build makes, a link it did not see).
"""

import re
from dataclasses import dataclass
from pathlib import Path

from guideline.content.markdown_lines import first_line
from guideline.layout import DOCS, PRINT_PAGE
from guideline.suggest import nearest

ANSI = re.compile(r"\x1b\[[0-9;]*m")
HEADER = re.compile(r"^(?P<level>INFO|DEBUG|WARNING|ERROR|CRITICAL)\s+-\s+(?P<text>.*)$")
LINK = re.compile(r"Doc file '(?P<file>[^']+)' contains (?:a link|an absolute link|an unrecognized relative link|"
                  r"a link to) '(?P<link>[^']+)'(?P<rest>.*)")
MACRO_FILE = re.compile(r"_File_: `(?P<file>[^`]+)`")
MACRO_SYNTAX = re.compile(r"_Line (?P<line>\d+) in Markdown file:_ \*\*(?P<message>.*)\*\*")
MACRO_ERROR = re.compile(r"^_(?P<kind>\w+(?:Error|Exception))_: (?P<message>.*)$", re.MULTILINE)
TEMPLATE_LINE = re.compile(r'File "<template>", line (?P<line>\d+)')
MACROS_DEFINED = re.compile(r"\[macros\] - Config macros: \[(?P<names>[^\]]*)\]")
LOCATED = re.compile(r"^[^\s:]+\.(?:ya?ml|md|json|html|py):\d*:? ")
ABORTED = re.compile(r"^Aborted with (?:(?P<count>\d+) warnings? in strict mode|a \w+)!$")
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n.*?\n(?:\.{3}|-{3})[ \t]*\n\n*", re.DOTALL)


@dataclass(frozen=True)
class Record:
    level: str
    text: str  # the first line and the lines that belong to it


def records(log: str) -> list:
    """The log's records: a level line and its continuation lines (tracebacks, details)."""
    found: list = []
    for row in ANSI.sub("", log).splitlines():
        header = HEADER.match(row)
        if header:
            found.append(Record(header.group("level"), header.group("text")))
        elif found:
            found[-1] = Record(found[-1].level, found[-1].text + "\n" + row)
        elif row.strip():
            found.append(Record("ERROR", row))
    return found


def problems(log: str, *, project_dir: Path | None = None, reported=()) -> list:
    """Each problem of a failed build once, as `file:line: message` in Japanese; the links of
    `reported` (page problems already shown) are not repeated."""
    reader = _Reader(project_dir, _macro_names(log), reported=reported)
    seen, result = set(), []
    for record in records(log):
        if record.level in ("INFO", "DEBUG"):
            continue
        for problem in reader.read(record):
            if problem not in seen:
                seen.add(problem)
                result.append(problem)
    return result


def _macro_names(log: str) -> list:
    found = MACROS_DEFINED.search(ANSI.sub("", log))
    return re.findall(r"'([^']+)'", found.group("names")) if found else []


def aborted(text: str, *, shown: int | None = None) -> str | None:
    """MkDocs's closing line, in Japanese; None if `text` is not that line. `shown`: how many
    problems the editor was shown (MkDocs counts the ones left out as repeats, too)."""
    found = ABORTED.match(text.strip())
    if not found:
        return None
    count = found.group("count") if shown is None else (str(shown) if shown else None)
    return f"{count} 件の警告があるため、組み立てを中止しました" if count else "誤りがあるため、組み立てを中止しました"


class _Reader:
    def __init__(self, project_dir: Path | None, macros: list, *, reported=()):
        self.project_dir = Path(project_dir) if project_dir else None
        self.macros = [name for name in macros if name not in ("context", "macros_info", "now", "fix_url")]
        self.reported = {(problem.page, problem.link) for problem in reported if problem.link}

    def read(self, record: Record) -> list:
        text = record.text
        if aborted(text.splitlines()[0]) or "The server will appear stuck" in text:
            return []
        link = LINK.search(text)
        if link:
            return self._link(link)
        if "[macros] - ERROR" in text or MACRO_FILE.search(text):
            return [self._macro(text)]
        return self._other(record)

    # Links and anchors

    def _link(self, match) -> list:
        """A link the pages model has not reported: a page the build makes, or one it missed."""
        page, link, rest = match.group("file"), match.group("link"), match.group("rest")
        if (page, link) in self.reported:
            return []
        line = self._line_of(page, f"({link}") or self._line_of(page, link)
        if page == PRINT_PAGE and line is None:
            return []  # the print page repeats the chapters: their links are reported there
        if "does not contain an anchor" in rest or "no such anchor" in rest:
            reason = "リンク先の見出し（アンカー）がありません"
        elif "not found among documentation files" in rest:
            reason = "リンク先のページがありません（docs/ からの相対パスを確かめてください）"
        else:
            reason = "リンクを確かめてください"
        if self.project_dir is not None and not (self.project_dir / DOCS / page).is_file():
            return [f"{DOCS}/{page}（組み立てで作るページ）: {reason}: {link}。仕組みの誤りです。"
                    "デジタル市役所担当に知らせてください"]
        return [f"{_place(page, line)}: {reason}: {link}"]

    def _line_of(self, page: str, needle: str) -> int | None:
        """The first prose line holding `needle`: code only shows links, never follows them."""
        found = first_line(self._source(page), lambda text: needle in text)
        return found.number if found else None

    def _source(self, page: str) -> str:
        if self.project_dir is None:
            return ""
        path = self.project_dir / DOCS / page
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return ""

    # Macros (Jinja templates in pages)

    def _macro(self, text: str) -> str:
        file = MACRO_FILE.search(text)
        page = file.group("file") if file else None
        syntax = MACRO_SYNTAX.search(text)
        line: int | None
        if syntax:
            line, message = int(syntax.group("line")), _syntax_message(syntax.group("message"))
        else:
            error = MACRO_ERROR.search(text)
            kind, said = (error.group("kind"), error.group("message")) if error else ("Error", text)
            template_line = TEMPLATE_LINE.search(text)
            line = int(template_line.group("line")) if template_line else None
            message = self._rendering_message(kind, said, page)
        if page is None:
            return f"マクロの誤り: {message}"
        line = (line + self._front_matter_lines(page)) if line else self._macro_line(page, message)
        return f"{_place(page, line)}: {message}"

    def _front_matter_lines(self, page: str) -> int:
        found = FRONT_MATTER.match(self._source(page))
        return found.group(0).count("\n") if found else 0

    def _macro_line(self, page: str, message: str) -> int | None:
        name = re.search(r"(\w+)\(\)|'([^']+)'", message)
        if not name:
            return None
        needle = name.group(1) or name.group(2)
        found = first_line(self._source(page), lambda text: "{{" in text and needle in text)
        return found.number if found else None

    def _rendering_message(self, kind: str, said: str, page: str | None) -> str:
        said = said.strip()
        if kind == "PluginError":  # the guideline's own message, already in Japanese
            return re.sub(rf"^{re.escape(page)}: ", "", said) if page else said
        undefined = re.match(r"'([^']+)' is undefined", said)
        if undefined:
            name = undefined.group(1)
            known = nearest(name, self.macros)
            known_text = f"（使えるマクロ: {', '.join(known)}）" if known else ""
            return f"{name} という名前のマクロや変数はありません{known_text}"
        attribute = re.search(r"has no attribute '([^']+)'", said)
        if attribute:
            return f"{attribute.group(1)} という項目はありません（マクロの中の名前を確かめてください）"
        arguments = _argument_message(said)
        if arguments:
            return arguments
        return f"マクロを実行できませんでした（{kind}: {said}）"

    # Everything else: messages that already name their file, configuration errors

    def _other(self, record: Record) -> list:
        rows = [row.strip() for row in record.text.splitlines() if row.strip()]
        located = [row for row in rows if LOCATED.match(row)]
        if located:
            return located
        text = " ".join(rows)
        if text.startswith(("Config value", "Error reading", "Aborted with")) or "mkdocs.yml" in text:
            return [f"mkdocs.yml: 設定の誤り: {text}"]
        return [f"サイトを組み立てられませんでした: {text}"]


def _place(page: str, line: int | None) -> str:
    """docs/page.md:LINE, or the page alone when the line is not known."""
    return f"{DOCS}/{page}:{line}" if line else f"{DOCS}/{page}"


def _syntax_message(said: str) -> str:
    known = {
        "unexpected '}'": "「}}」の片方が足りないか、「}」が余分です",
        "unexpected end of template": "「{{」や「{%」が閉じていません",
        "unexpected char": "「{{ }}」の中に使えない文字があります",
    }
    for english, japanese in known.items():
        if said.startswith(english):
            return f"マクロ（{{{{ … }}}}）の書き方に誤りがあります: {japanese}"
    return f"マクロ（{{{{ … }}}}）の書き方に誤りがあります（{said}）"


def _argument_message(said: str) -> str | None:
    name = re.search(r"(?:\w+\.)?(\w+)\(\)", said)
    if not name:
        return None
    macro = name.group(1)
    if "positional argument" in said and ("were given" in said or "was given" in said):
        return f"マクロ {macro}() に渡す値の数が違います"
    missing = re.search(r"missing \d+ required (?:positional |keyword-only )?arguments?: (.*)$", said)
    if missing:
        return f"マクロ {macro}() に必要な値 {missing.group(1).replace(chr(39), '')} がありません"
    keyword = re.search(r"unexpected keyword argument '([^']+)'", said)
    if keyword:
        return f"マクロ {macro}() に {keyword.group(1)} という引数はありません"
    return None


# The preview (`mkdocs serve`): the same reading, line by line as the log arrives.

BUILDING = re.compile(r"^Building documentation\.\.\.$")
SERVE_LINES = (
    (BUILDING, "サイトを組み立てています…"),
    (re.compile(r"^Documentation built in (?P<s>[\d.]+) seconds$"), "組み立てました（{s} 秒）"),
    (re.compile(r"^\[[\d:]+\] Serving on (?P<url>\S+)$"), "{url} で表示しています（終了は Ctrl+C）"),
    (re.compile(r"^\[[\d:]+\] Detected file changes$"), "変更を見つけました。組み立て直します…"),
    (re.compile(r"^(?:\[[\d:]+\] )?(?:An error happened during the rebuild\. )?"
                r"The server will appear stuck until build errors are resolved\.?$"),
     "誤りを直して保存するまで、ブラウザーの表示は更新されません"),
)
# The preview has no search index and no edition list: their 404s are expected, not problems.
EXPECTED_404 = re.compile(r'"GET \S*(?:versions\.json|pagefind)\S* HTTP/[\d.]+" code 404')
PORT_IN_USE = "Address already in use"


def port_in_use(address: str, *, free: int | None = None) -> str:
    """The message for a port another program holds, with how to choose another (`free`, if known)."""
    host, _, port = address.rpartition(":")
    other = free or (int(port) + 1 if port.isdigit() else 8001)
    return (f"ポート {port}（{address}）はほかのプログラムが使っているため、表示できません。"
            f"`make preview PORT={other}` のように別の番号を選ぶか（http://{host}:{other}/ で開きます）、"
            "そのポートを使っているプログラムを終了してください")


class Stream:
    """Lines of a running `mkdocs serve` in, the editor's lines out.

    At each build the pages model's problems (`pages`, a function: ids given twice, links
    leading nowhere) are shown first; the log's word on the same links is then left out,
    and the closing line counts what the editor was actually shown."""

    def __init__(self, project_dir: Path | None, *, pages=None, address: str = ""):
        self.reader = _Reader(project_dir, [])
        self.pages = pages
        self.address = address
        self.pending: Record | None = None
        self.shown = 0           # problems shown since the build began
        self.unclaimed: list = []  # the last lines that belonged to no record (a crash's traceback)

    def feed(self, row: str) -> list:
        row = ANSI.sub("", row.rstrip("\n"))
        if PORT_IN_USE in row:
            return self.flush() + [port_in_use(self.address or "127.0.0.1:8000")]
        header = HEADER.match(row)
        if header:
            shown = self.flush()
            self.pending = Record(header.group("level"), header.group("text"))
            if not _continues(self.pending):  # shown at once: the server may say nothing more for a while
                shown += self.flush()
            return shown
        if ABORTED.match(row.strip()) or _serve_line(row):
            flushed = self.flush()  # first: the closing line counts the problems it holds
            return flushed + [aborted(row, shown=self.shown) or _serve_line(row) or row]
        if self.pending and row.strip():
            self.pending = Record(self.pending.level, self.pending.text + "\n" + row)
        elif row.strip():
            self.unclaimed = (self.unclaimed + [row.strip()])[-5:]
        return []

    def flush(self) -> list:
        record, self.pending = self.pending, None
        if record is None:
            return []
        if "[macros] - Config macros:" in record.text:
            self.reader.macros = _macro_names(record.text)
        serve = _serve_line(record.text)
        if serve:
            return [serve] + (self._build_began() if BUILDING.match(record.text.strip()) else [])
        if record.level in ("INFO", "DEBUG") or EXPECTED_404.search(record.text):
            return []
        found = self.reader.read(record)
        self.shown += len(found)
        return found

    def _build_began(self) -> list:
        self.shown = 0
        found = self.pages() if self.pages else []
        self.reader.reported = {(problem.page, problem.link) for problem in found if problem.link}
        self.shown = len(found)
        return [problem.shown(DOCS) for problem in found]


def _continues(record: Record) -> bool:
    """Whether lines that follow belong to this record (the macro plugin's report, a list of problems)."""
    return "[macros] - ERROR" in record.text or record.text.rstrip().endswith(":")


def _serve_line(text: str) -> str | None:
    for pattern, japanese in SERVE_LINES:
        found = pattern.match(text.strip())
        if found:
            return japanese.format(**found.groupdict())
    return None
