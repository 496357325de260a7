"""The index file: a damaged, truncated or old file, or new settings, mean a rebuild with a notice; never a crash."""

from __future__ import annotations

import struct

import pytest

import docent.retrieval.index_store as index_store
from docent.retrieval.chunking import ChunkSettings
from docent.retrieval.index_cache import INDEX_SUFFIX, cache_path, open_index
from docent.retrieval.index_view import DELTA_SUFFIX
from tests.scale_helpers import write_old

TEXT = "Kremlin spokesman Dmitry Peskov said Russia supports Serbia. " * 20


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    write_old(root / "a.txt", TEXT)
    write_old(root / "b.txt", "Kosovo closed its largest border crossing on Wednesday.")
    return root


def reopen_after(corpus, tmp_path, damage) -> tuple[object, list[str]]:
    open_index(corpus, tmp_path / "cache")
    path = cache_path(tmp_path / "cache", corpus)
    data = bytearray(path.read_bytes())
    path.write_bytes(bytes(damage(data)))
    warnings: list[str] = []
    return open_index(corpus, tmp_path / "cache", warn=warnings.append), warnings


def flip_middle_byte(data: bytearray) -> bytearray:
    data[len(data) // 2] ^= 0xFF
    return data


def old_format(data: bytearray) -> bytearray:
    data[8:12] = struct.pack("<I", index_store.FORMAT_VERSION - 1 if index_store.FORMAT_VERSION > 1 else 99)
    return data


@pytest.mark.parametrize(
    "damage, notice",
    [
        (flip_middle_byte, "checksum"),
        (lambda data: data[: len(data) - 100], "truncated"),
        (lambda data: data[:10], "truncated"),
        (lambda data: bytearray(b"not an index at all, only some text that is long enough"), "not an index"),
        (old_format, "another docent version"),
    ],
)
def test_an_unusable_cache_is_rebuilt_with_a_notice(corpus, tmp_path, damage, notice):
    reopened, warnings = reopen_after(corpus, tmp_path, damage)
    assert not reopened.from_cache
    assert len(warnings) == 1 and notice in warnings[0] and "rebuilding" in warnings[0]
    assert reopened.index.search("Peskov", 1)[0].passage.doc_id == "a.txt"
    assert open_index(corpus, tmp_path / "cache").from_cache  # the rebuilt file is good


def test_changed_chunk_settings_rebuild_the_index_with_a_notice(corpus, tmp_path):
    large = open_index(corpus, tmp_path / "cache", ChunkSettings(120, 24))
    warnings: list[str] = []
    small = open_index(corpus, tmp_path / "cache", ChunkSettings(30, 0), warn=warnings.append)
    assert not small.from_cache and warnings == ["the indexing settings changed; rebuilding the index"]
    assert len(small.index.passages) > len(large.index.passages)
    assert open_index(corpus, tmp_path / "cache", ChunkSettings(30, 0)).from_cache


def test_the_file_is_replaced_atomically_and_no_temporary_is_left(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    (corpus / "b.txt").write_text("Serbia put its army on alert.", encoding="utf-8")
    open_index(corpus, tmp_path / "cache")
    names = sorted(p.name for p in (tmp_path / "cache").iterdir())  # the index, and the delta its refresh wrote
    assert len(names) == 2 and names[0].endswith(INDEX_SUFFIX) and names[1] == names[0] + DELTA_SUFFIX


def test_a_failed_write_keeps_the_previous_index(corpus, tmp_path, monkeypatch):
    open_index(corpus, tmp_path / "cache")
    path = cache_path(tmp_path / "cache", corpus)
    before = path.read_bytes()
    (corpus / "b.txt").write_text("Serbia put its army on alert.", encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index_store.os, "fsync", disk_full)
    warnings: list[str] = []
    opened = open_index(corpus, tmp_path / "cache", warn=warnings.append)
    assert opened.index.search("army alert", 1)[0].passage.doc_id == "b.txt"  # served from memory
    assert "could not save" in warnings[0]
    assert path.read_bytes() == before and len(list((tmp_path / "cache").iterdir())) == 1


def test_the_loaded_arrays_are_memory_mapped_not_copied(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    reopened = open_index(corpus, tmp_path / "cache")
    tfs = reopened.index.postings.arrays["bp.tf"]
    assert reopened.from_cache and not tfs.flags.writeable and not tfs.flags.owndata


def test_a_well_formed_file_missing_arrays_is_rebuilt(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    path = cache_path(tmp_path / "cache", corpus)
    meta, arrays = index_store.read_store(path)
    del arrays["idf.value"]
    index_store.write_store(path, {name: array.copy() for name, array in arrays.items()}, meta)
    warnings: list[str] = []
    reopened = open_index(corpus, tmp_path / "cache", warn=warnings.append)
    assert not reopened.from_cache and "arrays missing" in warnings[0]


def test_passage_spans_survive_the_narrow_columns_with_and_without_multibyte_text(tmp_path):
    root = tmp_path / "corpus"
    write_old(root / "plain.txt", "Kosovo closed its largest border crossing. " * 30)
    write_old(root / "accents.txt", "Ça été déjà très ß naïve façade — « coöperation » über Zürich. " * 30)
    fresh = open_index(root, tmp_path / "cache")
    reopened = open_index(root, tmp_path / "cache")
    assert reopened.from_cache
    before, after = list(fresh.index.passages), list(reopened.index.passages)
    assert [(p.doc_id, p.start, p.end, p.text) for p in after] == [(p.doc_id, p.start, p.end, p.text) for p in before]
    documents = {d.doc_id: d.text for d in reopened.corpus.documents}
    assert all(documents[p.doc_id][p.start:p.end] == p.text for p in after)
    _, arrays = index_store.read_store(cache_path(tmp_path / "cache", root))
    assert len(arrays["passage.byte_shift"]) == len(after) and arrays["passage.length"].dtype.itemsize <= 2


def test_where_inline_code_stands_is_kept_in_the_stored_index(tmp_path):
    root = tmp_path / "corpus"
    write_old(root / "a.md", "# Mounts\n\n" + "Add `nofail` to a line of `/etc/fstab` so that the boot goes on. " * 40)
    fresh = open_index(root, tmp_path / "cache")
    reopened = open_index(root, tmp_path / "cache")
    assert reopened.from_cache
    before, after = list(fresh.index.passages), list(reopened.index.passages)
    assert [p.code for p in after] == [p.code for p in before] and any(p.code for p in after)
    text = reopened.corpus.documents[0].text
    assert {text[a:b] for p in after for a, b in zip(p.code[::2], p.code[1::2], strict=True)} == {"nofail", "/etc/fstab"}
