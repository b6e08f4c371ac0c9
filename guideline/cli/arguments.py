"""argparse speaking Japanese: usage, help and its error messages."""

import argparse
import re
import sys

# argparse's own messages (Python 3.11 to 3.13 wording) → Japanese.
ERRORS = (
    (re.compile(r"^the following arguments are required: (?P<a>.+)$"), "次の指定が必要です: {a}"),
    (re.compile(r"^argument (?P<a>\S+): invalid choice: '?(?P<b>[^']*)'? \(choose from (?P<c>.+)\)$"),
     "{a}: '{b}' は選べません（選べるもの: {c}）"),
    (re.compile(r"^unrecognized arguments: (?P<a>.+)$"), "知らない指定があります: {a}"),
    (re.compile(r"^argument (?P<a>\S+): expected one argument$"), "{a} の後に値を一つ書いてください"),
    (re.compile(r"^argument (?P<a>\S+): expected at least one argument$"), "{a} の後に値を書いてください"),
    (re.compile(r"^argument (?P<a>\S+): invalid \S+ value: (?P<b>.+)$"), "{a}: {b} は使えない値です"),
    (re.compile(r"^argument (?P<a>\S+): ignored explicit argument (?P<b>.+)$"), "{a} は値をとりません（{b}）"),
    (re.compile(r"^ambiguous option: (?P<a>\S+) could match (?P<b>.+)$"), "{a} は {b} のどれか特定できません"),
    (re.compile(r"^argument (?P<a>\S+): not allowed with argument (?P<b>.+)$"), "{a} と {b} は一緒に使えません"),
)


def translate(message: str) -> str:
    for pattern, japanese in ERRORS:
        found = pattern.match(message)
        if found:
            return japanese.format(**{key: value.replace("'", "") for key, value in found.groupdict().items()})
    return message


class JapaneseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix="使い方: " if prefix is None else prefix)


class JapaneseParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word an editor sees is Japanese."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", JapaneseFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "引数"
        self._optionals.title = "オプション"
        self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS,
                          help="この説明を表示して終わります")

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: エラー: {translate(message)}\n"
                     f"（使い方の説明: {self.prog} --help）\n")
