"""The sources panel: the passages the selected answer was given, cited ones marked."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from docent.answering.types import Answer
from docent.tui.source_label import located_briefly

CITED, NOT_CITED, UNVERIFIED = "●", "○", "◐"
INDENT = " " * 4
EMPTY = "The sources of the selected answer appear here."


def source_prompt(n: int, answer: Answer) -> Text:
    """Two lines for source n: mark, number and the source's own words; then document, section and BM25 score."""
    scored = answer.passages[n - 1]
    citation = next((c for c in answer.citations if c.n == n), None)
    passage = scored.passage
    prompt = Text(no_wrap=True, overflow="ellipsis")
    if citation is None:
        prompt.append(f"{NOT_CITED} ", style="dim")
    elif citation.verified:
        prompt.append(f"{CITED} ", style="bold")
    else:
        prompt.append(f"{UNVERIFIED} ", style="bold yellow")
    prompt.append(f"[{n}] ", style="bold")
    prompt.append(" ".join(passage.text.split()) or passage.title, style="" if citation else "dim")
    line = f"\n{INDENT}{located_briefly(passage)} · score {scored.score:.2f}"
    if citation is not None and not citation.verified:
        line += f" · unverified (support {citation.support:.2f})"
    prompt.append(line, style="dim")
    return prompt


class SourcesPanel(Vertical):
    """Lists the sources of one answer; Enter, a click, or a digit opens one."""

    class SourceChosen(Message):
        """The reader chose source n of the answer shown."""

        def __init__(self, n: int) -> None:
            super().__init__()
            self.n = n

    def __init__(self, id: str | None = None) -> None:
        super().__init__(id=id)
        self.answer: Answer | None = None

    def compose(self) -> ComposeResult:
        yield Static("Sources", classes="panel-title")
        yield Static(EMPTY, classes="empty", markup=False)
        yield OptionList(id="source-list")

    @property
    def options(self) -> OptionList:
        return self.query_one("#source-list", OptionList)

    def show(self, answer: Answer | None, number: int | None = None) -> None:
        """List the sources of answer, the number'th answer of the session (None: nothing to show)."""
        self.answer = answer
        title = "Sources" if number is None else f"Sources of answer {number}"
        self.query_one(".panel-title", Static).update(title)
        options = self.options
        options.clear_options()
        passages = answer.passages if answer else []
        if answer is not None:
            options.add_options([Option(source_prompt(n, answer), id=str(n)) for n in range(1, len(passages) + 1)])
        options.display = bool(passages)
        empty = self.query_one(".empty", Static)
        empty.display = not passages
        if answer is not None and not passages:
            empty.update("No passage matched this question.")
        elif answer is None:
            empty.update(EMPTY)
        if passages:
            options.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:  # every option is made with its source number as id
            self.post_message(self.SourceChosen(int(event.option.id)))

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and self.answer is not None:
            n = int(event.character)
            if 1 <= n <= len(self.answer.passages):
                event.stop()
                self.options.highlighted = n - 1
                self.post_message(self.SourceChosen(n))
