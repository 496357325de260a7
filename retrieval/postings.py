"""An inverted index in compressed sparse row arrays: for each term, the passages holding it and how often."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np


@dataclass(frozen=True)
class Postings:
    """Passages pids[term_ptr[t]:term_ptr[t + 1]] (ascending) hold term vocab[t], tfs times each."""

    vocab: list[str]  # sorted, so that the same passages always give the same arrays
    term_ptr: np.ndarray  # int64, one more than the terms
    pids: np.ndarray  # int32
    tfs: np.ndarray  # uint16, or uint32 when a term repeats more than 65535 times in a passage
    doc_len: np.ndarray  # int32: terms in each passage, repeats included

    @property
    def n_passages(self) -> int:
        return len(self.doc_len)

    def document_frequencies(self) -> np.ndarray:
        return np.diff(self.term_ptr)


@dataclass(frozen=True)
class Segment:
    """A run of passages for combine(): either kept from the old postings, or new ones as term lists."""

    old_range: tuple[int, int] | None = None  # passages [start, end) of the old postings
    term_lists: Sequence[list[str]] | None = None


def postings_from_terms(term_lists: Sequence[list[str]]) -> Postings:
    return combine(None, [Segment(term_lists=term_lists)])


def _tf_dtype(largest: int) -> type:
    return np.uint16 if largest <= np.iinfo(np.uint16).max else np.uint32


def _count_tokens(term_lists: Sequence[list[str]], first_pid: int, ids: dict[str, int]):
    """Token-level (provisional term id, pid) arrays for new passages, and their lengths."""
    token_ids: list[int] = []
    lengths = np.fromiter((len(terms) for terms in term_lists), dtype=np.int64, count=len(term_lists))
    for terms in term_lists:
        token_ids.extend([ids.setdefault(term, len(ids)) for term in terms])
    pids = np.repeat(np.arange(first_pid, first_pid + len(term_lists), dtype=np.int64), lengths)
    return np.array(token_ids, dtype=np.int64), pids, lengths


def _aggregate(tids: np.ndarray, pids: np.ndarray, n_passages: int):
    """Distinct (term, pid) pairs sorted by term then pid, with how often each occurs."""
    keys = tids * n_passages + pids
    keys.sort()
    if len(keys) == 0:
        return tids[:0], pids[:0], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, len(keys)))
    unique = keys[starts]
    return unique // n_passages, unique % n_passages, counts


def combine(old: Postings | None, segments: Sequence[Segment]) -> Postings:
    """Postings of the passages in segments, in order: kept runs are copied from old, new runs analyzed.

    The result is identical, array for array, to postings_from_terms over all passages' terms.
    """
    n_passages = sum(_segment_size(s) for s in segments)
    old_map = np.full(old.n_passages if old else 0, -1, dtype=np.int64)
    new_ids: dict[str, int] = {}
    new_parts, lengths, offset = [], [], 0
    for segment in segments:
        if segment.old_range is not None:
            start, end = segment.old_range
            old_map[start:end] = np.arange(offset, offset + end - start)
            lengths.append(old.doc_len[start:end].astype(np.int64))
        else:
            tids, pids, seg_lengths = _count_tokens(segment.term_lists, offset, new_ids)
            new_parts.append((tids, pids))
            lengths.append(seg_lengths)
        offset += _segment_size(segment)
    vocab = sorted(set(old.vocab if old else ()) | new_ids.keys())
    position = {term: i for i, term in enumerate(vocab)}
    tid_parts, pid_parts, tf_parts = [], [], []
    if old is not None:
        old_to_new = np.array([position[t] for t in old.vocab], dtype=np.int64)
        terms = np.repeat(old_to_new, old.document_frequencies())
        moved = old_map[old.pids]
        kept = moved >= 0
        tid_parts.append(terms[kept])
        pid_parts.append(moved[kept])
        tf_parts.append(old.tfs[kept].astype(np.int64))
    if new_parts:
        provisional_to_new = np.array([position[t] for t in new_ids], dtype=np.int64)
        tids = provisional_to_new[np.concatenate([t for t, _ in new_parts])]
        tids, pids, counts = _aggregate(tids, np.concatenate([p for _, p in new_parts]), max(n_passages, 1))
        tid_parts.append(tids)
        pid_parts.append(pids)
        tf_parts.append(counts)
    return _assemble(vocab, tid_parts, pid_parts, tf_parts, lengths, n_passages)


def _segment_size(segment: Segment) -> int:
    if segment.old_range is not None:
        return segment.old_range[1] - segment.old_range[0]
    return len(segment.term_lists)


def _assemble(vocab, tid_parts, pid_parts, tf_parts, lengths, n_passages) -> Postings:
    """Sort the (term, pid, tf) entries into CSR arrays, dropping terms no passage holds any more."""
    tids = np.concatenate(tid_parts) if tid_parts else np.zeros(0, dtype=np.int64)
    pids = np.concatenate(pid_parts) if pid_parts else np.zeros(0, dtype=np.int64)
    tfs = np.concatenate(tf_parts) if tf_parts else np.zeros(0, dtype=np.int64)
    if len(tid_parts) > 1:  # each part is sorted already: a stable sort merges the runs
        order = np.argsort(tids * max(n_passages, 1) + pids, kind="stable")
        tids, pids, tfs = tids[order], pids[order], tfs[order]
    df = np.bincount(tids, minlength=len(vocab))
    used = df > 0
    if not used.all():
        vocab = [term for term, keep in zip(vocab, used.tolist()) if keep]
        df = df[used]
    term_ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(df, out=term_ptr[1:])
    doc_len = np.concatenate(lengths).astype(np.int32) if lengths else np.zeros(0, dtype=np.int32)
    largest = int(tfs.max()) if len(tfs) else 0
    return Postings(vocab, term_ptr, pids.astype(np.int32), tfs.astype(_tf_dtype(largest)), doc_len)
