"""docent's candidate-only scoring ranks exactly as rank-bm25's full BM25Okapi get_scores."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from rank_bm25 import BM25Okapi

from docent.retrieval import bm25_index
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import K1, B, BM25Index
from docent.retrieval.chunking import passage_terms
from docent.retrieval.index_cache import open_index

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SEEDS_QUERIES = [
    "Which border crossing did Kosovo close?",
    "What did Peskov say about Serbia?",
    "Vucic army alert",
    "Serbia Serbia Kosovo",  # a repeated term counts twice, as in rank-bm25
    "licence plates zzzunknown",
]


def reference_top(model: BM25Okapi, terms: list[str], k: int = 10) -> list[tuple[int, float]]:
    """rank-bm25's full get_scores, best first, ties to the lower index, among passages holding a term."""
    scores = model.get_scores(terms)
    holding = [i for i, freqs in enumerate(model.doc_freqs) if any(t in freqs for t in terms)]
    return [(i, float(scores[i])) for i in sorted(holding, key=lambda i: (-scores[i], i))[:k]]


def assert_same_ranking(index: BM25Index, model: BM25Okapi, queries: list[list[str]], k: int = 10) -> None:
    for terms in queries:
        ours, theirs = index.rank(terms, k), reference_top(model, terms, k)
        assert [pid for pid, _ in ours] == [pid for pid, _ in theirs], terms
        assert [s for _, s in ours] == [s for _, s in theirs], terms  # to the last bit


def zipf_corpus(passages: int, seed: int = 3) -> list[list[str]]:
    """Passages of Zipf-distributed words, plus 'common' in about 70% of them (its idf is floored)."""
    rng = random.Random(seed)
    words = [f"w{i}" for i in range(3000)]
    weights = [1 / (rank + 1) for rank in range(len(words))]
    corpus = []
    for _ in range(passages):
        terms = rng.choices(words, weights, k=rng.randint(5, 60))
        if rng.random() < 0.7:
            terms += ["common"] * rng.randint(1, 3)
        corpus.append(terms)
    return corpus


def test_synthetic_corpus_top10_equals_rank_bm25():
    terms = zipf_corpus(2000)
    index, model = BM25Index.from_terms(list(range(len(terms))), terms), BM25Okapi(terms, k1=K1, b=B)
    rng = random.Random(11)
    queries = [rng.sample(sorted(set(p)), min(len(set(p)), rng.randint(1, 5))) for p in rng.sample(terms, 150)]
    queries += [["common"], ["common", "w0", "w1"], ["w5", "w5", "w2999"], ["absent"]]
    assert_same_ranking(index, model, queries)


def test_a_term_in_most_passages_gets_epsilon_times_the_average_idf():
    terms = zipf_corpus(500)
    index, model = BM25Index.from_terms(list(range(len(terms))), terms), BM25Okapi(terms, k1=K1, b=B)
    common = index.term_ids(["common"])[0]
    assert index.idf[common] == pytest.approx(model.idf["common"], rel=1e-12)
    assert index.idf[common] == pytest.approx(0.25 * model.average_idf, rel=1e-12)


def test_the_stored_index_of_the_seed_articles_ranks_as_rank_bm25(tmp_path):
    opened = open_index(SEEDS, tmp_path / "cache")
    reopened = open_index(SEEDS, tmp_path / "cache")  # memory-mapped from the file this time
    assert reopened.from_cache
    model = BM25Okapi([passage_terms(p) for p in opened.index.passages], k1=K1, b=B)
    queries = [analyze(q) for q in SEEDS_QUERIES]
    assert_same_ranking(opened.index, model, queries)
    assert_same_ranking(reopened.index, model, queries)




def test_pruned_search_of_long_queries_equals_rank_bm25(monkeypatch):
    """Queries of many terms, common ones among them, skip most passages (MaxScore) and still rank exactly."""
    monkeypatch.setattr(bm25_index, "LONG_LIST_MIN", 100)
    terms = zipf_corpus(3000, seed=5)
    index, model = BM25Index.from_terms(list(range(len(terms))), terms), BM25Okapi(terms, k1=K1, b=B)
    rng = random.Random(13)
    queries = [rng.choices(p, k=rng.randint(3, 12)) for p in rng.sample(terms, 120)]
    queries += [["w0", "w1", "w2", "w3", "w2999"], ["w7", "w7", "w7", "w1500"], ["common", "w3", "w2000"]]
    for k in (1, 2, 10):  # the interface asks for 2; a smaller k prunes sooner
        assert_same_ranking(index, model, queries, k)
    scored = sum(index._ranker.rank(index.term_ids(q), 10, 1.0)[1] for q in queries)
    holding = sum(len({i for t in set(q) for i in range(len(terms)) if t in model.doc_freqs[i]}) for q in queries)
    assert scored < 0.2 * holding  # scored in full: a fraction of the passages holding a term


def test_passages_with_section_paths_rank_as_rank_bm25_given_the_same_terms(tmp_path):
    corpus = tmp_path / "docs"
    corpus.mkdir()
    for n in range(6):
        (corpus / f"page{n}.md").write_text(
            f"# Chapter {n}\n\nIntro words {n}.\n\n## Swappiness {n % 2}\n\nThe kernel value {n} is set here.\n"
            f"\n## Dirty ratio\n\nWriteback starts at {n * 10} percent of memory.\n", encoding="utf-8")
    opened = open_index(corpus, tmp_path / "cache")
    assert {p.section for p in opened.index.passages} >= {"Chapter 1 > Swappiness 1", "Chapter 2 > Dirty ratio"}
    model = BM25Okapi([passage_terms(p) for p in opened.index.passages], k1=K1, b=B)
    queries = [analyze(q) for q in ("swappiness kernel", "dirty ratio writeback", "chapter 3", "intro")]
    assert_same_ranking(opened.index, model, queries)
    assert_same_ranking(open_index(corpus, tmp_path / "cache").index, model, queries)



def test_frequencies_of_one_several_and_hundreds_rank_as_rank_bm25():
    """Terms seen once per passage store no frequencies; others store them, the ones above 254 aside."""
    rng = random.Random(21)
    terms = []
    for n in range(60):
        words = [f"rare{n}", "marker", *(["twice"] * (1 + n % 3)), *(["loud"] * (n * 9 if n % 5 == 0 else 1))]
        terms.append(words + rng.choices([f"w{i}" for i in range(60)], k=30))
    index, model = BM25Index.from_terms(list(range(len(terms))), terms), BM25Okapi(terms, k1=K1, b=B)
    queries = [["loud"], ["twice", "loud"], ["marker", "rare7"], ["w3", "loud", "twice"], ["rare35", "loud"], ["marker"]]
    assert_same_ranking(index, model, queries)
