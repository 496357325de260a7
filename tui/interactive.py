"""Plain `docent`: the terminal interface."""

from __future__ import annotations

from tui.cli import UsageError
from tui.settings import Settings


def run_interface(settings: Settings, debug: bool = False) -> int:
    raise UsageError("the terminal interface is not built yet; ask one question with: docent --ask \"...\"")
