"""Everything an index holds, as flat arrays: document texts and file facts, passages, postings.

Passages and documents are read from the arrays on demand, so that opening an index of a million
passages creates no Python object per passage. IndexAssembly builds the arrays from runs of documents
kept from an older index plus newly read documents, identically to a build from scratch.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import BM25Index, okapi_idf
from docent.retrieval.chunking import Passage
from docent.retrieval.documents import Document
from docent.retrieval.postings import Postings, Segment, combine

SHA256_BYTES = 32


def _strings(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A UTF-8 blob and offsets: string i is blob[ptr[i]:ptr[i + 1]]."""
    encoded = [value.encode("utf-8") for value in values]
    ptr = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=ptr[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), ptr


def _string_at(blob: np.ndarray, ptr: np.ndarray, i: int) -> str:
    return blob[ptr[i]:ptr[i + 1]].tobytes().decode("utf-8")


class StoredVocabulary(Sequence[str]):
    """The sorted terms of a stored index, found by binary search: no dictionary to build on load.

    Sorting str by code point sorts their UTF-8 encodings the same way, so the search compares bytes.
    """

    def __init__(self, blob: np.ndarray, ptr: np.ndarray) -> None:
        self._blob, self._ptr = blob, ptr

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def _bytes(self, i: int) -> bytes:
        return self._blob[self._ptr[i]:self._ptr[i + 1]].tobytes()

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._bytes(range(len(self))[i]).decode("utf-8")

    def __iter__(self):
        data, ptr = self._blob.tobytes(), self._ptr.tolist()
        return (data[a:b].decode("utf-8") for a, b in zip(ptr[:-1], ptr[1:], strict=True))

    def find(self, term: str) -> int | None:
        """The id of term, or None when no passage holds it."""
        target, lo, hi = term.encode("utf-8"), 0, len(self)
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self) and self._bytes(lo) == target else None


@dataclass(frozen=True)
class NewDocument:
    """A document read and analyzed in this refresh, with the facts of its file."""

    document: Document
    passages: list[Passage]
    terms: list[list[str]]
    size: int
    mtime_ns: int
    sha256: bytes


class IndexData:
    """The arrays of one index, in memory or memory-mapped from the index file."""

    ARRAY_NAMES = frozenset(
        """doc.id_blob doc.id_ptr doc.title_blob doc.title_ptr doc.size doc.mtime_ns doc.sha256 doc.text_ptr
        doc.page_ptr doc.page_starts doc.passage_ptr text passage.doc passage.start passage.end passage.byte_start
        passage.byte_end passage.first_page passage.last_page vocab vocab_ptr term_ptr pids tfs doc_len first_pos
        idf meta.indexed_ns""".split()
    )

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.n_documents = len(arrays["doc.size"])
        self.n_passages = len(arrays["passage.doc"])

    def doc_id(self, d: int) -> str:
        return _string_at(self.arrays["doc.id_blob"], self.arrays["doc.id_ptr"], d)

    def title(self, d: int) -> str:
        return _string_at(self.arrays["doc.title_blob"], self.arrays["doc.title_ptr"], d)

    def text(self, d: int) -> str:
        ptr = self.arrays["doc.text_ptr"]
        return self.arrays["text"][ptr[d]:ptr[d + 1]].tobytes().decode("utf-8")

    def page_starts(self, d: int) -> tuple[int, ...]:
        ptr = self.arrays["doc.page_ptr"]
        return tuple(self.arrays["doc.page_starts"][ptr[d]:ptr[d + 1]].tolist())

    def doc_ids(self) -> list[str]:
        blob, ptr = self.arrays["doc.id_blob"], self.arrays["doc.id_ptr"]
        data = blob.tobytes()
        return [data[a:b].decode("utf-8") for a, b in zip(ptr[:-1].tolist(), ptr[1:].tolist(), strict=True)]

    def file_facts(self, d: int) -> tuple[int, int, bytes]:
        """Size, modification time (ns) and SHA-256 of document d's file when it was read."""
        a = self.arrays
        return int(a["doc.size"][d]), int(a["doc.mtime_ns"][d]), a["doc.sha256"][d].tobytes()

    def passage(self, pid: int) -> Passage:
        a = self.arrays
        d = int(a["passage.doc"][pid])
        doc_id = self.doc_id(d)
        first, last = int(a["passage.first_page"][pid]), int(a["passage.last_page"][pid])
        return Passage(
            passage_id=f"{doc_id}#{pid - int(a['doc.passage_ptr'][d])}",
            doc_id=doc_id,
            title=self.title(d),
            start=int(a["passage.start"][pid]),
            end=int(a["passage.end"][pid]),
            text=a["text"][a["passage.byte_start"][pid]:a["passage.byte_end"][pid]].tobytes().decode("utf-8"),
            pages=(first, last) if first else None,
        )

    def document(self, d: int) -> Document:
        return Document(self.doc_id(d), self.title(d), self.text(d), self.page_starts(d))

    def postings(self) -> Postings:
        a = self.arrays
        vocab = StoredVocabulary(a["vocab"], a["vocab_ptr"])
        return Postings(vocab, a["term_ptr"], a["pids"], a["tfs"], a["doc_len"], a["first_pos"])

    def bm25_index(self) -> BM25Index:
        return BM25Index(StoredPassages(self), self.postings(), self.arrays["idf"])


