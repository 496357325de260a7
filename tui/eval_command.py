"""`docent eval FILE.jsonl`: the full pipeline on every question, then a scored report."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from docent.answering.evaluation import CaseResult, EvalReport, load_cases, score_case, summarize
from docent.tui import paths
from docent.tui.bootstrap import cli_answerer
from docent.tui.corpus_choice import chosen_roots
from docent.tui.oneshot import notify
from docent.tui.progress import ProgressLine
from docent.tui.settings import Settings

# (report field, label); the targets of issue 14 are per kind of collection, below
ROWS = [
    ("recall_at_k", "retrieval recall@k"),
    ("accuracy", "answer accuracy"),
    ("direct_accuracy", "direct-answer accuracy"),
    ("citation_precision", "citation precision"),
    ("citation_coverage", "citation coverage"),
    ("abstention_precision", "abstention precision"),
    ("abstention_recall", "abstention recall"),
    ("false_abstentions", "false abstentions"),
    ("own_replies", "model's own replies"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
]
SEED_TARGETS = {"accuracy": ">= 0.80", "direct_accuracy": ">= 0.70", "citation_precision": ">= 0.90",
                "citation_coverage": ">= 0.80", "abstention_recall": ">= 0.80", "false_abstentions": "<= 0.10",
                "latency_p50_ms": "< 2000"}
COLLECTION_TARGETS = {"accuracy": ">= 0.60", "direct_accuracy": ">= 0.45", "citation_precision": ">= 0.80",
                      "abstention_recall": ">= 0.75", "false_abstentions": "<= 0.15", "latency_p50_ms": "< 2000"}


def format_report(report: EvalReport, model: str, targets: dict[str, str] = SEED_TARGETS) -> str:
    """The report as a table; targets: SEED_TARGETS on the seed articles, else COLLECTION_TARGETS."""
    lines = [f"{report.questions} questions ({report.answerable} answerable), model {model}", ""]
    lines.append(f"{'metric':<24}{'value':>10}   target")
    for key, label in ROWS:
        value = getattr(report, key)
        shown = "n/a" if value is None else (f"{value:.0f}" if key.endswith("_ms") else f"{value:.2f}")
        lines.append(f"{label:<24}{shown:>10}   {targets.get(key, '')}".rstrip())
    return "\n".join(lines)


def result_row(result: CaseResult) -> dict:
    """One question's outcome, so that every figure of the report can be checked by hand."""
    return {
        "question": result.case.question,
        "unanswerable": result.case.unanswerable,
        "kind": result.case.kind,
        "answer": result.answer.text,
        "abstained": result.answer.abstained,
        "replaced_reply": result.answer.withheld,  # the model's reply, when the answer replaced it
        "retrieved": result.retrieved,
        "correct": result.correct,
        "direct": result.direct,
        "citations": result.citations,
        "good_citations": result.good_citations,
        "total_ms": result.answer.timings.total_ms,
    }


def run_eval(file: str, settings: Settings, as_json: bool) -> int:
    cases = load_cases(Path(file))
    answerer = cli_answerer(settings, notify, ProgressLine())
    progress, results = ProgressLine(unit="questions"), []
    for done, case in enumerate(cases, start=1):
        results.append(score_case(case, answerer.ask(case.question)))
        progress("answering", done, len(cases))
    progress.close()
    report = summarize(results)
    if as_json:
        print(json.dumps({"model": answerer.model.name, **asdict(report), "results": [result_row(r) for r in results]}, ensure_ascii=False))
    else:
        on_seeds = chosen_roots(settings) == (paths.default_corpus(),)
        print(format_report(report, answerer.model.name, SEED_TARGETS if on_seeds else COLLECTION_TARGETS))
    return 0
