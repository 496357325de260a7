"""The interface's parts that need no screen: history store, export, citation links, document blocks, status."""

from __future__ import annotations

import io
import sqlite3
from dataclasses import replace

import pytest

from docent.answering.citations import resolve_citations
from docent.answering.types import Answer, Timings, TokenCounts
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage
from docent.tui.app import make_app
from docent.tui.cli import main
from docent.tui.export import answer_markdown, session_markdown
from docent.tui.history_store import HistoryError, HistoryStore
from docent.tui.oneshot import print_sources
from docent.tui.screens.passage import document_blocks
from docent.tui.settings import Settings
from docent.tui.widgets.conversation import answer_meta, cited_number, linkify_citations
from docent.tui.widgets.sources import CITED, NOT_CITED, UNVERIFIED, source_prompt
from docent.tui.widgets.status import fit_name, gpu_label, tokens_per_second
from tests.conftest import FIXED_TIME

DOC = "First paragraph.\n\nSecond paragraph, which the answer cites.\n\nThird."


def make_answer(text: str = "The second paragraph says so [1].", stopped: bool = False) -> Answer:
    passage = Passage("doc.md#1", "doc.md", "Doc title", 18, 59, DOC[18:59], section="Doc title > Second")
    passages = [ScoredPassage(passage, 3.5), ScoredPassage(Passage("doc.md#0", "doc.md", "Doc title", 0, 16, DOC[:16]), 1.25)]
    return Answer(
        question="What does the second paragraph say?",
        text=text,
        abstained=False,
        citations=resolve_citations(text, passages),
        passages=passages,
        model="fake",
        timings=Timings(1.0, 2.0, 500.0, 503.0),
        tokens=TokenCounts(120, 20),
        stopped=stopped,
    )


