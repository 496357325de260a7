"""An index kept current: refreshed, incrementally, when a file of its corpus is added, changed or removed."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from docent.retrieval.index_cache import IndexedCorpus, Progress, Warn, open_index
from docent.retrieval.roots import Roots, as_roots, scan_roots

NAMES_SHOWN = 3

Fingerprint = frozenset[tuple[str, int, int]]  # (doc_id, size, mtime_ns) of every supported file


@dataclass(frozen=True)
class IndexChange:
    """What a refresh found: documents added and removed by id, and how many others changed."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    changed: int = 0
    seconds: float = 0.0

    @property
    def nothing(self) -> bool:
        return not (self.added or self.removed or self.changed)

    def describe(self) -> str:
        """'1 added (notes.md), 2 changed, 1 removed (old.txt)', or 'nothing changed'."""
        if self.nothing:
            return "nothing changed"
        parts = []
        for verb, ids in (("added", self.added), ("removed", self.removed)):
            if ids:
                names = ", ".join(ids[:NAMES_SHOWN]) + (f", +{len(ids) - NAMES_SHOWN} more" if len(ids) > NAMES_SHOWN else "")
                parts.append(f"{len(ids)} {verb} ({names})")
        if self.changed:
            parts.append(f"{self.changed} changed")
        return ", ".join(parts)


def fingerprint(roots: Roots) -> Fingerprint:
    """What a file listing shows of the corpus: enough to tell that something changed, without reading a file."""
    return frozenset((source.doc_id, source.size, source.mtime_ns) for source in scan_roots(roots).files)


class LiveIndex:
    """The index of some roots; refresh() brings it up to date and says what changed. One thread at a time."""

    def __init__(
        self,
        roots: Roots,
        cache_dir: Path | None,
        warn: Warn = lambda message: None,
        progress: Progress = lambda files, total_files, read_bytes, total_bytes: None,
    ) -> None:
        self.roots = as_roots(roots)
        self.cache_dir = cache_dir
        self.indexed: IndexedCorpus | None = None
        self.warn, self.progress = warn, progress
        self._seen: Fingerprint | None = None

    def adopt(self, indexed: IndexedCorpus) -> None:
        """Take an index just opened of these roots as the current one (this lists the files: a worker's job)."""
        self.indexed, self._seen = indexed, fingerprint(self.roots)

    def current(self) -> IndexedCorpus:
        """The index, refreshed first when the file listing differs from the last one indexed."""
        listing = fingerprint(self.roots)
        if self.indexed is None or listing != self._seen:
            return self._reindex(listing)[0]
        return self.indexed

    def refresh(self, listing: Fingerprint | None = None) -> IndexChange:
        return self._reindex(listing)[1]

    def _reindex(self, listing: Fingerprint | None) -> tuple[IndexedCorpus, IndexChange]:
        """Open the index anew (incrementally): the new index and what changed."""
        started = time.perf_counter()
        listing = fingerprint(self.roots) if listing is None else listing
        before = {doc_id for doc_id, _, _ in self._seen or ()}
        indexed = open_index(self.roots, self.cache_dir, warn=self.warn, progress=self.progress)
        after = {doc_id for doc_id, _, _ in listing}
        added, removed = tuple(sorted(after - before)), tuple(sorted(before - after))
        changed = max(0, indexed.report.files_reanalyzed - len(added))
        self.indexed, self._seen = indexed, listing
        return indexed, IndexChange(added, removed, changed, time.perf_counter() - started)
