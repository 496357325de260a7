"""What the supervised child process (tui/supervisor.py) costs at start.

First the supervisor alone, in this process: fork, a child that exits at once, the wait. Then the
whole `docent --version` command with and without the supervisor, alternately, as new processes:
wall time, and CPU time (user + system, of both processes), which a busy machine disturbs less.

    python bench/supervisor.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docent.tui import cli  # noqa: E402  (what the command has imported when it forks)
from docent.tui.supervisor import supervise  # noqa: E402

COMMAND = "import sys; from docent.tui import cli; sys.argv = ['docent', '--version']; cli.{}()"


def supervisor_alone(runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        supervise(lambda: os._exit(0))
        times.append(time.perf_counter() - started)
    return times


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def whole_command(runs: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall and CPU seconds of each run, by the function the command calls."""
    wall: dict[str, list[float]] = {"entry_point": [], "main": []}
    cpu: dict[str, list[float]] = {"entry_point": [], "main": []}
    for _ in range(runs):
        for function in wall:
            started, cpu_before = time.perf_counter(), cpu_of_children()
            subprocess.run([sys.executable, "-c", COMMAND.format(function)], check=True, stdout=subprocess.DEVNULL)
            wall[function].append(time.perf_counter() - started)
            cpu[function].append(cpu_of_children() - cpu_before)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    alone = statistics.median(supervisor_alone(args.runs * 4)) * 1000
    print(f"supervisor alone (fork, exit, wait)  median {alone:6.2f} ms over {args.runs * 4} runs ({cli.__name__} imported)")
    for label, times in zip(("wall", "CPU"), whole_command(args.runs), strict=True):
        supervised, bare = (statistics.median(times[name]) * 1000 for name in ("entry_point", "main"))
        print(f"docent --version, {label:4}: supervised {supervised:6.1f} ms, without {bare:6.1f} ms, "
              f"difference {supervised - bare:6.1f} ms (medians of {args.runs} runs each, alternated)")


if __name__ == "__main__":
    main()
