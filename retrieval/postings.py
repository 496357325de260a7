"""An inverted index in compressed sparse row arrays: for each term, the passages holding it and how often."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np


@dataclass(frozen=True)
class Postings:
    """Passages pids[term_ptr[t]:term_ptr[t + 1]] (ascending) hold term vocab[t], tfs times each."""

    vocab: Sequence[str]  # sorted, so that the same passages always give the same arrays
    term_ptr: np.ndarray  # int64, one more than the terms
    pids: np.ndarray  # int32
    tfs: np.ndarray  # uint16, or uint32 when a term repeats more than 65535 times in a passage
    doc_len: np.ndarray  # int32: terms in each passage, repeats included
    # Where each term first occurs in its first passage (pids[term_ptr[t]]): with it, terms can be listed
    # in order of first appearance in the corpus, the order in which rank-bm25 sums idf.
    first_pos: np.ndarray  # int32

    @property
    def n_passages(self) -> int:
        return len(self.doc_len)

    def document_frequencies(self) -> np.ndarray:
        return np.diff(self.term_ptr)

    def first_appearance_order(self) -> np.ndarray:
        """Term ids in the order the terms first appear, reading the passages in order."""
        return np.lexsort((self.first_pos, self.pids[self.term_ptr[:-1]]))


@dataclass(frozen=True)
class Tokens:
    """Analyzed passages in compact form, cheap to send between processes: every passage's terms, in order,
    as ids into vocab (a vocabulary of these passages only)."""

    vocab: list[str]
    ids: np.ndarray  # int32, passage after passage
    lengths: np.ndarray  # int64, terms in each passage

    @classmethod
    def of(cls, term_lists: Sequence[list[str]]) -> Tokens:
        local = _Numbering()
        ids = np.fromiter(map(local.__getitem__, chain.from_iterable(term_lists)), dtype=np.int32)
        lengths = np.fromiter(map(len, term_lists), dtype=np.int64, count=len(term_lists))
        return cls(list(local), ids, lengths)  # the vocabulary in order of first appearance

    def __len__(self) -> int:
        return len(self.lengths)


class _Numbering(dict[str, int]):
    """Numbers terms 0, 1, 2, ... as they are first looked up."""

    def __missing__(self, term: str) -> int:
        number = self[term] = len(self)
        return number


@dataclass(frozen=True)
class Segment:
    """A run of passages for combine(): either kept from the old postings, or new ones as tokens."""

    old_range: tuple[int, int] | None = None  # passages [start, end) of the old postings
    tokens: Tokens | None = None

    @classmethod
    def of_terms(cls, term_lists: Sequence[list[str]]) -> Segment:
        return cls(tokens=Tokens.of(term_lists))


def postings_from_terms(term_lists: Sequence[list[str]]) -> Postings:
    return combine(None, [Segment.of_terms(term_lists)])


def tf_dtype(largest: int) -> type:
    return np.uint16 if largest <= np.iinfo(np.uint16).max else np.uint32


def _count_tokens(tokens: Tokens, first_pid: int, ids: dict[str, int]):
    """Token-level (provisional term id, pid) arrays for new passages, and their lengths."""
    local_to_provisional = np.array([ids.setdefault(term, len(ids)) for term in tokens.vocab], dtype=np.int32)
    pids = np.repeat(np.arange(first_pid, first_pid + len(tokens), dtype=np.int32), tokens.lengths)
    return local_to_provisional[tokens.ids] if len(tokens.ids) else tokens.ids, pids, tokens.lengths


def _aggregate(tids: np.ndarray, pids: np.ndarray, n_passages: int):
    """Distinct (term, pid) pairs sorted by term then pid, with how often each occurs."""
    keys = tids.astype(np.int64) * n_passages + pids
    keys.sort()
    if len(keys) == 0:
        return tids[:0], pids[:0], np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, len(keys)))
    unique = keys[starts]
    return unique // n_passages, unique % n_passages, counts


OldTerms = Callable[[int], list[str]]  # the terms of passage i of the old postings, in order


def combine(old: Postings | None, segments: Sequence[Segment], old_terms: OldTerms | None = None) -> Postings:
    """Postings of the passages in segments, in order: kept runs are copied from old, new runs analyzed.

    The result is identical, array for array, to postings_from_terms over all passages' terms.
    old_terms is asked for a kept passage's terms when a term's first passage was dropped.
    """
    n_passages = sum(_segment_size(s) for s in segments)
    old_map = np.full(old.n_passages if old else 0, -1, dtype=np.int32)
    new_ids: dict[str, int] = {}
    new_parts, lengths, offset = [], [], 0
    for segment in segments:
        if segment.old_range is not None:
            if old is None:
                raise ValueError("a kept run of passages needs the old postings")
            start, end = segment.old_range
            old_map[start:end] = np.arange(offset, offset + end - start, dtype=np.int32)
            lengths.append(old.doc_len[start:end].astype(np.int64))
        else:
            tids, pids, seg_lengths = _count_tokens(_new_tokens(segment), offset, new_ids)
            new_parts.append((tids, pids))
            lengths.append(seg_lengths)
        offset += _segment_size(segment)
    old_vocab = list(old.vocab) if old else []
    vocab = sorted(set(old_vocab) | new_ids.keys())
    position = {term: i for i, term in enumerate(vocab)}
    tid_parts, pid_parts, tf_parts = [], [], []
    firsts = _FirstOccurrences(len(vocab))
    if old is not None:
        old_to_new = np.array([position[t] for t in old_vocab], dtype=np.int32)
        terms = np.repeat(old_to_new, old.document_frequencies())
        moved = old_map[old.pids]
        kept = moved >= 0
        tid_parts.append(terms[kept])
        pid_parts.append(moved[kept])
        tf_parts.append(old.tfs[kept])
        firsts.add_old(old, old_to_new, old_map)
    if new_parts:
        provisional_to_new = np.array([position[t] for t in new_ids], dtype=np.int32)
        tids = provisional_to_new[np.concatenate([t for t, _ in new_parts])]
        token_pids = np.concatenate([p for _, p in new_parts])
        firsts.add_new(tids, token_pids, np.concatenate(lengths), n_passages)
        tids, pids, counts = _aggregate(tids, token_pids, max(n_passages, 1))
        tid_parts.append(tids)
        pid_parts.append(pids)
        tf_parts.append(counts)
    postings, used = _assemble(vocab, tid_parts, pid_parts, tf_parts, lengths, n_passages)
    return firsts.resolve(postings, used, old_map, old_terms)


class _FirstOccurrences:
    """(first pid, position there) of each term of the new vocabulary, gathered from old and new passages."""

    def __init__(self, vocab_size: int) -> None:
        self.new_pid = np.full(vocab_size, -1, dtype=np.int64)
        self.new_pos = np.zeros(vocab_size, dtype=np.int64)
        self.old_pid = np.full(vocab_size, -1, dtype=np.int64)
        self.old_pos = np.zeros(vocab_size, dtype=np.int64)

    def add_old(self, old: Postings, old_to_new: np.ndarray, old_map: np.ndarray) -> None:
        if len(old.vocab):
            self.old_pid[old_to_new] = old_map[old.pids[old.term_ptr[:-1]]]
            self.old_pos[old_to_new] = old.first_pos

    def add_new(self, tids: np.ndarray, token_pids: np.ndarray, lengths: np.ndarray, n_passages: int) -> None:
        """tids and token_pids: the new passages' tokens in order; lengths: every passage's length."""
        first_token = np.full(len(self.new_pid), len(tids), dtype=np.int64)
        np.minimum.at(first_token, tids, np.arange(len(tids), dtype=np.int64))
        terms = np.flatnonzero(first_token < len(tids))
        first_token = first_token[terms]
        new_start = np.zeros(n_passages, dtype=np.int64)  # token index in the new stream where each pid starts
        is_new = np.zeros(n_passages, dtype=bool)
        is_new[token_pids] = True
        new_lengths = np.where(is_new, lengths, 0)
        np.cumsum(new_lengths[:-1], out=new_start[1:])
        pids = token_pids[first_token]
        self.new_pid[terms] = pids
        self.new_pos[terms] = first_token - new_start[pids]

    def resolve(self, postings: Postings, used: np.ndarray, old_map: np.ndarray, old_terms: OldTerms | None) -> Postings:
        """The postings with first_pos filled in; used marks the vocabulary terms that postings kept."""
        first = postings.pids[postings.term_ptr[:-1]].astype(np.int64)
        keep = np.flatnonzero(used)
        new_pid, new_pos, old_pid, old_pos = (a[keep] for a in (self.new_pid, self.new_pos, self.old_pid, self.old_pos))
        positions = np.where(first == new_pid, new_pos, old_pos)
        lost = np.flatnonzero((first != new_pid) & (first != old_pid))
        if len(lost):
            new_to_old = np.full(postings.n_passages, -1, dtype=np.int64)
            kept = np.flatnonzero(old_map >= 0)
            new_to_old[old_map[kept]] = kept
            if old_terms is None:
                raise ValueError("a term's first passage was dropped: combine() needs old_terms")
            cache: dict[int, list[str]] = {}
            for t in lost.tolist():
                kept_pid = int(new_to_old[first[t]])
                terms = cache.get(kept_pid) or cache.setdefault(kept_pid, old_terms(kept_pid))
                positions[t] = terms.index(postings.vocab[t])
        return Postings(postings.vocab, postings.term_ptr, postings.pids, postings.tfs, postings.doc_len, positions.astype(np.int32))


def _segment_size(segment: Segment) -> int:
    if segment.old_range is not None:
        return segment.old_range[1] - segment.old_range[0]
    return len(_new_tokens(segment))


def _new_tokens(segment: Segment) -> Tokens:
    """The tokens of a segment of new passages."""
    if segment.tokens is None:
        raise ValueError("a segment needs either old_range or tokens")
    return segment.tokens


def _merge_sorted(tid_parts, pid_parts, tf_parts, n_passages: int):
    """Interleave two runs of (term, pid, tf) entries, each sorted by (term, pid), into one sorted run.

    The runs hold different passages, so no key repeats; a large run of kept entries and a small run of
    new ones merge in a few linear passes, without sorting the whole."""
    (old_tids, new_tids), (old_pids, new_pids), (old_tfs, new_tfs) = tid_parts, pid_parts, tf_parts
    slots = np.searchsorted(old_tids.astype(np.int64) * n_passages + old_pids, new_tids * n_passages + new_pids)
    slots += np.arange(len(slots))
    total = len(old_tids) + len(new_tids)
    is_old = np.ones(total, dtype=bool)
    is_old[slots] = False

    def interleave(old: np.ndarray, new: np.ndarray) -> np.ndarray:
        merged = np.empty(total, dtype=np.result_type(old, new))
        merged[slots] = new
        merged[is_old] = old
        return merged

    return interleave(old_tids, new_tids), interleave(old_pids, new_pids), interleave(old_tfs, new_tfs)


def _assemble(vocab, tid_parts, pid_parts, tf_parts, lengths, n_passages) -> tuple[Postings, np.ndarray]:
    """Sort the (term, pid, tf) entries into CSR arrays, dropping terms no passage holds any more
    (the second value marks the terms kept)."""
    if len(tid_parts) == 2:
        tids, pids, tfs = _merge_sorted(tid_parts, pid_parts, tf_parts, max(n_passages, 1))
    else:
        tids = tid_parts[0] if tid_parts else np.zeros(0, dtype=np.int64)
        pids = pid_parts[0] if pid_parts else np.zeros(0, dtype=np.int64)
        tfs = tf_parts[0] if tf_parts else np.zeros(0, dtype=np.int64)
    df = np.bincount(tids, minlength=len(vocab))
    used = df > 0
    if not used.all():
        vocab = [term for term, keep in zip(vocab, used.tolist(), strict=True) if keep]
        df = df[used]
    term_ptr = np.zeros(len(vocab) + 1, dtype=np.int64)
    np.cumsum(df, out=term_ptr[1:])
    doc_len = np.concatenate(lengths).astype(np.int32) if lengths else np.zeros(0, dtype=np.int32)
    largest = int(tfs.max()) if len(tfs) else 0
    no_positions = np.zeros(len(vocab), dtype=np.int32)  # filled in by _FirstOccurrences.resolve
    postings = Postings(vocab, term_ptr, pids.astype(np.int32), tfs.astype(tf_dtype(largest)), doc_len, no_positions)
    return postings, used
