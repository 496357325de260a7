"""Evidence stage: the retrieved passages -> the numbered sources and their best sentences, once per question.

Everything after this stage (the prompt, the checks, the composed answer) reads the same evidence:
the sources the model is shown, numbered from 1, and the few sentences of them that best match the
question, each with its document offsets, section and kind (prose, code, table, heading).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from docent.answering.facts import CODE as CODE_FACT
from docent.answering.facts import IDENTIFIER, OPTION, PATH, QuestionKind, Span, fact_spans, question_kind
from docent.retrieval.analyzer import analyze, fold, words_of
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage, code_within
from docent.retrieval.evidence import ScoredSentence, best_sentences, passage_sentences, subject_unit
from docent.retrieval.segmentation import CODE as SEGMENT_CODE
from docent.retrieval.segmentation import TABLE as SEGMENT_TABLE
from docent.retrieval.segmentation import TEXT, Segment, is_elliptic, is_field_line, without_item_mark
from docent.retrieval.structure import SECTION_SEPARATOR

PROSE, CODE, TABLE, HEADING = "prose", "code", "table", "heading"
EVIDENCE_POOL = 3  # sentences of the sources the checks and the answer draw on
RANKED_PER_SHOWN = 2  # units ranked for each one kept: overlapping passages repeat some
_NAMED = re.compile(r"[._/]|^-|\s")  # what only a name has: a dot, underscore or slash, a leading dash, words
SECTION_NUMBER = re.compile(r"\s*(?:\d+\.)+\d*\s+(?=[A-Z])")  # a heading's number: "2. ", "6.3.8. "
_INTRODUCES = re.compile(r"(?::|\bthe following\b.*[.:]?|\bas follows\b.*[.:]?)\s*$", re.IGNORECASE)

# Words that name the kind of answer wanted, not what the documents must talk about (as written, not as terms:
# "timing" and "typing" are subjects, though they share a term with "time" and "type").
ANSWER_TYPE_WORDS = frozenset("""many much name names date dates year years day days month months percentage percentages
    percent number numbers level levels kind kinds type types time times long old""".split())

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
    lead: str = ""  # the title line it stands under in its passage (a definition's term), if any
    code: tuple[int, ...] = ()  # what its file marks as inline code: flat (start, end) pairs of offsets into text

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
    wanted = max(shown_sentences, EVIDENCE_POOL)
    ranked = best_sentences(query, passages, idf, wanted * RANKED_PER_SHOWN) if passages else []
    units = _chosen(ranked, passages, wanted)
    sources: list[ScoredPassage] = list(units[:shown_sentences]) if shown_sentences and units else passages
    pool = units[:wanted]
    sentences = [_sentence(s, _number_of(s, sources)) for s in pool if _number_of(s, sources)]
    return Evidence(question, query, question_kind(question), passages, sources, sentences)


def focused(evidence: Evidence, first: Sequence[Sentence], count: int) -> tuple[Evidence, dict[Sentence, Sentence]]:
    """The evidence shown as count sentence sources: the sentences given first (those of the best facts), then the best
    matching others, each renumbered as its new source; with the old -> new sentence of each one kept."""
    order = list(dict.fromkeys([*first, *evidence.sentences]))[:count]
    renumbered = {s: replace(s, n=n) for n, s in enumerate(order, start=1)}
    sources = [evidence.sources[s.n - 1] for s in order]
    return replace(evidence, sources=sources, sentences=list(renumbered.values())), renumbered


def _chosen(ranked: Sequence[ScoredSentence], passages: list[ScoredPassage], count: int) -> list[ScoredSentence]:
    """The count best units of segmentation.py, each once; a sentence that introduces what follows it
    ("The following reconfigures the timezone:") comes with the unit after it."""
    chosen: list[ScoredSentence] = []
    for unit in ranked:
        passage = next(p.passage for p in passages if holds_part(p.passage, unit.passage))
        unit = _with_what_it_introduces(unit, passage)
        if any(_overlap(c.passage, unit.passage) for c in chosen):
            continue  # the same sentence, or part of it, from an overlapping passage
        chosen.append(unit)
        if len(chosen) == count:
            break
    return chosen


def _with_what_it_introduces(unit: ScoredSentence, passage: Passage) -> ScoredSentence:
    if not _INTRODUCES.search(unit.passage.text):
        return unit
    offset = unit.passage.end - passage.start
    following = next((u for u in passage_sentences(passage) if u.start >= offset), None)
    if following is None:
        return unit
    end = passage.start + following.end
    text = passage.text[unit.passage.start - passage.start:following.end]
    kind = following.kind if following.kind != TEXT else unit.kind
    return ScoredSentence(replace(unit.passage, end=end, text=text), unit.score, kind, unit.lead)


def _overlap(a: Passage, b: Passage) -> bool:
    return a.doc_id == b.doc_id and a.start < b.end and b.start < a.end


def row_span(table: str, fact: str) -> tuple[int, int] | None:
    """Where the row of a table (one row a line) that states the fact starts and ends, its indent aside."""
    at = 0
    for line in table.split("\n"):
        if fact in line:
            start = at + len(line) - len(line.lstrip())
            return start, start + len(line.strip())
        at += len(line) + 1
    return None


def holds_part(passage: Passage, part: Passage | Sentence) -> bool:
    return passage.doc_id == part.doc_id and passage.start <= part.start and part.end <= passage.end


def passage_of(sentence: Sentence, passages: Sequence[ScoredPassage]) -> Passage | None:
    """The retrieved passage that holds the sentence, if one does."""
    return next((p.passage for p in passages if holds_part(p.passage, sentence)), None)


def _sentence(scored: ScoredSentence, n: int) -> Sentence:
    p = scored.passage
    code = tuple(offset - p.start for offset in code_within(p.code, p.start, p.end))
    return Sentence(p.text, n, p.doc_id, p.passage_id, p.start, p.end, scored.score, p.section, _kind(scored),
                    scored.lead, code)


def _kind(unit: ScoredSentence) -> str:
    """The unit's kind as the segmenter found it; a line of text that reads as a title is a heading."""
    if unit.kind == SEGMENT_CODE:
        return CODE
    if unit.kind == SEGMENT_TABLE:
        return TABLE
    return HEADING if sentence_kind(unit.passage.text) == HEADING else PROSE


