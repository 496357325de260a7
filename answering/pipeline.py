"""Answer a question, in one straight line of stages:

    retrieve -> evidence -> candidates -> focus -> (abstain?) -> prompt -> generate -> verify -> compose

Each stage is one module with typed input and output: answering/evidence.py (the sources and their
best sentences, once; for a fact question a wider pool, then narrowed to the sentences of the best facts),
answering/candidates.py (the facts of the kind asked for, ordered by answering/ranking.py), answering/answer_shapes.py
(for "why" and "what is", the sentence shaped like an answer shown first), answering/prompt.py,
answering/generate.py (the reply, cut at a repetition), answering/verify.py (what of it is supported)
and answering/compose.py (the direct answer and its quote). Nothing reaches the reader before it is
verified: on_text receives the composed answer once.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from docent.answering.abbreviations import asked_abbreviation, expansion
from docent.answering.answer_shapes import answer_shaped
from docent.answering.candidates import Candidate, candidates, spelled_out
from docent.answering.citations import is_abstention
from docent.answering.compose import NOT_COVERED, NOT_IN_CORPUS, compose, not_mentioned  # noqa: F401  (re-exported)
from docent.answering.evidence import (
    PROSE,
    Evidence,
    coverage,
    focused,
    gather,
    in_context,
    names_what_is_asked,
    under_lead,
    unknown_names,
    unknown_share,
    written_names,
)
from docent.answering.facts import EXPANSION, NAME, REASON, QuestionKind, question_kind, without_filler
from docent.answering.follow_up import refers_back
from docent.answering.generate import Generation, generate
from docent.answering.likelihood import rescored
from docent.answering.llm import ChatModel, GenerationSettings
from docent.answering.prompt import PromptStyle, fit_prompt
from docent.answering.types import Answer, Timings, TokenCounts, Turn
from docent.answering.verify import Verdict, verify
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import PassageIndex, ScoredPassage

# How many of the passages that use an asked abbreviation most are read for where it is spelled out.
ABBREVIATION_PASSAGES = 100

# How the fact that answers a fact question is picked (bench/results/quality.md compares them):
REPLY = "reply"  # the model replies freely; the fact is the candidate its reply names
GRAMMAR = "grammar"  # the model's decoding is constrained to the candidate facts: it picks one
RANK = "rank"  # the best-ranked candidate; the model's reply is shown only when it states that very fact


@dataclass(frozen=True)
class AnswerSettings:
    top_k: int = 2
    # Abstain without the model when the best passage scores below this many times the idf of a
    # term found in one passage only (calibrated on bench/devset.jsonl by bench/quality.py),
    # or when at least this share of the question's subject terms never occurs in the corpus.
    min_relevance: float = 1.11
    max_unknown_share: float = 0.5
    # Show the model only this many best sentences of the passages (0: the whole passages).
    evidence_sentences: int = 3
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    prompt: PromptStyle = field(default_factory=PromptStyle)
    # Check the reply against the evidence (answering/verify.py) and compose the answer from what holds;
    # off, the reply is shown as the model wrote it (bench/quality.py measures the bare model so).
    grounding: bool = True
    # Abstain when the evidence sentences cover less than this of the question (bench/quality.py calibrates it),
    # or, for a fact whose learned score is at least sure_score, less than near_coverage: the ranking being sure of
    # a fact makes up for a question worded apart from the source (bench/results/quality.md, session 29).
    min_coverage: float = 0.35
    near_coverage: float = 0.28
    sure_score: float = 2.5
    # A candidate fact scoring below this (answering/candidates.py: its type's fit, its sentence's match, the
    # question's words near it) is no fact of the kind asked for (bench/quality.py calibrates it).
    min_fact_score: float = 0.0
    # A candidate whose learned score (answering/ranking.py) is below this is no answer: 0 is the score of a
    # candidate whose every measurement is the training mean; 0.5 measured best (bench/results/quality.md).
    min_learned_score: float = 0.5
    # RANK measured best with the default model (bench/results/quality.md): accuracy on the four development
    # sets 0.86/0.67/0.44/0.41 against GRAMMAR's 0.67/0.42/0.38/0.47, and no model time for a fact question.
    pick: str = RANK
    choices: int = 4  # candidate facts the model picks from (GRAMMAR)
    # When the reply names no candidate fact, answer with the best-ranked one rather than abstain.
    fallback: bool = True
    choice_tokens: int = 16  # longest pick, tokens
    # RANK: ask the model to state the ranked fact in its words (off: the fact alone, no model time).
    state_fact: bool = True
    state_tokens: int = 32  # longest statement of the ranked fact: one sentence of at most 20 words is shown
    # A "why" is answered by the source's sentence, after the reason it gives (compose.py), without the model: the
    # 135M model's verified replies to "why" restate the question or another sentence (bench/results/quality.md).
    quote_reasons: bool = True
    # RANK: the best few candidates re-ranked with the model's likelihood of each as its reply
    # (answering/likelihood.py; bench/results/quality.md measures the weight; 0: the ranking alone).
    likelihood_weight: float = 0.1
    likelihood_candidates: int = 4
    # A fact question (answered from sentences) draws its candidates from this many passages and best sentences,
    # ranked by the learned ranking (answering/ranking.py); the sentences of the best-ranked facts are then the
    # evidence_sentences shown. bench/results/quality.md compares pools (2/6 with coverage 0.35 kept).
    fact_passages: int = 2
    fact_pool: int = 6


class Findings(NamedTuple):
    evidence: Evidence
    facts: list[Candidate]  # the candidate facts of the evidence, best first


class Answerer:
    """Answers questions about one indexed corpus with one model."""

    def __init__(self, index: PassageIndex, model: ChatModel, settings: AnswerSettings = AnswerSettings()) -> None:
        self.index = index
        self.model = model
        self.settings = settings

    @staticmethod
    def query(question: str, history: Sequence[Turn] = ()) -> str:
        """What retrieval searches for: a follow-up question also searches with the previous question."""
        return f"{history[-1].question} {question}" if history and refers_back(question) else question

    def retrieve(self, question: str, history: Sequence[Turn] = ()) -> list[ScoredPassage]:
        """What the model will see: the best passages, or their best sentences."""
        return self.evidence(question, history).sources

    def evidence(self, question: str, history: Sequence[Turn] = ()) -> Evidence:
        return self.findings(question, history).evidence

    def findings(self, question: str, history: Sequence[Turn] = ()) -> Findings:
        """The evidence shown and the candidate facts in it, best first. A fact question is searched wider: its
        candidates come from more passages and sentences, and the sentences of the best ones are shown."""
        return self._focused(self.pool(question, history))

    def _focused(self, evidence: Evidence) -> Findings:
        """The candidate facts of the pool, and the evidence narrowed to the sentences of the best ones."""
        s = self.settings
        found = self._candidates(evidence) if s.grounding else []
        shaped = answer_shaped(evidence, self.index.term_idf) if s.grounding and s.evidence_sentences else None
        first = [*([shaped] if shaped else []), *(c.sentence for c in found)]
        if not shaped and (not evidence.sentences or not s.evidence_sentences or len(evidence.sources) <= s.evidence_sentences):
            return Findings(evidence, found)  # nothing to narrow or reorder (or the whole passages are shown)
        evidence, renumbered = focused(evidence, first, s.evidence_sentences)
        return Findings(evidence, [replace(c, sentence=renumbered[c.sentence]) for c in found if c.sentence in renumbered])

    def ask(
        self,
        question: str,
        on_text: Callable[[str], None] = lambda text: None,
        should_stop: Callable[[], bool] = lambda: False,
        history: Sequence[Turn] = (),
    ) -> Answer:
        """The answer to question; on_text receives it once it is verified and composed.

        should_stop is polled after every token; when it returns True generation ends and the answer
        is marked stopped. history holds earlier turns of the conversation, oldest first. When the
        model's reply is not what the answer shows, Answer.withheld holds the reply.
        """
        started = time.perf_counter()
        pool = self.pool(question, history)
        retrieval_ms = _ms(time.perf_counter() - started)  # search and evidence selection, as bench/retrieval.py times them
        evidence, found = self._focused(pool)
        ranking_ms = _ms(time.perf_counter() - started) - retrieval_ms
        refusal = self._refusal(evidence)
        if refusal:
            on_text(refusal)
            return Answer(question, refusal, True, [], evidence.sources, self.model.name,
                          Timings(retrieval_ms=retrieval_ms, total_ms=retrieval_ms + ranking_ms))
        self.model.load()
        begun = time.perf_counter()
        earlier = list(history) if refers_back(question) else []
        prompt = fit_prompt(question, evidence.sources, self.model, self.settings.generation.max_tokens, earlier,
                            self.settings.prompt)
        evidence = evidence.within(len(prompt.passages))
        found = [c for c in found if c.sentence.n <= len(evidence.sources)]
        ranked_fact = self.settings.pick == RANK and evidence.kind.asks_fact
        if ranked_fact and self.settings.state_fact:
            found = rescored(found, self.model, prompt.prompt, self.settings.likelihood_weight,
                             self.settings.likelihood_candidates)
        quoted_reason = evidence.kind.kind == REASON and self.settings.quote_reasons and self.settings.grounding
        without_model = (ranked_fact and found and not self.settings.state_fact) or quoted_reason
        if without_model:
            generation = Generation("", [])  # the best-ranked candidate, or the source's reason, answers without the model
        else:
            generation = generate(self.model, prompt, self._generation_settings(evidence, found), should_stop)
        answer = self._answer(evidence, found, generation, 0 if without_model else prompt.tokens)
        ended = time.perf_counter()
        answer = replace(answer, timings=Timings(retrieval_ms, generation.prompt_ms, generation.generation_ms,
                                                 retrieval_ms + ranking_ms + _ms(ended - begun)))
        on_text(answer.text)
        return answer

    def pool(self, question: str, history: Sequence[Turn] = ()) -> Evidence:
        """The evidence the candidate facts are drawn from: for a fact question, more than is shown; for "What does NMU
        stand for?", the passage that spells the abbreviation out, when one does. The question's filler adverb
        ("What exactly is KFOR?") is not matched for."""
        question = without_filler(question)
        query, s = self.query(question, history), self.settings
        wide = s.evidence_sentences > 0 and question_kind(question).asks_fact
        passages = self.index.search(query, max(s.top_k, s.fact_passages) if wide else s.top_k)
        pool = max(s.evidence_sentences, s.fact_pool) if wide else s.evidence_sentences
        evidence = gather(question, query, passages, self.index.term_idf, pool)
        return (self._spelled_out(evidence) or evidence) if s.grounding else evidence

    def _spelled_out(self, evidence: Evidence) -> Evidence | None:
        """For "What does NMU stand for?", the evidence around the first passage that spells the abbreviation out
        ("Non-Maintainer Uploads (NMUs)"): among those found, then among the passages that use it most. None when
        the question asks no such thing or no passage spells it out."""
        short = asked_abbreviation(evidence.question)
        if not short:
            return None
        seen = {p.passage.passage_id for p in evidence.passages}
        more = [p for p in self.index.search(short, ABBREVIATION_PASSAGES) if p.passage.passage_id not in seen]
        pool = max(self.settings.evidence_sentences, self.settings.fact_pool)
        for scored in [*evidence.passages, *more]:
            found = expansion(scored.passage.text, short)
            if found:
                spelled = gather(evidence.question, f"{short} {found.text}", [scored], self.index.term_idf, pool)
                spelled = replace(spelled, kind=QuestionKind(NAME, (EXPANSION,)))
                if spelled_out(spelled):  # an evidence sentence holds it (not only a heading or a term line)
                    return spelled
        return None

    def _candidates(self, evidence: Evidence) -> list[Candidate]:
        s = self.settings
        return candidates(evidence, self.index.term_idf, self.index.rare_term_idf, s.min_fact_score, s.min_learned_score)

    def _refusal(self, evidence: Evidence) -> str:
        """Why the corpus seems to hold no answer, before any model time: it never uses a name the question writes
        (not_mentioned: "MongoDB", "pam_faillock"), or no passage shares the question's words, or the corpus lacks most
        of them (NOT_IN_CORPUS), or the best passage matches too weakly (NOT_COVERED: it may well hold a word of the
        question, as a passage naming the option asked about in passing does). Empty when a passage matches well, in
        words the corpus uses."""
        missing = unknown_names(evidence.question, self.index.has_term)
        if missing:
            return not_mentioned(missing[0])
        if evidence.kind.wants == (EXPANSION,):
            return ""  # a passage spells out the abbreviation asked about: that answers, however common its words
        found = evidence.passages
        if not found or unknown_share(evidence.query, self.index.has_term) >= self.settings.max_unknown_share:
            return NOT_IN_CORPUS
        if found[0].score < self.settings.min_relevance * self.index.rare_term_idf and not self._holds_named(evidence):
            return NOT_COVERED
        return ""

    def _holds_named(self, evidence: Evidence) -> bool:
        """Whether the question writes a name that the first evidence sentence (what the answer would quote), a
        sentence of prose, holds itself, and that sentence, as read in its passage, holds every other word of the
        question too: a name the documents use everywhere ("What does dh_make do?" in a guide to dh_make) scores low
        for being common, yet the sentence speaks of it."""
        names = written_names(evidence.question)
        if not evidence.sentences or not names:
            return False
        first = evidence.sentences[0]
        own = set(analyze(first.text))
        if first.kind != PROSE or not all(set(analyze(name)) <= own for name in names):
            return False
        text = in_context(first, evidence.passages)
        return coverage(evidence.question, text, self.index.term_idf, self.index.rare_term_idf) >= 1.0

    def _generation_settings(self, evidence: Evidence, found: list[Candidate]) -> GenerationSettings:
        settings = self.settings.generation
        if self.settings.pick == GRAMMAR and evidence.kind.asks_fact and found:
            choices = tuple(c.text for c in found[: self.settings.choices])
            return replace(settings, choices=choices, max_tokens=min(settings.max_tokens, self.settings.choice_tokens))
        if self.settings.pick == RANK and evidence.kind.asks_fact and found:
            return replace(settings, max_tokens=min(settings.max_tokens, self.settings.state_tokens))
        return settings

    def _answer(self, evidence: Evidence, found: list[Candidate], generation: Generation, prompt_tokens: int) -> Answer:
        """The verified, composed answer (or, with grounding off or when stopped, the reply as it is)."""
        base = Answer(
            question=evidence.question, text=generation.text, abstained=False, citations=generation.citations,
            passages=evidence.sources, model=self.model.name,
            tokens=TokenCounts(prompt=prompt_tokens, completion=generation.completion_tokens), stopped=generation.stopped,
        )
        verdict = verify(generation, evidence, found[:1] if self.settings.pick == RANK else found)
        if generation.stopped or not self.settings.grounding:
            abstained = not generation.citations and is_abstention(generation.text)
            return replace(base, abstained=abstained, unsupported=verdict.unsupported)
        fact = self._fact(verdict, found, evidence)
        covered = self._covered(evidence, fact)
        if not covered and fact is not None and not verdict.fact and fact is found[0] and len(found) > 1 \
                and self._covers_clearly(evidence, found[1]):
            fact, covered = found[1], True  # the best-ranked fact's sentence does not answer, the next one's clearly does
        composed = compose(evidence, verdict, fact, covered, generation.citations)
        return replace(base, text=composed.text, abstained=composed.abstained, citations=composed.citations,
                       withheld="" if composed.own_reply else generation.text)

    def _fact(self, verdict: Verdict, found: list[Candidate], evidence: Evidence) -> Candidate | None:
        """The fact the answer states: the one the reply names, else the best-ranked one, unless the question is
        answered by a sentence ("how do I ...") and the model's verified reply gives one that names no candidate."""
        if verdict.fact or not found or (verdict.reply and evidence.kind.sentence_answers):
            return verdict.fact
        return found[0] if self.settings.fallback or self.settings.pick == RANK else None

    def _covers_clearly(self, evidence: Evidence, fact: Candidate) -> bool:
        """Whether the fact's sentence itself names what the question names, and the sentence as read in its passage
        (in_context) covers ALTERNATIVE_COVERAGE of the question."""
        return names_what_is_asked(evidence.question, fact.sentence) and self._covered(evidence, fact, ALTERNATIVE_COVERAGE)

    def _covered(self, evidence: Evidence, fact: Candidate | None, at_least: float = 0.0) -> bool:
        """Whether what the answer would draw on covers enough of the question: the fact's sentence as read in its
        passage, after the sentence before it ("300 officers took up positions" after "police reinforced the city")."""
        if fact and fact.type == EXPANSION:
            return True  # it stands beside the abbreviation asked about
        text = in_context(fact.sentence, evidence.passages) if fact else " ".join(under_lead(s) for s in evidence.sentences)
        if fact and not names_what_is_asked(evidence.question, fact.sentence, text, fact.text):
            return False
        s = self.settings
        enough = min(s.near_coverage, s.min_coverage) if fact and fact.score >= s.sure_score else s.min_coverage
        enough = max(enough, at_least)
        return coverage(evidence.question, text, self.index.term_idf, self.index.rare_term_idf) >= enough


# When the best-ranked fact's sentence does not answer the question, the next fact answers if its sentence covers
# at least this much of the question (the usual bar is min_coverage): "SIGHUP | Causes the server to read
# named.conf and reload" after "kill" in a sentence that never names named.conf.
ALTERNATIVE_COVERAGE = 0.45


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 1)
