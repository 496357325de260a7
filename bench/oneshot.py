"""One-shot answering time: where it goes, and docent's overhead over a bare llama-cpp-python call.

For each question: docent's Answerer.ask (retrieval, prompt fitting, streaming, citation checks),
then a bare `Llama.create_completion` with the very same prompt tokens and settings. The KV cache
is reset before every timed call so neither side profits from the other's prompt. Then docent again
as the next one-shot run finds it: reset, with the state an earlier run saved after answering
another question restored (answering/prompt_state.py), as `docent --ask` does at start. Last, the
same questions with the model loaded twice, with llama.cpp's extra buffer types (weight repacking)
on and off, asked alternately (answering/extra_bufts.py; "on" only where the probe finds they work).

    python bench/oneshot.py [--model PATH] [--runs N] [--extra-bufts-only]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docent.answering import prompt_state  # noqa: E402
from docent.answering.llama_model import LlamaCppModel  # noqa: E402
from docent.answering.pipeline import Answerer, AnswerSettings  # noqa: E402
from docent.answering.prompt import fit_prompt  # noqa: E402
from docent.retrieval.index_cache import open_index  # noqa: E402

EARLIER_QUESTION = "Which news agencies reported that Kosovo closed the crossing?"  # the run before
QUESTIONS = [
    "Which border crossing did Kosovo close?",
    "Who is the Kremlin spokesman?",
    "In which year did Kosovo declare independence?",
    "Who is the Prime Minister of Kosovo?",
    "How many additional police officers took up positions in Mitrovica?",
    "Which NATO force keeps the peace in Kosovo?",
]


def default_model() -> Path:
    from docent.answering.model_store import resolve_model
    from docent.tui import paths

    choice = resolve_model(None, "", Path.cwd(), paths.data_dir())
    if choice is None:
        sys.exit("no model found: run `docent models pull` or pass --model")
    return choice.path


def bare_call(model: LlamaCppModel, prompt: str, settings) -> float:
    """Seconds for llama-cpp-python alone to stream a reply to prompt."""
    llama = model._llama
    llama.reset()
    started = time.perf_counter()
    for _ in llama.create_completion(
        model.tokens(prompt), max_tokens=settings.max_tokens, temperature=settings.temperature,
        stop=list(settings.stop), stream=True,
    ):
        pass
    return time.perf_counter() - started


def extra_bufts_variants(model: LlamaCppModel, index, runs: int) -> None:
    """Median one-shot time with extra buffer types on and off, each question asked of both in turn."""
    if not model.use_extra_bufts:  # auto: on where the probe finds they work
        print(f"extra buffer types: not measured on, the probe says they fail here ({model.notice})")
        return
    variants = {"on": Answerer(index, model, AnswerSettings())}
    variants["off"] = Answerer(index, LlamaCppModel(model.path, extra_bufts="off"), AnswerSettings())
    variants["off"].model.load()
    times: dict[str, list[float]] = {"on": [], "off": []}
    for _ in range(runs):
        for question in QUESTIONS:
            for name, answerer in variants.items():
                answerer.model._llama.reset()
                started = time.perf_counter()
                answerer.ask(question)
                times[name].append(time.perf_counter() - started)
    on, off = (statistics.median(times[name]) * 1000 for name in ("on", "off"))
    ratios = [b / a for a, b in zip(times["on"], times["off"], strict=True)]
    print(f"median docent, extra buffer types on  {on:8.1f} ms")
    print(f"median docent, extra buffer types off {off:8.1f} ms")
    print(f"off / on           {statistics.median(ratios):8.3f} (median of per-question ratios)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--runs", type=int, default=3, help="rounds over the question list")
    parser.add_argument("--extra-bufts-only", action="store_true", help="measure only extra buffer types on against off")
    args = parser.parse_args()
    model = LlamaCppModel(args.model or default_model())
    model.load()
    index = open_index(Path(__file__).resolve().parent.parent / "seeds", None).index
    if args.extra_bufts_only:
        print(f"model {model.name}, {len(QUESTIONS)} questions x {args.runs} runs, threads {model.n_threads}")
        extra_bufts_variants(model, index, args.runs)
        return
    answerer = Answerer(index, model, AnswerSettings())
    generation = answerer.settings.generation
    rows = {"retrieval": [], "prompt": [], "generation": [], "docent": [], "bare": [], "prompt_tokens": [], "completion_tokens": []}
    rows["next_run"] = []
    state = Path(tempfile.mkdtemp()) / "prompt-state.bin"
    model._llama.reset()
    answerer.ask(EARLIER_QUESTION)
    prompt_state.save(model._llama, state, model._state_key())
    for _ in range(args.runs):
        for question in QUESTIONS:
            model._llama.reset()
            started = time.perf_counter()
            answer = answerer.ask(question)
            rows["docent"].append(time.perf_counter() - started)
            rows["retrieval"].append(answer.timings.retrieval_ms / 1000)
            rows["prompt"].append(answer.timings.prompt_ms / 1000)
            rows["generation"].append(answer.timings.generation_ms / 1000)
            rows["prompt_tokens"].append(answer.tokens.prompt)
            rows["completion_tokens"].append(answer.tokens.completion)
            model._llama.reset()
            prompt_state.restore(model._llama, state, model._state_key())
            started = time.perf_counter()
            answerer.ask(question)
            rows["next_run"].append(time.perf_counter() - started)
            if answer.abstained:
                rows["bare"].append(rows["docent"][-1])
                continue
            fitted = fit_prompt(question, answerer.retrieve(question), model, generation.max_tokens)
            rows["bare"].append(bare_call(model, fitted.prompt, generation))
    median = {key: statistics.median(values) for key, values in rows.items()}
    print(f"model {model.name}, {len(QUESTIONS)} questions x {args.runs} runs, threads {model.n_threads}")
    print(f"median retrieval   {median['retrieval'] * 1000:8.1f} ms")
    print(f"median prompt      {median['prompt'] * 1000:8.1f} ms  ({median['prompt_tokens']:.0f} tokens)")
    print(f"median generation  {median['generation'] * 1000:8.1f} ms  ({median['completion_tokens']:.0f} tokens)")
    print(f"median docent      {median['docent'] * 1000:8.1f} ms end to end")
    print(f"median bare call   {median['bare'] * 1000:8.1f} ms (llama-cpp-python, same prompt and settings)")
    ratios = [d / b for d, b in zip(rows["docent"], rows["bare"], strict=True)]
    print(f"docent / bare      {statistics.median(ratios):8.3f} (median of per-question ratios)")
    print(f"median docent, next run {median['next_run'] * 1000:8.1f} ms (the state of an earlier run restored)")
    ratios = [n / d for n, d in zip(rows["next_run"], rows["docent"], strict=True)]
    print(f"next run / docent  {statistics.median(ratios):8.3f} (median of per-question ratios)")
    extra_bufts_variants(model, index, args.runs)


if __name__ == "__main__":
    main()
