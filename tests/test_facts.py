"""Fact-type checks on technical text: what kind of fact a question asks for, and which spans of a sentence are one."""

from __future__ import annotations

import pytest

from docent.answering.candidates import candidates
from docent.answering.evidence import coverage, gather, unknown_names, unknown_share, written_names
from docent.answering.facts import (
    CODE,
    DATE,
    DEFINITION,
    IDENTIFIER,
    NAME,
    NUMBER,
    OPTION,
    OTHER,
    PATH,
    PEOPLE,
    PERSON,
    PROCEDURE,
    PROPER,
    REASON,
    VALUE,
    VERSION,
    WHEN,
    fact_spans,
    question_kind,
    without_filler,
)
from docent.answering.heading_names import heading_name
from docent.retrieval.analyzer import analyze
from tests.conftest import make_index
from tests.test_structure import make_index as read_as_docent

DOCS = {
    "vm.rst": (
        "swappiness\n\n"
        "This control is used to define how aggressively the kernel will swap memory pages. "
        "The sysctl vm.swappiness sets it, and the default value is 60."
    ),
    "git-stash.txt": (
        "git-stash(1)\n\n"
        "Use `git stash list` to list the stash entries that you currently have. "
        "If the --include-untracked option is used (or its short form -u), untracked files are also stashed."
    ),
    "sources.html": "Apt sources\n\nThe package sources are listed in /etc/apt/sources.list on every Debian system since 2.6.32.",
    "embassy.txt": (
        "Finland in Serbia.\nAccording to the deputy head of the Finnish Embassy in Serbia Lassi Härmälä and the head of "
        "mission in Kosovo Matti Nissinen, the situation is tense. The embassy opened in 1992."
    ),
    "filler.txt": "Kernel notes.\nThe kernel and the memory of the kernel are about the kernel.",
}


@pytest.fixture(scope="module")
def index():
    return make_index(DOCS)


@pytest.mark.parametrize(
    "question, kind, first_wanted",
    [
        ("Which sysctl controls swappiness?", NAME, IDENTIFIER),
        ("What option makes git stash keep untracked files?", NAME, OPTION),
        ("Which file lists the apt package sources?", NAME, PATH),
        ("What command shows my stashes?", NAME, CODE),
        ("What is the default swappiness value?", VALUE, NUMBER),
        ("How many pages does the kernel swap at once?", VALUE, NUMBER),
        ("Since which version does the file exist?", VALUE, VERSION),
        ("When did the embassy open?", DATE, WHEN),
        ("Who is the deputy head of the embassy?", PERSON, PEOPLE),
        ("Which Balkans expert called the troop pictures staging?", PERSON, PEOPLE),
        ("Which Berlin foreign office spokesman called the barricades illegal?", PERSON, PEOPLE),
        ("What does the expert mode do?", DEFINITION, None),
        ("What will Kosovo do if KFOR doesn't clear the barricades?", OTHER, None),
        ("What should I do if git says detached HEAD?", OTHER, None),
        ("What should I run to do a backup?", NAME, CODE),
        ("Which country did the president visit?", NAME, CODE),
        ("How do I list the stash entries?", PROCEDURE, CODE),
        ("I'm in a GNOME session; which keys get me to a text console?", NAME, IDENTIFIER),
        ("Emulated runlevels 2 to 4 all point to which systemd target?", NAME, CODE),
        ("After logging back in, how do I reattach my screen session?", PROCEDURE, CODE),
        ("What is a kprobe?", DEFINITION, None),
        ("What does the OOM killer do?", DEFINITION, None),
        ("Why does git rebase rewrite history?", REASON, None),
        ("What exit code do I get when a command can't be found?", VALUE, NUMBER),
        ("Which HTTP status code does the server send for a redirect?", VALUE, NUMBER),
        ("Which prompt escape shows the previous command's exit status?", NAME, CODE),
        ("Which prompt escape shows how many jobs the shell is managing?", NAME, CODE),
        ("Which option sets how many retries are made?", NAME, OPTION),
        ("What flooded Meissen and how many people were taken to hospital?", VALUE, NUMBER),
        ("What is the largest number $RANDOM can give me?", VALUE, NUMBER),
        ("By default, what's the longest time the server keeps answers in its cache?", VALUE, NUMBER),
        ("What is the largest city in Kosovo?", DEFINITION, None),
    ],
)
def test_the_question_says_what_kind_of_fact_it_wants(question, kind, first_wanted):
    asked = question_kind(question)
    assert asked.kind == kind
    assert (asked.wants[0] if asked.wants else None) == first_wanted


def spans(text: str) -> dict[str, str]:
    return {s.text: s.type for s in fact_spans(text)}


def test_technical_facts_are_found_in_lower_case_text():
    found = spans("The default value of vm.swappiness is 60; set it in /etc/sysctl.conf with sysctl -w or --system.")
    assert found["vm.swappiness"] == IDENTIFIER and found["60"] == NUMBER and found["/etc/sysctl.conf"] == PATH
    assert found["-w"] == OPTION and found["--system"] == OPTION


