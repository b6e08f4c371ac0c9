"""Child processes that never outlive the command, and the one way the command stops on a signal.

Each child runs in its own process group, so the terminal's Ctrl-C reaches only this
command, which then stops the whole group itself. On Linux a child is also told by the
kernel when this command dies (even by SIGKILL), so it cannot go on writing afterwards.
Children are stopped with SIGINT first, so they clean up as after Ctrl-C.

The kernel is told by util-linux's `setpriv`, which the child runs before the command: with
no Python code to run in the child, Python starts it without copying this process (vfork),
a sixteenth of the time of a fork once this process has grown (4 against 67 ms at 350 MB), and
a publish starts git dozens of times. Without `setpriv`, or while SIGINT is ignored here (a
child would inherit that, and then not hear of this command's end), the child is forked and
does the same in Python.

Signals: inside `interruptible()` SIGINT and SIGTERM raise `Interrupted`, so `finally`
clean-up runs and nothing half-done is kept; the handlers that were there before are put
back afterwards. Inside `deferred_signals()` they wait until the block is done, for steps
that must not stop halfway. A signal is never lost: one that arrives while held, or whose
exception Python had to drop (raised inside a finaliser, "Exception ignored in …"), stops
the command at the next child process or at the end of the held block.
"""

import contextlib
import ctypes
import os
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from typing import Protocol

_PR_SET_PDEATHSIG = 1
_GRACE_SECONDS = 5
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """SIGINT or SIGTERM: clean-up runs, nothing half-done is kept."""

    def __init__(self, signum: int = signal.SIGINT):
        super().__init__(signum)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum  # as a shell reports a command stopped by the signal


class _State:
    interruptible = False      # inside interruptible(): signals raise Interrupted
    holding = 0                # depth of deferred_signals() blocks
    pending: int | None = None  # a signal received but not yet raised (held, or dropped by Python)


_state = _State()


def _on_signal(signum, frame):
    if _state.holding:
        _state.pending = _state.pending or signum
        return
    raise Interrupted(signum)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def _install() -> dict:
    # Installed even where the parent left SIGINT ignored (a background job): asked to
    # stop, the command stops.
    return {number: signal.signal(number, _on_signal) for number in SIGNALS}


def _restore(previous: dict):
    for number, handler in previous.items():
        signal.signal(number, handler)


def _deliver():
    """Raise the signal that has waited, through whatever handler is in place now."""
    signum, _state.pending = _state.pending, None
    if signum is None:
        return
    if _state.interruptible:
        raise Interrupted(signum)
    signal.raise_signal(signum)


def raise_pending():
    """Stop here if a signal came that has not stopped the command yet."""
    if _state.pending is not None and not _state.holding:
        _deliver()


@contextlib.contextmanager
def interruptible():
    """SIGINT and SIGTERM raise `Interrupted` within the block; the caller's handlers
    (and Python's hook for dropped exceptions) are restored after it."""
    if not _in_main_thread() or _state.interruptible:
        yield
        return
    previous, hook = _install(), sys.unraisablehook
    sys.unraisablehook = _noting_dropped(hook)
    _state.interruptible = True
    try:
        yield
        raise_pending()  # a signal dropped on the way still stops the command
    finally:
        _state.interruptible, _state.pending = False, None
        sys.unraisablehook = hook
        _restore(previous)


def _noting_dropped(hook):
    def noted(unraisable):
        if isinstance(unraisable.exc_value, Interrupted):
            _state.pending = _state.pending or unraisable.exc_value.signum
            return  # acted on at the next step, not printed as an error
        hook(unraisable)
    return noted


@contextlib.contextmanager
def deferred_signals():
    """Hold SIGINT and SIGTERM until the block is done: for steps that must not stop halfway.
    The signal then takes effect at once (outside `interruptible`, through the caller's handler)."""
    if not _in_main_thread():
        yield
        return
    previous = _install() if not _state.holding and not _state.interruptible else None
    _state.holding += 1
    try:
        yield
    finally:
        _state.holding -= 1
        if previous is not None:
            _restore(previous)
        if not _state.holding:
            _deliver()


