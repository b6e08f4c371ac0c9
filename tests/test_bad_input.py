"""Hostile content: links to secrets, HTML that embeds files, markup in titles, odd characters.
Every case is refused with a Japanese message naming the file, or shown as plain text."""

import contextlib
import re
import shutil
import socket
import subprocess
import sys
import threading
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from tinysite import git, make_tiny_project

from guideline import symlinks
from guideline.compare.html import render_changes_page, render_pair_page, render_picker_page
from guideline.compare.pairing import compare_trees
from guideline.content import data, editions, raw_html
from guideline.content.yamldoc import BIDI_CONTROLS
from guideline.documents.chromium import PrintJob, Relabel, contained_file, print_chains, print_one, print_pdfs
from guideline.documents.edition_pdf import PRINT_PAGE, add_edition_pdf
from guideline.errors import DataError, GuidelineError
from guideline.publish.sources import open_source
from guideline.render.edition_facts import render_notice
from guideline.render.revisions import render_revision_history
from guideline.site.build import build_site
from guideline.site.check import check
from helpers import PROJECT, copy_project, pdf_pages

pytestmark = pytest.mark.faults
LINK_REFUSED = "リンク（シンボリックリンク）は原稿に使えません"
SECRET = "秘密の合言葉 TOPSECRET-7f3a"


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "secret.txt"
    path.write_text(SECRET + "\n", encoding="utf-8")
    return path


@pytest.fixture
def tiny(tmp_path):
    return make_tiny_project(tmp_path / "tiny")


# Symbolic links in the content: refused everywhere, by name.


@pytest.mark.build
def test_a_linked_page_is_refused_by_build_check_and_compare(tmp_path, secret):
    project = copy_project(tmp_path / "project")
    page = project / "docs/about.md"
    page.unlink()
    page.symlink_to(secret)
    with pytest.raises(GuidelineError, match=f"docs/about.md: {LINK_REFUSED}"):
        build_site(project_dir=project, site_dir=tmp_path / "site")
    assert not (tmp_path / "site").exists()
    problems, _ = check(project)
    assert problems == [f"docs/about.md: {LINK_REFUSED}。リンク先の内容をファイルとして置くか、リンクを消してください"]
    with pytest.raises(DataError, match="docs/about.md"), open_source("worktree", project_dir=project):
        pass


def test_a_linked_data_file_is_refused(tmp_path, secret):
    docs = tmp_path / "docs"
    (docs / "data").mkdir(parents=True)
    (docs / "data/terms.yml").symlink_to(secret)
    with pytest.raises(DataError, match=f"docs/data/terms.yml: {LINK_REFUSED}"):
        data.load_terms(docs)


def test_a_link_committed_in_an_edition_is_refused_in_japanese(tiny, secret):
    (tiny / "docs/about.md").symlink_to(secret)
    git(tiny, "add", "docs/about.md")
    git(tiny, "commit", "-q", "-m", "リンク")
    with pytest.raises(DataError) as refused, open_source("HEAD", project_dir=tiny):
        pass
    assert str(refused.value).startswith(f"docs/about.md: {LINK_REFUSED}")
    assert "AbsoluteLinkError" not in str(refused.value)


