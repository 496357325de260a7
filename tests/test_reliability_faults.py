"""Faults: killed processes, two processes at once, a full disk, an unwritable cache, Ctrl+C and Esc."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docent.retrieval import index_store
from docent.retrieval.index_cache import open_index
from docent.tui.cli import main
from tests.conftest import ask, drive, wait_until
from tests.fault_workers import ranking

FAULTS = "Faults"
ROOT = Path(__file__).resolve().parent.parent
KILL_ROUNDS = 6


def worker(*arguments: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.fault_workers", *arguments],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture(scope="module")
def many_files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("many")
    for n in range(2500):
        sub = folder / f"d{n % 25:02d}"
        sub.mkdir(exist_ok=True)
        extra = " The harbour ferry sails at dawn." if n % 7 == 0 else ""
        (sub / f"note{n:04d}.txt").write_text(f"Note {n}: the tide table for day {n}.{extra} Lighthouse log {n % 13}.", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def clean_ranking(many_files, tmp_path_factory) -> list[list[str]]:
    return ranking(open_index(many_files, tmp_path_factory.mktemp("clean-cache")).index)


def run_to_end(*arguments: str) -> tuple[str, float]:
    started = time.monotonic()
    process = worker(*arguments)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 0, err
    return out, time.monotonic() - started


def test_killing_the_indexer_at_random_moments_never_breaks_the_next_run(many_files, clean_ranking, tmp_path, reliability):
    _, full_run = run_to_end("index", str(many_files), str(tmp_path / "timing-cache"))
    cache = tmp_path / "cache"
    rng = random.Random(6)
    delays = [full_run * (i + rng.random()) / KILL_ROUNDS for i in range(KILL_ROUNDS)]  # spread over a whole run
    for delay in delays:
        process = worker("index", str(many_files), str(cache))
        time.sleep(delay)
        process.send_signal(signal.SIGKILL)
        process.communicate()
        if cache.exists():  # a kill after the save: touch files so that later rounds have work to do again
            for n in rng.sample(range(2500), 50):
                path = many_files / f"d{n % 25:02d}" / f"note{n:04d}.txt"
                os.utime(path, ns=(time.time_ns(), time.time_ns()))
    out, _ = run_to_end("index", str(many_files), str(cache))
    assert json.loads(out)["ranking"] == clean_ranking
    assert json.loads(out)["documents"] == 2500
    assert open_index(many_files, cache).from_cache
    reliability(FAULTS, f"SIGKILL while indexing 2,500 files, {KILL_ROUNDS} times at "
                f"{', '.join(f'{d:.2f}' for d in delays)} s (a full run takes {full_run:.2f} s)",
                "the next run exits 0 with the same ranking as a clean build, and the run after loads its cache")


def test_two_processes_indexing_the_same_corpus_both_finish(many_files, clean_ranking, tmp_path, reliability):
    cache = tmp_path / "cache"
    first, second = worker("index", str(many_files), str(cache)), worker("index", str(many_files), str(cache))
    results = [process.communicate(timeout=120) for process in (first, second)]
    assert first.returncode == 0 and second.returncode == 0, results
    assert all(json.loads(out)["ranking"] == clean_ranking for out, _ in results)
    third = open_index(many_files, cache)
    assert third.from_cache and ranking(third.index) == clean_ranking
    reliability(FAULTS, "two processes index the same 2,500-file corpus into the same cache at once",
                "both exit 0 with the clean ranking; a third run loads the cache unchanged")


def test_killing_while_answers_are_saved_keeps_every_completed_answer(tmp_path, reliability):
    db = tmp_path / "history.sqlite3"
    rng = random.Random(7)
    completed: list[str] = []
    for _ in range(KILL_ROUNDS):
        process = worker("history", str(db), "100000")
        deadline = time.monotonic() + rng.uniform(0.8, 2.5)
        while time.monotonic() < deadline:
            line = process.stdout.readline()
            if line.startswith("saved "):
                completed.append(line[len("saved "):].rstrip("\n"))
        process.send_signal(signal.SIGKILL)
        out, _ = process.communicate()
        completed += [line[len("saved "):] for line in out.splitlines() if line.startswith("saved ")]
    db_check = sqlite3.connect(db)
    assert db_check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db_check.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    saved = {row[0] for row in db_check.execute("SELECT question FROM exchanges")}
    db_check.close()
    assert completed and set(completed) <= saved
    from docent.tui.history_store import HistoryStore

    store = HistoryStore(db)
    assert sum(s.questions for s in store.sessions()) == len(saved)
    store.close()
    reliability(FAULTS, f"SIGKILL while answers are being saved to the history, {KILL_ROUNDS} times",
                f"all {len(completed)} answers reported saved are in the history; integrity_check ok; it opens")


def test_a_full_disk_while_saving_the_index_falls_back_to_memory(corpus_dir, tmp_path, monkeypatch, capsys, reliability):
    from docent.answering.fake_model import FakeModel

    real_fdopen = os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(index_store.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    model = FakeModel([["The harbour was rebuilt in 1903 [1]."]], name="fake.gguf")
    monkeypatch.setattr("docent.tui.bootstrap.open_model", lambda settings, notify, progress: model)
    assert main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir)]) == 0
    captured = capsys.readouterr()
    assert "1903" in captured.out
    assert "could not save the index cache (No space left on device); using it from memory" in captured.err
    cache = tmp_path / "cache"
    assert not cache.exists() or list(cache.iterdir()) == []  # no half-written file left
    reliability(FAULTS, "disk full (ENOSPC) while writing the index cache",
                "answers from the in-memory index; warning: `could not save the index cache (No space left on device); "
                "using it from memory`; no partial file")


@pytest.mark.parametrize("label, breakage", [
    ("a read-only cache dir (EROFS on create)", "read-only"),
    ("the cache dir path is a regular file", "file"),
])
def test_an_unwritable_cache_dir_falls_back_to_memory(label, breakage, corpus_dir, tmp_path, monkeypatch, capsys, reliability):
    from docent.answering.fake_model import FakeModel

    if breakage == "file":
        (tmp_path / "not-a-folder").write_text("x")
        monkeypatch.setenv("DOCENT_CACHE_DIR", str(tmp_path / "not-a-folder"))
    else:
        def read_only(*args, **kwargs):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(index_store.tempfile, "mkstemp", read_only)
    model = FakeModel([["The harbour was rebuilt in 1903 [1]."]], name="fake.gguf")
    monkeypatch.setattr("docent.tui.bootstrap.open_model", lambda settings, notify, progress: model)
    assert main(["-q", "When was the harbour of Vell rebuilt?", "--corpus", str(corpus_dir)]) == 0
    captured = capsys.readouterr()
    warning = [line for line in captured.err.splitlines() if "could not save the index cache" in line]
    assert "1903" in captured.out and len(warning) == 1
    reliability(FAULTS, label, f"answers from the in-memory index; warning: `{warning[0].removeprefix('docent: ')}`")


def test_ctrl_c_in_the_one_shot_cli_exits_130_promptly(corpus_dir, reliability):
    process = worker("ask-slow", str(corpus_dir))
    assert process.stderr.readline().strip() == "generating", "the model should be writing the answer"
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    process.wait(timeout=10)
    waited = time.monotonic() - sent
    assert process.returncode == 130 and waited < 2.0
    assert "interrupted" in process.stderr.read()
    reliability(FAULTS, "Ctrl+C (SIGINT) while the one-shot CLI streams an answer (fake model)",
                f"exit 130 after {waited:.2f} s, `docent: interrupted`")


def test_escape_in_the_interface_cancels_generation(build_app, store, reliability):
    app = build_app(["The harbour ", *[f"word{n} " for n in range(200)]], chunk_delay=0.05)

    async def scenario(pilot):
        await ask(pilot, "When was the harbour of Vell rebuilt?", wait=False)
        await wait_until(pilot, lambda: app.answering and app.session is not None)
        await pilot.pause(0.3)
        await pilot.press("escape")
        assert not app.answering
        await wait_until(pilot, lambda: len(app.session.answers) == 1)
        assert app.session.answers[0].stopped and "word199" not in app.session.answers[0].text

    drive(app, scenario)
    assert store.load(store.sessions()[0].id).answers[0].stopped
    reliability(FAULTS, "Esc while the interface streams an answer (fake model)",
                "generation stops at once; the partial answer is kept and saved, marked stopped")
