"""An index of two segments (a base with deleted passages, plus a delta) ranks as rank-bm25 over its live passages."""

from __future__ import annotations

import random
from collections import Counter

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from docent.retrieval import bm25_index
from docent.retrieval.analyzer import analyze
from docent.retrieval.block_postings import tf_part
from docent.retrieval.bm25_index import K1, B, BM25Index, compress, length_norm
from docent.retrieval.chunking import passage_terms
from docent.retrieval.index_cache import open_index
from docent.retrieval.index_view import delta_path
from docent.retrieval.postings import postings_from_terms
from docent.retrieval.segmented_index import Segment, SegmentedIndex
from tests.scale_helpers import write_old
from tests.test_incremental_index import TEXTS
from tests.test_retrieval_parity import reference_top, zipf_corpus


def segment(terms: list[list[str]]) -> Segment:
    return Segment(list(range(len(terms))), compress(postings_from_terms(terms)))


def two_segments(base_terms, deleted_pids, delta_terms):
    deleted = np.zeros(len(base_terms), dtype=bool)
    deleted[list(deleted_pids)] = True
    gone = Counter(t for pid in deleted_pids for t in set(base_terms[pid]))
    index = SegmentedIndex(segment(base_terms), deleted, gone, segment(delta_terms) if delta_terms else None)
    live = [pid for pid in range(len(base_terms)) if not deleted[pid]]
    numbers = live + [len(base_terms) + i for i in range(len(delta_terms))]  # the reference's index -> ours
    return index, BM25Okapi([base_terms[pid] for pid in live] + delta_terms, k1=K1, b=B), numbers


def queries_of(terms, rng, n=120):
    queries = [rng.choices(p, k=rng.randint(1, 8)) for p in rng.sample(terms, n)]
    return queries + [["common"], ["common", "w0", "w1"], ["only-in-delta"], ["w2999", "only-in-delta"], ["absent"]]


@pytest.mark.parametrize("long_list_min", [4096, 50])  # the second takes the pruned path (MaxScore) often
def test_two_segments_rank_as_rank_bm25_over_the_live_passages(monkeypatch, long_list_min):
    monkeypatch.setattr(bm25_index, "LONG_LIST_MIN", long_list_min)
    rng = random.Random(7)
    base = zipf_corpus(1500, seed=21)
    delta = zipf_corpus(200, seed=22)[:150] + [["only-in-delta", "w3"], ["w1", "only-in-delta", "common"]]
    delta = [terms * 30 for terms in delta[:60]] + delta[60:]  # much longer passages: the average length doubles
    index, model, numbers = two_segments(base, rng.sample(range(1500), 120) + [0, 1, 2], delta)
    for terms in queries_of(base + delta, rng):
        ours, theirs = index.rank(terms, 10), reference_top(model, terms)
        assert [pid for pid, _ in ours] == [numbers[i] for i, _ in theirs], terms
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-12, atol=0), terms


def test_a_term_found_only_in_deleted_passages_is_not_found():
    base = [["kept", "words"], ["gone", "words"], ["other", "kept"], ["more", "text"]]
    index, _, _ = two_segments(base, [1], [["new", "words"]])
    assert index.rank(["gone"], 5) == []
    assert index.term_idf("gone") == 0.0
    assert [pid for pid, _ in index.rank(["new"], 5)] == [4]  # the delta's passages come after the base's


def test_statistics_are_the_live_passages(monkeypatch):
    base = zipf_corpus(300, seed=3)
    index, model, _ = two_segments(base, range(0, 300, 3), zipf_corpus(50, seed=4))
    assert len(index) == len(model.doc_freqs)
    assert index.term_idf("common") == pytest.approx(model.idf["common"], rel=1e-12)
    assert index.base.avgdl == pytest.approx(model.avgdl, rel=1e-15)
    assert index.n_terms == len(model.idf)


def test_the_bounds_still_hold_when_the_delta_raises_the_average_length():
    """MaxScore skips passages by each term's bound; written for the base's own average length, it must be
    raised when longer passages arrive (a shorter average relative to them makes every part larger)."""
    base = zipf_corpus(400, seed=8)
    index, _, _ = two_segments(base, [], [terms * 10 for terms in zipf_corpus(200, seed=9)])
    segment = index.base
    assert segment.avgdl > 2 * bm25_index.average_length(segment.postings.doc_len)
    norm = length_norm(segment.postings.doc_len, segment.avgdl)
    for t in range(len(segment.postings.vocab)):
        pids = segment.postings.pids(t)
        parts = tf_part(segment.postings.tfs(t), norm[pids], bm25_index.K1)
        assert parts.max() <= segment.postings.term_max(t) * segment._bound_scale


# The index on disk: a refresh writes a delta beside the base, and a merge writes a new base.

QUERIES = ["border crossing", "Peskov Kremlin", "army alert Serbia", "licence plates dispute", "referendum", "Kosovo"]


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for name, text in TEXTS.items():
        write_old(root / name, " ".join([text] * 6))
    return root


def live_order(index) -> list:
    """The passages an index searches, in its order (a base's live ones, then a delta's)."""
    if not isinstance(index, SegmentedIndex):
        return list(index.passages)
    alive = [pid for pid in range(index.n_base) if not index.base._dead[pid]]
    return [index.passages[pid] for pid in alive + list(range(index.n_base, len(index.passages)))]


