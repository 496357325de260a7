"""Answer a question: retrieve passages, abstain or prompt the model, stream and cite."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

from answering.citations import CitingStream, is_abstention, resolve_citations, without_citations
from answering.llm import ChatModel, GenerationSettings
from answering.plain_text import printable
from answering.prompt import NO_ANSWER, PromptStyle, fit_prompt
from answering.support import unsupported_facts
from answering.types import Answer, Timings, TokenCounts, Turn
from retrieval.bm25_index import BM25Index, ScoredPassage
from retrieval.evidence import best_sentences

NOT_IN_CORPUS = "The documents don't say: no passage in the corpus matches this question."
UNSUPPORTED = "The documents don't say: no sentence of the model's answer is supported by the passages shown."


@dataclass(frozen=True)
class AnswerSettings:
    top_k: int = 2
    # Abstain without the model when the best passage scores below this many times the idf of a
    # term found in one passage only (calibrated on bench/devset.jsonl by bench/quality.py).
    min_relevance: float = 1.11
    evidence_sentences: int = 0  # when > 0, show the model only this many best sentences of the passages
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    prompt: PromptStyle = field(default_factory=PromptStyle)
    require_support: bool = False  # an answer with no supported sentence becomes an abstention


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Answerer:
    """Answers questions about one indexed corpus with one model."""

    def __init__(self, index: BM25Index, model: ChatModel, settings: AnswerSettings = AnswerSettings()) -> None:
        self.index = index
        self.model = model
        self.settings = settings

    def retrieve(self, question: str, history: Sequence[Turn] = ()) -> list[ScoredPassage]:
        """What the model will see: the best passages, or their best sentences.

        A follow-up question also searches with the previous question.
        """
        query = f"{history[-1].question} {question}" if history else question
        found = self.index.search(query, self.settings.top_k)
        if self.settings.evidence_sentences and found:
            sentences = best_sentences(query, found, self.index.term_idf, self.settings.evidence_sentences)
            return sentences if sentences else found
        return found

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
        if not found or found[0].score < self.settings.min_relevance * self.index.rare_term_idf:
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
        fitted = fit_prompt(question, found, self.model, settings.max_tokens, history, self.settings.prompt)
        stream, cleaner = self.model.stream(fitted.prompt, settings), CitingStream(fitted.passages)
        parts, completion, first_token_at, stopped = [], 0, None, False
        try:
            for chunk in stream:
                if first_token_at is None:
                    first_token_at = time.perf_counter()
                completion += 1
                parts.append(cleaner.feed(printable(chunk)))
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
        citations = resolve_citations(text, fitted.passages, cleaner.checks)
        if not text and not stopped:
            text = NO_ANSWER
        withheld = ""
        if self.settings.require_support and not citations and not stopped and not is_abstention(text):
            withheld, text = text, UNSUPPORTED
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
            withheld=withheld,
            unsupported=[] if abstained else unsupported_facts(without_citations(text), [s.passage.text for s in fitted.passages]),
        )
