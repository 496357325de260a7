"""Property-based tests (hypothesis) for the analyzer, the chunker and the citation parser."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docent.answering.citations import CITATION, CitingStream, cited_numbers, resolve_citations
from docent.retrieval.analyzer import STOPWORDS, analyze, fold
from docent.retrieval.chunking import ChunkSettings, chunk_document
from docent.retrieval.documents import Document
from docent.retrieval.segmentation import TEXT, segments, sentence_spans
from docent.retrieval.token_count import count_tokens
from tests.test_citations import PASSAGES

PROPERTIES = "Property-based tests (hypothesis)"

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
PROSE_WORDS = st.sampled_from(
    ["Vell", "harbour", "rebuilt", "1903", "Vučić", "Ærø", "straße", "İstanbul", "ﬁne", "Ⅻ", "naïve", "東京", "😀",
     "the", "of", ".", "!", "?", "…", ",", "—", "\n", "\n\n", " ", "  ", "\t", "x" * 140, "[1]", "\"Quoted.\""]
)
PROSE = st.lists(PROSE_WORDS, max_size=120).map(" ".join)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ANY_TEXT)
def test_analyze_never_crashes_and_folding_first_changes_nothing(reliability, text):
    reliability(PROPERTIES, "analyzer on 300 arbitrary Unicode strings",
                "never crashes; analyze(fold(x)) == analyze(x); terms are folded \\w+ non-stopwords")
    terms = analyze(text)
    assert analyze(fold(text)) == terms
    for term in terms:
        assert term and term == fold(term) and re.fullmatch(r"\w+", term) and term not in STOPWORDS


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ANY_TEXT)
def test_fold_is_idempotent(reliability, text):
    reliability(PROPERTIES, "fold on 300 arbitrary Unicode strings (found: '𝓐' folded to 'A', now 'a')", "fold(fold(x)) == fold(x)")
    folded = fold(text)
    assert fold(folded) == folded


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PROSE, st.integers(min_value=8, max_value=60), st.data())
def test_passages_map_back_to_the_text_cover_it_and_respect_the_size(reliability, text, target, data):
    reliability(PROPERTIES, "chunker on 150 generated documents (sizes 8–60 tokens, any overlap, emoji, CJK, 140-char words)",
                "passages equal text[start:end], cover every sentence, come in order, stay within the size")
    chunking = ChunkSettings(target, data.draw(st.integers(min_value=0, max_value=target - 1)))
    passages = chunk_document(Document("doc", "Title", text), chunking, count_tokens)
    for p in passages:
        assert p.text == text[p.start:p.end] and p.text.rstrip() == p.text and p.text.strip()
        # it starts with a word, or at the start of a line of code, its indentation kept (it marks code)
        assert p.text.lstrip() == p.text or text[p.start - 1:p.start] in ("", "\n")
    covered = set()
    for p in passages:
        covered.update(range(p.start, p.end))
    for start, end in sentence_spans(text):  # every non-space character of every sentence is in a passage
        assert all(i in covered for i in range(start, end) if not text[i].isspace())
    assert [p.start for p in passages] == sorted(p.start for p in passages)
    whole = [b for b in segments(text) if b.kind != TEXT]  # code blocks and tables stay whole, whatever their size
    for p in passages:  # within the size, except a single word that is itself too long, or a whole block
        words = p.text.split()
        inside_a_block = any(b.start <= p.start and p.end <= b.end for b in whole)
        assert count_tokens(p.text) <= target + len(words) or len(words) == 1 or inside_a_block


STREAM_PIECES = ["a", " ", ".", "[", "]", ",", "1", "2", "3", "7", "10", "[2]", "[1, 2]", "[ 3 ]", "\n"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(STREAM_PIECES), max_size=40).map("".join))
def test_the_citation_parser_reads_what_it_matches_and_the_stream_cites_only_shown_passages(reliability, text):
    reliability(PROPERTIES, "citation parser and stream on 300 bracket-and-digit soups",
                "cited numbers unique; the stream cites only shown passages")
    numbers = cited_numbers(text)
    assert len(numbers) == len(set(numbers))
    assert numbers == list(dict.fromkeys(int(n) for m in CITATION.finditer(text) for n in m.group(1).split(",")))
    stream = CitingStream(PASSAGES)
    cleaned = stream.feed(text) + stream.finish()
    assert all(1 <= n <= len(PASSAGES) for n in cited_numbers(cleaned))
    assert {c.n for c in resolve_citations(cleaned, PASSAGES)} == set(cited_numbers(cleaned))
