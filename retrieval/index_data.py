"""Everything an index holds, as flat arrays: document texts and file facts, passages, postings.

Passages and documents are read from the arrays on demand, so that opening an index of a million
passages creates no Python object per passage. IndexAssembly builds the arrays from runs of documents
kept from an older index plus newly read documents, identically to a build from scratch.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np

from docent.retrieval.block_postings import ARRAY_NAMES as BLOCK_ARRAYS
from docent.retrieval.block_postings import BlockPostings
from docent.retrieval.bm25_index import BM25Index, compress, okapi_idf
from docent.retrieval.chunking import Passage, code_within, passage_terms
from docent.retrieval.documents import Document
from docent.retrieval.memory import release_free_memory
from docent.retrieval.postings import Postings, Segment, Tokens, combine
from docent.retrieval.postings_builder import PostingsBuilder
from docent.retrieval.small_ints import narrowest, optional, zeros_if_empty
from docent.retrieval.text_blocks import ARRAY_NAMES as TEXT_ARRAYS
from docent.retrieval.text_blocks import TextBlocks, TextWriter

SHA256_BYTES = 32
KEEP_TEXT_BYTES = 4 << 20  # text kept from an old index is copied in pieces of this size
SECTION_LEVEL = 6  # zlib level of the section paths (they repeat their prefixes: about a tenth of their size)
CODE_LEVEL = 6  # zlib level of where inline code stands, stored as the gaps and lengths of the spans (small numbers)


def string_table(values: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A UTF-8 blob and offsets: string i is blob[ptr[i]:ptr[i + 1]]."""
    encoded = [value.encode("utf-8") for value in values]
    ptr = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(e) for e in encoded], out=ptr[1:])
    return np.frombuffer(b"".join(encoded), dtype=np.uint8), ptr


def _string_at(blob: np.ndarray, ptr: np.ndarray, i: int) -> str:
    return blob[ptr[i]:ptr[i + 1]].tobytes().decode("utf-8")


TERM_END = 0x0A  # each stored term is followed by a newline, which no term holds (terms are runs of word characters)
_KEY_BYTES = 8


def term_blob(terms: Sequence[str]) -> np.ndarray:
    """The sorted terms as one UTF-8 blob, each followed by TERM_END: their offsets are worked out on load."""
    blob = np.frombuffer("".join(term + "\n" for term in terms).encode("utf-8"), dtype=np.uint8)
    if np.count_nonzero(blob == TERM_END) != len(terms):
        raise ValueError("a term holds a newline")
    if not blob.all():
        raise ValueError("a term holds a zero byte")  # the padding of the prefix keys StoredVocabulary finds terms by
    return blob


def _term_offsets(blob: np.ndarray) -> np.ndarray:
    """ptr with term i at blob[ptr[i]:ptr[i + 1] - 1] (the last byte is its TERM_END)."""
    ends = np.flatnonzero(blob == TERM_END)
    ptr = np.zeros(len(ends) + 1, dtype=np.int64)
    ptr[1:] = ends + 1
    return ptr


def _prefix_keys(blob: np.ndarray, ptr: np.ndarray) -> np.ndarray:
    """Each term's first 8 bytes as a big-endian integer (zero-padded): sorted as the terms are."""
    starts, lengths = ptr[:-1], np.diff(ptr) - 1
    keys = np.zeros(len(starts), dtype=np.uint64)
    for k in range(_KEY_BYTES):
        inside = lengths > k
        byte = np.zeros(len(starts), dtype=np.uint64)
        byte[inside] = blob[starts[inside] + k]
        keys = (keys << np.uint64(8)) | byte
    return keys


def _key_of(term: bytes) -> int:
    return int.from_bytes(term[:_KEY_BYTES].ljust(_KEY_BYTES, b"\0"), "big")