def test_identifiers_versions_units_and_markup():
    found = spans("Call os.path.join() or read GIT_DIR; since v2.6.32 it takes 512 MiB, see ``git stash list`` and vm.rst.")
    assert found["os.path.join()"] == IDENTIFIER and found["GIT_DIR"] == IDENTIFIER
    assert found["v2.6.32"] == VERSION and found["512 MiB"] == NUMBER
    assert found["git stash list"] == CODE and found["vm.rst"] == PATH


def test_a_range_is_one_value_and_an_address_is_no_version():
    found = spans("Startup is 10-15% faster; troops went from 1,500 to 5,000; mDNS uses 224.0.0.251 since 3.11.")
    assert found["10-15%"] == NUMBER and found["1,500"] == NUMBER and found["5,000"] == NUMBER
    assert found["224.0.0.251"] == IDENTIFIER and found["3.11"] == VERSION


def test_a_name_in_typographic_quotation_marks_is_a_fact_as_in_straight_ones():
    found = spans('They filmed armored vehicles of the type “Milosh” and the "Lazar" near the border.')
    assert found["Milosh"] == CODE and found["Lazar"] == CODE


def test_a_name_with_a_digit_is_a_name_even_where_a_sentence_starts():
    found = spans("Modula-3 is the origin of the syntax used for exceptions. Exceptions are classes.")
    assert found["Modula-3"] == PROPER and "Exceptions" not in found


def test_people_and_dates_in_prose():
    found = spans("Kremlin spokesman Dmitry Peskov said on 3 March 2023 that the talks of 1999 failed.")
    assert found["Dmitry Peskov"] == PEOPLE and found["3 March 2023"] == WHEN and found["1999"] == WHEN


def best(question: str, index) -> str | None:
    found = candidates(gather(question, question, index.search(question, 2), index.term_idf, 3), index.term_idf, index.rare_term_idf)
    return found[0].text if found else None


def test_the_best_candidate_is_the_fact_of_the_kind_asked_for(index):
    assert best("Which sysctl controls swappiness?", index) == "vm.swappiness"
    assert best("What is the default swappiness value?", index) == "60"
    assert best("Which option also stashes untracked files?", index) in ("--include-untracked", "-u")
    assert best("Which file lists the apt package sources?", index) == "/etc/apt/sources.list"
    assert best("What command lists the stash entries?", index) == "git stash list"
    assert best("Who is the deputy head of the Finnish Embassy in Serbia?", index) == "Lassi Härmälä"
    assert best("Who is the head of mission in Kosovo?", index) == "Matti Nissinen"


def test_what_the_question_names_is_never_its_answer(index):
    found = candidates(gather(q := "What does git stash list show?", q, index.search(q, 2), index.term_idf, 3), index.term_idf, 1.0)
    assert all(c.text != "git stash list" for c in found)


def test_no_candidate_when_no_evidence_holds_a_fact_of_that_kind(index):
    assert best("How many stash entries can git keep?", index) is None


def test_coverage_and_unknown_share(index):
    idf, rare = index.term_idf, index.rare_term_idf
    assert coverage("Which sysctl sets swappiness?", DOCS["vm.rst"], idf, rare) == 1.0
    assert coverage("What currency does Kosovo use?", DOCS["vm.rst"], idf, rare) < 0.2
    assert unknown_share("¿Cuál es la capital de Francia?", idf) == 1.0
    assert unknown_share("Which sysctl controls swappiness?", idf) == 0.0


def test_names_the_corpus_never_uses_are_those_written_as_names():
    def known(term):
        return 1.0 if term in {"vm", "kosovo", "serbia", "python", "node"} else 0.0

    question = "Does vm.swappiness, pam_faillock, eth0 or WireGuard (LFS, MongoDB) matter to Node.js in Kosovo?"
    assert unknown_names(question, known) == ["vm.swappiness", "pam_faillock", "eth0", "WireGuard", "LFS", "MongoDB",
                                              "Node.js"]
    # a capitalised word, a version and an abbreviation are no names, nor words a hyphen joins to a capitalised one
    assert unknown_names("Did the U.S. or Germany speak of Python 3.11, e.g. in Serbia?", known) == []
    assert unknown_names("What did the court order for the ex-Serb policeman?", known) == []
    assert unknown_names("Does MTA-STS work with non-LFS setups?", known) == ["MTA-STS", "non-LFS"]
    # two capitals alone, a value, a name written apart in the text ("UTF-8"), a word without two letters in a row
    assert unknown_names("Does the US limit of 10MB hold for utf8, i386 and the U.S.?", lambda t: t in {"utf", "8"}) == []


GROUPS_TABLE = """# Groups

| group | what its members may use |
|-------|--------------------------|
| dialout | full and direct access to serial ports |
| dip | limited access to serial ports for dial-up connections |
| cdrom | CD-ROM and DVD drives |
| audio | the sound device |
"""


def test_in_a_table_the_answer_is_the_cell_of_the_row_that_matches_the_question():
    index = read_as_docent({**DOCS, "groups.md": GROUPS_TABLE})
    assert best("Which group gives full and direct access to the serial ports?", index) == "dialout"
    assert best("Which group lets a user use the DVD drives?", index) == "cdrom"


