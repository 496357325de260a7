"""Markdown, reStructuredText, HTML and plain text become what their reader sees, each passage with its section."""

from __future__ import annotations

from docent.retrieval.bm25_index import BM25Index
from docent.retrieval.chunking import ChunkSettings, chunk_document, passage_terms
from docent.retrieval.documents import document_from_bytes
from docent.retrieval.evidence import best_sentences
from docent.retrieval.segmentation import CODE, TABLE, TEXT
from docent.retrieval.token_count import count_tokens

MARKDOWN = """---
title: front matter is not text
---
# Memory

Intro with a [link](http://example.org), `vm.swappiness`, **bold** and _emphasis_.

Tuning
------

The kernel swaps out anonymous pages when the
value is high, e.g. 100. Set it with sysctl.

```sh
sysctl vm.swappiness=10

sysctl -p
```

| name | default |
|------|---------|
| swappiness | 60 |
| dirty_ratio | 20 |

- first item
  wrapped on two lines
- second item
"""

RST = """:mod:`os` --- Miscellaneous interfaces
======================================

.. module:: os
   :synopsis: Miscellaneous operating system interfaces.

Files and Directories
---------------------

Use :func:`~os.path.join` to build paths, see `the guide <https://example.org>`_ and press :kbd:`Ctrl-C`.

.. function:: chmod(path, mode, *, dir_fd=None)

   Change the mode of *path* to the numeric *mode*. The result is ``None``.

   .. versionchanged:: 3.3
      Added the *dir_fd* parameter.

   Example::

      os.chmod("f", 0o644)

After the function, back in the section.
"""

HTML = """<html><head><title>Reference</title></head><body>
<h1>Chapter 1. Tutorials</h1><p>Start here.</p>
<h2>1.1. Console basics</h2>
<p>The shell prompt ends with <code>$</code> for a user.
It ends with # for root.</p>
<pre>$ su -l
# whoami</pre>
<table><tr><th>package</th><th>size</th></tr><tr><td>mc</td><td>1482</td></tr></table>
<ul><li>first <b>item</b></li><li>second item</li></ul>
<h2>1.2. Files</h2><p>Everything is a file.</p>
</body></html>"""

GIT_TXT = """git-config(1)
=============

NAME
----
git-config - Get and set repository or global options


DESCRIPTION
-----------
You can query/set/replace/unset options with this command. The name is
actually the section and the key separated by a dot, and the value will be
escaped.

------------
% git config core.filemode true
------------

OPTIONS
-------
-f <config-file>::
--file <config-file>::
	Use the given config file instead of the one specified by GIT_CONFIG.

--add::
	Adds a new line to the option without altering any existing
	values.
"""


def passages_of(name: str, source: str, size: int = 120):
    document = document_from_bytes(name, source.encode())
    return document, chunk_document(document, ChunkSettings(size, 0), count_tokens)


def make_index(files: dict[str, str]) -> BM25Index:
    """An index of files as docent reads them (Markdown and the rest made into plain text)."""
    return BM25Index.build([p for name, source in files.items() for p in passages_of(name, source, 60)[1]])


def assert_exact(document, passages):
    for passage in passages:
        assert passage.text == document.text[passage.start:passage.end]


def read_without(name: str, source: str, markup: tuple[str, ...]):
    """The document and passages of a file, checking offsets and that none of the markup is left."""
    document, passages = passages_of(name, source)
    assert_exact(document, passages)
    for leaked in markup:
        assert leaked not in document.text
    return document, passages


def test_markdown_becomes_plain_text_with_headings_as_sections():
    leaks = ("](", "**", "```", "|---", "---\ntitle", "# Memory", "_emphasis_", "`vm")
    document, passages = read_without("notes/memory.md", MARKDOWN, leaks)
    text = document.text
    assert "Intro with a link, vm.swappiness, bold and emphasis." in text
    assert "The kernel swaps out anonymous pages when the value is high, e.g. 100." in text  # joined
    assert document.title == "Memory"
    sections = {p.section for p in passages}
    assert sections == {"Memory", "Memory > Tuning"}
    assert all("Tuning" not in p.text for p in passages)  # a heading is the section, not a passage's text


