"""What an abbreviation stands for, as the documents spell it out.

"What does NMU stand for?" is answered where a document writes the words out: "Non-Maintainer Uploads
(NMUs)", "MIME (Multipurpose Internet Mail Extensions)", "mpsc stands for multiple producer, single
consumer", or a glossary's term line "EAFP" above "Easier to ask for forgiveness than permission. ...".

Where to look follows Schwartz and Hearst, "A simple algorithm for identifying abbreviation definitions in
biomedical text" (PSB 2003): the words just before or inside a parenthesis beside the abbreviation, at most
min(letters + 5, 2 x letters) of them. What counts as its long form is stricter than their test, which lets a
letter match inside any word ("Sockets Layer" for SSL): here each word of the long form opens with the next
letter of the abbreviation, and a small word (of, and, the, for ...) may be skipped; only a lower-case letter of
an abbreviation written in mixed case (GiST, IPv6, PyPI) may stand inside a word. The long form is the fewest
words that spell the whole abbreviation.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from docent.retrieval.analyzer import STOPWORDS

# The question asks what an abbreviation is short for: "What does NMU stand for?", "What is GSSAPI short for?",
# "What does the acronym MIME mean?".
_ASKS = re.compile(r"\b(?:stands?|stood)\s+for\b|\bshort\s+for\b|\bwhat\s+(?:does|do|did)\s+[^?]*\b"
                   r"(?:abbreviation|acronym|initialism)\b[^?]*\b(?:mean|expand)", re.I)
_ASKED_BEFORE = re.compile(r"([A-Za-z][A-Za-z0-9]*)[^\w\s]*\s+(?:stands?|stood|(?:is\s+)?short)\s+for\b", re.I)
_ASKED_AFTER = re.compile(r"\b(?:abbreviation|acronym|initialism)\s+([A-Za-z][A-Za-z0-9]*)", re.I)
_LONGEST = 10  # letters of an abbreviation
_NOT_ASKED = frozenset("name abbreviation acronym initialism letters word".split())
_WORD = re.compile(r"[A-Za-z][A-Za-z']*(?:\(s\))?|\d+")  # a word of a long form; hyphens and slashes part words
_PLURAL_MARK = re.compile(r"\(s\)")


class Expansion(NamedTuple):
    """The long form of an abbreviation (its words, a line break of hard-wrapped text made a space), at start:end of
    the text it was found in."""

    text: str
    start: int
    end: int


def _found(text: str, start: int, end: int) -> Expansion:
    return Expansion(" ".join(text[start:end].split()), start, end)


def asked_abbreviation(question: str) -> str | None:
    """The abbreviation a question asks the long form of ("MVCC" of "In PostgreSQL, what does MVCC stand for?",
    "mpsc" of "What does mpsc stand for in std::sync::mpsc?"), or None."""
    if not _ASKS.search(question):
        return None
    before, after = _ASKED_BEFORE.search(question), _ASKED_AFTER.search(question)
    named = [word for word in (before and before.group(1), after and after.group(1)) if word and _capitals(word)]
    named += [t for t in re.findall(r"[A-Za-z][A-Za-z0-9]*", question) if _capitals(t)]
    named += [before.group(1)] if before else []  # "mpsc" of "What does mpsc stand for?"
    return next((word for word in named if _looks_abbreviated(word)), None)


def _capitals(word: str) -> bool:
    return sum(c.isupper() for c in word) >= 2


def _looks_abbreviated(word: str) -> bool:
    """Written as an abbreviation is: two capitals or more ("NMU", "GiST", "IPv6"), or in lower case ("mpsc")."""
    if not 2 <= len(word) <= _LONGEST or word.lower() in STOPWORDS or word.lower() in _NOT_ASKED:
        return False
    return _capitals(word) or word.islower()


def sentence_expansion(text: str, lead: str, short: str) -> Expansion | None:
    """Where a sentence spells out the abbreviation: in its own words, or as the description under a term line that
    is the abbreviation (the lead: the title line the sentence stands under)."""
    found = expansion(text, short)
    if found or lead.strip().rstrip(":").strip() != short:
        return found
    return _opening(text, 0, len(text), short)


def expansion(text: str, short: str) -> Expansion | None:
    """The first place the text spells out the abbreviation short, if any."""
    letters = _letters(short)
    if not letters:
        return None
    found = [e for e in (_before_parenthesis(text, short, letters), _in_parenthesis(text, short, letters),
                         _after_stands_for(text, short), _under_term_line(text, short)) if e]
    return min(found, key=lambda e: e.start) if found else None


def _letters(short: str) -> tuple[tuple[str, bool], ...]:
    """The abbreviation's letters, each with whether it must open a word (all but the lower-case letters of an
    abbreviation in mixed case: the "i" of GiST stands inside "Generalized"). Digits are left out ("IPv6")."""
    mixed = short.lower() != short and short.upper() != short
    return tuple((c.lower(), not (mixed and c.islower())) for c in short if c.isalpha())


def _abbreviation_at(short: str) -> re.Pattern[str]:
    """The abbreviation as a word of its own, its plural too ("NMUs"): as written, or in any case when it is written
    in lower case ("mpsc", "MPSC")."""
    return re.compile(rf"(?<![\w.-]){re.escape(short)}s?(?![\w-])", re.I if short.islower() else 0)


def _before_parenthesis(text: str, short: str, letters) -> Expansion | None:
    """ "Non-Maintainer Uploads (NMUs)": the fewest words right before the parenthesis that spell it."""
    written = _abbreviation_at(short)
    for match in re.finditer(rf"\(\s*(?:{written.pattern})\s*\)", text, written.flags):
        before = text[:match.start()].rstrip()
        words = list(_WORD.finditer(before, max(0, len(before) - 300)))[-_window(letters):]
        if not words or _gap(before, words[-1].end(), len(before)):
            continue
        firsts = []
        for first in range(len(words) - 1, -1, -1):
            if _gap(before, words[first].end(), words[-1].end(), inside=True):
                break  # the long form does not reach over a parenthesis, a sentence end or a blank line
            firsts.append(first)
        n = _spelled(letters, [tuple(w.group() for w in words[first:]) for first in firsts])
        if n is not None:
            start, end = words[firsts[n]].start(), words[-1].end()
            return _singular(_found(before, start, end), _is_plural(match.group(), short))
    return None


def _in_parenthesis(text: str, short: str, letters) -> Expansion | None:
    """ "MIME (Multipurpose Internet Mail Extensions)": all the words in the parenthesis."""
    pattern = _abbreviation_at(short)
    for match in re.finditer(pattern.pattern + r"\s*\(([^()]{3,120})\)", text, pattern.flags):
        inside = match.group(1)
        words = list(_WORD.finditer(inside))
        if not words or len(words) > _window(letters) or _gap(inside, words[0].start(), words[-1].end(), inside=True):
            continue
        if inside[:words[0].start()].strip() or inside[words[-1].end():].strip(" ,"):
            continue  # more than words: "(which does not support ...)", "(GPL) Macintosh | ..."
        if _spelled(letters, [tuple(w.group() for w in words)]) is not None:
            start, end = match.start(1) + words[0].start(), match.start(1) + words[-1].end()
            return _singular(_found(text, start, end), _is_plural(match.group().split("(")[0], short))
    return None


def _after_stands_for(text: str, short: str) -> Expansion | None:
    """ "BRIN stands for Block Range Index.", "MTA stands for: Mail Transfer Agent": the fewest words after it that
    spell it."""
    pattern = _abbreviation_at(short)
    says = pattern.pattern + r"[^\w\s]{0,3}\s*(?:stands?|stood|is\s+short|is\s+an?\s+(?:abbreviation|acronym))\s+for\s*:?\s*"
    for match in re.finditer(says, text, pattern.flags):
        found = _opening(text, match.end(), min(len(text), match.end() + 200), short)
        if found:
            return found
    return None


def _under_term_line(text: str, short: str) -> Expansion | None:
    """A glossary's term on a line of its own, its description opening with the long form: "EAFP" above "Easier to
    ask for forgiveness than permission. This common Python coding style ..."."""
    for match in re.finditer(rf"(?m)^[ \t]*{re.escape(short)}[ \t]*:?[ \t]*\n\s*", text):
        found = _opening(text, match.end(), min(len(text), match.end() + 200), short)
        if found:
            return found
    return None


