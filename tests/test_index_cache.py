import os

import pytest

from docent.retrieval.chunking import ChunkSettings
from docent.retrieval.documents import CorpusError
from docent.retrieval.index_cache import cache_path, open_index


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text("Kosovo closed its largest border crossing on Wednesday.\n")
    (root / "sub" / "b.md").write_text("# Russia\n\nKremlin spokesman Dmitry Peskov spoke.\n")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "c.txt").write_text("secret crossing")
    (root / "image.png").write_bytes(b"\x89PNG\0\0")
    return root


def test_first_open_builds_then_the_cache_is_used(corpus, tmp_path):
    first = open_index(corpus, tmp_path / "cache")
    second = open_index(corpus, tmp_path / "cache")
    assert not first.from_cache and second.from_cache
    assert [p.passage_id for p in second.index.passages] == [p.passage_id for p in first.index.passages]
    assert second.index.search("border crossing", 1)[0].passage.doc_id == "a.txt"


def test_documents_have_relative_ids_and_titles(corpus, tmp_path):
    docs = {d.doc_id: d for d in open_index(corpus, tmp_path / "cache").corpus.documents}
    assert set(docs) == {"a.txt", "sub/b.md"}  # hidden folder and .png skipped
    assert docs["sub/b.md"].title == "Russia"
    assert docs["a.txt"].title.startswith("Kosovo closed")


def test_a_changed_file_rebuilds_the_index(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    (corpus / "a.txt").write_text("Serbia put its army on alert.\n")
    reopened = open_index(corpus, tmp_path / "cache")
    assert not reopened.from_cache
    assert reopened.index.search("army alert", 1)[0].passage.doc_id == "a.txt"
    assert reopened.index.search("border crossing", 5) == []


def test_changed_chunk_settings_rebuild_the_index(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache", ChunkSettings(120, 24))
    assert not open_index(corpus, tmp_path / "cache", ChunkSettings(60, 10)).from_cache


def test_a_damaged_cache_is_rebuilt(corpus, tmp_path):
    built = open_index(corpus, tmp_path / "cache")
    path = cache_path(tmp_path / "cache", built.corpus)
    path.write_bytes(path.read_bytes()[:-20])
    again = open_index(corpus, tmp_path / "cache")
    assert not again.from_cache and again.index.search("Peskov", 1)


def test_cache_is_written_atomically_without_leftovers(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".docent-index"]


def test_a_read_only_cache_dir_falls_back_to_memory_with_a_warning(corpus, tmp_path):
    if os.geteuid() == 0:
        blocked = tmp_path / "not-a-dir"
        blocked.write_text("a file where the cache folder should be")
    else:
        blocked = tmp_path / "ro"
        blocked.mkdir(mode=0o500)
    warnings = []
    opened = open_index(corpus, blocked, warn=warnings.append)
    assert opened.index.search("Peskov", 1) and len(warnings) == 1


def test_missing_or_empty_corpus_is_a_clear_error(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        open_index(tmp_path / "nope", tmp_path / "cache")
    (tmp_path / "empty").mkdir()
    with pytest.raises(CorpusError, match="no readable"):
        open_index(tmp_path / "empty", tmp_path / "cache")


def test_files_read_by_worker_processes_give_the_same_index(tmp_path, monkeypatch):
    """The process pool (used from 2 MB of files) builds, array for array, the index a single process builds."""
    import numpy as np

    from docent.retrieval import index_cache
    from docent.retrieval.index_store import read_store

    root = tmp_path / "docs"
    root.mkdir()
    for i in range(12):
        (root / f"note{i:02d}.md").write_text(f"# Note {i}\n\n" + " ".join(f"Sentence {j} about topic {i * j % 7}." for j in range(80)))
    (root / "broken.txt").write_bytes(b"\xff\xfe\x00binary\x00" * 50)
    serial = open_index(root, tmp_path / "serial")
    monkeypatch.setattr(index_cache, "PARALLEL_BYTES", 0)
    pooled = open_index(root, tmp_path / "pooled")
    assert pooled.report.files_read == serial.report.files_read == 13
    assert pooled.corpus.skipped == serial.corpus.skipped
    _, a = read_store(serial.report.path)
    _, b = read_store(pooled.report.path)
    assert a.keys() == b.keys()
    for name in a:
        if name not in ("meta.indexed_ns", "doc.mtime_ns"):
            assert np.array_equal(a[name], b[name]), name


def test_an_index_built_from_a_worker_thread_is_read_by_processes_too(tmp_path, monkeypatch):
    """The CLI and the interface index from a thread, where fork is unsafe: the pool is spawned, same index."""
    import resource
    import threading

    import numpy as np

    from docent.retrieval import index_cache
    from docent.retrieval.index_store import read_store

    root = tmp_path / "docs"
    root.mkdir()
    for i in range(6):
        (root / f"note{i}.md").write_text(f"# Note {i}\n\n" + " ".join(f"Line {j} on subject {i * j % 5}." for j in range(60)))
    serial = open_index(root, tmp_path / "serial")
    monkeypatch.setattr(index_cache, "PARALLEL_BYTES", 0)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    built = {}
    worker = threading.Thread(target=lambda: built.setdefault("index", open_index(root, tmp_path / "pooled")))
    worker.start()
    worker.join(120)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > children_before, "no reading process ran"
    _, a = read_store(serial.report.path)
    _, b = read_store(built["index"].report.path)
    for name in a:
        if name not in ("meta.indexed_ns", "doc.mtime_ns"):
            assert np.array_equal(a[name], b[name]), name


def test_reading_processes_start_after_the_interface_replaced_stderr(tmp_path, monkeypatch):
    """Textual replaces sys.stderr with an object that has no file descriptor: spawning needs the
    resource tracker started before that (tui/interactive.py does it), else it fails and reads serially."""
    import io
    import resource
    import sys
    import threading

    from docent.retrieval import index_cache

    class NoDescriptor(io.StringIO):
        def fileno(self) -> int:
            return -1

    root = tmp_path / "docs"
    root.mkdir()
    for i in range(4):
        (root / f"n{i}.md").write_text(" ".join(f"Line {j} on subject {i * j % 3}." for j in range(50)))
    index_cache.prepare_reading_processes()
    monkeypatch.setattr(sys, "stderr", NoDescriptor())
    monkeypatch.setattr(index_cache, "PARALLEL_BYTES", 0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime
    worker = threading.Thread(target=lambda: open_index(root, tmp_path / "cache"))
    worker.start()
    worker.join(120)
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime > before, "no reading process ran"
