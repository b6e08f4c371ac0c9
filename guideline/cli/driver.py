"""The `guideline` command: thin argument handling over the package's functions."""

import argparse
import dataclasses
import os
import sys
import traceback
from pathlib import Path

from guideline import processes
from guideline.cli.arguments import JapaneseParser
from guideline.compare.pairing import compare_trees
from guideline.content.editions import WORKTREE
from guideline.documents.comparison_files import check_suffix, render_comparison
from guideline.documents.imprint import read_imprint
from guideline.errors import GuidelineError
from guideline.layout import PUBLISH_BRANCH
from guideline.oserrors import describe
from guideline.outputs import ARCHIVE, COMPARISON, default_output, write_output
from guideline.publish import git_utils, publish
from guideline.publish.release import release, withdraw
from guideline.publish.sources import open_source
from guideline.site.build import build_site
from guideline.site.check import check
from guideline.site.edition_build import refuse_unaddressed_publication
from guideline.site.preview import preview


def _build(args):
    if args.edition:
        site = publish.build_edition(project_dir=args.project, edition_id=args.edition,
                                     site_dir=args.site_dir)
    else:
        site = build_site(project_dir=args.project, site_dir=args.site_dir)
    print(f"サイトを {site} に作りました")


def _check(args):
    problems, notes = check(args.project)
    for problem in problems:
        print(problem)
    sys.stdout.flush()  # the problems before the notes and the verdict, also into a pipe
    for note in notes:
        print(f"注意: {note}", file=sys.stderr)
    if problems:
        raise GuidelineError(f"{len(problems)} 件の問題があります")
    print("問題はありません", file=sys.stderr)


def _release(args):
    refuse_unaddressed_publication(project_dir=args.project, environ=os.environ)
    edition = release(project_dir=args.project, edition_id=args.id, title=args.title, status=args.status,
                      summary=args.summary, date=args.date, branch=args.branch,
                      allow_unconfirmed=args.allow_unconfirmed, confirm=_confirmation(args))
    print(f"版 {edition.id}（{edition.title}）を editions.yml に記録し、{args.branch} に公開しました")


def _withdraw(args):
    edition = withdraw(project_dir=args.project, edition_id=args.id, branch=args.branch,
                       confirm=_confirmation(args))
    print(f"版 {edition.id}（{edition.title}）を editions.yml から消し、{args.branch} から取り下げました")


def _confirmation(args):
    """Who says yes to a release or a withdrawal: --yes, the person at the terminal, or nobody
    (a script that did not say --yes is stopped, having been shown what would have happened)."""
    if args.yes:
        return None
    if not sys.stdin.isatty():
        return _refuse_unattended
    return _ask


def _ask(plan: str) -> bool:
    try:
        answer = input("この内容で実行しますか？ 実行するなら y を入力して Enter を押してください [y/N]: ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes", "はい")


def _refuse_unattended(plan: str) -> bool:
    raise GuidelineError("確かめる人がいない（端末からの実行でない）ため、実行しませんでした。"
                         "上の内容でよいことを確かめたうえで、--yes を付けて実行してください")


def _export(args):
    if git_utils.branch_head(args.branch, cwd=args.project) is None:
        raise GuidelineError(f"ブランチ {args.branch} がありません。先に guideline publish を実行してください")
    archive = git_utils.archive(args.branch, cwd=args.project)
    output = args.output or default_output(args.project, ARCHIVE)
    write_output(output, archive)
    print(f"{args.branch} を {output} にまとめました（{len(archive) // 1024} KB）")


def _publish(args):
    refuse_unaddressed_publication(project_dir=args.project, environ=os.environ)
    outcome = publish.publish(project_dir=args.project, branch=args.branch, prune=args.prune, force=args.force)
    print(publish_summary(outcome, branch=args.branch))


def publish_summary(outcome, *, branch: str) -> str:
    if not outcome.moved:
        return f"公開先 {branch} は最新です（変更はありません）"
    done = []
    if outcome.deployed:
        done.append(f"版 {'、'.join(outcome.deployed)} を公開しました")
    if outcome.removed:
        done.append(f"版 {'、'.join(outcome.removed)} を取り下げました")
    return f"公開先 {branch} を更新しました: " + ("。".join(done) if done else "版の一覧と入口を整えました")


