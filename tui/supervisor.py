"""Run docent in a child process, so that a native crash of the model code is reported in one line.

A crash in llama.cpp (an illegal instruction in its AMX kernels on some Intel CPUs, a segmentation
fault) kills the process it happens in before Python can say anything. So the console entry point
forks at the very start, before heavy imports or threads: the child runs docent exactly as before,
with the same stdin, stdout and stderr; the parent only waits. When the child dies by a crash signal,
the parent puts the terminal back as it was, says what crashed and what to try, and exits with
128 + the signal's number, as a shell reports a death by signal (132 for an illegal instruction).
"""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
from collections.abc import Callable
from typing import NoReturn

CRASHES = {  # signal -> what it means, as the user reads it
    signal.SIGILL: "an illegal instruction",
    signal.SIGSEGV: "a segmentation fault",
    signal.SIGBUS: "a bus error",
    signal.SIGFPE: "an arithmetic error",
    signal.SIGABRT: "an abort",
}
README_SECTION = "README: Crashes in the model code"
# Leave the alternate screen, show the cursor, stop mouse, focus and paste reports, pop the kitty keyboard mode.
TERMINAL_RESET = (
    "\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1006l\x1b[?1015l\x1b[?1004l\x1b[?2004l\x1b[<u\x1b[?25h\x1b[?1049l"
)

_interface_flag = None  # in the child: one shared byte the parent reads, 1 while the interface owns the terminal


def mark_interface_running() -> None:
    """Tell the parent that the terminal is in the interface's modes (alternate screen, mouse reports)."""
    if _interface_flag is not None:
        _interface_flag[0] = 1


def exit_supervised(run: Callable[[], int]) -> NoReturn:
    """End the process as run() ends, run supervised. The parent skips Python's finalization: it has
    nothing to tidy, and that saves about 10 ms of CPU time per command (bench/supervisor.py)."""
    if not hasattr(os, "fork"):
        sys.exit(run())
    code = supervise(run)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def supervise(run: Callable[[], int]) -> int:
    """run() in a forked child and return its exit code; a crash of the child becomes one line."""
    if not hasattr(os, "fork"):
        return run()
    import mmap

    terminal = _terminal_state()
    flag = mmap.mmap(-1, 1)
    crash_read, crash_write = os.pipe()
    unblocked = signal.pthread_sigmask(signal.SIG_BLOCK, WATCHED) if _CAN_WAIT_FOR_SIGNALS else None
    pid = os.fork()
    if pid == 0:
        if unblocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, unblocked)
        os.close(crash_read)
        _run_child(run, flag, crash_write)
    os.close(crash_write)
    status = _wait_for_signals(pid) if _CAN_WAIT_FOR_SIGNALS else _wait_with_handlers(pid)
    if os.WIFEXITED(status):
        return os.WEXITSTATUS(status)
    number = os.WTERMSIG(status)
    if number not in CRASHES:
        _die_like_the_child(number)
    _restore_terminal(terminal, interface_was_running=flag[0] == 1)
    stacks = _read_all(crash_read)
    print(f"docent: error: {crash_line(number, stacks)}", file=sys.stderr)
    if "--debug" in sys.argv[1:]:
        print(stacks, file=sys.stderr, end="")
    return 128 + number


def _run_child(run: Callable[[], int], flag, crash_write: int):
    global _interface_flag
    _interface_flag = flag
    os.set_blocking(crash_write, False)  # a crash never waits for the parent to read
    faulthandler.enable(crash_write, all_threads=True)  # the Python stacks at a crash tell what crashed
    status = run()
    signal.signal(signal.SIGINT, _interrupted_while_ending)
    sys.exit(status)


def _interrupted_while_ending(_number, _frame) -> None:
    """Ctrl+C while the child ends (the model being freed, threads joined): exit 130 as during the answer,
    rather than die of the signal in the interpreter's shutdown."""
    os.write(2, b"\ndocent: interrupted\n")
    os._exit(INTERRUPTED)


