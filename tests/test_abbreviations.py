"""What an abbreviation stands for: found where the documents spell it out, and answered with those words."""

import pytest

from docent.answering.abbreviations import asked_abbreviation, expansion, sentence_expansion
from docent.answering.fake_model import FakeModel
from docent.answering.pipeline import Answerer
from tests.conftest import make_index


@pytest.mark.parametrize(
    "text, short, long_form",
    [
        ("Porters follow the guidelines in Non-Maintainer Uploads (NMUs), like everyone.", "NMU", "Non-Maintainer Upload"),
        ("Check the Work-Needing and Prospective Packages (WNPP) list first.", "WNPP", "Work-Needing and Prospective Packages"),
        ('RFC 1521: "MIME (Multipurpose Internet Mail Extensions) Part One".', "MIME", "Multipurpose Internet Mail Extensions"),
        ("BRIN stands for Block Range Index.", "BRIN", "Block Range Index"),
        ("GEOS stands for Geometry Engine - Open Source, and is a C++ library.", "GEOS", "Geometry Engine - Open Source"),
        ("We use mpsc::channel; mpsc stands for multiple producer, single consumer.", "mpsc", "multiple producer, single consumer"),
        ("EAFP\n   Easier to ask for forgiveness than permission.  This common style assumes keys exist.", "EAFP",
         "Easier to ask for forgiveness than permission"),
        ("EAFP\n   Easier to ask for\n   forgiveness than permission.", "EAFP", "Easier to ask for forgiveness than permission"),
        ("Secure Sockets Layer (SSL)", "SSL", "Secure Sockets Layer"),  # each letter opens a word where it can
        ("TOAST stands for The Oversized-Attribute Storage Technique, used to store large values.", "TOAST",
         "The Oversized-Attribute Storage Technique"),
        ("MTA stands for: Mail Transfer Agent.", "MTA", "Mail Transfer Agent"),
        ("abstract base classes (ABCs)", "ABC", "abstract base class"),
        ("a Process ID (PID)", "PID", "Process ID"),
        ("Multiversion Concurrency Control (MVCC)", "MVCC", "Multiversion Concurrency Control"),
        ("GiST stands for Generalized Search Tree.", "GiST", "Generalized Search Tree"),
    ],
)
def test_the_long_form_is_found_as_documents_write_it(text, short, long_form):
    found = expansion(text, short)
    assert found is not None and found.text == long_form
    assert " ".join(text[found.start:found.end].split()).startswith(long_form.rstrip("s"))


@pytest.mark.parametrize(
    "text, short",
    [
        ("The HBA file is read at start (host-based authentication is its job).", "HBA"),  # not beside it
        ("Use the NMU queue (see the delayed queue) for uploads.", "NMU"),  # the words do not hold its letters
        ("BRIN indexes stand for nothing in particular here.", "BRIN"),
        ("Generic WAL (which does not support logical decoding)", "WAL"),  # a clause, not its words
        ("SQL (SQL, Query Language)", "SQL"),  # holds the abbreviation itself
        ("(GPL) Macintosh Classic | macSSH (http://www.macssh.com/)", "GPL"),
    ],
)
def test_words_that_do_not_spell_the_abbreviation_out_are_not_its_long_form(text, short):
    assert expansion(text, short) is None


def test_a_glossary_term_line_spells_out_the_sentence_under_it():
    assert sentence_expansion("Easier to ask for forgiveness than permission.", "EAFP", "EAFP").text.startswith("Easier")
    assert sentence_expansion("Easier to ask for forgiveness than permission.", "LBYL", "EAFP") is None


@pytest.mark.parametrize(
    "question, short",
    [
        ("What does NMU stand for?", "NMU"),
        ("What does the HBA part of pg_hba.conf stand for?", "HBA"),
        ("What does mpsc stand for in std::sync::mpsc?", "mpsc"),
        ("What is the abbreviation MIME short for?", "MIME"),
        ("Which key does <Leader> stand for if I never set mapleader?", None),
        ("What does NMU mean for my package?", None),
        ("In PostgreSQL, what does MVCC stand for?", "MVCC"),
        ("What does the acronym MIME mean?", "MIME"),
        ("Why does my abbreviation not expand in the GUI?", None),
        ("How do I define an abbreviation in Insert mode with CTRL-V?", None),
        ("What is the acronym for Non-Maintainer Upload?", None),  # the other way round
    ],
)
def test_the_asked_abbreviation(question, short):
    assert asked_abbreviation(question) == short


DOCS = {
    "nmu.txt": "Uploads by others\n\nAn NMU is an upload by someone else. Send the NMU diff to the bug. "
               "Every NMU gets a version. An NMU that breaks things is reverted. NMU etiquette matters.",
    "guide.txt": "Guide\n\nThe rules for Non-Maintainer Uploads (NMUs) are in the developers reference, "
                 "which the project keeps up to date.",
    "queue.txt": "Queue\n\nThe delayed queue holds an NMU for some days. The NMU then reaches the archive.",
    **{f"other{i}.txt": f"Topic {i}\n\nPackages are built on buildd machine {i} and signed by their maintainer."
       for i in range(4)},
}


def test_what_an_abbreviation_stands_for_is_answered_from_where_it_is_spelled_out():
    answer = Answerer(make_index(DOCS), FakeModel()).ask("What does NMU stand for?")
    assert answer.text.startswith("Non-Maintainer Upload [1]")
    assert "Non-Maintainer Uploads (NMUs)" in answer.text
    assert answer.passages[0].passage.doc_id == "guide.txt"


def test_a_long_form_written_apart_from_the_abbreviation_is_not_taken_for_it():
    apart = "The rules for Non-Maintainer Uploads are in the developers reference. NMUs need care."
    docs = {name: text.replace("The rules for Non-Maintainer Uploads (NMUs) are in the developers reference,", apart)
            for name, text in DOCS.items()}
    assert any(apart in text for text in docs.values())
    answer = Answerer(make_index(docs), FakeModel()).ask("What does NMU stand for?")
    assert not answer.text.startswith("Non-Maintainer Upload"), answer.text