class _Lazy(Sequence):
    """Items made by a function when asked for."""

    def __init__(self, length: int, make) -> None:
        self._length, self._make = length, make

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i):  # type: ignore[override]
        if isinstance(i, slice):
            return [self._make(j) for j in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        return self._make(i)


class StoredPassages(_Lazy, Sequence[Passage]):
    """The passages of an index, made when asked for."""

    def __init__(self, data: IndexData) -> None:
        super().__init__(data.n_passages, data.passage)


class StoredDocuments(_Lazy, Sequence[Document]):
    """The documents of an index, their text decoded when asked for."""

    def __init__(self, data: IndexData) -> None:
        super().__init__(data.n_documents, data.document)


def _byte_offsets(text: str, offsets: list[int]) -> list[int]:
    """UTF-8 byte offsets of ascending character offsets into text."""
    if text.isascii():
        return list(offsets)
    result, chars, byte = [], 0, 0
    for offset in offsets:
        byte += len(text[chars:offset].encode("utf-8"))
        chars = offset
        result.append(byte)
    return result


class IndexAssembly:
    """Collects documents in order, kept runs and new ones, then makes the arrays of the new index."""

    _DOC_COLUMNS = ("doc.size", "doc.mtime_ns", "doc.sha256")
    _PASSAGE_COLUMNS = ("passage.start", "passage.end", "passage.first_page", "passage.last_page")

    def __init__(self, old: IndexData | None) -> None:
        self.old = old
        self.ids: list[str] = []
        self.titles: list[str] = []
        self.texts: list[np.ndarray] = []
        self.page_parts: list[np.ndarray] = []
        self.doc_cols: dict[str, list[np.ndarray]] = {c: [] for c in self._DOC_COLUMNS}
        self.doc_text_sizes: list[np.ndarray] = []
        self.doc_page_counts: list[np.ndarray] = []
        self.doc_passage_counts: list[np.ndarray] = []
        self.passage_cols: dict[str, list[np.ndarray]] = {c: [] for c in self._PASSAGE_COLUMNS}
        self.passage_bytes: list[tuple[np.ndarray, np.ndarray]] = []  # relative to the document's text
        self.segments: list[Segment] = []

    def keep(self, first: int, last: int) -> None:
        """Documents [first, last) of the old index, unchanged."""
        old, a = self.old, self.old.arrays
        self.ids += [old.doc_id(d) for d in range(first, last)]
        self.titles += [old.title(d) for d in range(first, last)]
        for column in self._DOC_COLUMNS:
            self.doc_cols[column].append(a[column][first:last])
        t0, t1 = a["doc.text_ptr"][first], a["doc.text_ptr"][last]
        self.texts.append(a["text"][t0:t1])
        self.doc_text_sizes.append(np.diff(a["doc.text_ptr"][first:last + 1]))
        g0, g1 = a["doc.page_ptr"][first], a["doc.page_ptr"][last]
        self.page_parts.append(a["doc.page_starts"][g0:g1])
        self.doc_page_counts.append(np.diff(a["doc.page_ptr"][first:last + 1]))
        p0, p1 = int(a["doc.passage_ptr"][first]), int(a["doc.passage_ptr"][last])
        self.doc_passage_counts.append(np.diff(a["doc.passage_ptr"][first:last + 1]))
        for column in self._PASSAGE_COLUMNS:
            self.passage_cols[column].append(a[column][p0:p1])
        doc_of = a["passage.doc"][p0:p1]
        text_start = a["doc.text_ptr"][doc_of]
        self.passage_bytes.append((a["passage.byte_start"][p0:p1] - text_start, a["passage.byte_end"][p0:p1] - text_start))
        self.segments.append(Segment(old_range=(p0, p1)))

    def add(self, new: NewDocument) -> None:
        document, passages = new.document, new.passages
        self.ids.append(document.doc_id)
        self.titles.append(document.title)
        for column, value in (("doc.size", new.size), ("doc.mtime_ns", new.mtime_ns)):
            self.doc_cols[column].append(np.array([value], dtype=np.int64))
        self.doc_cols["doc.sha256"].append(np.frombuffer(new.sha256, dtype=np.uint8).reshape(1, SHA256_BYTES))
        encoded = document.text.encode("utf-8")
        self.texts.append(np.frombuffer(encoded, dtype=np.uint8))
        self.doc_text_sizes.append(np.array([len(encoded)], dtype=np.int64))
        self.page_parts.append(np.array(document.page_starts, dtype=np.int64))
        self.doc_page_counts.append(np.array([len(document.page_starts)], dtype=np.int64))
        self.doc_passage_counts.append(np.array([len(passages)], dtype=np.int64))
        starts, ends = [p.start for p in passages], [p.end for p in passages]
        pages = [p.pages or (0, 0) for p in passages]
        values = (starts, ends, [first for first, _ in pages], [last for _, last in pages])
        for column, column_values in zip(self._PASSAGE_COLUMNS, values, strict=True):
            self.passage_cols[column].append(np.array(column_values, dtype=np.int64))
        byte_starts = np.array(_byte_offsets(document.text, starts), dtype=np.int64)
        byte_ends = np.array(_byte_offsets(document.text, ends), dtype=np.int64)
        self.passage_bytes.append((byte_starts, byte_ends))
        self.segments.append(Segment(term_lists=new.terms))

    def finish(self) -> IndexData:
        old = self.old
        postings = combine(old.postings() if old else None, self.segments, lambda pid: analyze(old.passage(pid).text))
        text_ptr = _pointers(self.doc_text_sizes)
        passage_ptr = _pointers(self.doc_passage_counts)
        passage_doc = np.repeat(np.arange(len(self.ids), dtype=np.int32), np.diff(passage_ptr))
        relative_starts = _concat([s for s, _ in self.passage_bytes], np.int64)
        relative_ends = _concat([e for _, e in self.passage_bytes], np.int64)
        id_blob, id_ptr = _strings(self.ids)
        title_blob, title_ptr = _strings(self.titles)
        vocab_blob, vocab_ptr = _strings(postings.vocab)
        arrays = {
            "doc.id_blob": id_blob,
            "doc.id_ptr": id_ptr,
            "doc.title_blob": title_blob,
            "doc.title_ptr": title_ptr,
            "doc.size": _concat(self.doc_cols["doc.size"], np.int64),
            "doc.mtime_ns": _concat(self.doc_cols["doc.mtime_ns"], np.int64),
            "doc.sha256": np.concatenate(self.doc_cols["doc.sha256"]).reshape(-1, SHA256_BYTES).astype(np.uint8),
            "doc.text_ptr": text_ptr,
            "doc.page_ptr": _pointers(self.doc_page_counts),
            "doc.page_starts": _concat(self.page_parts, np.int64),
            "doc.passage_ptr": passage_ptr,
            "text": _concat(self.texts, np.uint8),
            "passage.doc": passage_doc,
            "passage.start": _concat(self.passage_cols["passage.start"], np.int64),
            "passage.end": _concat(self.passage_cols["passage.end"], np.int64),
            "passage.byte_start": relative_starts + text_ptr[passage_doc],
            "passage.byte_end": relative_ends + text_ptr[passage_doc],
            "passage.first_page": _concat(self.passage_cols["passage.first_page"], np.int32),
            "passage.last_page": _concat(self.passage_cols["passage.last_page"], np.int32),
            "vocab": vocab_blob,
            "vocab_ptr": vocab_ptr,
            "term_ptr": postings.term_ptr,
            "pids": postings.pids,
            "tfs": postings.tfs,
            "doc_len": postings.doc_len,
            "first_pos": postings.first_pos,
            "idf": okapi_idf(postings),
        }
        return IndexData(arrays)


def _pointers(counts: list[np.ndarray]) -> np.ndarray:
    values = _concat(counts, np.int64)
    ptr = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=ptr[1:])
    return ptr


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
