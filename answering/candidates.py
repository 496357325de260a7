"""Candidate answers: the facts of the evidence sentences that are of a kind the question asks for, best first.

A candidate scores by how early its type comes in what the question wants ("which option" wants an
option before an identifier), by how well its sentence matches the question, and by how many of the
question's words stand near it. What the question itself names is never its answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial

from docent.answering.abbreviations import asked_abbreviation, sentence_expansion
from docent.answering.evidence import HEADING, PROSE, SECTION_NUMBER, TABLE, Evidence, Sentence, passage_of, subject_terms
from docent.answering.facts import (
    CODE,
    EXPANSION,
    IDENTIFIER,
    NAME_WANTS,
    NUMBER,
    ORDINAL,
    PEOPLE,
    PERSON,
    PROPER,
    VALUE,
    VERSION,
    WHEN,
    WORD,
    QuestionKind,
    Span,
    asked_by_terms,
    asked_noun,
    asks_several,
    counted_terms,
    ends_in_unit,
    fact_spans,
    has_digit,
    same_fact,
)
from docent.answering.heading_names import DOCUMENT_PARTS, heading_name
from docent.answering.prompt import SOURCE_MARKER
from docent.answering.ranking import learned_scores
from docent.retrieval.analyzer import STOPWORDS, analyze, fold
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import code_pairs, own_heading
from docent.retrieval.token_count import count_tokens

NEAR_CHARS = 60  # how far from a fact the question's words count towards it
# A word in more passages than this idf says (about a third of them) is the corpus's subject, not an answer.
COMMON_IDF = 0.25
MAX_CANDIDATES = 6
TYPE_WEIGHT = 2.0  # how much the type's fit counts against the sentence's match (1: git-doc direct 0.34, 2: 0.38)


@dataclass(frozen=True)
class Candidate:
    text: str
    type: str
    sentence: Sentence  # where it stands: the quote and the citation
    score: float
    from_heading: bool = False  # it is the heading the sentence stands under, not a part of the sentence
    stated: str = ""  # the fact as the answer states it, when more than text ("RFC 2645" for 2645): named as asked


def candidates(evidence: Evidence, idf: Callable[[str], float], rare_idf: float, min_score: float = 0.0,
               min_learned: float = float("-inf")) -> list[Candidate]:
    """The facts of the evidence that could answer its question, best first, each once, in the order of the learned
    ranking (answering/ranking.py); a fact whose hand-written score is below min_score, or whose learned score is
    below min_learned, is none. The long form of an asked abbreviation is the only fact of its evidence."""
    if evidence.kind.wants == (EXPANSION,):
        return spelled_out(evidence)
    found = [c for c in facts_of(evidence, idf, rare_idf) if c.score >= min_score]
    if found:
        noun = asked_noun(evidence.question)
        scores = [score + NAMED_KIND_BONUS * (noun is not None and _named_as(c.text, noun))
                  for c, score in zip(found, learned_scores(evidence, found, idf, rare_idf), strict=True)]
        found = [replace(c, score=s) for c, s in zip(found, scores, strict=True) if s >= min_learned]
    found.sort(key=lambda c: -c.score)
    unique: list[Candidate] = []
    for candidate in found:
        if not any(same_fact(candidate.text, u.text) for u in unique):
            unique.append(candidate)
    return [replace(c, text=c.stated, stated="") if c.stated else c for c in unique[:MAX_CANDIDATES]]


# A fact whose own words name it as the kind of thing asked for gains this on its learned score: "NO ACTION" for
# "Which ON DELETE action ...?", "/usr/bin/editor" for "Which editor ...?", "Mount Kopaonik" for "On which mountain ...?"
# (bench/results/quality.md, session 36).
NAMED_KIND_BONUS = 0.5


def _named_as(fact: str, noun: str) -> bool:
    """Whether a fact of several words holds a word naming the noun ("Institute" an institute, "Mount" a mountain), or
    a path's last part is the noun; not a word joined to others ("opt-level" is no level, "no-action" no action)."""
    term = analyze(noun)
    if fact.startswith(("/", "~")):
        return analyze(fact.rstrip("/").rsplit("/", 1)[-1]) == term
    words = [fold(word.strip(".,;:()[]'\"")) for word in fact.split()]
    return len(words) > 1 and any(_TITLE_WORDS.get(word) == noun or (word.isalpha() and word not in STOPWORDS
                                                                      and analyze(word) == term) for word in words)


