"""The fact of the best sentence that the model finds likeliest: the candidates' rank, settled by the model.

The ranking of answering/candidates.py picks the sentence that answers and, often, the right fact of it;
where a sentence holds several facts of the kind asked for ("increased from 1,500 to 5,000", "NATO ... KFOR"),
the model, which reads the question and the sources whole, tells them apart better than the words around
each fact. Each candidate of the best candidate's sentence gets the model's mean log-probability of it, as the
start of its reply to the prompt, added to its score with a small weight. Candidates of other sentences are
not re-ranked: there the ranking, which weighs how well each sentence matches the question, measured better
(bench/results/quality.md), and the sentence quoted and checked stays the one the ranking chose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from docent.answering.candidates import Candidate
from docent.answering.llm import ChatModel


def rescored(found: Sequence[Candidate], model: ChatModel, prompt: str, weight: float, count: int) -> list[Candidate]:
    """The candidates with those of the best one's sentence (among the first count) re-ranked by score + weight x
    the model's log-probability of each, ahead of the rest; unchanged when the weight is 0, when that sentence
    holds one candidate only, or when the model cannot tell."""
    if weight <= 0 or not found:
        return list(found)
    same = [c for c in found[:count] if c.sentence == found[0].sentence]
    rest = [c for c in found if c not in same]
    likelihoods = model.likelihoods(prompt, [c.text for c in same]) if len(same) > 1 else None
    if likelihoods is None:
        return list(found)
    same = [replace(c, score=c.score + weight * likelihood) for c, likelihood in zip(same, likelihoods, strict=True)]
    return sorted(same, key=lambda c: -c.score) + rest