def _opening(text: str, start: int, end: int, short: str) -> Expansion | None:
    """The long form the text opens with at start: the fewest words from there that spell the abbreviation (a small
    word may come first: "An Integrated Development and Learning Environment" for IDLE)."""
    letters = _letters(short)
    words = list(_WORD.finditer(text, start, end))[:_window(letters) + 1]
    if not words or text[start:words[0].start()].strip(" \t\n\"'“‘"):
        return None
    begin = 1 if words[0].group().lower() in STOPWORDS and not words[0].group().lower().startswith(letters[0][0]) else 0
    lasts = []
    for last in range(begin, len(words)):
        if _gap(text, words[begin].start(), words[last].end(), inside=True):
            break
        lasts.append(last)
    n = _spelled(letters, [tuple(w.group() for w in words[begin:last + 1]) for last in lasts])
    if n is None:
        return None
    return _found(text, words[begin].start(), words[lasts[n]].end())


def _window(letters) -> int:
    return min(len(letters) + 5, 2 * len(letters))


def _gap(text: str, start: int, end: int, inside: bool = False) -> bool:
    """Whether text[start:end] holds what no long form reaches over: a parenthesis or bracket, a sentence's end, a
    blank line, a pipe or an address (a single line break of hard-wrapped text is none)."""
    part = _PLURAL_MARK.sub("", text[start:end])
    return bool(re.search(r"[()\[\]|<>{}=;!?]|\.\s|\n\s*\n|://|@", part) if inside else re.search(r"[()\[\]]", part))