class StoredVocabulary(Sequence[str]):
    """The sorted terms of a stored index, found by binary search over their 8-byte prefixes (worked out on
    load, a few milliseconds per million terms), then over the few full terms that share one."""

    def __init__(self, blob: np.ndarray) -> None:
        self._blob = blob
        self._ptr = _term_offsets(blob)
        self._keys = _prefix_keys(blob, self._ptr)

    def __len__(self) -> int:
        return len(self._ptr) - 1

    def _bytes(self, i: int) -> bytes:
        return self._blob[self._ptr[i]:self._ptr[i + 1] - 1].tobytes()

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self._bytes(range(len(self))[i]).decode("utf-8")

    def __iter__(self):
        return iter(self._blob.tobytes().decode("utf-8").split("\n")[:-1])

    def find(self, term: str) -> int | None:
        """The id of term, or None when no passage holds it."""
        return self.find_all([term])[0]

    def find_all(self, terms: list[str]) -> list[int | None]:
        """The ids of terms (None for a term no passage holds), with one search of the prefix keys. A term of
        fewer than 8 bytes is its key, padded with zero bytes, which no term holds: only it can have that key."""
        targets = [term.encode("utf-8") for term in terms]
        wanted = np.array([_key_of(t) for t in targets], dtype=np.uint64)
        lows = np.searchsorted(self._keys, wanted, side="left").tolist()
        highs = np.searchsorted(self._keys, wanted, side="right").tolist()
        return [(lo if lo < hi else None) if len(t) < _KEY_BYTES and b"\0" not in t else self._search(t, lo, hi)
                for t, lo, hi in zip(targets, lows, highs, strict=True)]

    def _search(self, target: bytes, lo: int, hi: int) -> int | None:
        """Binary search for target among terms lo..hi-1, which share its prefix key."""
        while lo < hi:
            mid = (lo + hi) // 2
            if self._bytes(mid) < target:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self) and self._bytes(lo) == target else None


@dataclass(frozen=True)
class NewDocument:
    """A document read and analyzed in this refresh, with the facts of its file; compact, to come back
    from a worker process cheaply (its heading marks, which only chunking needs, are left behind)."""

    document: Document
    starts: list[int]  # each passage's character span in the document's text
    ends: list[int]
    pages: list[tuple[int, int]]  # (0, 0) without pages
    sections: list[str]
    tokens: Tokens
    size: int
    mtime_ns: int
    sha256: bytes

    @classmethod
    def of(cls, document: Document, passages: Sequence[Passage], terms: Sequence[list[str]], size: int, mtime_ns: int,
           sha256: bytes) -> NewDocument:
        return cls(
            replace(document, sections=()), [p.start for p in passages], [p.end for p in passages], [p.pages or (0, 0) for p in passages],
            [p.section for p in passages], Tokens.of(terms), size, mtime_ns, sha256,
        )


