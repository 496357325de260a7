"""A model that replies with queued chunks: for tests and for trying the interface without weights."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence

from docent.answering.llm import GenerationSettings
from docent.answering.types import Message


class FakeModel:
    """Replies with the next queued list of chunks; counts one token per word of the prompt."""

    def __init__(
        self,
        replies: list[list[str]] | None = None,
        n_ctx: int = 2048,
        name: str = "fake",
        chunk_delay: float = 0.0,
        likelihoods: dict[str, float] | None = None,
    ) -> None:
        """likelihoods: the mean log-probability it gives a reply that starts with a key (others: 0)."""
        self.name = name
        self._n_ctx = n_ctx
        self.replies = list(replies or [])
        self.chunk_delay = chunk_delay
        self.prompts: list[str] = []
        self.settings: list[GenerationSettings] = []  # what each reply was asked with
        self.loaded = False
        self.scores = dict(likelihoods or {})

    @property
    def n_ctx(self) -> int:
        return self._n_ctx

    def queue(self, *chunks: str) -> None:
        self.replies.append(list(chunks))

    def load(self) -> None:
        self.loaded = True

    def render(self, messages: list[Message]) -> str:
        return "".join(f"<{m.role}>\n{m.content}\n" for m in messages) + "<assistant>\n"

    def count_tokens(self, prompt: str) -> int:
        return len(prompt.split())

    def stream(self, prompt: str, settings: GenerationSettings) -> Iterator[str]:
        self.prompts.append(prompt)
        self.settings.append(settings)
        chunks = self.replies.pop(0) if self.replies else ["The documents don't say."]
        pause = threading.Event()
        for chunk in chunks[: settings.max_tokens]:
            if self.chunk_delay:
                pause.wait(self.chunk_delay)
            yield chunk

    def likelihoods(self, prompt: str, replies: Sequence[str]) -> list[float] | None:
        return [next((v for k, v in self.scores.items() if reply.startswith(k)), 0.0) for reply in replies]