def assert_ranks_as_rank_bm25(index) -> None:
    passages = live_order(index)
    model = BM25Okapi([passage_terms(p) for p in passages], k1=K1, b=B)
    number = {p.passage_id: i for i, p in enumerate(passages)}
    for query in QUERIES:
        terms = analyze(query)
        ours = [(number[s.passage.passage_id], s.score) for s in index.search(query, 10)]
        theirs = reference_top(model, terms)
        assert [i for i, _ in ours] == [i for i, _ in theirs], query
        assert np.allclose([s for _, s in ours], [s for _, s in theirs], rtol=1e-12, atol=0), query


def test_a_refresh_writes_a_delta_and_leaves_the_base_file_as_it_was(corpus, tmp_path):
    cache = tmp_path / "cache"
    first = open_index(corpus, cache, delta_share=1.0)
    base = first.report.path
    before = (base.stat().st_ino, base.stat().st_mtime_ns, base.read_bytes())
    write_old(corpus / "c" / "d.txt", "Serbia put its army on full alert. The referendum was postponed.")
    (corpus / "b.md").unlink()
    opened = open_index(corpus, cache, delta_share=1.0)
    assert (base.stat().st_ino, base.stat().st_mtime_ns, base.read_bytes()) == before
    assert delta_path(base).exists()
    assert opened.index.search("postponed", 1)[0].passage.doc_id == "c/d.txt"
    assert opened.index.search("Peskov", 5) == [] and opened.index.search("Vučić", 5) == []
    assert sorted(d.doc_id for d in opened.corpus.documents) == sorted(set(TEXTS) - {"b.md"})
    assert opened.report.size_bytes == base.stat().st_size + delta_path(base).stat().st_size
    reopened = open_index(corpus, cache, delta_share=1.0)  # read back from the two files, nothing to redo
    assert reopened.from_cache and reopened.report.files_read == 0
    assert_ranks_as_rank_bm25(reopened.index)


def test_refresh_after_refresh_ranks_as_rank_bm25_over_the_files_present(corpus, tmp_path):
    rng = random.Random(5)
    cache, words = tmp_path / "cache", " ".join(TEXTS.values()).split()
    for step in range(12):
        present = sorted(str(p.relative_to(corpus)) for p in corpus.rglob("*.*"))
        if step % 3 == 2 and len(present) > 2:
            (corpus / rng.choice(present)).unlink()
        else:
            name = rng.choice([*TEXTS, "g.txt", "c/h.md"])
            write_old(corpus / name, " ".join(rng.choices(words, k=rng.randint(20, 200))))
        opened = open_index(corpus, cache, delta_share=1.0)
        assert_ranks_as_rank_bm25(opened.index)
        full = open_index(corpus, tmp_path / f"fresh-{step}")
        assert opened.report.passages == full.report.passages and opened.report.terms == full.report.terms


def test_a_delta_grown_past_its_share_is_merged_into_a_new_base(corpus, tmp_path):
    cache = tmp_path / "cache"
    open_index(corpus, cache, delta_share=0.5)
    write_old(corpus / "a.txt", "Kosovo reopened the crossing.")
    base = open_index(corpus, cache, delta_share=0.5).report.path
    assert delta_path(base).exists()
    for name in ("c/d.txt", "c/e.txt", "f.txt"):  # the delta would now hold more than half the base's bytes
        write_old(corpus / name, (TEXTS[name] + " Updated. ") * 8)
    merged = open_index(corpus, cache, delta_share=0.5)
    assert not delta_path(base).exists() and isinstance(merged.index, BM25Index)
    full = open_index(corpus, tmp_path / "fresh")
    for query in QUERIES:
        assert [(s.passage.passage_id, s.score) for s in merged.index.search(query, 10)] == \
            [(s.passage.passage_id, s.score) for s in full.index.search(query, 10)]


def with_a_delta(corpus, cache):
    """The index of corpus, then a.txt changed and refreshed into a delta; the base's path."""
    open_index(corpus, cache, delta_share=1.0)
    write_old(corpus / "a.txt", "Kosovo reopened the crossing on Friday.")
    return open_index(corpus, cache, delta_share=1.0).report.path


def test_a_delta_left_beside_a_newer_base_is_not_used(corpus, tmp_path):
    """A crash between writing a merged base and removing the old delta leaves a delta of the old base."""
    cache = tmp_path / "cache"
    base = with_a_delta(corpus, cache)
    stale = delta_path(base).read_bytes()
    write_old(corpus / "f.txt", "The referendum took place after all.")
    open_index(corpus, cache, delta_share=0.0)  # merged: a new base, the delta removed
    delta_path(base).write_bytes(stale)
    opened = open_index(corpus, cache, delta_share=1.0)
    assert opened.report.files_read == 0 and not delta_path(base).exists()
    assert opened.index.search("Friday", 1)[0].passage.doc_id == "a.txt"
    assert opened.index.search("took place", 1)[0].passage.doc_id == "f.txt"


def test_a_damaged_delta_is_dropped_and_its_files_read_again(corpus, tmp_path):
    cache = tmp_path / "cache"
    base = with_a_delta(corpus, cache)
    damaged = delta_path(base).read_bytes()
    delta_path(base).write_bytes(damaged[: len(damaged) // 2])
    opened = open_index(corpus, cache, delta_share=1.0)
    assert opened.report.files_read == 1
    assert opened.index.search("Friday", 1)[0].passage.doc_id == "a.txt"
    assert opened.index.search("closed", 5) == []