def test_markdown_code_blocks_and_tables_are_whole_units_marked_as_such():
    index = make_index({"memory.md": MARKDOWN})
    found = best_sentences("sysctl swappiness", index.search("sysctl swappiness", 3), index.term_idf, 10)
    kinds = {s.kind: s.passage.text for s in found}
    assert kinds[CODE] == "    sysctl vm.swappiness=10\n\n    sysctl -p"
    assert kinds[TABLE] == "name | default\nswappiness | 60\ndirty_ratio | 20"
    assert all(s.passage.section == "Memory > Tuning" for s in found if s.kind != TEXT)


def test_restructuredtext_loses_its_markup_and_described_functions_become_sections():
    document, passages = read_without("library/os.rst", RST, (":func:", ":kbd:", "``", "`_", ".. ", "::", "*path*", ":synopsis:"))
    text = document.text
    assert "Use join to build paths, see the guide and press Ctrl-C." in text
    assert "Changed in version 3.3: Added the dir_fd parameter." in text
    assert document.title == "os --- Miscellaneous interfaces"
    by_text = {p.text.split("\n")[0]: p.section for p in passages}
    top = "os --- Miscellaneous interfaces > Files and Directories"
    assert by_text["Use join to build paths, see the guide and press Ctrl-C."] == top
    assert by_text["    os.chmod(path, mode, *, dir_fd=None)"] == f"{top} > os.chmod"
    assert by_text["After the function, back in the section."] == top
    assert '    os.chmod("f", 0o644)' in text


def test_a_restructuredtext_list_item_ending_with_two_colons_introduces_code():
    source = "Steps:\n\n3. To list them, type::\n\n      import sys\n      print(sys.path)\n\n4. Then go on.\n"
    document, _ = read_without("faq.rst", source, ("::",))
    assert document.text == "Steps:\n\n3. To list them, type:\n\n    import sys\n    print(sys.path)\n\n4. Then go on."


def test_html_headings_pre_tables_and_list_items():
    document, passages = passages_of("ch01.html", HTML)
    assert_exact(document, passages)
    assert "The shell prompt ends with $ for a user. It ends with # for root." in document.text
    assert "    $ su -l\n    # whoami" in document.text
    assert "package | size\nmc | 1482" in document.text
    assert "- first item\n\n- second item" in document.text
    sections = [p.section for p in passages]
    assert sections[0] == "Chapter 1. Tutorials"
    assert "Chapter 1. Tutorials > 1.1. Console basics" in sections
    assert sections[-1] == "Chapter 1. Tutorials > 1.2. Files"


def test_hard_wrapped_asciidoc_text_keeps_its_text_with_underlined_headings_as_sections():
    document, passages = passages_of("git-config.txt", GIT_TXT)
    assert document.text == GIT_TXT
    assert_exact(document, passages)
    assert [p.section for p in passages] == [
        "git-config(1) > NAME",
        "git-config(1) > DESCRIPTION",
        "git-config(1) > OPTIONS > -f <config-file>, --file <config-file>",
        "git-config(1) > OPTIONS > --add",
    ]
    assert passages[-1].text == "Adds a new line to the option without altering any existing\n\tvalues."
    index = make_index({"git-config.txt": GIT_TXT, "a.txt": "Unrelated words.", "b.txt": "More unrelated words."})
    found = best_sentences("key separated by a dot", index.search("key separated by a dot", 2), index.term_idf, 5)
    assert "The name is\nactually the section and the key separated by a dot, and the value will be\nescaped." in [
        s.passage.text for s in found
    ]


def test_a_code_block_is_never_split_across_passages_unless_far_over_the_size_and_then_at_lines():
    code = "\n".join(f"    line_{i} = compute({i})" for i in range(6))
    source = f"Some words before the block.\n\n{code}\n\nSome words after it."
    _, passages = passages_of("code.md", source, size=40)
    block = [p for p in passages if "line_0" in p.text]
    assert len(block) == 1 and "line_5" in block[0].text
    long_code = "\n".join(f"    line_{i} = compute({i})" for i in range(40))
    document, passages = passages_of("code.md", f"Before.\n\n{long_code}\n\nAfter.", size=40)
    assert len(passages) > 3
    for passage in passages:
        assert document.text[passage.end:passage.end + 1] in ("", "\n")


