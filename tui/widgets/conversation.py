"""The conversation: each question and its answer, the answer streaming as Markdown with clickable citations."""

from __future__ import annotations

import re
import threading

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static
from textual.widgets.markdown import MarkdownStream
from textual.worker import get_current_worker

from docent.answering.citations import CITATION
from docent.answering.pipeline import Answerer
from docent.answering.types import Answer, Turn
from docent.tui.errors import describe

CITE_SCHEME = "cite:"
UNVERIFIED = "⚠"
WELCOME = (
    "Ask a question about your documents below and press Enter.\n"
    "Answers cite their sources like [1]: click one, or press Alt+1…9, to read the passage.\n"
    "Esc stops an answer · Tab moves to the sources · F1 lists every key."
)


def linkify_citations(text: str) -> str:
    """Markdown in which every cited number, as in [1] or [1, 3], is its own link: [[1]](cite:1)."""

    def links(match: re.Match[str]) -> str:
        numbers = [n.strip() for n in match.group(1).split(",")]
        return "".join(f"[\\[{n}\\]]({CITE_SCHEME}{n})" for n in numbers)

    return CITATION.sub(links, text)


def cited_number(href: str) -> int | None:
    """The source number a citation link points to, or None for any other link."""
    if href.startswith(CITE_SCHEME) and href[len(CITE_SCHEME):].isdigit():
        return int(href[len(CITE_SCHEME):])
    return None


def answer_meta(answer: Answer) -> str:
    """The line under an answer: how many of its sources it cites, which citations failed their check,
    what the sources do not hold, whether it is in the sources' words, and whether it was stopped."""
    shown = len(answer.passages)
    if not shown:
        parts = ["no passage matched the question"]
    else:
        parts = [f"cites {len(answer.citations)} of {shown} source{'s' if shown != 1 else ''}"]
    unverified = [f"[{c.n}]" for c in answer.citations if not c.verified]
    if unverified:
        parts.append(f"{UNVERIFIED} unverified: {', '.join(unverified)}")
    if answer.unsupported:
        parts.append(f"not in the sources: {', '.join(answer.unsupported)}")
    if answer.withheld and not answer.abstained:
        parts.append("in the sources' words: the model's reply was not supported, so it is not shown")
    if answer.stopped:
        parts.insert(0, "■ stopped")
    return " · ".join(parts)