def test_publish_refuses_a_link_in_the_draft_by_name(tiny, secret):
    (tiny / "docs/about.md").symlink_to(secret)
    result = subprocess.run([str(Path(sys.executable).parent / "guideline"), "--project", str(tiny), "publish",
                             "--branch", "pages"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 1
    assert f"エラー: docs/about.md: {LINK_REFUSED}" in result.stderr
    assert "思いがけない" not in result.stderr and SECRET not in result.stdout + result.stderr
    assert git(tiny, "branch", "--list", "pages") == ""


def test_the_project_has_no_links_in_its_content():
    assert symlinks.symlinks(PROJECT / "docs") == []


# Raw HTML in a chapter, printed into the edition's PDF: it reads nothing but the edition.

ATTACKS = """
<iframe src="file://{secret}"></iframe>
<object data="file://{secret}" type="text/plain"></object>
<iframe src="../../../../config"></iframe>
<iframe src="/linked.txt"></iframe>
<iframe src="/%2e%2e/config"></iframe>
<img src="http://127.0.0.1:{port}/x.png">
<link rel="stylesheet" href="http://127.0.0.1:{port}/x.css">
<script>new WebSocket('ws://127.0.0.1:{port}/'); location.href = 'file://{secret}';</script>
"""


@pytest.fixture
def listener():
    """A local server that records every connection made to it."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    reached: list = []

    def accept():
        with contextlib.suppress(OSError):
            while True:
                connection, _ = server.accept()
                reached.append(connection.recv(200))
                connection.close()
    threading.Thread(target=accept, daemon=True).start()
    yield server.getsockname()[1], reached
    server.close()


@pytest.mark.browser  # Chromium prints the PDF
def test_the_edition_pdf_reads_nothing_but_the_editions_own_folder(tmp_path, secret, listener):
    port, reached = listener
    (tmp_path / "config").write_text("[remote] token=SECRET-CONFIG\n", encoding="utf-8")
    site = tmp_path / "edition" / "site"
    (site / "guideline/print").mkdir(parents=True)
    (site / "linked.txt").symlink_to(secret)
    (site / "own.txt").write_text("この版のファイル", encoding="utf-8")
    attacks = ATTACKS.format(secret=secret, port=port) + '<iframe src="/own.txt"></iframe>'
    (site / PRINT_PAGE).write_text(f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
                                   f"<body><h1>全文</h1><p>本文です。</p>{attacks}</body></html>", encoding="utf-8")
    assert add_edition_pdf(site, edition_id="x", edition_title="見出し", date="2021-03") == 1
    text = "".join(pdf_pages(site / "telework-guideline-x.pdf"))
    assert "本文です。" in text and "この版のファイル" in text  # the page and its own folder print
    assert SECRET not in text and "SECRET-CONFIG" not in text
    assert reached == []


def pdf_text(pdf: bytes) -> str:
    return "".join(pdf_pages(pdf))


@pytest.mark.browser  # Chromium prints the PDFs
def test_a_second_print_sets_its_numbers_as_plain_text_and_only_where_they_all_fit(tmp_path):
    """The second print of an edition PDF sets its 目次 numbers in the page as it stands. A number
    is text, never markup; where the page holds more or fewer than given, the page is loaded again
    from the job's own text. (The jobs' texts differ from the numbers set only to tell which was
    printed: in a publish they agree.)"""
    def page(numbers):
        spans = "".join(f'<p>第{i + 1}章 <span class="n">{n}</span></p>' for i, n in enumerate(numbers))
        return f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head><body>{spans}</body></html>'
    first = PrintJob(folder=tmp_path, page="p.html", html=page(["0", "0"]))
    set_in_place = PrintJob(folder=tmp_path, page="p.html", html=page(["読み直し", "読み直し"]),
                            relabel=Relabel(".n", ("7", "<b>9</b>")))
    too_many = PrintJob(folder=tmp_path, page="p.html", html=page(["読み直し", "読み直し"]),
                        relabel=Relabel(".n", ("1", "2", "3")))
    _, relabelled, reloaded = ("".join(pdf_text(pdf).split()) for pdf in print_pdfs([first, set_in_place, too_many]))
    assert "第1章7第2章<b>9</b>" in relabelled and "読み直し" not in relabelled
    assert reloaded.count("読み直し") == 2


@pytest.mark.browser  # Chromium prints the PDFs
def test_a_printed_text_reads_nothing_and_the_next_one_prints_as_if_alone(secret, listener):
    """The 新旧対照表 of a publish share one tab: what one leaves there must neither reach out nor
    reach the next."""
    port, reached = listener
    attacked = PrintJob.of_html(f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8">'
                                f'<meta http-equiv="refresh" content="0;url=file://{secret}"></head>'
                                f"<body><p>一つ目の新旧対照表です。</p>{ATTACKS.format(secret=secret, port=port)}"
                                "</body></html>")
    plain = PrintJob.of_html('<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
                             "<body><h1>二つ目</h1><p>次の新旧対照表です。</p></body></html>")
    first, second = print_pdfs([attacked, plain])
    assert "一つ目の新旧対照表です。" in pdf_text(first) and SECRET not in pdf_text(first)
    assert pdf_text(second) == pdf_text(print_one(plain)) and "一つ目" not in pdf_text(second)
    assert reached == []


def _paper(text: str) -> PrintJob:
    return PrintJob.of_html(f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
                            f"<body><p>{text}</p></body></html>")


@pytest.mark.browser  # Chromium prints the PDFs
def test_two_lanes_print_each_document_once_its_second_print_on_its_own_lane():
    """A publish prints two documents at a time. Each is printed once, with its own text, and
    the print a document asks for next comes out of the same lane (its tab still holds the page)."""
    printed: list = []

    def step(number: int):
        def handle(pdf: bytes):
            lane = threading.current_thread().name
            printed.append((str(number), lane, pdf_text(pdf)))
            if number % 2 == 0:
                return _paper(f"文書{number}の二度目"), lambda again: printed.append(
                    (f"{number}の二度目", threading.current_thread().name, pdf_text(again)))
            return None
        return _paper(f"文書{number}"), handle
    print_chains((step(number) for number in range(6)), lanes=2)
    texts = {name: text for name, _, text in printed}
    assert sorted(texts) == sorted([str(n) for n in range(6)] + [f"{n}の二度目" for n in (0, 2, 4)])
    assert all(texts[name] == f"文書{name}" for name in map(str, range(6)))
    lanes = {name: lane for name, lane, _ in printed}
    assert all(lanes[f"{n}の二度目"] == lanes[str(n)] for n in (0, 2, 4))
    assert len(set(lanes.values())) == 2


@pytest.mark.browser  # Chromium prints the PDFs
def test_a_failed_document_stops_every_lane_and_is_the_error_raised():
    taken: list = []

    def steps():
        for number in range(20):
            taken.append(number)
            yield _paper(f"文書{number}"), (lambda pdf: None) if number != 1 else _fail

    def _fail(pdf):
        raise GuidelineError("二つ目の文書を保存できませんでした")
    with pytest.raises(GuidelineError, match="二つ目の文書"):
        print_chains(steps(), lanes=2)
    assert len(taken) < 20  # the steps still to come were left


def test_the_printing_interception_answers_only_inside_the_folder(tmp_path, secret):
    folder = tmp_path / "site"
    (folder / "a").mkdir(parents=True)
    (folder / "a/page.html").write_text("ページ", encoding="utf-8")
    (folder / "link.html").symlink_to(secret)
    (folder / "linked").symlink_to(tmp_path)
    assert contained_file(folder, "/a/page.html") == folder / "a/page.html"
    for refused in ("/../secret.txt", "/a/../../secret.txt", "/%2e%2e/secret.txt", "/link.html",
                    "/linked/secret.txt", "/a/", "/a\\..\\..\\secret.txt", "/"):
        assert contained_file(folder, refused) is None, refused


# Raw HTML that embeds or runs anything is refused by `guideline check`, at its line.

EMBEDDING = [
    ('<iframe src="file:///home/editor/secret.txt"></iframe>', "<iframe>"),
    ('<object data="file:///etc/passwd" type="text/plain"></object>', "<object>"),
    ('<iframe src="../../../../config"></iframe>', "<iframe>"),
    ("<script>new WebSocket('ws://127.0.0.1:9/')</script>", "<script>"),
    ('<embed src="x.pdf">', "<embed>"),
    ('<meta http-equiv="refresh" content="0;url=file:///etc/passwd">', "<meta>"),
    ('<link rel="stylesheet" href="http://198.51.100.7/x.css">', "<link>"),
    ('<img src="x.png" onerror="alert(1)">', "onerror"),
    ('<a href="jav&#x61;script:alert(1)">押す</a>', "javascript:"),
    ('<img src="data:image/svg+xml,&lt;svg&gt;">', "data:"),
    ('<img src="http://198.51.100.7/x.png">', "ほかのサーバー"),
    ("[詳細](javascript:alert(document.domain))", "javascript:"),
    ("![x](file:///etc/passwd)", "file:"),
    ('## 見出し { onclick="alert(1)" }', "onclick"),
    ("<FILE:///etc/passwd>", "file:"),
]


@pytest.mark.parametrize("written, named", EMBEDDING)
def test_html_that_embeds_or_runs_is_refused_at_its_line(written, named):
    page = f"# ページ\n\n本文です。\n\n{written}\n\n```html\n{written}\n```\n\n`{written}`\n"
    found = raw_html.page_problems(page)
    assert [line for line, _ in found] == [5], found  # the line in prose only; code is text
    assert named in found[0][1]


def test_the_allowed_html_passes():
    page = ('<div class="gl-print" markdown>\n<details><summary>詳しく</summary>本文</details>\n'
            '<p>改行<br>と<kbd>Ctrl</kbd>、<abbr title="情報通信技術">ICT</abbr>、'
            '<a href="../faq/">質問</a>、<img src="images/a.png" alt="図"></p>\n</div>\n'
            '{{ checklist("before") }} と { #contact } と [リンク](05-during.md#contact)、<https://www.city.matsumoto.nagano.jp/>\n')
    assert raw_html.page_problems(page) == []


@pytest.mark.build
def test_check_names_the_file_and_line_of_an_iframe(slipped):
    project, problems = slipped  # helpers.SLIPS puts an <iframe> on a line of its own in docs/about.md
    lines = (project / "docs/about.md").read_text(encoding="utf-8").splitlines()
    line = lines.index('<iframe src="file:///etc/passwd"></iframe>') + 1
    assert any(problem.startswith(f"docs/about.md:{line}: HTML のタグ <iframe> は使えません")
               for problem in problems), problems


# Titles, summaries and page titles are plain text on every page that shows them.

HOSTILE_TITLE = "正式版（令和3年3月）[詳細](javascript:alert(document.domain))![x](http://198.51.100.7/x.png)"
SITE_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables", "toc"]


def rendered(markdown_page: str) -> BeautifulSoup:
    """The page as the site's Markdown makes it (front matter left out)."""
    body = markdown_page.split("\n---\n", 1)[-1] if markdown_page.startswith("---\n") else markdown_page
    return BeautifulSoup(markdown.markdown(body, extensions=SITE_EXTENSIONS), "html.parser")


def assert_plain(page: BeautifulSoup, text: str):
    assert not page.find_all("img")
    assert [script.get("src") for script in page.find_all("script")] in ([], ["../assets/javascripts/compare-picker.js"])
    assert not [a for a in page.find_all("a") if a.get("href", "").lower().startswith(("javascript", "http"))]
    assert text in page.get_text()


def test_markdown_in_titles_and_summaries_shows_as_written(tmp_path):
    old = editions.Edition(id="2021.03", title=HOSTILE_TITLE, status="official", date="2021-03",
                           ref="a" * 40, summary="*強調* と [リンク](javascript:alert(1)) と {{ config }}")
    new = editions.Edition(id="draft", title="改訂案_**太字**_", status="draft", date="2021-09", ref="worktree",
                           summary="改訂案です。")
    manifest = editions.Manifest([old, new])
    for docs, heading in ((tmp_path / "old", "# [ページ](javascript:alert(1))"), (tmp_path / "new", "# 新しい")):
        docs.mkdir()
        (docs / "index.md").write_text(f"{heading}\n\n本文です。\n", encoding="utf-8")
    comparisons = compare_trees(tmp_path / "old", tmp_path / "new")
    changes = rendered(render_changes_page(comparisons, new_title=new.title, old_title=old.title))
    assert_plain(changes, HOSTILE_TITLE)
    assert "改訂案_**太字**_" in changes.get_text() and not changes.find_all(["strong", "em"])
    assert_plain(rendered(render_pair_page(comparisons, new_title=new.title, old_title=old.title)), HOSTILE_TITLE)
    picker = rendered(render_picker_page(current=new, older=[old], link=lambda n, o: f"{o.id}/"))
    assert_plain(picker, HOSTILE_TITLE)
    history = rendered(render_revision_history(manifest, new))
    assert_plain(history, HOSTILE_TITLE)
    assert "{{ config }}" in history.get_text() and "*強調*" in history.get_text()
    notice = rendered(render_notice(editions.Manifest([old, new]), new))
    assert_plain(notice, HOSTILE_TITLE)


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff"])
def test_bidi_and_zero_width_characters_are_refused_at_their_line(tmp_path, hidden):
    docs = tmp_path / "docs"
    shutil.copytree(PROJECT / "docs" / "data", docs / "data")
    terms = docs / "data/terms.yml"
    lines = terms.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(number for number, line in enumerate(lines) if "preferred:" in line)
    lines[at] = lines[at].replace("preferred: ", f"preferred: 在宅{hidden}")
    terms.write_text("".join(lines), encoding="utf-8")
    kind = "文字の向きを変える制御文字" if hidden in BIDI_CONTROLS else "幅のない文字"
    with pytest.raises(DataError) as refused:
        data.load_terms(docs)
    assert refused.value.problems == [f"docs/data/terms.yml:{at + 1}: {kind}"
                                      f"（U+{ord(hidden):04X}）が入っています。画面では見えないため、その文字を消してください"]


@pytest.mark.parametrize("title", ["正式版\u202e（令和3年3月）", "正式版（令和\u200b3年3月）"])
def test_release_refuses_an_invisible_character_in_a_title(title):
    edition = editions.Edition(id="2022.03", title=title, status="official", date="2022-03", ref="c" * 40,
                               summary="改訂しました。")
    with pytest.raises(GuidelineError, match="^--title: .*（U\\+20"):
        editions.refuse_unfit_edition(edition)


@pytest.mark.parametrize("edition_id", ["2021.99", "2021.13", "2021.00"])
def test_an_edition_id_with_no_such_month_is_refused(edition_id):
    edition = editions.Edition(id=edition_id, title="正式版", status="official", date="2021-03", ref="c" * 40,
                               summary="改訂しました。")
    with pytest.raises(GuidelineError, match=f"^版 ID: '{edition_id}' の月"):
        editions.refuse_unfit_edition(edition)


@pytest.mark.parametrize("text, said", [
    ("editions:\n  - ? [a]\n    : b\n", "項目名（: の前）にリストや { } は使えません"),
    ("editions:\n  - {[1]: x}\n", "項目名（: の前）にリストや { } は使えません"),
    ("editions:\n  - date: !!timestamp x\n", "! で始まる型の指定は使えません"),
    ("%FOO bar\n---\neditions: []\n", "% で始まる行は使えません"),
    ("editions: [\n", "ファイルの終わりまでに閉じていないもの"),
    ("editions: ]\n", "YAML として読めない書き方です"),
])
def test_every_yaml_mistake_is_explained_in_japanese(tmp_path, text, said):
    (tmp_path / "editions.yml").write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as refused:
        editions.load_manifest(tmp_path)
    [problem] = refused.value.problems
    assert problem.startswith("editions.yml:") and said in problem
    assert not re.search(r"[a-z]{3,} [a-z]{3,}", problem), problem  # no English words


def test_comparing_the_draft_refuses_a_link_in_the_working_tree(tiny, secret):
    (tiny / "docs/about.md").symlink_to(secret)
    with pytest.raises(DataError, match=f"docs/about.md: {LINK_REFUSED}"), open_source("draft", project_dir=tiny):
        pass
