"""The stored form of the postings: document frequencies beyond a byte, bounds of the long lists only."""

from __future__ import annotations

import math

import numpy as np

from docent.retrieval import bm25_index
from docent.retrieval.block_postings import ARRAY_NAMES, BlockPostings, tf_part
from docent.retrieval.bm25_index import K1, B, compress
from docent.retrieval.postings import postings_from_terms


def _passages() -> list[list[str]]:
    """'common' in every passage (600 of them), 'some' in every second, a rare term in one."""
    return [["common"] + (["some"] if i % 2 == 0 else []) + [f"rare{i}"] * (i % 4 + 1) for i in range(600)]


def test_postings_read_back_from_the_stored_arrays_equal_the_originals(monkeypatch):
    monkeypatch.setattr(bm25_index, "LONG_LIST_MIN", 100)
    postings = postings_from_terms(_passages())
    encoded = compress(postings)
    reread = BlockPostings(encoded.vocab, {name: np.array(a) for name, a in encoded.stored_arrays().items()})
    assert reread.term_ptr.tolist() == postings.term_ptr.tolist()  # df of 600 and 300 escaped beyond a byte
    assert len(encoded.arrays["bp.df_big"]) == 2
    decoded = reread.to_postings()
    for name in ("term_ptr", "pids", "tfs", "doc_len", "first_pos"):
        assert np.array_equal(getattr(decoded, name), getattr(postings, name)), name


def test_only_terms_beyond_the_bounded_df_store_a_bound(monkeypatch):
    monkeypatch.setattr(bm25_index, "LONG_LIST_MIN", 100)
    encoded = compress(postings_from_terms(_passages()))
    vocab = list(encoded.vocab)
    assert sorted(vocab[t] for t in encoded.arrays["bp.bounded"]) == ["common", "some"]
    assert len(encoded.arrays["bp.term_max"]) == 2
    norm = K1 * (1 - B + B * encoded.doc_len / encoded.doc_len.mean())
    for term in ("common", "some"):
        t = vocab.index(term)
        parts = tf_part(encoded.tfs(t), norm[encoded.pids(t)], K1)
        assert parts.max() <= encoded.term_max(t) < parts.max() * 1.01
    assert math.isinf(encoded.term_max(vocab.index("rare5")))


def test_the_stored_arrays_are_those_named():
    encoded = compress(postings_from_terms(_passages()))
    assert set(encoded.stored_arrays()) == set(ARRAY_NAMES) and "bp.term_ptr" not in ARRAY_NAMES