# Ctrl+C and Ctrl+Z at the terminal reach the child as well (the same process group): only a signal
# sent to this process by another one (kill, a test) is passed on. SIGTERM and SIGHUP always are.
FROM_THE_TERMINAL_TOO = (signal.SIGINT, signal.SIGTSTP)
INTERRUPTED = 128 + signal.SIGINT  # the exit status of a run stopped by Ctrl+C, here and in tui/cli.py
WATCHED = {signal.SIGCHLD, signal.SIGINT, signal.SIGTSTP, signal.SIGTERM, signal.SIGHUP}
_CAN_WAIT_FOR_SIGNALS = hasattr(signal, "sigwaitinfo")  # Linux and most POSIX systems; not macOS


def _wait_for_signals(pid: int) -> int:
    """The child's final status, passing on signals meant for it; when it stops, this process stops too."""
    while True:
        info = signal.sigwaitinfo(WATCHED)
        if info.si_signo == signal.SIGCHLD:
            done, status = os.waitpid(pid, os.WNOHANG | os.WUNTRACED)
            if done and os.WIFSTOPPED(status):
                os.kill(os.getpid(), signal.SIGSTOP)  # the shell sees the job stop; `fg` continues both
            elif done:
                return status
        elif info.si_signo not in FROM_THE_TERMINAL_TOO or info.si_code <= 0:  # <= 0: sent by a process
            os.kill(pid, info.si_signo)


def _wait_with_handlers(pid: int) -> int:
    """As _wait_for_signals, where the sender of a signal cannot be known: Ctrl+C is taken for the terminal's
    when this process is in the terminal's foreground group."""

    def forward(number, _frame) -> None:
        if number not in FROM_THE_TERMINAL_TOO or not _in_the_foreground():
            os.kill(pid, number)

    for number in WATCHED - {signal.SIGCHLD}:
        signal.signal(number, forward)
    while True:
        _, status = os.waitpid(pid, os.WUNTRACED)
        if not os.WIFSTOPPED(status):
            return status
        os.kill(os.getpid(), signal.SIGSTOP)


def _in_the_foreground() -> bool:
    try:
        return os.tcgetpgrp(0) == os.getpgrp()
    except OSError:
        return False


def crash_line(number: int, stacks: str) -> str:
    """What crashed and what to try, from the signal and the Python stacks faulthandler wrote."""
    crash = signal.Signals(number)
    if "llama_cpp" in stacks:
        return (
            f"the model code (llama.cpp) crashed with {CRASHES[crash]} ({crash.name}); "
            f"try --extra-bufts off (see {README_SECTION})"
        )
    return f"docent crashed in native code with {CRASHES[crash]} ({crash.name}); run with --debug to see where"


def _die_like_the_child(number: int) -> None:
    """A child ended by SIGTERM, SIGKILL or the like: end the same way, as if there were one process."""
    if number != signal.SIGKILL:
        signal.signal(number, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {number})
    os.kill(os.getpid(), number)
    sys.exit(128 + number)  # a signal that does not end a process by default


def _terminal_state():
    """stdin's terminal attributes, to put back after a crash; None when stdin is no terminal."""
    try:
        if not os.isatty(0):
            return None
        import termios

        return termios.tcgetattr(0)
    except (ImportError, OSError):
        return None


def _restore_terminal(attributes, interface_was_running: bool) -> None:
    """Put back the terminal's attributes (echo, line mode) and, after the interface, its screen and modes."""
    if attributes is not None:
        import termios

        try:
            termios.tcsetattr(0, termios.TCSADRAIN, attributes)
        except (termios.error, OSError):
            pass
    terminal = next((fd for fd in (1, 2) if os.isatty(fd)), None)
    if interface_was_running and terminal is not None:
        try:
            os.write(terminal, TERMINAL_RESET.encode())
        except OSError:
            pass


def _read_all(fd: int) -> str:
    chunks = []
    os.set_blocking(fd, False)
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    finally:
        os.close(fd)
    return b"".join(chunks).decode(errors="replace")
