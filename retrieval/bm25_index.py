"""Rank passages for a query with BM25Okapi, scoring only the passages that share a term with it.

The scores are rank-bm25's BM25Okapi scores, computed with the same floating-point operations in the same
order, so the ranking equals rank-bm25's full get_scores (tests/test_retrieval_parity.py checks it).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from docent.retrieval.analyzer import analyze
from docent.retrieval.chunking import Passage, passage_terms
from docent.retrieval.postings import Postings, postings_from_terms

# rank-bm25's BM25Okapi defaults.
K1, B, EPSILON = 1.5, 0.75, 0.25


@dataclass(frozen=True)
class ScoredPassage:
    passage: Passage
    score: float


def okapi_idf(postings: Postings, epsilon: float = EPSILON) -> np.ndarray:
    """rank-bm25's BM25Okapi idf: log(N - df + 0.5) - log(df + 0.5); a term in more than half the passages
    (negative idf) gets epsilon times the average idf instead. The average is summed term by term in order
    of first appearance, as rank-bm25 does, so that it is the same to the last bit."""
    n = postings.n_passages
    values = [math.log(n - f + 0.5) - math.log(f + 0.5) for f in postings.document_frequencies().tolist()]
    total = 0.0
    for i in postings.first_appearance_order().tolist():
        total += values[i]
    floor = epsilon * (total / len(values)) if values else 0.0
    return np.array([floor if value < 0 else value for value in values], dtype=np.float64)


def top_k(pids: np.ndarray, scores: np.ndarray, k: int) -> list[tuple[int, float]]:
    """The k highest scores, ties broken by the lower passage number, as (pid, score), best first."""
    if len(pids) > k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        keep = scores >= kth
        pids, scores = pids[keep], scores[keep]
    order = np.lexsort((pids, -scores))[:k]
    return [(int(pids[i]), float(scores[i])) for i in order]


class BM25Index:
    """Passages and their postings; search scores the candidate passages with BM25Okapi."""

    def __init__(self, passages: Sequence[Passage], postings: Postings, idf: np.ndarray | None = None) -> None:
        if postings.n_passages == 0:
            raise ValueError("an index needs at least one passage")
        if len(passages) != postings.n_passages:
            raise ValueError("passages and postings disagree")
        self.passages = passages
        self.postings = postings
        self.idf = okapi_idf(postings) if idf is None else idf
        # A stored vocabulary finds terms itself; a list in memory gets a dictionary.
        find = getattr(postings.vocab, "find", None)
        self._find = find or {term: i for i, term in enumerate(postings.vocab)}.get
        self.avgdl = int(postings.doc_len.sum(dtype=np.int64)) / postings.n_passages
        doc_len = postings.doc_len
        # The passage-length part of the denominator, written as rank-bm25 writes it.
        self._norm = K1 * (1 - B + B * doc_len / self.avgdl)
        self._scores = np.zeros(postings.n_passages)  # scratch, zero between searches
        self._hit = np.zeros(postings.n_passages, dtype=bool)
        self._lock = threading.Lock()

    @classmethod
    def build(cls, passages: list[Passage]) -> BM25Index:
        return cls.from_terms(passages, [passage_terms(p) for p in passages])

    @classmethod
    def from_terms(cls, passages: Sequence[Passage], terms: Sequence[list[str]]) -> BM25Index:
        return cls(passages, postings_from_terms(terms))

    def __len__(self) -> int:
        return self.postings.n_passages

    def term_ids(self, terms: list[str]) -> list[int]:
        """Ids of the terms the index knows, in query order, repeats kept (they count again, as in rank-bm25)."""
        found = [self._find(t) for t in terms]
        return [i for i in found if i is not None]

    def rank(self, terms: list[str], k: int) -> list[tuple[int, float]]:
        """The k best (pid, score) among passages holding at least one of terms, best first."""
        ids = self.term_ids(terms)
        if not ids or k <= 0:
            return []
        p = self.postings
        with self._lock:
            scores, hit = self._scores, self._hit
            for t in ids:
                lo, hi = p.term_ptr[t], p.term_ptr[t + 1]
                pids = p.pids[lo:hi]
                tf = p.tfs[lo:hi].astype(np.float64)
                scores[pids] += self.idf[t] * (tf * (K1 + 1) / (tf + self._norm[pids]))
            if len(set(ids)) == 1:
                candidates = p.pids[p.term_ptr[ids[0]]:p.term_ptr[ids[0] + 1]].astype(np.int64)
            else:
                for t in set(ids):
                    hit[p.pids[p.term_ptr[t]:p.term_ptr[t + 1]]] = True
                candidates = np.flatnonzero(hit)
                hit[candidates] = False
            found = scores[candidates]
            scores[candidates] = 0.0
        return top_k(candidates, found, k)

    @property
    def rare_term_idf(self) -> float:
        """The idf of a term found in just one passage: a yardstick for scores that fits any corpus size."""
        n = self.postings.n_passages
        return math.log(n - 1 + 0.5) - math.log(1 + 0.5)

    def term_idf(self, term: str) -> float:
        """BM25Okapi's inverse document frequency of an analyzed term; 0 for a term the index lacks."""
        found = self._find(term)
        return 0.0 if found is None else float(self.idf[found])

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The k best passages sharing at least one term with the query, best first."""
        return [ScoredPassage(self.passages[pid], score) for pid, score in self.rank(analyze(query), k)]
