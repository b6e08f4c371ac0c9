"""`guideline preview`: the working tree with live reload, its log shown in Japanese.

Each build shows the pages' own problems (ids given twice, links leading nowhere) as
`guideline check` does, then what only the build finds; a port another program holds is
named before anything is built.
"""

import errno
import socket
import sys
from pathlib import Path

from guideline import processes
from guideline.errors import GuidelineError
from guideline.site import buildlog
from guideline.site.build import quiet
from guideline.site.check import page_problems


def preview(*, project_dir: Path, address: str, report=print) -> int:
    """Serve until Ctrl+C; the generator's log is read by `buildlog`, its noise left out."""
    refuse_busy_port(address)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
               "--config-file", str(Path(project_dir) / "mkdocs.yml")]
    stream = buildlog.Stream(project_dir, pages=lambda: page_problems(project_dir), address=address)
    shown = []

    def show(row: str):
        for line in stream.feed(row):
            report(line)
            shown.append(line)
    # the one runner: the server stops with the command, however the command stops
    status = processes.run(command, cwd=project_dir, env=quiet(None), each_line=show).returncode
    for line in stream.flush():
        report(line)
        shown.append(line)
    if status != 0:
        raise GuidelineError(_stopped(shown, stream.unclaimed))
    return status


def _stopped(shown: list, unclaimed: list) -> str:
    """Why the preview ended: the lines above, if there are any, or the server's last words."""
    if shown and not shown[-1].startswith(("組み立てました", "サイトを組み立てています")):
        return "プレビューを続けられませんでした。上の表示を直してから、もう一度実行してください"
    last = unclaimed[-1] if unclaimed else "（表示はありません）"
    return f"プレビューが止まりました。サイトを表示するプログラム（mkdocs serve）の最後の表示: {last}"


def refuse_busy_port(address: str):
    """The address must be free now: else the build would run for nothing and then fail."""
    host, _, port = address.rpartition(":")
    if not port.isdigit():
        raise GuidelineError(f"--dev-addr {address}: 127.0.0.1:8000 のように アドレス:ポート番号 で書いてください")
    try:
        _bind(host, int(port))
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise GuidelineError(buildlog.port_in_use(address, free=_free_port_after(host, int(port)))) from None
        raise GuidelineError(f"--dev-addr {address}: そのアドレスでは表示できません（{error.strerror}）") from None


def _bind(host: str, port: int):
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself binds
        probe.bind((host.strip("[]") or "127.0.0.1", port))


def _free_port_after(host: str, port: int) -> int | None:
    for candidate in range(port + 1, min(port + 20, 65535)):
        try:
            _bind(host, candidate)
        except OSError:
            continue
        return candidate
    return None
