"""A chat model served by an OpenAI-compatible server (llama.cpp's llama-server, vLLM, ...), streamed over HTTP.

Its prompt is the JSON list of chat messages that POST /v1/chat/completions takes: the server applies
the model's chat template itself. Retrieval, citations and their checks stay with docent.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Sequence
from typing import Any

from docent.answering.llm import GenerationSettings
from docent.answering.server_http import BadReply, HttpError, ServerClient, ServerError, StreamCut, one_line
from docent.answering.server_tokens import ServerTokenCounter
from docent.answering.types import Message

DEFAULT_SERVER_CTX = 2048  # used when neither the settings nor the server give the context size
CHAT_PATH = "/v1/chat/completions"


def context_from_props(props: Any) -> int | None:
    """llama-server's GET /props: default_generation_settings.n_ctx, the context of one slot."""
    settings = props.get("default_generation_settings") if isinstance(props, dict) else None
    n_ctx = settings.get("n_ctx") if isinstance(settings, dict) else None
    return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None


def context_from_model(entry: dict[str, Any]) -> int | None:
    """vLLM's GET /v1/models entry: max_model_len."""
    n_ctx = entry.get("max_model_len")
    return n_ctx if isinstance(n_ctx, int) and n_ctx > 0 else None


def first_choice(event: Any) -> dict[str, Any]:
    """The first entry of a chat chunk's "choices" ({} when it has none)."""
    choices = event.get("choices") if isinstance(event, dict) else None
    return choices[0] if isinstance(choices, list) and choices and isinstance(choices[0], dict) else {}


def finish_reason(event: Any) -> str | None:
    """Why the server ended its reply ("stop", "length"), given in the last chunk; None in the others."""
    reason = first_choice(event).get("finish_reason")
    return reason if isinstance(reason, str) else None


class ServerModel:
    """Answers with a model on a server; load() checks that the server answers and has the model."""

    def __init__(self, client: ServerClient, model: str | None = None, n_ctx: int | None = None) -> None:
        self.client = client
        self.model_id = model  # sent as "model" in each request; None until load() reads the server's list
        self.name = model or client.base_url
        self.configured_ctx = n_ctx
        self._n_ctx = n_ctx or DEFAULT_SERVER_CTX
        self.ctx_source = "settings" if n_ctx else "default"
        self.tokens: ServerTokenCounter | None = None
        self._lock = threading.Lock()

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    def load(self) -> None:
        with self._lock:
            if self.tokens is None:
                entry = self._choose_model()
                self._find_context(entry)
                counter = ServerTokenCounter(self.client, self.model_id)
                counter.probe()
                self.tokens = counter

    def _listed_models(self) -> list[dict[str, Any]] | None:
        """The entries of GET /v1/models; None when the server has no such route."""
        try:
            reply = self.client.get_json("/v1/models")
        except HttpError as error:
            if error.status == 404:
                return None
            raise
        data = reply.get("data") if isinstance(reply, dict) else None
        return [entry for entry in data or [] if isinstance(entry, dict) and isinstance(entry.get("id"), str)]

    def _choose_model(self) -> dict[str, Any]:
        """The server's entry for the model to use: the one named in the settings, else the first listed."""
        listed = self._listed_models()
        if not listed:
            return {}
        by_id = {entry["id"]: entry for entry in listed}
        if self.model_id is None:
            self.model_id = listed[0]["id"]
        elif self.model_id not in by_id:
            raise self.client.error(
                f"the server at {self.client.base_url} has no model {self.model_id!r}; "
                f"it serves: {', '.join(sorted(by_id)[:10])} (set server_model to one of these)"
            )
        self.name = self.model_id
        return by_id[self.model_id]

    def _find_context(self, entry: dict[str, Any]) -> None:
        if self.configured_ctx:
            return
        found = context_from_model(entry)
        if found is None:
            try:
                found = context_from_props(self.client.get_json("/props"))
            except (HttpError, BadReply):  # not llama-server
                found = None
        if found:
            self._n_ctx, self.ctx_source = found, "server"

    def render(self, messages: list[Message]) -> str:
        return json.dumps([{"role": m.role, "content": m.content} for m in messages], ensure_ascii=False)

    def count_tokens(self, prompt: str) -> int:
        self.load()
        assert self.tokens is not None  # load() sets it
        return self.tokens.count_messages(json.loads(prompt))

    def request_body(self, prompt: str, settings: GenerationSettings) -> dict[str, Any]:
        body: dict[str, Any] = {
            "messages": json.loads(prompt),
            "stream": True,
            "max_tokens": settings.max_tokens,
            "temperature": settings.temperature,
            "stop": list(settings.stop),
        }
        if self.model_id:
            body["model"] = self.model_id
        return body

    def stream(self, prompt: str, settings: GenerationSettings) -> Iterator[str]:
        self.load()
        events = self.client.post_events(CHAT_PATH, self.request_body(prompt, settings))
        finished = False  # a chunk with a finish_reason came: the reply is whole even if [DONE] does not follow
        try:
            for event in events:
                finished = finished or finish_reason(event) is not None
                text = self._text_of(event)
                if text:
                    yield text
        except StreamCut:
            if not finished:
                raise
        except HttpError as error:
            raise self._explained(error) from None
        finally:
            events.close()

    def likelihoods(self, prompt: str, replies: Sequence[str]) -> list[float] | None:
        return None  # the chat route returns no log-probabilities of a given reply

    def _text_of(self, event: Any) -> str:
        """The reply text in a streamed chunk (delta) or in a whole, unstreamed reply (message)."""
        if not isinstance(event, dict):
            return ""
        if event.get("error"):
            detail = event["error"].get("message") if isinstance(event["error"], dict) else event["error"]
            raise self.client.error(f"the server at {self.client.base_url} stopped with an error: {one_line(str(detail))}")
        choice = first_choice(event)
        part = choice.get("delta") or choice.get("message") or {}
        content = part.get("content") if isinstance(part, dict) else None
        return content if isinstance(content, str) else ""

    def _explained(self, error: HttpError) -> ServerError:
        """A 404 from the chat route: the model is unknown, or the address is not an OpenAI-compatible server."""
        if error.status != 404:
            return error
        if "model" in error.detail.lower():
            return self.client.error(
                f"the server at {self.client.base_url} has no model {self.model_id or '(none named)'!r}: {error.detail}"
            )
        return self.client.error(
            f"the server at {self.client.base_url} has no {CHAT_PATH} (HTTP 404); "
            "is this the address of an OpenAI-compatible server?"
        )
