"""Shared fixtures: every test runs with its own docent directories; e2e tests get the default model;
the interface tests drive the app with a fake model over a small corpus."""

from __future__ import annotations

import asyncio
import os
import shutil
import time
from datetime import datetime, timezone
from pathlib import Path

import pytest

from docent.answering.fake_model import FakeModel
from docent.retrieval.bm25_index import BM25Index
from docent.retrieval.chunking import ChunkSettings, Passage, chunk_document
from docent.retrieval.documents import Document
from docent.retrieval.index_cache import open_index
from docent.retrieval.token_count import count_tokens
from docent.tui.app import DocentApp, make_app
from docent.tui.history_store import HistoryStore
from docent.tui.settings import Settings

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(scope="session")
def probe_verdicts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extra-buffer-types probe's verdicts (answering/extra_bufts.py), shared by every test's own cache
    dir: a real-model test finds the verdict an earlier one found, so the session probes once per model."""
    return tmp_path_factory.mktemp("extra-bufts")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, probe_verdicts: Path, request: pytest.FixtureRequest):
    """No test reads or writes the user's own docent dirs, or sees their DOCENT_* settings."""
    for name in list(os.environ):
        if name.startswith("DOCENT_") and name != "DOCENT_TEST_MODEL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("DOCENT_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("DOCENT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOCENT_CACHE_DIR", str(tmp_path / "cache"))
    verdicts = tmp_path / "cache" / "extra-bufts"
    if "default_model_path" in request.fixturenames and any(probe_verdicts.iterdir()):  # other tests: an empty cache
        shutil.copytree(probe_verdicts, verdicts)
    yield tmp_path
    if verdicts.is_dir():
        shutil.copytree(verdicts, probe_verdicts, dirs_exist_ok=True)


@pytest.fixture
def seeds() -> Path:
    return SEEDS


def make_index(texts: dict[str, str], target_tokens: int = 60, overlap_tokens: int = 0) -> BM25Index:
    """An index over small documents given as {doc_id: text}."""
    settings = ChunkSettings(target_tokens, overlap_tokens)
    passages: list[Passage] = []
    for doc_id, text in texts.items():
        passages += chunk_document(Document(doc_id, text.splitlines()[0], text), settings, count_tokens)
    return BM25Index.build(passages)


@pytest.fixture(scope="session")
def default_model_path(request: pytest.FixtureRequest) -> Path:
    """The default GGUF model: DOCENT_TEST_MODEL if set, else pulled once into pytest's cache dir."""
    named = os.environ.get("DOCENT_TEST_MODEL")
    if named:
        return Path(named)
    from docent.answering.model_store import DEFAULT_MODEL, models_dir, pull_default_model

    store = Path(request.config.cache.mkdir("docent-model"))
    path = models_dir(store) / DEFAULT_MODEL.filename
    if not path.is_file():
        pull_default_model(store)
    return path


FIXED_TIME = datetime(2024, 5, 4, 9, 30, tzinfo=timezone.utc)

HARBOUR = """# The Harbour of Vell

The harbour of Vell was rebuilt in 1903 after a winter storm destroyed the old wooden pier.

Fishing boats from Vell sail north each spring to follow the herring shoals.
"""

LIGHTHOUSE_FILLER = "The keepers logged the weather, the passing ships and the state of the lamp every evening."
LIGHTHOUSE = (
    "The Lighthouse at Sorn Point\n\n"
    + "\n\n".join(f"Entry {n}. {LIGHTHOUSE_FILLER}" for n in range(1, 40))
    + "\n\nIn 1921 the lighthouse lamp was converted from paraffin to electricity by engineer Mara Quist.\n\n"
    + "\n\n".join(f"Later entry {n}. {LIGHTHOUSE_FILLER}" for n in range(1, 10))
    + "\n"
)

MARKET = """# The Saturday Market

The Saturday market in the old square sells cheese, apples and woollen cloth from the valley farms.
"""


@pytest.fixture
def corpus_dir(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "harbour.md").write_text(HARBOUR, encoding="utf-8")
    (folder / "lighthouse.txt").write_text(LIGHTHOUSE, encoding="utf-8")
    (folder / "market.md").write_text(MARKET, encoding="utf-8")
    return folder


@pytest.fixture
def indexed(corpus_dir):
    return open_index(corpus_dir, None)


@pytest.fixture
def store(tmp_path):
    history = HistoryStore(tmp_path / "history.sqlite3", clock=lambda: FIXED_TIME)
    yield history
    history.close()


@pytest.fixture
def build_app(corpus_dir, indexed, store, tmp_path):
    """make_app with a FakeModel replying with the given chunk lists, the small corpus and a fixed-clock history."""

    def build(*replies: list[str], chunk_delay: float = 0.0, **overrides) -> DocentApp:
        options = dict(
            model=FakeModel([list(r) for r in replies], chunk_delay=chunk_delay, name="fake-model.gguf"),
            indexed=indexed,
            history=store,
            export_dir=tmp_path / "exports",
        )
        options.update(overrides)
        return make_app(Settings(corpus=str(corpus_dir)), **options)

    return build


async def wait_until(pilot, condition, timeout: float = 5.0) -> None:
    """Let the app run until condition() holds; fail after timeout seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the app did not reach the expected state in time")
        await pilot.pause(0.01)


async def until_ready(pilot, timeout: float = 5.0) -> None:
    await wait_until(pilot, lambda: pilot.app.answerer is not None, timeout)


async def ask(pilot, question: str, wait: bool = True, timeout: float = 5.0) -> None:
    """Type question into the question box and press Enter; by default wait for the whole answer."""
    app = pilot.app
    before = len(app.session.answers)
    app.query_one("#question").value = question
    await pilot.press("enter")
    if wait:
        await wait_until(pilot, lambda: len(app.session.answers) > before and not app.answering, timeout)
        await pilot.pause()


def drive(app, scenario, *questions: str, size: tuple[int, int] = (100, 30), ready: bool = True) -> None:
    """Run app headless: wait until it is ready, ask questions one after the other, then run scenario(pilot)."""

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            if ready:
                await until_ready(pilot)
            for question in questions:
                await ask(pilot, question)
            await scenario(pilot)

    asyncio.run(main())


from tests.reliability import pytest_runtest_makereport, reliability  # noqa: E402,F401  (fixture and hook)