def test_a_time_of_day_answers_when_and_what_time():
    assert question_kind("When does the library close on Fridays?").kind == DATE
    assert question_kind("What time does the cafeteria open?").kind == DATE
    assert question_kind("What time zone does the server use?").kind != DATE
    found = {(s.text, s.type) for s in fact_spans("Backups run at 02:30, the shop opens at 8 am and closes at 6 pm or noon.")}
    assert {("02:30", WHEN), ("8 am", WHEN), ("6 pm", WHEN), ("noon", WHEN)} <= found
    assert ("8", NUMBER) not in found and all(s.type != WHEN for s in fact_spans("It draws 8 amps at a 3:1 ratio."))


def test_a_negative_number_keeps_its_sign():
    found = {(s.text, s.type) for s in fact_spans("Set cache_size to -2000 for about 2 MB; from 1999-2000 the limit was 10-15%.")}
    assert {("-2000", NUMBER), ("1999", WHEN), ("2000", WHEN), ("10-15%", NUMBER)} <= found


def test_latin_abbreviations_of_prose_are_no_facts():
    spans = fact_spans("Any format known to git diff (e.g. `--stat`), i.e. a diff option, etc.")
    assert [s.text for s in spans if s.type in (IDENTIFIER, CODE)] == ["--stat"]
    assert not {"e.g", "i.e", "etc"} & {s.text for s in spans}


def test_an_environment_variable_in_capitals_answers_which_environment_variable():
    index = make_index({"tempfile.txt": "The directory named by the TMPDIR environment variable comes first in the list."})
    assert best("Which environment variable does tempfile read first?", index) == "TMPDIR"


def test_a_headings_section_number_is_no_answer():
    text = ("Limits\n\n2. Maximum Number Of Columns\n\n"
            "The SQLITE_MAX_COLUMN parameter sets an upper bound on the columns of a table.\n")
    index = make_index({"limits.txt": text})
    assert best("What is the maximum number of columns of a table?", index) != "2"


def test_a_number_labelling_a_table_listing_or_section_is_no_fact():
    spans = fact_spans("Table 3-1 shows the integer types; Listing 9-6 reads 5 MB, as Section 4.2 explains.")
    assert [s.text for s in spans if s.type in (NUMBER, VERSION)] == ["5 MB"]


def test_a_lower_case_word_with_a_digit_is_an_identifier():
    found = {s.text: s.type for s in fact_spans("Integer types default to i32, digests use sha256 and disks ext4.")}
    assert found["i32"] == found["sha256"] == found["ext4"] == IDENTIFIER and found["disks"] != IDENTIFIER


def test_a_question_asking_for_a_date_is_not_answered_by_a_weekday_or_a_month_alone():
    index = make_index({"vote.txt": "The vote was postponed on Tuesday. Elections were first set for December.\n\n"
                                    "The new council meets on Friday, 9 May 2025, in the town hall."})
    assert question_kind("On what date was the vote postponed?").calendar
    assert best("On what date was the vote postponed?", index) is None  # "Tuesday" says which day, not the date
    assert best("When was the vote postponed?", index) == "Tuesday"
    assert best("On what date does the new council meet?", index) == "9 May 2025"


def test_a_question_naming_a_size_limit_or_port_is_answered_by_a_number_only():
    assert question_kind("What stack size do new threads get by default?").wants == (NUMBER, VERSION)
    assert question_kind("What minimum OpenSSL version does ssl need?").wants[0] == VERSION
    assert IDENTIFIER in question_kind("What is the default value of autocommit?").wants  # a value may be a name
    index = make_index({"threads.txt": "If changing the thread stack size is unsupported, a RuntimeError is raised."})
    assert best("What stack size do new threads get by default?", index) is None


def test_an_exceptions_name_or_a_change_notes_version_states_no_value():
    index = make_index({"limits.txt": "If the new limit is too low, a RecursionError is raised.\n\n"
                                      "Added in version 3.10: the connect auditing event."})
    assert best("What is the default recursion limit value?", index) is None
    assert best("What's the default value of the autocommit parameter of connect?", index) is None
    assert best("In which version was the connect auditing event added?", index) == "version 3.10"


def test_a_number_written_with_a_number_word_is_one_fact_even_across_a_line_break():
    found = [s.text for s in fact_spans("The batch is limited to 50\n\tthousand objects, or 2.5 million rows.") if s.type == NUMBER]
    assert found == ["50\n\tthousand", "2.5 million"]


def test_a_number_word_keeps_its_unit_as_digits_do():
    found = [s.text for s in fact_spans("A char is four bytes in size; it waits five seconds, or 5 s.") if s.type == NUMBER]
    assert found == ["four bytes", "five seconds", "5 s"]


def test_a_number_spelled_in_several_words_is_one_fact():
    text = "He listed five hundred things, twenty-five reasons and one hundred and twenty days; a base between two and thirty-six."
    found = [s.text for s in fact_spans(text) if s.type == NUMBER]
    assert found == ["five hundred", "twenty-five", "one hundred and twenty days", "two", "thirty-six"]
    found = [s.text for s in fact_spans("Ten ten-minute breaks, one one-time password, one two three.") if s.type == NUMBER]
    assert found == ["Ten", "ten", "one", "one", "one", "two", "three"]


def test_a_range_from_one_number_to_another_is_one_value_unless_it_is_a_change():
    found = spans("It will be done in the next 24 to 48 hours; ports 1 to 1024 are privileged; it rose from 1,500 to 5,000.")
    assert found["24 to 48 hours"] == NUMBER and found["1 to 1024"] == NUMBER
    assert found["1,500"] == NUMBER and found["5,000"] == NUMBER


