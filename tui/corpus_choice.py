"""Which documents a run answers from: a named collection, the --corpus paths, or the seed articles."""

from __future__ import annotations

from pathlib import Path

from docent.retrieval.documents import CorpusError
from docent.tui import paths
from docent.tui.collection_store import Collection, find_collection
from docent.tui.settings import Settings, SettingsError

PRECEDENCE = ("command line", "environment", "config file")
ORIGIN_NAMES = {"command line": "the command line", "environment": "the environment", "config file": "the config file"}


def chosen_collection(settings: Settings) -> Collection | None:
    """The collection the settings pick; None when the corpus setting (or the default) applies.

    collection and corpus given at the same level (both on the command line, say) is a mistake; at
    different levels, the one that takes precedence wins, as for any setting.
    """
    if settings.collection is None:
        return None
    if settings.corpus is not None:
        collection_rank = PRECEDENCE.index(settings.sources.get("collection", "command line"))
        corpus_rank = PRECEDENCE.index(settings.sources.get("corpus", "command line"))
        if collection_rank == corpus_rank:
            where = ORIGIN_NAMES[PRECEDENCE[corpus_rank]]
            raise SettingsError(f"both a collection and a corpus are given on {where}; give one of them")
        if corpus_rank < collection_rank:
            return None
    return find_collection(settings.collections, settings.collection)


def chosen_roots(settings: Settings) -> tuple[Path, ...]:
    """The folders and files to index, each of which must exist."""
    collection = chosen_collection(settings)
    if collection is not None:
        roots = tuple(Path(p) for p in collection.paths)
        for root in roots:
            if not root.exists():
                raise CorpusError(f"collection {collection.name!r}: {root} no longer exists")
        return roots
    if settings.corpus is None:
        return (paths.default_corpus(),)
    given = (settings.corpus,) if isinstance(settings.corpus, str) else settings.corpus
    return tuple(Path(p).expanduser() for p in given)


def corpus_label(settings: Settings) -> str:
    """What the history and exports call the corpus: the collection's name, else its path(s)."""
    collection = chosen_collection(settings)
    if collection is not None:
        return f"collection {collection.name}"
    return ", ".join(str(root) for root in chosen_roots(settings))
