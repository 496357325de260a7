"""Whether a question leans on the conversation before it ("What did he say?", "And its boats?"), or stands alone.

A question that stands alone is answered from its own words: searching with the previous question too would
let the earlier subject outrank the new one ("Which option prints okapis?" after a question about a
--giraffe option quoted the giraffe sentence), and the earlier turns would only lengthen the prompt.
"""

from __future__ import annotations

import re

from docent.retrieval.analyzer import analyze

# Words that point back to something said before. ("there" is left out: "Is there a limit ...?" stands alone.)
REFERRING = frozenset(
    "it its it's itself they them their theirs themselves he him his she her hers this that these those such "
    "same former latter one ones else".split()
)
OPENERS = ("and", "but", "also", "so", "then", "what about", "how about", "and what", "why not")
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
MIN_OWN_TERMS = 2  # a question with fewer searchable words of its own ("Why?", "When was that?") needs the last one
# Uses of these words that point nowhere: "it" before what it stands for ("Why is it bad to leave DEBUG on?", "Is it
# true that ..."), "that" after a noun it qualifies ("the setting that controls ..."), "one" as anybody ("How does
# one ...").
_JUDGED = (r"(?:(?:a\s+)?(?:good|bad)\s+idea|possible|impossible|safe|unsafe|bad|good|better|best|ok|okay|wise|"
           r"necessary|advisable|recommended|true|worth|allowed|required|normal|hard|easy|important|wrong|useful|risky)")
_POINTS_NOWHERE = re.compile(
    rf"\b(?:is|was|would|will)\s+it\s+(?:be\s+)?(?:\w+\s+)?{_JUDGED}\s+(?:to|that|if)\b"
    rf"|\bit(?:'s|\s+is|\s+was)\s+(?:\w+\s+)?{_JUDGED}\s+(?:to|that|if)\b"
    r"|\b(?:do|does|can|could|should|would|must|might)\s+one\b", re.I)


def refers_back(question: str) -> bool:
    """Whether the question needs the earlier turns to be understood."""
    words = [w.lower() for w in _WORD.findall(question)]
    if not words:
        return True
    start = " ".join(words[:2])
    if any(start == opener or start.startswith(opener + " ") for opener in OPENERS):
        return True
    if len(analyze(question)) < MIN_OWN_TERMS:
        return True
    return any(w in REFERRING for w in _WORD.findall(_relative_that(_POINTS_NOWHERE.sub(" ", question)).lower()))


def _relative_that(question: str) -> str:
    """The question without each "that" that follows a word it qualifies (a word the index searches for)."""
    return re.sub(r"\b([^\W_]+)\s+that\b", lambda m: m.group() if not analyze(m.group(1)) else m.group(1), question, flags=re.I)
