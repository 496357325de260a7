"""The generate stage: a reply that loops is cut where it starts repeating; a constrained pick is asked for."""

from __future__ import annotations

from docent.answering.fake_model import FakeModel
from docent.answering.generate import generate, repetition_at
from docent.answering.llm import GenerationSettings, choice_grammar
from docent.answering.prompt import FittedPrompt
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage

LOOP = "It is a memory controller that can be used to control the memory of the system. "


def test_a_loop_is_cut_at_the_start_of_the_repeat():
    text = LOOP + LOOP + "It is"
    assert repetition_at(text) == len(LOOP)
    assert repetition_at("The OOM killer ends the process that uses the most memory.") is None
    assert repetition_at("one two three four five, six seven: one two three") is None, "shorter than five words"
    looped = "The official: The official: The official: [3]"
    assert repetition_at(looped) == looped.index("The official", 1), "a short run three times in a row"
    assert repetition_at("Run it from cron as 0 0 * * * every night, as it is.") is None
    for text in ("It is very, very, very fast.", "| TLS | yes | yes | yes |", "x 3 x 3 x 3", "NaN NaN NaN"):
        assert repetition_at(text) is None, text


def test_generation_stops_at_the_repetition_and_keeps_what_came_before():
    passage = Passage("m.txt#0", "m.txt", "m", 0, len(LOOP), LOOP)
    model = FakeModel([[LOOP, LOOP, LOOP, LOOP]])
    generation = generate(model, FittedPrompt("prompt", [ScoredPassage(passage, 1.0)], 1), GenerationSettings())
    assert generation.looped and generation.completion_tokens == 2
    assert generation.text.startswith("It is a memory controller") and generation.text.count("memory controller") == 1


def test_the_choice_grammar_allows_exactly_the_choices_escaped():
    grammar = choice_grammar(("vm.swappiness", 'say "hi"', "back\\slash"))
    assert grammar == 'root ::= "vm.swappiness" | "say \\"hi\\"" | "back\\\\slash"\n'
