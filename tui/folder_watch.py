"""Watch a corpus's folders with watchfiles; each batch of changes refreshes its LiveIndex."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from docent.retrieval.live_index import IndexChange, LiveIndex

STEP_MS = 50  # how often the watcher looks at its stop event, and how long a batch of changes stays open
DEBOUNCE_MS = 400  # the longest a batch of changes is held before a refresh runs


def is_watched(path: str, roots: tuple[Path, ...]) -> bool:
    """Hidden files and folders below a root (editor swap files, .git) are never indexed, so never trigger a refresh."""
    changed = Path(path)
    for root in roots:
        if changed == root or root in changed.parents:
            return not any(part.startswith(".") for part in changed.relative_to(root).parts)
    return True


def batches(roots: tuple[Path, ...], stop: threading.Event | None = None) -> Iterator[set[str]]:
    """The paths changed below roots, one set per burst of changes, until stop is set."""
    import watchfiles

    absolute = tuple(root.absolute() for root in roots)
    for changes in watchfiles.watch(
        *roots, watch_filter=lambda change, path: is_watched(path, absolute), debounce=DEBOUNCE_MS, step=STEP_MS,
        stop_event=stop, raise_interrupt=False,
    ):
        yield {path for _, path in changes}


def keep_current(
    live: LiveIndex,
    on_start: Callable[[set[str]], object],
    on_done: Callable[[IndexChange], object],
    on_error: Callable[[Exception], object],
    stop: threading.Event | None = None,
) -> None:
    """Refresh live after every burst of changes below its roots; the callbacks say what happens."""
    for paths in batches(live.roots, stop):
        on_start(paths)
        try:
            change = live.refresh()
        except Exception as error:  # a folder removed, a file unreadable: reported, and watching goes on
            on_error(error)
            continue
        on_done(change)
