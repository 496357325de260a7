"""The two ways a refresh writes the index: a new whole base, or only a new delta beside the old base.

Both are given the corpus's documents in order, each either kept from the old index (by its number in the
old IndexView) or just read, and are fed as they come, so that the documents read are not all held at once.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from docent.retrieval.index_data import IndexAssembly, NewDocument
from docent.retrieval.index_store import write_store
from docent.retrieval.index_view import IndexView, delta_path, write_delta


class WholeAssembler:
    """A new base of every document: runs of consecutive kept base documents are copied, documents read or
    kept from the delta are added, in the corpus's order. An old base whose documents are all kept, in
    order, is never copied."""

    def __init__(self, old: IndexView | None) -> None:
        self.old = old
        self.assembly: IndexAssembly | None = None
        self.run: list[int] = []  # [first, last) of the current run of kept base documents, not yet copied
        self.documents = 0

    def keep(self, c: int, rehashed: bool = False) -> None:
        """Document c of the old view, unchanged (rehashed: its file was read to be sure)."""
        assert self.old is not None
        self.documents += 1
        if not self.old.in_base(c):
            self._add(self.old.new_document(c))
            return
        d = self.old.locate(c)[1]
        if self.run and d == self.run[1]:
            self.run[1] += 1
            return
        self._flush()
        self.run = [d, d + 1]

    def add(self, new: NewDocument) -> None:
        self.documents += 1
        self._add(new)

    def _add(self, new: NewDocument) -> None:
        self._flush()
        self._assembly().add(new)

    def _assembly(self) -> IndexAssembly:
        if self.assembly is None:
            self.assembly = IndexAssembly(self.old.base if self.old else None)
        return self.assembly

    def _flush(self) -> None:
        if self.run:
            self._assembly().keep(*self.run)
            self.run = []

    def unchanged(self, mtimes: dict[str, int]) -> bool:
        """Every document of a whole old base kept, in order, nothing added, no file time changed."""
        old = self.old
        if old is None or not old.is_whole or self.assembly is not None or self.run != [0, old.base.n_documents]:
            return False
        return all(mtimes[doc_id] == old.file_facts(c)[1] for c, doc_id in enumerate(old.doc_ids()))

    def finish(self, mtimes: dict[str, int]) -> IndexView:
        """The new index, its files' times brought up to date."""
        self._flush()
        data = self._assembly().finish()
        data.arrays["doc.mtime_ns"] = np.array([mtimes[doc_id] for doc_id in data.doc_ids()], dtype=np.int64)
        data.arrays["meta.indexed_ns"] = np.array([time.time_ns()], dtype=np.int64)
        return IndexView(data)

    @staticmethod
    def save(path: Path, view: IndexView, key: str) -> int:
        """Write the new base, then drop the old delta (a delta left by a crash in between names the old base,
        so it is never read with this one)."""
        size = write_store(path, view.base.stored_arrays(), {"key": key})
        delta_path(path).unlink(missing_ok=True)
        return size


class DeltaAssembler:
    """A new delta beside the old base: the documents read, plus those kept from the old delta, in the
    corpus's order; the base's documents not kept are marked gone."""

    def __init__(self, old: IndexView) -> None:
        self.old = old
        self.kept_base: set[int] = set()
        self.rehashed_base: set[int] = set()  # kept base documents whose files were read to be sure
        self.assembly: IndexAssembly | None = None
        self.added = 0
        self.documents = 0

    def keep(self, c: int, rehashed: bool = False) -> None:
        self.documents += 1
        data, d = self.old.locate(c)
        if data is self.old.base:
            self.kept_base.add(d)
            if rehashed:
                self.rehashed_base.add(d)
        else:
            self._assembly().keep(d, d + 1)

    def add(self, new: NewDocument) -> None:
        self.documents += 1
        self.added += 1
        self._assembly().add(new)

    def _assembly(self) -> IndexAssembly:
        if self.assembly is None:
            self.assembly = IndexAssembly(self.old.delta)
        return self.assembly

    def unchanged(self, mtimes: dict[str, int]) -> bool:
        old = self.old
        if self.added or self.documents != old.n_documents:
            return False
        return all(mtimes[doc_id] == old.file_facts(c)[1] for c, doc_id in enumerate(old.doc_ids()))

    def finish(self, mtimes: dict[str, int]) -> IndexView:
        old, base = self.old, self.old.base
        deleted = frozenset(range(base.n_documents)) - self.kept_base
        newly_gone = sorted(deleted - old.deleted)
        ids = base.doc_ids()
        touched = {d: mtimes[ids[d]] for d in sorted(self.kept_base)
                   if d in old.touched or d in self.rehashed_base or mtimes[ids[d]] != base.file_facts(d)[1]}
        delta = None
        if self.assembly is not None:
            delta = self.assembly.finish()
            delta.arrays["doc.mtime_ns"] = np.array([mtimes[doc_id] for doc_id in delta.doc_ids()], dtype=np.int64)
            delta.arrays["meta.indexed_ns"] = np.array([time.time_ns()], dtype=np.int64)
        gone = old.gone_terms + old.deleted_passages(newly_gone)
        return IndexView(base, delta, deleted, touched, gone, time.time_ns())

    @staticmethod
    def save(path: Path, view: IndexView, key: str) -> int:
        """Write the delta; the base stays as it is. The size of both on disk."""
        return write_delta(delta_path(path), view, key) + path.stat().st_size


def delta_bytes(old: IndexView, to_read: dict[str, int], present: set[str]) -> int:
    """The bytes of the documents a new delta would hold: those read now, and the old delta's still present."""
    if old.delta is None:
        return sum(to_read.values())
    kept = [old.delta.file_facts(d)[0] for d, doc_id in enumerate(old.delta.doc_ids()) if doc_id in present and doc_id not in to_read]
    return sum(to_read.values()) + sum(kept)


def base_bytes(old: IndexView) -> int:
    return int(np.asarray(old.base.arrays["doc.size"]).sum())