def test_the_section_path_counts_for_the_match():
    source = "# Swappiness\n\nThe kernel prefers to reclaim page cache when the value is low.\n"
    _, [passage] = passages_of("vm.md", source)
    text_terms = passage_terms(passage)[:-2]
    assert "swappi" not in " ".join(text_terms) and passage_terms(passage)[-2:] == ["swappiness", "swappiness"]
    index = make_index({"vm.md": source, "other.md": "# Other\n\nNothing about memory here."})
    [hit] = index.search("swappiness", 2)
    assert hit.passage.doc_id == "vm.md" and hit.passage.section == "Swappiness"


def test_a_passages_own_heading_counts_more_than_the_headings_above_it():
    """Under "Swappiness > Defaults", a passage on defaults is found for "defaults" before one under
    "Defaults > Swappiness" whose own heading is about swappiness."""
    index = make_index({
        "a.md": "# Swappiness\n\n## Defaults\n\nThe kernel picks a value at boot time.\n",
        "b.md": "# Defaults\n\n## Swappiness\n\nThe kernel picks a value at boot time.\n",
        **{f"other{n}.md": f"# Other {n}\n\nNothing about memory here." for n in range(6)},
    })
    assert index.search("defaults", 1)[0].passage.doc_id == "a.md"
    assert index.search("swappiness", 1)[0].passage.doc_id == "b.md"


def test_evidence_sentences_are_whole_sentences_with_their_kind_and_section():
    index = make_index({"library/os.rst": RST})
    found = best_sentences("numeric mode", index.search("numeric mode", 2), index.term_idf, 3)
    assert found[0].passage.text == "Change the mode of path to the numeric mode."
    assert found[0].kind == TEXT
    assert found[0].passage.section.endswith("> os.chmod")


def test_an_html_headings_link_to_itself_is_not_part_of_it():
    page = ("<html><body><h1>Core<a class='headerlink' href='#core' title='Link to this heading'>¶</a></h1><p>Intro.</p>"
            "<h2 id='listen'><span>Listen</span> Directive <a class='permalink' href='#listen'>&para;</a></h2>"
            "<p>The Listen directive tells the server to accept requests on a port.</p></body></html>")
    document, passages = passages_of("core.html", page)
    assert passages[-1].section == "Core > Listen Directive"
    assert "¶" not in document.text


def test_a_sphinx_terms_link_to_itself_is_not_part_of_it():
    page = ("<html><body><h1>cmake</h1><dl class='std option'><dt id='cmdoption-j'><span class='pre'>-j</span> "
            "<span class='pre'>[&lt;jobs&gt;]</span><a class='headerlink' href='#cmdoption-j'>¶</a></dt>"
            "<dd><p>The maximum number of concurrent processes to use when building.</p></dd></dl></body></html>")
    document, _ = passages_of("cmake.1.html", page)
    assert "-j [<jobs>]\n" in document.text and "¶" not in document.text


def code_of(document) -> list[str]:
    return [document.text[a:b] for a, b in zip(document.code[::2], document.code[1::2], strict=True)]


def test_inline_code_is_kept_where_it_stands_in_each_format_and_never_in_the_text():
    markdown = document_from_bytes("a.md", b"# Swap `vm.swappiness`\n\nSet `vm.swappiness` with **sysctl**, see [`fstab`][].\n")
    rst = document_from_bytes("a.rst", b"Title\n=====\n\nSet :envvar:`TMPDIR` or ``os.chdir()``; see :ref:`the guide <x>` and :pep:`8`.\n")
    page = document_from_bytes("a.html", b"<h1>The <code>Listen</code> directive</h1><p>Press <kbd>Ctrl</kbd> and run "
                               b"<code class='x'><span class='pre'>os.getcwd()</span></code>.</p><pre><code>x = 1</code></pre>")
    assert code_of(markdown) == ["vm.swappiness", "vm.swappiness", "fstab"]
    assert code_of(rst) == ["TMPDIR", "os.chdir()"]  # a reference and a PEP are prose, not code
    assert code_of(page) == ["Listen", "Ctrl", "os.getcwd()"]  # a code block is not inline code
    for document in (markdown, rst, page):
        assert not any(mark in document.text for mark in "\ue003\ue004")
        assert all(not any(mark in "".join(s.path) for mark in "\ue003\ue004") for s in document.sections)
    assert page.sections[0].path == ("The Listen directive",)


