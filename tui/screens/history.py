"""The history screen: past sessions, most recent first; reopen or export one."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from docent.tui.history_store import SessionSummary

QUESTION_CHARS = 200


def when(summary: SessionSummary) -> str:
    return summary.started_at.astimezone().strftime("%Y-%m-%d %H:%M")


def one_line(text: str, limit: int = QUESTION_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class HistoryScreen(Screen[int | None]):
    """Dismissed with the id of the session to reopen, or None."""

    BINDINGS = [
        Binding("enter", "open", "Reopen", show=True, priority=True),
        Binding("e", "export", "Export", show=True),
        Binding("escape,q", "close", "Back", show=True),
    ]

    class ExportRequested(Message):
        """The reader asked to export session_id to Markdown."""

        def __init__(self, session_id: int) -> None:
            super().__init__()
            self.session_id = session_id

    def __init__(self, sessions: list[SessionSummary]) -> None:
        super().__init__()
        self.sessions = sessions

    def compose(self) -> ComposeResult:
        count = len(self.sessions)
        yield Static(f"History · {count} session{'s' if count != 1 else ''} · Enter reopens, e exports", classes="screen-title")
        if not self.sessions:
            yield Static("No sessions yet: every question you ask is kept here.", classes="hint")
        table: DataTable = DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        table.add_columns("Started", "Q", "First question")
        for summary in self.sessions:
            table.add_row(when(summary), str(summary.questions), one_line(summary.first_question), key=str(summary.id))
        yield table
        yield Footer()

    def _highlighted(self) -> int | None:
        table = self.query_one(DataTable)
        if not self.sessions or table.cursor_row is None:
            return None
        return self.sessions[table.cursor_row].id

    def action_open(self) -> None:
        session_id = self._highlighted()
        if session_id is not None:
            self.dismiss(session_id)

    def action_export(self) -> None:
        session_id = self._highlighted()
        if session_id is not None:
            self.post_message(self.ExportRequested(session_id))

    def action_close(self) -> None:
        self.dismiss(None)
