"""`docent index [PATH]`: build or refresh the index of a folder, with a progress bar, then print its figures."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TextIO

from docent.retrieval.index_cache import IndexedCorpus, open_index
from docent.tui import paths
from docent.tui.corpus_choice import chosen_roots
from docent.tui.progress import ProgressLine
from docent.tui.settings import Settings

LISTED_SKIPS = 20


class FileProgress(ProgressLine):
    """'reading [#####.....] 120 / 530 files · 85 files/s · 12.3 MB/s' on stderr, when stderr is a terminal."""

    def __init__(self, stream=None) -> None:
        super().__init__(stream)
        self.started = time.monotonic()
        self.read_bytes = 0

    def files(self, done: int, total: int, read_bytes: int, total_bytes: int) -> None:
        self.read_bytes = read_bytes
        self("reading", done, total)

    def render(self, stage: str, done: int, total: int, width: int = 30) -> str:
        filled = width * done // total if total else width
        line = f"{stage:<8} [{'#' * filled}{'.' * (width - filled)}] {done} / {total} files"
        seconds = time.monotonic() - self.started
        if done and seconds > 0:
            line += f" · {done / seconds:.0f} files/s · {self.read_bytes / 1e6 / seconds:.1f} MB/s"
        return line


def human_size(size: float) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1000 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1000
    return ""


def describe(indexed: IndexedCorpus) -> list[str]:
    """The figures `docent index` prints, one per line."""
    r = indexed.report
    unchanged = r.documents - r.files_reanalyzed
    lines = [
        f"indexed    {indexed.corpus.root}",
        f"documents  {r.documents:,} ({r.files_reanalyzed:,} analyzed, {unchanged:,} unchanged, {r.files_removed:,} removed)",
        f"passages   {r.passages:,}",
        f"terms      {r.terms:,}",
    ]
    if r.skipped:
        reasons = ", ".join(f"{n:,} {reason}" for reason, n in r.skipped.items())
        lines.append(f"skipped    {sum(r.skipped.values()):,} ({reasons})")
    where = f"{human_size(r.size_bytes)} ({r.path})" if r.path else "not saved (kept in memory only)"
    rate = ""
    if r.files_read and r.seconds > 0:
        rate = f" ({r.files_read / r.seconds:,.0f} files/s, {r.bytes_read / 1e6 / r.seconds:.1f} MB/s read)"
    lines += [f"on disk    {where}", f"time       {r.seconds:.2f} s{rate}"]
    return lines


def problem_files(indexed: IndexedCorpus) -> list[str]:
    """Files that looked like documents but could not be read, with why."""
    problems = [s for s in indexed.corpus.skipped if not s.expected]
    listed = [f"  {s.doc_id}: {s.reason}" for s in problems[:LISTED_SKIPS]]
    if len(problems) > LISTED_SKIPS:
        listed.append(f"  … and {len(problems) - LISTED_SKIPS:,} more")
    return listed


def run_index(path: str | None, settings: Settings, out: TextIO | None = None) -> int:
    out = out or sys.stdout
    root = Path(path).expanduser() if path else chosen_roots(settings)
    progress = FileProgress()
    try:
        indexed = open_index(
            root,
            paths.cache_dir(),
            warn=lambda message: print(f"docent: {message}", file=sys.stderr, flush=True),
            progress=progress.files,
        )
    finally:
        progress.close()
    for line in describe(indexed):
        out.write(line + "\n")
    problems = problem_files(indexed)
    if problems:
        out.write("not readable:\n" + "\n".join(problems) + "\n")
    return 0
