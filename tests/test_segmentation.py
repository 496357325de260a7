"""Sentences as people write them: hard-wrapped or not, with abbreviations, lists, code blocks and tables."""

from __future__ import annotations

import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docent.retrieval.segmentation import CODE, TABLE, TEXT, segments

PROPERTIES = "Property-based tests (hypothesis)"


def units(text: str, as_written: bool = True) -> list[tuple[str, str]]:
    return [(s.kind, text[s.start:s.end]) for s in segments(text, prose_indent=as_written)]


def sentences(text: str, as_written: bool = True) -> list[str]:
    return [" ".join(chunk.split()) for kind, chunk in units(text, as_written) if kind == TEXT]


def test_abbreviations_initials_versions_file_names_and_decimals_end_no_sentence():
    text = (
        "Dr. Smith moved to the U.S. in 2001, e.g. for work, i.e. by choice. He runs Linux v2.6.32 and edits vm.rst "
        "with ratio 3.5 and so on, etc. and more. See Fig. 3 of J. R. Hacker's notes! Is it 2.0? Yes."
    )
    assert sentences(text) == [
        "Dr. Smith moved to the U.S. in 2001, e.g. for work, i.e. by choice.",
        "He runs Linux v2.6.32 and edits vm.rst with ratio 3.5 and so on, etc. and more.",
        "See Fig. 3 of J. R. Hacker's notes!",
        "Is it 2.0?",
        "Yes.",
    ]


def test_the_lines_of_a_hard_wrapped_paragraph_make_one_sentence():
    text = "If the kprobe can be optimized, Kprobes enqueues the kprobe to an\noptimizing list and kicks the optimizer.\n"
    assert sentences(text) == ["If the kprobe can be optimized, Kprobes enqueues the kprobe to an optimizing list and kicks the optimizer."]


def test_a_blank_line_a_list_item_and_a_table_row_end_a_unit():
    text = "Some exit\ncodes are:\n- the section is invalid (ret=1),\n- no name was given (ret=2)\n\nname | value\nswappiness | 60\n"
    assert units(text) == [
        (TEXT, "Some exit\ncodes are:"),
        (TEXT, "- the section is invalid (ret=1),"),
        (TEXT, "- no name was given (ret=2)"),
        (TABLE, "name | value\nswappiness | 60"),
    ]


def test_a_code_block_is_one_unit_kept_whole_with_its_blank_lines():
    text = "Run this:\n\n    $ git config --global user.name 'A U Thor'\n\n    $ git config --list\n\nThen commit."
    assert units(text) == [
        (TEXT, "Run this:"),
        (CODE, "    $ git config --global user.name 'A U Thor'\n\n    $ git config --list"),
        (TEXT, "Then commit."),
    ]


def test_asciidoc_listing_blocks_verse_blocks_and_indented_descriptions():
    text = (
        "--add::\n\tAdds a new line to the option without altering any existing\n\tvalues. This is the same as "
        "providing '^$'.\n\n[verse]\n'git config' --add <name> <value>\n'git config' --list\n\n"
        "------------\n% git config core.filemode true\n------------\n\ninclude::config/add.txt[]\n--\nifdef::git-asciidoc[]\n"
    )
    assert units(text) == [
        (TEXT, "--add::"),
        (TEXT, "Adds a new line to the option without altering any existing\n\tvalues."),
        (TEXT, "This is the same as providing '^$'."),
        (CODE, "'git config' --add <name> <value>\n'git config' --list"),
        (CODE, "% git config core.filemode true"),
    ]


def test_a_headline_on_its_own_line_is_not_joined_to_the_paragraph_under_it():
    text = "Tensions in Kosovo\nSerbia put its army on alert on Monday after a week of roadblocks and protests near the border."
    assert sentences(text) == ["Tensions in Kosovo", text.split("\n")[1]]


def test_lines_longer_than_a_wrapped_paragraph_are_each_a_unit():
    first = "A first paragraph written on one line, as editors that wrap softly save it, with no break in it at all"
    text = f"{first}\nA second one on the next line, without a blank line between them, and without a full stop"
    assert sentences(text) == [first, text.split("\n")[1]]


# Wrapped and unwrapped versions of the same text give the same sentences.

WORDS = st.sampled_from(
    ["the", "option", "kernel", "value", "is", "set", "by", "e.g.", "i.e.", "etc. and", "Dr. Smith", "U.S.",
     "v2.6.32", "vm.rst", "3.5", "(see os.path)", "“quoted”", "J. R. Hacker", "vm.swappiness", "--add", "a", "60%"]
)
FIRST = st.sampled_from(["The", "Kprobes", "Swappiness", "If", "Dr. Jones", "In 2001,", "“When"])
LAST = st.sampled_from(["swappiness", "vm.rst", "v2.6.32", "3.5", "etc", "them", "(ret=1)"])
SENTENCE = st.tuples(FIRST, st.lists(WORDS, max_size=18), LAST, st.sampled_from([".", "!", "?", ".”", "!)"])).map(
    lambda parts: " ".join([parts[0], *parts[1], parts[2]]) + parts[3]
)
PARAGRAPHS = st.lists(st.lists(SENTENCE, min_size=1, max_size=5), min_size=1, max_size=4)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(PARAGRAPHS, st.integers(min_value=24, max_value=100), st.booleans())
def test_wrapped_and_unwrapped_text_give_the_same_sentences(reliability, paragraphs, width, as_written):
    reliability(PROPERTIES, "segmentation on 200 generated texts with abbreviations, versions and file names, "
                "wrapped at 24-100 columns", "the generated sentences come out, wrapped or not")
    unwrapped = "\n\n".join(" ".join(paragraph) for paragraph in paragraphs)
    wrapped = "\n\n".join(
        textwrap.fill(" ".join(paragraph), width, break_long_words=False, break_on_hyphens=False) for paragraph in paragraphs
    )
    expected = [sentence for paragraph in paragraphs for sentence in paragraph]
    assert sentences(unwrapped, as_written) == expected
    assert sentences(wrapped, as_written) == expected
    for text in (wrapped, unwrapped):
        for segment in segments(text, prose_indent=as_written):
            assert text[segment.start:segment.end].strip() == text[segment.start:segment.end]