def sentence_kind(text: str) -> str:
    """PROSE, CODE, TABLE or HEADING, from the text's shape."""
    lines = [line for line in text.splitlines() if line.strip()]
    if any(line.count("|") >= 2 or re.search(r"\S {3,}\S.* {3,}\S", line) for line in lines):
        return TABLE
    if lines and sum(bool(_CODE_LINE.search(line)) for line in lines) * 2 > len(lines):
        return CODE
    words = text.split()
    numbered = bool(SECTION_NUMBER.match(text))  # "6.3.8. How to shut down the remote system"
    if not text.rstrip().endswith(_CLOSING) and (len(words) <= 8 or numbered) and len(lines) == 1:
        return HEADING
    return PROSE


def _number_of(sentence: ScoredPassage, sources: Sequence[ScoredPassage]) -> int:
    """The number of the first source that holds the sentence (0 when none does)."""
    s = sentence.passage
    return next((n for n, p in enumerate((x.passage for x in sources), start=1) if holds_part(p, s)), 0)


def in_context(sentence: Sentence, passages: Sequence[ScoredPassage]) -> str:
    """The sentence after the unit just before it in its retrieved passage, and the title line it stands under:
    what its reader has just read."""
    located = _located(sentence, passages)
    if located is None:
        return _under_lead(sentence, sentence.text)
    passage, units, at = located
    start = min(units[max(0, at - 1)].start, sentence.start - passage.start)
    subject = _subject(sentence, passage, units, at)
    if subject is not None:  # "The default is 100." is read after the sentence that says what defaults to 100
        start = min(start, units[subject].start)
    text = _under_lead(sentence, passage.text[start: sentence.end - passage.start])
    if is_field_line(sentence.text) and subject is None and passage.section:  # "Author: ..." under "FindKDE3"
        text = f"{passage.section.rsplit(SECTION_SEPARATOR, 1)[-1]}\n{text}"  # is a property of what it names
    return text