def test_history_round_trips_answers_with_their_passages_and_citations(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3", clock=lambda: FIXED_TIME)
    session = store.new_session("/corpus", "fake")
    store.save_answer(session, make_answer())
    store.save_answer(session, make_answer("Partial", stopped=True))
    [summary] = store.sessions()
    assert (summary.started_at, summary.questions, summary.corpus) == (FIXED_TIME, 2, "/corpus")
    first, second = store.load(session).answers
    assert first == make_answer()
    assert second.stopped and second.citations == []
    store.close()


def unverified(answer: Answer) -> Answer:
    return replace(answer, citations=[replace(c, support=0.25, verified=False) for c in answer.citations])


def test_history_keeps_which_citations_failed_their_check(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3", clock=lambda: FIXED_TIME)
    session = store.new_session("/corpus", "fake")
    store.save_answer(session, unverified(make_answer()))
    [loaded] = store.load(session).answers
    assert [(c.n, c.support, c.verified) for c in loaded.citations] == [(1, 0.25, False)]
    store.close()


def test_the_line_under_an_answer_marks_unverified_citations_unsupported_facts_and_replaced_replies():
    plain = answer_meta(make_answer())
    assert plain == "cites 1 of 2 sources"
    flagged = answer_meta(replace(unverified(make_answer()), unsupported=["1999"], withheld="Bananas [1]."))
    assert "unverified: [1]" in flagged and "not in the sources: 1999" in flagged and "not shown" in flagged


def test_the_sources_panel_shows_each_sources_own_words_and_its_section_not_the_title_again():
    first, second = source_prompt(1, make_answer()).plain, source_prompt(2, make_answer()).plain
    assert "Second paragraph, which the answer cites." in first and "doc.md > Second" in first
    assert "First paragraph." in second and "Doc title" not in first + second


def test_the_one_shot_source_list_names_the_section_after_the_document():
    out = io.StringIO()
    print_sources(make_answer(), out)
    assert "[1] doc.md > Second · passage 1 (chars 18–59)" in out.getvalue()


def test_a_history_from_before_sections_opens_and_keeps_new_sections(tmp_path):
    path = tmp_path / "h.sqlite3"
    old = sqlite3.connect(path)
    old.execute("CREATE TABLE passages (exchange_id INTEGER NOT NULL, n INTEGER NOT NULL, passage_id TEXT NOT NULL,"
                " doc_id TEXT NOT NULL, title TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL,"
                " text TEXT NOT NULL, score REAL NOT NULL, PRIMARY KEY (exchange_id, n))")
    old.execute("PRAGMA user_version=2")
    old.commit()
    old.close()
    store = HistoryStore(path, clock=lambda: FIXED_TIME)
    session = store.new_session("/corpus", "fake")
    store.save_answer(session, make_answer())
    [loaded] = store.load(session).answers
    assert loaded.passages[0].passage.section == "Doc title > Second"
    store.close()


def test_the_sources_panel_marks_an_unverified_citation():
    answer = unverified(make_answer())
    first, second = source_prompt(1, answer).plain, source_prompt(2, answer).plain
    assert first.startswith(UNVERIFIED) and "unverified (support 0.25)" in first
    assert second.startswith(NOT_CITED) and "unverified" not in second
    assert source_prompt(1, make_answer()).plain.startswith(CITED)


def test_history_is_in_wal_mode_and_empty_sessions_are_not_listed(tmp_path):
    store = HistoryStore(tmp_path / "h.sqlite3")
    store.new_session("/corpus", "fake")
    assert store.sessions() == []
    journal = sqlite3.connect(tmp_path / "h.sqlite3").execute("PRAGMA journal_mode").fetchone()[0]
    assert journal == "wal"
    store.close()


def test_history_from_a_newer_docent_is_refused_not_overwritten(tmp_path):
    path = tmp_path / "h.sqlite3"
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version=99")
    db.close()
    with pytest.raises(HistoryError, match="newer docent"):
        HistoryStore(path)


def test_a_damaged_history_file_is_a_clear_error(tmp_path):
    path = tmp_path / "h.sqlite3"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(HistoryError, match="cannot open the history"):
        HistoryStore(path)


def test_export_lists_the_cited_passages_with_where_they_are():
    text = session_markdown([make_answer()], FIXED_TIME, "/corpus", "fake")
    assert "## 1. What does the second paragraph say?" in text
    assert "**[1] Doc title** — `doc.md`, characters 18–59" in text
    assert "> Second paragraph, which the answer cites." in text
    assert "[2]" not in text  # only cited passages are listed
    assert "_(stopped before the end)_" in answer_markdown(make_answer(stopped=True))
    assert "_No sources cited._" in answer_markdown(make_answer("The documents don't say."))


def test_citations_become_links_one_per_number():
    assert linkify_citations("A [1]. B [2, 3].") == "A [\\[1\\]](cite:1). B [\\[2\\]](cite:2)[\\[3\\]](cite:3)."
    assert linkify_citations("No citation [x].") == "No citation [x]."
    assert cited_number("cite:12") == 12
    assert cited_number("https://example.org") is None


def test_document_blocks_are_paragraphs_and_long_ones_are_cut_at_lines():
    assert [DOC[s:e] for s, e in document_blocks(DOC)] == ["First paragraph.", "Second paragraph, which the answer cites.", "Third."]
    long_lines = "\n".join(f"line {n} " + "x" * 100 for n in range(40))
    blocks = document_blocks(long_lines)
    assert len(blocks) == 40 and long_lines[blocks[3][0]:blocks[3][1]].startswith("line 3 ")


def test_status_figures():
    assert tokens_per_second(make_answer()) == pytest.approx(40.0)
    assert tokens_per_second(replace(make_answer(), tokens=TokenCounts())) is None
    assert gpu_label(0, None) == "GPU 0 layers"
    assert gpu_label(20, True) == "GPU 20 layers"
    assert gpu_label(20, False) == "GPU 0 layers"  # a CPU-only build offloads nothing
    assert gpu_label(-1, True) == "GPU all layers"
    assert gpu_label(0, None, "http://gpu-box:8080/v1") == "on gpu-box:8080"  # the model runs on the server
    assert fit_name("SmolLM2-135M-Instruct.Q4_1", 12) == "SmolLM2-135…"


def test_plain_docent_opens_the_interface(monkeypatch):
    ran = []
    monkeypatch.setattr("docent.tui.app.DocentApp.run", lambda self: ran.append(self))
    assert main(["--top-k", "3"]) == 0
    assert len(ran) == 1 and ran[0].settings.top_k == 3, "the options of the one-shot CLI apply"


def test_make_app_uses_what_it_is_given(indexed, store):
    app = make_app(Settings(), indexed=indexed, history=store)
    assert app.given_index is indexed and app.history is store


def test_the_sources_panel_keeps_the_heading_right_above_a_source_in_view():
    answer = make_answer()
    deep = replace(answer.passages[0].passage, doc_id="ref/settings.html", title="Settings",
                   section="Settings > Core Settings > DATABASES > ATOMIC_REQUESTS")
    answer = replace(answer, passages=[ScoredPassage(deep, 3.5), *answer.passages[1:]])
    location = source_prompt(1, answer).plain.split("\n")[1].strip()
    assert location.startswith("ref/settings.html > … > ATOMIC_REQUESTS · score")
    assert "doc.md > Second · score" in source_prompt(1, make_answer()).plain  # one heading: shown whole