def _load_libc():
    try:
        return ctypes.CDLL(None, use_errno=True)
    except OSError:
        return None


_LIBC = _load_libc()  # loaded before any fork: the child only calls it
_SETPRIV = shutil.which("setpriv", path=os.defpath + os.pathsep + "/usr/bin:/bin")
# Run by the child after setpriv: started by this command ($0), and not by whoever took the
# child over when this command died before setpriv told the kernel.
_STILL_OURS = 'test "$PPID" = "$0" && exec "$@"; exit 1'


def _child_setup(parent: int):
    return lambda: tie_to_parent(parent)


def tie_to_parent(parent: int) -> None:
    """In a child just forked from `parent`: end when the parent does, as a child that Ctrl-C
    stops would. SIGINT: git removes its lock files, Python children their temporary files.
    A background shell may have left SIGINT ignored; undo that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    if _LIBC is not None and hasattr(_LIBC, "prctl"):
        _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGINT)
    if os.getppid() != parent:  # the parent died before the line above
        os._exit(1)


def run(command, *, cwd=None, env=None, input: bytes | None = None,
        each_line: Callable[[str], None] | None = None) -> subprocess.CompletedProcess:
    """Run `command` to its end and capture its output; stop its whole group on any interruption.

    With `each_line`, its output (stdout and stderr together) is passed on line by line as
    it comes instead, for a command that runs until stopped (a preview server)."""
    streaming = each_line is not None
    child = start(command, cwd=cwd, env=env, stdin=subprocess.PIPE if input is not None else subprocess.DEVNULL,
                  stdout=subprocess.PIPE, stderr=subprocess.STDOUT if streaming else subprocess.PIPE)
    try:
        if streaming:
            assert child.stdout is not None and each_line is not None  # a pipe (stdout=PIPE)
            with child.stdout:
                for row in child.stdout:
                    each_line(row.decode("utf-8", "replace"))
            stdout, stderr = None, None
            child.wait()
        else:
            stdout, stderr = child.communicate(input)
    except BaseException:
        with deferred_signals():
            stop(child)
        raise
    raise_pending()
    return subprocess.CompletedProcess(command, child.returncode, stdout, stderr)


def start(command, *, cwd=None, env=None, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
          stderr=subprocess.DEVNULL) -> subprocess.Popen:
    """Start `command` in a group of its own, tied to this command's life as `run`'s children
    are; the caller waits for it, and `stop`s it on any interruption."""
    raise_pending()
    if _SETPRIV is None or signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        return subprocess.Popen(command, cwd=cwd, env=env, stdin=stdin, stdout=stdout, stderr=stderr,
                                process_group=0, preexec_fn=_child_setup(os.getpid()))
    return subprocess.Popen(tied(command, parent=os.getpid(), cwd=cwd, env=env), cwd=cwd, env=env, stdin=stdin,
                            stdout=stdout, stderr=stderr, process_group=0)


def tied(command, *, parent: int, cwd=None, env=None) -> list:
    """`command`, run so that it ends when `parent` does (see the module's note). A program that
    is not there is refused here, as Popen would, not by the shell on the way."""
    program = os.fspath(command[0])
    if "/" in program:  # a path, which the child follows from `cwd`
        found = program if os.access(os.path.join(cwd or ".", program), os.X_OK) else None
    else:
        found = shutil.which(program, path=(os.environ if env is None else env).get("PATH", os.defpath))
    if found is None:
        raise FileNotFoundError(2, "No such file or directory", program)
    return [_SETPRIV, "--pdeathsig", "INT", "--", "/bin/sh", "-c", _STILL_OURS, str(parent), found, *command[1:]]


class Child(Protocol):
    """What `stop` asks of a child: a Popen, or a build forked for it (site.build_forks)."""

    pid: int
    returncode: int | None

    def wait(self, timeout: float | None = None) -> int: ...


def stop(child: Child):
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
    for pipe in (getattr(child, name, None) for name in ("stdin", "stdout", "stderr")):
        if pipe is not None:
            # What was still buffered for it can never be read now (closing closes it anyway).
            with contextlib.suppress(BrokenPipeError):
                pipe.close()
