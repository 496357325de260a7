"""Rank passages for a query with BM25Okapi, scoring only the passages that can reach the top k.

The ranking itself is compiled (_maxscore.c: document at a time, with MaxScore over the block postings). Its
scores are rank-bm25's BM25Okapi scores, computed with the same floating-point operations in the same order,
so the ranking equals rank-bm25's full get_scores (tests/test_retrieval_parity.py checks it).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from docent.retrieval._maxscore import Ranker
from docent.retrieval.analyzer import analyze
from docent.retrieval.block_postings import BlockPostings, encode
from docent.retrieval.chunking import Passage, passage_terms
from docent.retrieval.postings import Postings, postings_from_terms

# BM25's parameters (rank-bm25's BM25Okapi takes the same: its defaults are 1.5, 0.75, 0.25). Passages are short:
# term frequency saturates sooner and length counts less. Measured on the 13 opened technical question sets
# (442 answerable questions), the passage holding the answer ranks first 0.604 -> 0.627 and in the top 2
# 0.726 -> 0.738; on the seed articles' sets 0.751 -> 0.758 and 0.865 -> 0.865 (the neighbours 1.2/0.5, 0.9/0.5
# and 0.7/0.6 measure alike). Anserini's default (k1 0.9, b 0.4) is of the same kind.
K1, B, EPSILON = 0.9, 0.6, 0.25
# The terms in more than this many passages carry a bound (the largest part they add to a score), so that a
# query may skip their passages that cannot reach its top k; shorter lists are read whole.
LONG_LIST_MIN = 4096


class PassageIndex(Protocol):
    """What answering asks of an index: one segment (BM25Index) or several (SegmentedIndex)."""

    passages: Sequence[Passage]  # by passage number

    def __len__(self) -> int: ...
    @property
    def n_terms(self) -> int: ...
    @property
    def rare_term_idf(self) -> float: ...
    def term_idf(self, term: str) -> float: ...
    def has_term(self, term: str) -> bool: ...
    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]: ...
    def search(self, query: str, k: int) -> list[ScoredPassage]: ...


@dataclass(frozen=True)
class LiveStatistics:
    """What a segment of a larger index needs of the whole to score as one corpus."""

    avgdl: float  # the average length of every live passage of the index
    deleted: np.ndarray  # bool, one per passage of the segment: deleted since it was written


@dataclass(frozen=True)
class ScoredPassage:
    passage: Passage
    score: float


def okapi_idf(postings: Postings, epsilon: float = EPSILON) -> np.ndarray:
    """rank-bm25's BM25Okapi idf of every term of postings (see idf_of_frequencies)."""
    return idf_of_frequencies(postings.n_passages, postings.document_frequencies(), postings.first_appearance_order(), epsilon)


def idf_of_frequencies(n: int, df: np.ndarray, order: np.ndarray, epsilon: float = EPSILON) -> np.ndarray:
    """rank-bm25's BM25Okapi idf of terms found in df of n passages: log(N - df + 0.5) - log(df + 0.5); a term
    in more than half the passages (negative idf) gets epsilon times the average idf instead. The average is
    summed term by term in order (the order of first appearance, as rank-bm25 sums it, so that it is the same
    to the last bit: np.cumsum adds one after the other).

    In a corpus of one or two passages no term has a positive Okapi idf (a note of a few lines): every
    score would be zero or negative and nothing could be found. There, and only there, the idf is Lucene's,
    log(1 + (N - df + 0.5) / (df + 0.5)), positive for every term."""
    distinct, inverse = np.unique(np.asarray(df, dtype=np.int64), return_inverse=True)
    term_idf = lucene_idf if not has_okapi_ranking(n) else okapi_term_idf
    values = np.array([term_idf(n, f) for f in distinct.tolist()], dtype=np.float64)[inverse.reshape(-1)]
    if not has_okapi_ranking(n) or not len(values):
        return values
    floor = epsilon * (float(np.cumsum(values[order])[-1]) / len(values))
    return np.where(values < 0, floor, values)


def has_okapi_ranking(n_passages: int) -> bool:
    """Whether some term can have a positive Okapi idf: one found in a single passage of three or more."""
    return n_passages >= 3


def okapi_term_idf(n_passages: int, df: int) -> float:
    return math.log(n_passages - df + 0.5) - math.log(df + 0.5)


def lucene_idf(n_passages: int, df: int) -> float:
    return math.log(1 + (n_passages - df + 0.5) / (df + 0.5))


