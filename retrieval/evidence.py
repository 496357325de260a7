"""Pick the sentences of retrieved passages that best match a query, as short evidence spans.

The sentences are the units of segmentation.py: whole sentences of paragraphs and list items (a
hard-wrapped line is never one), whole code blocks and tables, each with its kind and its passage's section.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage
from docent.retrieval.documents import is_as_written
from docent.retrieval.segmentation import TEXT, Segment, segments

K1, B = 1.2, 0.75


@dataclass(frozen=True)
class ScoredSentence(ScoredPassage):
    """A unit of a passage scored alone: the passage narrowed to it (same passage_id, document and section).

    kind is TEXT for a sentence, CODE for a code block and TABLE for a table (quote those as code)."""

    kind: str = TEXT


def passage_sentences(passage: Passage) -> list[Segment]:
    """The units of a passage (offsets into passage.text), read as its document was written."""
    return segments(passage.text, 0, len(passage.text), is_as_written(passage.doc_id))
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


def best_sentences(query: str, passages: list[ScoredPassage], idf: Callable[[str], float], count: int) -> list[ScoredSentence]:
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
        for unit in passage_sentences(passage):
            start, end = unit.start, unit.end
            span = (passage.doc_id, passage.start + start, passage.start + end)
            if span in seen:
                continue
            seen.add(span)
            terms = analyze(passage.text[start:end])
            if not _is_bare_heading(passage.text[start:end], terms, query_terms):
                candidates.append((passage, unit, terms))
    if not candidates or not query_terms:
        return []
    average = sum(len(terms) for *_, terms in candidates) / len(candidates) or 1.0
    ranked = sorted(
        ((_sentence_score(terms, query_terms, idf, average), order, passage, unit)
         for order, (passage, unit, terms) in enumerate(candidates)),
        key=lambda row: (-row[0], row[1]),
    )
    return [_narrowed(passage, unit, score) for score, _, passage, unit in ranked[:count] if score > 0]


def _narrowed(passage: Passage, unit: Segment, score: float) -> ScoredSentence:
    start, end = passage.start + unit.start, passage.start + unit.end
    return ScoredSentence(replace(passage, start=start, end=end, text=passage.text[unit.start:unit.end]), score, unit.kind)


def _is_bare_heading(text: str, terms: list[str], query_terms: set[str]) -> bool:
    """A line with no closing punctuation whose words, its section number aside ("2.7"), are all the query's."""
    return not text.rstrip().endswith(_CLOSING) and {t for t in terms if not t.isdigit()} <= query_terms
