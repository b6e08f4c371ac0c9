"""What a build on its own keeps for the next (guideline/publish/kept.py): its comparisons, made
again whenever anything they depend on changed, and nothing kept through a link."""

from pathlib import Path

import pytest

from guideline.content.editions import load_manifest
from guideline.publish.kept import kept, templates_folder
from helpers import copy_project


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "repo")


def keeping(project: Path, edition_id: str = "draft"):
    """kept() for that edition of `project`, and the list of what each make() made."""
    made: list[str] = []
    manifest = load_manifest(project)

    def keep() -> str:
        def make() -> str:
            made.append(f"comparisons {len(made) + 1}")
            return made[-1]
        return kept(project_dir=project, manifest=load_manifest(project), edition=manifest.get(edition_id),
                    docs_dir=project / "docs", make=make)
    return keep, made


def test_the_same_edition_built_again_reads_what_was_kept(project):
    keep, made = keeping(project)
    assert keep() == "comparisons 1"
    assert keep() == "comparisons 1"
    assert made == ["comparisons 1"]
    assert len(list((project / ".cache/comparisons").iterdir())) == 1


@pytest.mark.parametrize("change", ["docs/guideline/07-staff.md", "docs/data/tasks.yml", "editions.yml",
                                    "mkdocs.yml", "hooks/editions.py", "overrides/main.html"])
def test_any_change_to_what_a_comparison_depends_on_makes_it_again(project, change):
    keep, made = keeping(project)
    keep()
    path = project / change
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert keep() == "comparisons 2"


def test_each_edition_keeps_its_latest_only(project):
    keep, made = keeping(project)
    for edit in range(3):  # a preview rebuilding after each edit
        page = project / "docs/guideline/07-staff.md"
        page.write_text(page.read_text(encoding="utf-8") + f"\n追記 {edit}\n", encoding="utf-8")
        keep()
    other, _ = keeping(project, "2021.03")
    other()
    assert made == ["comparisons 1", "comparisons 2", "comparisons 3"]
    assert len(list((project / ".cache/comparisons").iterdir())) == 2


@pytest.mark.parametrize("linked", [".cache", ".cache/comparisons"])
def test_nothing_is_kept_through_a_link(project, tmp_path, linked):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / linked).parent.mkdir(exist_ok=True)
    (project / linked).symlink_to(elsewhere)
    keep, made = keeping(project)
    keep()
    keep()
    assert made == ["comparisons 1", "comparisons 2"]
    assert list(elsewhere.iterdir()) == []


def test_no_compiled_template_is_kept_through_a_link(project, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (project / ".cache").symlink_to(elsewhere)
    assert templates_folder(project) is None
    assert list(elsewhere.iterdir()) == []


def test_an_unreadable_kept_file_is_made_again(project):
    keep, made = keeping(project)
    keep()
    (stored,) = (project / ".cache/comparisons").iterdir()
    stored.write_bytes(b"\xff\xfe")
    assert keep() == "comparisons 2"


def test_a_templates_folder_this_user_cannot_write_to_is_not_used(project, monkeypatch):
    (project / ".cache/templates").mkdir(parents=True)
    import guideline.publish.kept as kept_module
    monkeypatch.setattr(kept_module.os, "access", lambda path, mode: Path(path).name != "templates")
    assert templates_folder(project) is None
