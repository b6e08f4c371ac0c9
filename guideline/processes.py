"""Child processes that never outlive the command.

Each child runs in its own process group, so the terminal's Ctrl-C reaches only this
command, which then stops the whole group itself. On Linux a child is also told by the
kernel when this command dies (even by SIGKILL), so it cannot go on writing afterwards.
Children are stopped with SIGINT first, so they clean up as after Ctrl-C.
"""

import contextlib
import ctypes
import os
import signal
import subprocess
import threading

_PR_SET_PDEATHSIG = 1
_GRACE_SECONDS = 5


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: clean-up runs, nothing half-done is kept."""


def _load_libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()  # loaded before any fork: the child only calls it


def _child_setup(parent: int):
    def setup():
        # SIGINT, as Ctrl-C would: git removes its lock files, Python children their
        # temporary files. A background shell may have left SIGINT ignored; undo that.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        if _LIBC is not None and hasattr(_LIBC, "prctl"):
            _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGINT)
        if os.getppid() != parent:  # the parent died before the line above
            os._exit(1)
    return setup


def run(command, *, cwd=None, env=None, input: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `command` to its end and capture its output; stop its whole group on any interruption."""
    child = start(command, cwd=cwd, env=env, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                  stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = child.communicate(input)
    except BaseException:
        with deferred_signals():
            stop(child)
        raise
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def start(command, *, cwd=None, env=None, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
          stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """Start `command` in a group of its own, tied to this command's life as `run`'s children
    are; the caller waits for it, and `stop`s it on any interruption."""
    return subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=stderr,
                            process_group=0, preexec_fn=_child_setup(os.getpid()))


def stop(child: subprocess.Popen):
    """Ask the group to stop as Ctrl-C would, then insist."""
    if child.returncode is not None:  # waited for already: its number may be another process's now
        return
    for number in (signal.SIGINT, signal.SIGTERM):
        try:
            os.killpg(child.pid, number)
        except ProcessLookupError:
            return
        try:
            child.wait(timeout=_GRACE_SECONDS)
            break
        except subprocess.TimeoutExpired:
            continue
    with contextlib.suppress(ProcessLookupError):  # the child, if it would not stop, and what it left
        os.killpg(child.pid, signal.SIGKILL)
    child.wait()


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def sigterm_as_interrupt():
    """Within the block SIGTERM raises `Terminated`, so `finally` clean-up runs (unless the
    program has a handler of its own already)."""
    if not _in_main_thread() or signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
        yield
        return

    def interrupt(signum, frame):
        raise Terminated()
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


@contextlib.contextmanager
def deferred_signals():
    """Hold SIGINT and SIGTERM until the block is done: for steps that must not stop halfway."""
    if not _in_main_thread():
        yield
        return
    received = []

    def remember(signum, frame):
        received.append(signum)
    previous = {number: signal.signal(number, remember) for number in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if received:
            signal.raise_signal(received[0])