def test_a_value_that_changed_answers_with_what_it_became_unless_the_question_asks_from_what():
    index = make_index({"forces.txt": "The president ordered the special forces to be increased from 1,500 to 5,000 troops."})
    assert best("To how many troops were the special forces increased?", index) == "5,000"
    assert best("From how many troops were the special forces increased?", index) == "1,500"


def test_which_day_of_a_series_is_answered_by_an_ordinal_and_a_day_of_the_week_by_a_date():
    index = make_index({"protests.txt": "On Friday the crossing closed. This marked the tenth day of protests at the border."})
    assert question_kind("On which day of the protests did the crossing close?").wants[0] == "ordinal"
    assert best("On which day of the protests did the crossing close?", index) == "tenth day"
    assert best("On which day of the week did the crossing close?", index) == "Friday"


def test_a_question_opening_with_a_condition_asks_what_its_last_clause_asks():
    assert question_kind("When .recover finds rows it cannot place, what table does it put them in?").kind == NAME
    assert question_kind("When rebase squashes commits of several authors, who gets the authorship?").kind == PERSON
    assert question_kind("When did Kosovo close the Merdare crossing, which it had reopened in May?").kind == DATE
    assert question_kind("When did Kosovo close the Merdare crossing?").kind == DATE
    assert question_kind("When was Git 1.5.4, the first release with bisect skip, released?").kind == DATE


def test_what_the_file_marks_as_code_is_a_fact_even_as_a_plain_lower_case_word():
    text = "Add nofail to the line so that the boot goes on; LimitRequestBody 1073741824 is the default."
    code = (text.index("nofail"), text.index("nofail") + 6, text.index("Limit"), text.index(" is the"))
    found = {(s.text, s.type) for s in fact_spans(text, code=code)}
    assert ("nofail", CODE) in found and ("nofail", CODE) not in {(s.text, s.type) for s in fact_spans(text)}
    # Marked code of several words is a fact, and so is the number inside it.
    assert {("LimitRequestBody 1073741824", CODE), ("1073741824", NUMBER)} <= found


MOUNTS = """<html><body><h1>Mounting drives</h1>
<p>Each line of <code>/etc/fstab</code> lists a filesystem, where it is mounted and its options.</p>
<p>For a USB drive that is not always plugged in, add the <code>nofail</code> option: the boot goes on when the drive
is missing.</p></body></html>"""


def test_an_option_the_html_marks_as_code_answers_which_option():
    index = read_as_docent({**DOCS, "mounts.html": MOUNTS})
    assert best("Which fstab option lets the boot continue when a USB drive is missing?", index) == "nofail"


def test_an_index_the_file_marks_as_code_stays_in_the_fact():
    index = read_as_docent({**DOCS, "argv.md": "# Arguments\n\nRead `sys.argv[1]` to get the first argument of the script.\n"})
    assert best("Which variable holds the first argument of the script?", index) == "sys.argv[1]"


@pytest.mark.parametrize(("heading", "name"), [
    ("overcommit_ratio", "overcommit_ratio"),
    ("SESSION_COOKIE_AGE", "SESSION_COOKIE_AGE"),
    ("v8.writeHeapSnapshot([filename])", "v8.writeHeapSnapshot"),
    ("DEP0005: Buffer() constructor", "DEP0005"),
    ("superuser_reserved_connections (integer)", "superuser_reserved_connections"),
    ("octopus", "octopus"),
    ("`--inspect[=[host:]port]`", "--inspect"),
    ("-q, --quiet", "-q"),
    ("os.path — Common pathname manipulations", "os.path"),
    ("2.3. swappiness", "swappiness"),
    ("3.12.0", "3.12.0"),
])
def test_a_heading_that_is_a_name_gives_that_name(heading, name):
    found = heading_name(heading)
    assert found is not None and found.text == name


@pytest.mark.parametrize("heading", [
    "Membership", "Creating a spatial database", "OPTIONS", "", "Introduction", "6.3.8. How to do it",
])
def test_a_heading_in_words_names_nothing(heading):
    assert heading_name(heading) is None


KNOBS = """Tuning the page cache
=====================

dirty_expire_centisecs
----------------------

This tunable says how old data must be before the flusher threads write it out, in hundredths of a second.

swap_eagerness
--------------

This control sets how eagerly the kernel moves anonymous memory out to its backing device under pressure.
Higher values make it more eager. The default value is 60.
"""


def test_the_heading_a_description_stands_under_answers_which_setting():
    index = read_as_docent({**DOCS, "knobs.rst": KNOBS})
    question = "Which tunable decides how eagerly anonymous memory is moved out under pressure?"
    assert best(question, index) == "swap_eagerness"
    assert best("What is the default value of swap_eagerness?", index) == "60"  # the question names the heading


def test_a_heading_name_does_not_answer_for_a_value():
    index = read_as_docent({**DOCS, "knobs.rst": KNOBS})
    assert best("How old must data be before the flusher writes it out?", index) != "dirty_expire_centisecs"


