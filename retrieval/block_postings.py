"""Postings compressed in blocks of 128, each block found by its first passage number.

A term's passage numbers are stored as the differences between neighbours (the first one as 0), in the
narrowest unsigned type (1, 2 or 4 bytes) that holds the term's largest difference; the first passage
number of every block is kept whole in `block_base`, which doubles as the skip list: the ranker
(_maxscore.c) decodes only the blocks that may hold the passages it looks for. Term frequencies are one byte
each; the rare ones above 254 are stored aside, and a term that occurs once in each of its passages (most
rare terms) stores none: the ALL_ONES bit of its width says so. Each term also carries the largest BM25 term-frequency
part of its passages, the bound that lets a query skip what cannot reach its top k.
Everything is a flat numpy array, so the layout is written and memory-mapped as it is.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from docent.retrieval.postings import Postings
from docent.retrieval.small_ints import escaped, narrowest, unescaped

BLOCK = 128
TF_ESCAPE = 255  # a stored tf of 255 means: look in tf_big
WIDTHS = (np.uint8, np.uint16, np.uint32)
WIDTH_BITS = 0b11  # of bp.term_width: the index into WIDTHS
ALL_ONES = 0b100  # of bp.term_width: the term occurs once in each of its passages, and stores no frequencies
# The bounds are rounded up by this factor, so that a score summed in another order never exceeds them.
BOUND_SLACK = 1 + 1e-9

ARRAY_NAMES = (  # stored; term_ptr, and where each term's deltas and blocks start, are worked out on load
    "bp.df", "bp.df_big_at", "bp.df_big", "bp.term_width", "bp.block_base", "bp.bounded", "bp.term_max",
    "bp.d8", "bp.d16", "bp.d32", "bp.tf", "bp.tf_big_at", "bp.tf_big", "bp.doc_len", "bp.first_pos",
)


def tf_part(tfs: np.ndarray, norm: np.ndarray, k1: float) -> np.ndarray:
    """rank-bm25's term-frequency factor tf * (k1 + 1) / (tf + norm), norm the passage-length part."""
    tf = tfs.astype(np.float64)
    return tf * (k1 + 1) / (tf + norm)


