"""Split documents into passages of about N tokens along the units of segmentation.py, section by section.

A passage never spans two sections, so that each has one section path (the headings above it), and a
heading is not part of any passage: its words count for the match through the passage's section.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from docent.retrieval.analyzer import analyze, analyze_heading
from docent.retrieval.documents import Document, is_as_written
from docent.retrieval.segmentation import CODE, TEXT, is_elliptic, is_title_line, segments, with_delimiters
from docent.retrieval.structure import SECTION_SEPARATOR, section_name
from docent.retrieval.token_count import TokenCounter

_WORD = re.compile(r"\S+")
# Sentences longer than this many characters per target token are split by words without counting
# them whole first (a token is at least one character, and counting megabytes at once is slow).
_SPLIT_UNCOUNTED_CHARS_PER_TOKEN = 64
# Words longer than this are cut into pieces of a few characters each: tokenizing one huge "word"
# (a base64 blob, a line of dashes) costs time quadratic in its length.
LONG_WORD_CHARS = 100
# A code block or table up to this many times the passage size stays whole, in a passage of its own.
WHOLE_BLOCK_FACTOR = 2
# Changes whenever the same document would be cut into other passages.
CHUNKING_VERSION = 15  # 4: the passage's own heading counts twice for the match; 5: no '¶' ending an HTML heading;
# 6: no HTML navigation, no Markdown comments; 7: no AsciiDoc markup in a labelled list's term; 8: no CGI header
# before an HTML page; 9: no Bootstrap dropdown menu; 10: only a Content-type of text or a numeric Status is a CGI header;
# 11: numbered headings of plain text ("2.1. Index") are sections; 12: a skipped markup line counts toward the size;
# 13: no Sphinx "¶" link after an HTML term; 14: a default or a field stays in the passage before it; 15: a delimited
# code block keeps its delimiter lines (re-read alone, it is code), no AsciiDoc anchor in a title
# 3: a passage ends before a title line rather than just after it


# How far over its size a passage may grow to keep the defaults and fields that follow it (ChunkSettings.target_tokens).
ELLIPTIC_ROOM = 1.5


@dataclass(frozen=True)
class ChunkSettings:
    target_tokens: int = 120
    overlap_tokens: int = 24

    def __post_init__(self) -> None:
        if self.target_tokens < 8:
            raise ValueError("passage size must be at least 8 tokens")
        if not 0 <= self.overlap_tokens < self.target_tokens:
            raise ValueError("passage overlap must be at least 0 and below the passage size")


@dataclass(frozen=True)
class Passage:
    passage_id: str  # "<doc_id>#<index>"
    doc_id: str
    title: str
    start: int  # character offsets into the document text: text == document.text[start:end]
    end: int
    text: str
    pages: tuple[int, int] | None = None  # PDFs: first and last page (from 1) the passage spans
    section: str = ""
    code: tuple[int, ...] = ()  # the inline code in it: flat (start, end) pairs of offsets into the document


def section_label(passage: Passage) -> str:
    """The passage's section path without the document's own title, which leads most paths ('' if none): what a
    citation shows after the document's name."""
    path = passage.section.split(SECTION_SEPARATOR) if passage.section else []
    if path and path[0] == passage.title:
        path = path[1:]
    return SECTION_SEPARATOR.join(path)


def own_heading(passage: Passage) -> str:
    """The heading right above the passage, as its citation shows it ('' when the citation shows none)."""
    return section_label(passage).rsplit(SECTION_SEPARATOR, 1)[-1]


def shown_text(passage: Passage) -> str:
    """What a reader of the source sees: its text under its own heading ("swappiness" heads a passage that
    describes swappiness without naming it)."""
    heading = own_heading(passage)
    return f"{heading}\n{passage.text}" if heading else passage.text


def passage_terms(passage: Passage) -> list[str]:
    """What BM25 indexes for a passage: the terms of its text, then section_terms of its section path."""
    return analyze(passage.text) + section_terms(passage.section)


def section_terms(section: str) -> list[str]:
    """The terms of a section path, and once more those of its last part, the passage's own heading
    ("superuser_reserved_connections (integer)", "Integer Types"): it names what the passage is about
    better than the headings above it."""
    return analyze_heading(section) + analyze_heading(section.rsplit(SECTION_SEPARATOR, 1)[-1])


