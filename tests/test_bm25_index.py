from tests.conftest import make_index

DOCS = {
    "kosovo.txt": "Kosovo closed its largest border crossing with Serbia on Wednesday.",
    "russia.txt": "Kremlin spokesman Dmitry Peskov said Russia supports Serbia.",
    "vucic.md": "Serbian president Aleksandar Vučić ordered the army on alert.",
    "plates.txt": "The dispute over car license plates escalated in northern Kosovo.",
}


def test_best_passage_comes_first():
    index = make_index(DOCS)
    results = index.search("Which border crossing did Kosovo close?", 3)
    assert results[0].passage.doc_id == "kosovo.txt"
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_query_without_accents_finds_the_accented_name():
    results = make_index(DOCS).search("What did Vucic order?", 2)
    assert results[0].passage.doc_id == "vucic.md"


def test_only_passages_sharing_a_term_are_returned():
    results = make_index(DOCS).search("Peskov", 10)
    assert [r.passage.doc_id for r in results] == ["russia.txt"]


def test_nothing_found_for_unrelated_or_stopword_queries():
    index = make_index(DOCS)
    assert index.search("What is the recipe for bread?", 5) == []
    assert index.search("what is it", 5) == []


def test_top_k_limits_results():
    assert len(make_index(DOCS).search("Serbia Kosovo", 2)) == 2
