"""Where docent keeps its files: platformdirs locations, each overridable by an environment variable."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "docent"


def _dir(env_name: str, kind: str) -> Path:
    override = os.environ.get(env_name)
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(getattr(platformdirs, f"user_{kind}_dir")(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """The index cache: DOCENT_CACHE_DIR, else the user cache dir."""
    return _dir("DOCENT_CACHE_DIR", "cache")


def data_dir() -> Path:
    """Models and history: DOCENT_DATA_DIR, else the user data dir."""
    return _dir("DOCENT_DATA_DIR", "data")


def config_file() -> Path:
    """The TOML config: DOCENT_CONFIG, else config.toml in the user config dir."""
    override = os.environ.get("DOCENT_CONFIG")
    if override:
        return Path(override).expanduser()
    return _dir("DOCENT_CONFIG_DIR", "config") / "config.toml"


def default_corpus() -> Path:
    """The seed articles shipped with docent, as installed with the package."""
    from importlib.resources import files

    return Path(str(files("docent.seeds")))  # a regular package, so also found in an editable install
