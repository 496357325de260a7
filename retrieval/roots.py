"""A corpus of several roots (folders or files): one scan whose document ids stay unambiguous.

With one root a document's id is its path below that root, as always. With several, each id is
prefixed by a label naming its root: the root's own name, with as many parent folders as it takes to
tell it from the other roots ("notes/a.md" and "work/notes/a.md" when ~/notes and ~/work/notes are
both roots). A root that is a file is named by its label alone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from docent.retrieval.documents import CorpusScan, SkippedFile, scan_corpus

Roots = Path | Sequence[Path]


def as_roots(roots: Roots) -> tuple[Path, ...]:
    """One path or several, as a tuple of expanded paths."""
    paths = (roots,) if isinstance(roots, (str, os.PathLike)) else tuple(roots)
    return tuple(Path(p).expanduser() for p in paths)


def _tail(path: Path, parts: int) -> str:
    return "/".join(path.parts[1:][-parts:]) or path.anchor


def root_labels(roots: Sequence[Path]) -> list[str]:
    """For each root, its trailing path, all of one depth: the least at which no two roots are named alike."""
    resolved = [Path(os.path.abspath(r)) for r in roots]
    depth = 1
    while True:
        labels = [_tail(r, depth) for r in resolved]
        if len(set(labels)) == len(labels) or depth > max(len(r.parts) for r in resolved):
            return labels
        depth += 1


def scan_roots(roots: Roots) -> CorpusScan:
    """Every supported file below each root; with several roots, ids are prefixed by the root's label."""
    paths = as_roots(roots)
    if len(paths) == 1:
        return scan_corpus(paths[0])
    files, skipped = [], []
    for root, label in zip(paths, root_labels(paths), strict=True):
        scan = scan_corpus(root)
        if root.is_file():
            files += [replace(source, doc_id=label) for source in scan.files]
            continue
        files += [replace(source, doc_id=f"{label}/{source.doc_id}") for source in scan.files]
        skipped += [SkippedFile(f"{label}/{entry.doc_id}", entry.reason) for entry in scan.skipped]
    files.sort(key=lambda source: source.doc_id)
    return CorpusScan(common_folder(paths), files, skipped)


def common_folder(roots: Sequence[Path]) -> Path:
    """The deepest folder holding every root."""
    folders = [os.path.abspath(r if r.is_dir() else r.parent) for r in roots]
    return Path(os.path.commonpath(folders))


def roots_key(roots: Roots) -> str:
    """A short name for the cache of these roots; one root keeps the name it always had."""
    resolved = [str(Path(r).resolve()) for r in as_roots(roots)]
    return hashlib.sha256("\n".join(resolved).encode()).hexdigest()[:16]
