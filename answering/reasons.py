"""The reason a sentence gives, stated on its own: the direct answer to a "why" question answered by a quote.

"Because MD5sum database may be tampered by the intruder, debsums(1) is of limited use as a security tool."
gives "Because MD5sum database may be tampered by the intruder"; "The problem is that cbc-plain has a fingerprint
vulnerability, where ..." gives "cbc-plain has a fingerprint vulnerability".
"""

from __future__ import annotations

import re

REASON_WORDS = 20  # a longer reason is not stated apart: the quote gives it
# Words that open a clause giving a cause or a purpose.
_CAUSE = re.compile(r"\b(?:because(?: of)?|due to|owing to|as a result of|in protest (?:at|against|of)|to protest|so that"
                    r"|in order to|to avoid|to prevent|for fear of|(?:as a|in) (?:reaction|response|retaliation) (?:to|for))\b",
                    re.I)
# A sentence that names its reason: "The reason is that ...", "The problem is ...".
_REASON_IS = re.compile(r"\b(?:the|one|another|a) (?:main |only |real )?(?:reason|problem|cause|rationale)"
                        r"(?: for (?:this|that|it))? (?:is|was)(?: that)?\s+", re.I)
# Where the clause of a reason ends: a semicolon, a colon, a dash, the sentence's end, or "and" opening a clause of its
# own ("... to protest the arrest and have since blocked traffic").
_CLAUSE_END = re.compile(r"\s*(?:[;:]|\s[–—-]\s|\.$|\.\s)|\s+and (?:have|has|had|was|were|is|are|will|would)\b")


def stated_reason(sentence: str) -> str | None:
    """The clause of the sentence that gives a cause or purpose, at most REASON_WORDS words; None when it has none."""
    text = " ".join(sentence.split())
    named = _REASON_IS.search(text)
    if named:
        clause = text[named.end():]
    else:
        cause = _CAUSE.search(text)
        if cause is None:
            return None
        clause = text[cause.start():]
        if not text[:cause.start()].strip(" \"'“‘("):
            clause = _before_main_clause(clause)  # "Because X, Y": the reason is X
    end = _CLAUSE_END.search(clause)
    clause = clause[:end.start()] if end else clause
    return _within_words(clause.rstrip(" ,.")) or None


# A comma inside a list: "smallserial, serial and bigserial", "A, B, C".
_LISTED = re.compile(r"[\w-]+(?: [\w-]+)? (?:and|or)\b|[\w-]+(?: [\w-]+)?,")


def _before_main_clause(clause: str) -> str:
    """An opening clause ("Because X, Y") up to the comma that ends it: the first one that does not join a list."""
    at = clause.find(", ")
    while at >= 0 and _LISTED.match(clause, at + 2):
        at = clause.find(", ", at + 2)
    return clause[:at] if at >= 0 else clause


def _within_words(clause: str) -> str:
    """The clause, or its part before a parenthesis or the last comma within REASON_WORDS words; empty when none
    fits."""
    if len(clause.split()) > REASON_WORDS and "(" in clause:
        clause = clause[:clause.index("(")].rstrip(" ,")  # an aside in parentheses is no part of the reason
    while len(clause.split()) > REASON_WORDS:
        commas = [i for i in range(len(clause)) if clause.startswith(", ", i) and _depth(clause[:i]) == 0]
        if not commas:
            return ""
        clause = clause[:commas[-1]]
    if _depth(clause):
        return ""
    return clause[:1].upper() + clause[1:] if clause[:1].islower() and clause.split()[0].isalpha() else clause


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")
