"""Turn text into BM25 terms: lowercase, fold diacritics, drop stopwords, British spellings as American, irregular verb
forms as their base form, light stemming."""

from __future__ import annotations

import re
import unicodedata

from docent.retrieval.irregular import base_form
from docent.retrieval.spelling import american

ANALYZER_VERSION = 16  # 3: a word whose stem is a stopword keeps its own term; 4: British spellings as American;
# 5: irregular verb forms as their base form; 6: but led, fed, hid and made; 7-9: (reverted in 10); 10: an inflection
# gets back the e of a one-syllable stem ("typing" as "type"), -ies/-ied as -y, "apply" and "daily" are no adverbs; 11: the
# plural of an abbreviation ending in u ("CPUs") is its singular; 12: but for a digit before it ("10us") and "gnus";
# 13: (measured, not kept); 14: an identifier joined by underscores in a heading is also its words; 15: (reverted in
# 16: a question's filler adverbs are dropped from the question, not from documents: answering/facts.py)

# Letters that Unicode does not decompose into a base letter plus a mark.
_FOLD_EXTRA = str.maketrans(
    {"đ": "d", "ø": "o", "ł": "l", "ß": "ss", "æ": "ae", "œ": "oe", "þ": "th", "ı": "i"}
)
_WORD = re.compile(r"\w+")
# ASCII text's words, found without a regex: every character but [A-Za-z0-9_] made a space, letters lowercased.
_ASCII_WORDS = str.maketrans({chr(c): " " if not (chr(c).isalnum() or chr(c) == "_") else chr(c).lower() for c in range(128)})

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves s t don""".split()
)


def fold(text: str) -> str:
    """Lowercase and strip diacritics, so that 'Vučić' becomes 'vucic'."""
    if text.isascii():  # nothing to fold: the common case, done fast
        return text.lower()
    # Decompose before lowercasing too: compatibility letters such as '𝓐' only become 'A' when decomposed.
    lowered = unicodedata.normalize("NFKD", text).lower().translate(_FOLD_EXTRA)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    """A light suffix stripper: plurals, -ing, -ed, -ly; never shortens below three letters. An inflection of a word
    ending in e gets its e back where the stem is one short syllable ("typing", "based", "used" as "type", "base",
    "use"), and -ies and -ied stem as their -y word does ("copies", "copied" as "copy")."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return stem(word[:-3] + "y")
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) or _ABBREVIATION_PLURAL.fullmatch(word):
        word = word[:-1]
    if word.endswith(("ing", "ed")):
        base = word[:-3] if word.endswith("ing") else word[:-2]
        if _SHORT_SYLLABLE.fullmatch(base) or _VOWEL_CONSONANT.fullmatch(base):
            return base + "e"
        word = base if len(base) >= 3 else word
    elif word.endswith("ly") and len(word) >= 5 and word[-3] not in "aeiouy" and word not in _NO_ADVERBS:
        word = word[:-2]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


# One short syllable that a final e followed ("typ" of "typing", "bas" of "based"): a consonant, a vowel and a
# consonant other than w, x or y ("fixed", "saying" and "stopped" had none; y is a vowel inside: "typ"); a vowel and a
# consonant ("us" of "used").
_SHORT_SYLLABLE = re.compile(r"[b-df-hj-np-tv-z][aeiouy][b-df-hj-np-tvz]")
_VOWEL_CONSONANT = re.compile(r"[aeiou][b-df-hj-np-tvz]")
# The plural of an abbreviation ending in u ("cpus", "nmus", "vcpus"): no vowel before its u, and no digit ("10us" is
# ten microseconds); "plus" and "thus" are words, and "gnus" (Emacs's newsreader) is no plural of GNU.
_ABBREVIATION_PLURAL = re.compile(r"(?!(?:plus|thus|gnus)$)[b-df-hj-np-tv-xz]+us")
# Words in -ly that are no adverbs though a consonant stands before their -ly ("family" and "daily" have a vowel).
_NO_ADVERBS = frozenset("apply reply supply comply imply multiply rally tally bully assembly anomaly monopoly".split())


_TERMS_MAX = 500_000


class _Terms(dict[str, str]):
    """word -> its term, "" for a stopword: a corpus repeats a small vocabulary. A word not yet remembered is
    worked out when looked up, and remembered while there is room."""

    def __missing__(self, word: str) -> str:
        term = "" if word in STOPWORDS else stem(base_form(american(word)))
        if term in STOPWORDS:  # "thes" stems to "the": a word that is no stopword keeps a term of its own
            term = word
        if len(self) < _TERMS_MAX:
            self[word] = term
        return term


_TERMS = _Terms()


def words_of(text: str) -> list[str]:
    """The words of a text, folded: what _WORD finds in fold(text)."""
    if text.isascii():
        return text.translate(_ASCII_WORDS).split()
    return _WORD.findall(fold(text))


def analyze(text: str) -> list[str]:
    """The BM25 terms of a text, in order."""
    return list(filter(None, map(_TERMS.__getitem__, words_of(text))))


def analyze_heading(text: str) -> list[str]:
    """The terms of a heading: an identifier joined by underscores ("history_file") is a term, and so is each of its
    words, so that "history file" finds the section that describes it."""
    words = words_of(text)
    if "_" in text:
        words = [part for word in words for part in _with_parts(word)]
    return list(filter(None, map(_TERMS.__getitem__, words)))


def _with_parts(word: str) -> list[str]:
    parts = [part for part in word.split("_") if part]
    return [word, *parts] if len(parts) > 1 else [word]
