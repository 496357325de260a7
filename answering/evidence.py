"""Evidence stage: the retrieved passages -> the numbered sources and their best sentences, once per question.

Everything after this stage (the prompt, the checks, the composed answer) reads the same evidence:
the sources the model is shown, numbered from 1, and the few sentences of them that best match the
question, each with its document offsets, section and kind (prose, code, table, heading).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from docent.answering.facts import QuestionKind, question_kind
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.evidence import best_sentences
from docent.retrieval.segmentation import sentence_spans

PROSE, CODE, TABLE, HEADING = "prose", "code", "table", "heading"
EVIDENCE_POOL = 3  # sentences of the sources the checks and the answer draw on
CANDIDATE_LINES = 4  # units ranked for each sentence shown: several may be lines of one sentence
MAX_JOINED = 4  # wrapped lines joined on each side of a unit, at most
_SENTENCE_END = tuple(".!?:;")
_INTRODUCES = re.compile(r"(?::|\bthe following\b.*[.:]?|\bas follows\b.*[.:]?)\s*$", re.IGNORECASE)
_LIST_ITEM = re.compile(r"\s*(?:[-*+•]|\d+[.)]|[a-z][.)])\s")

# Words that name the kind of answer wanted, not what the documents must talk about.
ANSWER_TYPE_WORDS = frozenset(analyze(
    "many much name names date year day month percentage percent number level kind type time long old"
))
_CLOSING = tuple(".!?;:\"'”’»")  # a line ending otherwise ("Swappiness", "git-stash(1)") is a heading
# A line of code: a shell or Python prompt, a statement's end, an assignment (indentation alone is not code:
# reStructuredText indents the prose of its directives).
_CODE_LINE = re.compile(r"^\s*(?:\$ |# |>>> ?|\.\.\. )|[{};]\s*$|^\s*[\w.\[\]-]+\s*=\s*\S+$", re.MULTILINE)


@dataclass(frozen=True)
class Sentence:
    """One sentence (or code line, table row, heading) of a source: what quotes and checks are made of."""

    text: str
    n: int  # the number of the source it stands in
    doc_id: str
    passage_id: str
    start: int  # character offsets into the document: text == document[start:end]
    end: int
    score: float = 0.0  # how well it matches the question (BM25 over sentences)
    section: str = ""  # the headings above it, "a > b", when the document has any
    kind: str = PROSE  # PROSE, CODE, TABLE or HEADING

    @property
    def quotable(self) -> bool:
        """Whether it says something on its own: not a heading, not a list's introduction ("It provides:")."""
        return self.kind in (PROSE, CODE, TABLE) and not (self.kind == PROSE and self.text.rstrip().endswith(":"))


@dataclass(frozen=True)
class Evidence:
    question: str
    query: str  # what retrieval searched for (a follow-up adds the previous question)
    kind: QuestionKind
    passages: list[ScoredPassage]  # retrieved, best first
    sources: list[ScoredPassage]  # shown to the model and cited, numbered from 1
    sentences: list[Sentence]  # the best sentences of the sources, best first

    def within(self, count: int) -> Evidence:
        """The evidence when only the first count sources fit in the prompt."""
        if count >= len(self.sources):
            return self
        return replace(self, sources=self.sources[:count], sentences=[s for s in self.sentences if s.n <= count])


def gather(
    question: str, query: str, passages: list[ScoredPassage], idf: Callable[[str], float], shown_sentences: int
) -> Evidence:
    """The sources (the best shown_sentences sentences, or the whole passages when 0) and their best sentences."""
    ranked = best_sentences(query, passages, idf, max(shown_sentences, EVIDENCE_POOL) * CANDIDATE_LINES) if passages else []
    if shown_sentences:
        sources = _whole_sentences(ranked, passages, shown_sentences) or passages
        pool = sources if sources is not passages else _whole_sentences(ranked, passages, EVIDENCE_POOL)
    else:
        sources, pool = passages, _whole_sentences(ranked, passages, EVIDENCE_POOL)
    sentences = [_sentence(s, _number_of(s, sources)) for s in pool]
    return Evidence(question, query, question_kind(question), passages, sources, sentences)


