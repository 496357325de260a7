"""Answer a question: retrieve passages, abstain or prompt the model, stream and cite."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from docent.answering.citations import CitingStream, is_abstention, resolve_citations, without_citations
from docent.answering.grounding import FactFinder, coverage, expected_kind, find_evidence, is_grounded, quoted_answer, unknown_share
from docent.answering.llm import ChatModel, GenerationSettings
from docent.answering.plain_text import printable
from docent.answering.prompt import NO_ANSWER, PromptStyle, fit_prompt
from docent.answering.support import unsupported_facts
from docent.answering.types import Answer, Citation, Timings, TokenCounts, Turn
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import BM25Index, ScoredPassage
from docent.retrieval.evidence import best_sentences

NOT_IN_CORPUS = "The documents don't say: no passage in the corpus matches this question."
NOT_COVERED = "The documents don't say: the passages found do not answer this question."


@dataclass(frozen=True)
class AnswerSettings:
    top_k: int = 2
    # Abstain without the model when the best passage scores below this many times the idf of a
    # term found in one passage only (calibrated on bench/devset.jsonl by bench/quality.py),
    # or when at least this share of the question's subject terms never occurs in the corpus (a question
    # in another language, or about something else; no question of bench/*.jsonl with an answer exceeds 0.38).
    min_relevance: float = 1.11
    max_unknown_share: float = 0.5
    # Show the model only this many best sentences of the passages (0: the whole passages): the prompt is
    # half as long, so answers come about twice as fast, at the same quality on the development set
    # (bench/results/quality.md: default against grounded+passages).
    evidence_sentences: int = 3
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    prompt: PromptStyle = field(default_factory=PromptStyle)
    # Replace a reply that is not grounded in the evidence (answering/grounding.py) by the evidence quoted,
    # or by "the documents don't say" when the evidence covers less than min_coverage of the question
    # (calibrated on bench/devset.jsonl by bench/quality.py, like min_relevance).
    grounding: bool = True
    quote_sentences: int = 1
    min_coverage: float = 0.2


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)


class Answerer:
    """Answers questions about one indexed corpus with one model."""

    def __init__(self, index: BM25Index, model: ChatModel, settings: AnswerSettings = AnswerSettings()) -> None:
        self.index = index
        self.model = model
        self.settings = settings

    @staticmethod
    def query(question: str, history: Sequence[Turn] = ()) -> str:
        """What retrieval searches for: a follow-up question also searches with the previous question."""
        return f"{history[-1].question} {question}" if history else question

    def retrieve(self, question: str, history: Sequence[Turn] = ()) -> list[ScoredPassage]:
        """What the model will see: the best passages, or their best sentences."""
        return self._find(self.query(question, history))[1]

    def _find(self, query: str) -> tuple[list[ScoredPassage], list[ScoredPassage]]:
        """The passages found, and what the model will see of them: the passages, or their best sentences."""
        passages = self.index.search(query, self.settings.top_k)
        if self.settings.evidence_sentences and passages:
            sentences = best_sentences(query, passages, self.index.term_idf, self.settings.evidence_sentences)
            return passages, sentences or passages
        return passages, passages

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
        When the finished reply is not grounded, the answer's text differs from what streamed, and
        Answer.withheld holds the reply.
        """
        started = time.perf_counter()
        query = self.query(question, history)
        passages, found = self._find(query)
        retrieval_ms = _ms(time.perf_counter() - started)
        if not self._relevant(query, passages):  # passage scores: what the threshold was calibrated on
            on_text(NOT_IN_CORPUS)
            return Answer(
                question, NOT_IN_CORPUS, True, [], found, self.model.name,
                Timings(retrieval_ms=retrieval_ms, total_ms=retrieval_ms),
            )
        self.model.load()
        answer = self._generate(question, found, retrieval_ms, on_text, should_stop, list(history))
        if self.settings.grounding and not answer.stopped:
            return self._grounded(answer, query)
        return answer

    def _relevant(self, query: str, found: list[ScoredPassage]) -> bool:
        """Whether the corpus seems to hold an answer: a passage matches well, in words the corpus uses."""
        if not found or found[0].score < self.settings.min_relevance * self.index.rare_term_idf:
            return False
        return unknown_share(query, self.index.term_idf) < self.settings.max_unknown_share

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
            unsupported=[] if abstained else unsupported_facts(without_citations(text), [s.passage.text for s in fitted.passages]),
        )

    def _grounded(self, answer: Answer, query: str) -> Answer:
        """The answer kept when grounded in the evidence; else the evidence quoted, or an abstention."""
        idf, question = self.index.term_idf, answer.question
        finder = FactFinder(expected_kind(question), question, idf, self.index.rare_term_idf)
        evidence = find_evidence(query, answer.passages, idf, finder)
        if finder.kind and not any(finder.facts(e.sentence.passage.text) for e in evidence):
            return self._abstained(answer)
        passage_terms = {t for s in answer.passages for t in analyze(s.passage.text)}
        if is_grounded(answer.text, question, answer.citations, answer.unsupported, evidence, finder, passage_terms):
            return answer
        quoted = evidence[: self.settings.quote_sentences]
        text = " ".join(e.sentence.passage.text for e in quoted)
        if not quoted or coverage(question, text, idf, self.index.rare_term_idf) < self.settings.min_coverage:
            return self._abstained(answer)
        cited = {e.n: Citation(e.n, answer.passages[e.n - 1].passage) for e in quoted}
        return replace(
            answer, text=quoted_answer(quoted), abstained=False, citations=list(cited.values()), unsupported=[], withheld=answer.text
        )

    @staticmethod
    def _abstained(answer: Answer) -> Answer:
        return replace(answer, text=NOT_COVERED, abstained=True, citations=[], unsupported=[], withheld=answer.text)
