"""Count the tokens of chat messages for a server model: by the server's tokenizer where it has one, else estimated."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from docent.answering.server_http import BadReply, HttpError, ServerClient
from docent.retrieval.token_count import count_tokens as count_cl100k

PER_MESSAGE_TOKENS = 8  # what a chat template adds around one message: role markers and separators
REPLY_PRIMER_TOKENS = 8  # what it adds to open the reply
ESTIMATE_FACTOR = 1.3  # cl100k tokens times this: above what the tokenizers of common open models give
PROBE_TEXT = "Kosovo closed the border crossing [1]."


@dataclass(frozen=True)
class TokenizeEndpoint:
    """One server's tokenize route: where it is and the request body it takes."""

    label: str
    path: str
    body: Callable[[str, str | None], dict[str, Any]]


TOKENIZE_ENDPOINTS = (
    TokenizeEndpoint("llama.cpp", "/tokenize", lambda text, model: {"content": text, "add_special": False}),
    TokenizeEndpoint(
        "llama-cpp-python", "/extras/tokenize/count", lambda text, model: {"input": text, **({"model": model} if model else {})}
    ),
    TokenizeEndpoint(
        "vLLM", "/tokenize", lambda text, model: {"model": model, "prompt": text, "add_special_tokens": False}
    ),
)


def tokens_in_reply(reply: Any) -> int | None:
    """The token count in a tokenize reply: {"count": n} or {"tokens": [...]}; None when it has neither."""
    if not isinstance(reply, dict):
        return None
    if isinstance(reply.get("count"), int):
        return reply["count"]
    if isinstance(reply.get("tokens"), list):
        return len(reply["tokens"])
    return None


def estimate_tokens(text: str) -> int:
    """A count that is safely high for most tokenizers, for servers that cannot tokenize."""
    return math.ceil(count_cl100k(text) * ESTIMATE_FACTOR)


class ServerTokenCounter:
    """Counts tokens with the first tokenize route the server answers, else by estimate."""

    def __init__(self, client: ServerClient, model: str | None) -> None:
        self._client = client
        self._model = model
        self._endpoint: TokenizeEndpoint | None = None
        self.count_text = lru_cache(maxsize=512)(self._count_text)

    @property
    def method(self) -> str:
        """How tokens are counted: the server kind whose tokenize route answers, or "estimate"."""
        return self._endpoint.label if self._endpoint else "estimate"

    def probe(self) -> None:
        """Find the server's tokenize route; an HTTP error or a reply that is not JSON: not this one."""
        for endpoint in TOKENIZE_ENDPOINTS:
            try:
                reply = self._client.post_json(endpoint.path, endpoint.body(PROBE_TEXT, self._model))
            except (HttpError, BadReply):
                continue
            if tokens_in_reply(reply):
                self._endpoint = endpoint
                return

    def _count_text(self, text: str) -> int:
        if self._endpoint is None or not text:
            return estimate_tokens(text)
        reply = self._client.post_json(self._endpoint.path, self._endpoint.body(text, self._model))
        counted = tokens_in_reply(reply)
        return counted if counted is not None else estimate_tokens(text)

    def count_messages(self, messages: list[dict[str, str]]) -> int:
        """Tokens of a chat request's messages, the template's additions included."""
        content = sum(self.count_text(message["content"]) for message in messages)
        return content + PER_MESSAGE_TOKENS * len(messages) + REPLY_PRIMER_TOKENS
