"""`guideline check`: every problem reported as file:line: message, all in one run."""


import pytest

from guideline.content.links import page_sources
from guideline.content.spelling import DICTIONARY, GENERATED
from guideline.site.check import check
from guideline.site.textlint import Record, Textlint
from helpers import PROJECT, SLIPS, copy_project, edit

pytestmark = pytest.mark.build  # every test here builds the site

TEXTLINT = PROJECT / "node_modules/.bin/textlint"


@pytest.fixture
def project(tmp_path, checked):  # after `checked`: the copy carries the record of the pages that passed
    project = copy_project(tmp_path / "project")
    if TEXTLINT.exists():
        (project / "node_modules").symlink_to(PROJECT / "node_modules")
    return project


def test_the_current_text_passes(checked):
    problems, notes = checked
    assert problems == []


def test_data_problems_come_with_writing_problems_in_one_run(project):
    edit(project, "docs/data/tasks.yml", "where: [自宅, 公民館, 情報創造館, 庁舎]", "where: [home]")
    if TEXTLINT.exists():
        edit(project, "docs/guideline/09-costs.md", "## ⑵", "この規定は職員に適用されるものである。\n\n## ⑵")
    problems, notes = check(project)
    assert any(p.startswith("docs/data/tasks.yml:") and "'home'" in p for p in problems)
    assert any("組み立て" in note for note in notes)
    if TEXTLINT.exists():
        assert any(p.startswith("docs/guideline/09-costs.md:") for p in problems)


def located(slipped, slip):
    """The problems reported at the slip's page, each as (path, line's text, message)."""
    project, problems = slipped
    page = SLIPS[slip][0]
    lines = (project / page).read_text(encoding="utf-8").splitlines()
    return [(page, lines[int(line) - 1], message) for path, line, message in
            (p.split(":", 2) for p in problems if p.startswith(page + ":"))]


def test_broken_link_and_missing_anchor_are_located(slipped):
    _, problems = slipped
    assert not any("print.md" in p for p in problems), "a chapter's link is reported once, at the chapter"
    assert len([p for p in problems if "no-such" in p]) == 1
    [(_, line, message)] = [found for found in located(slipped, "link") if "no-such" in found[2]]
    assert "no-such" in line
    assert "見出し" in message


def test_macro_error_names_the_page_and_line(project):
    edit(project, "docs/guideline/09-costs.md", "## ⑵", "{{ chekclist('before') }}\n\n## ⑵")
    problems, _ = check(project)
    [problem] = [p for p in problems if "chekclist" in p]
    path, line, _ = problem.split(":", 2)
    assert path == "docs/guideline/09-costs.md"
    assert "chekclist" in (project / path).read_text(encoding="utf-8").splitlines()[int(line) - 1]


@pytest.mark.needs("textlint")
def test_writing_rules_catch_an_editors_slip(slipped):
    assert len(located(slipped, "writing")) >= 2, located(slipped, "writing")


def test_jinja_syntax_error_is_the_chapters_and_in_japanese(slipped):
    _, problems = slipped
    [(_, line, message)] = [found for found in located(slipped, "jinja") if "マクロ" in found[2]]
    assert line == "{{ checklist('before') }"
    assert message.startswith(" マクロ（{{ … }}）の書き方に誤りがあります")
    assert not any(p.startswith("mkdocs.yml") or "Error" in p for p in problems)


def test_duplicate_heading_id_is_refused_at_its_line(slipped):
    [(_, line, message)] = [found for found in located(slipped, "heading") if "#contact" in found[2]]
    assert "{ #contact }" in line
    assert "行目でも使われています" in message


def test_the_checks_build_finds_what_the_build_finds_and_makes_no_search_index(monkeypatch):
    """The site the check builds is thrown away: Pagefind (about 1 CPU s for its dictionary
    alone) is left out; the pages are all there."""
    import guideline.site.check as checking
    built, build_site = [], checking.build_site

    def keeping(**options):
        site = build_site(**options)
        built.append({path.relative_to(site).as_posix() for path in site.rglob("*")})
        return site
    monkeypatch.setattr(checking, "build_site", keeping)
    assert checking.build_problems(PROJECT) == []
    [files] = built
    assert {"index.html", "guideline/07-staff/index.html", "faq/index.html"} <= files
    assert not any(path.startswith("pagefind") for path in files)


def test_manifest_rules_are_checked_before_building(project):
    edit(project, "editions.yml", "title: 正式版（令和3年3月）", 'title: "正式版<img src=x onerror=alert(1)>"')
    problems, notes = check(project)
    [problem] = [p for p in problems if p.startswith("editions.yml:")]
    assert problem.startswith("editions.yml:23: editions[2].title: 記号 < は使えません")
    assert any("組み立て" in note for note in notes)


@pytest.mark.needs("textlint")
def test_a_page_is_checked_again_until_its_slip_is_fixed_and_unchanged_pages_are_not(project):
    def run():
        writing = Textlint(project)
        writing.start()
        return sorted(writing.pending), writing.problems()
    assert run() == ([], [])  # the copy carries the record of the pages that passed
    edit(project, "docs/guideline/09-costs.md", "## ⑵", "この規定は職員に適用されるものである。\n\n## ⑵")
    for _ in range(2):  # a slip is reported on every run, not only the first
        pages, problems = run()
        assert pages == ["guideline/09-costs.md"]
        assert problems and all(p.startswith("docs/guideline/09-costs.md:") for p in problems)
    edit(project, "docs/guideline/09-costs.md", "されるものである。", "されます。")  # fixed: checked once more
    assert run() == (["guideline/09-costs.md"], [])
    assert run() == ([], [])
    [record] = (project / GENERATED).glob("textlint-passed-*.json")
    record.write_text("{not json", encoding="utf-8")  # damaged: every page is checked again
    pages = Record(project, project / DICTIONARY).unchecked(page_sources(project / "docs"))
    assert sorted(pages) == page_sources(project / "docs")