def _whole_sentences(ranked: Sequence[ScoredPassage], passages: list[ScoredPassage], count: int) -> list[ScoredPassage]:
    """The count best units, each grown to the whole sentence it is part of, each sentence once.

    A hard-wrapped paragraph's lines come out of the chunker as units of their own ("The latest stash
    you created is stored in `refs/stash`; older"); a unit that does not end a sentence is joined to the
    lines of its paragraph around it, so that the model, the checks and the quotes see the sentence.
    """
    chosen: list[ScoredPassage] = []
    for unit in ranked:
        passage = next(p.passage for p in passages if _holds(p.passage, unit.passage))
        start, end = _grown(passage.text, unit.passage.start - passage.start, unit.passage.end - passage.start)
        if any(_overlap(c.passage, passage.doc_id, passage.start + start, passage.start + end) for c in chosen):
            continue  # the same sentence, or part of it, from an overlapping passage
        narrowed = replace(passage, start=passage.start + start, end=passage.start + end, text=passage.text[start:end])
        chosen.append(ScoredPassage(narrowed, unit.score))
        if len(chosen) == count:
            break
    return chosen


def _grown(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the unit at text[start:end] joined with the wrapped lines of its sentence around it."""
    spans = sentence_spans(text)
    i = next((k for k, (a, _) in enumerate(spans) if a == start), None)
    if i is None:
        return start, end
    first = last = i
    while first > 0 and i - first < MAX_JOINED and _continues(text, spans[first - 1], spans[first]):
        first -= 1
    while last + 1 < len(spans) and last - i < MAX_JOINED and _continues(text, spans[last], spans[last + 1]):
        last += 1
    if last + 1 < len(spans) and _INTRODUCES.search(text[spans[first][0]:spans[last][1]]):
        last += 1  # "The following reconfigures the timezone:" says it in the line after it
    return spans[first][0], spans[last][1]


def _continues(text: str, before: tuple[int, int], after: tuple[int, int]) -> bool:
    """Whether the unit after is the next line of the same sentence: one line break between, no sentence end."""
    gap, head = text[before[1]:after[0]], text[before[0]:before[1]].rstrip()
    return gap.count("\n") == 1 and not head.endswith(_SENTENCE_END) and not _LIST_ITEM.match(text, after[0])


def _overlap(passage, doc_id: str, start: int, end: int) -> bool:
    return passage.doc_id == doc_id and passage.start < end and start < passage.end


def _holds(passage, part) -> bool:
    return passage.doc_id == part.doc_id and passage.start <= part.start and part.end <= passage.end


def _sentence(scored: ScoredPassage, n: int) -> Sentence:
    p = scored.passage
    section = getattr(p, "section", "") or ""  # passages carry their section path once documents have one
    return Sentence(p.text, n, p.doc_id, p.passage_id, p.start, p.end, scored.score, section, sentence_kind(p.text))


def sentence_kind(text: str) -> str:
    """PROSE, CODE, TABLE or HEADING, from the text's shape."""
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.count("|") >= 2 or re.search(r"\S {3,}\S.* {3,}\S", line) for line in lines):
        return TABLE
    if lines and sum(bool(_CODE_LINE.search(line)) for line in lines) * 2 > len(lines):
        return CODE
    words = text.split()
    if not text.rstrip().endswith(_CLOSING) and len(words) <= 8 and len(lines) == 1:
        return HEADING
    return PROSE


def _number_of(sentence: ScoredPassage, sources: list[ScoredPassage]) -> int:
    """The number of the first source that holds the sentence."""
    s = sentence.passage
    return next(n for n, p in enumerate((x.passage for x in sources), start=1) if _holds(p, s))


def unknown_share(question: str, idf: Callable[[str], float]) -> float:
    """The share of the question's subject terms that the corpus never uses (1 when it has none)."""
    terms = set(analyze(question)) - ANSWER_TYPE_WORDS
    return sum(not idf(t) for t in terms) / len(terms) if terms else 1.0


def coverage(question: str, text: str, idf: Callable[[str], float], unknown_idf: float) -> float:
    """The idf-weighted share of the question's subject terms found in text, from 0 to 1.

    Terms the corpus never uses weigh as much as the rarest ones: a question about something the
    documents never mention is not covered by a sentence that shares its other words.
    """
    weights = {t: idf(t) or unknown_idf for t in set(analyze(question)) - ANSWER_TYPE_WORDS}
    total = sum(weights.values())
    if not total:
        return 0.0
    found = set(analyze(text))
    return sum(w for t, w in weights.items() if t in found) / total
