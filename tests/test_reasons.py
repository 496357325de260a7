"""The reason a sentence gives, stated apart as the direct answer to "why"."""

from __future__ import annotations

from docent.answering.reasons import REASON_WORDS, stated_reason


def test_an_opening_reason_ends_at_the_comma_before_the_main_clause_not_at_a_lists():
    assert stated_reason("Because smallserial, serial and bigserial are implemented using sequences, there may be gaps.") \
        == "Because smallserial, serial and bigserial are implemented using sequences"


def test_a_reason_named_as_such_is_stated_without_its_introduction():
    assert stated_reason("The problem is that cbc-plain has a fingerprint vulnerability; see below.") \
        == "cbc-plain has a fingerprint vulnerability"
    assert stated_reason("The reason is that the socket is replaced on restart.") == "The socket is replaced on restart"


def test_a_purpose_or_cause_inside_a_sentence_is_its_clause():
    assert stated_reason("Always use the same account to avoid permission issues in the cache.") \
        == "To avoid permission issues in the cache"
    assert stated_reason("It was postponed because of the protests.") == "Because of the protests"


def test_a_long_reason_drops_its_aside_or_tail_and_one_that_cannot_be_shortened_is_none():
    long = ("125 was chosen because 126 and 127 are used by POSIX shells to signal specific error status (127 is for a "
            "command not found, 126 is for a command found but not executable, and so on, as far as bisect run goes).")
    assert stated_reason(long) == "Because 126 and 127 are used by POSIX shells to signal specific error status"
    assert stated_reason("They left in protest at " + " ".join(["word"] * REASON_WORDS) + ".") is None


def test_a_sentence_with_no_cause_gives_no_reason():
    assert stated_reason("SourceForge takes 5% of the donations for themselves.") is None
    assert stated_reason("Since 2008, the crossing has been open.") is None


def test_a_protest_or_a_reaction_gives_the_reason_up_to_the_clause_after_it():
    assert stated_reason("Serbs set up roadblocks to protest the arrest of a police officer and have since blocked "
                         "traffic.") == "To protest the arrest of a police officer"
    assert stated_reason("As a reaction to further road barricades, the government closed the crossing.") \
        == "As a reaction to further road barricades"


def test_a_reason_is_cut_where_its_clause_ends_and_never_made_of_what_gives_none():
    assert stated_reason("Due to SMTP limits as described by http://example.org/x, messages are split.") \
        == "Due to SMTP limits as described by http://example.org/x"
    assert stated_reason("If it is not a fast-forward because it is not merged, then some fixes were missed.") \
        == "Because it is not merged"
    assert stated_reason("The rule is to avoid merging them because such merges cannot be undone.") \
        == "Because such merges cannot be undone"
    assert stated_reason("It failed not because of the weather but because of the strike.") == "Because of the strike"
    for none in ("There is no reason to avoid it.", "The reason for this is unclear.", "The cause is not known.",
                 "The option is due to be removed in 3.0.", "“We left because of the protests,” the minister added.",
                 "It happens because of this."):
        assert stated_reason(none) is None, none
    assert stated_reason("ls sorts the output because ls is configured so.") == "Because ls is configured so"
    assert stated_reason("It is used because e.g. MSVS needs it. Then more.") == "Because e.g. MSVS needs it"
