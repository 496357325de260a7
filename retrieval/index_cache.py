"""Open the index of a corpus: load it from the cache, re-reading only the files that changed.

A file whose size and modification time match the cached ones is not read. Any other file is read and
hashed; if its content is unchanged it is kept, otherwise it is analyzed again. When the documents read,
with those of an earlier delta, come to at most DELTA_SHARE of the index's bytes, only a delta is written
beside the index file (index_view: it ranks as the same passages would from scratch, ties aside). Otherwise
a new index is made of the kept documents' arrays plus the new ones, identical to a build from scratch.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import pickle
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from docent.retrieval.analyzer import ANALYZER_VERSION
from docent.retrieval.bm25_index import EPSILON, K1, B, PassageIndex
from docent.retrieval.chunking import CHUNKING_VERSION, ChunkSettings, chunk_document, document_terms
from docent.retrieval.documents import (
    Corpus,
    CorpusError,
    CorpusScan,
    SkippedFile,
    SourceFile,
    Unreadable,
    document_from_bytes,
    no_documents_message,
    read_source,
    skip_counts,
)
from docent.retrieval.index_assemblers import DeltaAssembler, WholeAssembler, base_bytes, delta_bytes
from docent.retrieval.index_data import IndexData, NewDocument
from docent.retrieval.index_store import FORMAT_VERSION, StoreError, read_store
from docent.retrieval.index_view import IndexView, delta_path, read_delta
from docent.retrieval.roots import Roots, roots_key, scan_roots
from docent.retrieval.token_count import ENCODING_NAME, TokenCounter, count_tokens

INDEX_SUFFIX = ".docent-index"
RACY_NS = 2_000_000_000  # a file changed this close to its indexing may change again unseen: hash it

Warn = Callable[[str], None]
Progress = Callable[[int, int, int, int], None]  # files read so far, files to read, bytes read so far, bytes to read
PARALLEL_BYTES = 2_000_000  # less than this to read is read in this process: starting workers would not pay
DEFAULT_CHUNKS = ChunkSettings()
# A refresh whose new and changed documents, with those of the delta before it, come to at most this share of
# the base index's bytes writes only a delta beside the base; past it, the two are merged into a new base.
DELTA_SHARE = 0.05


@dataclass(frozen=True)
class IndexReport:
    """What opening the index did, for `docent index` and notices."""

    documents: int = 0
    passages: int = 0
    terms: int = 0
    files_read: int = 0  # read and hashed because they were new or looked changed
    bytes_read: int = 0
    files_reanalyzed: int = 0  # of those, analyzed again because their content had changed
    files_removed: int = 0
    skipped: dict[str, int] = field(default_factory=dict)  # reason -> files
    path: Path | None = None  # the index file, None when it is not saved
    size_bytes: int = 0
    seconds: float = 0.0
    rebuilt_because: str | None = None  # why the cached index could not be used at all


@dataclass(frozen=True)
class IndexedCorpus:
    corpus: Corpus
    index: PassageIndex
    from_cache: bool
    report: IndexReport = field(default_factory=IndexReport)


def settings_key(settings: ChunkSettings) -> str:
    """Changes whenever passages or their scores would come out differently."""
    parts = {
        "format": FORMAT_VERSION,
        "analyzer": ANALYZER_VERSION,
        "chunking": CHUNKING_VERSION,
        "tokens": ENCODING_NAME,
        "bm25": [K1, B, EPSILON],
        **asdict(settings),
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def cache_path(cache_dir: Path, corpus: Corpus | Roots) -> Path:
    roots = corpus.root if isinstance(corpus, Corpus) else corpus
    return Path(cache_dir) / f"index-{roots_key(roots)}{INDEX_SUFFIX}"


def remove_index(path: Path) -> None:
    """Delete an index file and its delta."""
    path.unlink(missing_ok=True)
    delta_path(path).unlink(missing_ok=True)


def _load_cached(path: Path, key: str, warn: Warn) -> tuple[IndexView | None, str | None]:
    """The cached index, its delta included, or None and why not (no reason when there was simply no cache yet)."""
    if not path.exists():
        return None, None
    try:
        meta, arrays = read_store(path)
    except StoreError as error:
        reason = f"the index cache is {error}"
    except OSError as error:
        reason = f"the index cache could not be read ({error.strerror})"
    else:
        if meta.get("key") != key:
            reason = "the indexing settings changed"
        elif IndexData.ARRAY_NAMES - arrays.keys():
            reason = "the index cache is damaged (arrays missing)"
        else:
            base = IndexData(arrays)
            return _with_delta(path, base, key), None
    warn(f"{reason}; rebuilding the index")
    return None, reason


def _with_delta(path: Path, base: IndexData, key: str) -> IndexView:
    """The base with its delta; a delta that is not this base's (left by a crash) or damaged is dropped: the
    files it held then differ from the base's and are read again."""
    delta = delta_path(path)
    if not delta.exists():
        return IndexView(base)
    view = read_delta(delta, base, key)
    if view is None:
        delta.unlink(missing_ok=True)
        return IndexView(base)
    return view


