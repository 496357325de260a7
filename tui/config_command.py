"""`docent config`: the effective settings and where each came from; `docent config path`: the file's path."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from docent.tui import paths
from docent.tui.settings import SETTING_KEYS, Settings

# What a setting that is not set means.
UNSET_MEANING = {
    "corpus": "the seed articles shipped with docent",
    "model": "the first .gguf in ./models, else in the data dir; pulled when there is none",
    "threads": "the free cores, up to 8",
    "server": "answer with the local model",
    "server_model": "the first model the server lists",
    "server_ctx": "asked of the server, else 2048",
}


def toml_value(value: Any) -> str:
    """value as TOML: a JSON string is a valid TOML basic string, and numbers match."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, tuple):  # several corpus paths: a TOML array of strings
        return json.dumps(list(value), ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)


def origin_label(key: str, origin: str) -> str:
    """Where a value came from, named as the user would set it."""
    if origin == "command line":
        return "--" + key.replace("_", "-")
    if origin == "environment":
        return "DOCENT_" + key.upper()
    return origin


def setting_lines(settings: Settings) -> list[str]:
    """One line per setting, valid TOML: `key = value  # origin`, or a comment for one that is not set."""
    lines = []
    for key in SETTING_KEYS:
        value = getattr(settings, key)
        if value is None:
            lines.append(f"# {key}: not set ({UNSET_MEANING.get(key, 'none')})")
        else:
            lines.append(f"{key} = {toml_value(value)}".ljust(40) + f"  # {origin_label(key, settings.sources[key])}")
    return lines


def config_report(settings: Settings, config_file: Path, environ: Mapping[str, str]) -> str:
    state = "present" if config_file.is_file() else "not present: defaults apply"
    key_state = "set (never shown)" if environ.get("DOCENT_API_KEY") else "not set"
    return "\n".join(
        [
            "# docent settings; each from the first of: command line, DOCENT_* variables, config file, default",
            f"# config file: {config_file} ({state})",
            *setting_lines(settings),
            f"# DOCENT_API_KEY: {key_state}",
        ]
    )


def run_config(command: str, load_settings: Callable[[], Settings], environ: Mapping[str, str] = os.environ) -> int:
    """`path` prints the file's path without reading it, so it works even while the file is broken."""
    if command == "path":
        print(paths.config_file())
        return 0
    print(config_report(load_settings(), paths.config_file(), environ))
    return 0
