"""Grounding: keep the model's reply only when it states the fact asked for, as the evidence states it.

A small model often writes fluent sentences that restate the question or name the wrong person, and
a passage-level support score cannot tell. The check here is narrower. The question's first words say
what kind of fact it wants (a number for "how many", a person for "who", a name for "which"); the
evidence is the few sentences of the shown passages that best match the question. A reply is
grounded when it carries a fact of that kind found in the evidence (or, for other questions, when
its new words are found there). When no evidence sentence holds a fact of the kind asked for, the
documents don't say. Otherwise a reply that fails is replaced by the evidence itself, quoted and cited.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from docent.answering.citations import is_abstention, without_citations
from docent.answering.prompt import SOURCE_MARKER, neutralise
from docent.answering.support import numbers_in
from docent.answering.types import Citation
from docent.retrieval.analyzer import analyze, fold
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.evidence import best_sentences

EVIDENCE_POOL = 3  # sentences considered as evidence
QUOTED = "The documents say: "
# A name in more passages than this idf says (about a third of them) is the corpus's subject, not an answer.
COMMON_NAME_IDF = 0.25
NEAR_CHARS = 50  # how far before a name the question's words count towards it

NUMBER, DATE, PERSON, NAME = "number", "date", "person", "name"

# Words that name the kind of answer wanted, not what the documents must talk about.
ANSWER_TYPE_WORDS = frozenset(analyze(
    "many much name names date year day month percentage percent number level kind type time long old"
))
_KINDS = (
    (NUMBER, re.compile(r"\bhow (?:many|much|long|old|far|tall|big|high|large|quickly|soon|often)\b|\bwhat percentage\b", re.IGNORECASE)),
    (DATE, re.compile(r"\b(?:which|what)(?: \w+)? (?:year|date|day|month|time)\b|^\W*when\b", re.IGNORECASE)),
    (PERSON, re.compile(r"^\W*(?:who|whom|whose)\b|\bwhat is the name of\b", re.IGNORECASE)),
    (NAME, re.compile(r"^\W*(?:\w+ )?which\b", re.IGNORECASE)),
)
_NUMBER_WORDS = frozenset(
    """one two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty fifty
    hundred hundreds thousand thousands million millions billion dozen dozens""".split()
)
_DATE_WORDS = frozenset(
    """first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth twentieth
    january february march april may june july august september october november december""".split()
)
_DAY_OR_YEAR = re.compile(r"(?<![\d.,])\d{1,4}(?![\d]|[.,]\d)")  # 9, 28th, 2008; not 1,500 or 3.5
_CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][\w’'.-]*\w|\S+")  # capitalised words; anything else breaks a name


@dataclass(frozen=True)
class Evidence:
    n: int  # the number of the shown passage the sentence is from
    sentence: ScoredPassage  # the passage narrowed to one sentence


def expected_kind(question: str) -> str | None:
    """NUMBER, PERSON or NAME when the question's wording asks for one, else None."""
    return next((kind for kind, pattern in _KINDS if pattern.search(question)), None)


