"""Errors as the interface shows them: one line, a traceback only with --debug."""

from __future__ import annotations

import traceback


def describe(error: BaseException, debug: bool = False) -> str:
    """One line for an error: its message when the user can cause it, else its kind too."""
    from docent.tui.cli import user_errors
    from docent.tui.history_store import HistoryError

    if isinstance(error, user_errors() + (HistoryError,)):
        message = str(error)
    else:
        message = f"unexpected error: {type(error).__name__}: {error}"
    return message + ("\n" + traceback.format_exc() if debug else "")