def test_a_count_is_a_number_never_a_day():
    troops = {"kfor.txt": "KFOR in Kosovo.\nKFOR has 1700 troops stationed in Kosovo, mostly in the north.",
              "vucic.txt": "Press conference.\nVucic spoke to the press about KFOR troops in Kosovo on Saturday evening."}
    index = make_index({**DOCS, **troops})
    assert question_kind("How many troops does KFOR have stationed in Kosovo?").count
    assert best("How many troops does KFOR have stationed in Kosovo?", index) == "1700"  # a count, though year-like
    assert best("How many ministers did Vucic meet on that evening?", index) != "Saturday"
    assert not question_kind("How many years ago was it founded?").count


def test_a_suffix_after_a_quoted_character_is_no_option():
    found = {(s.text, s.type) for s in fact_spans("On Windows, this is a ';'-separated list; run `ls`-like tools with '-f'.")}
    assert ("-f", OPTION) in found
    assert not {text for text, kind in found if kind == OPTION} - {"-f"}
    quoted = fact_spans("Call parser.add_argument('--verbose', action='store_true'); sys.argv is ['-c', '--quiet'].")
    assert {s.text for s in quoted if s.type == OPTION} == {"--verbose", "-c", "--quiet"}


@pytest.mark.parametrize("question", [
    "How can I see how long each module import takes at startup?",
    "In Python, how can I see how long each module import takes?",
    "How does one see how long each module import takes?",
    "How to see how long each module import takes?",
])
def test_asking_how_to_find_a_duration_asks_how_to(question):
    assert question_kind(question).kind == PROCEDURE
    assert question_kind("How long does each module import take?").kind == VALUE
    assert question_kind("How long does each module import take?").kind == VALUE


README = {
    "README.md": "# logtool\n\n## usage\n\nThe nightly job hands old logs to gzip, which compresses them in place.\n\n"
                 "## installation\n\nInstall the package with pip and enable the timer unit.\n",
    "other.md": "# Other\n\nThe kernel keeps its logs in a ring buffer that dmesg prints.\n",
    "filler.md": "# Filler\n\nNothing about anything here, only words and more words.\n",
}


def test_a_common_heading_or_the_documents_title_is_no_answer():
    index = read_as_docent(README)
    assert best("Which program compresses the old logs?", index) == "gzip"
    assert best("Which command enables the timer unit?", index) != "installation"


CHANGES = """Changes
=======

2.4.0
-----

The export command gained a way to skip empty tables.

2.3.0
-----

The import command reads gzip-compressed files.
"""


def test_a_version_heading_answers_which_release():
    index = read_as_docent({**DOCS, "CHANGES.rst": CHANGES})
    assert best("Which release made the export command skip empty tables?", index) == "2.4.0"


ACCOUNTS = """<html><body><h1>Account tools</h1>
<p>The commands below manage the accounts of a system.</p>
<table><tr><th>command</th><th>function</th></tr>
<tr><td>getent passwd user_name</td><td>browse the account information of "user_name"</td></tr>
<tr><td>getent shadow user_name</td><td>browse the shadowed account information of "user_name"</td></tr>
<tr><td>getent group group_name</td><td>browse the group information of "group_name"</td></tr>
<tr><td>passwd</td><td>manage the password for the account</td></tr>
<tr><td>passwd -e</td><td>set a one-time password for the account activation</td></tr>
<tr><td>chage</td><td>manage the password aging information</td></tr>
</table></body></html>"""


def test_a_table_cell_answers_by_what_its_own_row_says():
    index = read_as_docent({**DOCS, "accounts.html": ACCOUNTS})
    assert best("How can I give an account a one-time password that must be changed?", index) == "passwd -e"


def test_the_term_a_definition_describes_answers_which_setting_it_is():
    """A reference lists settings as terms with their descriptions, the term never repeated in its description."""
    shopt = (
        "<html><body><h2>The Shopt Builtin</h2><dl>"
        "<dt>globasciiranges</dt><dd><p>If set, range expressions used in pattern matching bracket expressions "
        "behave as if in the traditional C locale when performing comparisons.</p></dd>"
        "<dt>globstar</dt><dd><p>If set, the pattern ** used in a filename expansion context will match all "
        "files and zero or more directories and subdirectories. If the pattern is followed by a slash, only "
        "directories and subdirectories match.</p></dd>"
        "<dt>histappend</dt><dd><p>If set, the history list is appended to the history file when the shell exits.</p></dd>"
        "</dl></body></html>"
    )
    index = read_as_docent({"bash.html": shopt, "other.txt": "Shell notes.\nA shell reads commands and runs them."})
    assert best("Which shopt setting lets ** match files in all subdirectories?", index) == "globstar"
    # a paragraph after the list is under no term of it
    after = shopt.replace("</dl>", "</dl><p>The nullglob option makes a pattern that matches no files expand to nothing.</p>")
    index = read_as_docent({"bash.html": after, "other.txt": "Shell notes.\nA shell reads commands and runs them."})
    assert best("Which option makes a pattern that matches no files expand to nothing?", index) != "histappend"


def test_words_asking_for_a_kind_of_answer_are_no_subject_but_words_sharing_their_term_are():
    assert coverage("What year did Tim Cook announce it?", "Cook announced it in 2019.", lambda t: 1.0, 1.0) < 1.0
    assert coverage("Which timing attack does compare_digest prevent?", "compare_digest prevents attacks.",
                    lambda t: 1.0, 1.0) < 1.0
    assert coverage("In which year was the attack?", "The attack was in 2019.", lambda t: 1.0, 1.0) == 1.0


