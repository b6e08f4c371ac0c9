"""`guideline preview`: the working tree with live reload, its log shown in Japanese."""

import subprocess
import sys
from pathlib import Path

from guideline.site import buildlog
from guideline.site.build import quiet


def preview(*, project_dir: Path, address: str, report=print) -> int:
    """Serve until Ctrl+C; the generator's log is read by `buildlog`, its noise left out."""
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", address,
               "--config-file", str(Path(project_dir) / "mkdocs.yml")]
    stream = buildlog.Stream(project_dir)
    with subprocess.Popen(command, cwd=project_dir, env=quiet(None), stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, encoding="utf-8", errors="replace") as process:
        try:
            for row in process.stdout or ():  # always a pipe here (stdout=PIPE)
                for line in stream.feed(row):
                    report(line)
            for line in stream.flush():
                report(line)
            return process.wait()
        except BaseException:
            process.terminate()  # Ctrl+C reaches the server too; SIGTERM covers the rest
            process.wait()
            raise
