"""Split documents into passages of about N tokens along sentence boundaries."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from docent.retrieval.documents import Document
from docent.retrieval.token_count import TokenCounter

_SENTENCE_END = r"[.!?…]+[\"'”’»)\]]*"
# A boundary is sentence-final punctuation followed by space, or any line break.
_BOUNDARY = re.compile(rf"({_SENTENCE_END})?[^\S\n]*\n\s*|({_SENTENCE_END})\s+")
_WORD = re.compile(r"\S+")
# Sentences longer than this many characters per target token are split by words without counting
# them whole first (a token is at least one character, and counting megabytes at once is slow).
_SPLIT_UNCOUNTED_CHARS_PER_TOKEN = 64
# Words longer than this are cut into pieces of a few characters each: tokenizing one huge "word"
# (a base64 blob, a line of dashes) costs time quadratic in its length.
LONG_WORD_CHARS = 100


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
    section: str = ""  # the heading path the passage sits under, e.g. "library/os.rst > Files and Directories"


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    tokens: int


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences in text, without surrounding white space."""
    spans, start = [], 0
    for match in _BOUNDARY.finditer(text):
        end = match.start() + len(match.group(1) or match.group(2) or "")
        if text[start:end].strip():
            spans.append(_trim(text, start, end))
        start = match.end()
    if text[start:].strip():
        spans.append(_trim(text, start, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


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


def _units(text: str, settings: ChunkSettings, count: TokenCounter) -> list[_Span]:
    units: list[_Span] = []
    limit = settings.target_tokens
    for start, end in sentence_spans(text):
        too_long_to_count = end - start > limit * _SPLIT_UNCOUNTED_CHARS_PER_TOKEN
        tokens = 0 if too_long_to_count else count(text[start:end])
        if not too_long_to_count and tokens <= limit:
            units.append(_Span(start, end, tokens))
        else:
            units.extend(_split_long(text, start, end, limit, count))
    return units


def _groups(units: list[_Span], settings: ChunkSettings) -> list[tuple[int, int]]:
    """Index ranges [i, j) of units forming each passage, overlapping by up to overlap_tokens."""
    groups, i = [], 0
    while i < len(units):
        j, total = i, 0
        while j < len(units) and (j == i or total + units[j].tokens <= settings.target_tokens):
            total += units[j].tokens
            j += 1
        groups.append((i, j))
        if j == len(units):
            break
        k, carried = j, 0
        while k - 1 > i and carried + units[k - 1].tokens <= settings.overlap_tokens:
            carried += units[k - 1].tokens
            k -= 1
        i = k
    return groups


def pages_of(page_starts: tuple[int, ...], start: int, end: int) -> tuple[int, int] | None:
    """The first and last page (from 1) of the characters [start, end); None without pages."""
    if not page_starts:
        return None
    return bisect_right(page_starts, start), bisect_right(page_starts, max(start, end - 1))


def chunk_document(document: Document, settings: ChunkSettings, count: TokenCounter) -> list[Passage]:
    units = _units(document.text, settings, count)
    passages = []
    for index, (i, j) in enumerate(_groups(units, settings)):
        start, end = units[i].start, units[j - 1].end
        passages.append(
            Passage(
                passage_id=f"{document.doc_id}#{index}",
                doc_id=document.doc_id,
                title=document.title,
                start=start,
                end=end,
                text=document.text[start:end],
                pages=pages_of(document.page_starts, start, end),
            )
        )
    return passages
