"""The one JSON object `docent --ask --json` prints for an answer."""

from __future__ import annotations

from dataclasses import asdict

from docent.answering.types import Answer
from docent.retrieval.chunking import Passage


def _pages(passage: Passage) -> dict:
    """{"pages": [first, last]} for a passage of a PDF; nothing for other formats."""
    return {"pages": list(passage.pages)} if passage.pages else {}


def answer_to_json(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {
                "n": c.n,
                "doc": c.passage.doc_id,
                "passage_id": c.passage.passage_id,
                "start": c.passage.start,
                "end": c.passage.end,
                **_pages(c.passage),
                "section": c.passage.section,
                "text": c.passage.text,
                "verified": c.verified,
                "support": c.support,
            }
            for c in answer.citations
        ],
        "passages": [
            {
                "n": n,
                "doc": s.passage.doc_id,
                "passage_id": s.passage.passage_id,
                "score": round(s.score, 4),
                **_pages(s.passage),
                "section": s.passage.section,
                "text": s.passage.text,
            }
            for n, s in enumerate(answer.passages, start=1)
        ],
        "model": answer.model,
        "timings": asdict(answer.timings),
        "tokens": asdict(answer.tokens),
    }
