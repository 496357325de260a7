"""A session as Markdown: each question, its answer, and the passages the answer cites."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from docent.answering.types import Answer

QUOTE_CHARS = 600


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    """The passage as a Markdown block quote, shortened to about limit characters."""
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return "> " + flat


def sources_markdown(answer: Answer) -> str:
    """The cited passages of answer: number, title, document, characters, and the passage quoted."""
    if not answer.citations:
        return "_No sources cited._"
    blocks = []
    for citation in answer.citations:
        p = citation.passage
        blocks.append(f"**[{citation.n}] {p.title or p.doc_id}** — `{p.doc_id}`, characters {p.start}–{p.end}\n\n{quote(p.text)}")
    return "\n\n".join(blocks)


def answer_markdown(answer: Answer) -> str:
    """One answer with its sources, as copied to the clipboard."""
    stopped = "\n\n_(stopped before the end)_" if answer.stopped else ""
    return f"{answer.text}{stopped}\n\n{sources_markdown(answer)}\n"


def session_markdown(answers: list[Answer], started_at: datetime, corpus: str, model: str) -> str:
    lines = [
        f"# docent session, {started_at.astimezone().strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Corpus: `{corpus}` · model: `{model}`",
    ]
    for number, answer in enumerate(answers, start=1):
        lines += ["", f"## {number}. {answer.question}", "", answer_markdown(answer).rstrip()]
    return "\n".join(lines) + "\n"


def export_path(folder: Path, session_id: int, started_at: datetime) -> Path:
    return Path(folder) / f"docent-session-{session_id}-{started_at.astimezone().strftime('%Y%m%d-%H%M')}.md"
