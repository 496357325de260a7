"""Which evidence sentence reads as the answer to "why" or "what is": one that gives a cause, or says what a thing is.

BM25 ranks the sentences that share the question's words; among the best few, the one shaped like an answer
("This avoids their double execution ...", "An evil merge is a merge that ...") is shown first, to the model
and as the quote.
"""

from __future__ import annotations

import re

from docent.answering.evidence import PROSE, Evidence, Sentence
from docent.answering.facts import DEFINITION, REASON

SHAPED_AMONG = 3  # how many of the best sentences are looked at (2, 3 and 4 measured; bench/results/quality.md)

_SHAPES = {
    REASON: re.compile(r"\b(?:because|due to|owing to|so that|in order to|arises from|the reason|avoids?|prevents?|"
                       r"otherwise|as a workaround|this is why|that is why|therefore|hence)\b", re.I),
    # what the thing is, said in the sentence's first words: "An evil merge is a ...", "(HBA stands for ...)"
    DEFINITION: re.compile(r"^\W*(?:\S+\s+){0,6}?(?:(?:is|are) (?:a|an|the|one)\b|stands? for\b|means\b|refers? to\b|"
                           r"is short for\b)", re.I),
}


def answer_shaped(evidence: Evidence) -> Sentence | None:
    """The first of the best few prose sentences shaped like an answer to the question's kind, if it has a shape."""
    shape = _SHAPES.get(evidence.kind.kind)
    best = evidence.sentences[:SHAPED_AMONG]
    return next((s for s in best if shape and s.kind == PROSE and s.quotable and shape.search(s.text)), None)
