
from dataclasses import replace

from docent.answering.fake_model import FakeModel
from docent.answering.pipeline import NOT_COVERED, NOT_IN_CORPUS, Answerer, AnswerSettings
from docent.answering.types import Turn
from docent.retrieval.evidence import best_sentences
from tests.conftest import make_index

DOCS = {
    "kosovo.txt": "Kosovo closed its largest border crossing, Merdare, on Wednesday. Traffic was blocked by trucks.",
    "russia.txt": "Kremlin spokesman Dmitry Peskov said that Russia supports Serbia in all its measures.",
    "history.txt": "Kosovo declared independence from Serbia in 2008. Serbia does not recognise it.",
}


def answerer(*replies: list[str], **settings) -> Answerer:
    return Answerer(make_index(DOCS), FakeModel(list(replies)), AnswerSettings(**settings))


def test_the_verified_answer_reaches_on_text_once_with_the_fact_first():
    streamed = []
    answer = answerer(["Kosovo", " closed", " Merdare", " [1]", "."]).ask(
        "Which border crossing did Kosovo close?", on_text=streamed.append
    )
    assert streamed == [answer.text]
    assert answer.text == "Kosovo closed Merdare [1].\n\n“Kosovo closed its largest border crossing, Merdare, on Wednesday.” [1]"
    assert answer.passages[0].passage.doc_id == "kosovo.txt"
    assert [(c.n, c.passage.doc_id) for c in answer.citations] == [(1, "kosovo.txt")]
    assert not answer.abstained and not answer.stopped and not answer.withheld
    assert answer.tokens.completion == 5 and answer.tokens.prompt > 0


def test_abstains_without_calling_the_model_when_nothing_matches():
    model = FakeModel([["should not be used"]])
    answer = Answerer(make_index(DOCS), model).ask("What is the recipe for sourdough bread?")
    assert answer.abstained and answer.text == NOT_IN_CORPUS
    assert model.prompts == [] and not model.loaded
    assert answer.citations == []


def test_a_question_about_a_name_the_documents_never_use_is_told_so_without_the_model():
    docs = {"db.txt": "The max_connections setting sets how many clients can connect at once. The default is 100. "
                      "Replication settings are described in the WAL chapter."}
    model = FakeModel([["100 [1]"]])
    answer = Answerer(make_index(docs), model).ask("What is the default value of the io_workers setting?")
    assert answer.abstained and answer.text == "The documents don't say: they never mention io_workers."
    assert model.prompts == []
    for question, name in [("How do I set up WireGuard replication?", "WireGuard"),
                           ("What is the default of wal.max_size?", "wal.max_size")]:
        assert Answerer(make_index(docs), FakeModel()).ask(question).text.endswith(f"never mention {name}.")
    # a name the documents use is asked about as any question is
    answer = Answerer(make_index(docs), FakeModel([["100 [1]"]])).ask("What is the default of max_connections?")
    assert not answer.abstained and "100" in answer.text


def test_a_name_in_half_the_passages_is_known_though_its_idf_is_zero():
    docs = {"a.txt": "WireGuard is a VPN. Its port is 51820 by default.", "b.txt": "WireGuard keys are made with wg genkey.",
            "c.txt": "OpenVPN uses port 1194.", "d.txt": "IPsec uses IKE on port 500."}
    answer = Answerer(make_index(docs), FakeModel([["51820 [1]"]])).ask("What port does WireGuard use by default?")
    assert "never mention" not in answer.text and "51820" in answer.text


def test_abstains_when_the_best_score_is_below_the_threshold():
    answer = answerer(["x"], min_relevance=1e9).ask("Which border crossing did Kosovo close?")
    assert answer.abstained and answer.tokens.completion == 0
    # passages holding the question's words were found: saying that none matches would be untrue
    assert answer.text == NOT_COVERED


def test_a_name_the_documents_use_everywhere_is_asked_about_when_the_best_sentence_holds_the_whole_question():
    """In a guide to dh_make every passage names it: its idf is low and the best passage scores below the floor."""
    docs = {f"ch{i}.txt": text for i, text in enumerate([
        "The dh_make command will create some template configuration files under the debian directory.",
        "You run dh_make in the unpacked source tree after setting DEBEMAIL and DEBFULLNAME, which dh_make reads.",
        "Options of dh_make choose the package type. A single binary package is the default of dh_make.",
        "Build the package with dpkg-buildpackage. Check it with lintian.",
    ])}
    index = make_index(docs)
    assert index.search("What does dh_make do?", 1)[0].score < index.rare_term_idf
    answer = Answerer(index, FakeModel([["It makes templates [1]."]])).ask("What does dh_make do?")
    assert not answer.abstained and "dh_make" in answer.text
    # a question the best sentence does not hold whole is still held to the floor
    answer = Answerer(index, FakeModel([["Yes [1]"]])).ask("Does dh_make need lintian?")
    assert answer.text == NOT_COVERED