# Words that title a thing by what it is, shortened: "Mount Kopaonik" is a mountain.
_TITLE_WORDS = {"mount": "mountain", "mt": "mountain"}


SPELLED_OUT_SCORE = 10.0  # the learned scores of facts lie within a few points of 0: a long form is surer than any


def spelled_out(evidence: Evidence) -> list[Candidate]:
    """The long forms of the asked abbreviation in the evidence sentences, those in prose first."""
    short = asked_abbreviation(evidence.question)
    found = [Candidate(expansion.text, EXPANSION, sentence, SPELLED_OUT_SCORE - (sentence.kind != PROSE))
             for sentence in evidence.sentences if short and (expansion := sentence_expansion(sentence.text, sentence.lead, short))]
    return sorted(found, key=lambda c: -c.score)[:1]


def facts_of(evidence: Evidence, idf: Callable[[str], float], rare_idf: float) -> list[Candidate]:
    """Every fact of the evidence sentences of a type its question wants, with its hand-written score, in order;
    and the name that each sentence's own heading, or the title line it stands under, gives, if it is one
    (_heading_names): "globstar" above "If set, the pattern ** used in a pathname expansion context ..."."""
    wants = evidence.kind.wants
    if not wants or not evidence.sentences:
        return []
    asked_words = {fold(w) for w in re.findall(r"[\w.-]+", evidence.question)}
    asked_terms = subject_terms(evidence.question)
    best = max(s.score for s in evidence.sentences) or 1.0
    several = asks_several(evidence.question)
    question_terms = set(analyze(evidence.question))
    counted, asked_by = counted_terms(evidence.question), asked_by_terms(evidence.question)
    found: list[Candidate] = []
    headings: dict[str, list[Span]] = {}  # each own heading's name, worked out once
    for sentence in evidence.sentences:
        text = SOURCE_MARKER.sub(partial(_blank_unless_code, code=sentence.code), sentence.text)
        spans = _numbering_aside(fact_spans(text, table=sentence.kind == TABLE, code=sentence.code), sentence)
        pieces = [piece for span in spans
                  for piece in _new_part(span, evidence.question, asked_words, asked_terms, idf, COMMON_IDF * rare_idf)]
        if several:
            pieces = _listed_together(pieces, text)
        for piece in pieces:
            piece, ranked_types = _as_asked(piece, text, wants, question_terms)
            if piece.type in wants and not _unfit(piece, evidence.kind, text, evidence.question) \
                    and not _is_common_word(piece, evidence.kind):
                score = _score(piece, ranked_types, sentence, best, text, asked_terms, sentence.kind == TABLE)
                stated = _as_named(piece, text, counted, asked_by)
                found.append(Candidate(piece.text, piece.type, sentence, score, stated=stated.text if stated != piece else ""))
        heading = own_heading(evidence.sources[sentence.n - 1].passage)
        under_lead = sentence.lead and sentence.lead != heading and _right_under_lead(sentence, evidence.passages)
        for title in (heading, sentence.lead) if under_lead else (heading,):
            if title not in headings:
                headings[title] = _heading_names(title, evidence, asked_words, asked_terms, idf, rare_idf)
            found += [Candidate(name.text, name.type, sentence, _score(name, wants, sentence, best, "", asked_terms), True)
                      for name in headings[title]]
    return found


def _as_asked(piece: Span, text: str, wants: tuple[str, ...], question_terms: set[str]) -> tuple[Span, tuple[str, ...]]:
    """The fact as the question reads it, and the order of the types it is scored by: an ordinal with the noun the
    question counts; four digits typed a year as a number, the last type wanted, where a number is asked for."""
    piece = _with_counted_noun(piece, text, question_terms)
    if _is_year_for_number(piece, wants, text):
        return replace(piece, type=NUMBER), (*[w for w in wants if w != NUMBER], NUMBER)
    return piece, wants


# Words before four digits that make them a time: "in 2019", "since 2008", "as of 2021", "December 2022".
_OF_TIME = re.compile(r"\b(?:in|since|until|till|from|by|before|after|during|around|circa|of|year|January|February|March"
                      r"|April|May|June|July|August|September|October|November|December)\s+$", re.I)


def _with_counted_noun(piece: Span, text: str, question_terms: set[str]) -> Span:
    """An ordinal with the noun after it when the question names that noun: "tenth day" for "Which day of the
    protests ...?" (not "fifth consecutive", not "second behind")."""
    if piece.type != ORDINAL:
        return piece
    noun = _NEXT_WORD.match(text, piece.end)
    if noun is None or not set(analyze(noun.group(1))) & question_terms:
        return piece
    return Span(text[piece.start:noun.end()], ORDINAL, piece.start, noun.end())


