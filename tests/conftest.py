"""Shared fixtures: each test gets its own config, data and cache dirs; e2e tests get the default model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


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
