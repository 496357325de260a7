"""A question that leans on the one before is searched and prompted with it; one that stands alone is not."""

from __future__ import annotations

import pytest

from docent.answering.fake_model import FakeModel
from docent.answering.follow_up import refers_back
from docent.answering.pipeline import Answerer, AnswerSettings
from docent.answering.types import Turn
from tests.conftest import make_index


@pytest.mark.parametrize("question", [
    "What did he say?", "And where do its boats go?", "Why?", "When was that?", "What about Serbia?",
    "Is it enabled by default?", "How do I turn those off?", "But which one is faster?", "Does it need root to run?",
])
def test_questions_that_point_back_are_follow_ups(question):
    assert refers_back(question)


@pytest.mark.parametrize("question", [
    "Which option makes git stash print okapis?", "Who is the Kremlin spokesman?",
    "Is there a limit on the number of columns in a table?", "What port does git send-email use for SMTPS?",
])
def test_questions_with_their_own_subject_stand_alone(question):
    assert not refers_back(question)


DOCS = {
    "stash.txt": "The giraffe-mode option, --giraffe, makes git stash print giraffes. "
                 "The okapi-mode option, --okapi, makes git stash print okapis.",
    "other.txt": "The reflog keeps every position of HEAD for ninety days.",
}
EARLIER = [Turn("What does the --giraffe option of git stash do?", "It prints giraffes [1].")]


def test_a_question_that_stands_alone_is_answered_from_its_own_words():
    model = FakeModel([["The --okapi option [1]."]])
    answer = Answerer(make_index(DOCS), model).ask("Which option makes git stash print okapis?", history=EARLIER)
    assert "okapis" in answer.citations[0].passage.text
    assert "--okapi" in answer.text and "--giraffe" not in answer.text
    assert EARLIER[0].question not in model.prompts[0]  # the earlier turn would only lengthen the prompt


def test_a_follow_up_is_still_searched_with_the_question_before_it():
    model = FakeModel([["Ninety days [1]."]])
    history = [Turn("How long does the reflog keep positions of HEAD?", "Ninety days [1].")]
    settings = AnswerSettings(quote_reasons=False)  # a "why" is otherwise answered from the sources without the model
    answer = Answerer(make_index(DOCS), model, settings).ask("And why is that?", history=history)
    assert answer.passages[0].passage.doc_id == "other.txt"
    assert history[0].question in model.prompts[0]


@pytest.mark.parametrize("question", [
    "Why is it bad to leave DEBUG on in production?", "Is it safe to delete the sessions table?",
    "Which setting that controls the session cookie age?", "How does one stop a running transaction?",
    "Is it true that sessions expire after two weeks?",
])
def test_words_that_point_nowhere_do_not_make_a_follow_up(question):
    assert not refers_back(question)