class ExchangeView(Vertical):
    """One question and its answer."""

    class Selected(Message):
        """The reader clicked this exchange."""

        def __init__(self, exchange: ExchangeView) -> None:
            super().__init__()
            self.exchange = exchange

    class Answered(Message):
        """The answer is complete (or was stopped): answer is what it came to."""

        def __init__(self, exchange: ExchangeView, answer: Answer) -> None:
            super().__init__()
            self.exchange = exchange
            self.answer = answer

    class Failed(Message):
        """The question could not be answered; message says why in one line."""

        def __init__(self, exchange: ExchangeView, message: str) -> None:
            super().__init__()
            self.exchange = exchange
            self.message = message

    class Grew(Message):
        """More of the answer is on screen."""

    class CitationClicked(Message):
        """The reader clicked citation [n] in this exchange's answer."""

        def __init__(self, exchange: ExchangeView, n: int) -> None:
            super().__init__()
            self.exchange = exchange
            self.n = n

    def __init__(self, question: str, answer: Answer | None = None) -> None:
        super().__init__(classes="exchange")
        self.question = question
        self.answer = answer
        self._stream: MarkdownStream | None = None

    def compose(self) -> ComposeResult:
        yield Static(self.question, classes="question", markup=False)
        text = linkify_citations(self.answer.text) if self.answer else ""
        yield Markdown(text, classes="answer", open_links=False)
        meta = answer_meta(self.answer) if self.answer else ""
        yield Static(meta, classes="meta", markup=False)

    @property
    def markdown(self) -> Markdown:
        return self.query_one(".answer", Markdown)

    def set_meta(self, text: str, error: bool = False) -> None:
        meta = self.query_one(".meta", Static)
        meta.update(text)
        meta.set_class(error, "-error")

    def ask(self, answerer: Answerer, history: list[Turn], model_lock: threading.Lock, debug: bool = False) -> None:
        """Answer the question in a worker thread; the answer appears once it has passed the checks."""
        self.set_meta("answering and checking the answer against the sources… (Esc stops)")
        self._stream = Markdown.get_stream(self.markdown)
        self._generate(answerer, history, model_lock, debug)

    @work(thread=True, exclusive=True, group="answer", exit_on_error=False)
    def _generate(self, answerer: Answerer, history: list[Turn], model_lock: threading.Lock, debug: bool) -> None:
        worker = get_current_worker()

        def on_text(text: str) -> None:
            if not worker.is_cancelled:
                try:
                    # call_from_thread awaits a coroutine function's result; its annotation infers Never here
                    self.app.call_from_thread(self.write, text)  # type: ignore[arg-type]
                except RuntimeError:  # the app has stopped meanwhile
                    pass

        with model_lock:  # one generation at a time, even while a stopped one finishes its token
            try:
                answer = answerer.ask(self.question, on_text, lambda: worker.is_cancelled, history)
            except Exception as error:
                self.post_message(self.Failed(self, describe(error, debug)))
                return
        self.post_message(self.Answered(self, answer))

    async def write(self, text: str) -> None:
        """Append streamed answer text."""
        if self._stream is not None and text:
            await self._stream.write(linkify_citations(text))
            self.post_message(self.Grew())

    async def stop(self) -> None:
        """The reader stopped the answer: keep what came so far, take no more; the model stops at its next token."""
        self.workers.cancel_group(self, "answer")
        await self._stop_stream()
        self.set_meta("■ stopped")

    async def finish(self, answer: Answer) -> None:
        """Show the final answer, exactly as it will be saved."""
        await self._stop_stream()
        self.answer = answer
        await self.markdown.update(linkify_citations(answer.text))
        self.set_meta(answer_meta(answer))
        self.post_message(self.Grew())

    async def fail(self, message: str) -> None:
        await self._stop_stream()
        self.set_meta(message, error=True)

    async def _stop_stream(self) -> None:
        if self._stream is not None:
            await self._stream.stop()
            self._stream = None

    def on_click(self) -> None:
        self.post_message(self.Selected(self))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        n = cited_number(event.href)
        if n is not None:
            self.post_message(self.CitationClicked(self, n))


class Conversation(VerticalScroll):
    """Every exchange of the session, oldest first; the selected one is marked."""

    def compose(self) -> ComposeResult:
        yield Static(WELCOME, id="welcome", markup=False)

    def on_exchange_view_grew(self, event: ExchangeView.Grew) -> None:
        event.stop()
        self.follow()

    @property
    def exchanges(self) -> list[ExchangeView]:
        return list(self.query(ExchangeView))

    async def add(self, question: str, answer: Answer | None = None) -> ExchangeView:
        view = ExchangeView(question, answer)
        self.query_one("#welcome").display = False
        await self.mount(view)
        self.follow(again=True)
        return view

    def follow(self, again: bool = False) -> None:
        """Keep the newest text in view once the conversation is taller than the screen.

        again: scroll back to the end even if the reader had scrolled up (a new question was asked).
        """
        self.call_after_refresh(self._anchor_when_overflowing, again)

    def _anchor_when_overflowing(self, again: bool) -> None:
        if self.max_scroll_y > 0 and (again or not self.is_anchored):
            self.anchor()  # an anchored container shorter than its view would sit at the bottom

    async def clear(self) -> None:
        await self.query(ExchangeView).remove()
        self.anchor(False)
        self.query_one("#welcome").display = True

    def select(self, view: ExchangeView | None, scroll: bool = False) -> None:
        for exchange in self.exchanges:
            exchange.set_class(exchange is view, "-selected")
        if view is not None and scroll:
            self.scroll_to_widget(view, animate=False)
