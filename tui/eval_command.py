"""`docent eval FILE.jsonl`: the full pipeline on every question, then a scored report."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

from docent.answering.evaluation import CaseResult, EvalReport, load_cases, score_case, summarize
from docent.tui.bootstrap import cli_answerer
from docent.tui.oneshot import notify
from docent.tui.progress import ProgressLine
from docent.tui.settings import Settings

# (report field, label, target as shown, whether higher is better)
ROWS = [
    ("recall_at_k", "retrieval recall@k", "", True),
    ("accuracy", "answer accuracy", ">= 0.80", True),
    ("direct_accuracy", "direct-answer accuracy", ">= 0.70", True),
    ("citation_precision", "citation precision", ">= 0.90", True),
    ("citation_coverage", "citation coverage", ">= 0.80", True),
    ("abstention_precision", "abstention precision", "", True),
    ("abstention_recall", "abstention recall", ">= 0.80", True),
    ("false_abstentions", "false abstentions", "<= 0.10", False),
    ("own_replies", "model's own replies", "", True),
    ("latency_p50_ms", "latency p50 (ms)", "< 2000", False),
    ("latency_p95_ms", "latency p95 (ms)", "", False),
]


def format_report(report: EvalReport, model: str) -> str:
    lines = [f"{report.questions} questions ({report.answerable} answerable), model {model}", ""]
    lines.append(f"{'metric':<24}{'value':>10}   target")
    for key, label, target, _ in ROWS:
        value = getattr(report, key)
        shown = "n/a" if value is None else (f"{value:.0f}" if key.endswith("_ms") else f"{value:.2f}")
        lines.append(f"{label:<24}{shown:>10}   {target}")
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
        print(format_report(report, answerer.model.name))
    return 0