def test_a_question_in_capitals_writes_no_names():
    assert written_names("What does dh_make do with WireGuard-based keys?") == ["dh_make", "WireGuard"]
    assert written_names("WHAT DOES THE PACKAGE DO?") == []


def test_words_joined_by_a_slash_to_give_a_choice_are_no_path():
    assert PATH not in spans("fixing and/or updating it, switched on/off").values()
    assert {t: k for t, k in spans("edit debian/control and man/man1").items() if k == PATH} == {
        "debian/control": PATH, "man/man1": PATH}


def test_a_word_of_everyday_english_is_no_name_but_a_tools_name_is():
    docs = {
        "lint.txt": "Checking packages\n\nThe lintian tool checks a package and reports what breaks policy.",
        "guide.txt": "Uploading\n\nJust like any other upload, it must add an entry to the changelog, telling what has changed.",
        "talks.txt": "Talks\n\nThe conflict, largely frozen for years, came back after the demand of Pristina.",
        "binutils.txt": "Binary files\n\nRun strings on a binary file to print its printable character sequences.",
        **{f"other{i}.txt": f"Topic {i}\n\nBuild daemons compile packages for architecture {i}." for i in range(4)},
    }
    index = make_index(docs)

    def facts(q: str) -> list[str]:
        return [c.text for c in candidates(gather(q, q, index.search(q, 2), index.term_idf, 3), index.term_idf, 1.0)]

    assert "lintian" in facts("Which tool reports what breaks policy in a package?")
    assert "strings" in facts("Which command prints the printable character sequences of a binary file?")  # one token
    assert "telling" not in facts("Which script adds what has changed to the changelog entry?")  # inflected
    assert "largely" not in facts("What demand brought the frozen conflict back?")  # no kind of thing named
    assert "frozen" not in facts("What demand brought the frozen conflict back?")


def test_a_sentences_capitalised_opening_word_is_no_part_of_a_name():
    assert spans("Since Corepack downloads the releases, it can conflict.").get("Corepack") == PROPER
    assert "Since Corepack" not in spans("Since Corepack downloads the releases, it can conflict.")
    assert spans("However Aleksandar Vucic said no.").get("Aleksandar Vucic") == PEOPLE


def test_an_escape_standing_alone_is_code_but_a_percentage_is_a_number():
    found = spans("Use \\j for the number of jobs and %Y or %-d in dates; 50% of users never do.")
    assert found["\\j"] == CODE and found["%Y"] == CODE and found["%-d"] == CODE and found["50%"] == NUMBER


PROMPT = """PROMPTING

\\e

an ASCII escape character (033)

\\j

the number of jobs currently managed by the shell

\\l

the basename of the shell's terminal device name
"""


def test_a_name_is_no_part_of_the_question_for_sharing_a_letter_with_one_of_its_words():
    index = read_as_docent({"bash.txt": PROMPT, **FILLER_DOCS})
    question = "Which prompt escape shows how many jobs the shell is managing?"
    found = candidates(gather(question, question, index.search(question, 3), index.term_idf, 5), index.term_idf,
                       index.rare_term_idf)
    assert found and found[0].text == "\\j"


FILLER_DOCS = {f"other{n}.txt": f"Other notes {n}.\nNothing here is about that, note {n}." for n in range(4)}


def test_a_number_the_question_writes_inside_a_hyphenated_name_is_no_answer():
    index = read_as_docent({"float.txt": "Floats\n\nAlmost all machines use IEEE 754 doubles, which contain 53 bits of "
                                         "precision.", **FILLER_DOCS})
    question = "How many bits of precision does an IEEE-754 double have?"
    found = candidates(gather(question, question, index.search(question, 3), index.term_idf, 5), index.term_idf,
                       index.rare_term_idf)
    assert [c.text for c in found][:1] == ["53 bits"]


def test_an_ordinal_keeps_the_noun_the_question_counts_and_nothing_else():
    index = make_index({"vote.txt": "This marked the tenth day of protests. He came in second behind the mayor, his "
                                    "fifth consecutive defeat."})
    assert best("Which day of the protests was it?", index) == "tenth day"
    found = spans("He came in second behind the mayor, his fifth consecutive defeat.")
    assert found["second"] == "ordinal" and found["fifth"] == "ordinal"
    assert spans("Before the Second World War it was the first of many.")["Second"] == "ordinal"


def test_a_name_in_parentheses_is_a_name_of_its_own():
    found = spans("The house of Foreign Minister Annalena Baerbock (Greens) is concerned.")
    assert found["Greens"] == PROPER and found["Foreign Minister Annalena Baerbock"] == PEOPLE


def test_the_first_name_of_the_person_asked_about_is_no_answer():
    index = make_index({"news.txt": "The house of Foreign Minister Annalena Baerbock (Greens) is very concerned about it."})
    assert best("Which party is Baerbock from?", index) == "Greens"


def test_a_question_ending_in_when_or_called_asks_for_a_date_or_a_name():
    assert question_kind("The local elections were pushed back to when?").kind == DATE
    assert question_kind("Since when have the roadblocks been up?").kind == DATE
    assert question_kind("What is HTTP/2 over plain TCP without TLS called?").kind == NAME
    assert question_kind("What is a roadblock?").kind == DEFINITION