def test_each_passage_holds_the_inline_code_that_stands_in_it():
    source = "# Options\n\n" + "".join(f"Option `opt{i}` sets value number {i} of the many values here.\n\n" for i in range(30))
    document, passages = passages_of("opts.md", source, 40)
    assert len(passages) > 2
    for passage in passages:
        inside = [document.text[a:b] for a, b in zip(passage.code[::2], passage.code[1::2], strict=True)]
        assert inside == [f"opt{i}" for i in range(30) if f"Option opt{i} " in passage.text]


def test_a_markdown_html_comment_is_never_text_however_many_lines_it_takes():
    source = "# API\n\n<!-- YAML\nadded: v10.0.0\nchanges:\n  - version: v14.0.0\n-->\n\nThe call <!-- hidden --> returns a promise.\n"
    document = document_from_bytes("api.md", source.encode())
    assert document.text == "API\n\nThe call returns a promise."


def test_navigation_around_a_pages_content_is_not_its_text_but_a_content_sidebar_is():
    page = b"""<html><body>
    <div id="page-header"><p class="menu"><a href="mod/">Modules</a> | <a href="faq/">FAQ</a></p></div>
    <div class="navheader"><table><tr><td><a href="a.html">Prev</a></td><td><a href="c.html">Next</a></td></tr></table></div>
    <nav><a href="index.html">Home</a></nav>
    <div role="navigation" class="related"><a href="genindex.html">Index</a></div>
    <ul class="docnav top"><li class="previous"><a href="a.html">Prev</a></li></ul>
    <div class="toc"><ul><li><a href="#s1">1. Swap</a></li></ul></div>
    <h1>Memory</h1><p>The kernel swaps pages out when memory runs low.</p>
    <div class="sidebar"><p class="title">Note</p><p>Swap on an SSD wears it a little.</p></div>
    <div id="footer"><p>Copyright 2026 Example. Licensed under the Apache License.</p></div>
    </body></html>"""
    document = document_from_bytes("memory.html", page)
    assert document.text == ("Memory\n\nThe kernel swaps pages out when memory runs low.\n\nNote\n\n"
                             "Swap on an SSD wears it a little.")


def test_content_named_like_navigation_stays_a_headings_id_a_link_class_or_a_themes_body():
    page = b"""<html><body class="wy-body-for-nav"><section class="wy-nav-content-wrap">
    <div id="header"><h1>git-add(1)</h1></div>
    <h2 id="path">Path</h2><p>Run <a class="toc-backref" href="#x">pip</a> first.</p>
    <div class="admonition admonition-my-logs-related"><p>Logs fill up.</p></div>
    <h2 id="header">Header Directive</h2><p>Sets a header.</p></section></body></html>"""
    document = document_from_bytes("page.html", page)
    assert document.text == "git-add(1)\n\nPath\n\nRun pip first.\n\nLogs fill up.\n\nHeader Directive\n\nSets a header."


def test_code_marks_leave_no_spaces_and_one_unclosed_element_does_not_end_inline_code():
    page = document_from_bytes("a.html", b"<p>Press <kbd> </kbd> then <code></code> go.</p><p>Use <code>ls</code> and "
                               b"<code>rm</p><p>then <code>cp</code> and a \xee\x80\x83 glyph.</p>")
    assert page.text == "Press then go.\n\nUse ls and rm\n\nthen cp and a glyph."
    assert code_of(page) == ["ls", "rm", "cp"]


def test_a_markdown_comment_inside_code_or_left_open_is_text():
    source = "Use `<!--` to open and `-->` to close.\n\nSee `a <!-- b -->` here <!-- gone --> ok; an open <!-- stays.\n"
    document = document_from_bytes("c.md", source.encode())
    assert document.text == "Use <!-- to open and --> to close.\n\nSee a <!-- b --> here ok; an open <!-- stays."
    assert code_of(document) == ["<!--", "-->", "a <!-- b -->"]


def test_inline_html_code_in_markdown_is_code_and_a_titled_role_shows_words():
    markdown = document_from_bytes("a.md", b"Run <code>npm <b>ci</b></code> or press <kbd>Ctrl</kbd>+<kbd>C</kbd>.\n")
    assert markdown.text == "Run npm ci or press Ctrl+C."
    assert code_of(markdown) == ["npm ci", "Ctrl", "C"]
    rst = document_from_bytes("a.rst", b"Call :func:`the builtin <open>` or :func:`open`.\n")
    assert rst.text == "Call the builtin or open." and code_of(rst) == ["open"]


