"""How well a passage supports a sentence: the share of the sentence's terms found in the passage."""

from __future__ import annotations

import re

from docent.retrieval.analyzer import analyze, fold

MIN_SUPPORT = 0.5  # a citation whose passage supports its sentence less than this is not kept


def support(sentence: str, passage_terms: frozenset[str], given: frozenset[str] = frozenset()) -> float:
    """From 0 (no term of the sentence is in the passage) to 1 (every term is).

    Terms given (the question's) are left out when the sentence has others: a passage supports what the
    sentence adds to the question, not the question's own words repeated ("use systemctl enable" is not
    supported by a log of a service that failed to start just because both say "service" and "start")."""
    terms = set(analyze(sentence))
    terms = terms - given or terms
    if not terms:
        return 0.0
    return len(terms & passage_terms) / len(terms)


def best_supported(sentence: str, passages_terms: list[frozenset[str]], given: frozenset[str] = frozenset()) -> tuple[int, float]:
    """The 1-based number of the passage that best supports sentence, and its support; (0, 0.0) if none."""
    best, best_score = 0, 0.0
    for n, terms in enumerate(passages_terms, start=1):
        score = support(sentence, terms, given)
        if score > best_score:
            best, best_score = n, score
    return best, best_score


_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\w’'-]+")


def numbers_in(text: str) -> set[str]:
    return {match.group().replace(",", "") for match in _NUMBER.finditer(text)}


def numbers_supported(sentence: str, passage_text: str) -> bool:
    """Every number in the sentence also stands in the passage."""
    return numbers_in(sentence) <= numbers_in(passage_text)


def unsupported_facts(answer: str, passage_texts: list[str]) -> list[str]:
    """Numbers and capitalised names in the answer that appear in none of the passages."""
    shown = fold(" ".join(passage_texts))
    shown_numbers = numbers_in(" ".join(passage_texts))
    found = [n for n in _NUMBER.findall(answer) if n.replace(",", "") not in shown_numbers]
    found += [name for name in _NAME.findall(answer.strip()) if fold(name) not in shown]
    return list(dict.fromkeys(found))
