"""Pick the sentences of retrieved passages that best match a query, as short evidence spans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import sentence_spans

K1, B = 1.2, 0.75
_CLOSING = tuple(".!?:;\"'”’)»")


def _sentence_score(terms: list[str], query: set[str], idf: Callable[[str], float], average_length: float) -> float:
    """BM25 of one sentence, with the corpus-wide idf of the passage index."""
    norm = K1 * (1 - B + B * len(terms) / average_length)
    score = 0.0
    for term in query:
        tf = terms.count(term)
        if tf:
            score += idf(term) * tf * (K1 + 1) / (tf + norm)
    return score


def best_sentences(query: str, passages: list[ScoredPassage], idf: Callable[[str], float], count: int) -> list[ScoredPassage]:
    """The count best sentences of the passages, each as a passage narrowed to that sentence, best first.

    A narrowed passage keeps its passage_id and document; start, end and text cover just the sentence.
    Sentences repeated by overlapping passages count once. A heading (a line with no closing
    punctuation) made only of the query's words names the subject without saying anything of it, and
    is left out.
    """
    query_terms = set(analyze(query))
    idf = {term: idf(term) for term in query_terms}.__getitem__  # looked up once, not once a sentence
    candidates, seen = [], set()
    for scored in passages:
        passage = scored.passage
        for start, end in sentence_spans(passage.text):
            span = (passage.doc_id, passage.start + start, passage.start + end)
            if span in seen:
                continue
            seen.add(span)
            terms = analyze(passage.text[start:end])
            if not _is_bare_heading(passage.text[start:end], terms, query_terms):
                candidates.append((passage, start, end, terms))
    if not candidates or not query_terms:
        return []
    average = sum(len(terms) for *_, terms in candidates) / len(candidates) or 1.0
    ranked = sorted(
        ((_sentence_score(terms, query_terms, idf, average), order, passage, start, end)
         for order, (passage, start, end, terms) in enumerate(candidates)),
        key=lambda row: (-row[0], row[1]),
    )
    return [
        ScoredPassage(replace(passage, start=passage.start + start, end=passage.start + end, text=passage.text[start:end]), score)
        for score, _, passage, start, end in ranked[:count]
        if score > 0
    ]


def _is_bare_heading(text: str, terms: list[str], query_terms: set[str]) -> bool:
    return not text.rstrip().endswith(_CLOSING) and set(terms) <= query_terms