def _compare(args):
    to_stdout = str(args.output) == "-"
    output = Path(COMPARISON) if to_stdout else args.output or default_output(args.project, COMPARISON)
    check_suffix(output)
    old_name, new_name = _compared_names(args)
    with open_source(old_name, project_dir=args.project) as old, \
            open_source(new_name, project_dir=args.project) as new:
        if args.since:
            old = dataclasses.replace(old, title=f"{args.since} との分岐点（{old_name[:7]}）")
        comparisons = compare_trees(old.docs, new.docs)
        content = render_comparison(comparisons, path=output, new_title=new.title, old_title=old.title,
                                    imprint=read_imprint(args.project))
    changed = sum(c.status != "same" for c in comparisons)
    if to_stdout:  # HTML, the one text format (check_suffix)
        sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8"))
        return
    write_output(output, content)
    print(f"新旧対照表を {output} に書きました（改正のあるページ: {changed}）", file=sys.stderr)


def _compared_names(args) -> tuple:
    """(OLD, NEW): as given, or with --since BRANCH the point where the working branch left
    BRANCH against the working tree: exactly what a pull request changes."""
    if not args.since:
        if args.old is None or args.new is None:
            raise GuidelineError("比べる二つ（OLD と NEW）を指定してください。"
                                 "プルリクエストの変更だけなら guideline compare --since main です")
        return args.old, args.new
    if args.new is not None:
        raise GuidelineError("--since と一緒に指定できるのは、改正後（NEW）の一つだけです")
    new = args.old or WORKTREE
    branch = git_utils.resolve(args.since, cwd=args.project)
    head = git_utils.resolve("HEAD", cwd=args.project)
    if branch is None or head is None:
        raise GuidelineError(f"--since {args.since}: そのブランチ（リビジョン）がありません。"
                             "`git fetch origin main:main` で取得してください")
    return git_utils.git("merge-base", branch, head, cwd=args.project).strip(), new


def _preview(args):
    preview(project_dir=args.project, address=args.dev_addr)


