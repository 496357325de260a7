"""The terminal interface driven by Pilot with a fake model: what a reader sees and does."""

from __future__ import annotations

import sqlite3
import threading

from textual.widgets import DataTable, Input, Markdown, OptionList

from answering.fake_model import FakeModel
from tests.conftest import FIXED_TIME, ask, run, until_ready, wait_until
from tui.app import make_app
from tui.history_store import HistoryStore
from tui.screens.help import HelpScreen
from tui.screens.history import HistoryScreen
from tui.screens.passage import PassageScreen
from tui.settings import Settings
from tui.widgets.conversation import ExchangeView
from tui.widgets.sources import CITED, NOT_CITED

HARBOUR_Q = "When was the harbour of Vell rebuilt?"
HARBOUR_REPLY = ["The harbour ", "of Vell ", "was rebuilt ", "in 1903 ", "after a storm ", "[1]."]
LAMP_Q = "Who converted the lighthouse lamp to electricity?"
LAMP_REPLY = ["Engineer Mara Quist ", "converted the lamp ", "to electricity in 1921 ", "[1]."]


def exchanges(app) -> list[ExchangeView]:
    return app.conversation.exchanges


def option_texts(app) -> list[str]:
    options = app.sources.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def test_answer_streams_as_markdown_and_sources_are_listed(build_app):
    app = build_app(HARBOUR_REPLY, chunk_delay=0.05)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            assert app.focused is app.query_one("#question", Input)
            await ask(pilot, HARBOUR_Q, wait=False)
            seen = []
            while app.answering or not app.session.answers:
                view = exchanges(app)[0]
                seen.append(view.markdown.source)
                await pilot.pause(0.02)
            await pilot.pause()
            view = exchanges(app)[0]
            final = view.markdown.source
            assert "The harbour of Vell was rebuilt in 1903 after a storm" in final
            assert "(cite:1)" in final  # the citation is a link that stands out
            partial = [s for s in seen if s and s != final]
            assert partial, "the answer appeared only at the end, not while it was written"
            assert app.query_one("#question", Input).value == ""
            texts = option_texts(app)
            assert len(texts) == len(app.session.answers[0].passages) >= 1
            assert texts[0].startswith(f"{CITED} [1] The Harbour of Vell")
            assert all(t.startswith(NOT_CITED) for t in texts[1:])
            assert "cites 1 of" in str(view.query_one(".meta").render())

    run(scenario())


def test_alt_digit_opens_the_cited_passage_in_its_document(build_app):
    app = build_app(LAMP_REPLY)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await until_ready(pilot)
            await ask(pilot, LAMP_Q)
            await pilot.press("alt+1")
            await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
            await pilot.pause(0.1)
            screen = app.screen
            title = str(screen.query_one("#passage-title").render())
            assert title == "[1] cited · The Lighthouse at Sorn Point"
            cited = list(screen.query(".block.-cited"))
            assert cited and any("Mara Quist" in str(block.render()) for block in cited)
            scroll = screen.query_one("#document")
            assert scroll.scroll_y > 0, "the passage, far down its document, was not scrolled into view"
            visible = scroll.region
            assert cited[0].region.y >= visible.y and cited[0].region.y < visible.bottom
            await pilot.press("escape")
            assert not isinstance(app.screen, PassageScreen)

    run(scenario())


