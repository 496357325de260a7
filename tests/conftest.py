"""Shared fixtures: every test runs with its own docent directories, never the user's."""

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
def docent_dirs(tmp_path, monkeypatch):
    """Point the cache, data and config locations at a fresh temporary folder."""
    home = tmp_path / "docent-home"
    monkeypatch.setenv("DOCENT_CACHE_DIR", str(home / "cache"))
    monkeypatch.setenv("DOCENT_DATA_DIR", str(home / "data"))
    monkeypatch.setenv("DOCENT_CONFIG", str(home / "config.toml"))
    for name in list(os.environ):
        if name.startswith("DOCENT_") and name not in {"DOCENT_CACHE_DIR", "DOCENT_DATA_DIR", "DOCENT_CONFIG", "DOCENT_TEST_MODEL"}:
            monkeypatch.delenv(name)
    return home


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
def default_model_path(request) -> Path:
    """The real default model: DOCENT_TEST_MODEL if set, else pulled once into pytest's cache."""
    named = os.environ.get("DOCENT_TEST_MODEL")
    if named:
        return Path(named)
    from answering.model_store import DEFAULT_MODEL, pull_default_model

    folder = Path(request.config.cache.mkdir("docent-model"))
    stored = folder / "models" / DEFAULT_MODEL.filename
    return stored if stored.is_file() else pull_default_model(folder)
