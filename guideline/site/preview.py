"""`guideline preview`: the working tree with live reload, its log shown in Japanese."""

import sys
from pathlib import Path

from guideline import processes
from guideline.site import buildlog
from guideline.site.build import quiet


def preview(*, project_dir: Path, address: str, report=print) -> int:
    """Serve until Ctrl+C; the generator's log is read by `buildlog`, its noise left out.
    The server is stopped with the command, however the command stops."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
               "--config-file", str(Path(project_dir) / "mkdocs.yml")]
    stream = buildlog.Stream(project_dir)

    def show(row: str):
        for line in stream.feed(row):
            report(line)
    result = processes.run(command, cwd=project_dir, env=quiet(None), each_line=show)
    for line in stream.flush():
        report(line)
    return result.returncode
