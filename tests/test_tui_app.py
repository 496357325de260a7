"""The terminal interface driven by Pilot with a fake model: what a reader sees and does."""

from __future__ import annotations

import sqlite3
import threading

from textual._xterm_parser import XTermParser
from textual.widgets import DataTable, Input, Markdown, OptionList, ProgressBar

from docent.answering.fake_model import FakeModel
from docent.tui.app import make_app
from docent.tui.history_store import HistoryStore
from docent.tui.screens.help import HelpScreen
from docent.tui.screens.history import HistoryScreen
from docent.tui.screens.passage import PassageScreen
from docent.tui.settings import Settings
from docent.tui.widgets.conversation import ExchangeView
from docent.tui.widgets.question import source_keys
from docent.tui.widgets.sources import CITED, NOT_CITED
from tests.conftest import FIXED_TIME, ask, drive, until_ready, wait_until

HARBOUR_Q = "When was the harbour of Vell rebuilt?"
HARBOUR_REPLY = ["The harbour ", "of Vell ", "was rebuilt ", "in 1903 ", "after a storm ", "[1]."]
LAMP_Q = "Who converted the lighthouse lamp to electricity?"
LAMP_REPLY = ["Engineer Mara Quist ", "converted the lamp ", "to electricity in 1921 ", "[1]."]


def exchanges(app) -> list[ExchangeView]:
    return app.conversation.exchanges


def text_of(widget) -> str:
    return str(widget.render())


