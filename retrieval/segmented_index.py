"""Search an index made of two segments as one corpus: a base, some of whose passages were deleted since it
was written, and a small delta holding the passages added since.

The corpus searched is the base's live passages, in order, then the delta's: passage numbers below the
base's size are the base's, the others the delta's shifted past them. Statistics are the whole's (passage
count, average length, each term's document frequency), so scores are BM25Okapi's over that corpus, as
rank-bm25 would give them (tests/test_index_segments.py checks it). The one difference from a build of those
passages from scratch is the order in which the average idf is summed (the base's terms in their order,
then the delta's new ones), which moves it by a rounding error at most.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from docent.retrieval.analyzer import analyze
from docent.retrieval.block_postings import BlockPostings
from docent.retrieval.bm25_index import (
    BM25Index,
    LiveStatistics,
    ScoredPassage,
    has_okapi_ranking,
    idf_of_frequencies,
    lucene_idf,
    okapi_term_idf,
)
from docent.retrieval.chunking import Passage


@dataclass(frozen=True)
class Segment:
    """Passages and their postings, as written."""

    passages: Sequence[Passage]
    postings: BlockPostings


class SegmentedIndex:
    """A base segment with deleted passages plus a delta segment, ranked as one corpus (see the module docstring)."""

    def __init__(self, base: Segment, deleted: np.ndarray, deleted_terms: Counter[str], delta: Segment | None) -> None:
        """deleted: bool per base passage; deleted_terms: in how many deleted passages each term occurs."""
        self.n_base = base.postings.n_passages
        self.n_live = self.n_base - int(deleted.sum()) + (delta.postings.n_passages if delta else 0)
        if self.n_live == 0:
            raise ValueError("an index needs at least one passage")
        base_df = base.postings.document_frequencies().astype(np.int64)
        for term, found in zip(deleted_terms, _find(base.postings.vocab, list(deleted_terms)), strict=True):
            if found is not None:
                base_df[found] -= deleted_terms[term]
        live_length = int(base.postings.doc_len[~deleted].sum(dtype=np.int64))
        df, order, to_combined = base_df, _first_appearances(base.postings), None
        if delta is not None:
            live_length += int(delta.postings.doc_len.sum(dtype=np.int64))
            df, order, to_combined = _with_delta(base, base_df, order, delta)
        avgdl = live_length / self.n_live
        alive = df > 0
        self._n_terms = int(alive.sum())
        idf = np.zeros(len(df))
        idf[alive] = idf_of_frequencies(self.n_live, df[alive], _ranks_within(order, alive))
        n_base_terms = len(base_df)
        self.base = BM25Index(base.passages, base.postings, idf[:n_base_terms], LiveStatistics(avgdl, deleted))
        self.delta = None
        if delta is not None and to_combined is not None:
            no_deletions = np.zeros(delta.postings.n_passages, dtype=bool)
            self.delta = BM25Index(delta.passages, delta.postings, idf[to_combined], LiveStatistics(avgdl, no_deletions))
        self.passages: Sequence[Passage] = _Joined(base.passages, delta.passages if delta else ())

    def __len__(self) -> int:
        return self.n_live

    @property
    def n_terms(self) -> int:
        """Distinct terms of the live passages."""
        return self._n_terms

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (pid, score) of the live passages holding a term, best first, ties to the lower number."""
        found = self.base.rank(terms, k)
        if self.delta is not None:
            found += [(self.n_base + pid, score) for pid, score in self.delta.rank(terms, k)]
        return sorted(found, key=lambda hit: (-hit[1], hit[0]))[:k]

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        return [ScoredPassage(self.passages[pid], score) for pid, score in self.rank(analyze(query), k)]

    @property
    def rare_term_idf(self) -> float:
        return okapi_term_idf(self.n_live, 1) if has_okapi_ranking(self.n_live) else lucene_idf(self.n_live, 1)

    def term_idf(self, term: str) -> float:
        value = self.base.term_idf(term)
        if value == 0.0 and self.delta is not None:
            return self.delta.term_idf(term)
        return value

    def has_term(self, term: str) -> bool:
        return self.base.has_term(term) or (self.delta is not None and self.delta.has_term(term))


def _find(vocab: Sequence[str], terms: list[str]) -> list[int | None]:
    """Each term's id in vocab (a stored vocabulary finds them itself), None for those it lacks."""
    if hasattr(vocab, "find_all"):
        return vocab.find_all(terms)
    ids = {term: i for i, term in enumerate(vocab)}
    return [ids.get(t) for t in terms]


def _first_appearances(postings: BlockPostings) -> np.ndarray:
    """Term ids in the order the terms first appear in the segment's passages."""
    first_pid = postings.arrays["bp.block_base"][postings.arrays["bp.block_ptr"][:-1]]
    return np.lexsort((postings.arrays["bp.first_pos"], first_pid))


def _with_delta(base: Segment, base_df: np.ndarray, order: np.ndarray, delta: Segment):
    """Document frequencies over the base's terms then the delta's new ones, the order to sum their idf in,
    and each delta term's place among them."""
    vocab = delta.postings.vocab
    found = _find(base.postings.vocab, list(vocab))
    to_combined = np.empty(len(vocab), dtype=np.int64)
    n_new = 0
    for i, at in enumerate(found):
        if at is None:
            to_combined[i] = len(base_df) + n_new
            n_new += 1
        else:
            to_combined[i] = at
    df = np.concatenate([base_df, np.zeros(n_new, dtype=np.int64)])
    np.add.at(df, to_combined, delta.postings.document_frequencies().astype(np.int64))
    delta_order = to_combined[_first_appearances(delta.postings)]
    new_order = delta_order[delta_order >= len(base_df)]
    return df, np.concatenate([order, new_order]), to_combined


def _ranks_within(order: np.ndarray, alive: np.ndarray) -> np.ndarray:
    """order (term ids) restricted to the alive terms, as positions among the alive terms."""
    position = np.cumsum(alive) - 1
    return position[order[alive[order]]]


class _Joined(Sequence[Passage]):
    """The base's passages then the delta's, by passage number."""

    def __init__(self, base: Sequence[Passage], delta: Sequence[Passage]) -> None:
        self.base, self.delta = base, delta

    def __len__(self) -> int:
        return len(self.base) + len(self.delta)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        return self.base[i] if i < len(self.base) else self.delta[i - len(self.base)]
