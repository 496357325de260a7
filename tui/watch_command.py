"""`docent index --watch [PATH]`: index, then keep the index current as files change, until Ctrl+C."""

from __future__ import annotations

import sys
import threading
import time
from pathlib import Path
from typing import TextIO

from docent.retrieval.index_cache import IndexedCorpus
from docent.retrieval.live_index import IndexChange, LiveIndex
from docent.tui import paths
from docent.tui.corpus_choice import chosen_roots
from docent.tui.errors import describe as describe_error
from docent.tui.folder_watch import keep_current
from docent.tui.index_command import describe
from docent.tui.settings import Settings


def warn(message: str) -> None:
    print(f"docent: {message}", file=sys.stderr, flush=True)


def _current(live: LiveIndex) -> IndexedCorpus:
    assert live.indexed is not None  # refresh() has made it
    return live.indexed


def run_watch(path: str | None, settings: Settings, out: TextIO | None = None, stop: threading.Event | None = None) -> int:
    out = out or sys.stdout
    roots = (Path(path).expanduser(),) if path else chosen_roots(settings)
    live = LiveIndex(roots, paths.cache_dir(), warn=warn)
    live.refresh()
    for line in describe(_current(live)):
        out.write(line + "\n")
    out.write(f"watching {', '.join(str(r) for r in live.roots)} for changes (Ctrl+C stops)\n")
    out.flush()

    def refreshed(change: IndexChange) -> None:
        if change.nothing:
            return
        report = _current(live).report
        out.write(
            f"{time.strftime('%H:%M:%S')} refreshed in {change.seconds:.2f} s: {change.describe()}"
            f" ({report.documents:,} documents, {report.passages:,} passages)\n"
        )
        out.flush()

    keep_current(live, lambda changed: None, refreshed, lambda error: warn(describe_error(error, False)), stop)
    return 0