class FactFinder:
    """Finds facts of one kind in text: numbers, people's names, or names, leaving out those of the question."""

    def __init__(self, kind: str | None, question: str, idf: Callable[[str], float], rare_idf: float) -> None:
        self.kind = kind
        self._idf, self._common = idf, COMMON_NAME_IDF * rare_idf
        self._asked = {fold(word) for word in re.findall(r"\w+", question)}
        self._question_terms = set(analyze(question)) - ANSWER_TYPE_WORDS

    def facts(self, text: str) -> set[str]:
        text = SOURCE_MARKER.sub(" ", text)  # "[7]" in a document marks a source, it is no fact
        if self.kind in (NUMBER, DATE):
            vocabulary = _NUMBER_WORDS if self.kind == NUMBER else _DATE_WORDS
            words = {w for w in re.findall(r"\w+", fold(text)) if w in vocabulary}
            numbers = numbers_in(text) if self.kind == NUMBER else set(_DAY_OR_YEAR.findall(text))
            return (numbers | words) - self._asked
        names = self._names(text)
        return {" ".join(name) for name in names if self.kind == NAME or len(name) > 1}

    def likeliest(self, text: str) -> set[str]:
        """The facts of text nearest the question's words: of two names in one sentence, the one it is about.

        Numbers and dates are all kept; a name scores the question terms in the few words before it.
        """
        found = self.facts(text)
        if self.kind not in (PERSON, NAME) or len(found) < 2:
            return found
        folded = fold(text)
        scores = {fact: self._nearby(folded, fact) for fact in found}
        best = max(scores.values())
        return {fact for fact, score in scores.items() if score == best}

    def _nearby(self, folded: str, fact: str) -> int:
        at = folded.find(fact)
        if at < 0:
            return 0
        window = folded[max(0, at - NEAR_CHARS): at]  # "the head of the mission, Name": what a name is, comes first
        return len(self._question_terms & set(analyze(window)))

    def _names(self, text: str) -> list[list[str]]:
        """Runs of new capitalised words: words of the question, stopwords and common names break a run."""
        runs, run = [], []
        for word in _CAPITALISED.findall(text):
            folded = fold(word.strip(".’'"))
            if word[0].isupper() and word[0].isalpha() and self._is_new(folded):
                run.append(folded)
            else:
                runs, run = runs + [run] if run else runs, []
        return runs + [run] if run else runs

    def _is_new(self, word: str) -> bool:
        """Neither in the question, nor a stopword, nor a name found in much of the corpus."""
        terms = analyze(word)
        return bool(terms) and word not in self._asked and all(self._idf(t) >= self._common for t in terms)


def find_evidence(query: str, shown: list[ScoredPassage], idf: Callable[[str], float], finder: FactFinder) -> list[Evidence]:
    """The few sentences of the shown passages that best match the query, best first.

    When the question asks for a kind of fact, sentences holding one come before those that do not.
    """
    pool = best_sentences(query, shown, idf, EVIDENCE_POOL)
    if finder.kind:
        pool.sort(key=lambda s: not finder.facts(s.passage.text))  # stable: score order otherwise
    return [Evidence(_number_of(s, shown), s) for s in pool]


def _number_of(sentence: ScoredPassage, shown: list[ScoredPassage]) -> int:
    """The number of the first shown passage that holds the sentence."""
    s = sentence.passage
    return next(
        n for n, p in enumerate((x.passage for x in shown), start=1)
        if p.doc_id == s.doc_id and p.start <= s.start and s.end <= p.end
    )


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


def is_grounded(
    reply: str,
    question: str,
    citations: list[Citation],
    unsupported: list[str],
    evidence: list[Evidence],
    finder: FactFinder,
    passage_terms: set[str],
) -> bool:
    """Whether the reply cites a verified passage, holds no number or name the passages lack, and states
    a fact of the evidence.

    A reply to a question that asks for a kind of fact must carry one found in the best evidence
    sentence. A reply to any other question must take nearly all its new terms from the shown passages
    (passage_terms: one in five may be the model's own word for what they say, as names and numbers
    are checked apart, in unsupported), and at least half of them from the evidence sentences: such
    replies often join what two sentences say ("the court ordered his release; he is under house arrest").
    """
    if not any(c.verified for c in citations) or unsupported or is_abstention(reply):
        return False
    text = without_citations(reply)
    if finder.kind:
        return bool(evidence) and bool(finder.facts(text) & finder.likeliest(evidence[0].sentence.passage.text))
    shown = " ".join(e.sentence.passage.text for e in evidence)
    new = set(analyze(text)) - set(analyze(question)) - ANSWER_TYPE_WORDS
    own_words = len(new - passage_terms)
    return bool(new) and own_words * 5 <= len(new) and len(new & set(analyze(shown))) * 2 >= len(new)


def quoted_answer(evidence: list[Evidence]) -> str:
    """The evidence sentences quoted, each with its citation.

    A sentence is quoted as written, except that what would pass for a citation or a chat template's
    marker in it is defused as in the prompt: "[7]" becomes "(7)".
    """
    quotes = " ".join(f"{_in_quotes(neutralise(' '.join(e.sentence.passage.text.split())))} [{e.n}]" for e in evidence)
    return QUOTED + quotes


def _in_quotes(sentence: str) -> str:
    """The sentence in double quotation marks, or in single ones when it holds double ones itself."""
    if any(mark in sentence for mark in "“”\""):
        return f"‘{sentence}’"
    return f"“{sentence}”"
