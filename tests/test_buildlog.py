"""The build log read once: recorded logs of real failed builds → Japanese file:line messages."""

import shutil
import socket
from pathlib import Path

import pytest

from guideline.content import links
from guideline.errors import GuidelineError
from guideline.site import buildlog
from guideline.site.preview import refuse_busy_port
from helpers import PROJECT

LOGS = Path(__file__).parent / "logs"
COSTS = "docs/guideline/09-costs.md"
BEFORE_HEADING = "## ⑵"
# Where in_costs puts its line in today's chapter (links are located in the page, not the log).
INSERTED = next(number for number, line in enumerate(
    (PROJECT / COSTS).read_text(encoding="utf-8").splitlines(), start=1) if line.startswith(BEFORE_HEADING))


def project_with(tmp_path, file, old, new) -> Path:
    """The project's pages and data with the edit that produced the recorded log."""
    shutil.copytree(PROJECT / "docs", tmp_path / "docs")
    target = tmp_path / file
    text = target.read_text(encoding="utf-8")
    assert old in text
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def read(name: str, project: Path) -> list:
    return buildlog.problems((LOGS / f"{name}.log").read_text(encoding="utf-8"), project_dir=project)


def in_costs(tmp_path, line: str) -> Path:
    return project_with(tmp_path, COSTS, BEFORE_HEADING, f"{line}\n\n{BEFORE_HEADING}")


def test_jinja_syntax_error_at_the_chapters_line(tmp_path):
    project = in_costs(tmp_path, "{{ checklist('before') }")
    assert read("jinja_syntax", project) == [
        f"{COSTS}:12: マクロ（{{{{ … }}}}）の書き方に誤りがあります: 「}}}}」の片方が足りないか、「}}」が余分です"]


def test_wrong_number_of_macro_arguments_at_the_chapters_line(tmp_path):
    project = in_costs(tmp_path, "{{ checklist('before', 3) }}")
    assert read("macro_args", project) == [f"{COSTS}:12: マクロ checklist() に渡す値の数が違います"]


def test_undefined_attribute_at_the_chapters_line(tmp_path):
    project = in_costs(tmp_path, "本文 {{ config.extra.nosuch }}")
    assert read("undefined", project) == [
        f"{COSTS}:12: nosuch という項目はありません（マクロの中の名前を確かめてください）"]


def test_misspelt_macro_gets_the_nearest_names(tmp_path):
    project = in_costs(tmp_path, "{{ chekclist('before') }}")
    [problem] = read("undefined_name", project)
    assert problem.startswith(f"{COSTS}:12: chekclist という名前のマクロや変数はありません（使えるマクロ: checklist")


def test_the_guidelines_own_message_is_kept_without_repeating_the_page(tmp_path):
    project = in_costs(tmp_path, "{{ checklist('nosuch') }}")
    assert read("unknown_checklist", project) == [
        f"{COSTS}:12: checklist('nosuch'): その ID のチェックリストはありません（あるもの: before, workday, ict, manager）"]


def test_each_broken_link_once_at_its_line(tmp_path):
    project = in_costs(tmp_path, "[詳しくは](05-during.md#no-such) [別](no-page.md)")
    problems = read("link", project)
    assert problems[0] == (f"{COSTS}:{INSERTED}: リンク先のページがありません"
                           "（docs/ からの相対パスを確かめてください）: no-page.md")
    assert problems[1] == f"{COSTS}:{INSERTED}: リンク先の見出し（アンカー）がありません: 05-during.md#no-such"
    assert len(problems) == 2, "the print page repeats the chapter's links; they are reported once"


def test_links_the_pages_model_reported_are_not_repeated_from_the_log(tmp_path):
    project = in_costs(tmp_path, "[詳しくは](05-during.md#no-such) [別](no-page.md)")
    reported = links.problems(project / "docs", generated=["revisions.md", "confirmations.md"])
    assert {problem.link for problem in reported} == {"05-during.md#no-such", "no-page.md"}
    log = (LOGS / "link.log").read_text(encoding="utf-8")
    assert buildlog.problems(log, project_dir=project, reported=reported) == []