def _located(sentence: Sentence, passages: Sequence[ScoredPassage]) -> tuple[Passage, list[Segment], int] | None:
    """The retrieved passage that holds the sentence, its units, and the number of the unit the sentence begins in."""
    passage = passage_of(sentence, passages)
    units = passage_sentences(passage) if passage else []
    if passage is None or not units:
        return None
    offset = sentence.start - passage.start
    return passage, units, next((i for i, u in enumerate(units) if u.end > offset), len(units))


def _subject(sentence: Sentence, passage: Passage, units: list[Segment], at: int) -> int | None:
    """subject_unit of the sentence, when it is elliptic and is unit at of its passage."""
    if at >= len(units) or units[at].start != sentence.start - passage.start or not is_elliptic(sentence.text):
        return None
    return subject_unit(passage, units, at)


def opening_of(sentence: Sentence, passages: Sequence[ScoredPassage]) -> str:
    """The sentence that an elliptic sentence ("The default is 100.") speaks of (subject_unit), and "…" after it
    when sentences stand between: what a quote of it must show. Empty when it is no such sentence, when it opens its
    paragraph or list item, or when what it speaks of is a field too ("Type: path" above "Default: no")."""
    located = _located(sentence, passages)
    subject = _subject(sentence, *located) if located else None
    if located is None or subject is None:
        return ""
    passage, units, at = located
    text = without_item_mark(passage.text[units[subject].start:units[subject].end])
    if is_elliptic(text):
        return ""
    return text if subject == at - 1 else f"{text} …"


# A sentence that names what the sentence before it describes: "This is called backscatter mail.", "These are known as
# hooks.", "This process is referred to as ..."
_NAMES_BACK = re.compile(r"(?:This|These|Such an?)(?: [a-z]+){0,3} (?:is|are)(?: also| often| sometimes| commonly| usually)? "
                         r"(?:called|known as|referred to as|termed)(?! (?:when|whenever|before|after|by|for|from|with|on|in"
                         r"|once|each|every|off|at|during|if|while|upon|to)\b)")


def named_before(sentence: Sentence, passages: Sequence[ScoredPassage]) -> str:
    """The sentence before one that names what it describes ("This is called backscatter mail."), in the same paragraph:
    what a quote of it must show. Empty for any other sentence."""
    if sentence.kind != PROSE or not _NAMES_BACK.match(sentence.text):
        return ""
    located = _located(sentence, passages)
    if located is None:
        return ""
    passage, units, at = located
    if not 0 < at < len(units) or units[at].start != sentence.start - passage.start:
        return ""
    before = units[at - 1]
    if before.kind != TEXT or "\n\n" in passage.text[before.end:units[at].start]:
        return ""
    return without_item_mark(passage.text[before.start:before.end])


def _under_lead(sentence: Sentence, text: str) -> str:
    return f"{sentence.lead}\n{text}" if sentence.lead and sentence.lead not in text else text


def under_lead(sentence: Sentence) -> str:
    """The sentence after the title line it stands under, if any: what its reader reads it as answering."""
    return _under_lead(sentence, sentence.text)


# A word of a question written as a name in code or a product's name: dotted or with an underscore (vm.swappiness,
# pam_faillock), letters then digits (eth0, ext4), a capital after a small letter (WireGuard, MongoDB) or three
# capitals in a row (LFS, MTA). Not one: a word opening with a digit (a value: 10MB, 3.11), one without two letters
# in a row (U.S., e.g., i386), two capitals alone (US, EU, OS). A hyphen joins words, each judged alone: "ex-Serb"
# is no name, "MTA-STS" is.
_NAME_LIKE = re.compile(r"\w[\w.+-]*\w")
_NAME_SHAPE = re.compile(r"\w[._]\w|^[A-Za-z]{2,}\d|[a-z][A-Z]|[A-Z]{3}")
_NOT_A_NAME = re.compile(r"\d|(?!.*[A-Za-z]{2})")
_LETTERS_DIGITS = re.compile(r"([A-Za-z]+)(\d+)")


