"""Where sentences end inside one unit of prose (a paragraph or a list item), line breaks being spaces.

A full stop ends a sentence only when the next word can start one: a lower-case word never does, and
after an abbreviation ("e.g.", "Dr.") or initials ("U.S.", "J.") neither does a capital. A stop not
followed by white space ("v2.6.32", "vm.rst", "3.5") is never a candidate at all.
"""

from __future__ import annotations

import re

# Sentence-final punctuation, the closing quotes and brackets after it, then white space or the end.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)")
_NEXT_WORD = re.compile(r"\s*((\S)[\w’']*)")
_INITIALS = re.compile(r"(?:[A-Za-z]\.)+")
_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+\.")  # "1.1." in "Table 1.1. List of packages"
_NUMBERED = frozenset("table figure fig. section chapter example listing part appendix step".split())
# A list label or section number alone at the start of a unit: "3." in "3. Run the translator."
_LABEL = re.compile(r"\s*[-*•]?\s*(?:\d+(?:\.\d+)*|[A-Za-z])[.)]")
# Abbreviations after which a capital does not start a sentence (lower-case, with their stop).
ABBREVIATIONS = frozenset(
    """e.g. i.e. cf. vs. viz. approx. ca. resp. al. dr. mr. mrs. ms. prof. st. sr. jr. mt. fig. figs. no. nos. vol.
    vols. ch. sec. secs. art. eq. eqs. ref. refs. ed. eds. op. cit. ibid. jan. feb. mar. apr. jun. jul. aug.
    sep. sept. oct. nov. dec. mon. tue. wed. thu. fri. sat. sun. inc. ltd. co. corp. dept. gen. gov. sen. rep.
    rev. hon. lt. col. capt. sgt. cmdr. adm. esp. incl. min. max. avg. std. ver. pp. p.""".split()
)
# Words that start sentences far more often than they follow initials such as "U.S.".
COMMON_STARTS = frozenset(
    """the a an this that these those it its he she they we you i in on at if when while for but and so then
    there here as after before since some many most all each no our my your his her their what which who how
    why where however also""".split()
)
# After these a capital may start a sentence, but a lower-case word shows that it does not.
_STARTERS = "\"'“‘«([`*<$"


def sentence_ends(text: str, start: int, end: int) -> list[int]:
    """Offsets just after each sentence-final punctuation in text[start:end] that ends a sentence."""
    ends = []
    for match in _CANDIDATE.finditer(text, start, end):
        if match.end() < end and _ends_sentence(text, match.start(), match.end(), end):
            if not _LABEL.fullmatch(text, start, match.end()):
                ends.append(match.end())
    return ends


def _ends_sentence(text: str, stop: int, after: int, end: int) -> bool:
    following = _NEXT_WORD.match(text, after, end)
    if following is None:
        return True
    first, next_word = following.group(2), following.group(1).lower()
    if "!" in text[stop:after] or "?" in text[stop:after]:
        return not first.islower()
    word = _word_before(text, stop)
    if first.islower():  # a lower-case word starts a sentence only as a name ("member may be ..."), after a plain word
        return text[stop] == "." and not text.startswith("..", stop) and _is_plain_word(word)
    if not (first.isupper() or first.isdigit() or first in _STARTERS):
        return False
    if text.startswith("..", stop) or text[stop] == "…":
        return first.isupper()
    if _SECTION_NUMBER.fullmatch(word):
        return _word_before(text, stop - len(word)).lower() not in _NUMBERED
    if _INITIALS.fullmatch(word) and len(word) > 2 and word.lower() not in ABBREVIATIONS:
        return next_word in COMMON_STARTS  # "in the U.S. The next ..." but "the U.S. Army"
    return not _is_abbreviation(word)


def _is_plain_word(word: str) -> bool:
    return len(word) > 3 and word[:-1].isalpha() and word.lower() not in ABBREVIATIONS and word.lower() != "etc."


def _word_before(text: str, stop: int) -> str:
    """The word the full stop at offset stop closes, with that stop, without opening brackets or quotes."""
    window = text[max(0, stop - 48):stop + 1].split()
    return window[-1].lstrip(_STARTERS) if window else ""


def _is_abbreviation(word: str) -> bool:
    if word.lower() in ABBREVIATIONS:
        return True
    # Initials: "J.", "U.S.", "e.g."; one lower-case letter ("a.") is more often a list label or the end of a
    # sentence such as "the size of array a.", so only capitals count alone.
    return bool(_INITIALS.fullmatch(word)) and (len(word) > 2 or word[0].isupper())
