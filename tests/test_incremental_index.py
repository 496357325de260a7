"""Re-indexing reads only what changed, and ranks exactly as a build from scratch."""

from __future__ import annotations

import os

import numpy as np
import pytest

import docent.retrieval.index_cache as index_cache
from docent.retrieval.block_postings import ARRAY_NAMES as BLOCK_ARRAYS
from docent.retrieval.index_cache import open_index
from tests.scale_helpers import age, write_old

QUERIES = ["border crossing", "Peskov Kremlin", "army alert Serbia", "licence plates dispute", "elections referendum"]

TEXTS = {
    "a.txt": "Kosovo closed its largest border crossing on Wednesday. Police said the crossing stays shut.",
    "b.md": "# Russia\n\nKremlin spokesman Dmitry Peskov said Russia supports Serbia.",
    "c/d.txt": "Serbian president Aleksandar Vučić ordered the army on alert near the border.",
    "c/e.txt": "The dispute over car licence plates escalated in northern Kosovo.",
    "f.txt": "Local elections in the north were boycotted by Serbs. A referendum was called off.",
    "g.md": "Kosovo's police set `plates.mode` to `strict` at the crossing, the report says.",
}


@pytest.fixture(params=["whole", "delta"], autouse=True)
def refresh(request, monkeypatch):
    """Each test runs twice: refreshes write a whole new index, then only a delta beside the old one."""
    monkeypatch.setattr(index_cache, "DELTA_SHARE", 0.0 if request.param == "whole" else 1.0)
    return request.param


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    for name, text in TEXTS.items():
        write_old(root / name, " ".join([text] * 6))  # several passages per file
    return root


@pytest.fixture
def reads(monkeypatch):
    """The ids of the files open_index reads from disk."""
    seen: list[str] = []
    real = index_cache.read_source

    def recording(source):
        seen.append(source.doc_id)
        return real(source)

    monkeypatch.setattr(index_cache, "read_source", recording)
    return seen


def ranked(index, query):
    return [(s.passage.passage_id, s.score, s.passage.text) for s in index.search(query, 10)]


def same_scores(index, query):
    """Every passage found and its score, ties in any order."""
    return sorted((round(s.score, 12), s.passage.passage_id, s.passage.text) for s in index.search(query, 1000))


def live(index):
    """The passages a search can find: a delta's deleted ones aside."""
    return [s.passage for s in index.search(" ".join(QUERIES), 10_000)]


def assert_same_as_full_rebuild(opened, root, tmp_path):
    full = open_index(root, tmp_path / "fresh-cache")
    assert not full.from_cache
    # where inline code stands, kept for the unchanged files and found again in the changed ones
    assert {(p.passage_id, p.code) for p in live(opened.index)} == {(p.passage_id, p.code) for p in live(full.index)}
    assert any(p.code for p in live(opened.index))
    if not hasattr(opened.index, "postings"):  # a base and a delta: the same passages, scored the same
        assert opened.report.passages == full.report.passages and opened.report.terms == full.report.terms
        for query in QUERIES:
            assert same_scores(opened.index, query) == same_scores(full.index, query)
        return
    for query in QUERIES:
        assert ranked(opened.index, query) == ranked(full.index, query)
    fresh, incremental = full.index.postings, opened.index.postings
    assert list(fresh.vocab) == list(incremental.vocab)
    for name in BLOCK_ARRAYS:
        assert np.array_equal(fresh.arrays[name], incremental.arrays[name]), name
    assert np.array_equal(full.index.idf, opened.index.idf)
    assert [p.passage_id for p in full.index.passages] == [p.passage_id for p in opened.index.passages]


def test_unchanged_files_are_not_read_again(corpus, tmp_path, reads):
    open_index(corpus, tmp_path / "cache")
    assert sorted(reads) == sorted(TEXTS)
    reads.clear()
    reopened = open_index(corpus, tmp_path / "cache")
    assert reopened.from_cache and reads == []


