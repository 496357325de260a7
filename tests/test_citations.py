from hypothesis import given, settings
from hypothesis import strategies as st

from docent.answering.citations import CitingStream, cited_numbers, resolve_citations
from docent.retrieval.bm25_index import ScoredPassage
from docent.retrieval.chunking import Passage


def scored(text: str, n: int) -> ScoredPassage:
    return ScoredPassage(Passage(f"d#{n}", "d.txt", "t", 0, len(text), text), 1.0)


PASSAGES = [
    scored("Dmitry Peskov is the Kremlin spokesman.", 0),
    scored("Kosovo closed the Merdare border crossing on Wednesday.", 1),
]


def run(text: str, chunk: int = 1000) -> str:
    stream = CitingStream(PASSAGES)
    out = "".join(stream.feed(text[i : i + chunk]) for i in range(0, len(text), chunk))
    return out + stream.finish()


def test_parses_single_and_multiple_citations():
    assert cited_numbers("A [1]. B [2, 3]. C [1][4]") == [1, 2, 3, 4]


def test_a_supported_citation_is_kept():
    assert run("The Kremlin spokesman is Dmitry Peskov [1].") == "The Kremlin spokesman is Dmitry Peskov [1]."


def test_a_wrong_citation_is_replaced_by_the_supporting_passage():
    assert run("Kosovo closed the Merdare crossing [1].") == "Kosovo closed the Merdare crossing [2]."


def test_citations_to_passages_never_shown_are_removed_or_repaired():
    assert run("Bananas are yellow [7].") == "Bananas are yellow."
    assert run("Peskov is the Kremlin spokesman [9].") == "Peskov is the Kremlin spokesman [1]."


def test_an_uncited_supported_sentence_gets_a_citation():
    assert run("Peskov is the Kremlin spokesman. Kosovo closed Merdare.") == (
        "Peskov is the Kremlin spokesman [1]. Kosovo closed Merdare [2]."
    )


def test_an_unsupported_sentence_gets_no_citation():
    assert run("Bananas are yellow and tasty.") == "Bananas are yellow and tasty."


def test_citation_after_the_full_stop_belongs_to_that_sentence():
    assert run("Kosovo closed Merdare. [2] Peskov spoke [2].") == "Kosovo closed Merdare [2]. Peskov spoke [1]."


def test_abstention_gets_no_citation():
    assert run("The documents don't say.") == "The documents don't say."


def test_decimal_points_do_not_end_sentences():
    assert run("Kosovo closed 1.5 crossings [1].") == "Kosovo closed 1.5 crossings [2]."


def test_an_unfinished_citation_at_the_end_is_dropped():
    assert run("Kosovo closed Merdare [2") == "Kosovo closed Merdare [2]"


def test_each_citation_records_its_support_and_whether_its_numbers_check_out():
    stream = CitingStream(PASSAGES)
    parts = ["Peskov is the Kremlin spokesman [1]. ", "Kosovo closed 3 Merdare crossings [2]."]
    text = "".join(stream.feed(part) for part in parts) + stream.finish()
    citations = {c.n: c for c in resolve_citations(text, PASSAGES, stream.checks)}
    assert citations[1].verified and citations[1].support == 1.0
    assert not citations[2].verified, "the passage does not say 3"
    assert 0.5 <= citations[2].support < 1.0


def test_resolve_maps_numbers_to_shown_passages():
    citations = resolve_citations("X [2]. Y [5].", PASSAGES)
    assert [(c.n, c.passage.passage_id) for c in citations] == [(2, "d#1")]


PIECES = st.sampled_from(
    [
        "Kosovo", " closed", " Merdare", " Peskov", " spokesman", ".", " ", "\n",
        "[", "1", "2", "9", "]", ",", "[2]", "[1, 2]", "1.5", "!", "Bananas",
    ]
)


@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(PIECES, max_size=30), chunk=st.integers(min_value=1, max_value=7))
def test_streaming_in_any_chunks_gives_the_same_text(pieces, chunk):
    text = "".join(pieces)
    whole = run(text)
    assert run(text, chunk) == whole
    for n in cited_numbers(whole):
        assert n in (1, 2), "only shown passages may be cited"


def test_square_brackets_that_are_not_citations_cannot_become_one():
    assert run("See [note] and [") == "See (note) and"
    assert run("[[2]9]") == "(9)"


SERVICE_PASSAGES = [
    scored("systemd[1]: could not make ssh.service start at boot: start request repeated too quickly.", 0),
    scored("To control whether a service is started automatically on boot, use systemctl enable servicename.service.", 1),
]


def test_a_citation_must_support_what_the_sentence_adds_to_the_question_not_the_words_it_repeats():
    question = "How do I make a service start at boot with systemd?"
    reply = "To make a service start at boot with systemd, use systemctl enable [1]."
    stream = CitingStream(SERVICE_PASSAGES, question=question)
    assert stream.feed(reply) + stream.finish() == reply.replace("[1]", "[2]")
    # Without the question, the log shares enough of the sentence's words to pass.
    unaware = CitingStream(SERVICE_PASSAGES)
    assert unaware.feed(reply) + unaware.finish() == reply
