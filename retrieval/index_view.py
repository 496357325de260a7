"""An index as it stands on disk: a base index file, plus a small delta file written by refreshes since.

The delta holds the documents added or changed since the base was written (an index of their own), which
of the base's documents are gone (removed, or superseded by a newer version in the delta), the new times of
base files touched without being changed, and in how many gone passages each term occurs, so that loading
needs no analysis. The documents are the base's live ones, in order, then the delta's. A refresh rewrites
only the delta; once it grows past a share of the base, the two are merged into a new base (index_cache).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from docent.retrieval.bm25_index import BM25Index
from docent.retrieval.chunking import document_terms, passage_terms
from docent.retrieval.documents import Document
from docent.retrieval.index_data import IndexData, NewDocument, StoredDocuments, StoredPassages, string_table
from docent.retrieval.index_store import StoreError, read_store, write_store
from docent.retrieval.segmented_index import Segment, SegmentedIndex

DELTA_SUFFIX = ".delta"
SEGMENT_ARRAYS = ("segment.deleted_docs", "segment.touched_docs", "segment.touched_mtimes", "segment.gone_terms",
                  "segment.gone_terms_ptr", "segment.gone_counts")


def delta_path(base_path: Path) -> Path:
    return base_path.with_name(base_path.name + DELTA_SUFFIX)


def indexed_ns(data: IndexData) -> int:
    return int(data.arrays["meta.indexed_ns"][0])


@dataclass
class IndexView:
    """The base's live documents then the delta's, numbered 0.. in that order (see the module docstring)."""

    base: IndexData
    delta: IndexData | None = None
    deleted: frozenset[int] = frozenset()  # base documents gone
    touched: dict[int, int] = field(default_factory=dict)  # base document -> its file's new time (content unchanged)
    gone_terms: Counter[str] = field(default_factory=Counter)  # term -> deleted base passages holding it
    checked_ns: int = 0  # when the delta was written
    live_base: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        keep = np.ones(self.base.n_documents, dtype=bool)
        keep[list(self.deleted)] = False
        self.live_base = np.flatnonzero(keep)

    @property
    def is_whole(self) -> bool:
        """The base alone, nothing changed since it was written."""
        return self.delta is None and not self.deleted and not self.touched

    @property
    def n_documents(self) -> int:
        return len(self.live_base) + (self.delta.n_documents if self.delta else 0)

    @property
    def n_passages(self) -> int:
        ptr = self.base.arrays["doc.passage_ptr"]
        base = int(np.diff(ptr)[self.live_base].sum())
        return base + (self.delta.n_passages if self.delta else 0)

    def locate(self, c: int) -> tuple[IndexData, int]:
        """The data that holds document c, and its number there."""
        if c < len(self.live_base):
            return self.base, int(self.live_base[c])
        if self.delta is None:
            raise IndexError(c)
        return self.delta, c - len(self.live_base)

    def in_base(self, c: int) -> bool:
        return c < len(self.live_base)

    def doc_ids(self) -> list[str]:
        ids = self.base.doc_ids()
        return [ids[d] for d in self.live_base.tolist()] + (self.delta.doc_ids() if self.delta else [])

    def file_facts(self, c: int) -> tuple[int, int, bytes]:
        """Size, modification time (ns) and SHA-256 of document c's file when it was last read or checked."""
        data, d = self.locate(c)
        size, mtime_ns, digest = data.file_facts(d)
        if data is self.base and d in self.touched:
            mtime_ns = self.touched[d]
        return size, mtime_ns, digest

    def checked_at(self, c: int) -> int:
        """When document c's file time was last compared with its content (the index's writing time)."""
        data, d = self.locate(c)
        return self.checked_ns if data is not self.base or d in self.touched else indexed_ns(self.base)

    def document(self, c: int) -> Document:
        data, d = self.locate(c)
        return data.document(d)

    def documents(self) -> Sequence[Document]:
        if self.is_whole:
            return StoredDocuments(self.base)
        return _Documents(self)

    def new_document(self, c: int) -> NewDocument:
        """Document c as if just read, to move it from the delta into a new base."""
        data, d = self.locate(c)
        ptr = data.arrays["doc.passage_ptr"]
        passages = [data.passage(pid) for pid in range(int(ptr[d]), int(ptr[d + 1]))]
        size, mtime_ns, digest = data.file_facts(d)
        return NewDocument.of(data.document(d), passages, document_terms(passages), size, mtime_ns, digest)

    def deleted_passages(self, docs: list[int]) -> Counter[str]:
        """In how many passages of the given base documents each term occurs."""
        ptr, counts = self.base.arrays["doc.passage_ptr"], Counter[str]()
        for d in docs:
            for pid in range(int(ptr[d]), int(ptr[d + 1])):
                counts.update(set(passage_terms(self.base.passage(pid))))
        return counts

    def bm25_index(self) -> BM25Index | SegmentedIndex:
        if self.delta is None and not self.deleted:
            return self.base.bm25_index()
        deleted = np.zeros(self.base.n_passages, dtype=bool)
        ptr = self.base.arrays["doc.passage_ptr"]
        for d in self.deleted:
            deleted[int(ptr[d]):int(ptr[d + 1])] = True
        base = Segment(StoredPassages(self.base), self.base.block_postings())
        delta = Segment(StoredPassages(self.delta), self.delta.block_postings()) if self.delta else None
        return SegmentedIndex(base, deleted, self.gone_terms, delta)