@dataclass
class _Plan:
    """What reading the files did; each scanned file, in order, went to the assembler: the old document
    index to keep, or the new document read."""

    assembler: WholeAssembler | DeltaAssembler
    skipped: list[SkippedFile]
    files_read: int = 0
    bytes_read: int = 0
    reanalyzed: int = 0


def _old_documents(old: IndexView | None) -> dict[str, int]:
    return {doc_id: c for c, doc_id in enumerate(old.doc_ids())} if old else {}


def _analyzed(source: SourceFile, data: bytes, digest: bytes, settings: ChunkSettings, count: TokenCounter) -> NewDocument:
    document = document_from_bytes(source.doc_id, data)
    passages = chunk_document(document, settings, count)
    return NewDocument.of(document, passages, document_terms(passages), len(data), source.mtime_ns, digest)


@dataclass(frozen=True)
class _Job:
    """A file to read: if its content hashes to known_digest it is kept as indexed, else analyzed."""

    source: SourceFile
    known_digest: bytes | None
    settings: ChunkSettings


_COUNT: list[TokenCounter] = [count_tokens]  # the token counter of the reading processes


def _set_counter(count: TokenCounter) -> None:
    """A worker's start: the token counter its jobs use (loaded here, once, when the worker was spawned).

    Its Python-level stderr goes nowhere: what goes wrong comes back as a result, and a library's warning
    written to the terminal would land in the middle of the interface."""
    _COUNT[0] = count
    count("")
    sys.stderr = open(os.devnull, "w")  # noqa: SIM115 (open for the worker's life)


def prepare_reading_processes() -> None:
    """Start multiprocessing's resource tracker now, while stderr is the terminal's: a program that then
    replaces the standard streams (the interface does) can still spawn reading processes."""
    from multiprocessing import resource_tracker

    if "spawn" in mp.get_all_start_methods():
        resource_tracker.ensure_running()


def _read(job: _Job, count: TokenCounter | None = None) -> NewDocument | bytes | Unreadable:
    """The file analyzed, or just its digest when its content is the one indexed, or why it is unreadable.
    count: the token counter; in a worker process, the one its start set."""
    try:
        data = read_source(job.source)
        digest = hashlib.sha256(data).digest()
        if digest == job.known_digest:
            return digest
        return _analyzed(job.source, data, digest, job.settings, count or _COUNT[0])
    except Unreadable as reason:
        return reason


def _pool_context() -> mp.context.BaseContext | None:
    """How to start reading processes: fork copies this process, loaded tokenizer included, in milliseconds,
    but is only safe with no other thread (one could hold a lock the copy inherits); the CLI and the
    interface index from a worker thread, so there a fresh interpreter is spawned for each process."""
    methods = mp.get_all_start_methods()
    if threading.active_count() == 1 and "fork" in methods:
        return mp.get_context("fork")
    return mp.get_context("spawn") if "spawn" in methods else None


def _read_all(jobs: list[_Job], count: TokenCounter) -> Iterator[NewDocument | bytes | Unreadable]:
    """The jobs' results in order; read by a pool of processes, one a core, when there is enough to read."""
    workers = min(os.cpu_count() or 1, len(jobs))
    size = sum(job.source.size for job in jobs)
    context = _pool_context() if workers > 1 and size >= PARALLEL_BYTES else None
    if context is None or (context.get_start_method() != "fork" and not _picklable(count)):
        yield from (_read(job, count) for job in jobs)
        return
    count("")  # load the tokenizer once, before workers are forked
    try:
        pool = context.Pool(workers, initializer=_set_counter, initargs=(count,))
    except (OSError, ValueError):  # spawn needs real standard streams: the interface replaces them
        yield from (_read(job, count) for job in jobs)
        return
    with pool:
        yield from pool.imap(_read, jobs, chunksize=4)


def _picklable(value: object) -> bool:
    try:
        pickle.dumps(value)
    except (pickle.PicklingError, AttributeError, TypeError):
        return False
    return True


