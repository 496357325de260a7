"""How well a passage supports a sentence: the share of the sentence's terms found in the passage."""

from __future__ import annotations

from retrieval.analyzer import analyze

MIN_SUPPORT = 0.5  # a citation whose passage supports its sentence less than this is not kept


def support(sentence: str, passage_terms: frozenset[str]) -> float:
    """From 0 (no term of the sentence is in the passage) to 1 (every term is)."""
    terms = set(analyze(sentence))
    if not terms:
        return 0.0
    return len(terms & passage_terms) / len(terms)


def best_supported(sentence: str, passages_terms: list[frozenset[str]]) -> tuple[int, float]:
    """The 1-based number of the passage that best supports sentence, and its support; (0, 0.0) if none."""
    best, best_score = 0, 0.0
    for n, terms in enumerate(passages_terms, start=1):
        score = support(sentence, terms)
        if score > best_score:
            best, best_score = n, score
    return best, best_score