def test_messages_that_name_their_file_pass_unprefixed(tmp_path):
    assert read("data_error", tmp_path) == [
        "docs/data/tasks.yml:17: tasks[0].where[0]: 'home' は places にない場所です"
        "（使える場所: 自宅, 公民館, 情報創造館, 庁舎）"]
    assert read("manifest", tmp_path) == [
        'editions.yml:13: editions[1].id: 版の ID は "2021.03" のように 年.月 で書いてください（改訂案は draft）']


@pytest.mark.parametrize("name", sorted(path.stem for path in LOGS.glob("*.log")))
def test_no_english_boilerplate_or_mkdocs_prefix_reaches_the_editor(tmp_path, name):
    for problem in read(name, tmp_path):
        assert not problem.startswith("mkdocs.yml")
        for english in ("Aborted", "Traceback", "Error_", "strict mode", "Doc file"):
            assert english not in problem


def test_closing_line_is_translated():
    assert buildlog.aborted("Aborted with 4 warnings in strict mode!") == "4 件の警告があるため、組み立てを中止しました"
    assert buildlog.aborted("Aborted with a BuildError!") == "誤りがあるため、組み立てを中止しました"


def test_preview_log_is_japanese_without_the_plugins_noise(tmp_path):
    project = in_costs(tmp_path, "[x](05-during.md#no-such)")
    stream = buildlog.Stream(project)
    shown = []
    for row in (LOGS / "serve_rebuild.txt").read_text(encoding="utf-8").splitlines(keepends=True):
        shown += stream.feed(row)
    shown += stream.flush()
    assert shown[:3] == ["サイトを組み立てています…", "組み立てました（4.89 秒）",
                         "http://127.0.0.1:18766/ で表示しています（終了は Ctrl+C）"]
    assert shown[3:5] == ["変更を見つけました。組み立て直します…", "サイトを組み立てています…"]
    assert shown[5].startswith(f"{COSTS}:{INSERTED}: リンク先の見出し（アンカー）がありません")
    assert shown[6:] == ["1 件の警告があるため、組み立てを中止しました",  # the print page's repeat is not one
                         "誤りを直して保存するまで、ブラウザーの表示は更新されません"]
    assert not any("[macros]" in line or "versions.json" in line for line in shown)


def test_without_the_sources_no_line_is_invented():
    log = (LOGS / "link.log").read_text(encoding="utf-8")
    problems = buildlog.problems(log)
    assert problems[0] == ("docs/guideline/09-costs.md: リンク先のページがありません"
                           "（docs/ からの相対パスを確かめてください）: no-page.md")
    assert not any(":1:" in problem for problem in problems)


def test_preview_shows_the_pages_problems_first_and_counts_only_what_it_shows(tmp_path):
    project = in_costs(tmp_path, "[x](05-during.md#no-such)")
    stream = buildlog.Stream(project, pages=lambda: links.problems(project / "docs", generated=["revisions.md"]))
    shown = []
    for row in (LOGS / "serve_rebuild.txt").read_text(encoding="utf-8").splitlines(keepends=True):
        shown += stream.feed(row)
    rebuilt = shown[shown.index("変更を見つけました。組み立て直します…"):]
    assert rebuilt[2].startswith(f"{COSTS}:{INSERTED}: リンク先の見出し（アンカー）がありません: 05-during.md#no-such"
                                 "（使える見出し: #")
    assert rebuilt[3:] == ["1 件の警告があるため、組み立てを中止しました",
                           "誤りを直して保存するまで、ブラウザーの表示は更新されません"]


def test_a_busy_port_is_named_with_another_to_choose():
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        with pytest.raises(GuidelineError) as refused:
            refuse_busy_port(f"127.0.0.1:{port}")
        message = str(refused.value)
        assert message.startswith(f"ポート {port}（127.0.0.1:{port}）はほかのプログラムが使っているため、表示できません。")
        assert "`make preview PORT=" in message
        assert buildlog.Stream(None, address=f"127.0.0.1:{port}").feed(
            "OSError: [Errno 98] Address already in use\n") == [buildlog.port_in_use(f"127.0.0.1:{port}")]
