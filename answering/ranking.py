"""The learned ranking of candidate facts: which fact of the evidence answers the question.

Each candidate is described by a few measurements (FEATURES): how well its sentence matches the question,
read alone and under its title and the sentence before it, where its sentence and passage rank, what kind
of unit holds it, how well its type fits the question. A linear model weighs them; its weights are fitted by
bench/train_ranker.py on the question sets of bench/ (written by people who read only the documents) and
stored in answering/ranker_weights.py. Each question's candidates compete with each other (a softmax over
them), so only the order matters, not the score's scale.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from docent.answering.evidence import (
    CODE,
    HEADING,
    TABLE,
    Evidence,
    Sentence,
    coverage,
    holds_part,
    in_context,
    names_what_is_asked,
    row_span,
    subject_terms,
)
from docent.answering.facts import WORD
from docent.answering.ranker_weights import MEAN, SCALE, WEIGHT
from docent.retrieval.analyzer import analyze

if TYPE_CHECKING:
    from docent.answering.candidates import Candidate

FEATURES = (
    "rule_score",  # the hand-written score of candidates.py: type fit, sentence match, question words near it
    "sentence_match",  # the sentence's BM25 match over the best sentence's
    "sentence_match_idf",  # the sentence's BM25 match in units of a rare term's idf
    "sentence_rank",  # 1 / (1 + the sentence's place among the evidence sentences)
    "passage_rank",  # 1 / (1 + the place of the retrieved passage that holds it)
    "passage_match",  # that passage's score over the best passage's
    "context_coverage",  # the question's terms found in the sentence read under its title and after the one before it
    "sentence_coverage",  # ... in the sentence alone
    "names_what_is_asked",  # the sentence names the option, path or identifier the question names (if it names one)
    "default_asked_and_said",  # the question asks for a default and the sentence speaks of one
    "in_code",
    "in_table",
    "in_heading",
    "plain_word",  # a lower-case word, the loosest kind of fact
    "length",  # the fact's words, up to 8, over 8
    "section_match",  # the share of the question's terms in the sentence's section path
    "first_wanted_type",  # the type the question wants first
    "fact_rarity",  # the idf of the fact's rarest term over a rare term's: an answer is specific ("firejail", not "provides")
    "own_heading",  # the fact is the name the sentence's own heading gives ("swappiness"), not a part of the sentence
)

_DEFAULT = re.compile(r"\bdefault", re.IGNORECASE)


def learned_scores(evidence: Evidence, found: Sequence[Candidate], idf: Callable[[str], float], rare_idf: float) -> list[float]:
    """The learned score of each candidate, in the order given."""
    return [score(row) for row in features(evidence, found, idf, rare_idf)]


def score(row: Sequence[float]) -> float:
    return sum(w * (x - m) / s for x, m, s, w in zip(row, MEAN, SCALE, WEIGHT, strict=True))


def features(evidence: Evidence, found: Sequence[Candidate], idf: Callable[[str], float], rare_idf: float) -> list[list[float]]:
    """FEATURES of each candidate, in the order given."""
    question = evidence.question
    asked = subject_terms(question)
    best = max((s.score for s in evidence.sentences), default=0.0) or 1.0
    top_passage = (evidence.passages[0].score if evidence.passages else 0.0) or 1.0
    sentence_rank = {s: i for i, s in enumerate(evidence.sentences)}
    asks_default = bool(_DEFAULT.search(question))
    wants = evidence.kind.wants
    by_sentence: dict[Sentence, list[float]] = {}
    context: dict[Sentence, str] = {}  # each sentence read after the one before it, under its title
    rows = []
    for candidate in found:
        s = candidate.sentence
        if s not in by_sentence:
            context[s] = in_context(s, evidence.passages)
            by_sentence[s] = _sentence_features(evidence, s, context[s], idf, rare_idf, best, top_passage, sentence_rank)
        rows.append([
            candidate.score,
            *(_in_its_row(by_sentence[s], s, candidate.text, question, idf, rare_idf) if s.kind == TABLE else by_sentence[s]),
            float(names_what_is_asked(question, s, context[s], candidate.text)),
            float(asks_default and bool(_DEFAULT.search(s.text))),
            float(s.kind == CODE),
            float(s.kind == TABLE),
            float(s.kind == HEADING),
            float(candidate.type == WORD),
            min(len(candidate.text.split()), 8) / 8,
            len(asked & set(analyze(s.section))) / max(1, len(asked)),
            float(bool(wants) and wants[0] == candidate.type),
            max((idf(t) for t in analyze(candidate.text)), default=0.0) / (rare_idf or 1.0),
            float(candidate.from_heading),
        ])
    return rows


def _in_its_row(sentence_features: list[float], table: Sentence, fact: str, question: str, idf: Callable[[str], float],
                rare_idf: float) -> list[float]:
    """A table cell's sentence features, its coverage taken over its own row under the header row: the rest of the
    table states other things ("pg_signal_backend | Signal another backend to cancel a query")."""
    found = row_span(table.text, fact)
    if found is None:
        return sentence_features
    header = table.text.split("\n", 1)[0]
    row = coverage(question, f"{header}\n{table.text[found[0]:found[1]]}", idf, rare_idf)
    return [*sentence_features[:-2], row, row]


def _sentence_features(evidence: Evidence, s: Sentence, context: str, idf: Callable[[str], float], rare_idf: float,
                       best: float, top_passage: float, sentence_rank: dict[Sentence, int]) -> list[float]:
    """The features that depend on the candidate's sentence only, from sentence_match to sentence_coverage."""
    place = next((i for i, p in enumerate(evidence.passages) if holds_part(p.passage, s)), None)
    passage_score = evidence.passages[place].score if place is not None else 0.0
    return [
        s.score / best,
        s.score / (rare_idf or 1.0),
        1 / (1 + sentence_rank.get(s, len(sentence_rank))),
        1 / (2 + len(evidence.passages)) if place is None else 1 / (1 + place),
        passage_score / top_passage,
        coverage(evidence.question, context, idf, rare_idf),
        coverage(evidence.question, s.text, idf, rare_idf),
    ]
