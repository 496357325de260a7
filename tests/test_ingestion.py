"""Ingesting a folder: every supported format, skipped files counted, offsets and PDF pages exact."""

from __future__ import annotations

import os
import sys

import pytest

from docent.answering.json_output import answer_to_json
from docent.answering.types import Answer, Citation
from docent.retrieval.documents import BAD_PDF, BINARY, EMPTY, HIDDEN, NO_PDF_SUPPORT, OTHER_FORMAT, SEEN_FOLDER, UNDECODABLE
from docent.retrieval.index_cache import open_index
from tests.scale_helpers import age, make_pdf, write_old

pytest.importorskip("pypdf")

HTML = """<!doctype html><html><head><title>Border  news</title>
<style>body { color: red } .secret { }</style><script>var hiddenScript = "kremlin";</script></head>
<body><nav>Home</nav><h1>Crossing closed</h1>
<p>Kosovo closed the Jarinje crossing &amp; police stood by.</p>
<div hidden>invisible paragraph about bananas</div>
<p style="display: none">styled away mango</p>
<ul><li>first item</li><li>second item</li></ul></body></html>"""

RST = """=========
Reporting
=========

Serbian officials reported troop movements near the boundary.
"""


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "notes" / "deep").mkdir(parents=True)
    (root / "a.txt").write_text("Kosovo closed its largest border crossing on Wednesday.\n", encoding="utf-8")
    (root / "notes" / "b.md").write_text("Intro line\n\n# Russia\n\nKremlin spokesman Dmitry Peskov spoke.\n", encoding="utf-8")
    (root / "notes" / "deep" / "c.rst").write_text(RST, encoding="utf-8")
    (root / "page.html").write_text(HTML, encoding="utf-8")
    pages = [["The first page is about licence plates."], ["The second page mentions the referendum in detail."]]
    (root / "report.pdf").write_bytes(make_pdf(pages, title="Plates report"))
    (root / "binary.txt").write_bytes(b"GIF89a\x00\x01\x02 not text")
    (root / "latin1.md").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (root / "blank.txt").write_text("   \n\n", encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"%PDF-1.4 this is not really a pdf")
    (root / "image.png").write_bytes(b"\x89PNG\r\n")
    (root / ".git").mkdir()
    (root / ".git" / "config.txt").write_text("hidden crossing", encoding="utf-8")
    os.symlink(root / "notes", root / "notes" / "deep" / "loop")  # a link back up: must not loop
    return root


def test_every_supported_format_becomes_a_document(corpus, tmp_path):
    opened = open_index(corpus, tmp_path / "cache")
    docs = {d.doc_id: d for d in opened.corpus.documents}
    assert set(docs) == {"a.txt", "notes/b.md", "notes/deep/c.rst", "page.html", "report.pdf"}
    assert docs["notes/b.md"].title == "Russia"
    assert docs["notes/deep/c.rst"].title == "Reporting"
    assert docs["page.html"].title == "Border news"
    assert docs["report.pdf"].title == "Plates report"


def test_html_keeps_only_visible_text(corpus, tmp_path):
    text = {d.doc_id: d for d in open_index(corpus, tmp_path / "cache").corpus.documents}["page.html"].text
    assert "Kosovo closed the Jarinje crossing & police stood by." in text
    assert "first item" in text and "second item" in text
    for invisible in ("kremlin", "color", "bananas", "mango", "Border news"):
        assert invisible not in text


def test_skipped_files_are_counted_by_reason(corpus, tmp_path):
    report = open_index(corpus, tmp_path / "cache").report
    assert report.skipped == {
        BINARY: 1, UNDECODABLE: 1, EMPTY: 1, BAD_PDF: 1, HIDDEN: 1, OTHER_FORMAT: 1, SEEN_FOLDER: 1,
    }


