"""Answer quality of the default model on the development set, under prompt and retrieval variants.

Each variant changes one thing from the baseline and runs the whole development set through the
real pipeline (retrieval, prompt, model, citation checks), scored as `docent eval` scores it. The
abstention threshold is calibrated first, from retrieval scores alone. Results go to stdout and to
bench/results/quality.md.

    python bench/quality.py [--model PATH] [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from docent.answering.evaluation import EvalReport, load_cases, score_case, summarize  # noqa: E402
from docent.answering.grounding import QUOTED, coverage  # noqa: E402
from docent.answering.llama_model import LlamaCppModel  # noqa: E402
from docent.answering.llm import GenerationSettings  # noqa: E402
from docent.answering.pipeline import Answerer, AnswerSettings  # noqa: E402
from docent.answering.prompt import SHORT_INSTRUCTIONS, PromptStyle  # noqa: E402
from docent.retrieval.chunking import ChunkSettings  # noqa: E402
from docent.retrieval.index_cache import open_index  # noqa: E402

DEVSET = ROOT / "bench" / "devset.jsonl"
RESULTS = ROOT / "bench" / "results" / "quality.md"
BASE_CHUNKS = ChunkSettings(120, 24)
SHORT = GenerationSettings(max_tokens=48)  # a sentence or two; longer replies only ramble
# The model's reply as it is, so that each row measures the model; "grounded" rows add the check.
BASE = AnswerSettings(top_k=4, generation=SHORT, grounding=False, evidence_sentences=0)
DEFAULT = AnswerSettings()

# name -> (what changes, chunk settings, answer settings)
VARIANTS = {
    "baseline": ("passages of 120 tokens, top 4, instructions, greedy, 48 tokens", BASE_CHUNKS, BASE),
    "small-passages": ("passages of 60 tokens", ChunkSettings(60, 10), BASE),
    "top-2": ("2 passages instead of 4", BASE_CHUNKS, replace(BASE, top_k=2)),
    "best-last": ("best passage listed last, next to the question", BASE_CHUNKS, replace(BASE, prompt=PromptStyle(best_last=True))),
    "question-first": ("question before and after the sources", BASE_CHUNKS, replace(BASE, prompt=PromptStyle(question_first=True))),
    "short-wording": ("one-sentence instructions", BASE_CHUNKS, replace(BASE, prompt=PromptStyle(instructions=SHORT_INSTRUCTIONS))),
    "example": ("a worked example in the prompt", BASE_CHUNKS, replace(BASE, prompt=PromptStyle(example=True))),
    "stop-newline": ("generation stops at the first line break", BASE_CHUNKS, replace(BASE, generation=replace(SHORT, stop=("\n",)))),
    "temperature-0.7": ("sampling at temperature 0.7", BASE_CHUNKS, replace(BASE, generation=replace(SHORT, temperature=0.7))),
    "evidence-3": ("the 3 best sentences of the top 4 passages", BASE_CHUNKS, replace(BASE, evidence_sentences=3)),
    "evidence-3+example": (
        "evidence-3 with the worked example", BASE_CHUNKS,
        replace(BASE, evidence_sentences=3, prompt=PromptStyle(example=True)),
    ),
    "evidence-3+stop": ("evidence-3, stop at a line break", BASE_CHUNKS,
                        replace(BASE, evidence_sentences=3, generation=replace(SHORT, stop=("\n",)))),
    "top-2+best-last+example": ("2 passages, best last, worked example", BASE_CHUNKS,
                                replace(BASE, top_k=2, prompt=PromptStyle(best_last=True, example=True))),
    "default": ("docent's defaults: the 3 best sentences of the top 2 passages, replies grounded in them or replaced by them",
                BASE_CHUNKS, DEFAULT),
    "grounded-2-quotes": ("defaults, quoting the 2 best sentences", BASE_CHUNKS, replace(DEFAULT, quote_sentences=2)),
    "grounded+passages": ("defaults, the model shown the 2 whole passages", BASE_CHUNKS, replace(DEFAULT, evidence_sentences=0)),
    "grounded+best-last+example": ("defaults, best passage last, worked example", BASE_CHUNKS,
                                   replace(DEFAULT, prompt=PromptStyle(best_last=True, example=True))),
}


def calibrate(cases, index) -> float:
    """The relevance threshold (in units of a one-passage term's idf) a tenth below the weakest answerable question's.

    Below it the pipeline abstains without the model; no answerable question of the set falls below it.
    """
    unit = index.rare_term_idf
    best = {c.question: (index.search(c.question, 1) or [None])[0] for c in cases}
    answerable = [best[c.question].score / unit for c in cases if not c.unanswerable and best[c.question]]
    unanswerable = [best[c.question].score / unit if best[c.question] else 0.0 for c in cases if c.unanswerable]
    threshold = round(min(answerable) * 0.9, 2)
    caught = sum(score < threshold for score in unanswerable)
    print(f"abstention threshold: weakest answerable relevance {min(answerable):.2f}; threshold {threshold} "
          f"abstains before the model on {caught}/{len(unanswerable)} unanswerable questions")
    return threshold


def calibrate_coverage(model, cases, relevance: float) -> float:
    """The evidence coverage below which a reply that failed grounding becomes "the documents don't say".

    Runs the defaults with no coverage gate; the threshold is a tenth below the lowest coverage of an
    answerable question whose reply was replaced, so that the gate costs no answerable question here.
    """
    index = open_index(ROOT / "seeds", None, BASE_CHUNKS).index
    answerer = Answerer(index, model, replace(DEFAULT, min_relevance=relevance, min_coverage=0.0))
    replaced = []  # (unanswerable, coverage of the quoted evidence) of each reply replaced by a quote
    for case in cases:
        answer = answerer.ask(case.question)
        if answer.withheld and not answer.abstained:
            quoted = answer.text.removeprefix(QUOTED)
            replaced.append((case.unanswerable, coverage(case.question, quoted, index.term_idf, index.rare_term_idf)))
    answerable = [c for u, c in replaced if not u]
    threshold = round(min(answerable) * 0.9, 2) if answerable else 0.0
    caught = sum(u and c < threshold for u, c in replaced)
    print(f"coverage threshold {threshold}: replies quoted instead {len(replaced)}; "
          f"coverage of the quotes for answerable questions from {min(answerable, default=0):.2f}; "
          f"it turns {caught} of {sum(u for u, _ in replaced)} quotes for unanswerable questions into abstentions")
    return threshold


def run_variant(model, cases, chunks, settings) -> EvalReport:
    answerer = Answerer(open_index(ROOT / "seeds", None, chunks).index, model, settings)
    return summarize([score_case(case, answerer.ask(case.question)) for case in cases])


def table(rows: list[tuple[str, str, EvalReport]]) -> str:
    head = "| variant | change | accuracy | cit. precision | cit. coverage | abst. recall | false abst. | recall@k | p50 ms |"
    lines = [head, "|" + "---|" * 9]
    for name, change, r in rows:
        cells = [r.accuracy, r.citation_precision, r.citation_coverage, r.abstention_recall, r.false_abstentions, r.recall_at_k]
        shown = " | ".join("n/a" if v is None else f"{v:.2f}" for v in cells)
        lines.append(f"| {name} | {change} | {shown} | {r.latency_p50_ms:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--only", help="comma-separated variant names")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where the table goes (default {RESULTS.relative_to(ROOT)})")
    parser.add_argument("--coverage", type=float, help="use this coverage threshold instead of calibrating it")
    args = parser.parse_args()
    from bench.oneshot import default_model

    model = LlamaCppModel(args.model or default_model())
    model.load()
    cases = load_cases(DEVSET)
    indexed = open_index(ROOT / "seeds", None, BASE_CHUNKS)
    threshold = calibrate(cases, indexed.index)
    min_coverage = args.coverage if args.coverage is not None else calibrate_coverage(model, cases, threshold)
    names = args.only.split(",") if args.only else list(VARIANTS)
    rows = []
    for name in names:
        change, chunks, settings = VARIANTS[name]
        started = time.perf_counter()
        report = run_variant(model, cases, chunks, replace(settings, min_relevance=threshold, min_coverage=min_coverage))
        rows.append((name, change, report))
        print(table(rows[-1:]).splitlines()[-1], f"({time.perf_counter() - started:.0f} s)", flush=True)
        write_results(args.out, model.name, len(cases), threshold, min_coverage, rows)
    print("\n" + table(rows))


NOTES = "\n## Notes\n"


def write_results(out: Path, model: str, questions: int, threshold: float, min_coverage: float, rows) -> None:
    """The table so far, rewritten after every variant so that an interrupted run keeps what it measured.

    Everything from the "## Notes" heading on is written by hand and kept as it is.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    notes = old[old.index(NOTES):] if NOTES in old else ""
    out.write_text(
        f"# Answer quality on the development set\n\nModel {model}, {questions} questions, abstention threshold "
        f"{threshold} (relevance in units of a one-passage term's idf), evidence coverage threshold {min_coverage}. "
        "Produced by `python bench/quality.py`.\n\n"
        f"{table(rows)}\n{notes}",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
