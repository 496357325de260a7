"""Which evidence sentence reads as the answer to "why", "what is" or "what will ... do if ...": one that gives a
cause, says what the asked thing is, or says what follows from a condition.

BM25 ranks the sentences that share the question's words; among the best few, the one shaped like an answer
("This avoids their double execution ...", "An evil merge is a merge that ...") is shown first, to the model
and as the quote.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from docent.answering.evidence import PROSE, Evidence, Sentence, subject_terms
from docent.answering.facts import DEFINITION, OTHER, REASON
from docent.retrieval.analyzer import analyze
from docent.retrieval.segmentation import is_term_line, term_name

SHAPED_AMONG = 3  # how many of the best sentences are looked at (2 to 5 measured: bench/results/quality.md)
CLOSE_SCORE = 0.3  # ... and how well each must match, against the best one (0 and 0.3 measure the same)

# "What might the authorities do if KFOR does not act?": what follows from a condition, which a sentence gives in an
# if-clause sharing a word with the question's and a modal verb ("if KFOR does not act, authorities may have to ...").
_WHAT_IF = re.compile(r"\bwhat\b.*\b(?:will|would|might|may|could|should|can|must|shall)\b.*\bdo\b.*?\b(?:if|unless)\b"
                      r"(?P<condition>.*)", re.I)
_IF_CLAUSE = re.compile(r"\b(?:if|unless)\b(?P<condition>[^,;.]*)", re.I)
_CONSEQUENCE = re.compile(r"\b(?:may|might|would|will|could|can|must|should)\b", re.I)
_CAUSE = re.compile(r"\b(?:because|due to|owing to|so that|in order to|arises from|the reason|avoids?|prevents?|"
                    r"as a workaround|this is why|that is why|therefore|hence)\b", re.I)
# What the thing is, said in the sentence's first words: "An evil merge is a ...", "(HBA stands for ...)".
_DEFINES = re.compile(r"^\W*((?:\S+\s+){0,6}?)(?:(?:is|are) (?:a|an|the|one)\b|stands? for\b|means\b|refers? to\b|"
                      r"is short for\b)", re.I)


def answer_shaped(evidence: Evidence, idf: Callable[[str], float]) -> Sentence | None:
    """The first of the best few prose sentences that gives a reason (for "why"), defines the question's most
    specific term (for "what is"), or says what may follow from a condition (for a question putting one: "What will
    Kosovo do if KFOR does not act?"), if the question is of such a kind."""
    asked_if = _WHAT_IF.search(evidence.question) if evidence.kind.kind == OTHER else None
    if not evidence.sentences or not (asked_if or evidence.kind.kind in (REASON, DEFINITION)):
        return None
    best = evidence.sentences[0].score
    close = [s for s in evidence.sentences[:SHAPED_AMONG] if s.kind == PROSE and s.quotable and s.score >= CLOSE_SCORE * best]
    if asked_if:
        return next((s for s in close if _follows_from(s.text, asked_if.group("condition"))), None)
    if evidence.kind.kind == REASON:
        return next((s for s in close if _CAUSE.search(s.text)), None)
    subject = _most_specific(evidence.question, idf)
    return next((s for s in close if subject and (_defines(s.text, subject) or _described_under(s, subject))), None)


def _follows_from(text: str, condition: str) -> bool:
    """Whether the sentence says what may follow from a condition like the question's: an if-clause sharing one of its
    words, and a modal verb."""
    asked = set(analyze(condition))
    return bool(_CONSEQUENCE.search(text)) and any(asked & set(analyze(clause.group("condition")))
                                                   for clause in _IF_CLAUSE.finditer(text))


def _defines(text: str, subject: str) -> bool:
    """Whether the sentence says what the subject is in its first words ("An evil merge is a merge that ...")."""
    match = _DEFINES.search(text)
    return match is not None and subject in analyze(match.group(1))


def _described_under(sentence: Sentence, subject: str) -> bool:
    """Whether the sentence stands under a term line that names the subject, as a reference describes an option or a
    command under its name ("pop [--index] [-q|--quiet] [<stash>]" above "Remove a single stashed state from the
    stash list ..."); a section's title ("14.4.9. Some Notes about pg_dump") is no term line."""
    return bool(sentence.lead) and is_term_line(sentence.lead) and subject in analyze(term_name(sentence.lead))


def _most_specific(question: str, idf: Callable[[str], float]) -> str:
    """The question's rarest term in the corpus: what a definition must name ("bare" of "a bare repository")."""
    terms = subject_terms(question)
    return max(sorted(terms), key=idf, default="")
