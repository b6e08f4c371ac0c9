"""Publishing every edition with mike, in throwaway git repositories."""

import json
import re
import shutil
import subprocess
import tarfile

import pytest
from bs4 import BeautifulSoup

from guideline.content import editions
from guideline.documents.chromium import missing_engine
from guideline.errors import GuidelineError
from guideline.publish import git_utils
from guideline.publish.publish import build_edition, publish
from helpers import BRANCH, PROJECT, copy_of, fetch, nginx_serving, pdf_pages, wait_until

pytestmark = pytest.mark.build  # publishes, or reads the shared publication
MANIFEST = editions.load_manifest(PROJECT)
IDS = [edition.id for edition in MANIFEST.editions]
CHAPTER_FILES = sorted(p.stem for p in (PROJECT / "docs/guideline").glob("[0-9][0-9]-*.md"))


def page_text(repo, path):
    html = git_utils.read_file(BRANCH, path, cwd=repo)
    assert html is not None, f"{path} is not on the branch"
    return BeautifulSoup(html, "html.parser").select_one("article").get_text()


def test_every_edition_builds_strictly_and_is_deployed(published):
    assert published[1].deployed == IDS


def test_versions_json_lists_the_editions_with_their_titles(published):
    versions = json.loads(git_utils.read_file(BRANCH, "versions.json", cwd=published[0]))
    titles = {entry["version"]: entry["title"] for entry in versions}
    assert titles == {edition.id: edition.title for edition in MANIFEST.editions}
    latest = [entry["version"] for entry in versions if "latest" in entry["aliases"]]
    assert latest == ["2021.03"]
    hidden = [entry["version"] for entry in versions if entry["properties"].get("hidden")]
    assert hidden == ["draft"]


def test_site_root_sends_readers_straight_to_the_latest_official_edition(published):
    root = git_utils.read_file(BRANCH, "index.html", cwd=published[0])
    assert 'href="2021.03/"' in root and "latest/" not in root


def test_a_publish_is_one_commit_with_its_editions_latest_and_the_site_root(published):
    repo = published[0]
    subjects = git_utils.git("log", "--format=%s", BRANCH, cwd=repo).splitlines()
    assert len(subjects) == 2 and subjects[0].endswith("を公開"), subjects  # over the branch's empty first commit
    changed = git_utils.git("diff-tree", "--name-only", "-r", "--no-commit-id", BRANCH, cwd=repo).splitlines()
    tops = {path.split("/")[0] for path in changed}
    assert {*IDS, "latest", "index.html", "versions.json"} <= tops


@pytest.mark.parametrize("edition", IDS)
def test_each_edition_has_its_ten_chapters_and_says_which_edition_it_is(published, edition):
    repo = published[0]
    for chapter in CHAPTER_FILES:
        html = git_utils.read_file(BRANCH, f"{edition}/guideline/{chapter}/index.html", cwd=repo)
        assert html is not None, f"{edition}: {chapter} missing"
        notice = BeautifulSoup(html, "html.parser").select_one(".gl-edition__name").get_text()
        assert MANIFEST.get(edition).title in notice


FACTS = {
    # fact: (page, editions that state it)
    "SIM付タブレット型PC": ("guideline/06-ict", {"2020.10", "2021.03", "draft"}),
    "情報創造館": ("guideline/02-tasks", {"2021.03", "draft"}),
    "社会通念上、許容される範囲の服装としましょう": ("guideline/07-staff", {"2021.03", "draft"}),
    "ビジネスチャット": ("guideline/05-during", {"draft"}),
}


@pytest.mark.parametrize("fact", FACTS)
def test_a_fact_appears_in_exactly_the_editions_it_should(published, fact):
    page, expected = FACTS[fact]
    stating = {edition for edition in IDS if fact in page_text(published[0], f"{edition}/{page}/index.html")}
    assert stating == expected


def test_provisional_and_draft_editions_say_so(published):
    def notice(edition):
        html = git_utils.read_file(BRANCH, f"{edition}/guideline/07-staff/index.html", cwd=published[0])
        found = BeautifulSoup(html, "html.parser").select_one(".gl-edition__notice")
        return found.get_text() if found else ""
    assert "暫定版" in notice("2020.09") and "暫定版" in notice("2020.10")
    assert notice("2021.03") == ""
    assert "改訂案（未公表）" in notice("draft")


def test_second_publish_adds_no_commit(published, tmp_path):
    repo = copy_of(published, tmp_path)
    head = git_utils.branch_head(BRANCH, cwd=repo)
    outcome = publish(project_dir=repo, branch=BRANCH, report=lambda m: None)
    assert (outcome.deployed, outcome.moved) == ([], False)
    assert git_utils.branch_head(BRANCH, cwd=repo) == head


