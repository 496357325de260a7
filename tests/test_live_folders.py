"""Live folders: the interface and `docent index --watch` refresh the index as files are added, changed or removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from docent.answering.fake_model import FakeModel
from docent.retrieval.index_cache import open_index
from docent.retrieval.live_index import IndexChange, LiveIndex
from docent.tui.app import make_app
from docent.tui.settings import Settings
from tests.conftest import ask, drive, wait_until

REPO = Path(__file__).resolve().parent.parent
REFRESH_SECONDS = 20  # a refresh comes within half a second; allow for a busy machine
FERRY = "# The Ferry\n\nThe ferry to Ostra carries forty passengers and leaves the harbour of Vell at dawn.\n"


def live_app(corpus_dir: Path, model: FakeModel):
    settings = Settings(corpus=str(corpus_dir))
    return make_app(settings, model=model, indexed=open_index(corpus_dir, None), watch=True)


def refreshed(app, words: str):
    return lambda: words in app.status.index_note


def test_a_file_added_changed_and_removed_is_indexed_and_the_status_bar_says_so(corpus_dir):
    model = FakeModel([["The ferry to Ostra carries forty passengers [1]."]], name="fake.gguf")
    app = live_app(corpus_dir, model)

    async def scenario(pilot):
        await pilot.pause(0.3)  # the watcher is listening
        (corpus_dir / "ferry.md").write_text(FERRY, encoding="utf-8")
        await wait_until(pilot, refreshed(app, "1 added (ferry.md)"), REFRESH_SECONDS)
        assert app.status.corpus.startswith("4 docs")
        assert "index refreshed: 1 added (ferry.md)" in str(app.status.render())
        await ask(pilot, "How many passengers does the ferry to Ostra carry?")
        assert app.session.answers[-1].citations[0].passage.doc_id == "ferry.md"
        (corpus_dir / "market.md").write_text("# The Saturday Market\n\nThe market sells honey now.\n", encoding="utf-8")
        await wait_until(pilot, refreshed(app, "1 changed"), REFRESH_SECONDS)
        (corpus_dir / "harbour.md").unlink()
        await wait_until(pilot, refreshed(app, "1 removed (harbour.md)"), REFRESH_SECONDS)
        assert app.status.corpus.startswith("3 docs")
        assert "harbour.md" not in {d.doc_id for d in app.indexed.corpus.documents}

    drive(app, scenario, size=(160, 30))


def test_an_answer_being_written_keeps_the_index_it_began_with(corpus_dir):
    slow = ["The harbour of Vell ", *[f"word{n} " for n in range(60)], "was rebuilt in 1903 [1]."]
    model = FakeModel([slow], name="fake.gguf", chunk_delay=0.05)
    app = live_app(corpus_dir, model)

    async def scenario(pilot):
        await pilot.pause(0.3)
        await ask(pilot, "When was the harbour of Vell rebuilt?", wait=False)
        await wait_until(pilot, lambda: app.answering)
        (corpus_dir / "harbour.md").unlink()
        await wait_until(pilot, refreshed(app, "1 removed (harbour.md)"), REFRESH_SECONDS)
        assert app.answering, "the refresh should come while the answer is still being written"
        await wait_until(pilot, lambda: not app.answering and app.session.answers, REFRESH_SECONDS)
        answer = app.session.answers[-1]
        assert answer.passages and answer.passages[0].passage.doc_id == "harbour.md"
        assert "harbour.md" not in {d.doc_id for d in app.indexed.corpus.documents}

    drive(app, scenario, size=(160, 30))


def test_live_index_reports_what_changed_and_refreshes_only_when_the_listing_changed(corpus_dir, tmp_path):
    live = LiveIndex(corpus_dir, tmp_path / "cache")
    first = live.current()
    assert live.current() is first  # nothing changed: the same index, no refresh
    (corpus_dir / "ferry.md").write_text(FERRY, encoding="utf-8")
    second = live.current()
    assert second is not first and second.report.documents == 4
    assert IndexChange(("a.md",), ("b.md", "c.md"), 2).describe() == "1 added (a.md), 2 removed (b.md, c.md), 2 changed"
    assert IndexChange().describe() == "nothing changed"


def test_index_watch_refreshes_until_ctrl_c_and_exits_130(corpus_dir):
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    watcher = subprocess.Popen(
        [sys.executable, "-m", "docent", "index", "--watch", str(corpus_dir)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, stdin=subprocess.DEVNULL,
    )
    try:
        lines = []
        deadline = time.monotonic() + 60
        while not any(line.startswith("watching ") for line in lines) and time.monotonic() < deadline:
            lines.append(watcher.stdout.readline())
        assert lines[0].startswith("indexed") and "documents  3" in "".join(lines)
        time.sleep(0.3)
        (corpus_dir / "ferry.md").write_text(FERRY, encoding="utf-8")
        line = watcher.stdout.readline()
        assert "refreshed in" in line and "1 added (ferry.md)" in line and "4 documents" in line, line
    finally:
        watcher.send_signal(signal.SIGINT)
        out, err = watcher.communicate(timeout=30)
    assert watcher.returncode == 130
    assert err.strip() == "docent: interrupted" and "Traceback" not in err
