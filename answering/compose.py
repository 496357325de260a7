"""Compose stage: the answer the reader sees, from the verified reply and the evidence.

A question asking for a fact gets the fact first, in at most 20 words and cited, then the sentence of
the source that states it, in quotation marks and cited:

    vm.swappiness [1]

    “The default value of vm.swappiness is 60.” [1]

A question asking why, or what something is, gets the model's verified reply, or else the source's
own sentence, quoted and cited; for "why", after the reason that sentence gives, stated on its own
(reasons.py). When the evidence holds nothing of the kind asked for, or covers too little of the
question, the documents don't say.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from docent.answering.candidates import Candidate
from docent.answering.citations import CITATION, resolve_citations, without_citations
from docent.answering.evidence import CODE, PROSE, TABLE, Evidence, Sentence, named_before, opening_of, row_span
from docent.answering.facts import PROCEDURE, REASON
from docent.answering.prompt import neutralise
from docent.answering.reasons import stated_reason
from docent.answering.types import Citation
from docent.answering.verify import Verdict, holds
from docent.retrieval.chunking import code_within

NOT_IN_CORPUS = "The documents don't say: no passage in the corpus matches this question."
NOT_COVERED = "The documents don't say: the passages found do not answer this question."
QUOTE_MARKS = "“”‘’"


def not_mentioned(name: str) -> str:
    """The answer to a question about a name the documents never use."""
    return f"The documents don't say: they never mention {name}."


@dataclass(frozen=True)
class Composed:
    text: str
    citations: list[Citation]
    abstained: bool
    own_reply: bool  # the model's reply is shown (in part) as it wrote it


def compose(evidence: Evidence, verdict: Verdict, fact: Candidate | None, covered: bool, reply_citations: list[Citation]) -> Composed:
    """The answer: fact then quote, the verified reply, the best sentence quoted, or "the documents don't say"."""
    if not covered:
        return abstain()
    if fact:
        return direct_answer(evidence, fact, verdict.reply)
    if not evidence.kind.sentence_answers:
        return abstain()  # no fact of the kind asked for stands in the evidence
    if verdict.reply:
        return Composed(verdict.reply, reply_citations, False, True)
    sentence = best_quote(evidence)
    if sentence is None:
        return abstain()
    reason = stated_reason(sentence.text) if evidence.kind.kind == REASON and sentence.kind == PROSE else None
    sentence = _with_opening(evidence, sentence)
    text = f"{neutralise(reason)} [{sentence.n}].\n\n{quote(sentence)}" if reason else quote(sentence)
    return Composed(text, _cite(evidence, sentence.n), False, False)


def best_quote(evidence: Evidence) -> Sentence | None:
    """The best sentence that says something on its own; for "why" or "what is", prose before code and tables."""
    quotable = [s for s in evidence.sentences if s.quotable]
    if evidence.kind.kind != PROCEDURE:
        quotable.sort(key=lambda s: s.kind != PROSE)  # stable: best first within each
    return quotable[0] if quotable else None


def abstain() -> Composed:
    return Composed(NOT_COVERED, [], True, False)


def direct_answer(evidence: Evidence, fact: Candidate, reply: str) -> Composed:
    """The fact stated (the model's sentence when it says it in few words, else the fact alone), then the quote."""
    n = fact.sentence.n
    reply = reply if holds(reply, fact.text) else ""  # a reply about something else is not cited to the fact's source
    stated = " ".join((without_citations(reply) if reply else fact.text).split())  # a fact may wrap across lines
    stated = stated.rstrip(".").rstrip() if reply else stated
    sentence = len(stated.split()) > len(fact.text.split())  # a sentence ends with its full stop, a bare fact does not
    text = f"{neutralise(stated)} [{n}]" + ("." if sentence else "")
    if not _same_words(stated, fact.sentence.text):
        text += f"\n\n{quote(_row(fact.sentence, fact.text) if fact.sentence.kind == TABLE else _with_opening(evidence, fact.sentence))}"
    return Composed(text, _cite(evidence, n), False, bool(reply))


def _with_opening(evidence: Evidence, sentence: Sentence) -> Sentence:
    """The sentence, after the one it speaks of when it does not say what (opening_of, with "…" where sentences stand
    between): “This option specifies the number of rows postgres_fdw should get in each fetch operation. … The
    default is 100.”; after the one it names when it only names it (named_before): “… to forged sender addresses.
    This is called backscatter mail.”"""
    opening = opening_of(sentence, evidence.passages) or named_before(sentence, evidence.passages)
    return replace(sentence, text=f"{opening} {sentence.text}") if opening else sentence


def _row(table: Sentence, fact: str) -> Sentence:
    """The row of the table that states the fact: what supports it, without the rest of the table."""
    found = row_span(table.text, fact)
    if found is None:
        return table
    start, end = found
    code = tuple(x - start for x in code_within(table.code, start, end))  # the row's code spans, offsets into the row
    return replace(table, text=table.text[start:end], start=table.start + start, end=table.start + end, code=code)


def quote(sentence: Sentence) -> str:
    """The sentence as written, cited: in quotation marks, or as code; "[7]" in it becomes "(7)"."""
    body = neutralise(sentence.text.strip())
    if sentence.kind == CODE:
        return f"```\n{body}\n```\n[{sentence.n}]" if "\n" in body else f"`{body}` [{sentence.n}]"
    flat = " ".join(body.split())
    return f"‘{flat}’ [{sentence.n}]" if any(mark in flat for mark in "“”\"") else f"“{flat}” [{sentence.n}]"


def _same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


def _cite(evidence: Evidence, n: int) -> list[Citation]:
    return resolve_citations(f"[{n}]", evidence.sources)


def direct_part(text: str) -> str:
    """The answer without its quotations: what it states in its own words (and its citations)."""
    out, depth = [], 0
    closing = {"“": "”", "‘": "’"}
    expected: list[str] = []
    for char in text:
        if char in closing:
            expected.append(closing[char])
            depth += 1
        elif expected and char == expected[-1]:
            expected.pop()
            depth -= 1
        elif depth == 0:
            out.append(char)
    return CITATION.sub("", "".join(out).split("```")[0])