def written_names(question: str) -> list[str]:
    """The words the question writes as names (see _NAME_SHAPE): "dh_make", "vm.swappiness", "WireGuard"; a hyphen
    joins words, each judged alone. None in a question written in capitals, where every word looks like one."""
    if not any(char.islower() for char in question):
        return []
    return [part for word in _NAME_LIKE.findall(question) for part in word.split("-") if _is_name(part)]


def _is_name(word: str) -> bool:
    return bool(_NAME_SHAPE.search(word)) and not _NOT_A_NAME.match(word)


def unknown_names(question: str, known: Callable[[str], bool]) -> list[str]:
    """The names the question writes (see _NAME_SHAPE) of which the corpus never uses some part: asked about
    something the documents never mention, they cannot answer, however well the question's other words match."""
    return [word for word in _NAME_LIKE.findall(question) if any(_unknown_name(part, known) for part in word.split("-"))]


def _unknown_name(word: str, known: Callable[[str], bool]) -> bool:
    if not _is_name(word):
        return False
    terms = analyze(word)
    if not terms or all(known(t) for t in terms):
        return False
    split = _LETTERS_DIGITS.fullmatch(word)  # "utf8", "HTTP2": written apart in the text ("UTF-8", "HTTP/2")?
    return not (split and all(known(t) for t in analyze(f"{split[1]} {split[2]}")))


def subject_terms(text: str) -> set[str]:
    """The terms of the words of text but those that only say what kind of answer is wanted ("how many", "what date")."""
    return set(analyze(" ".join(word for word in words_of(text) if word not in ANSWER_TYPE_WORDS)))


def unknown_share(question: str, known: Callable[[str], bool]) -> float:
    """The share of the question's subject terms that the corpus never uses (1 when it has none)."""
    terms = subject_terms(question)
    return sum(not known(t) for t in terms) / len(terms) if terms else 1.0


def coverage(question: str, text: str, idf: Callable[[str], float], unknown_idf: float) -> float:
    """The idf-weighted share of the question's subject terms found in text, from 0 to 1.

    Terms the corpus never uses weigh as much as the rarest ones: a question about something the
    documents never mention is not covered by a sentence that shares its other words.
    """
    weights = {t: idf(t) or unknown_idf for t in subject_terms(question)}
    total = sum(weights.values())
    if not total:
        return 0.0
    found = set(analyze(text))
    return sum(w for t, w in weights.items() if t in found) / total


def names_what_is_asked(question: str, sentence: Sentence, context: str = "", fact: str = "") -> bool:
    """Whether the sentence (or its section) names one of the identifiers, options, paths or code the question
    names, when it names any: the default of `diff.renameLimit` is not stated by a sentence about another setting.

    A plain hyphenated word ("per-worktree") is English as often as it is a name, and does not count. The
    sentence read in context (after the one before it) counts when it names no such thing but the fact itself."""
    named = [s.text for s in _names(question)]
    where = fold(f"{sentence.text} {sentence.section}")
    if context and not any(s.text not in fact for s in _names(sentence.text)):
        where += " " + fold(context)
    if any(_about_another_version(where, name, version) for name, version in _NAMED_VERSION.findall(question)):
        return False  # what PostgreSQL 16 did is not said by the notes of release 15.5
    return not named or any(fold(n) in where for n in named)


# A version the question names with what it is a version of: "PostgreSQL 16", "Python 3.11", "release 15.12".
_NAMED_VERSION = re.compile(r"\b([A-Z][\w+-]*[A-Za-z+]|[Rr]elease|[Vv]ersion)\s+v?(\d+(?:\.\d+)*)\b(?!\.\d|[-/:]\d)")


def _about_another_version(where: str, name: str, version: str) -> bool:
    """Whether where (folded) names versions of that thing, or releases, and not this one. A sentence naming
    no version at all may well be about it: in PostgreSQL 15's manual most sentences are."""
    pattern = rf"\b(?:{re.escape(fold(name))}|release|version)\s+v?(\d+(?:\.\d+)*)"
    named = set(re.findall(pattern, where))
    return bool(named) and version not in named


def _names(text: str) -> list[Span]:
    return [s for s in fact_spans(text) if s.type in (IDENTIFIER, OPTION, PATH, CODE_FACT) and _NAMED.search(s.text)]
