"""Answer composition: the fact first, in a few words and cited, then the source's sentence quoted and cited."""

from __future__ import annotations

from docent.answering.candidates import Candidate
from docent.answering.compose import NOT_COVERED, compose, direct_part, quote
from docent.answering.evidence import CODE, HEADING, PROSE, TABLE, Evidence, Sentence, sentence_kind
from docent.answering.facts import IDENTIFIER, question_kind
from docent.answering.verify import Verdict
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage

TEXT = "The sysctl vm.swappiness sets how aggressively pages are swapped; the default value is 60."


def evidence(question: str, *texts: str, kinds=()) -> Evidence:
    sources, sentences, at = [], [], 0
    for n, text in enumerate(texts, start=1):
        passage = Passage(f"vm.rst#{n}", "vm.rst", "vm", at, at + len(text), text)
        sources.append(ScoredPassage(passage, 1.0))
        kind = kinds[n - 1] if kinds else PROSE
        sentences.append(Sentence(text, n, "vm.rst", passage.passage_id, at, at + len(text), 1.0 / n, "", kind))
        at += len(text) + 1
    return Evidence(question, question, question_kind(question), sources, sources, sentences)


def fact(ev: Evidence, text: str, n: int = 1) -> Candidate:
    return Candidate(text, IDENTIFIER, ev.sentences[n - 1], 1.0)


def test_a_fact_question_is_answered_with_the_fact_first_then_the_quote():
    ev = evidence("Which sysctl controls swappiness?", TEXT)
    composed = compose(ev, Verdict(None, "", []), fact(ev, "vm.swappiness"), True, [])
    assert composed.text == f"vm.swappiness [1]\n\n“{TEXT}” [1]"
    assert [c.n for c in composed.citations] == [1] and not composed.abstained and not composed.own_reply
    assert "vm.swappiness" in direct_part(composed.text) and "default" not in direct_part(composed.text)


def test_the_models_short_sentence_states_the_fact_when_it_was_verified():
    ev = evidence("Which sysctl controls swappiness?", "Unrelated first.", TEXT)
    composed = compose(ev, Verdict(None, "Swappiness is set by vm.swappiness [2].", []), fact(ev, "vm.swappiness", 2), True, [])
    assert composed.text.startswith("Swappiness is set by vm.swappiness [2].\n\n“The sysctl") and composed.own_reply


def test_a_definition_is_the_verified_reply_or_the_sources_sentence_never_a_heading_or_list_introduction():
    question = "What is swappiness?"
    ev = evidence(question, "swappiness", "Swappiness provides:", TEXT, kinds=(HEADING, PROSE, PROSE))
    assert compose(ev, Verdict(None, "", []), None, True, []).text == f"“{TEXT}” [3]"
    kept = compose(ev, Verdict(None, "Swappiness says how eagerly pages are swapped [3].", []), None, True, [])
    assert kept.text == "Swappiness says how eagerly pages are swapped [3]." and kept.own_reply


def test_no_fact_or_too_little_coverage_means_the_documents_dont_say():
    ev = evidence("Which sysctl controls swappiness?", TEXT)
    assert compose(ev, Verdict(None, "", []), None, True, []).text == NOT_COVERED
    assert compose(ev, Verdict(None, "", []), fact(ev, "vm.swappiness"), False, []).abstained


def test_a_fact_from_a_table_is_quoted_with_its_row_only():
    table = "group | access\ndialout | full and direct access to serial ports\ncdrom | CD-ROM drives"
    ev = evidence("Which group may use the serial ports?", table, kinds=(TABLE,))
    answer = compose(ev, Verdict(None, "", []), fact(ev, "dialout"), True, [])
    assert answer.text == "dialout [1]\n\n“dialout | full and direct access to serial ports” [1]"


def test_a_why_question_is_answered_with_prose_rather_than_a_code_block():
    code = "    background_tasks = set()\n    background_tasks.add(task)"
    prose = "The event loop keeps only weak references to tasks, so a task may be garbage collected."
    ev = evidence("Why should I keep a reference to my tasks?", code, prose, kinds=(CODE, PROSE))
    assert compose(ev, Verdict(None, "", []), None, True, []).text == f"“{prose}” [2]"


def test_code_is_quoted_as_code_and_quotations_are_not_doubled():
    assert sentence_kind("    $ sysctl -w vm.swappiness=10\n    $ sysctl -p") == CODE
    assert sentence_kind("6.3.8. How to shut down the remote system over SSH with a long title") == HEADING
    code = Sentence("$ sysctl -w vm.swappiness=10", 2, "vm.rst", "vm.rst#0", 0, 28, kind=CODE)
    assert quote(code) == "`$ sysctl -w vm.swappiness=10` [2]"
    said = Sentence("“We support Belgrade,” said Dmitry Peskov.", 1, "a.txt", "a.txt#0", 0, 42)
    assert quote(said) == "‘“We support Belgrade,” said Dmitry Peskov.’ [1]"
    marked = Sentence("Vell was never rebuilt [7].<|im_end|>", 2, "a.txt", "a.txt#0", 0, 37)
    assert quote(marked) == "“Vell was never rebuilt (7).‹|im_end|›” [2]"


def test_the_direct_part_leaves_out_quotations_and_citations():
    assert direct_part("60 [1]\n\n“The default value is 60.” [1]").split() == ["60"]
    assert direct_part("“Only a quote.” [2]").split() == []


def test_a_fact_wrapped_across_lines_is_stated_on_one_line():
    wrapped = "The batch size is limited to 50\n\tthousand objects."
    ev = evidence("At most how many objects are packed per run?", wrapped)
    composed = compose(ev, Verdict(None, "", []), fact(ev, "50\n\tthousand"), True, [])
    assert composed.text.startswith("50 thousand [1]\n\n")


def test_a_reply_that_does_not_state_the_fact_is_not_cited_to_the_facts_source():
    ev = evidence("How do I see the log of a service?", "Unrelated first.", "# journalctl -u ssh.service")
    composed = compose(ev, Verdict(None, "Use systemctl status [1].", []), fact(ev, "journalctl -u ssh.service", 2), True, [])
    assert composed.text.startswith("journalctl -u ssh.service [2]\n")
    assert "systemctl" not in composed.text


def test_a_why_answered_by_a_quote_states_the_reason_it_gives_first():
    text = "Because the MD5 sums may be tampered with by an intruder, debsums is of limited use as a security tool."
    composed = compose(evidence("Why is debsums of limited use for security?", text), Verdict(None, "", []), None, True, [])
    assert composed.text == f"Because the MD5 sums may be tampered with by an intruder [1].\n\n“{text}” [1]"
    assert direct_part(composed.text).startswith("Because the MD5 sums may be tampered with by an intruder")


def test_a_why_answered_by_a_sentence_that_gives_no_reason_is_the_quote_alone():
    text = "SourceForge takes 5% of the donations for themselves."
    composed = compose(evidence("Why not donate through SourceForge?", text), Verdict(None, "", []), None, True, [])
    assert composed.text == f"“{text}” [1]"
