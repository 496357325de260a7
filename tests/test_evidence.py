"""The evidence stage: the sentences shown are whole sentences, in hard-wrapped text as in unwrapped text."""

from __future__ import annotations

from docent.answering.evidence import gather
from tests.conftest import make_index

UNWRAPPED = (
    "Stashes\n\n"
    "The latest stash you created is stored in refs/stash; older stashes are found in the reflog of this reference. "
    "A stash is by default listed as WIP on the branch name."
)
WRAPPED = (
    "Stashes\n\n"
    "The latest stash you created is stored in refs/stash; older\n"
    "stashes are found in the reflog of this reference. A stash is\n"
    "by default listed as WIP on the branch name."
)


FILLER = {f"other{n}.txt": f"Other notes {n}.\nNothing here is about that, note {n}." for n in range(4)}


def shown(text: str, question: str) -> list[str]:
    index = make_index({"git-stash.txt": text, **FILLER})
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    return [" ".join(s.text.split()) for s in evidence.sentences]


def test_wrapped_lines_are_joined_into_the_sentence_they_belong_to():
    question = "Where are older stashes found?"
    assert shown(WRAPPED, question)[0] == shown(UNWRAPPED, question)[0]
    assert shown(WRAPPED, question)[0].startswith("The latest stash you created")


def test_each_sentence_is_shown_once_and_offsets_are_exact():
    index = make_index({"git-stash.txt": WRAPPED, **FILLER})
    question = "Where is the latest stash stored?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    starts = [s.start for s in evidence.sentences]
    assert len(starts) == len(set(starts))
    assert all(WRAPPED[s.start:s.end] == s.text for s in evidence.sentences)


MANUAL = """# Timezone

The following reconfigures the timezone:

    dpkg-reconfigure tzdata

| setting | file |
|---------|------|
| timezone | /etc/timezone |
| locale | /etc/default/locale |
"""


def test_a_sentence_introducing_code_comes_with_it_and_is_quoted_as_code():
    index = make_index({"manual.md": MANUAL, **FILLER})
    question = "How do I reconfigure the timezone?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    intro = next(s for s in evidence.sentences if s.text.startswith("The following reconfigures"))
    assert intro.text.endswith("dpkg-reconfigure tzdata") and intro.kind == "code"


def test_a_table_of_the_document_is_evidence_of_kind_table():
    index = make_index({"manual.md": MANUAL, **FILLER})
    question = "Which file holds the locale setting?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    table = next(s for s in evidence.sentences if "/etc/default/locale" in s.text)
    assert table.kind == "table"


def test_a_fact_is_read_after_the_sentence_before_it():
    """What the previous sentence says counts for the coverage of a fact's sentence ("300 officers" after the city)."""
    from docent.answering.evidence import in_context

    text = ("The police reinforced their forces in the divided city of Mitrovica. "
            "300 additional officers took up positions in the districts.")
    index = make_index({"news.txt": text, **FILLER})
    question = "How many extra officers were sent to Mitrovica?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    fact_sentence = next(s for s in evidence.sentences if s.text.startswith("300"))
    read = in_context(fact_sentence, evidence.passages)
    assert read.startswith("The police reinforced") and read.endswith("in the districts.")


PARAMETERS = (
    "Configuration Parameters\n\n"
    "pg_stat_statements.track (enum)\n\n"
    "pg_stat_statements.track controls which statements are counted by the module. The default value is top.\n\n"
    "pg_stat_statements.save (boolean)\n\n"
    "pg_stat_statements.save specifies whether to save statement statistics across server shutdowns. "
    "The default value is on.\n\n"
    "pg_stat_statements.max (integer)\n\n"
    "pg_stat_statements.max is the maximum number of statements tracked by the module. If more distinct "
    "statements than that are observed, the least-executed ones are discarded. The default value is 5000. "
    "This parameter can only be set at server start."
)


def test_a_sentence_under_a_definitions_term_is_read_with_that_term():
    """"The default value is 5000." answers for pg_stat_statements.max, the term line it stands under."""
    from docent.answering.evidence import in_context, names_what_is_asked

    index = make_index({"pgstatstatements.html": PARAMETERS, **FILLER}, target_tokens=400)
    question = "What's the default value of pg_stat_statements.max?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    defaults = [s for s in evidence.sentences if s.text.startswith("The default value is")]
    assert defaults[0].text == "The default value is 5000."
    assert defaults[0].lead == "pg_stat_statements.max (integer)"
    assert names_what_is_asked(question, defaults[0], in_context(defaults[0], evidence.passages))
    assert not any(names_what_is_asked(question, s, in_context(s, evidence.passages)) for s in defaults[1:])


