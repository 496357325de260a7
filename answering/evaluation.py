"""Score answers against a development set: retrieval, accuracy, citations, abstention, latency."""

from __future__ import annotations

import json
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from docent.answering.compose import direct_part
from docent.answering.types import Answer
from docent.retrieval.analyzer import fold
from docent.retrieval.chunking import shown_text

DIRECT_WORDS = 20


class EvalFileError(Exception):
    """A line of the evaluation file is not a valid case; the message names the line."""


@dataclass(frozen=True)
class EvalCase:
    question: str
    answers: list[str]  # accepted answer strings; empty for an unanswerable question
    docs: list[str]  # gold document ids
    unanswerable: bool
    kind: str = ""  # what the question asks for, as its writer saw it (value, name, definition, ...)


@dataclass(frozen=True)
class CaseResult:
    case: EvalCase
    answer: Answer
    retrieved: bool  # a shown passage contains an accepted answer
    correct: bool  # answered, and the answer contains an accepted answer
    direct: bool  # answered, and an accepted answer stands in the first DIRECT_WORDS words, quotes aside
    good_citations: int  # citations whose passage contains an accepted answer
    citations: int


@dataclass(frozen=True)
class EvalReport:
    questions: int
    answerable: int
    recall_at_k: float | None
    accuracy: float | None
    direct_accuracy: float | None
    citation_precision: float | None
    citation_coverage: float | None
    abstention_precision: float | None
    abstention_recall: float | None
    false_abstentions: float | None  # share of answerable questions that were abstained on
    own_replies: float | None  # share of the answers given that are the model's reply, not the evidence quoted
    latency_p50_ms: float
    latency_p95_ms: float


def load_cases(path: Path) -> list[EvalCase]:
    cases = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            cases.append(_parse_case(line, f"{path}:{number}"))
    if not cases:
        raise EvalFileError(f"{path}: no questions")
    return cases


def _parse_case(line: str, where: str) -> EvalCase:
    try:
        row = json.loads(line)
        question, answers = row["question"], list(row.get("answers", []))
        unanswerable = bool(row.get("unanswerable", not answers))
    except (ValueError, KeyError, TypeError) as error:
        raise EvalFileError(f"{where}: not a case ({error})") from None
    if not isinstance(question, str) or not question.strip() or not all(isinstance(a, str) for a in answers):
        raise EvalFileError(f"{where}: question must be text and answers a list of text")
    if not unanswerable and not answers:
        raise EvalFileError(f"{where}: an answerable question needs accepted answers")
    return EvalCase(question, answers, list(row.get("docs", [])), unanswerable, str(row.get("kind", "")))


def contains_answer(text: str, answers: list[str]) -> bool:
    """Whether text holds one of the answers as whole words, ignoring case and accents."""
    folded = fold(text)
    return any(re.search(rf"(?<!\w){re.escape(fold(answer))}(?!\w)", folded) for answer in answers)


def states_directly(text: str, answers: list[str], words: int = DIRECT_WORDS) -> bool:
    """Whether the answer states an accepted answer in its first words, what it quotes aside."""
    return contains_answer(" ".join(direct_part(text).split()[:words]), answers)


def score_case(case: EvalCase, answer: Answer) -> CaseResult:
    good = 0 if case.unanswerable else sum(contains_answer(shown_text(c.passage), case.answers) for c in answer.citations)
    return CaseResult(
        case=case,
        answer=answer,
        retrieved=not case.unanswerable and any(contains_answer(shown_text(s.passage), case.answers) for s in answer.passages),
        correct=not case.unanswerable and not answer.abstained and contains_answer(answer.text, case.answers),
        direct=not case.unanswerable and not answer.abstained and states_directly(answer.text, case.answers),
        good_citations=good,
        citations=len(answer.citations),
    )


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _percentile(values: list[float], q: float) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def summarize(results: list[CaseResult]) -> EvalReport:
    answerable = [r for r in results if not r.case.unanswerable]
    unanswerable = [r for r in results if r.case.unanswerable]
    answered = [r for r in answerable if not r.answer.abstained]
    abstained = [r for r in results if r.answer.abstained]
    given = [r for r in results if not r.answer.abstained]
    latencies = [r.answer.timings.total_ms for r in results]
    return EvalReport(
        questions=len(results),
        answerable=len(answerable),
        recall_at_k=_share(sum(r.retrieved for r in answerable), len(answerable)),
        accuracy=_share(sum(r.correct for r in answerable), len(answerable)),
        direct_accuracy=_share(sum(r.direct for r in answerable), len(answerable)),
        citation_precision=_share(sum(r.good_citations for r in results), sum(r.citations for r in results)),
        citation_coverage=_share(sum(r.good_citations > 0 for r in answered), len(answered)),
        abstention_precision=_share(sum(r.case.unanswerable for r in abstained), len(abstained)),
        abstention_recall=_share(sum(r.answer.abstained for r in unanswerable), len(unanswerable)),
        false_abstentions=_share(len(answerable) - len(answered), len(answerable)),
        own_replies=_share(sum(not r.answer.withheld for r in given), len(given)),
        latency_p50_ms=round(_percentile(latencies, 50), 1),
        latency_p95_ms=round(_percentile(latencies, 95), 1),
    )
