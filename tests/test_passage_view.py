"""The passage view on a long document: the cited span in view, highlighted, with the whole document around it."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.app import App

from docent.answering.types import Answer, Citation
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage
from docent.retrieval.documents import Document
from docent.tui import app as tui_app
from docent.tui.screens.passage import SHOWN_AROUND_CHARS, PassageScreen

PARAGRAPHS = [f"Paragraph {i} says what setting {i} does." for i in range(3000)]
TEXT = "\n\n".join(PARAGRAPHS)
CITED = "Paragraph 2400 says what setting 2400 does."


class _Viewer(App):
    CSS_PATH = str(Path(tui_app.__file__).with_name("docent.tcss"))


def _answer(document: Document, start: int, end: int) -> Answer:
    passage = Passage(f"{document.doc_id}#7", document.doc_id, document.title, start, end, document.text[start:end])
    return Answer("q", "a [1]", False, [Citation(1, passage)], [ScoredPassage(passage, 1.0)], "fake")


def _open(start: int, end: int, check) -> None:
    document = Document("long.txt", "Long", TEXT)

    async def main() -> None:
        app = _Viewer()
        async with app.run_test(size=(80, 24)) as pilot:
            await app.push_screen(PassageScreen(_answer(document, start, end), 1, {document.doc_id: document}))
            await pilot.pause()
            await pilot.pause()
            await check(app.screen, pilot)

    asyncio.run(main())


def test_a_passage_far_down_a_long_document_is_shown_highlighted_in_the_middle_of_the_view():
    start = TEXT.index(CITED)

    async def check(screen, pilot):
        scroll = screen.query_one("#document")
        cited = screen.query_one(".block.-cited")
        assert CITED in str(cited.render()) and "Paragraph 2399 " not in str(cited.render())
        assert scroll.region.y <= cited.region.y < scroll.region.bottom, "the cited paragraph is not in view"
        before, after = [str(block.render()) for block in screen.query(".block") if block is not cited]
        assert "Paragraph 2399 " in before and "Paragraph 2999 " in after, "the document around it is there"
        # one widget a paragraph took 2.5 s to mount for the bash man page's 2,521 paragraphs; of a long document,
        # what lies far from the passage is left out, and the view says so
        assert "Paragraph 0 " not in before and len(before) <= SHOWN_AROUND_CHARS
        hints = [str(hint.render()) for hint in screen.query(".hint")]
        left_out = TEXT.index(before.split("\n\n")[0])  # where the first paragraph shown begins
        assert hints == [f"… {left_out:,} characters of the document before this are not shown here."]

    _open(start, start + len(CITED), check)


def test_a_span_across_paragraphs_highlights_each_and_only_its_characters():
    start = TEXT.index("setting 10 does.")
    end = TEXT.index(" says", TEXT.index("Paragraph 11 "))

    async def check(screen, pilot):
        cited = screen.query_one(".block.-cited").render()
        content = str(cited)
        assert content.startswith("Paragraph 10 says") and content.rstrip().endswith("setting 11 does.")
        highlighted = "".join(content[span.start:span.end] for span in cited.spans if span.style)
        assert highlighted == "setting 10 does.Paragraph 11"

    _open(start, end, check)