def document_terms(passages: Sequence[Passage]) -> list[list[str]]:
    """passage_terms of each passage of a document, each section path analyzed once."""
    sections: dict[str, list[str]] = {}
    terms = []
    for passage in passages:
        section = sections.get(passage.section)
        if section is None:
            section = sections[passage.section] = section_terms(passage.section)
        terms.append(analyze(passage.text) + section)
    return terms


class _Span(NamedTuple):
    start: int
    end: int
    tokens: int
    title: bool = False  # a title line (a heading, a definition's term): a passage would rather begin with it
    elliptic: bool = False  # a default or a field ("The default is 3."): it stays in the passage of what it speaks of


def _word_spans(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    """The words between start and end; over-long ones cut into pieces of at most limit tokens."""
    piece = max(1, (limit - 1) // 4)  # a character is at most 4 UTF-8 bytes, a token at least 1 byte
    for word in _WORD.finditer(text, start, end):
        a, b = word.span()
        if b - a <= LONG_WORD_CHARS:
            yield a, b
            continue
        for cut in range(a, b, piece):
            yield cut, min(cut + piece, b)


def _split_long(text: str, start: int, end: int, limit: int, count: TokenCounter) -> list[_Span]:
    """Cut a span longer than limit tokens into word-aligned pieces of at most limit tokens."""
    pieces: list[_Span] = []
    known: dict[str, int] = {}  # word -> tokens: long text repeats a small vocabulary
    piece_start, piece_tokens, piece_end = None, 0, start
    for a, b in _word_spans(text, start, end, limit):
        word = text[a:b]
        word_tokens = known.get(word)
        if word_tokens is None:
            word_tokens = known[word] = count(" " + word)
        if piece_start is not None and piece_tokens + word_tokens > limit:
            pieces.append(_Span(piece_start, piece_end, piece_tokens))
            piece_start, piece_tokens = None, 0
        if piece_start is None:
            piece_start = a
        piece_tokens += word_tokens
        piece_end = b
    if piece_start is not None:
        pieces.append(_Span(piece_start, piece_end, piece_tokens))
    return pieces


def _units(text: str, start: int, end: int, as_written: bool, settings: ChunkSettings, count: TokenCounter) -> list[_Span]:
    """The units a passage is made of, each with its tokens; a line the segmentation skips between two units (an
    AsciiDoc attribute such as "[source,sh]") counts with the unit after it, as a passage holding both holds it."""
    units: list[_Span] = []
    previous_end = start
    for a, b, kind in segments(text, start, end, as_written):
        if kind == CODE:
            a, b = with_delimiters(text, a, b)
        pieces = _pieces(text, a, b, kind, settings.target_tokens, count)
        skipped = text[previous_end:a].strip()
        if skipped and units and pieces:
            pieces[0] = pieces[0]._replace(tokens=pieces[0].tokens + count(skipped))
        units += pieces
        previous_end = b
    return units


def _pieces(text: str, a: int, b: int, kind: str, limit: int, count: TokenCounter) -> list[_Span]:
    """The segment text[a:b] as one unit, or cut into units of at most limit tokens when far over the size."""
    whole = limit * (1 if kind == TEXT else WHOLE_BLOCK_FACTOR)
    if b - a <= whole * _SPLIT_UNCOUNTED_CHARS_PER_TOKEN:
        piece = text[a:b]
        tokens = count(piece)
        if tokens <= whole:
            return [_Span(a, b, tokens, kind == TEXT and is_title_line(piece), kind == TEXT and is_elliptic(piece))]
    return _split_long(text, a, b, limit, count) if kind == TEXT else _split_lines(text, a, b, limit, count)


def _split_lines(text: str, start: int, end: int, limit: int, count: TokenCounter) -> list[_Span]:
    """Cut a code block or table far over the size into runs of whole lines of at most limit tokens."""
    pieces: list[_Span] = []
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((position, position + len(line.rstrip())))
        position += len(line) + 1
    first, total, last_end = None, 0, start
    for a, b in lines:
        tokens = count(text[a:b]) if b - a <= limit * _SPLIT_UNCOUNTED_CHARS_PER_TOKEN else limit + 1
        if tokens > limit:
            if first is not None:
                pieces.append(_Span(first, last_end, total))
                first, total = None, 0
            pieces.extend(_split_long(text, a, b, limit, count))
            continue
        if first is not None and total + tokens + 1 > limit:
            pieces.append(_Span(first, last_end, total))
            first, total = None, 0
        if first is None:
            first = a
        total += tokens + (1 if total else 0)
        last_end = b
    if first is not None:
        pieces.append(_Span(first, last_end, total))
    return pieces


def _groups(units: list[_Span], settings: ChunkSettings) -> list[tuple[int, int]]:
    """Index ranges [i, j) of units forming each passage, overlapping by up to overlap_tokens; a default or a field
    right after a passage's last unit stays in it, up to ELLIPTIC_ROOM times the size."""
    groups, i = [], 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j].tokens <= settings.target_tokens):
            total += units[j].tokens
            j += 1
        if j < len(units):
            j = _before_last_title(units, i, j, settings.target_tokens // 2)
        total = sum(unit.tokens for unit in units[i:j])
        while j < len(units) and units[j].elliptic and total + units[j].tokens <= settings.target_tokens * ELLIPTIC_ROOM:
            total += units[j].tokens  # "The default value is three connections." after the setting it speaks of
            j += 1
        groups.append((i, j))
        if j == len(units):
            break
        if units[j].title:
            i = j  # the next passage begins with its title: no overlap needed
            continue
        k, carried = j, 0
        while k - 1 > i and carried + units[k - 1].tokens <= settings.overlap_tokens:
            carried += units[k - 1].tokens
            k -= 1
        i = k
    return groups


def _before_last_title(units: list[_Span], i: int, j: int, at_least: int) -> int:
    """Where the passage units[i:j] had better end: before its last title line, when what comes before that holds
    at least at_least tokens, so that a definition's term starts the next passage with what it defines."""
    total = 0
    best = j
    for t in range(i, j):
        if units[t].title and t > i and total >= at_least:
            best = t
        total += units[t].tokens
    return best


def code_pairs(code: Sequence[int]) -> Iterator[tuple[int, int]]:
    """The (start, end) of each inline code span of a flat list."""
    return zip(code[::2], code[1::2], strict=True)


def code_within(code: Sequence[int], start: int, end: int) -> tuple[int, ...]:
    """The inline code spans (flat pairs, ascending) that stand in [start, end), clipped to it."""
    first = bisect_right(code, start)
    first -= first % 2  # back to the start of the pair that start falls in
    found: list[int] = []
    for i in range(first, len(code) - 1, 2):
        if code[i] >= end:
            break
        a, b = max(code[i], start), min(code[i + 1], end)
        if b > a:
            found += [a, b]
    return tuple(found)


def pages_of(page_starts: tuple[int, ...], start: int, end: int) -> tuple[int, int] | None:
    """The first and last page (from 1) of the characters [start, end); None without pages."""
    if not page_starts:
        return None
    return bisect_right(page_starts, start), bisect_right(page_starts, max(start, end - 1))


def _regions(document: Document) -> list[tuple[int, int, str]]:
    """The stretches of text between headings, each with its section path."""
    marks = document.sections
    regions, start, path = [], 0, ""
    for mark in marks:
        regions.append((start, max(start, mark.start), path))
        start, path = max(start, mark.end), section_name(mark.path)
    regions.append((start, len(document.text), path))
    return regions


def chunk_document(document: Document, settings: ChunkSettings, count: TokenCounter) -> list[Passage]:
    text, as_written = document.text, is_as_written(document.doc_id)
    spans: list[tuple[int, int, str]] = []
    for start, end, section in _regions(document):
        units = _units(text, start, end, as_written, settings, count)
        spans += [(units[i].start, units[j - 1].end, section) for i, j in _groups(units, settings)]
    if not spans and text.strip():  # headings only: then they are the passages
        units = _units(text, 0, len(text), as_written, settings, count)
        spans = [(units[i].start, units[j - 1].end, "") for i, j in _groups(units, settings)]
    return [
        Passage(
            passage_id=f"{document.doc_id}#{index}",
            doc_id=document.doc_id,
            title=document.title,
            start=start,
            end=end,
            text=text[start:end],
            pages=pages_of(document.page_starts, start, end),
            section=section,
            code=code_within(document.code, start, end),
        )
        for index, (start, end, section) in enumerate(spans)
    ]