def option_texts(app) -> list[str]:
    options = app.sources.query_one(OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


def errors(app) -> list[str]:
    return [n.message for n in app._notifications if n.severity == "error"]


def test_the_answer_appears_once_checked_as_markdown_and_sources_are_listed(build_app):
    app = build_app(HARBOUR_REPLY, chunk_delay=0.05)

    async def scenario(pilot):
        assert app.focused is app.query_one("#question", Input)
        await ask(pilot, HARBOUR_Q, wait=False)
        seen = []
        while app.answering or not app.session.answers:
            seen.append(exchanges(app)[0].markdown.source)
            await pilot.pause(0.02)
        await pilot.pause()
        view = exchanges(app)[0]
        final = view.markdown.source
        assert "The harbour of Vell was rebuilt in 1903 after a storm" in final
        assert "(cite:1)" in final  # the citation is a link, styled to stand out
        assert all(s in ("", final) for s in seen), "nothing but the checked answer is ever shown"
        assert final.startswith("The harbour of Vell was rebuilt in 1903 after a storm [")  # the fact first, then its quote
        assert app.query_one("#question", Input).value == ""
        texts = option_texts(app)
        assert len(texts) == len(app.session.answers[0].passages) >= 1
        assert texts[0].startswith(f"{CITED} [1] The harbour of Vell was rebuilt")
        assert all(t.startswith(NOT_CITED) for t in texts[1:])
        assert "cites 1 of" in text_of(view.query_one(".meta"))

    drive(app, scenario)


def test_alt_digit_opens_the_cited_passage_scrolled_into_view(build_app):
    app = build_app(LAMP_REPLY)

    async def scenario(pilot):
        await pilot.press("alt+1")
        await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
        await pilot.pause(0.1)
        screen = app.screen
        assert text_of(screen.query_one("#passage-title")) == "[1] cited · The Lighthouse at Sorn Point"
        cited = list(screen.query(".block.-cited"))
        assert cited and any("Mara Quist" in text_of(block) for block in cited)
        scroll = screen.query_one("#document")
        assert scroll.scroll_y > 0, "the passage, far down its document, was not scrolled into view"
        assert scroll.region.y <= cited[0].region.y < scroll.region.bottom
        await pilot.press("escape")
        assert not isinstance(app.screen, PassageScreen)

    drive(app, scenario, LAMP_Q, size=(80, 24))


def test_alt_digit_as_most_terminals_send_it_opens_a_source():
    """Esc n (Alt+n in xterm, tmux, GNOME Terminal) arrives as a key bound to source n."""
    for n in range(1, 10):
        parser = XTermParser()
        keys = [event.key for event in [*parser.feed(f"\x1b{n}"), *parser.feed("")] if hasattr(event, "key")]
        assert keys and all(key in source_keys(n).split(",") for key in keys)


def test_clicking_a_citation_or_choosing_a_source_shows_the_passage(build_app):
    app = build_app(HARBOUR_REPLY)

    async def scenario(pilot):
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

    drive(app, scenario, HARBOUR_Q)


def test_escape_stops_the_answer_mid_stream_and_keeps_it_marked_stopped(build_app, store):
    app = build_app(["The harbour ", *[f"word{n} " for n in range(60)]], chunk_delay=0.05)

    async def scenario(pilot):
        await ask(pilot, HARBOUR_Q, wait=False)
        await wait_until(pilot, lambda: app.chat_model.prompts)
        await pilot.pause(0.2)
        await pilot.press("escape")
        assert not app.answering  # the reader is free at once
        await wait_until(pilot, lambda: len(app.session.answers) == 1)
        await pilot.pause()
        answer = app.session.answers[0]
        assert answer.stopped and "word59" not in answer.text
        assert "stopped" in text_of(exchanges(app)[0].query_one(".meta"))
        saved = store.load(store.sessions()[0].id).answers[0]
        assert saved.stopped and saved.text == answer.text

    drive(app, scenario)


def test_a_follow_up_question_sees_the_previous_turn(build_app):
    app = build_app(HARBOUR_REPLY, ["Fishing boats sail north each spring [1]."])

    async def scenario(pilot):
        prompts = app.chat_model.prompts
        assert len(prompts) == 2
        assert HARBOUR_Q in prompts[1] and "rebuilt in 1903" in prompts[1]  # the previous turn is in the prompt
        assert "herring" in prompts[1]  # retrieval found the passage the vague follow-up is about
        assert exchanges(app)[1].has_class("-selected")

    drive(app, scenario, HARBOUR_Q, "And where do its boats go?")


def test_history_keeps_every_answer_and_reopens_a_session(build_app, tmp_path):
    app = build_app(HARBOUR_REPLY, LAMP_REPLY)

    async def scenario(pilot):
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
        assert table.get_row_at(0) == [FIXED_TIME.astimezone().strftime("%Y-%m-%d %H:%M"), "2", HARBOUR_Q]
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(exchanges(app)) == 2)
        await pilot.pause()
        views = exchanges(app)
        assert views[0].question == HARBOUR_Q and "rebuilt in 1903" in views[0].markdown.source
        assert views[1].has_class("-selected")
        reopened = app.session.answers[1]
        assert reopened.question == LAMP_Q and "Mara Quist" in reopened.text
        cited = {c.n for c in reopened.citations}
        assert cited and len(option_texts(app)) == len(reopened.passages)
        for n, text in enumerate(option_texts(app), start=1):
            assert text.startswith(f"{CITED if n in cited else NOT_CITED} [{n}] ")

    drive(app, scenario, HARBOUR_Q, LAMP_Q)
    history = HistoryStore(tmp_path / "history.sqlite3")
    [summary] = history.sessions()
    assert summary.questions == 2 and summary.first_question == HARBOUR_Q
    history.close()


def test_export_writes_the_session_as_markdown_with_its_sources(build_app, tmp_path):
    app = build_app(HARBOUR_REPLY)

    async def scenario(pilot):
        await pilot.press("ctrl+s")
        await pilot.pause()

    drive(app, scenario, HARBOUR_Q)
    [exported] = list((tmp_path / "exports").glob("*.md"))
    text = exported.read_text(encoding="utf-8")
    assert f"## 1. {HARBOUR_Q}" in text
    assert "The harbour of Vell was rebuilt in 1903 after a storm [1]." in text
    assert "**[1] The Harbour of Vell** — `harbour.md`" in text
    assert "> The harbour of Vell was rebuilt in 1903 after a winter storm destroyed the old wooden pier." in text


def test_history_screen_exports_a_past_session(build_app, tmp_path):
    app = build_app(HARBOUR_REPLY)

    async def scenario(pilot):
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: isinstance(app.screen, HistoryScreen))
        await pilot.press("e")
        await wait_until(pilot, lambda: list((tmp_path / "exports").glob("*.md")))

    drive(app, scenario, HARBOUR_Q)


def test_copy_answer_puts_the_answer_and_its_sources_on_the_clipboard(build_app):
    app = build_app(HARBOUR_REPLY)

    async def scenario(pilot):
        await pilot.press("ctrl+y")
        assert app.clipboard.startswith("The harbour of Vell was rebuilt in 1903 after a storm [1].")
        assert "**[1] The Harbour of Vell**" in app.clipboard

    drive(app, scenario, HARBOUR_Q)


