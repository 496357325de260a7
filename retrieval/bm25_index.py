"""Rank passages for a query with rank-bm25's BM25Okapi."""

from __future__ import annotations

from dataclasses import dataclass

from retrieval.analyzer import analyze
from retrieval.chunking import Passage


@dataclass(frozen=True)
class ScoredPassage:
    passage: Passage
    score: float


class BM25Index:
    """Passages and their analyzed terms, scored with BM25Okapi."""

    def __init__(self, passages: list[Passage], terms: list[list[str]]) -> None:
        from rank_bm25 import BM25Okapi  # imported here: it pulls in numpy

        if not passages:
            raise ValueError("an index needs at least one passage")
        self.passages = passages
        self.terms = terms
        self._bm25 = BM25Okapi(terms)

    @classmethod
    def build(cls, passages: list[Passage]) -> "BM25Index":
        return cls(passages, [analyze(p.text) for p in passages])

    def idf(self, term: str) -> float:
        """BM25Okapi's inverse document frequency of an analyzed term; 0 for unknown terms."""
        return float(self._bm25.idf.get(term, 0.0))

    def search(self, query: str, k: int) -> list[ScoredPassage]:
        """The k best passages sharing at least one term with the query, best first."""
        query_terms = analyze(query)
        if not query_terms or k <= 0:
            return []
        scores = self._bm25.get_scores(query_terms)
        matching = [i for i, freqs in enumerate(self._bm25.doc_freqs) if any(t in freqs for t in query_terms)]
        ranked = sorted(matching, key=lambda i: (-scores[i], i))[:k]
        return [ScoredPassage(self.passages[i], float(scores[i])) for i in ranked]
