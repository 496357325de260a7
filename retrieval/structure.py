"""Sections of a document: where each heading stands in its text and the path of headings from there on.

Markdown, reStructuredText and HTML are made into plain text (markdown_text.py, rst_text.py,
html_text.py) that follows a few conventions, so that segmentation.py reads it again at question time as
it was made: blocks are separated by a blank line, a paragraph or list item is one line, code is indented by
four spaces, and a table row is its cells joined by " | ".
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from docent.retrieval.segmentation import CODE_INDENT

SECTION_SEPARATOR = " > "
TABLE_CELL_SEPARATOR = " | "
_ADORNMENT = re.compile(r"([=\-~^*+#'\"`:._])\1{2,}")
_TERM = re.compile(r"(\S.*?)(::::|:::|::|;;)[ \t]*")  # an AsciiDoc labelled-list term, at the left margin
_TERM_DEPTHS = {"::": 1, ":::": 2, "::::": 3, ";;": 4}
# AsciiDoc's inline markup in a term: `monospace` and 'emphasis' ("`GIT_DIR`::", "'list'::"); an apostrophe stays.
_INLINE_ANCHOR = re.compile(r"\[\[[\w.:-]+(?:,[^\]\n]*)?\]\]")  # AsciiDoc's anchor in a title, which no reader sees
_TERM_MARKUP = re.compile(r"`|(?<!\w)'(?=\S)|(?<=\S)'(?!\w)")
_TERM_LEVEL = 100  # terms stand below every heading
# A numbered heading on a line of its own: "Chapter 2. Getting Started", "Appendix A. Licence", "5. Contributing",
# "2.1. Index", "5.3.1 autobaud". A single number needs its dot ("1 Introduction" is too often a count).
_NUMBERED = re.compile(
    r"(?:(?P<word>Chapter|Appendix|Part)[ \u00a0]+(?:\d{1,3}|[A-Z]|[IVXLC]{1,6})\.?"
    r"|(?P<number>\d{1,3}\.|\d{1,3}(?:\.\d{1,3})+\.?|[A-Z]\.\d{1,3}(?:\.\d{1,3})*\.?))"
    r"[ \u00a0]+(?P<title>[A-Za-z_$/.~].*)"
)
# A number's unit or magnitude after it makes a quantity, not a heading: "2.5 million homes without power".
_QUANTITY_WORDS = frozenset("""million millions billion billions thousand thousands hundred hundreds percent per times
    kb mb gb tb kib mib gib ms km kg mm cm""".split())
_NUMBERED_MAX_WORDS = 12
_NUMBERED_LEVEL = 50  # below underlined headings, above terms
# Inline code (Markdown `x`, reStructuredText ``x`` and code roles, HTML <code>) is marked by these two characters
# while a block is read; PlainTextWriter takes them out and keeps where the code stands.
CODE_OPEN, CODE_CLOSE = "\ue003", "\ue004"
_CODE_MARK = re.compile("([\ue003\ue004])")


@dataclass(frozen=True)
class SectionMark:
    """From end on, the text is in the section path. text[start:end] is the heading itself (empty when a
    scope such as a function's description begins or ends without a heading of its own)."""

    start: int
    end: int
    path: tuple[str, ...]


def section_name(path: tuple[str, ...]) -> str:
    return SECTION_SEPARATOR.join(path)


@dataclass
class SectionPath:
    """The headings in force, by level: a heading replaces those of its level and deeper."""

    stack: list[tuple[int, str]] = field(default_factory=list)

    def enter(self, level: int, title: str) -> tuple[str, ...]:
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        self.stack.append((level, title))
        return self.path()

    def leave(self, level: int) -> tuple[str, ...]:
        """Back to the headings above level (a scope that ended)."""
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        return self.path()

    def path(self) -> tuple[str, ...]:
        return tuple(title for _, title in self.stack)

    @property
    def depth(self) -> int:
        return self.stack[-1][0] if self.stack else 0


def take_code_marks(block: str) -> tuple[str, list[int]]:
    """The block without its code marks, and where each marked stretch stands in it, as flat (start, end)
    pairs, its outer spaces aside (a mark left open closes at the block's end; nested marks count once)."""
    if CODE_OPEN not in block and CODE_CLOSE not in block:
        return block, []
    parts, spans, length, depth, opened = [], [], 0, 0, 0
    for piece in _CODE_MARK.split(block):
        if piece == CODE_OPEN:
            opened, depth = (length, 1) if depth == 0 else (opened, depth + 1)
        elif piece == CODE_CLOSE:
            if depth == 1:
                spans.append((opened, length))
            depth = max(0, depth - 1)
        else:
            parts.append(piece)
            length += len(piece)
    if depth:
        spans.append((opened, length))
    text, flat = "".join(parts), []
    for start, end in spans:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            flat += [start, end]
    return text, flat


_SPACE_AFTER_OPEN = re.compile("\ue003(\\s+)")
_SPACE_BEFORE_CLOSE = re.compile("(\\s+)\ue004")
_EMPTY_CODE = re.compile("\ue003\ue004")


def words(text: str) -> str:
    """The text's words joined by single spaces; spaces just inside a code mark go outside it, and a mark of
    nothing goes ("<kbd> </kbd>", "<code></code>"), so that no run of spaces is left when the marks are taken out."""
    if CODE_OPEN in text:
        text = _EMPTY_CODE.sub("", _SPACE_BEFORE_CLOSE.sub("\ue004 ", _SPACE_AFTER_OPEN.sub(" \ue003", text)))
    return " ".join(text.split())


def without_code_marks(text: str) -> str:
    return _CODE_MARK.sub("", text) if CODE_OPEN in text or CODE_CLOSE in text else text


@dataclass(frozen=True)
class PlainText:
    """A marked-up document made plain: its text, its section marks and where inline code stands in it."""

    text: str
    sections: tuple[SectionMark, ...]
    code: tuple[int, ...]  # flat (start, end) pairs, ascending


class PlainTextWriter:
    """Builds the plain text of a marked-up document block by block, with its section marks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.marks: list[SectionMark] = []
        self.sections = SectionPath()
        self.code_spans: list[int] = []

    def _append(self, block: str) -> int:
        if self.parts:
            self.parts.append("\n\n")
            self.length += 2
        start = self.length
        block, code = take_code_marks(block)
        self.code_spans += [start + offset for offset in code]
        self.parts.append(block)
        self.length += len(block)
        return start

    def paragraph(self, text: str) -> None:
        """A paragraph or list item: its lines joined into one."""
        text = words(text)
        if without_code_marks(text).strip():
            self._append(text)

    def code(self, lines: list[str]) -> None:
        """A code block, kept line by line and indented (blank lines inside it kept)."""
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        if lines:
            self._append("\n".join(CODE_INDENT + line.rstrip() if line.strip() else "" for line in lines))

    def table(self, rows: list[list[str]]) -> None:
        rows = [row for row in rows if any(cell.strip() for cell in row)]
        if len(rows) == 1:
            self.paragraph(TABLE_CELL_SEPARATOR.join(cell for cell in rows[0] if cell.strip()))
            return
        lines = [TABLE_CELL_SEPARATOR.join(words(cell) or "-" for cell in row) for row in rows]
        if lines:
            self._append("\n".join(lines))

    def heading(self, level: int, title: str) -> None:
        title = words(title)
        if not without_code_marks(title).strip():
            return
        start = self._append(title)
        self.marks.append(SectionMark(start, self.length, self.sections.enter(level, without_code_marks(title))))

    def scope(self, level: int, title: str) -> None:
        """A section without a heading line of its own (a function's description), from here on."""
        self.marks.append(SectionMark(self.length, self.length, self.sections.enter(level, without_code_marks(title))))

    def end_scope(self, level: int) -> None:
        path = self.sections.leave(level)
        if self.marks and self.marks[-1].path != path:
            self.marks.append(SectionMark(self.length, self.length, path))

    def result(self) -> PlainText:
        return PlainText("".join(self.parts), tuple(self.marks), tuple(self.code_spans))


def plain_text_sections(text: str) -> tuple[SectionMark, ...]:
    """The sections of a plain-text file: its underlined headings (AsciiDoc, reStructuredText, Markdown setext:
    a line under a line of one repeated punctuation character about as long, optionally also over it), and
    below them the terms of AsciiDoc labelled lists ("--force::" on a line of its own), so that an option's
    description stands in the section of its option. Terms on consecutive lines name one section. Numbered
    headings on lines of their own ("2.1. Index") are sections too, by the depth of their number."""
    lines = text.split("\n")
    numbered = _numbered_headings(lines)
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    levels: dict[tuple[str, bool], int] = {}
    sections, marks = SectionPath(), []
    for i, line in enumerate(lines):
        before = lines[i - 1].strip() if i > 0 else ""
        if i + 1 < len(lines) and (heading := _underlined(lines, i, before)):
            over, char = heading
            level = levels.setdefault((char, over), len(levels) + 1)
            start = offsets[i - 1] if over else offsets[i]
            title = _INLINE_ANCHOR.sub("", line).strip()  # "Repository Administration[[ADMINISTRATION]]"
            marks.append(SectionMark(start, offsets[i + 1] + len(lines[i + 1]), sections.enter(level, title)))
        elif i in numbered:
            level, title = numbered[i]
            marks.append(SectionMark(offsets[i], offsets[i] + len(line), sections.enter(level, title)))
        elif (term := _TERM.fullmatch(line)) and (not before or _TERM.fullmatch(lines[i - 1]) or _just_after(marks, offsets[i])):
            level = _TERM_LEVEL + _TERM_DEPTHS[term.group(2)]
            if before and _just_after(marks, offsets[i]) and sections.depth == level:
                sections.stack.pop()
                merged = f"{marks.pop().path[-1]}, {_TERM_MARKUP.sub('', term.group(1))}"
                start = offsets[i - 1]
            else:
                merged, start = _TERM_MARKUP.sub("", term.group(1)), offsets[i]
            marks.append(SectionMark(start, offsets[i] + len(line), sections.enter(level, merged)))
    return tuple(marks)


def _numbered_headings(lines: list[str]) -> dict[int, tuple[int, str]]:
    """Line number -> (level, title without its number) of each numbered heading: a short numbered line with a
    blank line on each side, not ending like a sentence, nor a quantity ("2.5 million ..."). Numbered lines of one
    depth with only blank lines between them are a list, not headings; and a single number ("1. Download the
    tarball") heads a section only in a text that numbers subsections too ("2.1. Index") or has chapters, or under a
    rule ("===="): a how-to's numbered steps are no sections, however much text stands between them."""
    found = {i: heading for i, line in enumerate(lines) if _stands_alone(lines, i) and (heading := _numbered(line))}
    listed = set()
    for i, j in itertools.pairwise(found):
        if found[i][0] == found[j][0] and not any(line.strip() for line in lines[i + 1 : j]):
            listed |= {i, j}
    if not any(level != _NUMBERED_LEVEL + 1 for level, _ in found.values()):
        listed |= {i for i in found if not _ADORNMENT.fullmatch(lines[i - 1].strip() if i else "")}  # steps, unless ruled
    return {i: heading for i, heading in found.items() if i not in listed}


def _numbered(line: str) -> tuple[int, str] | None:
    """(level, title without its number) when the line reads as a numbered heading, else None."""
    match = _NUMBERED.fullmatch(line.strip())
    if not match or len(line) - len(line.lstrip()) > 4:
        return None
    title = " ".join(match.group("title").split())
    if title.endswith((".", ",", ";", ":")) or len(title.split()) > _NUMBERED_MAX_WORDS \
            or title.split()[0].lower() in _QUANTITY_WORDS:
        return None
    number = match.group("number")
    return _NUMBERED_LEVEL + (0 if match.group("word") else number.rstrip(".").count(".") + 1), title


def _stands_alone(lines: list[str], i: int) -> bool:
    """Whether line i has a blank line (or the text's edge) after it, and before it one too or a rule ("====")."""
    before = lines[i - 1].strip() if i else ""
    return (not before or bool(_ADORNMENT.fullmatch(before))) and (i + 1 == len(lines) or not lines[i + 1].strip())


def _just_after(marks: list[SectionMark], offset: int) -> bool:
    """Whether the last mark ends on the line before offset."""
    return bool(marks) and marks[-1].end == offset - 1


def _underlined(lines: list[str], i: int, before: str) -> tuple[bool, str] | None:
    """(overlined, adornment character) when line i is a heading, else None."""
    title, under = lines[i].strip(), lines[i + 1].rstrip()
    if not _is_underline(title, under, lines[i]):
        return None
    over = i > 0 and _is_overline(lines[i - 1], under)
    if over and title[0] in "$%#>":  # a one-line AsciiDoc listing block ("----", a command, "----")
        return None
    if before and not before.startswith("[[") and not over:
        return None
    return over, under[0]


def _is_underline(title: str, under: str, line: str) -> bool:
    if not title or line[:1].isspace() or title.endswith((":", ",", ";")) or _ADORNMENT.fullmatch(title) or not _ADORNMENT.fullmatch(under):
        return False
    return len(under) >= len(title) - 2 and (len(under) <= len(title) + 2 or under[0] in "=-~^*#")


def _is_overline(line: str, under: str) -> bool:
    return line.rstrip() == under