def test_the_relevance_threshold_applies_to_passages_also_when_the_model_sees_sentences():
    question = "Which border crossing did Kosovo close?"
    index = make_index(DOCS)
    found = index.search(question, 2)
    assert best_sentences(question, found, index.term_idf, 1)[0].score < found[0].score
    best = found[0].score / index.rare_term_idf * (1 - 1e-9)  # the best passage just clears the threshold
    for sentences in (0, 1, 3):
        settings = AnswerSettings(min_relevance=best, evidence_sentences=sentences)
        answer = Answerer(index, FakeModel([["Merdare [1]."]]), settings).ask(question)
        assert not answer.abstained and "Merdare" in answer.text


def test_model_saying_the_documents_dont_say_is_an_abstention():
    answer = answerer(["The documents don't say", "."], grounding=False).ask("Which border crossing did Kosovo close?")
    assert answer.abstained and answer.citations == []


def test_citations_to_unshown_passages_never_reach_the_user():
    streamed = []
    answer = answerer(["Bananas are yellow [9]."], top_k=2, grounding=False).ask("Kosovo border crossing", on_text=streamed.append)
    assert "[9]" not in "".join(streamed) and "[9]" not in answer.text
    assert answer.citations == []


def test_should_stop_ends_generation_and_keeps_the_partial_answer():
    chunks = ["Kosovo", " closed", " its", " largest", " crossing", " and", " more"]
    polls = []
    answer = answerer(chunks).ask("Which border crossing did Kosovo close?", should_stop=lambda: polls.append(1) or len(polls) >= 2)
    assert answer.stopped
    assert answer.text.startswith("Kosovo closed") and "largest" not in answer.text and answer.tokens.completion == 2


def test_follow_up_uses_the_previous_question_for_retrieval_and_prompt():
    model = FakeModel([["Peskov [1]."]])
    history = [Turn("Who is the Kremlin spokesman?", "Dmitry Peskov [1].")]
    answer = Answerer(make_index(DOCS), model).ask("What did he say?", history=history)
    assert answer.passages[0].passage.doc_id == "russia.txt"
    assert "Who is the Kremlin spokesman?" in model.prompts[0]


def test_timings_add_up():
    answer = answerer(["Merdare [1]."]).ask("Which border crossing did Kosovo close?")
    t = answer.timings
    assert t.total_ms >= t.retrieval_ms + t.prompt_ms + t.generation_ms - 1


QUOTE = "“Kosovo closed its largest border crossing, Merdare, on Wednesday.” [1]"


def test_a_reply_that_misses_the_fact_gives_way_to_the_best_fact_of_the_evidence():
    streamed = []
    answer = answerer(["Kosovo closed a crossing [1]."]).ask("Which border crossing did Kosovo close?", on_text=streamed.append)
    assert streamed == [answer.text] and "a crossing" not in answer.text
    assert answer.text == f"Merdare [1]\n\n{QUOTE}"
    assert answer.withheld == "Kosovo closed a crossing [1]." and not answer.abstained
    assert [(c.n, c.passage.doc_id, c.verified) for c in answer.citations] == [(1, "kosovo.txt", True)]


def test_without_the_fallback_a_reply_that_misses_the_fact_is_an_abstention():
    answer = answerer(["Kosovo closed a crossing [1]."], pick="reply", fallback=False).ask("Which border crossing did Kosovo close?")
    assert answer.abstained and answer.citations == []


def test_a_reply_stating_the_fact_of_the_evidence_is_kept_as_the_direct_answer():
    answer = answerer(["Kosovo closed Merdare."]).ask("Which border crossing did Kosovo close?")
    assert answer.text == f"Kosovo closed Merdare [1].\n\n{QUOTE}" and not answer.withheld


def test_a_statement_of_the_fact_that_adds_what_its_sentence_never_says_gives_way_to_the_fact_alone():
    answer = answerer(["Merdare was closed by the Kosovo police [1]."]).ask("Which border crossing did Kosovo close?")
    assert answer.text == f"Merdare [1]\n\n{QUOTE}" and "Kosovo police" in answer.withheld


