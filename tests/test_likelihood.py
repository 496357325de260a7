"""The model's likelihood of each candidate fact settles close calls between them (answering/likelihood.py)."""

from docent.answering.candidates import Candidate
from docent.answering.evidence import Sentence
from docent.answering.fake_model import FakeModel
from docent.answering.likelihood import rescored
from docent.answering.pipeline import Answerer, AnswerSettings
from tests.conftest import make_index
from tests.test_pipeline import DOCS as PIPELINE_DOCS

DOCS = {**PIPELINE_DOCS, "kosovo.txt": PIPELINE_DOCS["kosovo.txt"].replace("on Wednesday.", "on Wednesday, and kept Jarinje open.")}
QUESTION = "Which border crossing did Kosovo close?"  # ranked: Merdare (3.4), then Jarinje (3.0)
SENTENCE = Sentence("Kosovo closed its largest border crossing, Merdare.", 1, "kosovo.txt", "kosovo.txt#0", 0, 51)


def test_a_candidate_the_model_finds_far_likelier_is_the_answer():
    model = FakeModel(likelihoods={"Merdare": -20.0})
    answer = Answerer(make_index(DOCS), model).ask(QUESTION)
    assert answer.text.startswith("Jarinje [1]")


def test_the_ranking_stands_when_the_model_finds_the_candidates_alike():
    model = FakeModel(likelihoods={"Merdare": -1.0, "Jarinje": -0.5})
    answer = Answerer(make_index(DOCS), model).ask(QUESTION)
    assert answer.text.startswith("Merdare [1]")


def test_with_weight_zero_the_ranking_alone_picks():
    model = FakeModel(likelihoods={"Merdare": -20.0})
    answer = Answerer(make_index(DOCS), model, AnswerSettings(likelihood_weight=0.0)).ask(QUESTION)
    assert answer.text.startswith("Merdare [1]")


class CannotTell(FakeModel):
    def likelihoods(self, prompt, replies):
        return None


def test_a_model_that_cannot_tell_leaves_the_ranking_as_it_is():
    found = [Candidate("Merdare", "proper", SENTENCE, 3.6), Candidate("largest", "word", SENTENCE, 2.7)]
    assert rescored(found, CannotTell(), "prompt", 0.1, 4) == found


def test_only_candidates_of_the_best_ones_sentence_are_re_ranked():
    other = Sentence("Traffic was blocked by trucks.", 1, "kosovo.txt", "kosovo.txt#0", 52, 82)
    found = [Candidate("a", "word", SENTENCE, 3.0), Candidate("b", "word", other, 2.9), Candidate("c", "word", SENTENCE, 2.8)]
    model = FakeModel(likelihoods={"a": -5.0, "b": 0.0, "c": 0.0})
    assert [c.text for c in rescored(found, model, "prompt", 0.1, 4)] == ["c", "a", "b"]


def test_only_the_first_count_candidates_are_re_ranked():
    found = [Candidate(text, "word", SENTENCE, score) for text, score in (("a", 3.0), ("b", 2.9), ("c", 2.8))]
    model = FakeModel(likelihoods={"a": -5.0, "b": -1.0, "c": 0.0})
    assert [c.text for c in rescored(found, model, "prompt", 0.1, 2)] == ["b", "a", "c"]
