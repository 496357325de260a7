"""What docent is getting ready: the corpus index and the model, with a progress bar while a model is pulled."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import ProgressBar, Static


class StartupPanel(Vertical):
    """Two steps, each waiting, done or failed; stays on screen with the reason when a step fails."""

    def compose(self) -> ComposeResult:
        yield Static("◌ Indexing the corpus…", id="corpus-step", classes="step", markup=False)
        yield Static("◌ Finding the model…", id="model-step", classes="step", markup=False)
        yield ProgressBar(id="pull-progress", show_eta=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def _step(self, step: str, text: str, failed: bool = False) -> None:
        widget = self.query_one(f"#{step}-step", Static)
        widget.update(text)
        widget.set_class(failed, "-failed")
        self.set_class(failed or self.has_class("-failed"), "-failed")

    def corpus_ready(self, documents: int, passages: int) -> None:
        self._step("corpus", f"✓ Corpus: {documents} documents, {passages} passages")

    def corpus_failed(self, message: str) -> None:
        self._step("corpus", f"✗ Corpus: {message}", failed=True)

    def model_loading(self, name: str) -> None:
        self.query_one(ProgressBar).display = False
        self._step("model", f"◌ Loading the model {name}…")

    def model_progress(self, stage: str, done: int, total: int) -> None:
        bar = self.query_one(ProgressBar)
        bar.display = True
        bar.update(total=total or None, progress=done)
        self._step("model", f"◌ Pulling the default model ({stage})…")

    def model_ready(self, name: str) -> None:
        self.query_one(ProgressBar).display = False
        self._step("model", f"✓ Model: {name}")

    def model_failed(self, message: str) -> None:
        self.query_one(ProgressBar).display = False
        self._step("model", f"✗ Model: {message}", failed=True)
