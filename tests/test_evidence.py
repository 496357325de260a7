"""The evidence sentences: the sentences of the retrieved passages that best match the question."""

from __future__ import annotations

from docent.retrieval.evidence import best_sentences
from tests.conftest import make_index

DOCS = {
    "harbour.md": "# The Harbour of Vell\n\nThe harbour of Vell was rebuilt in 1903 after a storm. Boats moor there.",
    "lighthouse.txt": "The lighthouse of Vell has a lamp that burns oil. It was built in 1850.",
    "market.md": "The market sells cheese and apples. It opens on Saturdays.",
}


def sentences(question: str, count: int) -> list[str]:
    index = make_index(DOCS)
    return [s.passage.text for s in best_sentences(question, index.search(question, 2), index.term_idf, count)]


def test_the_sentence_matching_the_question_best_comes_first_with_its_exact_span():
    index = make_index(DOCS)
    question = "When was the harbour of Vell rebuilt?"
    best = best_sentences(question, index.search(question, 2), index.term_idf, 1)[0].passage
    assert best.text == "The harbour of Vell was rebuilt in 1903 after a storm."
    assert DOCS[best.doc_id][best.start : best.end] == best.text


def test_a_heading_made_only_of_the_question_words_is_not_evidence():
    found = sentences("What about the harbour of Vell?", 3)
    assert found and "# The Harbour of Vell" not in found
    assert found[0] == "The harbour of Vell was rebuilt in 1903 after a storm."


def test_a_sentence_made_only_of_the_question_words_still_answers_a_yes_or_no_question():
    assert sentences("Does the market sell cheese and apples?", 1) == ["The market sells cheese and apples."]