def test_a_second_publish_makes_no_comparison_and_no_pdf(published, tmp_path, work):
    repo = copy_of(published, tmp_path)
    assert publish(project_dir=repo, branch=BRANCH, report=lambda m: None).deployed == []
    assert work == {"pairs": [], "pdfs": []}


def test_changing_the_draft_rebuilds_only_the_draft(published, tmp_path):
    """…and its 新旧対照表 files for each earlier edition show the new sentence: none is a copy of
    the published one (an edition built again only for its list of editions keeps them: test_release)."""
    repo = copy_of(published, tmp_path)
    chapter = repo / "docs/guideline/09-costs.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\n改訂案に加えた一文です。\n", encoding="utf-8")
    assert publish(project_dir=repo, branch=BRANCH, report=lambda m: None).deployed == ["draft"]
    if missing_engine():
        return
    for old in IDS[:-1]:
        pdf = git_utils.read_bytes(BRANCH, f"draft/compare/{old}/telework-guideline-comparison-draft-{old}.pdf", cwd=repo)
        text = "".join("".join(page.split()) for page in pdf_pages(pdf))
        assert "改訂案に加えた一文です。" in text, old


def test_a_revision_missing_from_a_shallow_clone_is_explained(published, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{published[0]}", str(shallow)], check=True)
    shutil.copy2(published[0] / "editions.yml", shallow / "editions.yml")
    with pytest.raises(GuidelineError, match="git fetch --unshallow"):
        publish(project_dir=shallow, branch=BRANCH, report=lambda m: None)
    assert git_utils.branch_head(BRANCH, cwd=shallow) is None


def test_build_one_edition_into_a_folder(published, tmp_path):
    site = build_edition(project_dir=published[0], edition_id="2020.09", site_dir=tmp_path / "site")
    text = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").get_text()
    assert "暫定版（令和2年9月）" in text


def article_text(repo, path):
    """What a chapter says, without the edition notice and the 'this chapter changed' note."""
    html = git_utils.read_file(BRANCH, path, cwd=repo)
    article = BeautifulSoup(html, "html.parser").select_one("article")
    for extra in article.select(".gl-edition, .admonition.info, .gl-revised"):
        extra.decompose()
    return article.get_text()


def test_changes_page_lists_exactly_the_chapters_that_differ(published):
    repo = published[0]
    differ = {chapter for chapter in CHAPTER_FILES
              if article_text(repo, f"2020.10/guideline/{chapter}/index.html")
              != article_text(repo, f"2021.03/guideline/{chapter}/index.html")}
    assert differ, "2021.03 should revise some chapters of 2020.10"
    html = git_utils.read_file(BRANCH, "2021.03/changes/index.html", cwd=repo)
    page = BeautifulSoup(html, "html.parser")
    listed = {link["href"].lstrip("#") for link in page.select("#changed + ul a")}
    chapters = {anchor for anchor in listed if re.fullmatch(r"ch\d\d", anchor)}  # besides home, FAQ …
    assert chapters == {f"ch{chapter[:2]}" for chapter in differ}
    for anchor in listed:
        table = page.select_one(f"h2#{anchor} ~ table.gl-compare")
        assert table is not None and table.select("ins.gl-mark, del.gl-mark, .gl-compare__label")


def test_a_changed_chapter_links_to_its_entry_on_the_changes_page(published):
    repo = published[0]
    html = git_utils.read_file(BRANCH, "2021.03/guideline/07-staff/index.html", cwd=repo)
    link = BeautifulSoup(html, "html.parser").select_one(".admonition.info a")
    assert link["href"] == "../../changes/#ch07"


def test_the_first_edition_has_nothing_to_compare_with(published):
    html = git_utils.read_file(BRANCH, "2020.09/changes/index.html", cwd=published[0])
    assert "この版は最初の版です" in html


@pytest.fixture
def exported(published, tmp_path):
    from guideline.cli.driver import main
    archive = tmp_path / "site.tar.gz"
    assert main(["--project", str(published[0]), "export", "--branch", BRANCH, "-o", str(archive)]) == 0
    www = tmp_path / "www" / "telework"
    www.mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(www, filter="data")
    return www.parent


def test_export_holds_every_edition(exported):
    assert {p.name for p in (exported / "telework").iterdir()} >= set(IDS) | {"latest", "versions.json", "index.html"}


def test_export_refuses_a_missing_branch(tmp_path):
    from guideline.cli.driver import main
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    assert main(["--project", str(tmp_path), "export", "--branch", "nothing", "-o", str(tmp_path / "x.tar.gz")]) == 1
    assert not (tmp_path / "x.tar.gz").exists()


@pytest.mark.needs("nginx")
def test_sample_nginx_configuration_serves_the_export_under_a_sub_path(exported, tmp_path):
    with nginx_serving(exported, tmp_path) as base:
        page = fetch(base + "/telework/2021.03/guideline/07-staff/")
        assert page.status == 200 and "在宅勤務者の心得" in page.body.decode("utf-8")
        assert page.headers["Cache-Control"] == "no-cache"
        root = fetch(base + "/telework/")
        assert "2021.03/" in root.body.decode("utf-8")
        css = next((exported / "telework/2021.03/assets/stylesheets").glob("main.*.min.css")).name
        style = fetch(f"{base}/telework/2021.03/assets/stylesheets/{css}", gzip=True)
        assert style.headers["Content-Encoding"] == "gzip"
        assert style.headers["Cache-Control"] == "public, max-age=604800"
        assert fetch(base + "/telework", follow=False).status == 301
        _assert_security_headers_everywhere(base, exported)
        missing = fetch(base + "/telework/2021.03/guideline/no-such-page/")
        # The site's own page of that edition (its title and language), not nginx's.
        assert missing.status == 404 and "松本市テレワークガイドライン" in missing.body.decode("utf-8")
        assert '<html lang="ja"' in missing.body.decode("utf-8") and "nginx" not in missing.body.decode("utf-8")


def _assert_security_headers_everywhere(base, exported):
    """HTML, scripts, styles, JSON, the search index, the root and redirects: the same headers."""
    edition = exported / "telework/2021.03"
    paths = ["/telework/", "/telework/2021.03/", "/telework/2021.03/guideline/07-staff/",
             "/telework/versions.json", "/telework/latest/", "/telework",
             "/telework/2021.03/assets/javascripts/guideline.js",
             "/telework/2021.03/assets/stylesheets/guideline.css",
             "/telework/2021.03/guideline/no-such-page/"]
    paths += ["/telework/" + next(edition.glob(pattern)).relative_to(exported / "telework").as_posix()
              for pattern in ("pagefind/pagefind.js", "pagefind/*.pf_meta", "pagefind/wasm.*.pagefind")]
    for path in paths:
        headers = fetch(base + path, follow=False).headers
        policy = headers["Content-Security-Policy"] or ""
        assert "default-src 'self'" in policy and "'unsafe-inline'" not in policy, path
        assert "'wasm-unsafe-eval'" in policy and "frame-ancestors 'self'" in policy, path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"] == "same-origin", path


def test_an_editions_pdf_is_printed_before_the_comparison_documents_still_waiting():
    """An edition's PDF is the longest print, and it can start only when its build has ended:
    it goes before the 新旧対照表 that wait, which can print meanwhile."""
    from guideline.publish.builds import _Printer
    printer = _Printer()  # not started: only its queue is read
    for step, rank in [("新旧対照表 1", _Printer.NEXT), ("新旧対照表 2", _Printer.NEXT), ("版の PDF", _Printer.FIRST),
                       (None, _Printer.LAST), ("新旧対照表 3", _Printer.NEXT)]:
        printer.put(step, rank=rank)
    taken = [printer.jobs.get()[2] for _ in range(5)]
    assert taken == ["版の PDF", "新旧対照表 1", "新旧対照表 2", "新旧対照表 3", None]


def _paper(text: str):
    from guideline.documents.chromium import PrintJob
    return PrintJob.of_html(f'<!DOCTYPE html><html lang="ja"><head><meta charset="utf-8"></head>'
                            f"<body><p>{text}</p></body></html>")


@pytest.mark.browser  # Chromium prints the documents
def test_a_printed_document_is_saved_apart_while_the_lane_prints_the_next(monkeypatch):
    """Reading a printed 新旧対照表 for its properties and storing it takes a fifth of a print:
    with one lane, the second document still prints while the first is being saved."""
    import threading

    from guideline.publish import builds
    monkeypatch.setattr(builds, "PRINTED_AT_ONCE", 1)
    second_printed, saved = threading.Event(), []

    def save_first(pdf: bytes) -> None:
        saved.append(("一つ目", second_printed.wait(timeout=30), pdf.startswith(b"%PDF")))
    with builds._Finisher(report=lambda message: None) as finisher:
        finisher.print((_paper("一つ目の文書"), finisher.kept_apart(save_first)))
        finisher.print((_paper("二つ目の文書"), lambda pdf: second_printed.set()))
    assert saved == [("一つ目", True, True)]


@pytest.mark.browser
def test_a_document_that_cannot_be_saved_apart_fails_the_publish_before_more_is_printed():
    from guideline.publish import builds
    printed: list = []

    def cannot_save(pdf: bytes) -> None:
        raise GuidelineError("新旧対照表を保存できませんでした")
    with pytest.raises(GuidelineError, match="保存できませんでした"):
        with builds._Finisher(report=lambda message: None) as finisher:
            finisher.print((_paper("文書"), finisher.kept_apart(cannot_save)))
            wait_until(lambda: finisher.futures and finisher.futures[0].done(), what="the save to have failed")
            finisher.print((_paper("次の文書"), printed.append))  # the publish stops here instead
    assert printed == []
