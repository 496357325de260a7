"""`docent collections add NAME PATH...`, `list` and `remove NAME`: named sets of folders in the config file."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TextIO

from docent.retrieval.index_cache import cache_path, remove_index
from docent.tui import paths
from docent.tui.collection_store import add_collection, read_collections, remove_collection
from docent.tui.settings import Settings


def run_collections(command: str, name: str | None, given: list[str], settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    config_file = paths.config_file()
    if command == "add":
        assert name is not None  # the parser requires NAME for add and remove
        collection = add_collection(config_file, name, given)
        out.write(f"added collection {collection.name}: {', '.join(collection.paths)}\n")
        out.write(f"ask it with: docent --collection {collection.name}   (or set collection = \"{collection.name}\" in {config_file})\n")
        return 0
    if command == "remove":
        assert name is not None
        collection, was_default = remove_collection(config_file, name)
        remove_index(cache_path(paths.cache_dir(), [Path(p) for p in collection.paths]))
        out.write(f"removed collection {collection.name} and its index; its files were not touched\n")
        if was_default:
            out.write(f"the collection key no longer names it; removed it from {config_file}\n")
        return 0
    return list_collections(settings, out)


def list_collections(settings: Settings, out: TextIO) -> int:
    collections = read_collections(paths.config_file())
    if not collections:
        out.write("no collections yet; add one with: docent collections add NAME PATH...\n")
        return 0
    width = max(len(c.name) for c in collections)
    for collection in collections:
        mark = "*" if collection.name == settings.collection else " "
        out.write(f"{mark} {collection.name:<{width}}  {', '.join(collection.paths)}\n")
    if settings.collection:
        out.write(f"(* the collection used when none is named: {settings.collection})\n")
    return 0