def test_a_question_asking_for_several_is_answered_by_the_whole_list():
    index = make_index({"news.txt": (
        "The Merdare and Jarinje crossings bore the brunt of the protests. "
        "Groups set up barricades in the towns of Leposavic, Zvecan and Zubin Potok, Minister Xhelal Svecla wrote."
    )})
    assert best("Which two crossings bore the brunt of the protests?", index) == "Merdare and Jarinje"
    assert best("Which towns had barricades set up by the groups?", index) == "Leposavic, Zvecan and Zubin Potok"
    assert best("Which crossing bore the brunt of the protests?", index) in ("Merdare", "Jarinje")


def test_a_peoples_adjective_is_no_persons_name():
    index = make_index({"news.txt": "The arrested officers are suspected of attacks against Albanian police patrols."})
    assert best("What is the name of the arrested officer?", index) is None
    index = make_index({"news.txt": "Italian police said Marco Rossi, head of the patrol, arrested two officers."})
    assert best("Who arrested two officers?", index) == "Marco Rossi"


def test_four_digits_answer_a_question_wanting_a_number_though_they_could_be_a_year():
    index = make_index({"radius.txt": "If no port is specified, the default RADIUS port (1812) will be used."})
    assert best("Which port does RADIUS use when none is set?", index) == "1812"
    index = make_index({"bind.txt": "DNS Flag Day 2020 removed the probing code, as of release 9.14.0."})
    assert best("Which BIND release removed the probing code?", index) == "release 9.14.0"


def test_codes_in_capitals_with_digits_and_paths_from_a_variable_are_whole_facts():
    found = spans("See CVE-2016-10099, encode as ISO-8859-1 or UTF-8, hash with SHA-256, license GPL-2+.")
    assert all(found[code] == IDENTIFIER for code in ("CVE-2016-10099", "ISO-8859-1", "UTF-8", "SHA-256", "GPL-2+"))
    found = spans("On MS-Windows use $HOME/_vimrc or ${XDG_CONFIG_HOME}/vim/vimrc; MS-DOS has none.")
    assert found["$HOME/_vimrc"] == PATH and found["${XDG_CONFIG_HOME}/vim/vimrc"] == PATH
    assert "MS-Windows" not in found or found["MS-Windows"] != IDENTIFIER


def test_questions_that_only_look_like_asking_a_date_a_name_or_several():
    assert question_kind("What should shared_buffers be set to when the server has 1GB of RAM?").kind != DATE
    assert question_kind("Which options should I change, and when?").kind != DATE
    assert question_kind("What happens when __del__ is called?").kind != NAME
    from docent.answering.facts import asks_several
    assert not any(asks_several(q) for q in ("Which process do I kill?", "What status do I get?", "What does this do?",
                                             "What does ls do?", "Which alias do I set for checkout?"))
    assert asks_several("Which ports does the server listen on?")


def test_a_capitalised_word_opening_a_parenthesis_is_no_name():
    found = spans("The cron daemon reads the crontab file (See crontab for the format). It is (Optional) here.")
    assert "See" not in found and "Optional" not in found


def test_a_list_ends_at_its_and_and_plain_words_make_no_list():
    index = make_index({"news.txt": "The protesters blocked Leposavic and Zvecan, and Belgrade condemned the violence."})
    assert best("Which towns did the protesters block?", index) == "Leposavic and Zvecan"
    index = make_index({"news.txt": "The trucks blocked roads quickly and quietly overnight."})
    assert best("Which roads were blocked by the trucks?", index) != "quickly and quietly"


def test_a_first_name_ending_like_a_peoples_adjective_is_still_a_name():
    index = make_index({"news.txt": "The arrested officer is called Dusan and comes from the north."})
    assert best("What is the name of the arrested officer?", index) == "Dusan"


def test_a_year_of_a_change_is_no_value():
    index = make_index({"notes.txt": "The default idle timeout was lowered in 2019 after complaints from users."})
    assert best("What is the default idle timeout?", index) is None


def test_web_and_mail_addresses_are_whole_facts():
    found = spans("Turn on access at https://myaccount.google.com/lesssecureapps. Send bug reports to bug-bash@gnu.org.")
    assert found["https://myaccount.google.com/lesssecureapps"] == PATH and found["bug-bash@gnu.org"] == IDENTIFIER
    assert "google.com/lesssecureapps" not in found and "gnu.org" not in found
    assert spans("Set it to `https://cdn.example.org/x.js` first.")["https://cdn.example.org/x.js"] == CODE
    found = spans("Mail info@example.sh, read https://en.wikipedia.org/wiki/Foo_(software) (or https://x.org/a) "
                  "and https://x.org/faq?")
    assert found["info@example.sh"] == IDENTIFIER and found["https://en.wikipedia.org/wiki/Foo_(software)"] == PATH
    assert "https://x.org/a" in found and "https://x.org/faq" in found


def stated(question: str, index) -> list[str]:
    return [c.text for c in candidates(gather(question, question, index.search(question, 2), index.term_idf, 3),
                                       index.term_idf, index.rare_term_idf)]


