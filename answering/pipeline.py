"""Answer a question: retrieve passages, abstain or prompt the model, stream and cite."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from answering.citations import CitingStream, is_abstention, resolve_citations
from answering.llm import ChatModel, GenerationSettings
from answering.prompt import NO_ANSWER, fit_prompt
from answering.types import Answer, Timings, TokenCounts, Turn
from retrieval.bm25_index import BM25Index, ScoredPassage

NOT_IN_CORPUS = "The documents don't say: no passage in the corpus matches this question."


@dataclass(frozen=True)
class AnswerSettings:
    top_k: int = 4
    min_score: float = 1.0  # best BM25 score below this: abstain without calling the model
    generation: GenerationSettings = field(default_factory=GenerationSettings)


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Answerer:
    """Answers questions about one indexed corpus with one model."""

    def __init__(self, index: BM25Index, model: ChatModel, settings: AnswerSettings = AnswerSettings()) -> None:
        self.index = index
        self.model = model
        self.settings = settings

    def retrieve(self, question: str, history: Sequence[Turn] = ()) -> list[ScoredPassage]:
        """The best passages for question; a follow-up also searches with the previous question."""
        query = f"{history[-1].question} {question}" if history else question
        return self.index.search(query, self.settings.top_k)

    def ask(
        self,
        question: str,
        on_text: Callable[[str], None] = lambda text: None,
        should_stop: Callable[[], bool] = lambda: False,
        history: Sequence[Turn] = (),
    ) -> Answer:
        """The answer to question; on_text receives the checked text as it streams.

        should_stop is polled after every token; when it returns True generation ends and the
        answer is marked stopped. history holds earlier turns of the conversation, oldest first.
        """
        started = time.perf_counter()
        found = self.retrieve(question, history)
        retrieval_ms = _ms(time.perf_counter() - started)
        if not found or found[0].score < self.settings.min_score:
            on_text(NOT_IN_CORPUS)
            return Answer(
                question, NOT_IN_CORPUS, True, [], found, self.model.name,
                Timings(retrieval_ms=retrieval_ms, total_ms=retrieval_ms),
            )
        self.model.load()
        return self._generate(question, found, retrieval_ms, on_text, should_stop, list(history))

    def _generate(self, question, found, retrieval_ms, on_text, should_stop, history) -> Answer:
        settings = self.settings.generation
        begun = time.perf_counter()
        fitted = fit_prompt(question, found, self.model, settings.max_tokens, history)
        stream, cleaner = self.model.stream(fitted.prompt, settings), CitingStream(fitted.passages)
        parts, completion, first_token_at, stopped = [], 0, None, False
        try:
            for chunk in stream:
                if first_token_at is None:
                    first_token_at = time.perf_counter()
                completion += 1
                parts.append(cleaner.feed(chunk))
                on_text(parts[-1])
                if should_stop():
                    stopped = True
                    break
        finally:
            stream.close()
        parts.append(cleaner.finish())
        on_text(parts[-1])
        ended = time.perf_counter()
        first_token_at = first_token_at or ended
        text = "".join(parts).strip()
        citations = resolve_citations(text, fitted.passages)
        if not text and not stopped:
            text = NO_ANSWER
        abstained = not citations and is_abstention(text)
        return Answer(
            question=question,
            text=text,
            abstained=abstained,
            citations=citations,
            passages=fitted.passages,
            model=self.model.name,
            timings=Timings(
                retrieval_ms=retrieval_ms,
                prompt_ms=_ms(first_token_at - begun),
                generation_ms=_ms(ended - first_token_at),
                total_ms=retrieval_ms + _ms(ended - begun),
            ),
            tokens=TokenCounts(prompt=fitted.tokens, completion=completion),
            stopped=stopped,
        )
