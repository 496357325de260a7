"""The postings of freshly analyzed passages, built in bounded memory.

Terms are numbered as they first appear and each passage is kept as an int32 array of those numbers (no
strings per document); finish() then sorts the entries one range of terms at a time, so that the
int64 sort keys exist for a few million entries at once, never for the whole corpus. The result is
identical, array for array, to postings_from_terms over the same passages.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

import numpy as np

from docent.retrieval.postings import Postings, Tokens, tf_dtype

RANGE_ENTRIES = 2_000_000  # tokens sorted at once in finish()
CHUNK_TOKENS = 1_000_000  # documents' tokens are joined into arrays of about this many


class PostingsBuilder:
    """Collects analyzed passages in order, then makes their Postings."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}  # term -> number, in order of first appearance
        self.chunks: list[_Chunk] = []
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []  # documents' (term numbers, passage lengths)
        self.pending_tokens = 0
        self.first_pid = array("q")  # by term number: the passage it first appears in
        self.first_pos = array("q")  # and its place among that passage's terms
        self.n_passages = 0

    def add(self, tokens: Tokens) -> None:
        """The next passages, as one document's tokens."""
        numbers, known = self.numbers, len(self.numbers)
        local = np.fromiter((numbers.setdefault(t, len(numbers)) for t in tokens.vocab), np.int32, len(tokens.vocab))
        if len(numbers) > known:
            self._first_appearances(tokens, local, known)
        self.pending.append((local[tokens.ids] if len(tokens.ids) else tokens.ids, np.asarray(tokens.lengths, dtype=np.int64)))
        self.pending_tokens += len(tokens.ids)
        self.n_passages += len(tokens)
        if self.pending_tokens >= CHUNK_TOKENS:
            self._join_pending()

    def _join_pending(self) -> None:
        if self.pending:
            first_pid = self.chunks[-1].end_pid if self.chunks else 0
            lengths = np.concatenate([lengths for _, lengths in self.pending])
            self.chunks.append(_Chunk(np.concatenate([ids for ids, _ in self.pending]), lengths, first_pid))
            self.pending, self.pending_tokens = [], 0

    def _first_appearances(self, tokens: Tokens, local: np.ndarray, known: int) -> None:
        """Where the terms numbered from known on first appear: local ids are in order of first appearance,
        so each one's first token is where the running maximum of the ids grows."""
        ids = tokens.ids
        running = np.maximum.accumulate(ids)
        firsts = np.flatnonzero(np.concatenate(([True], running[1:] > running[:-1])))  # token of local id 0, 1, ...
        new = firsts[local >= known]
        starts = np.zeros(len(tokens) + 1, dtype=np.int64)
        np.cumsum(tokens.lengths, out=starts[1:])
        passage = np.searchsorted(starts, new, side="right") - 1
        self.first_pid.extend((passage + self.n_passages).tolist())
        self.first_pos.extend((new - starts[passage]).tolist())

    def finish(self) -> Postings:
        """The postings of every passage added; the builder is emptied."""
        self._join_pending()
        terms = list(self.numbers)
        self.numbers = {}
        order = sorted(range(len(terms)), key=terms.__getitem__)
        rank = np.empty(len(terms), dtype=np.int32)
        rank[order] = np.arange(len(terms), dtype=np.int32)
        counts = np.zeros(len(terms), dtype=np.int64)
        for chunk in self.chunks:
            chunk.ids[:] = rank[chunk.ids]  # numbered in sorted order from here on
            counts += np.bincount(chunk.ids, minlength=len(terms))
        n_passages = max(self.n_passages, 1)
        df_parts, pid_parts, tf_parts = [], [], []
        for lo, hi in _ranges(counts, RANGE_ENTRIES):
            df, pids, tfs = _range_entries(self.chunks, lo, hi, n_passages, lo == 0 and hi == len(terms))
            df_parts.append(df)
            pid_parts.append(pids)
            tf_parts.append(tfs)
        lengths = np.concatenate([chunk.lengths for chunk in self.chunks]) if self.chunks else np.zeros(0, dtype=np.int64)
        self.chunks = []
        term_ptr = np.zeros(len(terms) + 1, dtype=np.int64)
        if df_parts:
            np.cumsum(np.concatenate(df_parts), out=term_ptr[1:])
        tfs = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.uint16)
        return Postings(
            [terms[i] for i in order],
            term_ptr,
            np.concatenate(pid_parts) if pid_parts else np.zeros(0, dtype=np.int32),
            tfs,
            lengths.astype(np.int32),
            np.frombuffer(self.first_pos, dtype=np.int64)[np.asarray(order, dtype=np.int64)].astype(np.int32),
        )


class _Chunk:
    """Consecutive whole passages: their term numbers, one after the other, and their lengths."""

    def __init__(self, ids: np.ndarray, lengths: np.ndarray, first_pid: int) -> None:
        self.ids, self.lengths, self.first_pid = ids, lengths, first_pid
        self.end_pid = first_pid + len(lengths)

    def pids(self) -> np.ndarray:
        """The passage of each token."""
        return np.repeat(np.arange(self.first_pid, self.end_pid, dtype=np.int32), self.lengths)


def _ranges(counts: np.ndarray, size: int) -> Iterator[tuple[int, int]]:
    """Consecutive ranges [lo, hi) of terms holding about size entries each (at least one term)."""
    lo, total = 0, 0
    for t, count in enumerate(counts.tolist()):
        if total and total + count > size:
            yield lo, t
            lo, total = t, 0
        total += count
    if lo < len(counts):
        yield lo, len(counts)


def _range_entries(chunks: list[_Chunk], lo: int, hi: int, n_passages: int, every_term: bool = False):
    """For terms [lo, hi): each term's number of passages, and the (passage, frequency) entries, term by term.
    every_term: [lo, hi) holds every term, so that no token needs choosing."""
    keys_parts = []
    for chunk in chunks:
        if every_term:
            keys_parts.append(chunk.ids.astype(np.int64) * n_passages + chunk.pids())
            continue
        chosen = np.flatnonzero((chunk.ids >= lo) & (chunk.ids < hi))
        keys_parts.append((chunk.ids[chosen] - lo).astype(np.int64) * n_passages + chunk.pids()[chosen])
    keys = np.concatenate(keys_parts)
    del keys_parts
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else keys[:0]
    counts = np.diff(starts, append=len(keys))
    unique = keys[starts]
    del keys
    # The unique keys are sorted: each term's run of them begins at the first key of its passage 0.
    df = np.diff(np.searchsorted(unique, np.arange(hi - lo + 1, dtype=np.int64) * n_passages))
    largest = int(counts.max()) if len(counts) else 0
    return df, (unique % n_passages).astype(np.int32), counts.astype(tf_dtype(largest))
