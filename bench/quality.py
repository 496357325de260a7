"""Answer quality of the default model on the development sets, under answering variants.

Each variant changes one thing from docent's defaults and runs every question of every set through
the real pipeline (retrieval, evidence, prompt, model, checks, composition), scored as `docent eval`
scores it. The sets are bench/devset.jsonl on the seed articles and bench/sets/<collection>-dev.jsonl
on the collections under --collections (the questions were written by helpers who read only the
documents; the rules of answering/ were developed on them, so their figures are the best case).
Results go to stdout and to bench/results/quality.md; latency is comparable only within one run.

    python bench/quality.py [--model PATH] [--only NAME,NAME] [--sets NAME,NAME] [--opened] [--collections DIR] [--cases DIR]
    python bench/quality.py --no-model --only rank-only   # the ranking alone, in seconds

With --no-model the fake model answers (its reply, "The documents don't say.", never passes the checks):
the rank-only variant then measures the candidate ranking and the coverage threshold without the model.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.oneshot import default_model  # noqa: E402
from docent.answering.evaluation import CaseResult, EvalCase, EvalReport, load_cases, score_case, summarize  # noqa: E402
from docent.answering.facts import question_kind  # noqa: E402
from docent.answering.fake_model import FakeModel  # noqa: E402
from docent.answering.llama_model import LlamaCppModel  # noqa: E402
from docent.answering.pipeline import GRAMMAR, RANK, REPLY, Answerer, AnswerSettings  # noqa: E402
from docent.answering.prompt import PromptStyle  # noqa: E402
from docent.retrieval.index_cache import open_index  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "quality.md"
CACHE = ROOT / "bench" / ".cache"
DEFAULT = AnswerSettings()

# name -> (what changes from the defaults, answer settings)
VARIANTS = {
    "default": (f"docent's defaults (pick {DEFAULT.pick})", DEFAULT),
    "bare-model": ("the model's reply as it wrote it, no checks", replace(DEFAULT, grounding=False)),
    "reply": ("the model replies freely; the fact is the candidate it names, else the best-ranked", replace(DEFAULT, pick=REPLY)),
    "reply-strict": ("as reply, but no fallback: a reply naming no candidate abstains", replace(DEFAULT, pick=REPLY, fallback=False)),
    "grammar": ("decoding constrained to the candidates (GBNF)", replace(DEFAULT, pick=GRAMMAR)),
    "grammar-2": ("grammar, 2 candidates", replace(DEFAULT, pick=GRAMMAR, choices=2)),
    "grammar-6": ("grammar, 6 candidates", replace(DEFAULT, pick=GRAMMAR, choices=6)),
    "rank": ("the best-ranked candidate, stated by the model when its reply names it", replace(DEFAULT, pick=RANK)),
    "rank-only": ("no model for fact questions: the best-ranked candidate alone",
                  replace(DEFAULT, pick=RANK, state_fact=False)),
    "model-reasons": ("a why answered by the model's verified reply, as what-is questions are",
                      replace(DEFAULT, quote_reasons=False)),
    "no-likelihood": ("the ranking alone picks the fact, no re-ranking by the model's likelihood",
                      replace(DEFAULT, likelihood_weight=0.0)),
    "best-last": ("the best source listed last, next to the question", replace(DEFAULT, prompt=PromptStyle(best_last=True))),
    "passages": ("the model shown the 2 whole passages, not their 3 best sentences", replace(DEFAULT, evidence_sentences=0)),
    "top-3": ("3 passages retrieved", replace(DEFAULT, top_k=3)),
    "top-4": ("4 passages retrieved", replace(DEFAULT, top_k=4)),
    "sentences-4": ("4 evidence sentences", replace(DEFAULT, evidence_sentences=4)),
    "sentences-5": ("5 evidence sentences", replace(DEFAULT, evidence_sentences=5)),
    "top-3-sentences-5": ("3 passages, 5 evidence sentences", replace(DEFAULT, top_k=3, evidence_sentences=5)),
    "top-4-sentences-6": ("4 passages, 6 evidence sentences", replace(DEFAULT, top_k=4, evidence_sentences=6)),
    "coverage-0.3": ("abstain below evidence coverage 0.3", replace(DEFAULT, min_coverage=0.3)),
    "coverage-0.4": ("abstain below evidence coverage 0.4", replace(DEFAULT, min_coverage=0.4)),
}


def sets(collections: Path, opened: bool = False) -> dict[str, tuple[Path, Path]]:
    """name -> (question file, corpus): the seed articles' set and every bench/sets/<collection>-dev.jsonl;
    with opened, also every other set already measured (bench/testset.jsonl, bench/heldout.jsonl and the
    sealed sets of bench/sets/ and bench/sealed/, all opened by now: their figures are the best case too)."""
    found = {"seeds-dev": (ROOT / "bench" / "devset.jsonl", ROOT / "seeds")}
    if opened:
        found |= {"seeds-test": (ROOT / "bench" / "testset.jsonl", ROOT / "seeds"),
                  "seeds-heldout": (ROOT / "bench" / "heldout.jsonl", ROOT / "seeds")}
    paths = sorted((ROOT / "bench" / "sets").glob("*.jsonl" if opened else "*-dev.jsonl"))
    if opened:
        paths += sorted((ROOT / "bench" / "sealed").glob("*.jsonl"))
    for path in paths:
        collection = re.sub(r"-(?:dev|sealed\d*)$", "", path.stem)
        corpus = ROOT / "seeds" if collection == "seeds" else collections / collection
        if corpus.is_dir():
            found[path.stem] = (path, corpus)
    return found


def run_variant(model, cases, index, settings, dump: Path | None = None) -> EvalReport:
    answerer = Answerer(index, model, settings)
    results = [score_case(case, answerer.ask(case.question)) for case in cases]
    if dump:
        dump.parent.mkdir(parents=True, exist_ok=True)
        dump.write_text("".join(json.dumps(_case_row(r)) + "\n" for r in results), encoding="utf-8")
    return summarize(results)


def _case_row(result: CaseResult) -> dict:
    """One question's outcome, for reading where a variant loses."""
    answer = result.answer
    return {"question": result.case.question, "answers": result.case.answers, "unanswerable": result.case.unanswerable,
            "answer": answer.text, "abstained": answer.abstained, "correct": result.correct, "direct": result.direct,
            "retrieved": result.retrieved, "withheld": answer.withheld, "ms": answer.timings.total_ms}