def test_a_sentence_about_another_release_does_not_answer_for_the_release_asked_about():
    """"When was PostgreSQL 16 released?" is not answered by the release notes of 15.5, nor of 16.1."""
    from docent.answering.evidence import Sentence, names_what_is_asked

    def dated(section: str) -> Sentence:
        return Sentence("Release date: 2023-11-09", 1, "notes.html", "notes.html#0", 0, 24, 1.0, section)

    question = "When was PostgreSQL 16 released?"
    assert names_what_is_asked(question, dated("Appendix E > E.3. Release 16"))
    assert not names_what_is_asked(question, dated("Appendix E > E.2. Release 15.5"))
    assert not names_what_is_asked(question, dated("Appendix E > E.1. Release 16.1"))
    assert names_what_is_asked("When was the release published?", dated("E.2. Release 15.5"))  # no version named
    # in PostgreSQL 16's own manual a sentence need not name the version it documents
    assert names_what_is_asked(question, dated("Chapter 20. Server Configuration > 20.3. Connections"))


THREADS = (
    "Thread switching\n\n"
    "Set the interpreter's thread switch interval, in seconds. It currently defaults to 5 milliseconds.\n\n"
    "The switch interval of a thread is read by the scheduler. Threads switch at the end of the interval. "
    "A thread may switch before the interval ends when it waits on a lock."
)


def test_a_sentence_pointing_back_shares_the_match_of_the_sentence_it_follows():
    question = "What is the default thread switch interval?"
    assert "It currently defaults to 5 milliseconds." in shown(THREADS, question)


def test_pointing_back_reaches_no_further_than_its_paragraph():
    text = "Thread switching\n\nThe thread switch interval is read by the scheduler.\n\nThis note is about something else."
    assert "This note is about something else." not in shown(text, "What is the thread switch interval?")


GIT_CLEAN = """git-clean(1)
============

OPTIONS
-------

-i::
--interactive::
	Show what would be done and ask before removing each file.

-n::
--dry-run::
	Don't actually remove anything, just show what would be done.

-q::
--quiet::
	Be quiet, only report errors, but not the files that are
	successfully removed.
"""


def test_the_sentence_under_the_heading_that_names_what_is_asked_is_evidence_though_it_shares_no_word():
    from docent.answering.fake_model import FakeModel
    from docent.answering.pipeline import Answerer
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({"git-clean.txt": GIT_CLEAN, **FILLER})
    question = "What does the --dry-run option of git clean do?"
    evidence = gather(question, question, index.search(question, 2), index.term_idf, 3)
    assert evidence.sentences[0].text.startswith("Don't actually remove anything")
    answer = Answerer(index, FakeModel()).ask(question)
    assert "Don't actually remove anything" in answer.text and not answer.abstained


OPTIONS = """# exec(command[, options])

- timeout {number} Default: 0

- encoding {string} The encoding used. Default: 'utf8'.

- maxBuffer {number} Largest amount of data allowed on stdout. Default: 1024 * 1024.

- killSignal {string} Default: 'SIGTERM'
"""


def test_a_field_of_a_list_item_is_read_with_the_items_first_sentence():
    from docent.retrieval.evidence import best_sentences
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({"child_process.md": OPTIONS, **FILLER})
    question = "What is the default maxBuffer limit?"
    found = best_sentences(question, index.search(question, 3), index.term_idf, 9)
    assert next(s.passage.text for s in found if s.passage.text.startswith("Default")) == "Default: 1024 * 1024."


MUTT_VARIABLES = """3. Configuration Variables

3.0.\u00a0beep

Type:\u00a0boolean
Default:\u00a0yes

When set, Mutt beeps on errors.

3.1.\u00a0history_file

Type:\u00a0path
Default:\u00a0"~/.mutthistory"

The file in which Mutt will save its history.

3.2.\u00a0save_history

Type:\u00a0number
Default:\u00a00

The history is saved by default.
"""


def test_the_fields_under_a_heading_describe_what_it_names():
    from docent.retrieval.evidence import best_sentences
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({"manual.txt": MUTT_VARIABLES, **FILLER})
    question = "What is the default history file?"
    found = best_sentences(question, index.search(question, 9), index.term_idf, 9)
    order = [s.passage.text for s in found]
    assert order.index('Default:\u00a0"~/.mutthistory"') < order.index("The history is saved by default.")


FDW_OPTIONS = """Remote Execution Options

fetch_size (integer)

This option specifies the number of rows postgres_fdw should get in each fetch operation. It can be specified for
a foreign table or a foreign server. The option specified on a table overrides an option specified for the server.
The default is 100.

batch_size (integer)

This option specifies the number of rows postgres_fdw should insert in each insert operation. The default is 1.
"""


