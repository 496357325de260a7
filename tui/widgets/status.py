"""The status bar: model, corpus size, speed of the last answer, GPU offload, and what docent is doing."""

from __future__ import annotations

from urllib.parse import urlsplit

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from docent.answering.types import Answer
from docent.retrieval.index_cache import IndexedCorpus

SEPARATOR = " │ "


def tokens_per_second(answer: Answer) -> float | None:
    """Generated tokens per second of generation; None when nothing was generated."""
    seconds = answer.timings.generation_ms / 1000
    if answer.tokens.completion <= 0 or seconds <= 0:
        return None
    return answer.tokens.completion / seconds


def gpu_label(layers: int, supported: bool | None, server: str | None = None) -> str:
    """Layers offloaded to the GPU: none when the build has no GPU support, whatever was asked.

    With a server the model runs there, so the label names the server instead."""
    if server:
        return f"on {urlsplit(server).netloc or server}"
    offloaded = 0 if supported is False else layers
    if offloaded < 0:
        return "GPU all layers"
    return f"GPU {offloaded} layer{'s' if offloaded != 1 else ''}"


def corpus_figures(indexed: IndexedCorpus) -> str:
    return f"{len(indexed.corpus.documents)} docs · {len(indexed.index)} passages"


def fit_name(name: str, room: int) -> str:
    """name shortened with an ellipsis to room characters (at least 8)."""
    room = max(room, 8)
    return name if len(name) <= room else name[: room - 1] + "…"


class StatusBar(Widget):
    """One line at the bottom of the main screen."""

    model_name: reactive[str] = reactive("no model yet")
    corpus: reactive[str] = reactive("indexing…")
    speed: reactive[float | None] = reactive(None)
    gpu: reactive[str] = reactive(gpu_label(0, None))
    state: reactive[str] = reactive("loading…")
    index_note: reactive[str] = reactive("")  # what the last refresh of a live folder changed, or that one runs

    def render(self) -> Text:
        speed = "– tok/s" if self.speed is None else f"{self.speed:.1f} tok/s"
        corpus = f"{self.corpus} ({self.index_note})" if self.index_note else self.corpus
        rest = SEPARATOR.join([corpus, speed, self.gpu, self.state])
        room = self.size.width - len(rest) - len(SEPARATOR) - 2
        line = Text(" ")
        line.append(fit_name(self.model_name, room), style="bold")
        line.append(SEPARATOR + rest)
        return line

    def show_answer(self, answer: Answer) -> None:
        self.speed = tokens_per_second(answer)