def test_a_number_is_stated_with_the_words_the_question_names_it_by():
    index = make_index({
        "odmr.txt": "Support for ODMR (On-Demand Mail Relay), RFC 2645.",
        "ssl.txt": "The libraries should at least be version 1.1.1 to build the ssl support.",
        "joins.txt": "SQLite does not support joins containing more than 64 tables.",
        "bash.txt": "Starting with bash-4.1, string comparisons use the current locale.",
        "police.txt": "300 additional police officers took up positions in the districts.",
    })
    assert "RFC 2645" in stated("Which RFC covers the On-Demand Mail Relay support?", index)
    assert "2645" in stated("What number has the On-Demand Mail Relay support?", index)  # no RFC asked about
    assert best("What minimum ssl library version is needed?", index) == "version 1.1.1"
    assert best("How many tables can a single join contain at most?", index) == "64 tables"
    assert best("From which bash version do string comparisons use the locale?", index) == "bash-4.1"
    assert best("How many additional police officers took up positions?", index) == "300"  # no adjective
    index = make_index({"batch.txt": "The default batch size of 64 was chosen for speed.",
                        "arrests.txt": "On Monday 12 people were arrested in Mitrovica.",
                        "lodash.txt": "Upgrade to lodash@4.17.21 to fix the flaw."})
    assert best("What is the default batch size?", index) == "64"  # not "64 was"
    assert best("How many people did police in Mitrovica arrest on Monday?", index) == "12"  # not "Monday 12"
    assert best("Which lodash version fixes the flaw?", index) == "4.17.21"  # no mail address


def test_a_fact_whose_words_name_it_as_the_kind_asked_for_comes_first():
    index = make_index({"sensible.txt": "These scripts check the EDITOR and PAGER variables and fall back to "
                                        "/usr/bin/pager and /usr/bin/editor if the variable is not set.",
                        "fk.txt": 'Configuring "NO ACTION" means just that: when no action is given, the foreign key gets it, '
                                  'and "RESTRICT" is not used.'})
    assert best("Which editor does a program launch when EDITOR is not set?", index) == "/usr/bin/editor"
    assert best("Which action does a foreign key get if none is specified?", index) == "NO ACTION"


def test_a_small_number_word_counting_something_else_or_a_list_numeral_is_no_value():
    index = make_index({
        "daemon.txt": "Fetchmail can run in the background to poll one or more hosts at a specified interval.",
        "postfix.txt": "It ends the daemon process, instead of allowing Postfix to 1) report the error, and to 2) serve.",
        "crossings.txt": "Hundreds of Serbs blocked traffic near two border crossings.",
        "limits.txt": "The default connection limit is three.",
        "history.txt": "The text of the last commands (default 500) is saved.",
    })
    assert best("What is the default poll interval of the daemon?", index) != "one"
    assert best("After how many errors does a Postfix daemon process give up?", index) not in ("1", "2")
    assert best("How many border crossings did the Serbs block?", index) == "two"
    assert best("What is the default connection limit?", index) == "three"
    assert best("How many commands are saved by default?", index) == "500"
    index = make_index({"pool.txt": "The pool keeps three by default, and at least two of the nodes must be online.",
                        "token.txt": "The sender is the only one to be able to validate the token."})
    assert best("How many does the pool keep by default?", index) == "three"
    assert best("How many nodes must be online?", index) == "two"
    assert best("How many senders can validate the token?", index) != "one"


def test_how_quickly_or_how_soon_is_answered_by_a_time_span_only():
    index = make_index({"vucic.txt": "I can tell you five hundred things that we can get if the barricades are removed, "
                                     "Vucic said.",
                        "rts.txt": "The removal of the barricades will be completed in the next 24 to 48 hours, he said."})
    assert best("How quickly did Vucic say the barricades would be removed?", index) == "24 to 48 hours"
    index = make_index({"vucic.txt": "I can tell you five hundred things that we can get if the barricades are removed, "
                                     "Vucic said."})
    assert best("How soon did Vucic say the barricades would be removed?", index) is None
    index = make_index({"retry.txt": "The client retries after 5s, and the link transfers data at 100 Mbps.",
                        "swap.txt": "The default value of vm.swappiness is 60; it controls how quickly the kernel swaps."})
    assert best("How quickly does the client retry?", index) == "5s"
    assert best("How quickly can the link transfer data?", index) == "100 Mbps"
    assert best("What is the default value of vm.swappiness, which controls how quickly the kernel swaps?", index) == "60"


def test_a_question_asking_exactly_what_something_is_is_a_definition_and_a_share_is_a_number():
    assert question_kind("What exactly is KFOR, the force mentioned in the reports?").kind == DEFINITION
    assert question_kind("What exactly does git gc do?").kind == DEFINITION
    kind = question_kind("What share of Kosovo's people are Albanian?")
    assert kind.kind == VALUE and kind.wants[0] == NUMBER
    assert question_kind("What exactly do I run to rebuild the index?").kind == NAME
    assert question_kind("What exactly is the default value of vm.swappiness?").kind == VALUE
    assert question_kind("What files share the same inode?").kind != VALUE  # a verb, no share of something
    assert without_filler("What exactly is KFOR?") == "What is KFOR?"
    assert analyze("exactly-once delivery") != analyze("at-most-once delivery")  # documents keep the word
