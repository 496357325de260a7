"""Shared fixtures: every test runs with its own docent directories; e2e tests get the default model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from retrieval.bm25_index import BM25Index
from retrieval.chunking import ChunkSettings, Passage, chunk_document
from retrieval.documents import Document
from retrieval.token_count import count_tokens

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No test reads or writes the user's own docent dirs, or sees their DOCENT_* settings."""
    for name in list(os.environ):
        if name.startswith("DOCENT_") and name != "DOCENT_TEST_MODEL":
            monkeypatch.delenv(name)
    monkeypatch.setenv("DOCENT_CONFIG", str(tmp_path / "config" / "config.toml"))
    monkeypatch.setenv("DOCENT_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DOCENT_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


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
    from answering.model_store import DEFAULT_MODEL, models_dir, pull_default_model

    store = Path(request.config.cache.mkdir("docent-model"))
    path = models_dir(store) / DEFAULT_MODEL.filename
    if not path.is_file():
        pull_default_model(store)
    return path
