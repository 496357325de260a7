"""Build the prompt: fixed instructions, then numbered passages, then the question."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from docent.answering.llm import ChatModel
from docent.answering.types import Message, Turn
from docent.retrieval.bm25_index import ScoredPassage

NO_ANSWER = "The documents don't say."

# Kept byte-for-byte stable and first, so that llama.cpp reuses its cached prefix between questions.
INSTRUCTIONS = (
    "You answer questions using only the numbered sources the user gives you.\n"
    "Reply in one or two short sentences. End each sentence with the number of the source "
    "it comes from, in square brackets, like [1].\n"
    f"If the sources do not answer the question, reply exactly: {NO_ANSWER}"
)
SHORT_INSTRUCTIONS = (
    "Answer the question in one short sentence, using only the sources, and cite the source like [1]. "
    f"If the sources do not say, reply: {NO_ANSWER}"
)
EXAMPLE = (
    Message("user", "Sources:\n\n[1] Harbour news\nThe ferry to Tallinn leaves at 9:30 every morning.\n\n"
            "Question: When does the ferry to Tallinn leave?"),
    Message("assistant", "The ferry to Tallinn leaves at 9:30 every morning [1]."),
)


@dataclass(frozen=True)
class PromptStyle:
    """How the prompt is laid out; the defaults are what measured best on the development set."""

    instructions: str = INSTRUCTIONS
    example: bool = False  # a worked question and answer after the instructions
    question_first: bool = False  # the question also before the sources, not only after
    best_last: bool = False  # list the best source last, nearest the question (numbers unchanged)

# Chat-template markers and bracketed numbers inside documents are text, not structure.
_TEMPLATE_MARKER = re.compile(r"<\|([^|<>]{0,40})\|>|</?s>|\[/?INST\]|<<SYS>>|<</SYS>>", re.IGNORECASE)
SOURCE_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


class ContextTooSmall(Exception):
    """Not even one passage fits in the model's context window."""


@dataclass(frozen=True)
class FittedPrompt:
    prompt: str
    passages: list[ScoredPassage]  # the passages in the prompt, numbered from 1
    tokens: int
    question: str = ""


_DEFUSE = str.maketrans({"<": "‹", ">": "›", "[": "(", "]": ")"})


def neutralise(text: str) -> str:
    """Document text made inert: template markers defused, bracketed numbers turned to (n)."""
    text = _TEMPLATE_MARKER.sub(lambda match: match.group(0).translate(_DEFUSE), text)
    return SOURCE_MARKER.sub(r"(\1)", text)


def sources_block(passages: list[ScoredPassage], best_last: bool = False) -> str:
    parts = []
    for n, scored in enumerate(passages, start=1):
        passage = scored.passage
        parts.append(f"[{n}] {neutralise(passage.title)}\n{neutralise(passage.text)}")
    return "\n\n".join(reversed(parts) if best_last else parts)


def build_messages(
    question: str, passages: list[ScoredPassage], history: Sequence[Turn] = (), style: PromptStyle = PromptStyle()
) -> list[Message]:
    """Instructions (and the example), then earlier turns, then the sources and the question."""
    messages = [Message("system", style.instructions), *(EXAMPLE if style.example else ())]
    for turn in history:
        messages += [Message("user", neutralise(turn.question)), Message("assistant", turn.answer)]
    asked = f"Question: {neutralise(question)}"
    user = f"Sources:\n\n{sources_block(passages, style.best_last)}\n\n{asked}"
    return messages + [Message("user", f"{asked}\n\n{user}" if style.question_first else user)]


def fit_prompt(
    question: str,
    passages: list[ScoredPassage],
    model: ChatModel,
    reply_tokens: int,
    history: Sequence[Turn] = (),
    style: PromptStyle = PromptStyle(),
) -> FittedPrompt:
    """The prompt that fits beside the reply: the oldest turns go first, then the lowest-ranked passages."""
    budget = model.n_ctx - reply_tokens
    shown, kept = list(passages), list(history)
    while shown:
        prompt = model.render(build_messages(question, shown, kept, style))
        tokens = model.count_tokens(prompt)
        if tokens <= budget:
            return FittedPrompt(prompt, shown, tokens, question)
        if kept:
            kept.pop(0)
        else:
            shown.pop()
    raise ContextTooSmall(
        f"the context window ({model.n_ctx} tokens) is too small for the instructions, "
        f"the question, one passage and a {reply_tokens}-token reply; "
        "raise --ctx (--server-ctx for a server) or lower --max-tokens"
    )
