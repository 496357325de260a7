"""The `docent` command runs in a supervised child: a native crash is one line and an exit code."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from docent.tui.supervisor import crash_line

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the supervisor forks (POSIX only)")

# The docent command, with its main() replaced by one that crashes as a native library would.
CRASHING_DOCENT = (
    "import os, signal\n"
    "from docent.tui import cli\n"
    "def crash(argv=None):\n"
    "    {crash}\n"
    "cli.main = crash\n"
    "cli.entry_point()\n"
)
IN_THE_MODEL_CODE = (  # a crash while a frame of llama_cpp runs, as when llama.cpp faults
    "exec(compile('import os, signal; os.kill(os.getpid(), signal.{name})', '/site-packages/llama_cpp/llama.py', 'exec'))"
)


def run_docent(crash: str, *arguments: str) -> subprocess.CompletedProcess:
    program = CRASHING_DOCENT.format(crash=crash)
    return subprocess.run([sys.executable, "-c", program, *arguments], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("name, code, meaning", [("SIGILL", 132, "an illegal instruction"), ("SIGSEGV", 139, "a segmentation fault")])
def test_a_crash_in_the_model_code_is_one_line_and_exit_128_plus_the_signal(name, code, meaning):
    done = run_docent(IN_THE_MODEL_CODE.format(name=name))
    assert done.returncode == code
    assert done.stderr == (
        f"docent: error: the model code (llama.cpp) crashed with {meaning} ({name}); "
        "try --extra-bufts off (see README: Crashes in the model code)\n"
    )


def test_a_crash_elsewhere_says_native_code_and_debug_shows_the_python_stacks():
    done = run_docent("os.kill(os.getpid(), signal.SIGBUS)", "--debug")
    assert done.returncode == 128 + signal.SIGBUS
    first, *rest = done.stderr.splitlines()
    assert first == "docent: error: docent crashed in native code with a bus error (SIGBUS); run with --debug to see where"
    assert any("in crash" in line for line in rest)  # the stack of the thread that crashed


def test_the_exit_code_and_output_of_a_child_that_ends_normally_are_kept():
    done = run_docent("print('an answer'); return 7")
    assert (done.returncode, done.stdout, done.stderr) == (7, "an answer\n", "")


def test_a_terminated_child_ends_the_command_the_same_way():
    done = run_docent("os.kill(os.getpid(), signal.SIGTERM)")
    assert (done.returncode, done.stderr) == (-signal.SIGTERM, "")


def test_sigterm_to_the_command_reaches_the_child():
    program = CRASHING_DOCENT.format(crash="import time; print('ready', flush=True); time.sleep(30)")
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "ready\n"
    process.terminate()
    assert process.wait(timeout=10) == -signal.SIGTERM
    assert process.stderr.read() == ""


def test_stdin_reaches_the_child():
    program = CRASHING_DOCENT.format(crash="import sys; print(sys.stdin.read().upper(), end=''); return 0")
    done = subprocess.run([sys.executable, "-c", program], input="question\n", capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout) == (0, "QUESTION\n")


def test_the_crash_line_names_each_crash_signal():
    for number in (signal.SIGILL, signal.SIGSEGV, signal.SIGBUS, signal.SIGFPE, signal.SIGABRT):
        line = crash_line(number, 'File "/x/llama_cpp/_internals.py", line 1 in decode')
        assert line.startswith("the model code (llama.cpp) crashed with ") and signal.Signals(number).name in line


def run_at_a_terminal(crash: str, keys: bytes = b"") -> tuple[int, bytes, bool]:
    """Run the crashing docent with a pty as its controlling terminal: its exit code, all it wrote, and
    whether the terminal's attributes (echo, line mode) are at the end what they were at the start."""
    import fcntl
    import termios

    main_fd, terminal_fd = os.openpty()
    attributes = termios.tcgetattr(terminal_fd)

    def take_the_terminal() -> None:  # a new session whose controlling terminal is the pty
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)

    program = CRASHING_DOCENT.format(crash=crash)
    process = subprocess.Popen(
        [sys.executable, "-c", program], stdin=terminal_fd, stdout=terminal_fd, stderr=terminal_fd,
        start_new_session=True, preexec_fn=take_the_terminal,
    )
    os.close(terminal_fd)
    output = b""
    while b"ready" not in output:
        output += os.read(main_fd, 1024)
    os.write(main_fd, keys)
    code = process.wait(timeout=10)
    restored = termios.tcgetattr(main_fd) == attributes
    try:
        while chunk := os.read(main_fd, 1024):
            output += chunk
    except OSError:  # the terminal closed
        pass
    os.close(main_fd)
    return code, output, restored


def test_ctrl_c_at_a_terminal_interrupts_the_child_and_the_command_exits_130():
    code, output, _ = run_at_a_terminal(
        "import time\n    try:\n        print('ready', flush=True); time.sleep(30)\n"
        "    except KeyboardInterrupt:\n        print('interrupted', flush=True); return 130",
        keys=b"\x03",  # the terminal sends SIGINT to both processes
    )
    assert code == 130
    assert output.count(b"interrupted") == 1


def test_a_crash_while_the_interface_runs_puts_the_terminal_back():
    from docent.tui.supervisor import TERMINAL_RESET

    code, output, restored = run_at_a_terminal(
        "import sys, time, termios, tty\n    from docent.tui.supervisor import mark_interface_running\n"
        "    mark_interface_running(); tty.setraw(0)\n"
        "    sys.stdout.write('\\x1b[?1049h\\x1b[?1003hready'); sys.stdout.flush(); time.sleep(0.2)\n"
        "    os.kill(os.getpid(), signal.SIGILL)"
    )
    assert code == 132 and restored
    after = output.split(b"ready", 1)[1]
    assert after.startswith(TERMINAL_RESET.encode())  # alternate screen left, mouse reports off, cursor shown
    assert b"docent: error: docent crashed in native code with an illegal instruction (SIGILL)" in after


def test_ctrl_c_while_the_child_ends_exits_130_not_by_the_signal():
    """The answer is out, the child's interpreter waits for a thread to end (as when the model is freed)."""
    program = (
        "import sys, threading, time\n"
        "from docent.tui.supervisor import exit_supervised\n"
        "def run():\n"
        "    threading.Thread(target=time.sleep, args=(30,)).start()\n"
        "    print('answered', flush=True)\n"
        "    return 0\n"
        "exit_supervised(run)\n"
    )
    process = subprocess.Popen([sys.executable, "-c", program], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline() == "answered\n"
    time.sleep(0.3)
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 130
    assert "interrupted" in process.stderr.read()
