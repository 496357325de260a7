"""The learned ranking of candidate facts, drawn from more sentences than are shown."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from bench.train_ranker import Question, firsts, fit, learned
from docent.answering.candidates import candidates, facts_of
from docent.answering.evidence import focused, gather
from docent.answering.fake_model import FakeModel
from docent.answering.pipeline import Answerer, AnswerSettings
from tests.conftest import make_index

# The value stands in the fifth sentence; the four before it repeat the question's words without giving one.
THREADS = ("Thread switch interval\n\nThe thread switch interval is how long one thread runs before another thread may run. "
           "A short switch interval makes threads switch more often. A long switch interval lets one thread run longer "
           "between switches. Threads switch at the interval whatever their work. Unless it is changed, the value is "
           "5 milliseconds by default.\n")
NOTES = {f"note{i}.txt": f"Note {i}\n\nThis note is about gardening, tomatoes and watering plants in summer {i}.\n" for i in range(6)}
QUESTION = "What is the default thread switch interval?"


def index():
    return make_index({"threads.txt": THREADS, **NOTES}, target_tokens=200)


def test_a_value_stated_beyond_the_best_matching_sentences_is_found_and_cited():
    # Depends on the fitted weights: the hand-written score alone ranks "one" (the third sentence) first.
    settings = AnswerSettings(state_fact=False)
    answer = Answerer(index(), FakeModel(), settings).ask(QUESTION)
    assert answer.text.startswith("5 milliseconds [1]")
    assert [c.n for c in answer.citations] == [1] and "5 milliseconds" in answer.citations[0].passage.text
    # Drawn from the three best-matching sentences only, the answer is a wrong fact of those.
    narrow = Answerer(index(), FakeModel(), replace(settings, fact_pool=3)).ask(QUESTION)
    assert "5 milliseconds" not in narrow.text


def test_the_model_is_shown_the_sentence_of_the_best_fact_first_and_no_more_sentences_than_set():
    evidence, facts = Answerer(index(), FakeModel(), AnswerSettings(evidence_sentences=2)).findings(QUESTION)
    assert len(evidence.sources) == len(evidence.sentences) == 2
    assert facts[0].text == "5 milliseconds" and facts[0].sentence.n == 1
    assert "5 milliseconds" in evidence.sources[0].passage.text


def test_focused_evidence_renumbers_each_kept_sentence_by_its_new_source():
    idx = index()
    pool = gather(QUESTION, QUESTION, idx.search(QUESTION, 2), idx.term_idf, 6)
    last = pool.sentences[-1]
    shown, renumbered = focused(pool, [last], 3)
    assert shown.sentences[0].text == last.text and renumbered[last].n == 1
    assert [s.n for s in shown.sentences] == [1, 2, 3]
    for s in shown.sentences:
        source = shown.sources[s.n - 1].passage
        assert source.start <= s.start and s.end <= source.end


def test_a_floor_on_the_hand_written_score_drops_facts_before_the_learned_ranking_orders_the_rest():
    idx = index()
    pool = gather(QUESTION, QUESTION, idx.search(QUESTION, 2), idx.term_idf, 6)
    found = facts_of(pool, idx.term_idf, idx.rare_term_idf)
    assert len(found) > 1 and min(c.score for c in found) > 0  # the default floor (0) drops none
    assert [c.text for c in candidates(pool, idx.term_idf, idx.rare_term_idf)][0] == "5 milliseconds"
    floor = max(c.score for c in found if c.text == "5 milliseconds") + 0.01
    assert "5 milliseconds" not in [c.text for c in candidates(pool, idx.term_idf, idx.rare_term_idf, floor)]


def test_fitting_learns_which_feature_marks_the_answer():
    rng = np.random.default_rng(0)
    questions = []
    for _ in range(40):
        rows = rng.normal(size=(5, 6))
        right = int(rng.integers(5))
        rows[right, 3] += 5.0  # the fourth feature is what gives the answer away
        hit = np.zeros(5)
        hit[right] = 1
        questions.append(Question(rows, hit, hit))
    mean, scale, weight = fit(questions[:30])
    assert int(np.argmax(np.abs(weight))) == 3 and weight[3] > 0
    fact, sentence = firsts(questions[30:], learned(mean, scale, weight))
    assert fact >= 9 and sentence >= 9


def test_a_fact_question_whose_every_fact_ranks_below_the_learned_floor_is_not_answered():
    settings = AnswerSettings(state_fact=False)
    assert Answerer(index(), FakeModel(), settings).ask(QUESTION).text.startswith("5 milliseconds")
    floored = Answerer(index(), FakeModel(), replace(settings, min_learned_score=1e9)).ask(QUESTION)
    assert floored.abstained and "don't say" in floored.text and not floored.citations


def test_a_table_cell_is_measured_by_its_own_row_not_the_whole_table():
    from docent.answering.ranking import FEATURES, features
    from tests.test_facts import ACCOUNTS, DOCS
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({**DOCS, "accounts.html": ACCOUNTS})
    question = "How can I give an account a one-time password that must be changed?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 6)
    facts = facts_of(evidence, index.term_idf, index.rare_term_idf)
    rows = features(evidence, facts, index.term_idf, index.rare_term_idf)
    found = {c.text: row for c, row in zip(facts, rows, strict=True)}
    coverage = FEATURES.index("sentence_coverage")
    assert found["passwd -e"][coverage] > found["chage"][coverage]  # without the row, one figure for the whole table