def test_a_default_stated_bare_is_read_and_quoted_after_its_paragraphs_first_sentence():
    from docent.answering.fake_model import FakeModel
    from docent.answering.pipeline import Answerer
    from tests.test_structure import make_index as read_as_docent

    index = read_as_docent({"postgres-fdw.txt": FDW_OPTIONS, **FILLER})
    answer = Answerer(index, FakeModel()).ask("How many rows does postgres_fdw get per fetch from the remote server by default?")
    assert answer.text == ("100 [1]\n\n“This option specifies the number of rows postgres_fdw should get in each fetch "
                           "operation. … The default is 100.” [1]")


def test_a_bare_default_speaks_of_the_setting_named_last_before_it_and_a_list_item_is_its_own_paragraph():
    from docent.answering.fake_model import FakeModel
    from docent.answering.pipeline import Answerer
    from tests.test_structure import make_index as read_as_docent

    settings = ("Replication settings\n\nThe wal_level setting decides how much information is written to the WAL. The "
                "max_wal_senders setting limits the number of concurrent connections from standby servers. The default is 10.\n")
    ask = Answerer(read_as_docent({"replication.txt": settings, **FILLER}), FakeModel()).ask
    assert "10" not in ask("What is the default wal_level?").text
    assert ask("What is the default max_wal_senders?").text == (
        "10 [1]\n\n“The max_wal_senders setting limits the number of concurrent connections from standby servers. The "
        "default is 10.” [1]")
    items = ("Options\n\n- timeout {number} Default: 0\n- encoding {string} The encoding used. Default: 'utf8'.\n"
             "- maxBuffer {number} Largest amount of data allowed on stdout or stderr. Default: 1024 * 1024.\n")
    ask = Answerer(read_as_docent({"options.txt": items, **FILLER}), FakeModel()).ask
    assert ask("What is the default encoding?").text.startswith("utf8 [1]")


def test_fields_are_a_references_properties_not_any_line_with_a_colon():
    from docent.retrieval.segmentation import is_field_line

    assert is_field_line("Type:\u00a0boolean\nDefault:\u00a0yes") and is_field_line("Default Value: 5")
    assert not any(is_field_line(line) for line in ("Update: He was charged on Sunday.", "Note: see below.",
                                                    "Usage: docent [OPTIONS] FOLDER", "Photo: Reuters"))


def test_a_field_that_opens_its_paragraph_is_read_under_its_heading():
    from docent.answering.fake_model import FakeModel
    from docent.answering.pipeline import Answerer
    from tests.test_structure import make_index as read_as_docent

    page = ("FindKDE3\n========\n\nThis module finds the KDE3 include and library dirs and defines a few macros.\n\n"
            "The option KDE3_ENABLE_FINAL to enable all-in-one compilation is no longer supported.\n\n"
            "Author: Alexander Neundorf <neundorf@kde.org>\n")
    index = read_as_docent({"FindKDE3.txt": page, **FILLER})
    answer = Answerer(index, FakeModel()).ask("Who is credited as the author of the FindKDE3 module?")
    assert answer.text.startswith("Alexander Neundorf [1]")


FAQ = """Frequently asked questions

5.14 Why was the default cipher mode replaced with cbc-essiv?

The problem is that cbc-plain has a fingerprint vulnerability, where a crafted file can be
detected on the encrypted disk.

5.15 Can I resize a container?

Yes, with the resize command.
"""


def test_a_faq_question_is_answered_by_what_follows_it_and_never_quoted_itself():
    found = shown(FAQ, "Why was the old default cipher mode replaced by cbc-essiv?")
    assert found[0].startswith("The problem is that cbc-plain has a fingerprint vulnerability")
    assert not any(sentence.endswith("?") for sentence in found)


def test_a_field_ending_in_a_question_mark_is_evidence_and_a_question_in_quoted_speech_is_no_question():
    text = "help\n\nShow the help window.\n\nDefault: \"?\"\n\nThis binding can be changed."
    assert 'Default: "?"' in shown(text, "What is the default key of help?")
    quoted = ("“What’s in it for us if the barricades remain? I can tell you five hundred things,” Vucic said.\n\n"
              "Other news.")
    assert any(s.startswith("“What’s in it for us") for s in shown(quoted, "What is in it for us if the barricades remain?"))


def test_a_question_opening_its_paragraph_is_answered_by_the_rest_of_it():
    text = ("Iteration time\n\nWould a 100 sec iteration time be even better? Yes and no. Cryptographically it "
            "would be a lot better.\n\nOther notes.")
    found = shown(text, "Would a 100 sec iteration time be even better?")
    assert found[0].startswith("Yes and no") and not any(s.endswith("?") for s in found)