def _as_named(piece: Span, text: str, counted: set[str], asked_by: set[str]) -> Span:
    """The fact as the answer states it: a number with the noun after it that a "how many" question counts ("64
    tables"), or the words before it that a which/what question asks by ("RFC 2645", "Debian 8", "bash-4.1", "version
    1.1.1"); the ranking scores the bare fact."""
    if piece.type not in (NUMBER, VERSION) or not piece.text[:1].isdigit():
        return piece
    noun = _NEXT_WORD.match(text, piece.end) if piece.text.isdigit() else None
    if noun and noun.group(1).endswith("s") and (terms := analyze(noun.group(1))) and set(terms) <= counted:
        piece = replace(piece, text=text[piece.start:noun.end()], end=noun.end())  # "2048 entries": how many entries
    return _with_naming_words(piece, text, asked_by)


_NEXT_WORD = re.compile(r" ([a-z]{3,})\b(?![-.]\w)")


def _with_naming_words(piece: Span, text: str, asked_by: set[str]) -> Span:
    """A number or version with the words before it that name what it numbers, when the question asks by them:
    "RFC 2645" for "Which RFC ...?", "Debian 8", "bash-4.1", "protocol number 41", "version 1.1.1"; not "Monday 12" of
    "On Monday 12 people were arrested" for "How many people ... on Monday?"."""
    start = piece.start
    for _ in range(2):
        word = _NAMING_WORD.search(text, 0, start)
        if word is None or not (word.group(1)[0].isupper() or word.group(1).lower() in _LABEL_NOUNS or word.group(2) == "-"):
            break
        terms = analyze(word.group(1))
        if not terms or not set(terms) <= asked_by:
            break
        start = word.start(1)
        if word.group(2) == "-":
            break
    return piece if start == piece.start else replace(piece, text=text[start:piece.end], start=start)


_NAMING_WORD = re.compile(r"(?<![\w./-])([A-Za-z][\w+]*(?:/[A-Za-z][\w+]*)?)( |-)$")
_LABEL_NOUNS = frozenset("version release port protocol patch edition level number".split())


def _is_year_for_number(piece: Span, wants: tuple[str, ...], text: str) -> bool:
    """Whether four digits typed a year are a number the question wants ("the default RADIUS port (1812)", "Rust uses
    2015 as the edition value"): it wants a number, and neither a date nor first a version, and no word before them
    makes them a time ("in 2019")."""
    return piece.type == WHEN and piece.text.isdigit() and NUMBER in wants and WHEN not in wants \
        and wants[0] != VERSION and not _OF_TIME.search(text, 0, piece.start)


# What joins the items of a list in prose: "Merdare and Jarinje", "Leposavic, Zvecan and Zubin Potok".
_LIST_JOIN = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
_CLOSING_JOIN = re.compile(r"\b(?:and|or)\b")


def _listed_together(pieces: list[Span], text: str) -> list[Span]:
    """Facts of one type listed side by side ("A and B", "A, B or C"), each list as one fact: the answer to a question
    asking for several. A list ends at its "and" or "or": "..., Zubin Potok, Interior Minister ..." is no item."""
    groups: list[list[Span]] = []
    for piece in pieces:
        last = groups[-1][-1] if groups else None
        if last and _same_type(last.type, piece.type) and _LIST_JOIN.fullmatch(text, last.end, piece.start):
            groups[-1].append(piece)
        else:
            groups.append([piece])
    joined: list[Span] = []
    for items in groups:
        closed = [k for k in range(1, len(items)) if _CLOSING_JOIN.search(text, items[k - 1].end, items[k].start)]
        end = closed[0] if closed else 0  # "Leposavic and Zvecan, and Belgrade condemned ...": the list ends at its "and"
        first, last = items[0], items[end]
        joined.append(first if end == 0 else Span(text[first.start:last.end], first.type, first.start, last.end))
        joined += items[end + 1:]
    return joined


def _same_type(a: str, b: str) -> bool:
    """Facts of one kind, plain words aside ("quickly and quietly" lists no names)."""
    return (a == b and a != WORD) or {a, b} <= {PEOPLE, PROPER}