def test_a_statement_of_the_fact_opening_with_the_answer_is_starts_with_the_fact():
    answer = answerer(["The answer is: Kosovo closed Merdare [1]."]).ask("Which border crossing did Kosovo close?")
    assert answer.text == f"Kosovo closed Merdare [1].\n\n{QUOTE}"
    named = answerer(["The answer is: vm.swappiness [1]."]).ask("Which border crossing did Kosovo close?")
    assert not named.text.startswith("Vm.")


def test_a_why_reply_opening_with_the_answer_is_is_checked_as_written():
    reply = "The answer to this question is: Kosovo closed Merdare on Wednesday [1]."
    answer = answerer([reply], quote_reasons=False).ask("Why was traffic blocked at the border?")
    assert not answer.text.startswith("Kosovo closed Merdare on Wednesday"), answer.text


def test_a_why_is_answered_by_the_reason_the_source_gives_without_the_model():
    model = FakeModel([["Traffic was blocked because Kosovo closed Merdare [1]."]])
    filler = {f"notes{n}.txt": f"Other notes {n} on the weather and the harvest." for n in range(8)}
    docs = {**DOCS, **filler, "jarinje.txt": "The Jarinje crossing was closed because protesters parked tractors on the bridge."}
    answer = Answerer(make_index(docs), model).ask("Why was the Jarinje crossing closed?")
    assert answer.text.startswith("Because protesters parked tractors on the bridge [1].\n\n“The Jarinje crossing")
    assert model.prompts == [] and answer.withheld == "" and answer.tokens.prompt == 0


def test_the_model_picks_among_the_candidate_facts_when_its_decoding_can_be_constrained():
    model = FakeModel([["Merdare"]])
    Answerer(make_index(DOCS), model, AnswerSettings(pick="grammar")).ask("Which border crossing did Kosovo close?")
    assert "Merdare" in model.settings[0].choices


def test_the_model_states_the_ranked_fact_in_one_short_sentence():
    model = FakeModel([["Kosovo closed Merdare [1]."]])
    answer = Answerer(make_index(DOCS), model).ask("Which border crossing did Kosovo close?")
    assert answer.text.startswith("Kosovo closed Merdare [1].") and model.settings[0].max_tokens <= 32


def test_ranking_alone_answers_a_fact_question_without_the_model():
    model = FakeModel([["unused"]])
    settings = AnswerSettings(pick="rank", state_fact=False)
    answer = Answerer(make_index(DOCS), model, settings).ask("Which border crossing did Kosovo close?")
    assert answer.text.startswith("Merdare [1]") and model.prompts == []


def test_a_reply_naming_another_fact_than_the_best_ranked_is_withheld_and_the_ranked_fact_shown():
    answer = answerer(["Largest [1]."]).ask("Which border crossing did Kosovo close?")
    assert answer.text.startswith("Merdare [1]") and not answer.text.startswith("Largest")
    assert answer.withheld == "Largest [1]."


def test_a_reply_joining_what_two_evidence_sentences_say_is_kept():
    court = "On Wednesday, a court in Pristina ordered his release. He will now be placed under house arrest, said a court spokeswoman."
    reply = "The court released him and placed him under house arrest [1]."
    answer = Answerer(make_index({**DOCS, "court.txt": court}), FakeModel([[reply]])).ask("What did the court in Pristina decide?")
    assert answer.text.startswith("The court released him and placed him under house arrest [") and not answer.withheld


def reply_to(docs: dict[str, str], reply: str, question: str, **settings):
    """The answer to question when the model's reply is reply."""
    return Answerer(make_index(docs), FakeModel([[reply]]), AnswerSettings(**settings)).ask(question)


def test_a_reply_that_negates_what_its_source_says_or_drops_its_negation_is_never_shown():
    kfor = {"kfor.txt": "The NATO security force KFOR would have to allow Serbia to take this step. "
                        "KFOR does not comment on troop movements."}
    question = "What is KFOR?"
    answer = reply_to(kfor, "KFOR will not allow Serbia to take this step [1].", question)
    assert "will not allow" not in answer.text and answer.withheld and answer.text.startswith("“")
    answer = reply_to(kfor, "KFOR comments on troop movements [1].", question)
    assert "KFOR comments" not in answer.text and answer.withheld
    answer = reply_to(kfor, "KFOR is the NATO security force that would have to allow Serbia to take this step [1].", question)
    assert answer.text.startswith("KFOR is the NATO security force") and not answer.withheld


