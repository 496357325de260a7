"""Pick the sentences of retrieved passages that best match a query, as short evidence spans.

The sentences are the units of segmentation.py: whole sentences of paragraphs and list items (a
hard-wrapped line is never one), whole code blocks and tables, each with its kind and its passage's section.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from docent.retrieval.analyzer import analyze, analyze_heading
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage, own_heading
from docent.retrieval.documents import is_as_written
from docent.retrieval.segmentation import (
    TEXT,
    Segment,
    is_field_line,
    is_title_line,
    opens_item,
    segments,
    states_default,
)

K1, B = 1.2, 0.75


@dataclass(frozen=True)
class ScoredSentence(ScoredPassage):
    """A unit of a passage scored alone: the passage narrowed to it (same passage_id, document and section).

    kind is TEXT for a sentence, CODE for a code block and TABLE for a table (quote those as code); lead is the
    title line it stands under in its passage (a definition's term, "pg_stat_statements.max (integer)"), if any."""

    kind: str = TEXT
    lead: str = ""


def passage_sentences(passage: Passage) -> list[Segment]:
    """The units of a passage (offsets into passage.text), read as its document was written."""
    return segments(passage.text, 0, len(passage.text), is_as_written(passage.doc_id))
_CLOSING = tuple(".!?:;\"'”’)»")
# The share of a query word's weight that a sentence gets when only the title line above it holds the word.
LEAD_WEIGHT = 0.5
# The first sentence of a passage that matches the question only in the passage's heading ("-n, --dry-run" above
# "Don't actually remove anything, just show what would be done."): it comes after every sentence that matches itself.
# A passage that continues a long section opens with a sentence that describes the heading less squarely.
DESCRIBED_WEIGHT = 0.01
# The share of the sentence before it that a sentence opening with a word pointing back gets ("It defaults to
# 5 milliseconds." after "Set the interpreter's thread switch interval."): it speaks of what that one named.
ANTECEDENT_WEIGHT = 0.5
_POINTS_BACK = re.compile(r"(?:It|Its|This|These|That|Those|They|Their|He|She|His|Her|Such)\b")


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
    is left out. A sentence that matches the query also scores a share of the query's words that only the
    title line above it holds: "The default value is 5000." under "pg_stat_statements.max (integer)".
    """
    query_terms = set(analyze(query))
    if not query_terms:
        return []
    idf = {term: idf(term) for term in query_terms}.__getitem__  # looked up once, not once a sentence
    candidates = _candidates(passages, query_terms)
    if not candidates:
        return []
    average = sum(len(c.terms) for c in candidates) / len(candidates) or 1.0
    ranked = sorted(((_score(c, query_terms, idf, average), order, c) for order, c in enumerate(candidates)),
                    key=lambda row: (-row[0], row[1]))
    return [_narrowed(c, score) for score, _, c in ranked[:count] if score > 0]


@dataclass(frozen=True)
class _Unit:
    passage: Passage
    segment: Segment
    terms: list[str]
    lead: str = ""
    lead_terms: tuple[str, ...] = ()
    antecedent_terms: tuple[str, ...] = ()  # the sentence before it, when it opens pointing back to that one
    heading: str = ""  # the passage's own heading, when this is its first sentence ("-n, --dry-run")


def _candidates(passages: list[ScoredPassage], query_terms: set[str]) -> list[_Unit]:
    """Every unit of the passages once, with the title line it stands under; bare headings left out."""
    found: list[_Unit] = []
    seen: set[tuple[str, int, int]] = set()
    for scored in passages:
        passage = scored.passage
        lead = ""
        heading = own_heading(passage)
        heading_terms = tuple(analyze_heading(heading))
        lead_terms: tuple[str, ...] = ()
        before: tuple[Segment, tuple[str, ...]] | None = None
        first_text = True
        units = passage_sentences(passage)
        questions = _question_starts(passage.text, units)
        unit_terms: list[list[str]] = []
        for i, unit in enumerate(units):
            text = passage.text[unit.start:unit.end]
            span = (passage.doc_id, passage.start + unit.start, passage.start + unit.end)
            is_field = unit.kind == TEXT and is_field_line(text)
            question = questions[i] if unit.kind == TEXT and not is_field else None
            asks = question is not None
            is_lead = unit.kind == TEXT and (is_title_line(text) or asks) and not is_field
            terms = analyze(text)
            unit_terms.append(terms)
            if span not in seen:
                seen.add(span)
                if not _is_bare_heading(text, terms, query_terms) and not asks:
                    if is_field or (unit.kind == TEXT and states_default(text)):  # elliptic (is_field_line is known)
                        subject = subject_unit(passage, units, i)
                        antecedent = tuple(unit_terms[subject]) if subject is not None else ()
                    else:
                        antecedent = _pointed_back_to(passage.text, unit, before)
                    described = first_text and not lead and unit.kind == TEXT and not is_lead and bool(heading_terms)
                    found.append(_Unit(passage, unit, terms, lead, heading_terms if described else lead_terms, antecedent,
                                       heading if described else ""))
            if unit.kind == TEXT and not is_lead and not is_field:
                first_text = False
            if is_lead:
                lead = passage.text[question:unit.end] if question is not None else text  # a question: all of it so far
                lead_terms = tuple(analyze(lead)) if question is not None else tuple(terms)
            before = (unit, tuple(terms)) if unit.kind == TEXT and not is_lead else None
    return found


# A sentence that asks: a word, then "?" (not a key "?", a format's "%?e?(%e)?" or a default of "?").
_QUESTION_END = re.compile(r"[A-Za-z0-9]\?[\s\"'”’*)]*$")
QUESTION_WORDS = 40  # a longer paragraph ending in a question is prose, not a question put to the text after it


def _question_starts(text: str, units: list[Segment]) -> list[int | None]:
    """For each unit, where the question it is or is part of begins; None when it is no part of one. A question is a
    sentence that asks ("Would a 100 sec iteration time be even better? Yes and no. ..."), or a short paragraph whose
    last sentence asks, as a FAQ's entry does ("5.14 Why was ...?", 'Q: "People are sending ... What can I do?"'):
    what follows answers it, and a question is no evidence itself. Worked out once a passage, last unit first."""
    asks = [_asks(text, unit) for unit in units]
    starts: list[int | None] = [None] * len(units)
    last = len(units) - 1  # the last unit of the paragraph (units not parted by a blank line) that unit i stands in
    for i in range(len(units) - 1, -1, -1):
        if i + 1 < len(units) and "\n\n" in text[units[i].end:units[i + 1].start]:
            last = i
        if asks[i]:
            start = _paragraph_start(text, units[i].start)
            starts[i] = start if _words(text, start, units[i].end) <= QUESTION_WORDS else units[i].start
        elif last > i and asks[last]:
            start = _paragraph_start(text, units[i].start)
            starts[i] = start if _words(text, start, units[last].end) <= QUESTION_WORDS else None
    return starts


def _asks(text: str, unit: Segment) -> bool:
    """Whether the unit is a sentence that asks, not in quoted speech ("“What’s in it for us?” he asked")."""
    if unit.kind != TEXT or not text[unit.start:unit.end].rstrip(" \t\n\r\f\v\"'”’*)").endswith("?"):
        return False  # the regular expression below is the test; this is its quick refusal
    return bool(_QUESTION_END.search(text, unit.start, unit.end)) \
        and _words(text, unit.start, unit.end) <= QUESTION_WORDS and not _in_quotation(text, unit.start)


def _in_quotation(text: str, at: int) -> bool:
    """Whether a quotation opened earlier in its paragraph is still open at offset at."""
    opened = text[_paragraph_start(text, at):at]
    return text[at:at + 1] in "“\"‘" or opened.count("“") > opened.count("”") or opened.count('"') % 2 == 1


def _words(text: str, start: int, end: int) -> int:
    return len(text[start:end].split())


def _pointed_back_to(text: str, unit: Segment, before: tuple[Segment, tuple[str, ...]] | None) -> tuple[str, ...]:
    """The terms of the sentence before unit in its paragraph, when unit opens with a word pointing back to it."""
    if before is None or unit.kind != TEXT or not _POINTS_BACK.match(text, unit.start):
        return ()
    previous, terms = before
    return terms if "\n\n" not in text[previous.end:unit.start] else ()


def subject_unit(passage: Passage, units: list[Segment], i: int) -> int | None:
    """The unit that elliptic unit i of the passage speaks of: the first sentence of its paragraph or list item,
    unless a sentence between them names something the first does not ("The max_wal_senders
    setting limits ..." before "The default is 10."), then the sentence right before it. None when unit i opens its
    paragraph or list item."""
    text = passage.text
    start = _paragraph_start(text, units[i].start)
    inside = [j for j in range(i) if units[j].start >= start and units[j].kind == TEXT]
    if not inside:
        return None
    first = inside[0]
    named = set(_NAME_LIKE.findall(text[units[first].start:units[first].end]))
    if any(name not in named for name in _NAME_LIKE.findall(text[units[first].end:units[i].start])):
        return inside[-1]
    return first


def _paragraph_start(text: str, offset: int) -> int:
    """Where the paragraph or list item that offset stands in begins: after the last blank line before it, or at the
    last line before it that opens a list item (segmentation.opens_item)."""
    blank = text.rfind("\n\n", 0, offset)
    line = start = blank + 2 if blank >= 0 else 0
    while True:
        if opens_item(text, line):
            start = line
        following = text.find("\n", line, offset)
        if following < 0:
            return start
        line = following + 1


# A name as reference text writes one: vm.swappiness, max_wal_senders, maxBuffer, listen().
_NAME_LIKE = re.compile(r"\b(?=[\w.]*[A-Za-z])\w{2,}(?:[_.]\w+)+\b|\b[a-z]+[A-Z]\w*\b|\b\w+\(\)")


def _score(unit: _Unit, query: set[str], idf: Callable[[str], float], average_length: float) -> float:
    own = _sentence_score(unit.terms, query, idf, average_length)
    if unit.antecedent_terms:
        own += ANTECEDENT_WEIGHT * _sentence_score(list(unit.antecedent_terms), query, idf, average_length)
    if not unit.lead_terms or not (own or unit.heading):
        return own
    only_in_lead = [t for t in unit.lead_terms if t not in unit.terms]
    from_lead = LEAD_WEIGHT * _sentence_score(only_in_lead, query, idf, average_length)
    return own + from_lead if own else DESCRIBED_WEIGHT * from_lead


def _narrowed(unit: _Unit, score: float) -> ScoredSentence:
    passage, segment = unit.passage, unit.segment
    start, end = passage.start + segment.start, passage.start + segment.end
    text = passage.text[segment.start:segment.end]
    return ScoredSentence(replace(passage, start=start, end=end, text=text), score, segment.kind, unit.lead or unit.heading)


def _is_bare_heading(text: str, terms: list[str], query_terms: set[str]) -> bool:
    """A line with no closing punctuation whose words, its section number aside ("2.7"), are all the query's."""
    return not text.rstrip().endswith(_CLOSING) and {t for t in terms if not t.isdigit()} <= query_terms
