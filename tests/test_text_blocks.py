"""The stored text comes back exactly, whatever range is asked, and passages keep their section."""

from __future__ import annotations

import random
import zlib

import numpy as np

from docent.retrieval.chunking import Passage
from docent.retrieval.documents import Document
from docent.retrieval.index_data import IndexAssembly, IndexData, NewDocument, passage_terms
from docent.retrieval.index_store import read_store, write_store
from docent.retrieval.text_blocks import BLOCK_BYTES, DICTIONARY_BYTES, TextBlocks, TextWriter, compress_text


def test_any_range_of_the_text_reads_back_exactly():
    rng = random.Random(7)
    words = ["Ærøskøbing", "naïve", "zebra", "résumé", "日本語", "plain", "x"]
    raw = " ".join(rng.choice(words) for _ in range(30_000)).encode("utf-8")
    assert len(raw) > 5 * BLOCK_BYTES
    store = TextBlocks(compress_text(np.frombuffer(raw, dtype=np.uint8)))
    assert store.size == len(raw)
    edges = [0, 1, BLOCK_BYTES - 1, BLOCK_BYTES, BLOCK_BYTES + 1, 3 * BLOCK_BYTES, len(raw) - 1, len(raw)]
    ranges = [(a, b) for a in edges for b in edges if a <= b] + [tuple(sorted(rng.sample(range(len(raw)), 2))) for _ in range(200)]
    for start, end in ranges:
        assert store.bytes(start, end) == raw[start:end]
    assert sum(len(b) for b in [compress_text(np.frombuffer(raw, dtype=np.uint8))["text.blocks"]]) < len(raw) / 2


def test_a_passage_keeps_its_section_and_is_found_by_it(tmp_path):
    text = "Open a file with open(). It returns a file object."
    document = Document("library/os.rst", "os", text)
    passages = [Passage("library/os.rst#0", "library/os.rst", "os", 0, len(text), text, section="os > Directories")]
    assembly = IndexAssembly(None)
    assembly.add(NewDocument.of(document, passages, [passage_terms(p) for p in passages], len(text), 0, bytes(32)))
    data = assembly.finish()
    data.arrays["meta.indexed_ns"] = np.zeros(1, dtype=np.int64)
    write_store(tmp_path / "index", data.arrays, {})
    loaded = IndexData(read_store(tmp_path / "index")[1])
    assert loaded.passage(0).section == "os > Directories" and loaded.passage(0).text == text
    assert loaded.document(0).text == text
    found = loaded.bm25_index().search("directories", 1)
    assert [s.passage.passage_id for s in found] == ["library/os.rst#0"]


def test_text_appended_piece_by_piece_is_stored_as_the_whole_would_be():
    rng = random.Random(3)
    words = ["kernel", "module", "parameter", "sysctl", "vm.swappiness", "the", "of", "é", "\n\n", "``code``"]
    raw = " ".join(rng.choice(words) for _ in range(700_000)).encode("utf-8")
    assert len(raw) > 2 * TextWriter.BATCH_BLOCKS * BLOCK_BYTES  # streamed in more than one batch
    writer, at = TextWriter(), 0
    while at < len(raw):
        step = rng.randint(1, 300_000)
        writer.append(raw[at:at + step])
        at += step
    streamed, whole = writer.finish(), compress_text(np.frombuffer(raw, dtype=np.uint8))
    assert all(np.array_equal(streamed[name], whole[name]) for name in whole)
    assert len(whole["text.zdict"]) == DICTIONARY_BYTES
    assert TextBlocks(streamed).bytes(0, len(raw)) == raw


def test_the_shared_dictionary_stores_a_corpus_in_fewer_bytes_and_a_note_needs_none():
    rng = random.Random(4)
    words = [f"term{i}" for i in range(2000)]
    raw = " ".join(rng.choice(words) for _ in range(100_000)).encode()
    plain = sum(len(zlib.compress(raw[i:i + BLOCK_BYTES], 6)) for i in range(0, len(raw), BLOCK_BYTES))
    assert len(compress_text(np.frombuffer(raw, dtype=np.uint8))["text.blocks"]) < 0.95 * plain
    note = compress_text(np.frombuffer(b"A short note.", dtype=np.uint8))
    assert len(note["text.zdict"]) == 0 and TextBlocks(note).bytes(0, 13) == b"A short note."


def test_a_block_read_in_part_then_further_reads_back_exactly():
    raw = bytes(range(256)) * (3 * BLOCK_BYTES // 256) + b"tail"
    store = TextBlocks(compress_text(np.frombuffer(raw, dtype=np.uint8)))
    assert store.bytes(10, 20) == raw[10:20]  # only the start of block 0 is decompressed
    assert store.bytes(100, BLOCK_BYTES + 50) == raw[100:BLOCK_BYTES + 50]  # the rest of it, and part of block 1
    assert store.bytes(BLOCK_BYTES + 40, 2 * BLOCK_BYTES) == raw[BLOCK_BYTES + 40:2 * BLOCK_BYTES]
    assert store.bytes(len(raw) - 4, len(raw)) == b"tail"
