"""What an answer is made of, as it crosses from answering to the interfaces."""

from __future__ import annotations

from dataclasses import dataclass, field

from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage


@dataclass(frozen=True)
class Message:
    role: str  # "system", "user" or "assistant"
    content: str


@dataclass(frozen=True)
class Turn:
    """An earlier question and its answer, for follow-up questions."""

    question: str
    answer: str


@dataclass(frozen=True)
class Citation:
    n: int  # the number the passage had in the prompt, as written in the answer: [n]
    passage: Passage
    support: float = 1.0  # share of the cited sentence's terms found in the passage
    verified: bool = True  # support is enough and every number of the sentence is in the passage


@dataclass(frozen=True)
class Timings:
    retrieval_ms: float = 0.0
    prompt_ms: float = 0.0
    generation_ms: float = 0.0
    total_ms: float = 0.0


@dataclass(frozen=True)
class TokenCounts:
    prompt: int = 0
    completion: int = 0


@dataclass(frozen=True)
class Answer:
    question: str
    text: str
    abstained: bool
    citations: list[Citation]
    passages: list[ScoredPassage]  # the passages shown to the model, numbered from 1
    model: str
    timings: Timings = field(default_factory=Timings)
    tokens: TokenCounts = field(default_factory=TokenCounts)
    stopped: bool = False  # generation was cancelled; text is what came before
    unsupported: list[str] = field(default_factory=list)  # numbers and names found in no shown passage
    withheld: str = ""  # the model's reply, when it was not grounded in the evidence and was replaced
