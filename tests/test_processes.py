"""The one signal policy: SIGINT and SIGTERM stop a command, wait through the steps that must
not stop halfway, are never lost, and leave the caller's handlers as they were."""

import gc
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from guideline import processes
from guideline.cli import driver
from helpers import gone, wait_until

pytestmark = pytest.mark.faults


def test_a_signal_in_a_held_step_waits_for_its_end_then_stops():
    done = []
    with pytest.raises(processes.Interrupted) as stopped:
        with processes.interruptible():
            with processes.deferred_signals():
                os.kill(os.getpid(), signal.SIGTERM)
                done.append("the held step ran to its end")
            done.append("not reached")
    assert done == ["the held step ran to its end"]
    assert stopped.value.exit_status == 143


def test_a_held_signal_outside_a_command_goes_to_the_callers_handler():
    seen = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append(signum))
    try:
        with processes.deferred_signals():
            os.kill(os.getpid(), signal.SIGTERM)
            assert seen == []
        assert seen == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)


class _DropsItsInterrupt:
    """An object whose finaliser is where the signal lands: Python can only print the
    exception there ("Exception ignored in …") and go on."""

    def __del__(self):
        os.kill(os.getpid(), signal.SIGINT)


def test_an_interrupt_python_drops_still_stops_the_command_at_its_next_step(capsys):
    with pytest.raises(processes.Interrupted):
        with processes.interruptible():
            _DropsItsInterrupt()
            gc.collect()
            processes.run(["true"])  # the next step
    assert "Exception ignored" not in capsys.readouterr().err


def test_an_interrupt_dropped_in_the_last_step_still_stops_the_command():
    with pytest.raises(processes.Interrupted):
        with processes.interruptible():
            _DropsItsInterrupt()
            gc.collect()


def test_main_leaves_the_signal_handlers_as_it_found_them(tmp_path):
    before = {number: signal.getsignal(number) for number in processes.SIGNALS}
    hook = sys.unraisablehook
    assert driver.main(["--project", str(tmp_path), "check"]) == 1  # not a project: refused
    assert {number: signal.getsignal(number) for number in processes.SIGNALS} == before
    assert sys.unraisablehook is hook


def test_a_child_is_stopped_with_the_command(tmp_path):
    started = tmp_path / "started"
    script = f"import pathlib, os, time\npathlib.Path({str(started)!r}).write_text(str(os.getpid()))\n" \
             "os.kill(os.getppid(), 2)\ntime.sleep(60)\n"
    with pytest.raises(processes.Interrupted), processes.interruptible():
        processes.run([sys.executable, "-c", script])
    child = int(started.read_text())
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


KILLED_PARENT = """
import sys, time
from guideline import processes
if sys.argv[1] == "forked":
    processes._SETPRIV = None  # the way without setpriv
child = processes.start(["sleep", "3600"])
print(child.pid, flush=True)
time.sleep(3600)
"""


@pytest.mark.parametrize("way", ["setpriv", "forked"])
def test_a_child_ends_when_the_command_is_killed(way):
    parent = subprocess.Popen([sys.executable, "-c", KILLED_PARENT, way], stdout=subprocess.PIPE, text=True)
    child = None
    try:
        child = int(parent.stdout.readline())
        wait_until(lambda: Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0")[0].endswith(b"sleep"),
                   what="sleep started")  # setpriv and the shell, if any, have run
        parent.kill()  # SIGKILL: nothing of the command runs any more
        parent.wait()
        wait_until(lambda: gone(child), what="the child ended with the command", timeout=60)
    finally:
        parent.kill()
        parent.stdout.close()
        if child is not None and not gone(child):
            os.kill(child, signal.SIGKILL)


def test_a_child_whose_command_has_already_ended_does_not_run(tmp_path):
    marker = tmp_path / "ran"
    command = processes.tied(["touch", str(marker)], parent=os.getpid() + 1 if os.getpid() + 1 != os.getppid() else 1)
    assert subprocess.run(command).returncode == 1  # its parent is this test, not the one it names
    assert not marker.exists()
    assert subprocess.run(processes.tied(["touch", str(marker)], parent=os.getpid())).returncode == 0
    assert marker.exists()


def test_a_missing_program_is_refused_as_popen_would():
    with pytest.raises(FileNotFoundError):
        processes.run(["no-such-program-for-the-test"])
