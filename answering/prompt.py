"""Build the prompt: fixed instructions, then numbered passages, then the question."""

from __future__ import annotations

import re
from dataclasses import dataclass

from answering.llm import ChatModel
from answering.types import Message, Turn
from retrieval.bm25_index import ScoredPassage

NO_ANSWER = "The documents don't say."

# Kept byte-for-byte stable and first, so that llama.cpp reuses its cached prefix between questions.
INSTRUCTIONS = (
    "You answer questions using only the numbered sources the user gives you.\n"
    "Reply in one or two short sentences. End each sentence with the number of the source "
    "it comes from, in square brackets, like [1].\n"
    f"If the sources do not answer the question, reply exactly: {NO_ANSWER}"
)

# Chat-template markers and bracketed numbers inside documents are text, not structure.
_TEMPLATE_MARKER = re.compile(r"<\|([^|<>]{0,40})\|>|</?s>|\[/?INST\]|<<SYS>>|<</SYS>>", re.IGNORECASE)
_FAKE_SOURCE = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")


class ContextTooSmall(Exception):
    """Not even one passage fits in the model's context window."""


@dataclass(frozen=True)
class FittedPrompt:
    prompt: str
    passages: list[ScoredPassage]  # the passages in the prompt, numbered from 1
    tokens: int


_DEFUSE = str.maketrans({"<": "‹", ">": "›", "[": "(", "]": ")"})


def neutralise(text: str) -> str:
    """Document text made inert: template markers defused, bracketed numbers turned to (n)."""
    text = _TEMPLATE_MARKER.sub(lambda match: match.group(0).translate(_DEFUSE), text)
    return _FAKE_SOURCE.sub(r"(\1)", text)


def sources_block(passages: list[ScoredPassage]) -> str:
    parts = []
    for n, scored in enumerate(passages, start=1):
        passage = scored.passage
        parts.append(f"[{n}] {neutralise(passage.title)}\n{neutralise(passage.text)}")
    return "\n\n".join(parts)


def build_messages(question: str, passages: list[ScoredPassage], history: list[Turn] = ()) -> list[Message]:
    """Instructions, then earlier turns, then the sources and the question."""
    messages = [Message("system", INSTRUCTIONS)]
    for turn in history:
        messages += [Message("user", neutralise(turn.question)), Message("assistant", turn.answer)]
    user = f"Sources:\n\n{sources_block(passages)}\n\nQuestion: {neutralise(question)}"
    return messages + [Message("user", user)]


def fit_prompt(
    question: str,
    passages: list[ScoredPassage],
    model: ChatModel,
    reply_tokens: int,
    history: list[Turn] = (),
) -> FittedPrompt:
    """The prompt that fits beside the reply: the oldest turns go first, then the lowest-ranked passages."""
    budget = model.n_ctx - reply_tokens
    shown, kept = list(passages), list(history)
    while shown:
        prompt = model.render(build_messages(question, shown, kept))
        tokens = model.count_tokens(prompt)
        if tokens <= budget:
            return FittedPrompt(prompt, shown, tokens)
        if kept:
            kept.pop(0)
        else:
            shown.pop()
    raise ContextTooSmall(
        f"the context window ({model.n_ctx} tokens) is too small for the instructions, "
        f"the question, one passage and a {reply_tokens}-token reply; "
        "raise --ctx (--server-ctx for a server) or lower --max-tokens"
    )