def _right_under_lead(sentence: Sentence, passages: Sequence[ScoredPassage]) -> bool:
    """Whether the sentence stands in the paragraph right after its title line, as a definition's description stands
    under its term; a later paragraph may speak of something else ("The nullglob option ..." after a list of terms)."""
    passage = passage_of(sentence, passages)
    if passage is None:
        return False
    at = sentence.start - passage.start
    lead_at = passage.text.rfind(sentence.lead, 0, at)
    return lead_at >= 0 and "\n\n" not in passage.text[lead_at + len(sentence.lead):at].lstrip()


def _heading_names(heading: str, evidence: Evidence, asked_words: set[str], asked_terms: set[str],
                   idf: Callable[[str], float], rare_idf: float) -> list[Span]:
    """The name a sentence's own heading gives, when it could answer: reference text describes a setting under its
    name without repeating it ("swappiness: This control is used to define ..."). A lower-case word is a name when
    the corpus rarely uses it ("swappiness", "octopus"), not a heading of any document ("usage", "installation");
    a version heads what changed in it (a changelog), and answers "which release"."""
    kind, name = evidence.kind, heading_name(heading)
    if name is None or (kind.wants[0] == VERSION) != (name.type == VERSION) or kind.wants[0] in _NOT_HEADINGS:
        return []
    if name.type == WORD:
        if name.text in DOCUMENT_PARTS or min((idf(t) for t in analyze(name.text)), default=0.0) < HEADING_WORD_IDF * rare_idf:
            return []
        name = replace(name, type=IDENTIFIER)  # a rare lower-case word as a heading is a name: "swappiness"
    return [piece for piece in _new_part(name, evidence.question, asked_words, asked_terms, idf, COMMON_IDF * rare_idf)
            if piece.type in kind.wants and not _unfit(piece, kind, "", evidence.question)]


HEADING_WORD_IDF = 0.6  # a heading word rarer than this share of a rare term's idf is a name
# What a heading's name has rather than is: "threading.stack_size" is no size, no date, no person.
_NOT_HEADINGS = (NUMBER, WHEN, PEOPLE, ORDINAL)


def _blank_unless_code(marker: re.Match[str], code: tuple[int, ...]) -> str:
    """A "[7]" marks a source and is no fact, unless the file marks it as code ("sys.argv[1]")."""
    inside = any(a <= marker.start() and marker.end() <= b for a, b in code_pairs(code))
    return marker.group() if inside else " " * len(marker.group())


# An exception's name says what goes wrong, never what a value is.
_EXCEPTION = re.compile(r"[A-Z]\w*(?:Error|Exception|Warning)$")
# "Added in version 3.10": when the text changed, not a value it states.
_CHANGE_NOTE = re.compile(r"\b(?:added|changed|new|deprecated|removed)\s+(?:in|since)\s+(?:version\s+)?$", re.I)


# "from 1,500 to 5,000": the value before the change, when another follows it.
_CHANGED_FROM = re.compile(r"\bfrom\s+$", re.I)
_CHANGED_TO = re.compile(r"\s+to\s+\d")
_BECAME = re.compile(r"\bfrom\s+\d[\d.,]*\s+to\s+$", re.I)
_FROM_ASKED = re.compile(r"\bfrom (?:how|what|which)\b", re.I)


def _unfit(piece: Span, kind: QuestionKind, text: str, question: str = "") -> bool:
    """A fact of a wanted type that still cannot answer: a weekday for "on what date", a date for "how many", an
    exception's name for a value, the version of a change note for anything but a version."""
    if kind.calendar and piece.type == WHEN and not has_digit(piece.text):
        return True
    if kind.count and piece.type == WHEN and not piece.text.isdigit():
        return True  # "1700 troops" is typed a year, but counts; "Saturday" or "November 2000" do not
    if kind.kind == VALUE and _EXCEPTION.match(piece.text):
        return True
    if piece.type == NUMBER and _CHANGED_FROM.search(text[:piece.start]) and _CHANGED_TO.match(text, piece.end):
        return not _FROM_ASKED.search(question)  # what a value became is asked, unless "from how many"
    if piece.type == NUMBER and _BECAME.search(text[:piece.start]):
        return bool(_FROM_ASKED.search(question))
    if kind.kind == PERSON and piece.type == PROPER and _DEMONYM.search(piece.text) and _ATTRIBUTIVE.match(text, piece.end):
        return True  # "Albanian officers", "a European newspaper": an adjective of a people or a place, no person
    if piece.type == NUMBER and (_is_enumerator(piece, text) or _counts_another_thing(piece, text, question)):
        return True
    if piece.type == NUMBER and _ASKS_TIME_SPAN.match(question) and not ends_in_unit(piece.text):
        return True  # "five hundred things" is no answer to "How quickly ...?"; "24 to 48 hours" and "100 Mbps" are
    return piece.type == VERSION and kind.wants[0] != VERSION and bool(_CHANGE_NOTE.search(text[:piece.start]))


