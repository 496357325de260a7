"""How many threads the model should run on now: as many as there are cores nobody else is using.

llama.cpp's threads wait for each other at every step of a token, so one thread that shares its core with
another busy program holds all of them back. On this 2-core machine, with one other program busy, an answer
took 2.73 s on 2 threads and 1.27 s on 1 (0.61 s and 0.94 s with nothing else running: bench/threads.py).
Where the system does not say how busy it is (no /proc/stat), all configured threads are used.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

PROC_STAT = Path("/proc/stat")
SAMPLE_SECONDS = 0.03  # how long the other programs' use of the cores is watched before an answer
IDLE_FIELDS = (3, 4)  # idle and iowait, among the "cpu" line's times


def cpu_times(stat: Path = PROC_STAT) -> tuple[int, int] | None:
    """(idle, total) clock ticks of all cores since boot, None where the system does not tell."""
    try:
        first = stat.read_text().split("\n", 1)[0].split()
    except OSError:
        return None
    if not first or first[0] != "cpu":
        return None
    ticks = [int(value) for value in first[1:]]
    return sum(ticks[i] for i in IDLE_FIELDS if i < len(ticks)), sum(ticks)


def busy_cores(read: Callable[[], tuple[int, int] | None] = cpu_times, cores: int | None = None,
               wait: Callable[[float], None] = time.sleep) -> float | None:
    """How many cores' worth of work is running now (watched for SAMPLE_SECONDS), None if unknown."""
    before = read()
    wait(SAMPLE_SECONDS)
    after = read()
    if before is None or after is None or after[1] <= before[1]:
        return None
    idle_share = (after[0] - before[0]) / (after[1] - before[1])
    return (1 - idle_share) * (cores or os.cpu_count() or 1)


def threads_to_use(configured: int, busy: float | None, cores: int | None = None) -> int:
    """configured, less one thread for each core (rounded) that other work keeps busy; at least one."""
    if busy is None:
        return configured
    free = (cores or os.cpu_count() or 1) - busy
    return max(1, min(configured, int(free + 0.5)))
