"""The help screen: every key docent answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

KEYS: list[tuple[str, str]] = [
    ("Enter", "ask the question in the box"),
    ("Esc", "stop the answer being written (what came so far stays)"),
    ("Alt+1 … Alt+9", "read passage [n] of the selected answer"),
    ("click [n]", "read the cited passage"),
    ("Tab / Shift+Tab", "move between question box, conversation and sources"),
    ("1 … 9, Enter", "in the sources panel: open that source"),
    ("Ctrl+↑ / Ctrl+↓", "select the previous / next answer"),
    ("Ctrl+Y", "copy the selected answer, with its sources"),
    ("Ctrl+B", "show or hide the sources panel"),
    ("Ctrl+N", "start a new session"),
    ("Ctrl+R", "history: reopen or export a past session"),
    ("Ctrl+S", "export this session to Markdown"),
    ("Ctrl+P", "command palette"),
    ("F1 or ?", "this help (? when not typing a question)"),
    ("Ctrl+Q", "quit"),
]

PASSAGE_KEYS: list[tuple[str, str]] = [
    ("← / →, 1 … 9", "the previous / next / numbered source"),
    ("Esc or q", "back to the conversation"),
]


def keys_markdown() -> str:
    def table(rows: list[tuple[str, str]]) -> str:
        return "\n".join(["| Key | Does |", "| --- | --- |", *(f"| {key} | {does} |" for key, does in rows)])

    return f"{table(KEYS)}\n\n**In the passage view**\n\n{table(PASSAGE_KEYS)}\n"


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close", show=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("docent · keys", classes="screen-title")
            yield Markdown(keys_markdown())
            yield Static("Answers cite passages like [1]; ● in the sources panel marks the cited ones.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