def _is_enumerator(piece: Span, text: str) -> bool:
    """A number that numbers a list inline: the "1" of "to 1) report the error, and to 2) ...", no value (the "500"
    of "(default 500)" closes a parenthesis it opened)."""
    return piece.text.isdigit() and text.startswith(")", piece.end) and (piece.start == 0 or text[piece.start - 1].isspace()) \
        and text.rfind("(", 0, piece.start) <= text.rfind(")", 0, piece.start)


_ASKS_TIME_SPAN = re.compile(r"\W*(?:and |so |then |also )?how (?:quickly|soon)\b", re.I)  # what the question asks


# Small numbers spelled out, which prose mostly uses as words ("one of these", "the two capitals", "one or more hosts").
_SMALL_NUMBERS = frozenset("one two three four five six seven eight nine ten".split())
_NEXT = re.compile(r"\s*([\w-]+)")
_PARTITIVE = re.compile(r"\s+of\s+(?:the\s+|these\s+|those\s+|its\s+|their\s+|our\s+|your\s+)?([\w-]+)")


def _counts_another_thing(piece: Span, text: str, question: str) -> bool:
    """A small number spelled out that counts what the question does not ask about: "one" of "poll one or more hosts"
    or of "one of these", "two" of "near two border crossings" for "how many days ...". Before a word the question
    uses ("two border crossings", "two of the nodes"), or ending its clause ("The default is three.", "three by
    default"), it counts what is asked."""
    if piece.text.lower() not in _SMALL_NUMBERS:
        return False
    asked = set(analyze(question))
    partitive = _PARTITIVE.match(text, piece.end)
    if partitive:
        return not set(analyze(partitive.group(1))) <= asked or not analyze(partitive.group(1))
    if piece.text.lower() == "one" and _PRONOUN_BEFORE.search(text, 0, piece.start):
        return True  # "the only one to ...", "no one"
    following = _NEXT.match(text, piece.end)
    if following is None or following.group(1).lower() in _ENDS_THE_COUNT:
        return False  # "three." ends its clause; "three by default" too
    terms = analyze(following.group(1))
    return not terms or not set(terms) <= asked


# Words after a small number that end what it counts ("three by default", "three on most systems"); after any other
# function word the number is a pronoun or a quantifier ("one or more", "the one to validate it").
_ENDS_THE_COUNT = frozenset("by on in at per and but".split())
_PRONOUN_BEFORE = re.compile(r"\b(?:the|only|no|any|each|every|which|this|that|another)\s+$", re.I)


# A word naming a people or a region, as English derives it from a place: "Albanian", "European", "Japanese",
# "Finnish", "Western".
_DEMONYM = re.compile(r"\w{3,}(?:an|ese|ish|ern)$")
# A lower-case word right after it, as a noun it qualifies ("Albanian officers"), not a function word or a verb
# ("Dusan and ...", "Milan said ...", "Stefan comes ...", "Goran arrested ...").
_ATTRIBUTIVE = re.compile(r" (?!(?:and|or|but|nor|who|whom|whose|which|that|is|was|are|were|has|had|have|will|would|said|says"
                          r"|told|tells|comes|came|lives|lived|went|goes|from|of|in|to|for|with|at|on|by|as)\b)[a-z]{3,}"
                          r"(?<!ed)\b")


def _is_common_word(piece: Span, kind: QuestionKind) -> bool:
    """A plain lower-case word of everyday English ("telling", "stay", "largely"), as the answer to a question that asks
    for a name: one token of cl100k_base's vocabulary, which gives its commonest words a token each, while most
    names take several ("lintian", "globstar"). Some names take one too: tools ("gzip", "grep", "strings") and
    settings' values ("trust", "peer", "verbose"). So a question that names the kind of thing it asks for ("which
    command", "which authentication method") loses only the words inflected as English words are ("telling",
    "largely"); one that does not ("What demand ...?") loses every such word (bench/results/quality.md, session 33)."""
    if piece.type != WORD or count_tokens(" " + piece.text) != 1:
        return False
    return kind.wants == NAME_WANTS or bool(_INFLECTED.search(piece.text))


