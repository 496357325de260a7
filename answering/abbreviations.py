"""What an abbreviation stands for, as the documents spell it out.

"What does NMU stand for?" is answered where a document writes the words out: "Non-Maintainer Uploads
(NMUs)", "MIME (Multipurpose Internet Mail Extensions)", "mpsc stands for multiple producer, single
consumer", or a glossary's term line "EAFP" above "Easier to ask for forgiveness than permission. ...".
The long form is accepted when the abbreviation's letters stand in it in order, its first letter opening
the long form's first word: the test of Schwartz and Hearst, "A simple algorithm for identifying
abbreviation definitions in biomedical text" (PSB 2003), which also bounds how many words before the
parenthesis may belong to it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docent.retrieval.analyzer import STOPWORDS

# The question asks what an abbreviation is short for.
_ASKS = re.compile(r"\b(?:stands?|stood)\s+for\b|\bshort\s+for\b|\b(?:abbreviation|acronym|initialism)\b", re.I)
_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9]*")
_BEFORE_STAND = re.compile(r"([A-Za-z][A-Za-z0-9]*)\W*\s+(?:stands?|stood)\s+for\b", re.I)
_LONGEST = 10  # letters of an abbreviation
_ENDS_LONG_FORM = re.compile(r"[.;:!?()\[\]]|,\s+(?:and|but|which|or|a|an|the)\b|\s+-{1,2}\s+(?=[a-z])|\n\s*\n")


class Expansion(NamedTuple):
    """The long form of an abbreviation, at start:end of the text it was found in."""

    text: str
    start: int
    end: int


def asked_abbreviation(question: str) -> str | None:
    """The abbreviation a question asks the long form of ("HBA" of "What does the HBA part of pg_hba.conf stand
    for?", "mpsc" of "What does mpsc stand for in std::sync::mpsc?"), or None."""
    if not _ASKS.search(question):
        return None
    capitals = [t for t in _TOKEN.findall(question) if 2 <= len(t) <= _LONGEST and sum(c.isupper() for c in t) >= 2]
    if capitals:
        return capitals[0]
    before = _BEFORE_STAND.search(question)
    word = before.group(1) if before else ""
    return word if 2 <= len(word) <= _LONGEST and word.islower() and word not in STOPWORDS and word != "name" else None


def sentence_expansion(text: str, lead: str, short: str) -> Expansion | None:
    """Where a sentence spells out the abbreviation: in its own words, or as the description under a term line that
    is the abbreviation (the lead: the title line the sentence stands under)."""
    found = expansion(text, short)
    if found or lead.strip().rstrip(":").strip() != short:
        return found
    under = expansion(f"{short}\n{text}", short)
    shift = len(short) + 1
    return Expansion(under.text, under.start - shift, under.end - shift) if under and under.start >= shift else None


def expansion(text: str, short: str) -> Expansion | None:
    """The first place the text spells out the abbreviation short, if any."""
    letters = short.lower()
    found = [e for e in (_before_parenthesis(text, short, letters), _in_parenthesis(text, short, letters),
                         _after_stands_for(text, short, letters), _under_term_line(text, short, letters)) if e]
    return min(found, key=lambda e: e.start) if found else None


def _abbreviation_at(short: str) -> re.Pattern[str]:
    """The abbreviation as a word of its own, in the case written, or in any case when written in lower case;
    its plural too ("NMUs")."""
    flags = re.I if short.islower() else 0
    return re.compile(rf"(?<![\w.-]){re.escape(short)}s?(?![\w-])", flags)


def _before_parenthesis(text: str, short: str, letters: str) -> Expansion | None:
    """ "Non-Maintainer Uploads (NMUs)": the fewest words before the parenthesis that hold the letters."""
    for match in re.finditer(rf"\(\s*{_abbreviation_at(short).pattern}\s*\)", text, 0 if short.isupper() else re.I):
        before = text[:match.start()].rstrip()
        words = list(re.finditer(r"\S+", before))[-min(len(letters) + 5, 2 * len(letters)):]
        if not words:
            continue
        window = before[words[0].start():]
        start = _long_form_start(letters, window)
        if start is not None:
            offset = words[0].start() + start
            plural = match.group().rstrip(") \t").endswith("s") and not short.endswith("s")
            end = len(before) - 1 if plural and before.endswith("s") and not before.endswith("ss") else len(before)
            return Expansion(before[offset:end], offset, end)  # "Non-Maintainer Uploads (NMUs)": one upload
    return None


def _in_parenthesis(text: str, short: str, letters: str) -> Expansion | None:
    """ "MIME (Multipurpose Internet Mail Extensions)": the words in the parenthesis, all of them."""
    for match in re.finditer(_abbreviation_at(short).pattern + r"\s*\(([^()]{3,120})\)", text, 0 if short.isupper() else re.I):
        inside = match.group(1).strip()
        if _long_form_start(letters, inside) == 0:
            start = match.start(1) + match.group(1).index(inside)
            return Expansion(inside, start, start + len(inside))
    return None


def _after_stands_for(text: str, short: str, letters: str) -> Expansion | None:
    """ "BRIN stands for Block Range Index.": the words after, to the end of the phrase."""
    pattern = _abbreviation_at(short).pattern + r"\W{0,3}\s*(?:stands?|stood|is\s+short|is\s+an?\s+(?:abbreviation|acronym))\s+for\s+"
    for match in re.finditer(pattern, text, 0 if short.isupper() else re.I):
        rest = text[match.end():match.end() + 200]
        phrase = rest[:end.start()] if (end := _ENDS_LONG_FORM.search(rest)) else rest
        phrase = phrase.strip().strip("\"'“”‘’")
        if phrase and _long_form_start(letters, phrase) == 0:
            start = text.index(phrase, match.end())
            return Expansion(phrase, start, start + len(phrase))
    return None


def _under_term_line(text: str, short: str, letters: str) -> Expansion | None:
    """A glossary's term on a line of its own, its description opening with the long form: "EAFP" above "Easier to
    ask for forgiveness than permission. This common Python coding style ..."."""
    for match in re.finditer(rf"(?m)^[ \t]*{re.escape(short)}[ \t]*:?[ \t]*\n\s*", text, 0 if short.isupper() else re.I):
        rest = text[match.end():match.end() + 200]
        phrase = rest[:end.start()] if (end := _ENDS_LONG_FORM.search(rest)) else rest
        phrase = " ".join(phrase.split()[:2 * len(letters) + 2])
        start = _long_form_start(letters, phrase)
        if start == 0 and len(phrase.split()) <= 2 * len(letters):
            at = match.end()
            return Expansion(text[at:at + len(phrase)], at, at + len(phrase)) if text.startswith(phrase, at) else None
    return None


def _long_form_start(letters: str, phrase: str) -> int | None:
    """Where the long form of letters starts in phrase, matched from the end (Schwartz and Hearst): each letter or digit
    of the abbreviation found in order, the first at the start of a word; None when they are not all there."""
    text = phrase.lower()
    at = len(text) - 1
    wanted = [c for c in letters if c.isalnum()]
    for i in range(len(wanted) - 1, -1, -1):
        c = wanted[i]
        while at >= 0 and (text[at] != c or (i == 0 and at > 0 and text[at - 1].isalnum())):
            at -= 1
        if at < 0:
            return None
        at -= 1
    start = at + 1
    word_start = max(text.rfind(" ", 0, start), text.rfind("\n", 0, start)) + 1
    return word_start