STRICT, CONTINUED, INSIDE = 0, 1, 2  # how freely a letter may stand inside a word rather than open one


def _spelled(letters: tuple[tuple[str, bool], ...], phrases: list[tuple[str, ...]]) -> int | None:
    """The first of the phrases (each its words) that spells the letters, tried with each word opening with its
    letter, then letting letters continue a word's opening ("INdex" of BRIN, "ID" of PID), then letting them stand
    anywhere in it ("MultiVersion" of MVCC): the strictest reading wins, "Secure Sockets Layer" over "Sockets
    Layer" for SSL."""
    for freedom in (STRICT, CONTINUED, INSIDE):
        for n, words in enumerate(phrases):
            if _spells(letters, words, freedom):
                return n
    return None


@lru_cache(maxsize=1024)
def _spells(letters: tuple[tuple[str, bool], ...], words: tuple[str, ...], freedom: int) -> bool:
    """Whether the words spell the letters: each word opens with the next letter (a small word or a number may spell
    none), the next letters standing inside it as freedom allows."""
    words = tuple(_PLURAL_MARK.sub("", w).lower() for w in words)
    whole = "".join(c for c, _ in letters)
    if not words or words[-1] in STOPWORDS or not words[0].startswith(letters[0][0]) or whole in words:
        return False  # a long form does not end with a small word, nor hold the abbreviation ("SQL, Query Language")
    return _spell(letters, words, 0, 0, freedom)


@lru_cache(maxsize=4096)
def _spell(letters: tuple[tuple[str, bool], ...], words: tuple[str, ...], i: int, w: int, freedom: int) -> bool:
    if w == len(words):
        return i == len(letters)
    word = words[w]
    if (word in STOPWORDS or word.isdigit()) and _spell(letters, words, i, w + 1, freedom):
        return True
    if i == len(letters) or word[0] != letters[i][0]:
        return False
    i, at = i + 1, 1
    while True:  # the word opens with letter i; may the next ones stand inside it?
        if _spell(letters, words, i, w + 1, freedom):
            return True
        if i == len(letters):
            return False
        letter, opens = letters[i]
        if opens and freedom == STRICT:
            return False
        if opens and freedom == CONTINUED:
            if word[at:at + 1] != letter:
                return False
            at += 1
        else:
            at = word.find(letter, at) + 1
            if not at:
                return False
        i += 1


def _is_plural(written: str, short: str) -> bool:
    """Whether the text wrote the abbreviation's plural ("NMUs" for NMU)."""
    return re.search(rf"{re.escape(short)}s\b", written, re.I if short.islower() else 0) is not None and not short.endswith("s")


def _singular(found: Expansion, plural: bool) -> Expansion:
    """The long form of one thing when the text wrote the plural ("Non-Maintainer Uploads (NMUs)", "unit(s)")."""
    text = _PLURAL_MARK.sub("", found.text)
    if plural:
        text = re.sub(r"(?:(?<=ss)|(?<=[xz])|(?<=[cs]h))es$|(?<=[^s])s$", "", re.sub(r"ies$", "y", text))
    return found._replace(text=text)
