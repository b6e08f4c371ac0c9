"""The one signal policy: SIGINT and SIGTERM stop a command, wait through the steps that must
not stop halfway, are never lost, and leave the caller's handlers as they were."""

import gc
import os
import signal
import sys

import pytest

from guideline import processes
from guideline.cli import driver

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
