"""The compiled ranker refuses what it cannot read safely, rather than reading past an array."""

from __future__ import annotations

import numpy as np
import pytest

from docent.retrieval._maxscore import Ranker
from docent.retrieval.bm25_index import K1, B, BM25Index


def small_index() -> BM25Index:
    terms = [["kosovo", "border"], ["serbia", "army"], ["border", "crossing", "closed"]]
    return BM25Index.from_terms(list(range(len(terms))), terms)


def test_a_term_id_outside_the_vocabulary_is_an_error():
    index = small_index()
    with pytest.raises(IndexError):
        index._ranker.rank([len(index.postings.vocab)], 2, 1.0)
    with pytest.raises(IndexError):
        index._ranker.rank([-1], 2, 1.0)


def test_arrays_of_the_wrong_type_or_length_are_refused():
    index = small_index()
    arrays = list(index.postings.ranker_arrays(index.idf, None))
    wrong_type = arrays.copy()
    wrong_type[0] = arrays[0].astype(np.int32)  # term_ptr must be 8 bytes an item
    with pytest.raises(ValueError, match="term_ptr"):
        Ranker(tuple(wrong_type), K1, B, index.avgdl)
    short_idf = arrays.copy()
    short_idf[15] = arrays[15][:-1]  # one idf fewer than terms
    with pytest.raises(ValueError, match="idf"):
        Ranker(tuple(short_idf), K1, B, index.avgdl)


def test_nothing_asked_finds_nothing():
    index = small_index()
    assert index._ranker.rank([], 2, 1.0) == ([], 0)
    assert index.rank(["border"], 0) == []
    assert [pid for pid, _ in index.rank(["border"], 10)] == [0, 2]  # fewer holding the term than asked for