@dataclass(frozen=True)
class BlockPostings:
    """The compressed postings of every term, plus the passage lengths (see the module docstring)."""

    vocab: Sequence[str]
    arrays: dict[str, np.ndarray]
    # Worked out from arrays on creation, kept as attributes for the hot paths.
    term_ptr: np.ndarray = field(init=False, repr=False, compare=False)
    doc_len: np.ndarray = field(init=False, repr=False, compare=False)
    _data: tuple[np.ndarray, np.ndarray, np.ndarray] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        a = dict(self.arrays)
        a["bp.term_ptr"] = _term_ptr(unescaped(a["bp.df"], a["bp.df_big_at"], a["bp.df_big"]))
        a["bp.term_offset"], a["bp.block_ptr"], a["bp.tf_offset"] = _term_starts(a["bp.term_ptr"], a["bp.term_width"])
        object.__setattr__(self, "arrays", a)
        object.__setattr__(self, "term_ptr", a["bp.term_ptr"])
        object.__setattr__(self, "doc_len", a["bp.doc_len"])
        object.__setattr__(self, "_data", (a["bp.d8"], a["bp.d16"], a["bp.d32"]))

    @property
    def n_passages(self) -> int:
        return len(self.doc_len)

    def stored_arrays(self) -> dict[str, np.ndarray]:
        """The arrays to write: those not worked out on load."""
        return {name: self.arrays[name] for name in ARRAY_NAMES}

    def document_frequencies(self) -> np.ndarray:
        return np.diff(self.term_ptr)

    def df(self, t: int) -> int:
        return int(self.term_ptr[t + 1] - self.term_ptr[t])

    def term_max(self, t: int) -> float:
        """The largest term-frequency part of term t's passages; infinite for a term stored without a bound."""
        bounded = self.arrays["bp.bounded"]
        i = int(np.searchsorted(bounded, t))
        if i < len(bounded) and int(bounded[i]) == t:
            return float(self.arrays["bp.term_max"][i])
        return math.inf

    def _deltas(self, t: int) -> np.ndarray:
        a = self.arrays
        offset = int(a["bp.term_offset"][t])
        return self._data[int(a["bp.term_width"][t]) & WIDTH_BITS][offset:offset + self.df(t)]

    def _stored_tfs(self, t: int) -> np.ndarray:
        """Term t's frequencies as stored (TF_ESCAPE where the value is aside), one per passage of its list."""
        a = self.arrays
        if int(a["bp.term_width"][t]) & ALL_ONES:
            return np.ones(self.df(t), dtype=np.uint8)
        start = int(a["bp.tf_offset"][t])
        return a["bp.tf"][start:start + self.df(t)]

    def pids(self, t: int) -> np.ndarray:
        """All passages holding term t, ascending (int64)."""
        sums = np.cumsum(self._deltas(t), dtype=np.int64)
        sums += int(self.arrays["bp.block_base"][self.arrays["bp.block_ptr"][t]])
        return sums

    def tfs(self, t: int) -> np.ndarray:
        """The frequencies of term t in its passages, in the order of pids(t)."""
        lo, hi = int(self.term_ptr[t]), int(self.term_ptr[t + 1])
        values = self._stored_tfs(t)
        if not (values == TF_ESCAPE).any():
            return values
        at = np.arange(lo, hi)[values == TF_ESCAPE]
        values = values.astype(np.uint32)
        big_at = self.arrays["bp.tf_big_at"]
        values[values == TF_ESCAPE] = self.arrays["bp.tf_big"][np.searchsorted(big_at, at)]
        return values

    def ranker_arrays(self, idf: np.ndarray, dead: np.ndarray | None) -> tuple[np.ndarray, ...]:
        """The arrays _maxscore.Ranker reads, in its order and types: these postings and passage lengths, each
        term's idf, and the passages to leave out (dead), if any."""
        a = self.arrays
        typed = (
            ("bp.term_ptr", np.int64), ("bp.term_offset", np.int64), ("bp.term_width", np.uint8),
            ("bp.block_ptr", np.int64), ("bp.block_base", np.int32), ("bp.d8", np.uint8), ("bp.d16", np.uint16),
            ("bp.d32", np.uint32), ("bp.tf", np.uint8), ("bp.tf_offset", np.int64), ("bp.tf_big_at", np.int64),
            ("bp.tf_big", np.uint32), ("bp.bounded", np.int64), ("bp.term_max", np.float64),
        )
        no_deaths = np.zeros(0, dtype=np.uint8)
        return (*(np.ascontiguousarray(a[name], dtype=dtype) for name, dtype in typed),
                _lengths(self.doc_len), np.ascontiguousarray(idf, dtype=np.float64),
                no_deaths if dead is None else np.ascontiguousarray(dead, dtype=bool).view(np.uint8))

    def to_postings(self) -> Postings:
        """The plain arrays, for merging a refresh into."""
        n_terms = len(self.term_ptr) - 1
        pids = np.concatenate([self.pids(t) for t in range(n_terms)]) if n_terms else np.zeros(0, dtype=np.int64)
        tfs = np.ones(int(self.term_ptr[-1]), dtype=np.uint32)
        stores = np.repeat((self.arrays["bp.term_width"] & ALL_ONES) == 0, np.diff(self.term_ptr))
        tfs[stores] = self.arrays["bp.tf"]
        big = self.arrays["bp.tf_big_at"]
        tfs[big] = self.arrays["bp.tf_big"]
        largest = int(tfs.max()) if len(tfs) else 0
        tfs = tfs.astype(np.uint16 if largest <= np.iinfo(np.uint16).max else np.uint32)
        first_pos = self.arrays["bp.first_pos"].astype(np.int32)
        return Postings(self.vocab, self.term_ptr, pids.astype(np.int32), tfs, self.doc_len.astype(np.int32), first_pos)


def _lengths(doc_len: np.ndarray) -> np.ndarray:
    """The passage lengths in 1, 2 or 4 bytes, unsigned, as the ranker reads them."""
    dtype = doc_len.dtype if doc_len.dtype in (np.uint8, np.uint16, np.uint32) else np.uint32
    return np.ascontiguousarray(doc_len, dtype=dtype)


def _term_ptr(df: np.ndarray) -> np.ndarray:
    """Where each term's passages start and end among all: one more than the terms."""
    ptr = np.zeros(len(df) + 1, dtype=np.int64)
    np.cumsum(df, out=ptr[1:])
    return ptr