def test_one_changed_file_is_the_only_one_read(corpus, tmp_path, reads):
    open_index(corpus, tmp_path / "cache")
    reads.clear()
    (corpus / "c" / "d.txt").write_text("Serbia put its army on full alert. The referendum was postponed.", encoding="utf-8")
    opened = open_index(corpus, tmp_path / "cache")
    assert reads == ["c/d.txt"]
    assert opened.report.files_reanalyzed == 1 and not opened.from_cache
    assert opened.index.search("postponed", 1)[0].passage.doc_id == "c/d.txt"
    assert_same_as_full_rebuild(opened, corpus, tmp_path)


def test_added_and_removed_files_rank_as_a_full_rebuild(corpus, tmp_path, reads):
    open_index(corpus, tmp_path / "cache")
    reads.clear()
    (corpus / "b.md").unlink()
    write_old(corpus / "c" / "new.txt", "Peskov met the Serbian army chief to discuss the border crossing.")
    opened = open_index(corpus, tmp_path / "cache")
    assert reads == ["c/new.txt"]
    assert opened.report.files_removed == 1
    assert {d.doc_id for d in opened.corpus.documents} == set(TEXTS) - {"b.md"} | {"c/new.txt"}
    assert_same_as_full_rebuild(opened, corpus, tmp_path)


def test_removing_the_first_file_keeps_idf_bit_identical(corpus, tmp_path):
    open_index(corpus, tmp_path / "cache")
    (corpus / "a.txt").unlink()  # its terms now first appear in later files, at positions to look up
    assert_same_as_full_rebuild(open_index(corpus, tmp_path / "cache"), corpus, tmp_path)


def test_a_touched_but_unchanged_file_is_hashed_not_reanalyzed(corpus, tmp_path, reads):
    open_index(corpus, tmp_path / "cache")
    reads.clear()
    age(corpus / "a.txt", 60)  # a new modification time, same content
    opened = open_index(corpus, tmp_path / "cache")
    assert reads == ["a.txt"] and opened.report.files_reanalyzed == 0
    reads.clear()
    assert open_index(corpus, tmp_path / "cache").from_cache and reads == []


def test_a_file_changed_just_after_indexing_is_noticed_even_with_the_same_size_and_time(corpus, tmp_path):
    path = corpus / "a.txt"
    path.write_text("alpha " * 10, encoding="utf-8")
    stat = path.stat()
    open_index(corpus, tmp_path / "cache")
    path.write_text("gamma " * 10, encoding="utf-8")  # same size; force the same modification time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert open_index(corpus, tmp_path / "cache").index.search("gamma", 1)[0].passage.doc_id == "a.txt"


@pytest.mark.parametrize("seed", range(8))
def test_merging_postings_equals_building_them_from_scratch(seed):
    """Random documents dropped, replaced and added: combine() gives the arrays of a fresh build."""
    import random

    from docent.retrieval.postings import Segment, combine, postings_from_terms

    rng = random.Random(seed)
    words = [f"t{i}" for i in range(40)]

    def passages():
        return [rng.choices(words, k=rng.randint(0, 12)) for _ in range(rng.randint(1, 4))]

    old_docs = [passages() for _ in range(12)]
    old = postings_from_terms([p for doc in old_docs for p in doc])
    starts = np.cumsum([0] + [len(doc) for doc in old_docs])
    segments, final = [], []
    for d, doc in enumerate(old_docs):
        action = rng.choice(["keep", "keep", "drop", "replace", "insert"])
        if action == "insert":
            new = passages()
            segments.append(Segment.of_terms(new))
            final += new
        if action == "replace":
            new = passages()
            segments.append(Segment.of_terms(new))
            final += new
        elif action != "drop":
            segments.append(Segment(old_range=(int(starts[d]), int(starts[d + 1]))))
            final += doc
    old_terms = [p for doc in old_docs for p in doc]
    merged = combine(old, segments, lambda pid: old_terms[pid])
    fresh = postings_from_terms(final)
    assert list(merged.vocab) == list(fresh.vocab)
    for name in ("term_ptr", "pids", "tfs", "doc_len", "first_pos"):
        assert np.array_equal(getattr(merged, name), getattr(fresh, name)), name
