"""Terms are found in a stored index by their 8-byte prefixes: long shared prefixes, absent terms and
non-ASCII terms are all found, or not, exactly as a dictionary would."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from docent.retrieval.index_data import StoredVocabulary, term_blob

SHARED = sorted(["internationalisation", "internationalization", "internationally", "internal", "intern",
                 "inter", "in", "x", "zürich", "zurich", "日本語"])


def vocabulary(terms: list[str]) -> StoredVocabulary:
    return StoredVocabulary(term_blob(sorted(set(terms))))


def test_terms_sharing_a_long_prefix_are_each_found_at_their_place():
    vocab = vocabulary(SHARED)
    assert vocab.find_all(SHARED) == list(range(len(SHARED)))
    assert list(vocab) == SHARED and vocab[3] == SHARED[3] and len(vocab) == len(SHARED)


@pytest.mark.parametrize("absent", ["internationalis", "internationalizations", "", "a", "zz", "i", "日本",
                                    "internat", "internati", "in\0"])  # 8 and 9 bytes: prefixes of longer terms; a zero byte
def test_a_term_no_passage_holds_is_not_found(absent):
    assert vocabulary(SHARED).find(absent) is None


def test_an_empty_vocabulary_finds_nothing():
    assert vocabulary([]).find_all(["spokesman", ""]) == [None, None]


@pytest.mark.parametrize("bad", ["a\nb", "a\0b"])
def test_a_term_with_a_newline_or_zero_byte_is_refused_rather_than_stored_wrongly(bad):
    with pytest.raises(ValueError):
        term_blob([bad])


_TERM_TEXT = st.text(st.characters(blacklist_characters="\n\0", blacklist_categories=("Cs",)), max_size=12)


@given(st.sets(_TERM_TEXT, max_size=40), st.lists(_TERM_TEXT, max_size=10))
def test_lookups_agree_with_a_dictionary(terms, asked):
    ordered = sorted(terms)
    ids = {term: i for i, term in enumerate(ordered)}
    assert vocabulary(list(terms)).find_all(ordered + asked) == [ids.get(t) for t in ordered + asked]