def average_length(doc_len: np.ndarray) -> float:
    return int(doc_len.sum(dtype=np.int64)) / len(doc_len)


def length_norm(doc_len: np.ndarray, avgdl: float) -> np.ndarray:
    """The passage-length part of the BM25 denominator, written as rank-bm25 writes it."""
    return K1 * (1 - B + B * doc_len / avgdl)


def compress(postings: Postings) -> BlockPostings:
    """The block form of postings, with bounds computed for these passages' lengths."""
    return encode(postings, length_norm(postings.doc_len, average_length(postings.doc_len)), K1, LONG_LIST_MIN)


class BM25Index:
    """Passages and their compressed postings; search scores, with BM25Okapi, only the passages that can
    reach the top k (MaxScore: a passage holding only terms whose bounds add up to no more than the k-th
    best score found so far is never scored)."""

    def __init__(self, passages: Sequence[Passage], postings: BlockPostings, idf: np.ndarray,
                 live: LiveStatistics | None = None) -> None:
        """live: when these postings are one segment of a larger index, the statistics of the whole (its
        average passage length, and which of these passages were deleted since they were written)."""
        if postings.n_passages == 0:
            raise ValueError("an index needs at least one passage")
        if len(passages) != postings.n_passages:
            raise ValueError("passages and postings disagree")
        self.passages = passages
        self.postings = postings
        self.idf = idf
        # A stored vocabulary finds terms itself; a list in memory gets a dictionary.
        if hasattr(postings.vocab, "find_all"):
            self._find_all = postings.vocab.find_all
        else:
            ids = {term: i for i, term in enumerate(postings.vocab)}
            self._find_all = lambda terms: [ids.get(t) for t in terms]
        own_avgdl = average_length(postings.doc_len)
        self.avgdl = own_avgdl if live is None else live.avgdl
        self._dead = None if live is None else live.deleted
        # The bounds were computed for this segment's own average length: a larger one raises every part.
        self._bound_scale = max(1.0, self.avgdl / own_avgdl)
        self._ranker = Ranker(postings.ranker_arrays(idf, self._dead), K1, B, self.avgdl)
        self._last_found: dict[str, int | None] = {}

    @classmethod
    def build(cls, passages: list[Passage]) -> BM25Index:
        return cls.from_terms(passages, [passage_terms(p) for p in passages])

    @classmethod
    def from_terms(cls, passages: Sequence[Passage], terms: Sequence[list[str]]) -> BM25Index:
        postings = postings_from_terms(terms)
        if postings.n_passages == 0:
            raise ValueError("an index needs at least one passage")
        return cls(passages, compress(postings), okapi_idf(postings))

    def __len__(self) -> int:
        return self.postings.n_passages

    @property
    def n_terms(self) -> int:
        return len(self.postings.vocab)

    def term_ids(self, terms: list[str]) -> list[int]:
        """Ids of the terms the index knows, in query order, repeats kept (they count again, as in rank-bm25)."""
        found = self._find_all(terms)
        self._last_found = dict(zip(terms, found, strict=True))  # evidence asks for the same terms' idf next
        return [i for i in found if i is not None]

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (pid, score) among passages holding at least one of terms, best first, ties to the lower pid."""
        ids = self.term_ids(terms)
        if not ids or k <= 0:
            return []
        hits, _ = self._ranker.rank(ids, k, self._bound_scale)
        return hits

    @property
    def rare_term_idf(self) -> float:
        """The idf of a term found in just one passage: a yardstick for scores that fits any corpus size."""
        n = self.postings.n_passages
        return okapi_term_idf(n, 1) if has_okapi_ranking(n) else lucene_idf(n, 1)

    def _term_id(self, term: str) -> int | None:
        last = self._last_found
        return last[term] if term in last else self._find_all([term])[0]

    def term_idf(self, term: str) -> float:
        """BM25Okapi's inverse document frequency of an analyzed term; 0 for a term the index lacks."""
        found = self._term_id(term)
        return 0.0 if found is None else float(self.idf[found])

    def has_term(self, term: str) -> bool:
        """Whether some passage holds an analyzed term (its idf is 0 in exactly half of them: that is no test)."""
        return self._term_id(term) is not None

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The k best passages sharing at least one term with the query, best first."""
        return [ScoredPassage(self.passages[pid], score) for pid, score in self.rank(analyze(query), k)]