def test_a_bad_model_path_is_an_error_notification_not_a_crash(corpus_dir, indexed, store, tmp_path):
    settings = Settings(corpus=str(corpus_dir), model=str(tmp_path / "missing.gguf"))
    app = make_app(settings, indexed=indexed, history=store)

    async def scenario(pilot):
        await wait_until(pilot, lambda: app.startup_error is not None)
        await pilot.pause()
        assert errors(app) and "model file not found" in errors(app)[0]
        assert "model file not found" in text_of(app.query_one("#model-step"))
        app.query_one("#question", Input).value = HARBOUR_Q
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running and exchanges(app) == []

    drive(app, scenario, ready=False, size=(80, 24))


def test_offline_without_a_model_says_what_to_run(corpus_dir, indexed, store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    app = make_app(Settings(corpus=str(corpus_dir), offline=True), indexed=indexed, history=store)

    async def scenario(pilot):
        await wait_until(pilot, lambda: app.startup_error is not None)
        assert "docent models pull" in text_of(app.query_one("#model-step"))

    drive(app, scenario, ready=False)


def test_a_missing_default_model_is_pulled_with_a_progress_bar(corpus_dir, indexed, store, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    release = threading.Event()

    def pull(data_dir, progress):
        progress("downloading", 40_000_000, 100_000_000)
        release.wait(5)
        return tmp_path / "pulled.gguf"

    monkeypatch.setattr("docent.tui.bootstrap.pull_default_model", pull)
    monkeypatch.setattr("docent.tui.widgets.startup.make_model", lambda choice, settings: FakeModel(name=choice.path.name))
    app = make_app(Settings(corpus=str(corpus_dir)), indexed=indexed, history=store)

    async def scenario(pilot):
        bar = app.query_one("#pull-progress", ProgressBar)
        await wait_until(pilot, lambda: bar.display and bar.progress == 40_000_000)
        assert bar.total == 100_000_000
        assert "Pulling the default model" in text_of(app.query_one("#model-step"))
        assert any("pulling the default model" in n.message for n in app._notifications)
        release.set()
        await until_ready(pilot)
        assert not bar.display and "pulled.gguf" in text_of(app.query_one("#model-step"))

    drive(app, scenario, ready=False)


def test_a_folder_without_documents_is_explained_on_screen(tmp_path, store):
    empty = tmp_path / "empty"
    empty.mkdir()
    app = make_app(Settings(corpus=str(empty)), model=FakeModel(), history=store)

    async def scenario(pilot):
        await wait_until(pilot, lambda: app.startup_error is not None)
        await pilot.pause()
        assert "no readable documents" in text_of(app.query_one("#corpus-step"))
        assert any("no readable" in message for message in errors(app))

    drive(app, scenario, ready=False, size=(80, 24))


def test_a_question_typed_while_loading_is_answered_once_ready(build_app):
    release = threading.Event()

    class SlowLoadingModel(FakeModel):
        def load(self) -> None:
            release.wait(5)
            super().load()

    app = build_app(model=SlowLoadingModel([HARBOUR_REPLY], name="slow.gguf"))

    async def scenario(pilot):
        await wait_until(pilot, lambda: "Loading the model slow.gguf" in text_of(app.query_one("#model-step")))
        assert app.answerer is None and app.startup.display
        await ask(pilot, HARBOUR_Q, wait=False)
        await pilot.pause()
        assert "waiting for the model" in text_of(exchanges(app)[0].query_one(".meta"))
        release.set()
        await wait_until(pilot, lambda: len(app.session.answers) == 1)
        assert "1903" in app.session.answers[0].text
        assert not app.startup.display

    drive(app, scenario, ready=False, size=(80, 24))


def test_help_screen_opens_with_f1_and_with_question_mark_outside_the_box(build_app):
    app = build_app()

    async def scenario(pilot):
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert app.query_one("#question", Input).value == "?"  # typed into the question box
        await pilot.press("tab", "question_mark")
        assert isinstance(app.screen, HelpScreen)

    drive(app, scenario, size=(80, 24))


def test_command_palette_offers_the_session_commands(build_app):
    app = build_app()

    async def scenario(pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"toggle sources")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.sources.has_class("-hidden"))
        await pilot.press("ctrl+b")
        assert not app.sources.has_class("-hidden")

    drive(app, scenario, size=(80, 24))


def test_selecting_an_earlier_answer_shows_its_sources(build_app):
    app = build_app(HARBOUR_REPLY, LAMP_REPLY)

    async def scenario(pilot):
        title = app.sources.query_one(".panel-title")
        assert text_of(title) == "Sources of answer 2"
        await pilot.press("ctrl+up")
        assert text_of(title) == "Sources of answer 1" and exchanges(app)[0].has_class("-selected")
        assert option_texts(app)[0].startswith(f"{CITED} [1] The harbour of Vell was rebuilt")
        await pilot.press("alt+9")
        assert not isinstance(app.screen, PassageScreen)
        assert any("no source [9]" in n.message for n in app._notifications)

    drive(app, scenario, HARBOUR_Q, LAMP_Q)


def test_the_conversation_follows_the_newest_answer(build_app):
    long_reply = ["The harbour of Vell was rebuilt in 1903 after a storm [1]. " * 3]
    app = build_app(*[long_reply] * 4)

    async def scenario(pilot):
        await pilot.pause(0.1)
        conversation = app.conversation
        assert conversation.max_scroll_y > 0 and conversation.scroll_y == conversation.max_scroll_y
        last = exchanges(app)[-1]
        assert last.region.bottom <= conversation.region.bottom

    drive(app, scenario, *[HARBOUR_Q] * 4, size=(80, 24))


def test_a_damaged_history_is_reported_and_answers_still_work(build_app, isolated_dirs):
    data = isolated_dirs / "data"
    data.mkdir()
    (data / "history.sqlite3").write_bytes(b"not a database" * 200)
    app = build_app(HARBOUR_REPLY, history=None)

    async def scenario(pilot):
        assert any("cannot open the history" in message for message in errors(app))
        assert "1903" in app.session.answers[0].text
        await pilot.press("ctrl+r")
        assert not isinstance(app.screen, HistoryScreen)

    drive(app, scenario, HARBOUR_Q)
    assert (data / "history.sqlite3").read_bytes() == b"not a database" * 200  # left as it was


def test_typing_while_the_answers_have_focus_starts_a_question_in_the_box(build_app):
    app = build_app(LAMP_REPLY)

    async def scenario(pilot):
        box = app.query_one("#question", Input)
        await pilot.press("tab")  # to the answers, as after reading a passage
        assert app.focused is not box
        await pilot.press("w", "h", "o", "space", "b")
        assert app.focused is box and box.value == "who b"
        await pilot.press("tab", "tab", "1")  # in the sources panel a digit still opens that source
        await wait_until(pilot, lambda: isinstance(app.screen, PassageScreen))
        await pilot.press("q")  # and the passage view keeps its own keys
        assert not isinstance(app.screen, PassageScreen) and box.value == "who b"

    drive(app, scenario, LAMP_Q, size=(100, 30))


def test_a_question_asked_while_an_answer_is_written_waits_its_turn_and_esc_lets_it_begin(build_app):
    long_reply = ["The harbour ", *[f"word{n} " for n in range(60)]]
    app = build_app(long_reply, LAMP_REPLY, ["Nothing [1]."], chunk_delay=0.05)

    async def scenario(pilot):
        await ask(pilot, HARBOUR_Q, wait=False)
        await wait_until(pilot, lambda: app.chat_model.prompts)
        await ask(pilot, LAMP_Q, wait=False)
        await pilot.pause()
        box = app.query_one("#question", Input)
        assert box.value == "" and len(exchanges(app)) == 2  # taken, not left in the box to be typed onto
        assert "waiting for the answer above" in text_of(exchanges(app)[1].query_one(".meta"))
        await ask(pilot, "A third question?", wait=False)
        assert box.value == "A third question?" and len(exchanges(app)) == 2  # one question waits at a time
        await pilot.press("escape")  # stops the answer being written; the waiting question begins
        await wait_until(pilot, lambda: len(app.session.answers) == 2)
        first, second = app.session.answers
        assert first.stopped and not second.stopped and "Mara Quist" in second.text

    drive(app, scenario, size=(100, 30))
