"""The compiled ranker refuses arrays whose lists it would read past (what it can check without reading every
entry), ids outside the vocabulary, and use before it was made whole."""

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


def test_a_list_reaching_past_the_passages_is_refused():
    index = small_index()
    arrays = list(index.postings.ranker_arrays(index.idf, None))
    arrays[14] = arrays[14][:1]  # lengths of fewer passages than the lists name
    with pytest.raises(ValueError, match="block_base"):
        Ranker(tuple(arrays), K1, B, index.avgdl)


def test_a_ranker_whose_making_failed_refuses_to_rank():
    index = small_index()
    arrays = list(index.postings.ranker_arrays(index.idf, None))
    arrays[15] = arrays[15][:-1]
    ranker = Ranker.__new__(Ranker)
    with pytest.raises(ValueError):
        ranker.__init__(tuple(arrays), K1, B, index.avgdl)
    with pytest.raises(RuntimeError):
        ranker.rank([0], 2, 1.0)


def test_ids_that_change_their_list_while_read_are_read_as_given():
    index = small_index()
    ids: list = []

    class Emptying(int):
        def __index__(self) -> int:
            ids.clear()
            return int(self)

    ids += [Emptying(0), Emptying(1)]
    hits, _ = index._ranker.rank(ids, 2, 1.0)
    assert hits == index._ranker.rank([0, 1], 2, 1.0)[0]


def test_nothing_asked_finds_nothing():
    index = small_index()
    assert index._ranker.rank([], 2, 1.0) == ([], 0)
    assert index.rank(["border"], 0) == []
    assert [pid for pid, _ in index.rank(["border"], 10)] == [0, 2]  # fewer holding the term than asked for
