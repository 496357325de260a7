"""Every question and answer of every session, kept in SQLite (WAL) under the user data dir."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from docent.answering.citations import Check, resolve_citations
from docent.answering.types import Answer, Timings, TokenCounts
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage

SCHEMA_VERSION = 3  # 2: citation checks kept (older answers read as verified, as they were shown); 3: sections
HISTORY_FILE = "history.sqlite3"

Clock = Callable[[], datetime]

SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    corpus TEXT NOT NULL,
    model TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS exchanges (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    asked_at TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    abstained INTEGER NOT NULL,
    stopped INTEGER NOT NULL,
    model TEXT NOT NULL,
    prompt_tokens INTEGER NOT NULL,
    completion_tokens INTEGER NOT NULL,
    retrieval_ms REAL NOT NULL,
    prompt_ms REAL NOT NULL,
    generation_ms REAL NOT NULL,
    total_ms REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    passage_id TEXT NOT NULL,
    doc_id TEXT NOT NULL,
    title TEXT NOT NULL,
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL,
    score REAL NOT NULL,
    section TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (exchange_id, n)
);
CREATE TABLE IF NOT EXISTS citation_checks (
    exchange_id INTEGER NOT NULL REFERENCES exchanges(id) ON DELETE CASCADE,
    n INTEGER NOT NULL,
    support REAL NOT NULL,
    verified INTEGER NOT NULL,
    PRIMARY KEY (exchange_id, n)
);
CREATE INDEX IF NOT EXISTS exchanges_by_session ON exchanges(session_id, id);
"""


