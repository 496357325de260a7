"""Verify stage: what of the model's reply the evidence supports, and which fact of the evidence it states.

For a question that asks for a fact, the reply must state one of the candidate facts of the evidence
(answering/candidates.py); for any other question, nearly all its new words must come from the shown
sources and most of them from the evidence sentences. A reply that loops, cites nothing verified or
names a number or name that no source holds is never shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docent.answering.candidates import Candidate
from docent.answering.citations import is_abstention, without_citations
from docent.answering.evidence import Evidence, in_context, subject_terms
from docent.answering.facts import WORD
from docent.answering.generate import Generation
from docent.answering.support import unsupported_facts
from docent.retrieval.analyzer import analyze, fold
from docent.retrieval.chunking import shown_text
from docent.retrieval.evidence import passage_sentences

DIRECT_WORDS = 20  # a direct answer states its fact in at most this many words
SHORT_REPLY_WORDS = 3
_SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|$)", re.DOTALL)


@dataclass(frozen=True)
class Verdict:
    fact: Candidate | None  # the candidate fact the reply states (a fact question), if any
    reply: str  # what of the reply may be shown as it is ("" when none)
    unsupported: list[str]  # numbers and names of the reply that no shown source holds


def verify(generation: Generation, evidence: Evidence, found: list[Candidate]) -> Verdict:
    reply = generation.text
    unsupported = unsupported_facts(without_citations(reply), [shown_text(s.passage) for s in evidence.sources])
    sound = bool(reply) and not generation.stopped and not is_abstention(reply) and not unsupported
    sound = sound and any(c.verified for c in generation.citations) and _negates_as_its_sources(reply, evidence)
    fact = stated_fact(reply, found) if evidence.kind.asks_fact else None
    if fact or (evidence.kind.asks_fact and not evidence.kind.sentence_answers):
        first = first_sentence(_without_preamble(reply))
        shows = fact is not None and sound and holds(first, fact.text) and len(first.split()) <= DIRECT_WORDS \
            and _says_only_its_sentence(first, fact, evidence)
        return Verdict(fact, first if shows else "", unsupported)
    return Verdict(None, reply if sound and _grounded(reply, evidence) else "", unsupported)


def stated_fact(reply: str, found: list[Candidate]) -> Candidate | None:
    """The candidate the reply names first; a plain word counts only in a reply of a few words."""
    text = fold(without_citations(reply))
    short = len(text.split()) <= SHORT_REPLY_WORDS
    at: dict[Candidate, int] = {}
    for candidate in found:
        position = _position(text, candidate.text) if short or candidate.type != WORD else None
        if position is not None:
            at[candidate] = position
    return min(at, key=at.__getitem__) if at else None


def _position(folded: str, fact: str) -> int | None:
    match = re.search(rf"(?<![\w.-]){re.escape(fold(fact))}(?![\w-]|\.\w)", folded)
    return match.start() if match else None


def holds(text: str, fact: str) -> bool:
    """Whether text (its citations aside) states the fact."""
    return _position(fold(without_citations(text)), fact) is not None


def first_sentence(text: str) -> str:
    match = _SENTENCE.match(text.strip())
    return match.group().strip() if match else ""


# "The answer is: ...", "The answer to this question is: ...": what a small model writes before stating a fact. Only a
# fact's statement loses it: a reply to "why" or "what is" that opens so is checked as written, and the check's new
# words ("answer", "question") keep it from being shown, as a reply that restates the question should not be.
_PREAMBLE = re.compile(r"(?:the )?answer(?: to (?:this|the|your) question)? is\s*:\s*", re.I)


def _without_preamble(text: str) -> str:
    match = _PREAMBLE.match(text)
    if not match or match.end() == len(text):
        return text
    rest = text[match.end():]
    plain = re.match(r"[a-z]+\s", rest)  # a word of prose, not a name such as "vm.swappiness" or "dh_make"
    return rest[0].upper() + rest[1:] if plain else rest


def _says_only_its_sentence(statement: str, fact: Candidate, evidence: Evidence) -> bool:
    """Whether every word the statement adds to the question and the fact stands in the fact's sentence, as read in its
    passage: "The variable $DEBEMAIL is set to the value of the variable $DEBFULLNAME" adds "value", which its
    sentence never says, and relates the two names as it never does."""
    added = subject_terms(without_citations(statement)) - set(analyze(evidence.question)) - set(analyze(fact.text))
    return added <= set(analyze(in_context(fact.sentence, evidence.passages)))


# Words that turn a statement into its opposite: a reply must keep or leave them as its source does.
_NEGATION = re.compile(r"\b(?:not|no|never|cannot|nor|neither|none|nothing|nobody)\b|n[’']t\b", re.I)


def _negates_as_its_sources(reply: str, evidence: Evidence) -> bool:
    """Whether each sentence of the reply negates as a source sentence it draws on does: one sharing at least half as
    many of its words as the closest source sentence. "KFOR will not allow Serbia to take this step" is no reading of
    "KFOR would have to allow Serbia to take this step", however many words they share; "keeps templates in memory,
    so edited ones are not reloaded" reads two sentences, one of them negated."""
    sources = [s.passage.text[unit.start:unit.end] for s in evidence.sources for unit in passage_sentences(s.passage)]
    source_terms = [(set(analyze(sentence)), bool(_NEGATION.search(sentence))) for sentence in sources]
    for sentence in _SENTENCE.findall(without_citations(reply).strip()):
        terms = set(analyze(sentence))
        shared = [(len(terms & own), negated) for own, negated in source_terms]
        closest = max((n for n, _ in shared), default=0)
        if not closest:
            continue
        negated = bool(_NEGATION.search(sentence))
        if all(source_negated != negated for n, source_negated in shared if 2 * n >= closest):
            return False
    return True


def _grounded(reply: str, evidence: Evidence) -> bool:
    """Nearly all the reply's new terms are in the sources (one in five may be the model's own word for what
    they say), and at least half of them in the evidence sentences."""
    new = subject_terms(without_citations(reply)) - set(analyze(evidence.question))
    sources = {t for s in evidence.sources for t in analyze(s.passage.text)}
    best = set(analyze(" ".join(s.text for s in evidence.sentences)))
    return bool(new) and len(new - sources) * 5 <= len(new) and len(new & best) * 2 >= len(new)