def test_an_asciidoc_terms_markup_is_not_part_of_its_section():
    source = "git(1)\n======\n\n`GIT_SEQUENCE_EDITOR`::\n\tOverrides the editor for the todo list.\n\n'list'::\n\tLists them.\n"
    _, passages = passages_of("git.txt", source)
    assert [p.section for p in passages] == ["git(1) > GIT_SEQUENCE_EDITOR", "git(1) > list"]


def test_http_headers_saved_before_a_page_are_not_its_text():
    """man2html's pages (bash's man page, as Debian ships it) begin with the CGI header it printed."""
    page = ("Content-type: text/html; charset=UTF-8\n\n<HTML><HEAD><TITLE>Man page of BASH</TITLE></HEAD><BODY>"
            "<H1>BASH</H1>\n<P>Bash is a shell.</P></BODY></HTML>")
    document, passages = passages_of("bash.html", page)
    assert document.text.startswith("BASH") and "Content-type" not in document.text
    assert document.title == "Man page of BASH"
    # a page that opens with words of its own keeps them, even when they look like a header
    document, _ = passages_of("old.html", "Status: deprecated, see the new guide.\n\n<p>The page.</p>")
    assert document.text.startswith("Status: deprecated, see the new guide.")


def test_a_dropdown_menu_shown_on_a_click_is_not_text():
    """HAProxy's manual follows each keyword it links with a Bootstrap menu of the sections that define it."""
    page = ('<html><body><pre class="text">Similar to "<span class="dropdown"><a class="dropdown-toggle" href="#">gid'
            '</a><ul class="dropdown-menu"><li class="dropdown-header">This keyword is available in sections :</li>'
            '<li><a href="#g">Bind options</a></li></ul></span>" but uses a group name.</pre></body></html>')
    document, _ = passages_of("configuration.html", page)
    assert document.text.strip() == 'Similar to "gid" but uses a group name.'


MANUAL_TXT = """The Mutt E-Mail Client

Table of Contents

1. Introduction
2. Getting Started
    2.1. Index

Chapter 1. Introduction

Mutt is a small but very powerful text-based mail client.

Chapter 2. Getting Started

This section is a brief overview of how to use Mutt.

1.\u00a0Core Concepts

Mutt is a text-based application which interacts with users through menus.

2.\u00a0Screens and Menus

2.1.\u00a0Index

The index is the screen that you usually see first.

To install it:

1. Download the tarball

2. Unpack it

3. Run make

The steps above build mutt in place.
"""


def test_numbered_headings_of_plain_text_are_sections_and_numbered_steps_and_contents_are_not():
    document, passages = passages_of("manual.txt", MANUAL_TXT)
    assert_exact(document, passages)
    sections = {p.section for p in passages}
    assert {"Introduction", "Getting Started > Core Concepts", "Getting Started > Screens and Menus > Index"} <= sections
    steps = next(p for p in passages if "Download the tarball" in p.text)
    assert "Unpack it" in steps.text and "Run make" in steps.text
    assert not any(name.endswith(("Download the tarball", "Run make")) for name in sections)
    contents = next(p for p in passages if "2.1. Index" in p.text)
    assert contents.section == ""


def test_a_heading_naming_an_identifier_is_found_by_its_words():
    index = make_index({"manual.txt": MUTT_VARIABLES_TXT, "a.txt": "Unrelated words.", "b.txt": "More unrelated words."})
    assert index.search("history file", 1)[0].passage.section.endswith("history_file")


MUTT_VARIABLES_TXT = """3. Configuration Variables

3.1.\u00a0history_file

Type:\u00a0path

The place Mutt saves into.

3.2.\u00a0save_history

Type:\u00a0number

The size kept.
"""


def test_numbered_steps_quantities_and_versions_of_plain_text_are_no_headings():
    howto = ("To install foo from source, follow these steps.\n\n1. Download the tarball\n\nGet it from the website.\n\n"
             "2. Unpack it\n\nUse tar xzf.\n")
    news = ("Storm hits the coast\n\nThe storm reached the coast on Monday night.\n\n2.5 million homes without power\n\n"
            "Repairs will take a week.\n")
    changelog = "1.4.2 (2023-05-01)\n\n- Fixed a crash\n"
    for name, text in (("howto.txt", howto), ("news.txt", news), ("NEWS.txt", changelog)):
        document, passages = passages_of(name, text)
        assert not document.sections
        assert all(line in "".join(p.text for p in passages) for line in text.split("\n"))
