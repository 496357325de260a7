"""Named collections of folders and files, kept in the config file's [collections.NAME] tables.

The file is edited with tomlkit, so the user's other keys, comments and layout stay as they were,
and it is replaced atomically: a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docent.tui.settings import COLLECTIONS_TABLE, SettingsError, load_config

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
NAME_RULE = "letters, digits, '.', '_' and '-', starting with a letter or digit, at most 64 characters"


class CollectionError(SettingsError):
    """A collection that cannot be added, found or removed; the message says why."""


@dataclass(frozen=True)
class Collection:
    name: str
    paths: tuple[str, ...]  # absolute paths of folders and files


def parse_collections(table: Any, origin: Path) -> dict[str, tuple[str, ...]]:
    """The [collections] table of a config file: name -> paths, checked."""
    if not isinstance(table, Mapping):
        raise SettingsError(f"{origin}: {COLLECTIONS_TABLE} must be a table of [{COLLECTIONS_TABLE}.NAME] tables")
    collections = {}
    for name, entry in table.items():
        where = f"{origin}: {COLLECTIONS_TABLE}.{name}"
        if not NAME_PATTERN.fullmatch(name):
            raise SettingsError(f"{where}: a collection name has {NAME_RULE}")
        paths = entry.get("paths") if isinstance(entry, Mapping) else None
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
            raise SettingsError(f'{where}: needs paths = ["/some/folder", ...]')
        unknown = sorted(set(entry) - {"paths"})
        if unknown:
            raise SettingsError(f"{where}: unknown key {unknown[0]!r} (a collection has only paths)")
        collections[name] = tuple(paths)
    return collections


def read_collections(config_file: Path) -> list[Collection]:
    """The collections of the config file, in the order they were added."""
    table = load_config(config_file).get(COLLECTIONS_TABLE, {})
    return [Collection(name, paths) for name, paths in table.items()]


def check_name(name: str) -> str:
    if not NAME_PATTERN.fullmatch(name):
        raise CollectionError(f"{name!r} cannot name a collection: use {NAME_RULE}")
    return name


def absolute_paths(paths: list[str]) -> tuple[str, ...]:
    """Each path made absolute; one that does not exist, or repeats another, is refused."""
    chosen: list[Path] = []
    for given in paths:
        path = Path(os.path.abspath(Path(given).expanduser()))
        if not path.exists():
            raise CollectionError(f"no such file or folder: {given}")
        for other in chosen:
            if path == other or other in path.parents or path in other.parents:
                inner, outer = (path, other) if other in path.parents or path == other else (other, path)
                raise CollectionError(f"{inner} is already in the collection through {outer}; give it once")
        chosen.append(path)
    return tuple(str(p) for p in chosen)


def _document(config_file: Path):
    import tomlkit

    load_config(config_file)  # a broken file is reported as docent reports it, and left alone
    text = config_file.read_text(encoding="utf-8") if config_file.is_file() else ""
    return tomlkit.parse(text)


def _save(config_file: Path, document) -> None:
    import tomlkit

    from docent.retrieval.index_store import atomic_file

    mode = config_file.stat().st_mode & 0o777 if config_file.is_file() else None
    text = tomlkit.dumps(document).rstrip()
    with atomic_file(config_file) as handle:
        handle.write((text + "\n" if text else "").encode("utf-8"))
    if mode is not None:
        os.chmod(config_file, mode)


def add_collection(config_file: Path, name: str, paths: list[str]) -> Collection:
    """Record a new collection; its name must be free and every path must exist."""
    import tomlkit

    check_name(name)
    document = _document(config_file)
    table = document.get(COLLECTIONS_TABLE)
    if table is not None and name in table:
        raise CollectionError(f"a collection named {name!r} already exists (docent collections remove {name} first, or pick another name)")
    collection = Collection(name, absolute_paths(paths))
    if table is None:
        table = tomlkit.table(is_super_table=True)
        document.add(COLLECTIONS_TABLE, table)
    entry = tomlkit.table()
    entry.add("paths", tomlkit.array().multiline(len(collection.paths) > 1))
    entry["paths"].extend(collection.paths)
    table.add(name, entry)
    _save(config_file, document)
    return collection


def find_collection(collections: Mapping[str, tuple[str, ...]], name: str) -> Collection:
    if name not in collections:
        known = ", ".join(collections) or "none yet; add one with: docent collections add NAME PATH..."
        raise CollectionError(f"no collection named {name!r} (known: {known})")
    return Collection(name, collections[name])


def remove_collection(config_file: Path, name: str) -> tuple[Collection, bool]:
    """Forget a collection; also drops `collection = NAME` when it named this one (the second value says so)."""
    document = _document(config_file)
    table = document.get(COLLECTIONS_TABLE) or {}
    collection = find_collection(parse_collections(table, config_file), name)
    del table[name]
    if not table:
        del document[COLLECTIONS_TABLE]
    was_default = document.get("collection") == name
    if was_default:
        del document["collection"]
    _save(config_file, document)
    return collection, was_default
