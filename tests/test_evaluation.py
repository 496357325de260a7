import json
from dataclasses import replace

import pytest

from docent.answering.evaluation import EvalCase, EvalFileError, contains_answer, load_cases, score_case, summarize
from docent.answering.support import numbers_supported, support, unsupported_facts
from docent.answering.types import Answer, Citation, Timings
from docent.retrieval.analyzer import analyze
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage


def passage(text: str, n: int = 0) -> Passage:
    return Passage(f"d#{n}", "d.txt", "t", 0, len(text), text)


def answer(text: str, cited: list[str] = (), shown: list[str] = (), abstained: bool = False, ms: float = 100) -> Answer:
    return Answer(
        question="q", text=text, abstained=abstained,
        citations=[Citation(i + 1, passage(t, i)) for i, t in enumerate(cited)],
        passages=[ScoredPassage(passage(t, i), 1.0) for i, t in enumerate(shown)],
        model="m", timings=Timings(total_ms=ms),
    )


ANSWERABLE = EvalCase("Who is the Kremlin spokesman?", ["Peskov"], ["a.txt"], False)
UNANSWERABLE = EvalCase("Who won the World Cup?", [], [], True)


def test_answers_match_as_whole_words_ignoring_case_and_accents():
    assert contains_answer("It was Aleksandar VUČIĆ.", ["Vucic"])
    assert contains_answer("about 5,000 troops", ["5,000"])
    assert not contains_answer("from 24 to 48 hours", ["4"])
    assert not contains_answer("Peskovich", ["Peskov"])


def test_a_correct_cited_answer_scores_on_every_metric():
    result = score_case(ANSWERABLE, answer("Dmitry Peskov [1].", ["Kremlin spokesman Dmitry Peskov said"], ["Dmitry Peskov said"]))
    assert result.correct and result.retrieved and result.good_citations == 1


def test_report_counts_each_failure_where_it_belongs():
    results = [
        score_case(ANSWERABLE, answer("Peskov [1].", ["Peskov said"], ["Peskov said"], ms=100)),  # right, well cited
        score_case(ANSWERABLE, answer("Putin [1].", ["Putin spoke"], ["Putin spoke"], ms=200)),  # wrong, retrieval missed
        score_case(ANSWERABLE, answer("The documents don't say.", [], ["Peskov said"], abstained=True, ms=300)),  # false abstention
        score_case(UNANSWERABLE, answer("The documents don't say.", abstained=True, ms=400)),  # right abstention
        score_case(UNANSWERABLE, answer("France [1].", ["France won"], ["France won"], ms=500)),  # should have abstained
    ]
    report = summarize(results)
    assert report.questions == 5 and report.answerable == 3
    assert report.recall_at_k == pytest.approx(2 / 3, abs=1e-3)
    assert report.accuracy == pytest.approx(1 / 3, abs=1e-3)
    assert report.citation_precision == pytest.approx(1 / 3, abs=1e-3)  # 1 good of 3 citations
    assert report.citation_coverage == pytest.approx(1 / 2, abs=1e-3)  # 2 answered, 1 with a good citation
    assert report.abstention_precision == 0.5 and report.abstention_recall == 0.5
    assert report.false_abstentions == pytest.approx(1 / 3, abs=1e-3)
    assert report.latency_p50_ms == 300
    assert report.own_replies == 1.0


def test_answers_that_replaced_the_models_reply_are_counted():
    quoted = replace(answer("The documents say: “Peskov said” [1]", ["Peskov said"], ["Peskov said"]), withheld="Putin [1].")
    report = summarize([score_case(ANSWERABLE, quoted), score_case(ANSWERABLE, answer("Peskov [1].", ["Peskov said"], ["Peskov said"]))])
    assert report.own_replies == 0.5 and report.accuracy == 1.0


def test_support_is_the_share_of_sentence_terms_in_the_passage():
    terms = frozenset(analyze("Kremlin spokesman Dmitry Peskov said Russia supports Serbia."))
    assert support("Dmitry Peskov is the Kremlin spokesman.", terms) == 1.0
    assert support("Peskov likes bananas.", terms) == pytest.approx(1 / 3)
    assert support("...", terms) == 0.0


def test_numbers_and_names_absent_from_the_passages_are_flagged():
    assert numbers_supported("from 1,500 to 5000", "increased from 1500 to 5,000")
    assert not numbers_supported("in 2018", "in 2008")
    flagged = unsupported_facts("Peskov met Boris Stjetsu in 2018.", ["Dmitry Peskov said in 2008"])
    assert flagged == ["2018", "Boris", "Stjetsu"]


def test_eval_file_errors_name_the_line(tmp_path):
    path = tmp_path / "dev.jsonl"
    path.write_text(json.dumps({"question": "ok?", "answers": ["x"]}) + "\nnot json\n")
    with pytest.raises(EvalFileError, match=r"dev.jsonl:2"):
        load_cases(path)
    path.write_text(json.dumps({"question": "no answers but answerable", "unanswerable": False}) + "\n")
    with pytest.raises(EvalFileError, match="accepted answers"):
        load_cases(path)


def test_the_shipped_development_set_is_valid_and_broad(seeds):
    from pathlib import Path

    cases = load_cases(Path(__file__).resolve().parent.parent / "bench" / "devset.jsonl")
    assert len(cases) >= 40
    assert sum(c.unanswerable for c in cases) >= 8
    assert {d for c in cases for d in c.docs} == {p.name for p in seeds.glob("*.txt")}
    for case in cases:
        if not case.unanswerable:
            texts = [(seeds / d).read_text(encoding="utf-8") for d in case.docs]
            assert any(contains_answer(t, case.answers) for t in texts), case.question


def test_the_text_report_shows_the_targets_of_the_kind_of_collection():
    from docent.tui.eval_command import COLLECTION_TARGETS, format_report

    report = summarize([score_case(ANSWERABLE, answer("Peskov [1].", ["Peskov said"], ["Peskov said"]))])
    on_seeds, on_collection = format_report(report, "m"), format_report(report, "m", COLLECTION_TARGETS)
    assert "answer accuracy               1.00   >= 0.80" in on_seeds.splitlines()
    assert "answer accuracy               1.00   >= 0.60" in on_collection.splitlines()
    assert "citation precision            1.00   >= 0.80" in on_collection.splitlines()


def test_a_citation_counts_the_heading_it_shows_but_not_the_documents_title():
    under = replace(passage("The age of session cookies, in seconds."), title="Settings",
                    section="Settings > Sessions > SESSION_COOKIE_AGE")
    titled = replace(passage("It rotates, compresses and mails system logs every night."), title="logrotate",
                     section="logrotate")
    shown = Answer("q", "SESSION_COOKIE_AGE [1]", False, [Citation(1, under)], [ScoredPassage(under, 1.0)], "m")
    assert score_case(EvalCase("Which setting?", ["SESSION_COOKIE_AGE"], [], False), shown).good_citations == 1
    hidden = Answer("q", "logrotate [1]", False, [Citation(1, titled)], [ScoredPassage(titled, 1.0)], "m")
    result = score_case(EvalCase("Which tool rotates logs?", ["logrotate"], [], False), hidden)
    assert result.good_citations == 0 and not result.retrieved
