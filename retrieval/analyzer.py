"""Turn text into BM25 terms: lowercase, fold diacritics, drop stopwords, British spellings as American, irregular verb
forms as their base form, light stemming."""

from __future__ import annotations

import re
import unicodedata

from docent.retrieval.irregular import base_form
from docent.retrieval.spelling import american

ANALYZER_VERSION = 9  # 3: a word whose stem is a stopword keeps its own term; 4: British spellings as American;
# 5: irregular verb forms as their base form; 6: but led, fed, hid and made; 7: a four-letter word loses its final e
# as its inflections do ("type", "typing"), and "used", "using" are "use"; 8: "-ied" as "-y" ("copied");
# 9: "-ies" and "-ied" stem as their "-y" word does ("families", "family"), and "-ply" keeps its "ly" ("apply")

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
    """A light suffix stripper: plurals, -ing, -ed, -ly; never shortens below three letters."""
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith(("ies", "ied")) and len(word) > 4:
        return stem(word[:-3] + "y")  # "copies", "copied" as "copy"; "applies" as "apply"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed", "ly"):
        if suffix == "ly" and word.endswith("ply"):
            break  # "apply", "reply", "supply" are no adverbs
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
        if suffix != "ly" and word.endswith(suffix) and _VOWEL_CONSONANT.fullmatch(word[: -len(suffix)]):
            return word[: -len(suffix)] + "e"  # "used", "using" -> "use"; "aged" -> "age"
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if len(word) > 3 and word.endswith("e") and word[:-1] not in STOPWORDS:
        word = word[:-1]  # "file", "filed", "filing" -> "fil"; "note" keeps its e ("not" is a stopword)
    return word


_VOWEL_CONSONANT = re.compile(r"[aeiou][b-df-hj-np-tv-z]")


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
