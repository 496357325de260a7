"""Build the passage index for a corpus, or load it from the cache when nothing changed."""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from retrieval.analyzer import ANALYZER_VERSION
from retrieval.bm25_index import BM25Index
from retrieval.chunking import ChunkSettings, Passage, chunk_document
from retrieval.documents import Corpus, load_corpus
from retrieval.token_count import TokenCounter, count_tokens

INDEX_FORMAT_VERSION = 1


@dataclass(frozen=True)
class IndexedCorpus:
    corpus: Corpus
    index: BM25Index
    from_cache: bool


def cache_key(corpus: Corpus, settings: ChunkSettings) -> str:
    """Changes whenever a document, the chunk settings or the analyzer change."""
    digest = hashlib.sha256()
    header = {"format": INDEX_FORMAT_VERSION, "analyzer": ANALYZER_VERSION, **asdict(settings)}
    digest.update(json.dumps(header, sort_keys=True).encode())
    for document in corpus.documents:
        digest.update(document.doc_id.encode() + b"\0")
        digest.update(hashlib.sha256(document.text.encode()).digest())
    return digest.hexdigest()


def cache_path(cache_dir: Path, corpus: Corpus) -> Path:
    root = hashlib.sha256(str(corpus.root.resolve()).encode()).hexdigest()[:16]
    return Path(cache_dir) / f"index-{root}.json"


def build_index(corpus: Corpus, settings: ChunkSettings, count: TokenCounter = count_tokens) -> BM25Index:
    passages = [p for d in corpus.documents for p in chunk_document(d, settings, count)]
    return BM25Index.build(passages)


def _encode(key: str, index: BM25Index) -> bytes:
    body = json.dumps(
        {
            "passages": [[p.doc_id, p.start, p.end] for p in index.passages],
            "terms": index.terms,
        },
        ensure_ascii=False,
    ).encode()
    header = {"format": INDEX_FORMAT_VERSION, "key": key, "sha256": hashlib.sha256(body).hexdigest()}
    return json.dumps(header).encode() + b"\n" + body


def _decode(data: bytes, key: str, corpus: Corpus) -> BM25Index | None:
    """The cached index, or None when it is stale, from another version or damaged."""
    try:
        head, body = data.split(b"\n", 1)
        header = json.loads(head)
        if header.get("format") != INDEX_FORMAT_VERSION or header.get("key") != key:
            return None
        if hashlib.sha256(body).hexdigest() != header.get("sha256"):
            return None
        payload = json.loads(body)
        documents = {d.doc_id: d for d in corpus.documents}
        passages, counters = [], {}
        for doc_id, start, end in payload["passages"]:
            document = documents[doc_id]
            n = counters.get(doc_id, 0)
            counters[doc_id] = n + 1
            passages.append(
                Passage(f"{doc_id}#{n}", doc_id, document.title, start, end, document.text[start:end])
            )
        return BM25Index(passages, payload["terms"])
    except (ValueError, KeyError, TypeError):
        return None


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside path, then rename it over path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def open_index(
    root: Path,
    cache_dir: Path | None,
    settings: ChunkSettings = ChunkSettings(),
    warn: Callable[[str], None] = lambda message: None,
) -> IndexedCorpus:
    """Load the corpus at root and its index, rebuilding and caching the index when needed."""
    corpus = load_corpus(root)
    if cache_dir is None:
        return IndexedCorpus(corpus, build_index(corpus, settings), from_cache=False)
    key, path = cache_key(corpus, settings), cache_path(cache_dir, corpus)
    if path.exists():
        cached = _decode(path.read_bytes(), key, corpus)
        if cached is not None:
            return IndexedCorpus(corpus, cached, from_cache=True)
    index = build_index(corpus, settings)
    try:
        write_atomically(path, _encode(key, index))
    except OSError as error:
        warn(f"could not save the index cache ({error.strerror}); using it from memory")
    return IndexedCorpus(corpus, index, from_cache=False)