class IndexData:
    """The arrays of one index, in memory or memory-mapped from the index file."""

    ARRAY_NAMES = frozenset(
        """doc.id_blob doc.id_ptr doc.title_blob doc.title_ptr doc.size doc.mtime_ns doc.sha256 doc.text_ptr
        doc.page_ptr doc.page_starts doc.code_ptr doc.code_z doc.passage_ptr passage.start passage.length passage.byte_shift
        passage.byte_end_shift passage.first_page passage.last_page passage.section section_z section_ptr vocab
        idf.df idf.value meta.indexed_ns""".split()
    ) | frozenset(BLOCK_ARRAYS) | frozenset(TEXT_ARRAYS)

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = dict(arrays)
        ptr = arrays["doc.passage_ptr"]
        self.n_documents = len(arrays["doc.size"])
        self.n_passages = int(ptr[-1])
        # Worked out on load rather than stored: each passage's document, and the section paths' text.
        self.arrays["passage.doc"] = np.repeat(np.arange(self.n_documents, dtype=np.int32), np.diff(ptr))
        self._section_blob: np.ndarray | None = None
        self._code_steps: np.ndarray | None = None  # each document's code spans as (gap, length) pairs, all documents
        self._code_sums: np.ndarray | None = None  # their running sums: offsets, once a document's base is taken off
        self.text_store = TextBlocks(arrays)

    def stored_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to write: those not worked out on load."""
        return {name: self.arrays[name] for name in self.ARRAY_NAMES}

    def doc_id(self, d: int) -> str:
        return _string_at(self.arrays["doc.id_blob"], self.arrays["doc.id_ptr"], d)

    def title(self, d: int) -> str:
        return _string_at(self.arrays["doc.title_blob"], self.arrays["doc.title_ptr"], d)

    def text(self, d: int) -> str:
        ptr = self.arrays["doc.text_ptr"]
        return self.text_store.bytes(int(ptr[d]), int(ptr[d + 1])).decode("utf-8")

    def page_starts(self, d: int) -> tuple[int, ...]:
        ptr = self.arrays["doc.page_ptr"]
        return tuple(self.arrays["doc.page_starts"][ptr[d]:ptr[d + 1]].tolist())

    def code_steps(self) -> np.ndarray:
        """Every document's inline code spans as stored: (gap from the previous span's end, length) pairs."""
        if self._code_steps is None:
            self._code_steps = np.frombuffer(zlib.decompress(self.arrays["doc.code_z"].tobytes()), dtype=np.uint32)
        return self._code_steps

    def _code_offsets(self, d: int) -> np.ndarray:
        """Where document d marks inline code: flat (start, end) pairs of character offsets."""
        ptr = self.arrays["doc.code_ptr"]
        c0, c1 = int(ptr[d]), int(ptr[d + 1])
        if c0 == c1:
            return np.zeros(0, dtype=np.int64)
        if self._code_sums is None:
            self._code_sums = np.cumsum(self.code_steps(), dtype=np.int64)
        sums = self._code_sums
        return sums[c0:c1] - (sums[c0 - 1] if c0 else 0)

    def code(self, d: int) -> tuple[int, ...]:
        return tuple(self._code_offsets(d).tolist())

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
        first, last = page_range(a, pid)
        start = int(a["passage.start"][pid])
        end = start + int(a["passage.length"][pid])
        text_start = int(a["doc.text_ptr"][d])
        byte_start, byte_end = start + _shift(a["passage.byte_shift"], pid), end + _shift(a["passage.byte_end_shift"], pid)
        return Passage(
            passage_id=f"{doc_id}#{pid - int(a['doc.passage_ptr'][d])}",
            doc_id=doc_id,
            title=self.title(d),
            start=start,
            end=end,
            text=self.text_store.bytes(text_start + byte_start, text_start + byte_end).decode("utf-8"),
            pages=(first, last) if first else None,
            section=self.section(int(a["passage.section"][pid])),
            code=self._code_within(d, start, end),
        )

    def _code_within(self, d: int, start: int, end: int) -> tuple[int, ...]:
        code = self._code_offsets(d)
        if not len(code):
            return ()
        first = int(np.searchsorted(code, start, side="right"))
        last = int(np.searchsorted(code, end, side="left"))
        return code_within(code[first - first % 2:last + last % 2].tolist(), start, end)

    def section(self, s: int) -> str:
        if self._section_blob is None:
            self._section_blob = np.frombuffer(zlib.decompress(self.arrays["section_z"].tobytes()), dtype=np.uint8)
        return _string_at(self._section_blob, self.arrays["section_ptr"], s)

    def document(self, d: int) -> Document:
        return Document(self.doc_id(d), self.title(d), self.text(d), self.page_starts(d), self.code(d))

    def block_postings(self) -> BlockPostings:
        a = self.arrays
        vocab = StoredVocabulary(a["vocab"])
        return BlockPostings(vocab, {name: a[name] for name in BLOCK_ARRAYS})

    def postings(self) -> Postings:
        """The postings decoded into plain arrays, to merge a refresh into."""
        return self.block_postings().to_postings()

    def bm25_index(self) -> BM25Index:
        postings = self.block_postings()
        return BM25Index(StoredPassages(self), postings, idf_of(postings.document_frequencies(), self.arrays))


class _Lazy(Sequence):
    """Items made by a function when asked for."""

    def __init__(self, length: int, make) -> None:
        self._length, self._make = length, make

    def __len__(self) -> int:
        return self._length

    def __getitem__(self, i):
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
        self.text = TextWriter()
        self.page_parts: list[np.ndarray] = []
        self.doc_cols: dict[str, list[np.ndarray]] = {c: [] for c in self._DOC_COLUMNS}
        self.doc_text_sizes: list[np.ndarray] = []
        self.doc_page_counts: list[np.ndarray] = []
        self.code_parts: list[np.ndarray] = []
        self.doc_code_counts: list[np.ndarray] = []
        self.doc_passage_counts: list[np.ndarray] = []
        self.passage_cols: dict[str, list[np.ndarray]] = {c: [] for c in self._PASSAGE_COLUMNS}
        self.passage_bytes: list[tuple[np.ndarray, np.ndarray]] = []  # relative to the document's text
        self.section_ids: dict[str, int] = {"": 0}
        self.passage_sections: list[np.ndarray] = []
        self._old_sections: np.ndarray | None = None  # old section id -> new
        self.segments: list[Segment] = []  # with an old index: the runs kept and the documents added
        self.builder = PostingsBuilder() if old is None else None  # without: the new documents' postings

    def _kept_from(self) -> IndexData:
        """The old index, which documents are kept from."""
        if self.old is None:
            raise ValueError("documents can only be kept from an old index")
        return self.old

    def _sections_of_old(self) -> np.ndarray:
        if self._old_sections is None:
            old = self._kept_from()
            count = len(old.arrays["section_ptr"]) - 1
            ids = [self.section_ids.setdefault(old.section(s), len(self.section_ids)) for s in range(count)]
            self._old_sections = np.array(ids, dtype=np.int32)
        return self._old_sections

    def keep(self, first: int, last: int) -> None:
        """Documents [first, last) of the old index, unchanged."""
        old = self._kept_from()
        a = old.arrays
        self.ids += [old.doc_id(d) for d in range(first, last)]
        self.titles += [old.title(d) for d in range(first, last)]
        for column in self._DOC_COLUMNS:
            self.doc_cols[column].append(a[column][first:last])
        t0, t1 = int(a["doc.text_ptr"][first]), int(a["doc.text_ptr"][last])
        for start in range(t0, t1, KEEP_TEXT_BYTES):  # decompressed a piece at a time
            self.text.append(old.text_store.array(start, min(start + KEEP_TEXT_BYTES, t1)))
        self.doc_text_sizes.append(np.diff(a["doc.text_ptr"][first:last + 1]))
        g0, g1 = a["doc.page_ptr"][first], a["doc.page_ptr"][last]
        self.page_parts.append(a["doc.page_starts"][g0:g1])
        self.doc_page_counts.append(np.diff(a["doc.page_ptr"][first:last + 1]))
        c0, c1 = a["doc.code_ptr"][first], a["doc.code_ptr"][last]
        self.code_parts.append(old.code_steps()[c0:c1])
        self.doc_code_counts.append(np.diff(a["doc.code_ptr"][first:last + 1]))
        p0, p1 = int(a["doc.passage_ptr"][first]), int(a["doc.passage_ptr"][last])
        self.doc_passage_counts.append(np.diff(a["doc.passage_ptr"][first:last + 1]))
        starts, ends, byte_starts, byte_ends = passage_spans(a, p0, p1)
        self.passage_cols["passage.start"].append(starts)
        self.passage_cols["passage.end"].append(ends)
        for column in PAGE_COLUMNS:
            self.passage_cols[column].append(page_column(a, column, p0, p1))
        self.passage_bytes.append((byte_starts, byte_ends))
        self.passage_sections.append(self._sections_of_old()[a["passage.section"][p0:p1]])
        self.segments.append(Segment(old_range=(p0, p1)))

    def add(self, new: NewDocument) -> None:
        document, starts, ends, pages = new.document, new.starts, new.ends, new.pages
        self.ids.append(document.doc_id)
        self.titles.append(document.title)
        for column, value in zip(self._DOC_COLUMNS[:2], (new.size, new.mtime_ns), strict=True):
            self.doc_cols[column].append(np.array([value], dtype=np.int64))
        self.doc_cols["doc.sha256"].append(np.frombuffer(new.sha256, dtype=np.uint8).reshape(1, SHA256_BYTES))
        encoded = document.text.encode("utf-8")
        self.text.append(encoded)
        self.doc_text_sizes.append(np.array([len(encoded)], dtype=np.int64))
        self.page_parts.append(np.array(document.page_starts, dtype=np.int64))
        self.doc_page_counts.append(np.array([len(document.page_starts)], dtype=np.int64))
        self.code_parts.append(np.diff(np.array(document.code, dtype=np.int64), prepend=0))
        self.doc_code_counts.append(np.array([len(document.code)], dtype=np.int64))
        self.doc_passage_counts.append(np.array([len(starts)], dtype=np.int64))
        values = (starts, ends, [first for first, _ in pages], [last for _, last in pages])
        for column, column_values in zip(self._PASSAGE_COLUMNS, values, strict=True):
            self.passage_cols[column].append(np.array(column_values, dtype=np.int64))
        byte_starts = np.array(_byte_offsets(document.text, starts), dtype=np.int64)
        byte_ends = np.array(_byte_offsets(document.text, ends), dtype=np.int64)
        self.passage_bytes.append((byte_starts, byte_ends))
        sections = [self.section_ids.setdefault(section, len(self.section_ids)) for section in new.sections]
        self.passage_sections.append(np.array(sections, dtype=np.int32))
        if self.builder is not None:
            self.builder.add(new.tokens)
        else:
            self.segments.append(Segment(tokens=new.tokens))

    def finish(self) -> IndexData:
        if self.builder is not None:
            postings = self.builder.finish()
            release_free_memory()
        else:
            old = self._kept_from()
            postings = combine(old.postings(), self.segments, lambda pid: passage_terms(old.passage(pid)))
        section_blob, section_ptr = string_table(list(self.section_ids))
        text_ptr = _pointers(self.doc_text_sizes)
        passage_ptr = _pointers(self.doc_passage_counts)
        relative_starts = _concat([s for s, _ in self.passage_bytes], np.int64)
        relative_ends = _concat([e for _, e in self.passage_bytes], np.int64)
        id_blob, id_ptr = string_table(self.ids)
        title_blob, title_ptr = string_table(self.titles)
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
            "doc.code_ptr": narrowest(_pointers(self.doc_code_counts)),
            "doc.code_z": np.frombuffer(zlib.compress(_concat(self.code_parts, np.uint32).tobytes(), CODE_LEVEL), dtype=np.uint8),
            "doc.passage_ptr": passage_ptr,
            **self.text.finish(),
            **stored_spans(_concat(self.passage_cols["passage.start"], np.int64),
                           _concat(self.passage_cols["passage.end"], np.int64), relative_starts, relative_ends),
            **_pages(_concat(self.passage_cols["passage.first_page"], np.int32),
                     _concat(self.passage_cols["passage.last_page"], np.int32)),
            "passage.section": narrowest(_concat(self.passage_sections, np.int32)),
            "section_z": np.frombuffer(zlib.compress(section_blob.tobytes(), SECTION_LEVEL), dtype=np.uint8),
            "section_ptr": narrowest(section_ptr),
            "vocab": term_blob(postings.vocab),
            **idf_table(postings.document_frequencies(), okapi_idf(postings)),
        }
        arrays.update(compress(postings).stored_arrays())
        release_free_memory()
        return IndexData(arrays)


PAGE_COLUMNS = ("passage.first_page", "passage.last_page")


def stored_spans(starts: np.ndarray, ends: np.ndarray, byte_starts: np.ndarray, byte_ends: np.ndarray) -> dict[str, np.ndarray]:
    """The passages' character and byte spans in their documents, as stored: the start, the length, and how
    many more bytes than characters precede each end (none stored for ASCII text)."""
    return {"passage.start": narrowest(starts), "passage.length": narrowest(ends - starts),
            "passage.byte_shift": optional(byte_starts - starts), "passage.byte_end_shift": optional(byte_ends - ends)}


def passage_spans(arrays: dict[str, np.ndarray], p0: int, p1: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Passages [p0, p1)'s character start and end, and byte start and end, in their documents (int64)."""
    starts = arrays["passage.start"][p0:p1].astype(np.int64)
    ends = starts + arrays["passage.length"][p0:p1]
    return (starts, ends, starts + zeros_if_empty(arrays["passage.byte_shift"], p0, p1),
            ends + zeros_if_empty(arrays["passage.byte_end_shift"], p0, p1))