COLUMNS = ("accuracy", "direct_accuracy", "citation_precision", "citation_coverage", "abstention_recall",
           "false_abstentions", "recall_at_k")


def table(rows: list[tuple[str, str, str, EvalReport]]) -> str:
    head = ("| set | variant | change | accuracy | direct | cit. precision | cit. coverage | abst. recall | false abst. "
            "| recall@k | p50 ms |")
    lines = [head, "|" + "---|" * 11]
    for set_name, name, change, r in rows:
        shown = " | ".join("n/a" if getattr(r, c) is None else f"{getattr(r, c):.2f}" for c in COLUMNS)
        lines.append(f"| {set_name} | {name} | {change} | {shown} | {r.latency_p50_ms:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--only", help="comma-separated variant names")
    parser.add_argument("--sets", help="comma-separated set names (default: all)")
    parser.add_argument("--collections", type=Path, default=Path("/work/collections"))
    parser.add_argument("--no-model", action="store_true", help="the fake model instead of a GGUF file")
    parser.add_argument("--opened", action="store_true", help="also every opened test and sealed set (best case too)")
    parser.add_argument("--coverage", type=float, help="the coverage threshold of every variant")
    parser.add_argument("--fact-score", type=float, help="the lowest candidate score of every variant")
    parser.add_argument("--learned-score", type=float, help="the lowest learned candidate score of every variant")
    parser.add_argument("--kind", help="only the questions of this kind (answering/facts.py: reason, definition, ...)")
    parser.add_argument("--cases", type=Path, help="write each question's outcome to DIR/<set>.<variant>.jsonl")
    parser.add_argument("--out", type=Path, default=RESULTS, help=f"where the table goes (default {RESULTS.relative_to(ROOT)})")
    args = parser.parse_args()
    model = FakeModel() if args.no_model else LlamaCppModel(args.model or default_model())
    model.load()
    available = sets(args.collections, args.opened)
    chosen = args.sets.split(",") if args.sets else list(available)
    names = args.only.split(",") if args.only else list(VARIANTS)
    loaded = {name: (_of_kind(load_cases(available[name][0]), args.kind), open_index(available[name][1], CACHE).index)
              for name in chosen}
    loaded = {name: (cases, index) for name, (cases, index) in loaded.items() if cases}
    rows = []
    for name in names:  # every set for one variant, then the next variant
        change, settings = VARIANTS[name]
        if args.coverage is not None:
            settings = replace(settings, min_coverage=args.coverage)
        if args.fact_score is not None:
            settings = replace(settings, min_fact_score=args.fact_score)
        if args.learned_score is not None:
            settings = replace(settings, min_learned_score=args.learned_score)
        for set_name, (cases, index) in loaded.items():
            started = time.perf_counter()
            dump = args.cases / f"{set_name}.{name}.jsonl" if args.cases else None
            rows.append((set_name, name, change, run_variant(model, cases, index, settings, dump)))
            print(table(rows[-1:]).splitlines()[-1], f"({time.perf_counter() - started:.0f} s)", flush=True)
            write_results(args.out, model.name, rows)
    print("\n" + table(rows))


def _of_kind(cases: list[EvalCase], kind: str | None) -> list[EvalCase]:
    return [case for case in cases if kind is None or question_kind(case.question).kind == kind]


NOTES = "\n## Notes\n"


def write_results(out: Path, model: str, rows) -> None:
    """The table so far, rewritten after every variant so that an interrupted run keeps what it measured.

    Everything from the "## Notes" heading on is written by hand and kept as it is.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    old = out.read_text(encoding="utf-8") if out.exists() else ""
    notes = old[old.index(NOTES):] if NOTES in old else ""
    out.write_text(
        f"# Answer quality on the development sets\n\nModel {model}. Produced by `python bench/quality.py`; "
        "every set here was used to develop the answering rules, so these figures are the best case.\n\n"
        f"{table(rows)}\n{notes}",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