class _Documents(Sequence[Document]):
    def __init__(self, view: IndexView) -> None:
        self.view = view

    def __len__(self) -> int:
        return self.view.n_documents

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self.view.document(i)


def write_delta(path: Path, view: IndexView, key: str) -> int:
    """Write the view's delta beside its base (atomically); the file's size."""
    terms = list(view.gone_terms)
    blob, ptr = string_table(terms)
    arrays = view.delta.stored_arrays() if view.delta is not None else {}
    arrays.update({
        "segment.deleted_docs": np.array(sorted(view.deleted), dtype=np.int64),
        "segment.touched_docs": np.array(list(view.touched), dtype=np.int64),
        "segment.touched_mtimes": np.array(list(view.touched.values()), dtype=np.int64),
        "segment.gone_terms": blob,
        "segment.gone_terms_ptr": ptr,
        "segment.gone_counts": np.array([view.gone_terms[t] for t in terms], dtype=np.int64),
    })
    meta = {"key": key, "base": indexed_ns(view.base), "documents": view.delta is not None, "checked_ns": view.checked_ns}
    return write_store(path, arrays, meta)


def read_delta(path: Path, base: IndexData, key: str) -> IndexView | None:
    """The base with the delta written for it; None when there is none for this base and these settings."""
    try:
        meta, arrays = read_store(path)
    except (StoreError, OSError):
        return None
    if meta.get("key") != key or meta.get("base") != indexed_ns(base) or set(SEGMENT_ARRAYS) - arrays.keys():
        return None
    delta = None
    if meta.get("documents"):
        if IndexData.ARRAY_NAMES - arrays.keys():
            return None
        delta = IndexData({name: arrays[name] for name in IndexData.ARRAY_NAMES})
    blob, ptr = arrays["segment.gone_terms"].tobytes(), arrays["segment.gone_terms_ptr"].tolist()
    terms = [blob[a:b].decode("utf-8") for a, b in zip(ptr[:-1], ptr[1:], strict=True)]
    return IndexView(
        base, delta,
        deleted=frozenset(arrays["segment.deleted_docs"].tolist()),
        touched=dict(zip(arrays["segment.touched_docs"].tolist(), arrays["segment.touched_mtimes"].tolist(), strict=True)),
        gone_terms=Counter(dict(zip(terms, arrays["segment.gone_counts"].tolist(), strict=True))),
        checked_ns=int(meta.get("checked_ns", 0)),
    )