def test_clicking_a_citation_or_choosing_a_source_shows_the_passage(build_app):
    app = build_app(HARBOUR_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            markdown = exchanges(app)[0].query_one(Markdown)
            markdown.post_message(Markdown.LinkClicked(markdown, "cite:1"))
            await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
            assert app.screen.n == 1
            await pilot.press("escape")
            count = len(app.session.answers[0].passages)
            app.sources.query_one(OptionList).focus()
            await pilot.press(str(count))
            await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
            assert app.screen.n == count
            await pilot.press("right")
            assert app.screen.n == 1  # → moves on to the next source, wrapping round

    run(scenario())


def test_escape_stops_the_answer_mid_stream_and_keeps_it_marked_stopped(build_app, store):
    words = [f"word{n} " for n in range(60)]
    app = build_app(["The harbour ", *words], chunk_delay=0.05)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q, wait=False)
            await wait_until(pilot, lambda: "word2" in exchanges(app)[0].markdown.source)
            await pilot.press("escape")
            assert not app.answering  # the reader is free at once
            shown = exchanges(app)[0].markdown.source
            await wait_until(pilot, lambda: len(app.session.answers) == 1)
            await pilot.pause()
            answer = app.session.answers[0]
            assert answer.stopped
            assert "word59" not in answer.text
            assert len(answer.text.split()) <= len(shown.split()) + 2  # stopped within a token or so
            meta = str(exchanges(app)[0].query_one(".meta").render())
            assert "stopped" in meta
            saved = store.load(store.sessions()[0].id).answers[0]
            assert saved.stopped and saved.text == answer.text

    run(scenario())


def test_a_follow_up_question_sees_the_previous_turn(build_app):
    app = build_app(HARBOUR_REPLY, ["Fishing boats sail north each spring [1]."])

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await ask(pilot, "And where do its boats go?")
            model = app.chat_model
            assert len(model.prompts) == 2
            follow_up_prompt = model.prompts[1]
            assert HARBOUR_Q in follow_up_prompt
            assert "rebuilt in 1903" in follow_up_prompt  # the previous answer is in the prompt
            assert "herring" in follow_up_prompt  # retrieval found the passage about the boats
            assert len(exchanges(app)) == 2
            assert exchanges(app)[1].has_class("-selected")

    run(scenario())


