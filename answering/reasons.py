"""The reason a sentence gives, stated on its own: the direct answer to a "why" question answered by a quote.

"Because MD5sum database may be tampered by the intruder, debsums(1) is of limited use as a security tool."
gives "Because MD5sum database may be tampered by the intruder"; "The problem is that cbc-plain has a fingerprint
vulnerability; ..." gives "cbc-plain has a fingerprint vulnerability".
"""

from __future__ import annotations

import re

REASON_WORDS = 20  # a longer reason is not stated apart: the quote gives it
# Words that open a clause giving a cause, looked for first, then those giving a purpose.
_CAUSE = re.compile(r"\b(?:because(?: of)?|due to(?! be\b)|owing to|as a result of|in protest (?:at|against|of)|to protest"
                    r"|(?:as a|in) (?:reaction|response|retaliation) (?:to|for)|for fear of)\b", re.I)
_PURPOSE = re.compile(r"\b(?:so that|in order to|to avoid|to prevent)\b", re.I)
# Before a purpose's "to", words that make it no purpose: "we want to avoid", "it is hard to prevent".
_NOT_PURPOSE = re.compile(r"\b(?:want|wants|need|needs|hard|difficult|easy|reason|best|better|try|tries|tried|way|how|no"
                          r"|should|must|can|could|is|are|was|were)\s+$", re.I)
# A sentence that names its reason: "The reason is that ...", "The problem is ..." (not "The problem was fixed").
_REASON_IS = re.compile(r"\b(?:the|one|another|a) (?:main |only |real )?(?:reason|problem|cause|rationale)"
                        r"(?: for (?:this|that|it))? (?:is|was)(?: that)?\s+(?!(?:not|unclear|unknown|simple|obvious|clear"
                        r"|uncertain|fixed|solved|resolved|described|explained|discussed|below|above|as follows)\b)", re.I)
# Where a reason's clause ends: a semicolon, a colon or a dash before a space, the end of the sentence, a comma before
# another clause, or "and" opening a clause of its own ("... to protest the arrest and have since blocked traffic").
_CLAUSE_END = re.compile(r"\s*(?:;|:\s|\s[–—-]\s|\.$|\.\s+(?=[A-Z]))|,\s+(?:then|but|so|which|while|whereas|although|though)\b"
                         r"|\s+and (?:have|has|had|was|were|is|are|will|would)\b")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|al)|\b[A-Z])$")  # "e.g. in MSVS", "The U.S. ...": no end
_SAYS_NOTHING = re.compile(r"(?:because of|due to|owing to) (?:this|that|it|these|those)$", re.I)
_CAPITALISED_FIRST = frozenset("because due owing as in to so for the a an it this there they we you".split())


def stated_reason(sentence: str) -> str | None:
    """The clause of the sentence that gives a cause or purpose, at most REASON_WORDS words; None when it has none."""
    text = " ".join(sentence.split())
    clause = _clause(text)
    if clause is None:
        return None
    clause = _within_words(_to_clause_end(clause).rstrip(" ,.?!"))
    if not clause or _SAYS_NOTHING.fullmatch(clause) or not _balanced(clause):
        return None
    first = clause.split()[0]
    return clause[:1].upper() + clause[1:] if first.lower() in _CAPITALISED_FIRST else clause


def _clause(text: str) -> str | None:
    """The sentence from its reason on: after "The reason is", or from its first cause, else its first purpose."""
    named = _REASON_IS.search(text)
    if named:
        return text[named.end():]
    for marker in (_CAUSE, _PURPOSE):
        for found in marker.finditer(text):
            before = text[:found.start()]
            if before.endswith(("not ", "Not ")) or (marker is _PURPOSE and _NOT_PURPOSE.search(before)):
                continue  # "not because of the weather but ...", "we want to avoid ..."
            clause = text[found.start():]
            return _before_main_clause(clause) if not before.strip(" \"'“‘(") else clause  # "Because X, Y": X
    return None


def _to_clause_end(clause: str) -> str:
    for end in _CLAUSE_END.finditer(clause):
        if not (clause[end.start():end.start() + 1] == "." and _ABBREVIATION.search(clause, 0, end.start())):
            return clause[:end.start()]
    return clause


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
    return "" if _depth(clause) else clause


def _depth(text: str) -> int:
    return text.count("(") - text.count(")")


def _balanced(clause: str) -> bool:
    """Whether the clause closes every quotation it opens ("because of the protests,” the minister added" does not)."""
    return clause.count("“") == clause.count("”") and clause.count('"') % 2 == 0
