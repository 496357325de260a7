"""Rank passages for a query with BM25Okapi, scoring only the passages that share a term with it.

The scores are rank-bm25's BM25Okapi scores, computed with the same floating-point operations in the same
order, so the ranking equals rank-bm25's full get_scores (tests/test_retrieval_parity.py checks it).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from docent.retrieval.analyzer import analyze
from docent.retrieval.block_postings import BlockPostings, encode, tf_part
from docent.retrieval.chunking import Passage, passage_terms
from docent.retrieval.postings import Postings, postings_from_terms

# BM25's parameters (rank-bm25's BM25Okapi takes the same: its defaults are 1.5, 0.75, 0.25). Passages are short:
# term frequency saturates sooner and length counts less. Measured on the 13 opened technical question sets
# (442 answerable questions), the passage holding the answer ranks first 0.604 -> 0.627 and in the top 2
# 0.726 -> 0.738; on the seed articles' sets 0.751 -> 0.758 and 0.865 -> 0.865 (the neighbours 1.2/0.5, 0.9/0.5
# and 0.7/0.6 measure alike). Anserini's default (k1 0.9, b 0.4) is of the same kind.
K1, B, EPSILON = 0.9, 0.6, 0.25
# Sums over more than 1/DENSE_SUMS of the passages are made in a fresh dense array (np.bincount), fewer in the
# scratch array (np.add.at): both add in order.
DENSE_SUMS = 8
# A query's terms listed in more passages than this share of them (or LONG_LIST_MIN) are only looked up
# for the passages that can still reach the top k, when the other terms find enough of them. Only the terms
# in more than LONG_LIST_MIN passages carry the bound that needs.
LONG_LIST_SHARE, LONG_LIST_MIN = 0.02, 4096


class PassageIndex(Protocol):
    """What answering asks of an index: one segment (BM25Index) or several (SegmentedIndex)."""

    passages: Sequence[Passage]  # by passage number

    def __len__(self) -> int: ...
    @property
    def n_terms(self) -> int: ...
    @property
    def rare_term_idf(self) -> float: ...
    def term_idf(self, term: str) -> float: ...
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


def top_k(pids: np.ndarray, scores: np.ndarray, k: int, repeats: int = 1) -> list[tuple[int, float]]:
    """The k highest scores, ties broken by the lower passage number, as (pid, score), best first.
    A passage may be listed up to repeats times, always with the same score."""
    if len(pids) > k * repeats:
        kth = np.partition(scores, len(scores) - k * repeats)[len(scores) - k * repeats]
        keep = scores >= kth
        pids, scores = pids[keep], scores[keep]
    pids, first = np.unique(pids, return_index=True)
    scores = scores[first]
    order = np.lexsort((pids, -scores))[:k]
    return [(int(pids[i]), float(scores[i])) for i in order]


class BM25Index:
    """Passages and their compressed postings; search scores, with BM25Okapi, only the passages that can
    reach the top k (MaxScore: a passage holding only terms whose bounds add up to less than the k-th
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
        self._norm = length_norm(postings.doc_len, self.avgdl)
        self._scores = np.zeros(postings.n_passages)  # scratch for sparse sums, zero between searches
        self._slot = np.full(postings.n_passages, -1, dtype=np.int32)  # scratch, -1 between searches
        self._long_list = max(LONG_LIST_MIN, int(LONG_LIST_SHARE * postings.n_passages))
        self._lock = threading.Lock()
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
        """The k best (pid, score) among passages holding at least one of terms, best first."""
        ids = self.term_ids(terms)
        if not ids or k <= 0:
            return []
        unique = list(dict.fromkeys(ids))
        p = self.postings
        long = [t for t in unique if p.df(t) > self._long_list and math.isfinite(p.term_max(t))] if len(unique) > 1 else []
        with self._lock:
            if not long or len(long) == len(unique) or (self.idf[unique] <= 0).any():
                return self._rank_all(ids, unique, k)
            return self._rank_pruned(ids, unique, long, k)

    def _sums(self, ids: list[int], terms: list[int], runs: dict[int, tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
        """The score parts of terms summed per passage, in query order: with every query term, rank-bm25's exact
        scores. Returns the passages touched (with repeats) and their sums; keeps each term's passages and parts
        in runs."""
        pids, tfs, starts = self.postings.runs(terms)
        parts = tf_part(tfs, self._norm[pids], K1) * np.repeat(self.idf[terms], np.diff(starts))
        for i, t in enumerate(terms):
            runs[t] = (pids[starts[i]:starts[i + 1]], parts[starts[i]:starts[i + 1]])
        if [t for t in ids if t in runs] != terms:  # a repeated term adds its part again, at its place
            order = [t for t in ids if t in runs]
            pids = np.concatenate([runs[t][0] for t in order])
            parts = np.concatenate([runs[t][1] for t in order])
        # Both add the parts one after the other, in the order given: the sums of rank-bm25, to the last bit.
        if len(pids) * DENSE_SUMS > len(self._scores):
            return pids, np.bincount(pids, weights=parts, minlength=len(self._scores))[pids]
        scores = self._scores
        np.add.at(scores, pids, parts)
        found = scores[pids]
        scores[pids] = 0.0
        return pids, found

    def _rank_all(self, ids: list[int], unique: list[int], k: int) -> list[tuple[int, float]]:
        """Every passage holding a term, scored in full."""
        pids, found = self._live(*self._sums(ids, unique, {}))
        return top_k(pids, found, k, len(ids))

    def _live(self, pids: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The passages not deleted, and their values."""
        if self._dead is None:
            return pids, values
        alive = ~self._dead[pids]
        return pids[alive], values[alive]

    def _exact(self, ids: list[int], pids: np.ndarray, runs: dict[int, tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
        """The BM25Okapi scores of the passages pids (ascending, distinct), summed in query order as rank-bm25
        does; the parts of the terms in runs are taken from there, the others looked up."""
        slot = self._slot
        slot[pids] = np.arange(len(pids), dtype=np.int32)
        parts = {}
        for t in dict.fromkeys(ids):
            if t in runs:
                run_pids, run_parts = runs[t]
                at = slot[run_pids]
                held = at >= 0
                parts[t] = np.zeros(len(pids))
                parts[t][at[held]] = run_parts[held]
            else:
                parts[t] = tf_part(self.postings.lookup(t, pids), self._norm[pids], K1) * self.idf[t]
        slot[pids] = -1
        scores = np.zeros(len(pids))
        for t in ids:
            scores += parts[t]
        return scores

    def _rank_pruned(self, ids: list[int], unique: list[int], long: list[int], k: int) -> list[tuple[int, float]]:
        """MaxScore: the short lists are scored in full, the long ones only looked up for the passages whose
        score could still reach the k-th best with them.

        Every score part is positive here, so the k-th best sum over some of the terms is a lower bound of
        the k-th best score; a passage whose sum plus the bound of the terms left out stays below it is out.
        """
        p = self.postings
        bound = {t: ids.count(t) * float(self.idf[t]) * p.term_max(t) * self._bound_scale for t in long}
        long = sorted(long, key=lambda t: -bound[t])
        scored = [t for t in unique if t not in bound]
        runs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        long_bound = sum(bound.values())
        while True:
            # summed in another order than rank-bm25's when terms were added: only compared with bounds
            pids, partial = self._live(*self._sums(ids, scored, runs))
            best = top_k(pids, partial, k, len(ids))
            kth = best[-1][1] * (1 - 1e-9) if len(best) == k else 0.0
            if not long or long_bound < kth:
                break
            t = long.pop(0)  # a passage on the long lists alone could make the top k: add one to the sums
            long_bound -= bound[t]
            scored.append(t)
        hopeful = np.unique(pids[partial + long_bound >= kth])
        return top_k(hopeful, self._exact(ids, hopeful, runs), k)

    @property
    def rare_term_idf(self) -> float:
        """The idf of a term found in just one passage: a yardstick for scores that fits any corpus size."""
        n = self.postings.n_passages
        return okapi_term_idf(n, 1) if has_okapi_ranking(n) else lucene_idf(n, 1)

    def term_idf(self, term: str) -> float:
        """BM25Okapi's inverse document frequency of an analyzed term; 0 for a term the index lacks."""
        last = self._last_found
        found = last[term] if term in last else self._find_all([term])[0]
        return 0.0 if found is None else float(self.idf[found])

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The k best passages sharing at least one term with the query, best first."""
        return [ScoredPassage(self.passages[pid], score) for pid, score in self.rank(analyze(query), k)]