def parser() -> argparse.ArgumentParser:
    main = JapaneseParser(prog="guideline", description="松本市テレワークガイドラインのサイトを作る・確かめる・公開する")
    main.add_argument("--project", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: 現在のフォルダ）")
    main.add_argument("--debug", action="store_true", help="思いがけない誤りのとき、詳しい情報（トレースバック）を表示する")
    commands = main.add_subparsers(dest="command", required=True, title="コマンド", metavar="コマンド")

    build = commands.add_parser("build", help="サイトを作る（既定: 作業中の原稿）")
    build.add_argument("--edition", help="editions.yml の版 ID（例: 2021.03）")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="出力先（既定: site）")
    build.set_defaults(run=_build)

    checking = commands.add_parser("check", help="データ・リンク・見出し・文章の決まりをまとめて確かめる")
    checking.set_defaults(run=_check)

    previewing = commands.add_parser("preview", help="作業中の原稿をブラウザーで見る（保存するたびに更新）")
    previewing.add_argument("--dev-addr", default="127.0.0.1:8000", help="表示するアドレス（既定: 127.0.0.1:8000）")
    previewing.set_defaults(run=_preview)

    deploy = commands.add_parser("publish", help="すべての版を mike でブランチに公開する")
    deploy.add_argument("--branch", default=PUBLISH_BRANCH, help=f"公開先のブランチ（既定: {PUBLISH_BRANCH}）")
    deploy.add_argument("--prune", action="store_true", help="editions.yml にない版を公開先から消す")
    deploy.add_argument("--force", action="store_true",
                        help="versions.json のないブランチ（mike のサイトでないもの）にも公開する")
    deploy.set_defaults(run=_publish)

    releasing = commands.add_parser("release", help="コミット済みの原稿を新しい版として記録し、公開する")
    releasing.add_argument("id", metavar="ID", help="版 ID（例: 2022.03）")
    releasing.add_argument("--title", required=True, help="版の名前（例: 正式版（令和4年3月））")
    releasing.add_argument("--status", required=True, choices=("provisional", "official"),
                           help="provisional（暫定版）か official（正式版）")
    releasing.add_argument("--summary", help="改訂履歴に載せる一行（省略すると改訂案の summary）")
    releasing.add_argument("--date", help="\"2022-03\" の形（省略すると版 ID の年月。"
                           "版 ID・版の名前の年月と合わないときは止めます）")
    releasing.add_argument("--branch", default=PUBLISH_BRANCH, help=f"公開先のブランチ（既定: {PUBLISH_BRANCH}）")
    releasing.add_argument("--allow-unconfirmed", action="store_true",
                           help="「要確認」の印が残っていても正式版として公開する")
    releasing.add_argument("--yes", action="store_true",
                           help="確かめずに実行する（スクリプトから。付けないと、端末で内容を見せて確かめます）")
    releasing.set_defaults(run=_release)

    withdrawing = commands.add_parser("withdraw", help="公開した版を取り下げる（editions.yml から消し、公開先からも消す）")
    withdrawing.add_argument("id", metavar="ID", help="取り下げる版の ID（例: 2021.12）")
    withdrawing.add_argument("--branch", default=PUBLISH_BRANCH, help=f"公開先のブランチ（既定: {PUBLISH_BRANCH}）")
    withdrawing.add_argument("--yes", action="store_true",
                             help="確かめずに実行する（スクリプトから。付けないと、端末で内容を見せて確かめます）")
    withdrawing.set_defaults(run=_withdraw)

    exporting = commands.add_parser("export", help="公開したブランチを、Git のないウェブサーバー用に一つのファイルにまとめる")
    exporting.add_argument("-o", "--output", type=Path, help="出力するファイル（既定: out/site.tar.gz）")
    exporting.add_argument("--branch", default=PUBLISH_BRANCH, help=f"まとめるブランチ（既定: {PUBLISH_BRANCH}）")
    exporting.set_defaults(run=_export)

    compare = commands.add_parser("compare", help="二つの版の新旧対照表を一つのファイル（HTML・PDF・Word）にする")
    compare.add_argument("old", metavar="OLD", nargs="?", help="改正前: 版 ID、latest、worktree、または git のリビジョン")
    compare.add_argument("new", metavar="NEW", nargs="?", help="改正後: 版 ID、latest、worktree、または git のリビジョン")
    compare.add_argument("--since", metavar="BRANCH",
                         help="BRANCH から分かれた時点と作業中の原稿を比べる（プルリクエストの確認用。例: --since main）")
    compare.add_argument("-o", "--output", type=Path,
                         help="出力するファイル。拡張子で形式を選びます: .html・.pdf（A4 横）・.docx（Word、A4 横）。"
                              "- で標準出力（HTML）（既定: out/新旧対照表.html）")
    compare.set_defaults(run=_compare)
    return main


PROJECT_FILES = ("mkdocs.yml", "editions.yml")


def _check_project(project: Path):
    """A folder that is not the guideline's is named, with the option that chooses another."""
    if not project.is_dir():
        raise GuidelineError(f"--project: フォルダ {project} がありません")
    missing = [name for name in PROJECT_FILES if not (project / name).is_file()]
    if missing:
        raise GuidelineError(f"{missing[0]}: ファイルがありません。{project} はガイドラインのフォルダではないようです。"
                             "ガイドラインのフォルダに移動するか、--project でそのフォルダを指定してください")


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        with processes.interruptible():  # SIGINT and SIGTERM stop every command the same way
            _check_project(args.project)
            args.run(args)
    except KeyboardInterrupt as stop:
        print("\n中断しました", file=sys.stderr)
        return stop.exit_status if isinstance(stop, processes.Interrupted) else 130
    except GuidelineError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        _report_unexpected(f"エラー: {describe(error)}", debug=args.debug)
        return 1
    except Exception as error:  # a bug: one line for the editor, the traceback on request
        _report_unexpected(f"エラー: 思いがけない誤りで止まりました（{type(error).__name__}: {error}）。"
                           "--debug を付けて実行すると詳しい情報を表示します", debug=args.debug)
        return 1
    return 0


def _report_unexpected(message: str, *, debug: bool):
    if debug:
        traceback.print_exc()
    print(message, file=sys.stderr)

