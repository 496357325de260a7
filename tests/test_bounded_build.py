"""A fresh build sorts, encodes and compresses in small pieces, and gives exactly the index of one pass."""

from __future__ import annotations

import random

import numpy as np
import pytest

import docent.retrieval.block_postings as block_postings
import docent.retrieval.postings_builder as postings_builder
from docent.retrieval.bm25_index import compress
from docent.retrieval.postings import Tokens, postings_from_terms
from docent.retrieval.text_blocks import BLOCK_BYTES, TextWriter, compress_block, sampled_dictionary

POSTINGS_FIELDS = ("term_ptr", "pids", "tfs", "doc_len", "first_pos")


def _documents(rng: random.Random) -> list[list[list[str]]]:
    """Documents of passages of terms; some passages empty, some terms repeated far beyond 255 times."""
    words = [f"t{i}" for i in range(rng.randint(1, 60))]
    documents = []
    for _ in range(rng.randint(0, 8)):
        passages = [rng.choices(words, k=rng.randint(0, 14)) for _ in range(rng.randint(1, 5))]
        if rng.random() < 0.1:
            passages[0] += ["zz"] * 300  # sorts last: its entries are in the last range
        documents.append(passages)
    return documents


@pytest.mark.parametrize("seed", range(12))
def test_postings_built_range_by_range_equal_one_sort_of_everything(seed, monkeypatch):
    rng = random.Random(seed)
    documents = _documents(rng)
    monkeypatch.setattr(postings_builder, "RANGE_ENTRIES", rng.choice([1, 3, 20, 10**6]))
    monkeypatch.setattr(postings_builder, "CHUNK_TOKENS", rng.choice([1, 10, 10**6]))
    builder = postings_builder.PostingsBuilder()
    for passages in documents:
        builder.add(Tokens.of(passages))
    built = builder.finish()
    whole = postings_from_terms([p for passages in documents for p in passages])
    assert list(built.vocab) == list(whole.vocab)
    for name in POSTINGS_FIELDS:
        assert getattr(built, name).dtype == getattr(whole, name).dtype, name
        assert np.array_equal(getattr(built, name), getattr(whole, name)), name


@pytest.mark.parametrize("seed", range(6))
def test_postings_encoded_range_by_range_equal_one_encoding(seed, monkeypatch):
    documents = _documents(random.Random(seed))
    postings = postings_from_terms([p for passages in documents for p in passages] or [["only"]])
    whole = compress(postings).stored_arrays()
    monkeypatch.setattr(block_postings, "ENCODE_ENTRIES", 2)
    pieces = compress(postings).stored_arrays()
    assert pieces.keys() == whole.keys()
    for name, array in whole.items():
        assert pieces[name].dtype == array.dtype and np.array_equal(pieces[name], array), name


def test_text_written_piece_by_piece_is_compressed_block_by_block_as_a_whole(monkeypatch):
    rng = np.random.default_rng(7)
    text = rng.integers(0, 30, 5 * BLOCK_BYTES + 123, dtype=np.uint8)
    monkeypatch.setattr(TextWriter, "BATCH_BLOCKS", 2)
    writer, at = TextWriter(), 0
    while at < len(text):
        step = int(rng.integers(0, 3 * BLOCK_BYTES))
        writer.append(text[at:at + step])
        at += step
    arrays = writer.finish()
    raw = text.tobytes()
    zdict = sampled_dictionary(memoryview(raw)[:2 * BLOCK_BYTES])  # from the first batch, as the whole's would be
    assert arrays["text.zdict"].tobytes() == zdict and zdict
    expected = [compress_block(raw[i:i + BLOCK_BYTES], zdict) for i in range(0, len(raw), BLOCK_BYTES)]
    assert arrays["text.blocks"].tobytes() == b"".join(expected)
    assert np.diff(arrays["text.block_ptr"]).tolist() == [len(block) for block in expected]
    assert int(arrays["text.size"][0]) == len(raw)
