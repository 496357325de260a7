"""`docent --ask`: answer one question on stdout, streaming, then list the cited sources."""

from __future__ import annotations

import json
import sys
from typing import TextIO

from docent.answering.json_output import answer_to_json
from docent.answering.plain_text import printable
from docent.answering.prompt import neutralise
from docent.answering.types import Answer
from docent.tui.bootstrap import cli_answerer
from docent.tui.progress import ProgressLine
from docent.tui.settings import Settings
from docent.tui.source_label import located

SNIPPET_CHARS = 160


def notify(message: str) -> None:
    print(f"docent: {message}", file=sys.stderr, flush=True)


def snippet(text: str, limit: int = SNIPPET_CHARS) -> str:
    """The start of a source's text on one line, with "[7]" in it shown as "(7)", as the model saw it."""
    flat = " ".join(neutralise(printable(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def page_label(pages: tuple[int, int] | None) -> str:
    """' p. 3' or ' pp. 3–4' for a passage of a PDF, '' otherwise."""
    if not pages:
        return ""
    first, last = pages
    return f" p. {first}" if first == last else f" pp. {first}–{last}"


def print_sources(answer: Answer, out: TextIO) -> None:
    if answer.unsupported:
        out.write(f"\nNot found in the sources: {', '.join(answer.unsupported)}\n")
    if not answer.citations:
        return
    out.write("\nSources:\n")
    for citation in answer.citations:
        p = citation.passage
        flag = "" if citation.verified else f"  (unverified: support {citation.support:.2f})"
        number = p.passage_id.rsplit('#', 1)[-1]
        out.write(f"[{citation.n}] {located(p)}{page_label(p.pages)} · passage {number} (chars {p.start}–{p.end}){flag}\n")
        out.write(f"    \"{snippet(p.text)}\"\n")


def run_oneshot(question: str, settings: Settings, as_json: bool, debug: bool = False, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    answerer = cli_answerer(settings, notify, ProgressLine())
    if as_json:
        answer = answerer.ask(question)
        out.write(json.dumps(answer_to_json(answer), ensure_ascii=False) + "\n")
        return 0
    answer = answerer.ask(question)  # only what passed the checks is printed, once it has
    out.write(printable(answer.text) + "\n")
    print_sources(answer, out)
    out.flush()
    return 0