def _plan(scan: CorpusScan, old: IndexView | None, settings, count, progress: Progress, delta_share: float) -> _Plan:
    known = _old_documents(old)
    to_read = [s for s in scan.files if not _unchanged(s, known.get(s.doc_id), old)]
    plan = _Plan(_assembler(old, {s.doc_id: s.size for s in to_read}, {s.doc_id for s in scan.files}, delta_share),
                 list(scan.skipped))
    total_bytes = sum(s.size for s in to_read)
    jobs = []
    for source in to_read:
        c = known.get(source.doc_id)
        jobs.append(_Job(source, old.file_facts(c)[2] if old is not None and c is not None else None, settings))
    results = _read_all(jobs, count)
    reading = {s.doc_id for s in to_read}
    progress(0, len(to_read), 0, total_bytes)
    for source in scan.files:
        if source.doc_id not in reading:
            plan.assembler.keep(known[source.doc_id])
            continue
        result = next(results)
        plan.files_read += 1
        plan.bytes_read += source.size
        progress(plan.files_read, len(to_read), plan.bytes_read, total_bytes)
        if isinstance(result, Unreadable):
            plan.skipped.append(SkippedFile(source.doc_id, str(result)))
        elif isinstance(result, bytes):
            plan.assembler.keep(known[source.doc_id], rehashed=True)  # touched, not changed (its new time is saved)
        else:
            plan.assembler.add(result)
            plan.reanalyzed += 1
    return plan


def _assembler(old: IndexView | None, to_read: dict[str, int], present: set[str], delta_share: float):
    """A delta beside the old base when what it would hold is at most delta_share of the base's bytes, else a
    whole new base."""
    if old is not None and delta_bytes(old, to_read, present) <= delta_share * base_bytes(old):
        return DeltaAssembler(old)
    return WholeAssembler(old)


def _unchanged(source: SourceFile, c: int | None, old: IndexView | None) -> bool:
    if c is None or old is None:
        return False
    size, mtime_ns, _ = old.file_facts(c)
    return size == source.size and mtime_ns == source.mtime_ns and mtime_ns < old.checked_at(c) - RACY_NS


def _save(path: Path, plan: _Plan, view: IndexView, key: str, warn: Warn) -> int:
    try:
        return plan.assembler.save(path, view, key)
    except OSError as error:
        warn(f"could not save the index cache ({error.strerror or error}); using it from memory")
        return 0


def _size_on_disk(path: Path) -> int:
    """The base's bytes and its delta's."""
    delta = delta_path(path)
    return path.stat().st_size + (delta.stat().st_size if delta.exists() else 0)


def _warn_unreadable(skipped: list[SkippedFile], warn: Warn) -> None:
    problems = skip_counts([s for s in skipped if not s.expected])
    if problems:
        reasons = ", ".join(f"{n} {reason}" for reason, n in problems.items())
        warn(f"skipped {sum(problems.values())} unreadable file(s): {reasons} (docent index lists them)")


def open_index(
    root: Roots,
    cache_dir: Path | None,
    settings: ChunkSettings = DEFAULT_CHUNKS,
    warn: Warn = lambda message: None,
    progress: Progress = lambda files, total_files, read_bytes, total_bytes: None,
    count: TokenCounter = count_tokens,
    delta_share: float | None = None,
) -> IndexedCorpus:
    """Load the corpus at root (one path or several) and its index, re-reading only new and changed files, and save it.
    delta_share: a refresh whose documents come to at most this share of the base's bytes writes only a delta."""
    started = time.perf_counter()
    scan = scan_roots(root)
    key = settings_key(settings)
    path = cache_path(cache_dir, root) if cache_dir is not None else None
    old, rebuilt_because = _load_cached(path, key, warn) if path else (None, None)
    plan = _plan(scan, old, settings, count, progress, DELTA_SHARE if delta_share is None else delta_share)
    if not plan.assembler.documents:
        raise CorpusError(no_documents_message(scan.root))
    mtimes = {source.doc_id: source.mtime_ns for source in scan.files}
    if old is not None and path is not None and plan.assembler.unchanged(mtimes):
        from_cache, view, size = True, old, _size_on_disk(path)
    else:
        from_cache, view = False, plan.assembler.finish(mtimes)
        size = _save(path, plan, view, key, warn) if path else 0
    if not from_cache:
        _warn_unreadable(plan.skipped, warn)
    index = view.bm25_index()
    corpus = Corpus(scan.root, view.documents(), plan.skipped)
    report = IndexReport(
        documents=view.n_documents,
        passages=view.n_passages,
        terms=index.n_terms,
        files_read=plan.files_read,
        bytes_read=plan.bytes_read,
        files_reanalyzed=plan.reanalyzed,
        files_removed=len(_old_documents(old).keys() - mtimes.keys()),
        skipped=skip_counts(plan.skipped),
        path=path if size else None,
        size_bytes=size,
        seconds=time.perf_counter() - started,
        rebuilt_because=rebuilt_because,
    )
    return IndexedCorpus(corpus, index, from_cache, report)

