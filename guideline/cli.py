"""The `guideline` command: thin argument handling over the package's functions."""

import argparse
import sys
from pathlib import Path

from . import data
from .build import build_site
from .errors import GuidelineError


def _build(args):
    site = build_site(project_dir=args.project, site_dir=args.site_dir)
    print(f"サイトを {site} に作りました")


def _check(args):
    data.load_all(args.project / "docs")
    print("データに問題はありません")


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="guideline", description="松本市テレワークガイドラインのサイトを作る・確かめる")
    main.add_argument("--project", type=Path, default=Path.cwd(), help="プロジェクトのフォルダ（既定: 現在のフォルダ）")
    commands = main.add_subparsers(dest="command", required=True)
    build = commands.add_parser("build", help="サイトを作る")
    build.add_argument("--site-dir", type=Path, default=Path("site"), help="出力先（既定: site）")
    build.set_defaults(run=_build)
    check = commands.add_parser("check", help="データファイルを確かめる")
    check.set_defaults(run=_check)
    return main


def main(argv=None) -> int:
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except GuidelineError as error:
        print(f"エラー: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
