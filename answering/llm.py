"""What answering needs from a language model, whichever runs it."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from docent.answering.types import Message


class ModelError(Exception):
    """The model cannot be loaded or run."""


@dataclass(frozen=True)
class GenerationSettings:
    max_tokens: int = 48
    temperature: float = 0.0
    stop: tuple[str, ...] = field(default=("\n\n\n",))
    # When given, the reply is one of these strings: a model that can constrain its decoding (llama.cpp's
    # grammars) picks one; others reply freely and the checks decide.
    choices: tuple[str, ...] = ()


def choice_grammar(choices: tuple[str, ...]) -> str:
    """A GBNF grammar whose only sentences are the choices."""
    return "root ::= " + " | ".join(_gbnf_literal(c) for c in choices) + "\n"


def _gbnf_literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{escaped}"'


class ChatModel(Protocol):
    name: str

    @property
    def n_ctx(self) -> int: ...

    def load(self) -> None:
        """Make the model ready; calling it again does nothing."""

    def render(self, messages: list[Message]) -> str:
        """The prompt for messages, ready for a reply: text in the model's own chat template, or for a
        model on a server, the JSON messages of its chat request (the server applies the template)."""

    def count_tokens(self, prompt: str) -> int:
        """Tokens in a rendered prompt, by the model's own tokenizer (or a safe estimate of them)."""

    def stream(self, prompt: str, settings: GenerationSettings) -> Iterator[str]:
        """The reply to a rendered prompt, one token's text at a time; closing it stops generation."""

    def likelihoods(self, prompt: str, replies: Sequence[str]) -> list[float] | None:
        """How likely the model finds each reply to a rendered prompt: its mean log-probability per token;
        None when the model cannot tell (a server's chat route gives no such figures)."""
