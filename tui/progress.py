"""A one-line progress display on stderr for long downloads and indexing."""

from __future__ import annotations

import sys
import time


class ProgressLine:
    """Redraws one stderr line at most ten times a second; prints nothing when stderr is not a terminal."""

    def __init__(self, stream=None, unit: str = "MB") -> None:
        self.stream = stream or sys.stderr
        self.unit = unit
        self.enabled = self.stream.isatty()
        self._last_draw = 0.0
        self._stage = ""

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if stage == self._stage and now - self._last_draw < 0.1 and done < total:
            return
        self._stage, self._last_draw = stage, now
        self.stream.write("\r" + self.render(stage, done, total))
        self.stream.flush()

    def render(self, stage: str, done: int, total: int) -> str:
        return render_bar(stage, done, total, self.unit)

    def close(self) -> None:
        if self.enabled and self._stage:
            self.stream.write("\n")
            self.stream.flush()


def _amount(value: int, unit: str) -> str:
    return f"{value / 1e6:.1f} MB" if unit == "MB" else f"{value} {unit}".rstrip()


def render_bar(stage: str, done: int, total: int, unit: str = "MB", width: int = 30) -> str:
    if total <= 0:
        return f"{stage:<12} {_amount(done, unit)}"
    filled = min(width, width * done // total)
    return f"{stage:<12} [{'#' * filled}{'.' * (width - filled)}] {_amount(done, unit).split()[0]} / {_amount(total, unit)}"