def _term_starts(term_ptr: np.ndarray, term_width: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Where each term's deltas start in the array of its width, where its blocks start, and where its
    stored frequencies start."""
    df = np.diff(term_ptr.astype(np.int64))
    offset = np.zeros(len(df), dtype=np.int64)
    for w in range(len(WIDTHS)):
        of_width = (term_width & WIDTH_BITS) == w
        counts = np.where(of_width, df, 0)
        offset[of_width] = (np.cumsum(counts) - counts)[of_width]
    block_ptr = np.zeros(len(df) + 1, dtype=np.int64)
    np.cumsum(-(-df // BLOCK), out=block_ptr[1:])
    stored = np.where(term_width & ALL_ONES, 0, df)
    return offset, block_ptr, np.cumsum(stored) - stored


def encode(postings: Postings, norm: np.ndarray, k1: float, bounded_df: int) -> BlockPostings:
    """The compressed form of postings; norm holds each passage's length part of the BM25 denominator, and the
    terms in more than bounded_df passages (the only ones a query may skip passages of) carry a bound.
    Encoded a range of terms at a time, so that the 64-bit temporaries exist for ENCODE_ENTRIES entries at once."""
    term_ptr = np.asarray(postings.term_ptr, dtype=np.int64)
    ranges = _term_ranges(term_ptr, ENCODE_ENTRIES)
    parts = [_encode_terms(term_ptr[lo:hi + 1], postings, norm, k1) for lo, hi in ranges]
    big_at = [part["bp.tf_big_at"] + int(term_ptr[lo]) for part, (lo, _) in zip(parts, ranges, strict=True)]
    arrays = {name: _joined(parts, name, dtype) for name, dtype in _ENCODED.items()}
    arrays["bp.df"], arrays["bp.df_big_at"], arrays["bp.df_big"] = escaped(np.diff(term_ptr))
    bounded = np.flatnonzero(np.diff(term_ptr) > bounded_df)
    arrays["bp.bounded"], arrays["bp.term_max"] = narrowest(bounded), arrays["bp.term_max"][bounded]
    arrays["bp.tf_big_at"] = narrowest(np.concatenate(big_at) if big_at else np.zeros(0, dtype=np.int64))
    arrays["bp.doc_len"] = narrowest(np.asarray(postings.doc_len))
    arrays["bp.first_pos"] = narrowest(np.asarray(postings.first_pos))
    return BlockPostings(postings.vocab, arrays)


ENCODE_ENTRIES = 1_000_000
_ENCODED = {  # the arrays made range by range, and their types
    "bp.term_width": np.uint8, "bp.block_base": np.int32, "bp.term_max": np.float16, "bp.d8": np.uint8,
    "bp.d16": np.uint16, "bp.d32": np.uint32, "bp.tf": np.uint8, "bp.tf_big": np.uint32,
}


def _joined(parts: list[dict[str, np.ndarray]], name: str, dtype) -> np.ndarray:
    return np.concatenate([part[name] for part in parts]) if parts else np.zeros(0, dtype=dtype)


def _term_ranges(term_ptr: np.ndarray, size: int) -> list[tuple[int, int]]:
    """Consecutive ranges [lo, hi) of terms holding about size entries each (at least one term each)."""
    ranges, lo, n_terms = [], 0, len(term_ptr) - 1
    while lo < n_terms:
        hi = max(lo + 1, int(np.searchsorted(term_ptr, term_ptr[lo] + size, side="right")) - 1)
        hi = min(hi, n_terms)
        ranges.append((lo, hi))
        lo = hi
    return ranges


def _encode_terms(term_ptr: np.ndarray, postings: Postings, norm: np.ndarray, k1: float) -> dict[str, np.ndarray]:
    """The block arrays of the terms whose entries are [term_ptr[0], term_ptr[-1]); tf_big_at relative to them."""
    first, last = int(term_ptr[0]), int(term_ptr[-1])
    term_ptr = term_ptr - first
    pids = np.asarray(postings.pids[first:last], dtype=np.int64)
    tfs = np.asarray(postings.tfs[first:last])
    n_terms, total = len(term_ptr) - 1, len(pids)
    df = np.diff(term_ptr)
    blocks_per_term = -(-df // BLOCK)
    block_ptr = np.zeros(n_terms + 1, dtype=np.int64)
    np.cumsum(blocks_per_term, out=block_ptr[1:])
    block_term = np.repeat(np.arange(n_terms), blocks_per_term)
    block_start = term_ptr[block_term] + BLOCK * (np.arange(len(block_term)) - block_ptr[block_term])
    deltas = np.empty(total, dtype=np.int64)
    if total:
        deltas[1:] = np.diff(pids)
        deltas[term_ptr[:-1][df > 0]] = 0
    nonempty = df > 0
    largest = np.zeros(n_terms, dtype=np.int64)
    if total:
        largest[nonempty] = np.maximum.reduceat(deltas, term_ptr[:-1][nonempty])
    term_width = np.searchsorted([np.iinfo(w).max for w in WIDTHS], largest).astype(np.uint8)
    posting_width = np.repeat(term_width, df)
    data = {f"bp.d{8 << w}": deltas[posting_width == w].astype(dtype) for w, dtype in enumerate(WIDTHS)}
    del deltas, posting_width
    parts = tf_part(tfs, norm[pids], k1) if total else np.zeros(0)
    term_max = np.zeros(n_terms)
    if total:
        term_max[nonempty] = np.maximum.reduceat(parts, term_ptr[:-1][nonempty])
    big = np.flatnonzero(tfs >= TF_ESCAPE)
    most = np.zeros(n_terms, dtype=np.int64)
    if total:
        most[nonempty] = np.maximum.reduceat(tfs, term_ptr[:-1][nonempty])
    all_ones = most == 1
    term_width[all_ones] |= ALL_ONES
    return {
        "bp.term_width": term_width,
        "bp.block_base": pids[block_start].astype(np.int32),
        "bp.term_max": np.nextafter((term_max * BOUND_SLACK).astype(np.float16), np.float16(np.inf)),  # rounded up
        **data,
        "bp.tf": np.minimum(tfs[~np.repeat(all_ones, df)], TF_ESCAPE).astype(np.uint8),
        "bp.tf_big_at": big.astype(np.int64),
        "bp.tf_big": tfs[big].astype(np.uint32),
    }