def test_history_keeps_every_answer_and_reopens_a_session(build_app, store, tmp_path):
    app = build_app(HARBOUR_REPLY, LAMP_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await ask(pilot, LAMP_Q)
            # committed at once: another connection (as after a crash) already sees both answers
            other = sqlite3.connect(tmp_path / "history.sqlite3")
            assert other.execute("SELECT COUNT(*) FROM exchanges").fetchone()[0] == 2
            other.close()
            await pilot.press("ctrl+n")
            await pilot.pause()
            assert exchanges(app) == []
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
            table = app.screen.query_one(DataTable)
            assert table.row_count == 1
            assert table.get_row_at(0) == ["2024-05-04 " + FIXED_TIME.astimezone().strftime("%H:%M"), "2", HARBOUR_Q]
            await pilot.press("enter")
            await wait_until(pilot, lambda: len(exchanges(app)) == 2)
            await pilot.pause()
            views = exchanges(app)
            assert views[0].question == HARBOUR_Q and "rebuilt in 1903" in views[0].markdown.source
            assert views[1].has_class("-selected")
            reopened_answer = app.session.answers[1]
            assert reopened_answer.question == LAMP_Q and "Mara Quist" in reopened_answer.text
            cited = {c.n for c in reopened_answer.citations}
            assert cited and len(option_texts(app)) == len(reopened_answer.passages)
            for n, text in enumerate(option_texts(app), start=1):
                assert text.startswith(f"{CITED if n in cited else NOT_CITED} [{n}] ")

    run(scenario())
    reopened = HistoryStore(tmp_path / "history.sqlite3")
    [summary] = reopened.sessions()
    assert summary.questions == 2 and summary.first_question == HARBOUR_Q
    reopened.close()


def test_export_writes_the_session_as_markdown_with_its_sources(build_app, tmp_path):
    app = build_app(HARBOUR_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await pilot.press("ctrl+s")
            await pilot.pause()

    run(scenario())
    [exported] = list((tmp_path / "exports").glob("*.md"))
    text = exported.read_text(encoding="utf-8")
    assert f"## 1. {HARBOUR_Q}" in text
    assert "The harbour of Vell was rebuilt in 1903 after a storm [1]." in text
    assert "**[1] The Harbour of Vell** — `harbour.md`" in text
    assert "> # The Harbour of Vell The harbour of Vell was rebuilt in 1903" in text


def test_history_screen_exports_a_past_session(build_app, tmp_path):
    app = build_app(HARBOUR_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await pilot.press("ctrl+r")
            await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
            await pilot.press("e")
            await wait_until(pilot, lambda: list((tmp_path / "exports").glob("*.md")))

    run(scenario())


def test_copy_answer_puts_the_answer_and_its_sources_on_the_clipboard(build_app):
    app = build_app(HARBOUR_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await pilot.press("ctrl+y")
            assert app.clipboard.startswith("The harbour of Vell was rebuilt in 1903 after a storm [1].")
            assert "**[1] The Harbour of Vell**" in app.clipboard

    run(scenario())


def test_a_bad_model_path_is_an_error_notification_not_a_crash(corpus_dir, indexed, store, tmp_path):
    settings = Settings(corpus=str(corpus_dir), model=str(tmp_path / "missing.gguf"))
    app = make_app(settings, indexed=indexed, history=store)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.startup_error is not None)
            await pilot.pause()
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors and "model file not found" in errors[0].message
            assert "model file not found" in str(app.query_one("#model-step").render())
            assert app.startup.display
            app.query_one("#question", Input).value = HARBOUR_Q
            await pilot.press("enter")
            await pilot.pause()
            assert app.is_running
            assert exchanges(app) == []

    run(scenario())
    assert app.return_code in (0, None)


def test_a_folder_without_documents_is_explained_on_screen(tmp_path, store):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(Settings(corpus=str(empty)), model=FakeModel(), history=store)

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: app.startup_error is not None)
            await pilot.pause()
            assert "no readable .txt or .md documents" in str(app.query_one("#corpus-step").render())
            assert any("no readable" in n.message for n in app._notifications)

    run(scenario())


def test_a_question_typed_while_loading_is_answered_once_ready(build_app):
    release = threading.Event()

    class SlowLoadingModel(FakeModel):
        def load(self) -> None:
            release.wait(5)
            super().load()

    app = build_app(model=SlowLoadingModel([HARBOUR_REPLY], name="slow.gguf"))

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_until(pilot, lambda: "Loading the model slow.gguf" in str(app.query_one("#model-step").render()))
            assert app.answerer is None and app.startup.display
            app.query_one("#question", Input).value = HARBOUR_Q
            await pilot.press("enter")
            await pilot.pause()
            assert "waiting for the model" in str(exchanges(app)[0].query_one(".meta").render())
            release.set()
            await wait_until(pilot, lambda: len(app.session.answers) == 1)
            assert "1903" in app.session.answers[0].text
            assert not app.startup.display

    run(scenario())


def test_help_screen_opens_with_f1_and_closes_with_escape(build_app):
    app = build_app()

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("f1")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            assert not isinstance(app.screen, HelpScreen)
            await pilot.press("tab")  # away from the question box, ? opens the help too
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)

    run(scenario())


def test_command_palette_toggles_the_sources_panel(build_app):
    app = build_app()

    async def scenario():
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"toggle sources")
            await pilot.pause(0.3)
            await pilot.press("enter")
            await wait_until(pilot, lambda: app.sources.has_class("-hidden"))
            assert not app.sources.display or app.sources.has_class("-hidden")
            await pilot.press("ctrl+b")
            assert not app.sources.has_class("-hidden")

    run(scenario())


def test_selecting_an_earlier_answer_shows_its_sources(build_app):
    app = build_app(HARBOUR_REPLY, LAMP_REPLY)

    async def scenario():
        async with app.run_test(size=(100, 30)) as pilot:
            await until_ready(pilot)
            await ask(pilot, HARBOUR_Q)
            await ask(pilot, LAMP_Q)
            title = app.sources.query_one(".panel-title")
            assert str(title.render()) == "Sources of answer 2"
            await pilot.press("ctrl+up")
            assert str(title.render()) == "Sources of answer 1"
            assert exchanges(app)[0].has_class("-selected")
            assert option_texts(app)[0].startswith(f"{CITED} [1] The Harbour of Vell")
            await pilot.press("alt+9")
            assert not isinstance(app.screen, PassageScreen)
            assert any("no source [9]" in n.message for n in app._notifications)

    run(scenario())
