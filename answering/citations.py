"""Citations like [1] or [1, 3] in streamed answer text: checked, repaired, or added per sentence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docent.answering.support import MIN_SUPPORT, best_supported, numbers_supported, support
from docent.answering.types import Citation
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import shown_text

CITATION = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")
_TOKEN = re.compile(
    r"(?P<cite>\[\s*\d+(?:\s*,\s*\d+)*\s*\])"
    r"|(?P<open>\[[\d,\s]*$)"
    r"|(?P<broken>\[\s*\d[\d,\s]*(?=[^\d,\s\]]))"
    r"|(?P<end>[.!?…]+[\"'”’»)]*)(?=\s|$|\[)"
    r"|(?P<space>\s+)"
    r"|(?P<text>[^\[\s.!?…]+|.)",
    re.DOTALL,
)
_PLAIN_BRACKETS = str.maketrans("[]", "()")
_ABSTENTION = re.compile(r"documents? (?:don'?t|do not|does not|doesn'?t) say", re.IGNORECASE)


def cited_numbers(text: str) -> list[int]:
    """Every number cited in text, in order of first appearance."""
    seen: list[int] = []
    for match in CITATION.finditer(text):
        for number in match.group(1).split(","):
            if int(number) not in seen:
                seen.append(int(number))
    return seen


@dataclass(frozen=True)
class Check:
    support: float
    verified: bool


def resolve_citations(text: str, passages: list[ScoredPassage], checks: dict[int, Check] | None = None) -> list[Citation]:
    """The citations in text mapped to the passages they name, with their checks; unknown numbers are skipped."""
    checks = checks or {}
    citations = []
    for n in cited_numbers(text):
        if 1 <= n <= len(passages):
            check = checks.get(n, Check(1.0, True))
            citations.append(Citation(n, passages[n - 1].passage, round(check.support, 3), check.verified))
    return citations


def without_citations(text: str) -> str:
    return CITATION.sub("", text)


def is_abstention(text: str) -> bool:
    return bool(_ABSTENTION.search(text))


@dataclass
class _Sentence:
    text: str = ""
    inline: bool = False  # a citation was written inside the sentence (already checked and emitted)
    after: list[int] = field(default_factory=list)  # checked citations written after its punctuation

    @property
    def has_words(self) -> bool:
        return bool(self.text.strip())


class CitingStream:
    """Streams answer text, keeping a citation only where its passage supports the sentence.

    A written citation that its passage does not support is replaced by the best-supporting shown
    passage, or dropped; a sentence without a citation gets the best-supporting passage when one
    supports it well enough. Only what could still change is held back: an unclosed '[', trailing
    white space, and sentence-final punctuation until what follows shows where the sentence ends.
    """

    def __init__(self, passages: list[ScoredPassage], min_support: float = MIN_SUPPORT, question: str = "") -> None:
        self.min_support = min_support
        self._given = frozenset(analyze(question))  # what a sentence repeats of the question needs no support
        self.checks: dict[int, Check] = {}  # how well each emitted citation supports its sentence
        self._texts = [shown_text(s.passage) for s in passages]  # what the reader sees: the text under its heading
        self._terms = [frozenset(analyze(text)) for text in self._texts]
        self._buffer = ""
        self._space = ""  # white space held until we know what follows it
        self._end: str | None = None  # punctuation that ended the sentence, not yet emitted
        self._sentence = _Sentence()

    def feed(self, chunk: str) -> str:
        self._buffer += chunk
        return self._drain(final=False)

    def finish(self) -> str:
        out = self._drain(final=True)
        if self._end is not None or self._sentence.has_words:
            out += self._close_sentence()
        return out.rstrip()

    def _drain(self, final: bool) -> str:
        out, position = [], 0
        while position < len(self._buffer):
            match = _TOKEN.match(self._buffer, position)
            assert match is not None and match.lastgroup  # every alternative is a group; the last matches any character
            if not final and match.end() == len(self._buffer) and match.lastgroup in ("open", "end", "space"):
                break  # may still grow: wait for more text
            out.append(self._take(match.lastgroup, match.group()))
            position = match.end()
        self._buffer = self._buffer[position:]
        return "".join(out)

    def _take(self, kind: str, token: str) -> str:
        sentence = self._sentence
        if kind == "cite":
            return self._take_citation(token)
        if kind in ("open", "broken"):
            return ""  # a citation left unfinished, at the end of the reply or before other text
        if kind == "space":
            if "\n" in token and sentence.has_words and self._end is None:
                self._end = ""
            self._space += token
            return ""
        if kind == "end" and self._end is None and sentence.has_words:
            self._end, self._space = token, ""
            return ""
        if kind == "end" and self._end and sentence.after:
            return ""  # "claim. [2]." : the second full stop is the first one again
        out = self._close_sentence() if self._end is not None else ""
        token = token.translate(_PLAIN_BRACKETS)  # only checked citations are written in square brackets
        out += self._space + token
        self._sentence.text += self._space + token
        self._space = ""
        return out

    def _take_citation(self, token: str) -> str:
        sentence = self._sentence
        citation = CITATION.fullmatch(token)
        assert citation is not None  # _take passes only tokens of the cite group
        numbers = [int(n) for n in citation.group(1).split(",")]
        kept = self._checked(sentence.text, numbers)
        self._space = ""
        if self._end is not None:
            sentence.after = sorted(set(sentence.after + kept)) or sentence.after
            sentence.inline = sentence.inline or not kept
            return ""  # written after the punctuation: emitted before it when the sentence closes
        sentence.inline = True
        return _mark(kept)

    def _checked(self, sentence: str, numbers: list[int]) -> list[int]:
        """The written numbers whose passage supports sentence; else the best-supporting one; else none."""
        valid = [n for n in numbers if 1 <= n <= len(self._terms)]
        scores = {n: support(sentence, self._terms[n - 1], self._given) for n in dict.fromkeys(valid)}
        kept = [n for n, score in scores.items() if score >= self.min_support]
        if not kept:
            best, score = best_supported(sentence, self._terms, self._given)
            kept, scores = ([best], {best: score}) if score >= self.min_support else ([], {})
        for n in kept:
            self._record(n, scores[n], numbers_supported(sentence, self._texts[n - 1]))
        return kept

    def _record(self, n: int, score: float, numbers_ok: bool) -> None:
        """Keep the weakest check of a passage cited more than once."""
        check = Check(score, score >= self.min_support and numbers_ok)
        earlier = self.checks.get(n)
        if earlier is None or (check.verified, check.support) < (earlier.verified, earlier.support):
            self.checks[n] = check

    def _close_sentence(self) -> str:
        sentence, end, space = self._sentence, self._end or "", self._space
        if sentence.after:
            mark = _mark(sentence.after)
        elif sentence.inline or is_abstention(sentence.text):
            mark = ""
        else:
            mark = _mark(self._checked(sentence.text, []))
        self._sentence, self._end, self._space = _Sentence(), None, ""
        return mark + end + space


def _mark(numbers: list[int]) -> str:
    return f" [{', '.join(map(str, numbers))}]" if numbers else ""
