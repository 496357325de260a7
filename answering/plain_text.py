"""Text without control characters or terminal escape sequences, whether from a model, a question or a document."""

from __future__ import annotations

import re

# C0 controls but tab and newline, DEL, C1 controls; ESC sequences are removed whole.
_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    return _CONTROL.sub("", _ESCAPE_SEQUENCE.sub("", text))
