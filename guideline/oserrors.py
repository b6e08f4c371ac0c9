"""Operating-system errors (missing folders, permissions, full disks) in one Japanese line."""

import errno

REASONS = {
    errno.ENOENT: "ファイルやフォルダがありません",
    errno.EACCES: "権限がないため読み書きできません",
    errno.EPERM: "権限がないため読み書きできません",
    errno.ENOSPC: "ディスクの空きがありません",
    errno.EROFS: "読み取り専用の場所なので書き込めません",
    errno.EISDIR: "フォルダなので、ファイルとして扱えません",
    errno.ENOTDIR: "途中の名前がフォルダではありません",
    errno.EEXIST: "すでにあります",
    errno.ELOOP: "リンク（シンボリックリンク）なので、たどって読み書きしません",
    errno.EADDRINUSE: "そのアドレス（ポート）はほかのプログラムが使っています",
}


def describe(error: OSError) -> str:
    known = REASONS.get(error.errno) if error.errno is not None else None
    reason = known or error.strerror or type(error).__name__
    place = error.filename if error.filename is not None else None
    return f"{place}: {reason}" if place else reason