_INFLECTED = re.compile(r"..(?:ly|ing|tion|sion|est)$")


def _numbering_aside(spans: list[Span], sentence: Sentence) -> list[Span]:
    """The spans but a heading's leading section number ("2." of "2. Maximum Number Of Columns")."""
    numbering = SECTION_NUMBER.match(sentence.text) if sentence.kind == HEADING else None
    return spans[1:] if numbering and spans and spans[0].start < numbering.end() else spans


def _in_row(span: Span, text: str, asked_terms: set[str]) -> float:
    """Half a point for each of the question's terms in the span's row of the table."""
    start = text.rfind("\n", 0, span.start) + 1
    end = text.find("\n", span.end)
    row = text[start:] if end < 0 else text[start:end]
    return 0.5 * len(asked_terms & set(analyze(row)))


def _key(text: str) -> str:
    return " ".join(re.findall(r"[\w.-]+", fold(text)))


def _names_in(key: str, question_key: str) -> bool:
    """Whether the question writes the name, in whole words ("754" of "IEEE-754", but "\\j" is not the j of "jobs")."""
    return bool(key) and re.search(rf"(?<!\w){re.escape(key)}(?!\w)", question_key) is not None


def _new_part(span: Span, question: str, asked_words: set[str], asked_terms: set[str], idf, common: float) -> list[Span]:
    """The span without what the question names: a name keeps the words around the question's own."""
    if span.type in (PEOPLE, PROPER, WORD):
        pieces, words = [], list(re.finditer(r"\S+", span.text))
        run: list[re.Match] = []
        for word in [*words, None]:
            if word is not None and _is_new(word.group(), asked_words, asked_terms, idf, common):
                run.append(word)
            elif run:
                start, end = run[0].start(), run[-1].end()
                kind = span.type if span.type == WORD else (PEOPLE if len(run) > 1 else PROPER)
                pieces.append(Span(span.text[start:end], kind, span.start + start, span.start + end))
                run = []
        if span.type == PEOPLE and words and not _is_new(words[-1].group(), asked_words, asked_terms, idf, common):
            return [p for p in pieces if " " in p.text]  # "Annalena" of "Annalena Baerbock": the person asked about
        return pieces
    if fold(span.text) in asked_words or _names_in(_key(span.text), _key(question)):
        return []
    if span.type == CODE and span.text.isalpha() and not _is_new(span.text, asked_words, asked_terms, idf, common):
        return []  # marked-up code that is one common word ("os", "bytes") names the subject, not an answer
    return [span]


def _is_new(word: str, asked_words: set[str], asked_terms: set[str], idf, common: float) -> bool:
    """Neither the question's word (nor, for a plain word, its stem), nor a stopword, nor the corpus's subject."""
    folded = fold(word.strip(".’'"))
    terms = analyze(folded)
    asked = folded in asked_words or (word.islower() and bool(set(terms) & asked_terms))
    return bool(terms) and not asked and all(idf(t) >= common for t in terms)


def _score(span: Span, wants: tuple[str, ...], sentence: Sentence, best: float, text: str, asked_terms: set[str],
           table: bool = False) -> float:
    """Its type's rank in what the question wants, its sentence's match, and the question's words close to it
    (in a table: in its row, wherever they stand; the first cell of the row first)."""
    type_rank = 1 - wants.index(span.type) / len(wants)
    near = min(_in_row(span, text, asked_terms) if table else _nearness(span, text, asked_terms), 1.5)
    return TYPE_WEIGHT * type_rank + sentence.score / best + near - 0.5 * (span.type == WORD)


def _nearness(span: Span, text: str, asked_terms: set[str]) -> float:
    """The question's terms around the span, each weighing less the more words stand between: 1/(1 + words)."""
    before = [t for t in _terms_of(text[max(0, span.start - NEAR_CHARS): span.start])][::-1]
    after = _terms_of(text[span.end: span.end + NEAR_CHARS])
    near, counted = 0.0, set()
    for distance, term in sorted([(d, t) for d, t in enumerate(before)] + [(d + 0.5, t) for d, t in enumerate(after)]):
        if term in asked_terms and term not in counted:
            counted.add(term)
            near += 1 / (1 + distance)
    return near


def _terms_of(text: str) -> list[str]:
    """The analysed term of each word of text, in order ("" for a stopword, so that it still counts as distance)."""
    return [next(iter(analyze(word)), "") for word in re.findall(r"[\w.-]+", text)]