class HistoryError(Exception):
    """The history database cannot be opened or written."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class SessionSummary:
    id: int
    started_at: datetime
    corpus: str
    model: str
    questions: int
    first_question: str


@dataclass(frozen=True)
class SavedSession:
    summary: SessionSummary
    answers: list[Answer]


def history_path(data_dir: Path) -> Path:
    return Path(data_dir) / HISTORY_FILE


class HistoryStore:
    """Sessions of questions and answers; each answer is committed (and synced) as soon as it is saved."""

    def __init__(self, path: Path, clock: Clock = utc_now) -> None:
        self.path = Path(path)
        self.clock = clock
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(self.path)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._check_version()
            with self._db:
                self._db.executescript(SCHEMA)
                self._add_sections()
        except (sqlite3.Error, OSError) as error:
            raise HistoryError(f"cannot open the history at {self.path}: {error}") from None

    def _check_version(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise sqlite3.DatabaseError(f"it was written by a newer docent (schema {version})")
        if version < SCHEMA_VERSION:
            self._db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def _add_sections(self) -> None:
        """A history from before schema 3 gets its passages' section column (empty: not known then)."""
        columns = {row[1] for row in self._db.execute("PRAGMA table_info(passages)")}
        if "section" not in columns:
            self._db.execute("ALTER TABLE passages ADD COLUMN section TEXT NOT NULL DEFAULT ''")

    def close(self) -> None:
        self._db.close()

    def new_session(self, corpus: str, model: str) -> int:
        with self._guard():
            cursor = self._db.execute(
                "INSERT INTO sessions (started_at, corpus, model) VALUES (?, ?, ?)",
                (self.clock().isoformat(), corpus, model),
            )
            assert cursor.lastrowid is not None  # set by the INSERT
            return cursor.lastrowid

    def save_answer(self, session_id: int, answer: Answer) -> None:
        """Store one answer and the passages it was given, in one transaction."""
        t, k = answer.timings, answer.tokens
        with self._guard():
            cursor = self._db.execute(
                "INSERT INTO exchanges (session_id, asked_at, question, answer, abstained, stopped, model,"
                " prompt_tokens, completion_tokens, retrieval_ms, prompt_ms, generation_ms, total_ms)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    session_id, self.clock().isoformat(), answer.question, answer.text, answer.abstained,
                    answer.stopped, answer.model, k.prompt, k.completion,
                    t.retrieval_ms, t.prompt_ms, t.generation_ms, t.total_ms,
                ),
            )
            self._db.executemany(
                "INSERT INTO passages (exchange_id, n, passage_id, doc_id, title, start, end, text, score, section)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (cursor.lastrowid, n, s.passage.passage_id, s.passage.doc_id, s.passage.title,
                     s.passage.start, s.passage.end, s.passage.text, s.score, s.passage.section)
                    for n, s in enumerate(answer.passages, start=1)
                ],
            )
            self._db.executemany(
                "INSERT INTO citation_checks (exchange_id, n, support, verified) VALUES (?, ?, ?, ?)",
                [(cursor.lastrowid, c.n, c.support, c.verified) for c in answer.citations],
            )

    def sessions(self) -> list[SessionSummary]:
        """Sessions with at least one answer, the most recent first."""
        with _reading():
            return self._sessions()

    def _sessions(self) -> list[SessionSummary]:
        rows = self._db.execute(
            "SELECT s.id, s.started_at, s.corpus, s.model, COUNT(e.id),"
            " (SELECT question FROM exchanges WHERE session_id = s.id ORDER BY id LIMIT 1)"
            " FROM sessions s JOIN exchanges e ON e.session_id = s.id"
            " GROUP BY s.id ORDER BY s.id DESC"
        ).fetchall()
        return [_summary(row) for row in rows]

    def load(self, session_id: int) -> SavedSession:
        with _reading():
            return self._load(session_id)

    def _load(self, session_id: int) -> SavedSession:
        summary = next((s for s in self._sessions() if s.id == session_id), None)
        if summary is None:
            raise HistoryError(f"no session {session_id} in the history")
        rows = self._db.execute(
            "SELECT id, question, answer, abstained, stopped, model, prompt_tokens, completion_tokens,"
            " retrieval_ms, prompt_ms, generation_ms, total_ms FROM exchanges WHERE session_id = ? ORDER BY id",
            (session_id,),
        ).fetchall()
        return SavedSession(summary, [self._answer(row) for row in rows])

    def _answer(self, row: tuple) -> Answer:
        exchange_id, question, text, abstained, stopped, model, prompt, completion, *timings = row
        passages = [
            ScoredPassage(Passage(passage_id, doc_id, title, start, end, passage_text, section=section), score)
            for passage_id, doc_id, title, start, end, passage_text, score, section in self._db.execute(
                "SELECT passage_id, doc_id, title, start, end, text, score, section FROM passages"
                " WHERE exchange_id = ? ORDER BY n",
                (exchange_id,),
            )
        ]
        checks = {
            n: Check(support, bool(verified))
            for n, support, verified in self._db.execute(
                "SELECT n, support, verified FROM citation_checks WHERE exchange_id = ?", (exchange_id,)
            )
        }
        return Answer(
            question=question,
            text=text,
            abstained=bool(abstained),
            citations=resolve_citations(text, passages, checks),
            passages=passages,
            model=model,
            timings=Timings(*timings),
            tokens=TokenCounts(prompt, completion),
            stopped=bool(stopped),
        )

    def _guard(self):
        return _Transaction(self._db)


class _Transaction:
    """A committed-or-rolled-back transaction whose SQLite errors become HistoryError."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.__enter__()

    def __exit__(self, kind, error, trace) -> Literal[False]:
        self._db.__exit__(kind, error, trace)
        if isinstance(error, sqlite3.Error):
            raise HistoryError(f"could not save to the history: {error}") from None
        return False


@contextmanager
def _reading() -> Iterator[None]:
    """SQLite errors while reading the history become HistoryError."""
    try:
        yield
    except sqlite3.Error as error:
        raise HistoryError(f"could not read the history: {error}") from None


def _summary(row: tuple) -> SessionSummary:
    session_id, started_at, corpus, model, questions, first_question = row
    return SessionSummary(session_id, datetime.fromisoformat(started_at), corpus, model, questions, first_question or "")
