"""The help screen: every key docent answers to."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str]] = [
    ("Enter", "ask the question in the box"),
    ("typing", "goes into the question box, wherever the focus is"),
    ("Esc", "stop the answer being written; what came so far stays"),
    ("Alt+1 … Alt+9", "read passage [n] of the selected answer"),
    ("click [n]", "read the cited passage"),
    ("Tab / Shift+Tab", "move between question box, answers and sources"),
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


def keys_table(rows: list[tuple[str, str]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1), expand=True)
    table.add_column("key", style="bold", no_wrap=True, width=16)
    table.add_column("does", ratio=1)
    for key, does in rows:
        table.add_row(Text(key), Text(does))
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,f1,q,question_mark", "dismiss", "Close", show=True)]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static("docent · keys   (Esc closes)", classes="screen-title")
            yield Static(keys_table(KEYS), classes="keys")
            yield Static("In the passage view", classes="subtitle")
            yield Static(keys_table(PASSAGE_KEYS), classes="keys")
            yield Static("Answers cite passages like [1]; ● in the sources panel marks the cited ones.", classes="hint")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()
