"""Open the index of a corpus: load it from the cache, re-reading only the files that changed.

A file whose size and modification time match the cached ones is not read. Any other file is read and
hashed; if its content is unchanged it is kept, otherwise it is analyzed again. The new index is made of
the kept documents' arrays plus the new ones, identical to what a build from scratch would give.
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

import numpy as np

from docent.retrieval.analyzer import ANALYZER_VERSION
from docent.retrieval.bm25_index import EPSILON, K1, B, BM25Index
from docent.retrieval.chunking import CHUNKING_VERSION, ChunkSettings, chunk_document
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
from docent.retrieval.index_data import IndexAssembly, IndexData, NewDocument, StoredDocuments, passage_terms
from docent.retrieval.index_store import FORMAT_VERSION, StoreError, read_store, write_store
from docent.retrieval.roots import Roots, roots_key, scan_roots
from docent.retrieval.token_count import ENCODING_NAME, TokenCounter, count_tokens

INDEX_SUFFIX = ".docent-index"
RACY_NS = 2_000_000_000  # a file changed this close to its indexing may change again unseen: hash it

Warn = Callable[[str], None]
Progress = Callable[[int, int, int, int], None]  # files read so far, files to read, bytes read so far, bytes to read
PARALLEL_BYTES = 2_000_000  # less than this to read is read in this process: starting workers would not pay
DEFAULT_CHUNKS = ChunkSettings()


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
    index: BM25Index
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


def _load_cached(path: Path, key: str, warn: Warn) -> tuple[IndexData | None, str | None]:
    """The cached index, or None and why not (no reason when there was simply no cache yet)."""
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
            return IndexData(arrays), None
    warn(f"{reason}; rebuilding the index")
    return None, reason


@dataclass
class _Plan:
    """What reading the files did; each scanned file, in order, went to the assembler: the old document
    index to keep, or the new document read."""

    assembler: _Assembler
    skipped: list[SkippedFile]
    files_read: int = 0
    bytes_read: int = 0
    reanalyzed: int = 0


def _old_documents(old: IndexData | None) -> dict[str, int]:
    return {doc_id: d for d, doc_id in enumerate(old.doc_ids())} if old else {}


def _analyzed(source: SourceFile, data: bytes, digest: bytes, settings: ChunkSettings, count: TokenCounter) -> NewDocument:
    document = document_from_bytes(source.doc_id, data)
    passages = chunk_document(document, settings, count)
    return NewDocument.of(document, passages, [passage_terms(p) for p in passages], len(data), source.mtime_ns, digest)


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


def _plan(scan: CorpusScan, old: IndexData | None, settings, count, progress: Progress) -> _Plan:
    known = _old_documents(old)
    indexed_at = int(old.arrays["meta.indexed_ns"][0]) if old else 0
    plan = _Plan(_Assembler(old), list(scan.skipped))
    to_read = [s for s in scan.files if not _unchanged(s, known.get(s.doc_id), old, indexed_at)]
    total_bytes = sum(s.size for s in to_read)
    jobs = []
    for source in to_read:
        d = known.get(source.doc_id)
        jobs.append(_Job(source, old.file_facts(d)[2] if old is not None and d is not None else None, settings))
    results = _read_all(jobs, count)
    reading = {s.doc_id for s in to_read}
    progress(0, len(to_read), 0, total_bytes)
    for source in scan.files:
        if source.doc_id not in reading:
            plan.assembler.feed(known[source.doc_id])
            continue
        result = next(results)
        plan.files_read += 1
        plan.bytes_read += source.size
        progress(plan.files_read, len(to_read), plan.bytes_read, total_bytes)
        if isinstance(result, Unreadable):
            plan.skipped.append(SkippedFile(source.doc_id, str(result)))
        elif isinstance(result, bytes):
            plan.assembler.feed(known[source.doc_id])  # touched, not changed (its new time is saved with the index)
        else:
            plan.assembler.feed(result)
            plan.reanalyzed += 1
    return plan


def _unchanged(source: SourceFile, d: int | None, old: IndexData | None, indexed_at: int) -> bool:
    if d is None or old is None:
        return False
    size, mtime_ns, _ = old.file_facts(d)
    return size == source.size and mtime_ns == source.mtime_ns and mtime_ns < indexed_at - RACY_NS


class _Assembler:
    """The plan's entries fed to an IndexAssembly as they come, so that the documents read are not all held
    at once: runs of consecutive kept documents are copied, new ones added. An old index whose documents
    are all kept, in order, is never copied."""

    def __init__(self, old: IndexData | None) -> None:
        self.old = old
        self.assembly: IndexAssembly | None = None
        self.run: list[int] = []  # [first, last) of the current run of kept documents, not yet copied
        self.documents = 0

    def feed(self, entry: int | NewDocument) -> None:
        self.documents += 1
        if isinstance(entry, int) and self.run and entry == self.run[1]:
            self.run[1] += 1
            return
        self._flush()
        if isinstance(entry, int):
            self.run = [entry, entry + 1]
        else:
            self._assembly().add(entry)

    def _assembly(self) -> IndexAssembly:
        if self.assembly is None:
            self.assembly = IndexAssembly(self.old)
        return self.assembly

    def _flush(self) -> None:
        if self.run:
            self._assembly().keep(*self.run)
            self.run = []

    def all_kept(self) -> bool:
        """Every document of the old index kept, in order, and nothing added."""
        return self.assembly is None and self.old is not None and self.run == [0, self.old.n_documents]

    def finish(self, mtimes: dict[str, int]) -> IndexData:
        """The new index, its files' times brought up to date."""
        self._flush()
        data = self._assembly().finish()
        data.arrays["doc.mtime_ns"] = np.array([mtimes[doc_id] for doc_id in data.doc_ids()], dtype=np.int64)
        data.arrays["meta.indexed_ns"] = np.array([time.time_ns()], dtype=np.int64)
        return data


def _is_unchanged_index(plan: _Plan, old: IndexData, mtimes: dict[str, int]) -> bool:
    if not plan.assembler.all_kept():
        return False
    return all(mtimes[doc_id] == old.file_facts(d)[1] for d, doc_id in enumerate(old.doc_ids()))


def _save(path: Path, data: IndexData, key: str, warn: Warn) -> int:
    try:
        return write_store(path, data.arrays, {"key": key})
    except OSError as error:
        warn(f"could not save the index cache ({error.strerror or error}); using it from memory")
        return 0


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
) -> IndexedCorpus:
    """Load the corpus at root (one path or several) and its index, re-reading only new and changed files, and save it."""
    started = time.perf_counter()
    scan = scan_roots(root)
    key = settings_key(settings)
    path = cache_path(cache_dir, root) if cache_dir is not None else None
    old, rebuilt_because = _load_cached(path, key, warn) if path else (None, None)
    plan = _plan(scan, old, settings, count, progress)
    if not plan.assembler.documents:
        raise CorpusError(no_documents_message(scan.root))
    mtimes = {source.doc_id: source.mtime_ns for source in scan.files}
    if old is not None and path is not None and _is_unchanged_index(plan, old, mtimes):
        from_cache, data, size = True, old, path.stat().st_size
    else:
        from_cache, data = False, plan.assembler.finish(mtimes)
        size = _save(path, data, key, warn) if path else 0
    if not from_cache:
        _warn_unreadable(plan.skipped, warn)
    index = data.bm25_index()
    corpus = Corpus(scan.root, StoredDocuments(data), plan.skipped)
    report = IndexReport(
        documents=data.n_documents,
        passages=data.n_passages,
        terms=len(index.postings.vocab),
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

