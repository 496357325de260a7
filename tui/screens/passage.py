"""The passage view: a source inside its whole document, the cited span highlighted and scrolled into view."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static

from docent.answering.types import Answer
from docent.retrieval.documents import Document

BLOCK_BREAK = re.compile(r"\n\s*\n")
LINE_BREAK = re.compile(r"\n")
LONG_BLOCK_CHARS = 2000


def _split(text: str, start: int, end: int, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans, position = [], start
    for match in pattern.finditer(text, start, end):
        if text[position : match.start()].strip():
            spans.append((position, match.start()))
        position = match.end()
    if text[position:end].strip():
        spans.append((position, end))
    return spans


def document_blocks(text: str) -> list[tuple[int, int]]:
    """Character spans of the paragraphs of text; a very long paragraph is cut at its line breaks."""
    blocks = []
    for start, end in _split(text, 0, len(text), BLOCK_BREAK):
        if end - start > LONG_BLOCK_CHARS:
            blocks.extend(_split(text, start, end, LINE_BREAK))
        else:
            blocks.append((start, end))
    return blocks


SHOWN_AROUND_CHARS = 40_000  # of a long document, the passage view shows this much on either side of the passage


def _around(before: list[tuple[int, int]], after: list[tuple[int, int]]) -> tuple[list[tuple[int, int]], ...]:
    """The paragraphs shown before and after the cited ones: up to SHOWN_AROUND_CHARS of each, whole paragraphs,
    at least one. Wrapping the 1.7 MB of HAProxy's configuration manual took the view 2.3 s to open."""
    kept_before = [b for b in before if before[-1][1] - b[0] <= SHOWN_AROUND_CHARS] or before[-1:]
    kept_after = [b for b in after if b[1] - after[0][0] <= SHOWN_AROUND_CHARS] or after[:1]
    return kept_before, kept_after


def _left_out(start: int, end: int, where: str) -> str:
    return f"… {end - start:,} characters of the document {where} this are not shown here."


def passage_in_document(document: Document | None, start: int, end: int, passage_text: str) -> bool:
    """Whether document still holds the passage at the same place (it may have changed since)."""
    return document is not None and document.text[start:end] == passage_text


class PassageScreen(Screen[None]):
    """Source n of an answer inside its document; ←/→ or a digit moves to another source."""

    BINDINGS = [
        Binding("escape,q", "close", "Back", show=True),
        Binding("left,p", "step(-1)", "Previous source", show=True),
        Binding("right,n", "step(1)", "Next source", show=True),
    ]
    COMPONENT_CLASSES = {"passage-screen--cited"}

    def __init__(self, answer: Answer, n: int, documents: Mapping[str, Document]) -> None:
        super().__init__()
        self.answer = answer
        self.n = n
        self.documents = documents

    def compose(self) -> ComposeResult:
        yield Static(id="passage-title", markup=False)
        yield Static(id="passage-where", markup=False)
        yield VerticalScroll(id="document")
        yield Footer()

    async def on_mount(self) -> None:
        await self.show(self.n)

    async def show(self, n: int) -> None:
        self.n = n
        scored = self.answer.passages[n - 1]
        passage = scored.passage
        cited = any(c.n == n for c in self.answer.citations)
        self.query_one("#passage-title", Static).update(
            f"[{n}] {'cited' if cited else 'not cited'} · {passage.title or passage.doc_id}"
        )
        self.query_one("#passage-where", Static).update(
            f"{passage.doc_id} · characters {passage.start}–{passage.end} · score {scored.score:.2f}"
            f" · source {n} of {len(self.answer.passages)}"
        )
        document = self.documents.get(passage.doc_id)
        scroll = self.query_one("#document", VerticalScroll)
        await scroll.remove_children()
        if document is not None and passage_in_document(document, passage.start, passage.end, passage.text):
            first = await self._mount_document(scroll, document.text, passage.start, passage.end)
        else:
            note = Static("The document has changed or is not in this corpus; the passage as it was cited:", classes="hint")
            first = Static(Text(passage.text, style=self._cited_style()), classes="block -cited")
            await scroll.mount_all([note, first])
        self.call_after_refresh(scroll.scroll_to_center, first, animate=False, origin_visible=True)

    def _cited_style(self):
        return self.get_component_rich_style("passage-screen--cited")

    async def _mount_document(self, scroll: VerticalScroll, text: str, start: int, end: int) -> Static:
        """Mount the document as at most three widgets, the paragraphs before the cited span, those holding it
        (highlighted) and those after, and return the middle one. A widget a paragraph took seconds to mount
        for a long document (2,521 paragraphs of the bash man page: 2.5 s)."""
        blocks = document_blocks(text)
        cited = [i for i, (a, b) in enumerate(blocks) if max(start, a) < min(end, b)]
        if cited:
            first, last = cited[0], cited[-1] + 1
            middle = self._paragraphs(text, blocks[first:last], start, end)
        else:  # a span of blank lines only: shown where it stands
            first = last = sum(1 for _, b in blocks if b <= start)
            middle = Text(text[start:end], style=self._cited_style())
        before, after = _around(blocks[:first], blocks[last:])
        widgets = [
            *([Static(_left_out(blocks[0][0], before[0][0], "before"), classes="hint")] if len(before) < first else []),
            *([Static(self._paragraphs(text, before), classes="block")] if before else []),
            cited_block := Static(middle, classes="block -cited"),
            *([Static(self._paragraphs(text, after), classes="block")] if after else []),
            *([Static(_left_out(after[-1][1], blocks[-1][1], "after"), classes="hint")] if len(after) < len(blocks) - last
              else []),
        ]
        await scroll.mount_all(widgets)
        return cited_block

    def _paragraphs(self, text: str, blocks: list[tuple[int, int]], start: int = 0, end: int = 0) -> Text:
        """The blocks' text, a blank line between paragraphs, the characters [start, end) highlighted."""
        joined, style = Text(), self._cited_style()
        for k, (block_start, block_end) in enumerate(blocks):
            if k:
                joined.append("\n\n")
            offset = len(joined)
            joined.append(text[block_start:block_end])
            overlap = (max(start, block_start) - block_start, min(end, block_end) - block_start)
            if overlap[0] < overlap[1]:
                joined.stylize(style, offset + overlap[0], offset + overlap[1])
        return joined

    async def action_step(self, delta: int) -> None:
        count = len(self.answer.passages)
        await self.show((self.n - 1 + delta) % count + 1)

    async def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and 1 <= int(event.character) <= len(self.answer.passages):
            event.stop()
            await self.show(int(event.character))

    def action_close(self) -> None:
        self.dismiss(None)
