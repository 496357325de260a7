"""Live folders in the interface: watches the corpus's folders in a worker and posts each refreshed index."""

from __future__ import annotations

import threading

from textual.message import Message
from textual.widget import Widget

from docent.retrieval.index_cache import IndexedCorpus
from docent.retrieval.live_index import IndexChange, LiveIndex
from docent.tui.errors import describe
from docent.tui.folder_watch import keep_current


class FolderWatcher(Widget):
    """Not shown. Refreshes run in its worker; the app swaps the new index in when one is complete."""

    DEFAULT_CSS = "FolderWatcher { display: none; }"

    class Refreshing(Message):
        def __init__(self, paths: set[str]) -> None:
            super().__init__()
            self.paths = paths

    class Refreshed(Message):
        def __init__(self, indexed: IndexedCorpus, change: IndexChange) -> None:
            super().__init__()
            self.indexed = indexed
            self.change = change

    class RefreshFailed(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

    def __init__(self, live: LiveIndex, indexed: IndexedCorpus) -> None:
        super().__init__()
        self.live, self.initial = live, indexed
        self.stop = threading.Event()

    def on_mount(self) -> None:
        self.run_worker(self._watch, thread=True, group="watch", exit_on_error=False)

    def on_unmount(self) -> None:
        self.stop.set()

    def _current(self) -> IndexedCorpus:
        assert self.live.indexed is not None  # set by adopt() before watching
        return self.live.indexed

    def _watch(self) -> None:
        self.live.adopt(self.initial)
        keep_current(
            self.live,
            lambda paths: self.post_message(self.Refreshing(paths)),
            lambda change: self.post_message(self.Refreshed(self._current(), change)),
            lambda error: self.post_message(self.RefreshFailed(describe(error))),
            self.stop,
        )
