"""Getting ready: the corpus index and the model, loaded in worker threads, each step shown as it goes."""

from __future__ import annotations

from collections.abc import Callable

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static

from docent.answering.llm import ChatModel
from docent.retrieval.index_cache import IndexedCorpus
from docent.tui.bootstrap import choose_model, make_model, open_corpus
from docent.tui.errors import describe
from docent.tui.settings import Settings


class StartupPanel(Vertical):
    """Loads what the settings name (or uses what it is given); stays on screen with the reason when a step fails."""

    class CorpusReady(Message):
        def __init__(self, indexed: IndexedCorpus) -> None:
            super().__init__()
            self.indexed = indexed

    class ModelReady(Message):
        def __init__(self, model: ChatModel) -> None:
            super().__init__()
            self.model = model

    class Failed(Message):
        """A step failed; message says why in one line."""

        def __init__(self, step: str, message: str) -> None:
            super().__init__()
            self.step = step
            self.message = message

    def __init__(
        self,
        settings: Settings,
        model: ChatModel | None = None,
        indexed: IndexedCorpus | None = None,
        debug: bool = False,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.settings = settings
        self.given_model = model
        self.given_index = indexed
        self.debug = debug

    def compose(self) -> ComposeResult:
        yield Static("◌ Indexing the corpus…", id="corpus-step", classes="step", markup=False)
        yield Static("◌ Finding the model…", id="model-step", classes="step", markup=False)
        yield ProgressBar(id="pull-progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False
        if self.given_index is not None:
            self.post_message(self.CorpusReady(self.given_index))
        else:
            self.load_corpus()
        self.load_model()

    # ---- worker threads -----------------------------------------------------------------------

    @work(thread=True, group="startup", exit_on_error=False)
    def load_corpus(self) -> None:
        try:
            indexed = open_corpus(self.settings, self._warn)
        except Exception as error:
            self.post_message(self.Failed("corpus", describe(error, self.debug)))
            return
        self.post_message(self.CorpusReady(indexed))

    @work(thread=True, group="startup", exit_on_error=False)
    def load_model(self) -> None:
        try:
            model = self._open_model()
        except Exception as error:
            self.post_message(self.Failed("model", describe(error, self.debug)))
            return
        self.post_message(self.ModelReady(model))

    def _open_model(self) -> ChatModel:
        model = self.given_model
        if model is None:
            choice = choose_model(self.settings, self._warn, self._progress)
            model = make_model(choice, self.settings)
        self._from_thread(self._step, "model", f"◌ Loading the model {model.name}…")
        model.load()
        return model

    def _from_thread(self, callback: Callable, *args) -> None:
        try:
            self.app.call_from_thread(callback, *args)
        except RuntimeError:  # the app has stopped meanwhile
            pass

    def _warn(self, message: str) -> None:
        self._from_thread(lambda: self.app.notify(message, severity="warning", timeout=8))

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._from_thread(self._show_progress, stage, done, total)

    # ---- what the panel shows -----------------------------------------------------------------

    def _step(self, step: str, text: str, failed: bool = False) -> None:
        widget = self.query_one(f"#{step}-step", Static)
        widget.update(text)
        widget.set_class(failed, "-failed")
        self.set_class(failed or self.has_class("-failed"), "-failed")

    def _show_progress(self, stage: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total or None, progress=done)
        self._step("model", f"◌ Pulling the default model ({stage})…")

    def on_startup_panel_corpus_ready(self, event: CorpusReady) -> None:
        corpus = event.indexed
        self._step("corpus", f"✓ Corpus: {len(corpus.corpus.documents)} documents, {len(corpus.index)} passages")

    def on_startup_panel_model_ready(self, event: ModelReady) -> None:
        self.query_one(ProgressBar).display = False
        self._step("model", f"✓ Model: {event.model.name}")

    def on_startup_panel_failed(self, event: Failed) -> None:
        self.query_one(ProgressBar).display = False
        self._step(event.step, f"✗ {event.step.capitalize()}: {event.message}", failed=True)