def test_a_reply_reading_a_negated_and_a_plain_sentence_together_is_kept():
    cache = {"cache.txt": "The template cache keeps compiled templates in memory between requests. "
                          "Edited templates are not reloaded from disk."}
    question = "What does the template cache do?"
    joined = "The template cache keeps compiled templates in memory, so edited templates are not reloaded [1]."
    assert not reply_to(cache, joined, question).withheld
    plain = "The template cache keeps compiled templates in memory between requests [1]."
    # the whole passages are the sources: a sentence is read alone still
    assert not reply_to(cache, plain, question, evidence_sentences=0).withheld


def test_a_reply_whose_number_is_not_in_the_evidence_is_never_shown():
    answer = answerer(["Kosovo declared independence in 1999 [1]."]).ask("In which year did Kosovo declare independence?")
    assert answer.text.startswith("2008 [1]") and "1999" not in answer.text and answer.withheld


def test_a_looping_reply_is_cut_and_not_shown():
    loop = ["It is a memory controller that can be used to control the memory. "] * 4
    answer = answerer(loop).ask("What did Kosovo do on Wednesday?")
    assert "memory controller" not in answer.text and answer.tokens.completion < 4


def test_when_no_evidence_holds_the_kind_of_fact_asked_for_the_documents_dont_say():
    model = FakeModel([["Five trucks blocked traffic [1]."]])
    answer = Answerer(make_index(DOCS), model).ask("How many trucks blocked the traffic at the crossing?")
    assert answer.abstained and "don't say" in answer.text and answer.citations == []
    assert answer.withheld == "Five trucks blocked traffic."  # its citation dropped: no source says "five"


def test_evidence_covering_too_little_of_the_question_is_not_quoted():
    question = "Why were the trucks that blocked the Merdare road red?"
    assert answerer(["Red [1]."], min_coverage=0.0).ask(question).text.startswith("“")
    answer = answerer(["Red [1]."], min_coverage=0.99).ask(question)
    assert answer.abstained and answer.citations == []


def test_a_stopped_answer_is_not_replaced():
    answer = answerer(["Bananas", " are", " yellow"]).ask("Which border crossing did Kosovo close?", should_stop=lambda: True)
    assert answer.stopped and answer.text == "Bananas" and not answer.withheld


def test_evidence_mode_shows_the_best_sentences_with_exact_offsets():
    index = make_index(DOCS)
    model = FakeModel([["Merdare [1]."]])
    answer = Answerer(index, model, AnswerSettings(evidence_sentences=2)).ask("Which border crossing did Kosovo close?")
    first = answer.passages[0].passage
    assert first.text == "Kosovo closed its largest border crossing, Merdare, on Wednesday."
    assert DOCS[first.doc_id][first.start : first.end] == first.text
    assert len(answer.passages) == 2
    assert all(s.passage.text.count(". ") == 0 for s in answer.passages), "one sentence each"


def test_a_folder_with_one_or_two_short_notes_is_answered():
    """rank-bm25's Okapi idf is zero or negative for every term of a one- or two-passage corpus."""
    notes = {"library.md": "The town library holds 12,000 books.", "cafeteria.txt": "The cafeteria opens at noon."}
    question = "How many books does the library hold?"
    for docs in ({"library.md": notes["library.md"]}, notes):
        index = make_index(docs)
        found = index.search(question, 2)
        assert found[0].passage.doc_id == "library.md" and found[0].score > 0
        answer = Answerer(index, FakeModel([["12,000 [1]."]])).ask(question)
        assert not answer.abstained and answer.text.startswith("12,000 [1]") and answer.citations


CONFIG = {
    "config.txt": "The diff.renameLimit setting is used by git diff. The default value of diff.context is 3 lines.",
    "other.txt": "Unrelated notes on merging. A merge joins two histories.",
    "more.txt": "Notes on tags. A tag names a commit.",
}


def test_a_fact_about_another_setting_than_the_one_named_is_no_answer():
    settings = AnswerSettings(min_coverage=0.0, min_relevance=0.0)
    ask = Answerer(make_index(CONFIG), FakeModel([["unused"]]), settings).ask
    assert ask("What is the default value of diff.renameLimit?").abstained
    assert ask("What is the default value of diff.context?").text.startswith("3 lines [1]")


def test_the_setting_named_in_the_sentence_before_the_facts_counts_as_named():
    docs = {**CONFIG, "config.txt": "The diff.renameLimit setting limits rename detection. Its default value is 1000 files."}
    settings = AnswerSettings(min_coverage=0.0, min_relevance=0.0)
    answer = Answerer(make_index(docs), FakeModel([["unused"]]), settings).ask("What is the default value of diff.renameLimit?")
    assert not answer.abstained and "1000 files" in answer.text


