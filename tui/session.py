"""The conversation in progress: its answers, its id in the history, and the turns a follow-up sees."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from docent.answering.types import Answer, Turn


@dataclass
class Session:
    answers: list[Answer] = field(default_factory=list)
    session_id: int | None = None  # set once the first answer is saved
    started_at: datetime | None = None

    def turns(self) -> list[Turn]:
        """Earlier questions and their complete answers, oldest first, for a follow-up question."""
        return [Turn(a.question, a.text) for a in self.answers if not a.stopped]
