"""A "why" or "what is" question is answered by the sentence that gives a reason or says what the thing is."""

from __future__ import annotations

from docent.answering.answer_shapes import answer_shaped
from docent.answering.fake_model import FakeModel
from docent.answering.pipeline import Answerer
from docent.retrieval.analyzer import stem
from tests.conftest import make_index
from tests.test_compose import evidence  # Evidence of given sentences, best first

CRON = {
    "anacron.txt": (
        "Anacron and cron\n\n"
        "The cron.daily scripts of cron are run daily by cron itself on a machine that is always on.\n\n"
        "When anacron is installed, cron no longer runs the cron.daily scripts. "
        "This avoids their double execution by anacron and cron.\n\n"
        "Anacron runs the cron.daily scripts on machines that are not always on, a while after boot."
    ),
}


def test_a_why_question_gets_the_sentence_that_gives_the_reason_and_cites_it():
    answer = Answerer(make_index(CRON, target_tokens=200), FakeModel([["no"]])).ask(
        "Why does installing anacron stop cron from running the cron.daily scripts?")
    assert "double execution" in answer.text
    assert [c.n for c in answer.citations] == [1] and "double execution" in answer.citations[0].passage.text


def idf(term: str) -> float:
    return {stem("evil"): 5.0, stem("bare"): 5.0, stem("merge"): 1.0, stem("repository"): 1.0}.get(term, 0.5)


def test_a_what_is_question_prefers_the_sentence_that_says_what_it_is():
    ev = evidence("What is an evil merge?", "That is why such merges are called evil merges.",
                  "An evil merge is a merge that introduces changes that do not appear in any parent.")
    assert answer_shaped(ev, idf) == ev.sentences[1]


def test_a_definition_of_another_thing_is_not_preferred():
    ev = evidence("What is a bare repository?", "A bare repository has no working tree.",
                  "A shallow repository is a repository whose history is cut.", "It is a good idea to push over SSH.")
    assert answer_shaped(ev, idf) is None


def test_a_fact_question_has_no_answer_shape():
    ev = evidence("Which merge is evil?", "That is why such merges are called evil.", "An evil merge is a merge.")
    assert answer_shaped(ev, idf) is None


GC = {
    "gc.txt": "Housekeeping\n\ngit gc packs loose objects into a single pack file, since many small files waste disk "
              "space and slow down every lookup. Unless otherwise configured, git gc runs automatically after some "
              "commands. The gc.auto setting counts loose objects.",
    "filler.txt": "Kernel notes.\nThe kernel and the memory of the kernel are about the kernel.",
}


def test_a_why_question_without_a_sentence_giving_a_reason_keeps_the_best_sentence():
    answer = Answerer(make_index(GC, target_tokens=200), FakeModel([["no"]])).ask("Why does git gc pack loose objects?")
    assert "waste disk space" in answer.text


def test_what_does_an_option_do_prefers_the_sentence_under_its_term_line():
    from dataclasses import replace

    ev = evidence("What does git stash pop do?", "Like pop, but do not remove the state from the stash list.",
                  "Remove a single stashed state from the stash list and apply it.")
    under = [replace(ev.sentences[0], lead="apply [--index] [<stash>]"), replace(ev.sentences[1], lead="pop [--index] [<stash>]")]
    ev = replace(ev, sentences=under)
    pop_idf = {stem("pop"): 5.0, stem("stash"): 2.0, stem("git"): 0.5}.get
    assert answer_shaped(ev, lambda t: pop_idf(t, 0.5)) == ev.sentences[1]
    titled = replace(ev, sentences=[under[0], replace(under[1], lead="Pop goes the stash")])  # a title, no term line
    assert answer_shaped(titled, lambda t: pop_idf(t, 0.5)) is None


def test_a_question_asking_what_follows_from_a_condition_prefers_the_sentence_that_says_it():
    ev = evidence("What will the authorities do if KFOR does not clear the barricades?",
                  "The government asked KFOR to clear the barricades on the roads of the north.",
                  "If KFOR does not act, the authorities may have to take matters into their own hands.")
    assert answer_shaped(ev, idf) == ev.sentences[1]
    ev = evidence("What will the authorities do about the barricades?",
                  "The government asked KFOR to clear the barricades on the roads of the north.",
                  "If KFOR does not act, the authorities may have to take matters into their own hands.")
    assert answer_shaped(ev, idf) is None  # no condition asked about: the best match stays first
    ev = evidence("Is it safe to run fsck if the file system is mounted?",
                  "Running fsck on a mounted file system can cause severe damage.",
                  "If necessary, you can force a check at the next boot.")
    assert answer_shaped(ev, idf) is None  # a yes/no question's "if" asks whether, and the aside shares no condition