def _shift(shifts: np.ndarray, pid: int) -> int:
    """Passage pid's value of an optional() column of byte shifts (passage_spans for one passage)."""
    return int(shifts[pid]) if len(shifts) else 0


def _pages(first: np.ndarray, last: np.ndarray) -> dict[str, np.ndarray]:
    """The passages' page columns; stored empty when no passage has pages (only PDFs do)."""
    if not first.any():
        first, last = first[:0], last[:0]
    return {"passage.first_page": first, "passage.last_page": last}


def page_column(arrays: dict[str, np.ndarray], column: str, p0: int, p1: int) -> np.ndarray:
    """Passages [p0, p1) of a page column, zeros when the index stores none."""
    values = arrays[column]
    return values[p0:p1] if len(values) else np.zeros(p1 - p0, dtype=np.int32)


def page_range(arrays: dict[str, np.ndarray], pid: int) -> tuple[int, int]:
    """(first, last) page of passage pid, (0, 0) without pages."""
    if not len(arrays["passage.first_page"]):
        return 0, 0
    return int(arrays["passage.first_page"][pid]), int(arrays["passage.last_page"][pid])


def idf_table(df: np.ndarray, idf: np.ndarray) -> dict[str, np.ndarray]:
    """A term's idf depends on its document frequency alone: stored once per distinct frequency."""
    distinct, first = np.unique(df, return_index=True)
    return {"idf.df": distinct.astype(np.int64), "idf.value": idf[first]}


def idf_of(df: np.ndarray, arrays: dict[str, np.ndarray]) -> np.ndarray:
    """Every term's idf, from the stored table."""
    return arrays["idf.value"][np.searchsorted(arrays["idf.df"], df)]


def _pointers(counts: list[np.ndarray]) -> np.ndarray:
    values = _concat(counts, np.int64)
    ptr = np.zeros(len(values) + 1, dtype=np.int64)
    np.cumsum(values, out=ptr[1:])
    return ptr


def _concat(parts: list[np.ndarray], dtype) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