def test_unreadable_files_are_reported_once_as_a_warning(corpus, tmp_path):
    warnings = []
    open_index(corpus, tmp_path / "cache", warn=warnings.append)
    assert len(warnings) == 1 and "4 unreadable" in warnings[0] and "binary" in warnings[0]
    warnings.clear()
    assert open_index(corpus, tmp_path / "cache", warn=warnings.append).from_cache and warnings == []


def test_passages_hold_exact_offsets_into_their_documents(corpus, tmp_path):
    opened = open_index(corpus, tmp_path / "cache")
    docs = {d.doc_id: d for d in opened.corpus.documents}
    for passage in opened.index.passages:
        assert passage.text == docs[passage.doc_id].text[passage.start:passage.end]


def test_pdf_passages_carry_their_pages_into_citations(corpus, tmp_path):
    index = open_index(corpus, tmp_path / "cache").index
    [found] = index.search("referendum", 1)
    assert found.passage.doc_id == "report.pdf" and found.passage.pages[1] == 2
    assert index.search("Kosovo crossing", 1)[0].passage.pages is None
    answer = Answer("q", "It does [1].", False, [Citation(1, found.passage)], [found], "fake")
    cited = answer_to_json(answer)
    assert cited["citations"][0]["pages"] == list(found.passage.pages)
    assert cited["passages"][0]["pages"] == list(found.passage.pages)


def test_pages_of_a_passage_spanning_two_pages(tmp_path):
    root = tmp_path / "pdfs"
    root.mkdir()
    (root / "two.pdf").write_bytes(make_pdf([["Alpha sentence on page one."], ["Beta sentence on page two."]]))
    [passage] = open_index(root, tmp_path / "cache").index.passages
    assert passage.pages == (1, 2)


def test_pdf_without_pypdf_is_skipped_not_fatal(corpus, tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "pypdf", None)  # import pypdf now raises ImportError
    opened = open_index(corpus, tmp_path / "cache")
    assert "report.pdf" not in {d.doc_id for d in opened.corpus.documents}
    assert opened.report.skipped[NO_PDF_SUPPORT] == 2


def test_a_single_file_can_be_the_corpus(corpus, tmp_path):
    opened = open_index(corpus / "page.html", tmp_path / "cache")
    assert [d.doc_id for d in opened.corpus.documents] == ["page.html"]


def test_html_in_a_declared_legacy_charset_is_decoded(tmp_path):
    root = tmp_path / "archive"
    root.mkdir()
    page = '<html><head><meta charset="windows-1252"></head><body><p>Caf\u00e9 cr\u00e8me in Pri\u0161tina</p></body></html>'
    (root / "old.html").write_bytes(page.replace("\u0161", "s").encode("cp1252"))
    [document] = open_index(root, tmp_path / "cache").corpus.documents
    assert document.text == "Caf\u00e9 cr\u00e8me in Pristina"


@pytest.mark.parametrize("share", [0.0, 1.0])  # a whole new index, then a delta beside the old one
def test_pages_survive_a_refresh_that_adds_or_removes_the_only_pdf(tmp_path, share):
    root = tmp_path / "docs"
    write_old(root / "notes.txt", "Kosovo closed the border crossing on Wednesday.")
    open_index(root, tmp_path / "cache", delta_share=share)  # no passage has pages: none are stored
    (root / "two.pdf").write_bytes(make_pdf([["Alpha sentence on page one."], ["Beta sentence on page two."]]))
    age(root / "two.pdf")
    index = open_index(root, tmp_path / "cache", delta_share=share).index
    assert index.search("Beta sentence", 1)[0].passage.pages == (1, 2)
    assert index.search("Kosovo crossing", 1)[0].passage.pages is None
    (root / "two.pdf").unlink()
    write_old(root / "more.txt", "The referendum was called off.")
    index = open_index(root, tmp_path / "cache", delta_share=share).index
    assert index.search("Kosovo crossing", 1)[0].passage.pages is None
    assert index.search("referendum", 1)[0].passage.pages is None
