"""The docent terminal app: ask, watch the answer stream, check every cited passage."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from textual import events, on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Footer, Input

from docent.answering.llm import ChatModel
from docent.answering.pipeline import Answerer
from docent.answering.types import Answer
from docent.retrieval.index_cache import IndexedCorpus
from docent.retrieval.index_store import atomic_file
from docent.retrieval.live_index import LiveIndex
from docent.tui import paths
from docent.tui.bootstrap import answer_settings
from docent.tui.commands import DocentCommands
from docent.tui.corpus_choice import chosen_roots, corpus_label
from docent.tui.export import answer_markdown, export_path, session_markdown
from docent.tui.history_store import HistoryError, HistoryStore, SavedSession, history_path, utc_now
from docent.tui.screens.help import HelpScreen
from docent.tui.screens.history import HistoryScreen
from docent.tui.screens.passage import PassageScreen
from docent.tui.session import Session
from docent.tui.settings import Settings
from docent.tui.widgets.conversation import Conversation, ExchangeView
from docent.tui.widgets.folder_watcher import FolderWatcher
from docent.tui.widgets.question import QuestionBox, source_keys
from docent.tui.widgets.sources import SourcesPanel
from docent.tui.widgets.startup import StartupPanel
from docent.tui.widgets.status import StatusBar, corpus_figures, gpu_label

MAIN_SCREEN_ACTIONS = frozenset(
    {"stop", "new_session", "history", "export", "copy_answer", "toggle_sources", "select_answer", "open_source"}
)


class DocentApp(App[None]):
    CSS_PATH = "docent.tcss"
    TITLE = "docent"
    COMMANDS = App.COMMANDS | {DocentCommands}
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide"), (170, "-very-wide")]
    BINDINGS = [
        Binding("f1", "help", "Help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("escape", "stop", "Stop"),
        Binding("ctrl+n", "new_session", "New"),
        Binding("ctrl+r", "history", "History"),
        Binding("ctrl+s", "export", "Export"),
        Binding("ctrl+y", "copy_answer", "Copy answer", show=False),
        Binding("ctrl+b", "toggle_sources", "Toggle sources", show=False),
        Binding("ctrl+up", "select_answer(-1)", "Previous answer", show=False),
        Binding("ctrl+down", "select_answer(1)", "Next answer", show=False),
        *[Binding(source_keys(n), f"open_source({n})", f"Source {n}", show=False, priority=True) for n in range(1, 10)],
    ]

    streaming: reactive[ExchangeView | None] = reactive(None, bindings=True)  # the answer being written
    pending: reactive[ExchangeView | None] = reactive(None, bindings=True)  # asked before model and index were ready

    def __init__(
        self,
        settings: Settings,
        model: ChatModel | None = None,
        indexed: IndexedCorpus | None = None,
        history: HistoryStore | None = None,
        export_dir: Path | None = None,
        debug: bool = False,
        watch: bool | None = None,
    ) -> None:
        super().__init__()
        self.watch_folders = indexed is None if watch is None else watch  # refresh the index as files change
        self.settings = settings
        self.given_model, self.given_index = model, indexed
        self.chat_model: ChatModel | None = None  # set once loaded
        self.indexed: IndexedCorpus | None = None  # set once indexed
        self.history = history
        self.export_dir = Path(export_dir) if export_dir else Path.cwd()
        self.debug_errors = debug
        self.answerer: Answerer | None = None
        self.session = Session()
        self.selected: ExchangeView | None = None
        self.startup_error: str | None = None
        self._model_lock = threading.Lock()

    # ---- layout -------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            with Vertical(id="main"):
                yield StartupPanel(self.settings, self.given_model, self.given_index, self.debug_errors, id="startup")
                yield Conversation(id="conversation")
            yield SourcesPanel(id="sources")
        yield QuestionBox(placeholder="Ask a question about the documents…  (Enter asks, F1 help)", id="question")
        status = StatusBar(id="status")
        status.gpu = gpu_label(self.settings.n_gpu_layers, None, self.settings.server)
        yield status
        yield Footer()

    @property
    def conversation(self) -> Conversation:
        return self.query_one(Conversation)

    @property
    def sources(self) -> SourcesPanel:
        return self.query_one(SourcesPanel)

    @property
    def status(self) -> StatusBar:
        return self.query_one(StatusBar)

    @property
    def startup(self) -> StartupPanel:
        return self.query_one(StartupPanel)

    @property
    def documents(self) -> dict:
        return {d.doc_id: d for d in self.indexed.corpus.documents} if self.indexed else {}

    def on_mount(self) -> None:
        self.query_one("#question", Input).focus()
        self._open_history()

    def _open_history(self) -> None:
        if self.history is not None:
            return
        try:
            self.history = HistoryStore(history_path(paths.data_dir()))
        except HistoryError as error:
            self.notify(f"{error}; answers will not be kept", title="History", severity="error", timeout=10)

    # ---- getting ready ------------------------------------------------------------------------

    def on_startup_panel_corpus_ready(self, event: StartupPanel.CorpusReady) -> None:
        self.indexed = event.indexed
        self.status.corpus = corpus_figures(self.indexed)
        self._maybe_ready()
        if self.watch_folders:
            live = LiveIndex(chosen_roots(self.settings), paths.cache_dir(), warn=self._warn_from_worker)
            self.mount(FolderWatcher(live, event.indexed))

    def _warn_from_worker(self, message: str) -> None:
        self.call_from_thread(self.notify, message, severity="warning", timeout=8)

    def on_folder_watcher_refreshing(self, event: FolderWatcher.Refreshing) -> None:
        self.status.index_note = "refreshing the index…"

    def on_folder_watcher_refreshed(self, event: FolderWatcher.Refreshed) -> None:
        """Swap the new index in; an answer being written keeps the index it began with."""
        self.indexed = event.indexed
        if self.answerer is not None and self.chat_model is not None:
            self.answerer = Answerer(event.indexed.index, self.chat_model, answer_settings(self.settings))
        self.status.corpus = corpus_figures(event.indexed)
        self.status.index_note = f"index refreshed: {event.change.describe()}"

    def on_folder_watcher_refresh_failed(self, event: FolderWatcher.RefreshFailed) -> None:
        self.status.index_note = "index not refreshed"
        self.notify(event.message, title="Could not refresh the index", severity="error", timeout=10)

    def on_startup_panel_model_ready(self, event: StartupPanel.ModelReady) -> None:
        model = self.chat_model = event.model
        self.status.model_name = model.name.removesuffix(".gguf")
        supported = getattr(model, "gpu_offload_supported", None)
        self.status.gpu = gpu_label(self.settings.n_gpu_layers, supported, self.settings.server)
        if self.settings.n_gpu_layers and supported is False:
            self.notify("This llama-cpp-python build has no GPU support; running on the CPU.", severity="warning")
        notice = getattr(model, "notice", None)  # how a local model was loaded (answering/extra_bufts.py)
        if notice:
            self.notify(notice, title="Model", severity="warning", timeout=15)
        self._maybe_ready()

    async def on_startup_panel_failed(self, event: StartupPanel.Failed) -> None:
        message = f"{event.step.capitalize()}: {event.message}"
        if event.step == "model":
            self.status.model_name = "no model"
        else:
            self.status.corpus = "no corpus"
        self.startup_error = self.startup_error or message
        self.status.state = "not ready"
        self.notify(message, title="docent cannot answer yet", severity="error", timeout=15)
        if self.pending is not None:
            view, self.pending = self.pending, None
            await view.fail("not answered: " + message)

    def _maybe_ready(self) -> None:
        if self.indexed is None or self.chat_model is None or self.answerer is not None:
            return
        self.answerer = Answerer(self.indexed.index, self.chat_model, answer_settings(self.settings))
        self.startup.display = False
        self.status.state = "ready"
        self._ask_pending()

    # ---- asking -------------------------------------------------------------------------------

    @on(Input.Submitted, "#question")
    async def ask(self, event: Input.Submitted) -> None:
        question = event.value.strip()
        if not question:
            return
        if self.pending is not None:
            self.notify("A question is already waiting its turn; Esc stops the answer being written.", severity="warning")
            return
        if self.startup_error is not None:
            self.notify(self.startup_error, title="docent cannot answer", severity="error", timeout=10)
            return
        event.input.clear()
        view = await self.conversation.add(question)
        self._select(view)
        if self.answerer is None or self.answering:
            self.pending = view  # answered once the model and index are ready, or the answer above is done
            view.set_meta("waiting for the answer above…" if self.answering else "waiting for the model and the index…")
            return
        self._start_answer(view)

    @property
    def answering(self) -> bool:
        return self.streaming is not None

    def _start_answer(self, view: ExchangeView) -> None:
        assert self.answerer is not None  # questions wait in pending until it is ready
        self.streaming = view
        self.status.state = "answering…"
        view.ask(self.answerer, self.session.turns(), self._model_lock, self.debug_errors)

    async def on_exchange_view_answered(self, event: ExchangeView.Answered) -> None:
        view, answer = event.exchange, event.answer
        await view.finish(answer)
        self.session.answers.append(answer)
        self._save(answer)
        self.status.show_answer(answer)
        self._finished(view)
        if self.selected is view:
            self._select(view)

    async def on_exchange_view_failed(self, event: ExchangeView.Failed) -> None:
        await event.exchange.fail("not answered: " + event.message)
        self._finished(event.exchange)
        self.notify(event.message, title="Could not answer", severity="error", timeout=10)

    def _finished(self, view: ExchangeView) -> None:
        """view's answer is no longer being written (unless the reader had already stopped it)."""
        if self.streaming is view:
            self.streaming = None
            self.status.state = "ready"
        self._ask_pending()

    def _ask_pending(self) -> None:
        """Answer the question that waited for the model and index, or for the answer before it."""
        if self.pending is not None and self.answerer is not None and not self.answering:
            view, self.pending = self.pending, None
            self._start_answer(view)

    async def action_stop(self) -> None:
        """Stop the answer being written (the reader is free at once, the model at its next token; a question
        waiting its turn then begins), or else the question waiting."""
        view = self.streaming
        if view is None:
            if self.pending is not None:
                waiting, self.pending = self.pending, None
                waiting.set_meta("■ stopped before it began")
            return
        self.streaming = None
        self.status.state = "ready"
        await view.stop()
        self._ask_pending()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in MAIN_SCREEN_ACTIONS and len(self.screen_stack) > 1:
            return False  # not offered over the passage, history or help screens
        if action == "stop":
            return True if self.answering or self.pending else None  # dimmed while nothing is being answered
        return True

    # ---- history ------------------------------------------------------------------------------

    def _save(self, answer: Answer) -> None:
        if self.history is None:
            return
        session = self.session
        try:
            if session.session_id is None:
                session.session_id = self.history.new_session(corpus_label(self.settings), answer.model)
                session.started_at = self.history.clock()
            self.history.save_answer(session.session_id, answer)
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error", timeout=10)

    def action_history(self) -> None:
        if self.history is None:
            self.notify("The history could not be opened.", severity="error")
            return
        if isinstance(self.screen, HistoryScreen):
            return
        try:
            sessions = self.history.sessions()
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error", timeout=10)
            return
        self.push_screen(HistoryScreen(sessions), self._reopen)

    async def _reopen(self, session_id: int | None) -> None:
        if session_id is None or self.history is None:
            return
        if self.answering:
            self.notify("Still answering; Esc stops it before reopening a session.", severity="warning")
            return
        saved = self._load_saved(session_id)
        if saved is None:
            return
        await self._clear()
        self.session = Session(list(saved.answers), saved.summary.id, saved.summary.started_at)
        last = None
        for answer in saved.answers:
            last = await self.conversation.add(answer.question, answer)
        self._select(last)
        count = len(saved.answers)
        self.notify(f"Reopened a session of {count} question{'s' if count != 1 else ''}; new questions continue it.")

    def _load_saved(self, session_id: int) -> SavedSession | None:
        if self.history is None:
            return None
        try:
            return self.history.load(session_id)
        except HistoryError as error:
            self.notify(str(error), title="History", severity="error", timeout=10)
            return None

    async def _clear(self) -> None:
        await self.conversation.clear()
        self.session = Session()
        self._select(None)

    async def action_new_session(self) -> None:
        if self.answering or self.pending is not None:
            self.notify("Still answering; Esc stops it first.", severity="warning")
            return
        await self._clear()
        self.notify("New session.")

    @on(HistoryScreen.ExportRequested)
    def export_saved(self, event: HistoryScreen.ExportRequested) -> None:
        saved = self._load_saved(event.session_id)
        if saved is None:
            return
        summary = saved.summary
        self._export(saved.answers, summary.id, summary.started_at, summary.corpus, summary.model)

    def action_export(self) -> None:
        answers = self.session.answers
        if not answers:
            self.notify("Nothing to export yet: ask a question first.", severity="warning")
            return
        started = self.session.started_at or utc_now()
        corpus = corpus_label(self.settings)
        self._export(answers, self.session.session_id or 0, started, corpus, answers[-1].model)

    def _export(self, answers: list[Answer], session_id: int, started: datetime, corpus: str, model: str) -> None:
        path = export_path(self.export_dir, session_id, started)
        try:
            with atomic_file(path) as handle:
                handle.write(session_markdown(answers, started, corpus, model).encode("utf-8"))
        except OSError as error:
            self.notify(f"Could not export to {path}: {error.strerror}", severity="error", timeout=10)
            return
        count = f"{len(answers)} answer{'s' if len(answers) != 1 else ''}"
        self.notify(f"Exported {count} to {path}", title="Export", timeout=8)

    # ---- selection, sources, passages ---------------------------------------------------------

    def _select(self, view: ExchangeView | None, scroll: bool = False) -> None:
        self.selected = view
        self.conversation.select(view, scroll)
        number = self.conversation.exchanges.index(view) + 1 if view is not None else None
        self.sources.show(view.answer if view else None, number)

    def action_select_answer(self, delta: int) -> None:
        answered = [v for v in self.conversation.exchanges if v.answer is not None]
        if not answered:
            return
        position = answered.index(self.selected) if self.selected in answered else len(answered)
        self._select(answered[max(0, min(len(answered) - 1, position + delta))], scroll=True)

    def on_exchange_view_selected(self, event: ExchangeView.Selected) -> None:
        if event.exchange.answer is not None:
            self._select(event.exchange)

    def on_exchange_view_citation_clicked(self, event: ExchangeView.CitationClicked) -> None:
        self._select(event.exchange)
        self.action_open_source(event.n)

    def on_sources_panel_source_chosen(self, event: SourcesPanel.SourceChosen) -> None:
        self.action_open_source(event.n)

    def action_open_source(self, n: int) -> None:
        answer = self.selected.answer if self.selected else None
        if answer is None or not 1 <= n <= len(answer.passages):
            self.notify(f"The selected answer has no source [{n}].", severity="warning")
            return
        self.push_screen(PassageScreen(answer, n, self.documents))

    def action_copy_answer(self) -> None:
        answer = self.selected.answer if self.selected else None
        if answer is None:
            self.notify("No answer selected to copy.", severity="warning")
            return
        self.copy_to_clipboard(answer_markdown(answer))
        self.notify("Copied the answer and its sources to the clipboard.")

    def action_toggle_sources(self) -> None:
        sources = self.sources
        sources.toggle_class("-hidden")
        if sources.has_class("-hidden") and self.focused is not None and sources in self.focused.ancestors:
            self.query_one("#question", Input).focus()

    def on_key(self, event: events.Key) -> None:
        """A character typed on the main screen outside the question box starts a question there: the reader
        who has been reading answers or sources types without first moving back to the box."""
        if not event.is_printable or not event.character or event.character == "?" or len(self.screen_stack) > 1:
            return
        box = self.query_one("#question", Input)
        if self.focused is not box and box.display:
            event.stop()
            box.focus()
            box.insert_text_at_cursor(event.character)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())


def make_app(
    settings: Settings,
    model: ChatModel | None = None,
    indexed: IndexedCorpus | None = None,
    history: HistoryStore | None = None,
    export_dir: Path | None = None,
    debug: bool = False,
    watch: bool | None = None,
) -> DocentApp:
    """The app the CLI runs and the tests drive: model and index are loaded in workers unless given.

    watch: keep the index current as files change (default: when the app opens the index itself).
    """
    return DocentApp(settings, model, indexed, history, export_dir, debug, watch)
