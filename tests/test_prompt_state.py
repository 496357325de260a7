"""The state after an answer, kept on disk: the next run skips the prompt it shares, and answers the same."""

from __future__ import annotations

import pytest

from docent.answering.llama_model import LlamaCppModel
from docent.answering.llm import GenerationSettings

pytestmark = pytest.mark.model

INSTRUCTIONS = "You answer questions about harbours in one short sentence. " * 4
FIRST = f"{INSTRUCTIONS}\nQuestion: When was the harbour of Vell rebuilt?\nAnswer:"
SECOND = f"{INSTRUCTIONS}\nQuestion: Who built the lighthouse of Vell?\nAnswer:"
GREEDY = GenerationSettings(max_tokens=12)


def reply(model: LlamaCppModel, prompt: str) -> str:
    return "".join(model.stream(prompt, GREEDY))


@pytest.fixture
def cold_second(default_model_path) -> str:
    return reply(LlamaCppModel(default_model_path), SECOND)


def test_a_new_run_starts_from_the_last_runs_state_and_answers_the_same(default_model_path, tmp_path, cold_second):
    state = tmp_path / "prompt-state.bin"
    first_run = LlamaCppModel(default_model_path, state_file=state)
    reply(first_run, FIRST)
    assert state.is_file() and first_run.restored_tokens == 0
    second_run = LlamaCppModel(default_model_path, state_file=state)
    assert reply(second_run, SECOND) == cold_second
    assert second_run.restored_tokens >= second_run.count_tokens(INSTRUCTIONS) // 2


def test_a_damaged_state_is_ignored_and_replaced(default_model_path, tmp_path, cold_second):
    state = tmp_path / "prompt-state.bin"
    reply(LlamaCppModel(default_model_path, state_file=state), FIRST)
    state.write_bytes(state.read_bytes()[:5000])
    damaged_run = LlamaCppModel(default_model_path, state_file=state)
    assert reply(damaged_run, SECOND) == cold_second and damaged_run.restored_tokens == 0
    assert state.stat().st_size > 5000, "rewritten after the answer"


def test_a_state_made_with_another_context_size_is_not_used(default_model_path, tmp_path):
    state = tmp_path / "prompt-state.bin"
    reply(LlamaCppModel(default_model_path, n_ctx=1024, state_file=state), FIRST)
    other = LlamaCppModel(default_model_path, n_ctx=2048, state_file=state)
    other.load()
    assert other.restored_tokens == 0


def test_a_state_made_with_extra_buffer_types_off_is_not_used_with_them_on(default_model_path, tmp_path):
    """Loading with them on evaluates nothing, so this holds (and runs) on a CPU where they crash, too."""
    state = tmp_path / "prompt-state.bin"
    reply(LlamaCppModel(default_model_path, state_file=state, extra_bufts="off"), FIRST)
    other = LlamaCppModel(default_model_path, state_file=state, extra_bufts="on")
    other.load()
    assert other.restored_tokens == 0


def test_scoring_replies_leaves_the_next_reply_as_it_would_have_been(default_model_path):
    """llama_cpp.Llama samples at once when it holds the whole prompt: scoring must not leave it thinking so."""
    cold = reply(LlamaCppModel(default_model_path), FIRST)
    model = LlamaCppModel(default_model_path)
    likelihoods = model.likelihoods(FIRST, [" In 1903.", " Nobody knows."])
    assert len(likelihoods) == 2 and all(value < 0 for value in likelihoods)
    assert reply(model, FIRST) == cold


def test_a_reply_the_prompt_states_is_likelier_than_one_it_does_not(default_model_path):
    model = LlamaCppModel(default_model_path)
    prompt = f"The harbour of Vell was rebuilt in 1903 after a storm.\n{FIRST}"
    stated, other = model.likelihoods(prompt, [" 1903", " 1850"])
    assert stated > other
