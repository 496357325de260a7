"""docent as a long-lived service (for `docent mcp`): one model, one current index per collection, one call at a time."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, replace

from docent.answering.json_output import answer_to_json
from docent.answering.llm import ChatModel
from docent.answering.pipeline import Answerer
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.live_index import LiveIndex
from docent.tui import bootstrap, paths
from docent.tui.corpus_choice import chosen_collection, chosen_roots
from docent.tui.progress import ProgressLine
from docent.tui.settings import COLLECTIONS_TABLE, Settings, SettingsError, load_config

MAX_SEARCH_K = 100


class BadRequest(SettingsError):
    """A tool call's arguments are not acceptable; the message says why in one line."""


def notify(message: str) -> None:
    print(f"docent: {message}", file=sys.stderr, flush=True)


def clean_text(text: str, what: str) -> str:
    """The question or query on one line, without control characters; empty or overlong ones are refused."""
    from docent.tui.cli import UsageError, clean_question

    try:
        return clean_question(text, what)
    except UsageError as error:
        raise BadRequest(str(error)) from None


def passage_to_json(hit: ScoredPassage) -> dict:
    p = hit.passage
    return {
        "doc": p.doc_id,
        "passage_id": p.passage_id,
        "section": getattr(p, "section", "") or "",
        "start": p.start,
        "end": p.end,
        "score": round(hit.score, 4),
        "text": p.text,
    }


@dataclass(frozen=True)
class CollectionFigures:
    name: str
    paths: tuple[str, ...]
    documents: int
    passages: int
    error: str = ""  # why it could not be indexed


class DocentService:
    """What `docent mcp` serves. Every public method holds one lock, so concurrent calls run one at a time."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._model: ChatModel | None = None
        self._indexes: dict[tuple[str, ...], LiveIndex] = {}

    def check(self) -> None:
        """Fail now, in one line, when the settings pick a collection or corpus that cannot be used."""
        chosen_roots(self._settings_for(None))

    def _settings_for(self, collection: str | None) -> Settings:
        """The settings with the config file's collections as they are now, and the collection asked for."""
        current = load_config(paths.config_file()).get(COLLECTIONS_TABLE, {})
        settings = replace(self.settings, collections=current)
        if collection is None:
            return settings
        return replace(settings, collection=collection, corpus=None, sources={**settings.sources, "collection": "command line"})

    def _index(self, settings: Settings):
        roots = chosen_roots(settings)
        key = tuple(str(r) for r in roots)
        if key not in self._indexes:
            self._indexes[key] = LiveIndex(roots, paths.cache_dir(), warn=notify)
        return self._indexes[key].current()

    def _loaded_model(self) -> ChatModel:
        if self._model is None:
            progress = ProgressLine()
            try:
                model = bootstrap.open_model(self.settings, notify, progress)
            finally:
                progress.close()
            model.load()
            self._model = model
        return self._model

    def ask(self, question: str, collection: str | None = None) -> dict:
        """The answer as `docent --ask Q --json` prints it."""
        question = clean_text(question, "question")
        with self._lock:
            settings = self._settings_for(collection)
            indexed = self._index(settings)
            answerer = Answerer(indexed.index, self._loaded_model(), bootstrap.answer_settings(settings))
            return answer_to_json(answerer.ask(question))

    def search(self, query: str, collection: str | None = None, k: int = 5) -> list[dict]:
        """The k best passages for query, without the model."""
        query = clean_text(query, "query")
        if not 1 <= k <= MAX_SEARCH_K:
            raise BadRequest(f"k must be from 1 to {MAX_SEARCH_K}")
        with self._lock:
            indexed = self._index(self._settings_for(collection))
            return [passage_to_json(hit) for hit in indexed.index.search(query, k)]

    def collections(self) -> tuple[list[CollectionFigures], str | None]:
        """Every collection of the config file with its figures, and the one used when none is named."""
        from docent.tui.cli import user_errors

        with self._lock:
            settings = self._settings_for(None)
            figures = []
            for name, roots in settings.collections.items():
                try:
                    indexed = self._index(replace(settings, collection=name, corpus=None))
                except user_errors() as error:
                    figures.append(CollectionFigures(name, roots, 0, 0, str(error)))
                    continue
                figures.append(CollectionFigures(name, roots, indexed.report.documents, indexed.report.passages))
            default = chosen_collection(settings)
            return figures, default.name if default else None