def test_a_how_question_shows_the_models_verified_reply_when_it_names_no_ranked_fact():
    docs = {"boot.txt": "Boot\n\nWhen a service does not start at boot, make a note of its log: journalctl -u ssh.service shows "
                        "why the service did not start.\n\nTo have it started automatically on boot, use systemctl enable "
                        "servicename.service."}
    model = FakeModel([["Use systemctl enable servicename.service to start it at boot [2]."]])
    answer = Answerer(make_index(docs, target_tokens=200), model, AnswerSettings()).ask("How do I make a service start at boot?")
    assert answer.text == "Use systemctl enable servicename.service to start it at boot [2]."
    assert [c.n for c in answer.citations] == [2] and "systemctl enable" in answer.citations[0].passage.text


SETTINGS = """Settings
========

SESSION_COOKIE_AGE
------------------

The age of session cookies, in seconds, before the browser drops them.

CSRF_COOKIE_AGE
---------------

The age of the CSRF token cookie, in seconds, for forms.
"""


def test_a_reply_naming_the_heading_a_source_stands_under_is_shown():
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({"settings.rst": SETTINGS, "b.rst": "Other\n=====\n\nNothing here about cookies, only other words.\n"})
    answer = Answerer(index, FakeModel([["The setting is SESSION_COOKIE_AGE [1]."]])).ask(
        "Which setting gives the age of session cookies before the browser drops them?")
    assert answer.text.startswith("The setting is SESSION_COOKIE_AGE [1].") and not answer.withheld
    assert answer.citations[0].passage.section.endswith("SESSION_COOKIE_AGE")


HOOKS = {
    "hook.txt": "Hooks.\nThe pre-receive hook reads GIT_PUSH_OPTION_COUNT to learn how many push options the client sent.",
    "a.txt": "Other.\nThe reflog keeps every position of HEAD for ninety days.",
    "b.txt": "More.\nThe stash keeps changes aside while you switch branches quickly.",
}


def test_a_fact_the_ranking_is_sure_of_needs_less_of_the_question_covered():
    question = "Which environment variable tells a server hook how many options arrived during a remote push?"
    settings = AnswerSettings(state_fact=False, max_unknown_share=1.01)  # the coverage rule alone
    sure = Answerer(make_index(HOOKS), FakeModel([["x"]]), settings).ask(question)
    assert sure.text.startswith("GIT_PUSH_OPTION_COUNT [1]")
    unsure = Answerer(make_index(HOOKS), FakeModel([["x"]]), replace(settings, sure_score=99.0)).ask(question)
    assert unsure.abstained


SIGNALS = """Reloading

Sending SIGHUP makes named reread named.conf and reload its zones.
"""


def test_when_the_best_ranked_facts_sentence_does_not_answer_the_next_one_that_clearly_does_answers(monkeypatch):
    filler = {f"other{n}.txt": f"Other notes {n}.\nThe server reads named.conf at start, note {n}." for n in range(4)}
    answerer = Answerer(make_index({"signals.txt": SIGNALS, **filler}), FakeModel())
    question = "Which signal do I send named to make it reread named.conf and reload?"
    evidence, facts = answerer.findings(question)
    sighup = facts[0]
    elsewhere = next(s for s in evidence.sentences if s.text.startswith("The server reads"))
    start, note = replace(sighup, text="start", sentence=elsewhere), replace(sighup, text="note", sentence=elsewhere)
    monkeypatch.setattr(answerer, "_candidates", lambda evidence: [start, sighup])
    assert answerer.ask(question).text.startswith("SIGHUP")
    monkeypatch.setattr(answerer, "_candidates", lambda evidence: [start, note])
    assert answerer.ask(question).abstained


def test_a_sentence_that_only_names_what_the_one_before_describes_is_quoted_after_it():
    docs = {"backscatter.txt": "When a spammer sends mail with forged sender addresses, innocent sites are flooded with "
                               "undeliverable mail notifications. This is called backscatter mail.\n\n"
                               "Postfix can block backscatter mail with header checks."}
    answer = Answerer(make_index(docs), FakeModel([["Backscatter is junk [1]."]])).ask("What is backscatter mail?")
    assert answer.text.startswith("“When a spammer sends mail with forged sender addresses") \
        and "This is called backscatter mail.”" in answer.text


def test_a_questions_filler_adverb_matches_no_sentence():
    docs = {"fear.txt": "This was exactly what was feared in Kosovo.",
            "kfor.txt": "KFOR is the NATO-led peacekeeping force in Kosovo."}
    answer = Answerer(make_index(docs), FakeModel([["no"]])).ask("What exactly is KFOR?")
    assert "peacekeeping force" in answer.text and "feared" not in answer.text
