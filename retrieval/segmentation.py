"""Cut plain text into the units people write: sentences of paragraphs and list items, whole code blocks, tables.

The lines of a hard-wrapped paragraph are one unit; a blank line, a list item, a table row, a code block or
a line that is markup only (an AsciiDoc block delimiter or attribute) ends it. Inside a unit, sentences end
where sentences.py says, line breaks counting as spaces. Every segment is an exact span of the text.

The text is either a document as written (.txt: an indented block is code unless it reads as prose, as in
AsciiDoc lists) or the plain text made from Markdown, reStructuredText or HTML, where code is always
indented by four spaces and table rows are cells joined by " | " (see structure.py).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from docent.retrieval.sentences import sentence_ends

TEXT, CODE, TABLE = "text", "code", "table"
# A paragraph with a line longer than this is not hard-wrapped: each of its lines is a unit.
UNWRAPPED_LINE_CHARS = 100
CODE_INDENT = "    "

_ITEM = re.compile(r"[ \t]{0,3}(?:[-*+•]|\d{1,3}[.)]|\([A-Za-z0-9]{1,3}\))[ \t]+\S")
_TABLE_ROW = re.compile(r".*\S \| \S.*")
_DELIMITER = re.compile(r"(?:-{4,}|\.{4,}|={4,}|\+{4,}|\*{4,}|_{4,}|~{3,}|`{3,}[\w+-]*)")
_DELIMITER_CHARS = frozenset("-.=+*_~`")
_ATTRIBUTE = re.compile(r"\[[\w ,=\"'#.-]*\]")
_ANCHOR = re.compile(r"\[\[[\w.:-]+\]\]")
# AsciiDoc preprocessor lines: "include::config/add.txt[]", "ifdef::git-asciidoc[]", "endif::[]"
_PREPROCESSOR = re.compile(r"(?:include|ifdef|ifndef|ifeval|endif)::\S*\[.*\]")
_CODE_ATTRIBUTES = ("verse", "source", "listing", "literal")
_TERM = re.compile(r".*\S(?:::|;;)")
_CONTINUATION = "+"
_OPEN_BLOCK = "--"  # AsciiDoc's open block delimiter
_WORDY = re.compile(r"[\"'(“‘`]*[A-Za-z][a-z’'-]*[.,;:!?)\"'”’`]*")
_CLOSING = tuple(".!?:;,\"'”’)»]")
_TITLE_CLOSING = tuple(".!?:;,\"'”’»")  # a term line may end in ")": "pg_stat_statements.max (integer)"
TITLE_WORDS = 8


class Segment(NamedTuple):
    """A sentence (TEXT), a whole code block (CODE) or a whole table (TABLE): text[start:end]."""

    start: int
    end: int
    kind: str = TEXT


def segments(text: str, start: int = 0, end: int | None = None, prose_indent: bool = False) -> list[Segment]:
    """The sentences, code blocks and tables of text[start:end], in order.

    prose_indent: the text is as written (a .txt file), where an indented block may be a paragraph.
    """
    end = len(text) if end is None else end
    found: list[Segment] = []
    for block in blocks(text, start, end, prose_indent):
        if block.kind != TEXT:
            found.append(block)
            continue
        stops = sentence_ends(text, block.start, block.end)
        if not stops:  # one sentence: the block itself, trimmed already
            found.append(block)
            continue
        begin = block.start
        for stop in stops:
            found.append(_trimmed(text, begin, stop))
            begin = stop
        if text[begin:block.end].strip():
            found.append(_trimmed(text, begin, block.end))
    return found


def with_delimiters(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of a code block text[start:end] widened to the delimiter lines around it ("------------" above and
    below an AsciiDoc listing, a fence), if it has them: a passage holding them reads the block as code again."""
    above_end = start - 1
    if above_end <= 0 or text[above_end] != "\n" or not text.startswith("\n", end):
        return start, end
    above_start = text.rfind("\n", 0, above_end) + 1
    below_end = text.find("\n", end + 1)
    below_end = len(text) if below_end < 0 else below_end
    opener, closer = text[above_start:above_end].strip(), text[end + 1:below_end].strip()
    fence = opener[:3] if opener[:1] in ("`", "~") else opener
    if not opener or not _DELIMITER.fullmatch(opener) or closer != fence:
        return start, end
    return above_start, below_end


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the units of text (as written), without surrounding white space."""
    return [(s.start, s.end) for s in segments(text, prose_indent=True)]


def _trimmed(text: str, start: int, end: int, kind: str = TEXT) -> Segment:
    if start < end and (text[start].isspace() or text[end - 1].isspace()):
        piece = text[start:end]
        kept = piece.lstrip()
        start += len(piece) - len(kept)
        end = start + len(kept.rstrip())
    return Segment(start, end, kind)


def _lines(text: str, start: int, end: int) -> tuple[list[tuple[int, int]], list[str]]:
    """The spans of the lines of text[start:end], and the lines."""
    texts = text[start:end].split("\n")
    lines, pos = [], start
    for line in texts:
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    return lines, texts


def _is_indented(line: str) -> bool:
    return line.startswith(("\t", CODE_INDENT)) and bool(line.strip())


def _looks_like_prose(block: str) -> bool:
    """An indented block of words with a sentence end, as an AsciiDoc list's description is."""
    words = block.split()
    if len(words) < 4 or not re.search(r"[.!?:][\"')\]]*(?:\s|$)", block):
        return False
    return sum(1 for word in words if _WORDY.fullmatch(word)) >= 0.7 * len(words)


class _Scanner:
    """Walks the lines of a region once, collecting blocks."""

    def __init__(self, text: str, start: int, end: int, prose_indent: bool) -> None:
        self.text, self.prose_indent = text, prose_indent
        self.lines, self.texts = _lines(text, start, end)
        self.blanks = [not line.strip() or (prose_indent and line.strip() == _CONTINUATION) for line in self.texts]
        self.rows = [" | " in line and _TABLE_ROW.fullmatch(line) is not None for line in self.texts]
        self.found: list[Segment] = []

    def line(self, i: int) -> str:
        return self.texts[i]

    def blank(self, i: int) -> bool:
        return self.blanks[i]

    def add(self, first: int, last: int, kind: str) -> None:
        """Lines first..last (inclusive) as one block; code keeps the indentation of its first line."""
        a, b = self.lines[first][0], self.lines[last][1]
        segment = _trimmed(self.text, a, b, kind)
        if kind == CODE:
            segment = Segment(a, segment.end, kind)
        if segment.end > segment.start:
            self.found.append(segment)

    def run(self) -> list[Segment]:
        i, n, after_blank, code_next, prose_until = 0, len(self.lines), True, False, -1
        while i < n:
            line = self.line(i)
            stripped = line.strip()
            if self.blank(i):
                i, after_blank = i + 1, True
                continue
            if self.prose_indent and (_ANCHOR.fullmatch(stripped) or _PREPROCESSOR.fullmatch(stripped) or stripped == _OPEN_BLOCK):
                i += 1
                continue
            if after_blank and stripped[0] == "[" and _ATTRIBUTE.fullmatch(stripped):
                code_next = stripped[1:].startswith(_CODE_ATTRIBUTES)
                i += 1
                continue
            if stripped[0] in _DELIMITER_CHARS and _DELIMITER.fullmatch(stripped) and (close := self.closing(i)) is not None:
                if close > i + 1:
                    self.add(i + 1, close - 1, CODE)
                i, after_blank, code_next = close + 1, False, False
                continue
            if i > prose_until and after_blank and _is_indented(line):
                last = self.indented_block(i)
                block = self.text[self.lines[i][0]:self.lines[last][1]]
                if self.prose_indent and not code_next and _looks_like_prose(block):
                    prose_until = last
                else:
                    self.add(i, last, CODE)
                    i, after_blank, code_next = last + 1, False, False
                    continue
            if code_next:
                last = self.until_blank(i)
                self.add(i, last, CODE)
                i, after_blank, code_next = last + 1, False, False
                continue
            if (last := self.table_end(i)) > i:
                self.add(i, last, TABLE)
                i, after_blank = last + 1, False
                continue
            last = self.paragraph_end(i)
            self.paragraph(i, last)
            i, after_blank = last + 1, False
        return self.found

    def table_end(self, i: int) -> int:
        """The last row of a table of at least two rows starting at line i, else i."""
        last = i
        while last + 1 < len(self.lines) and self.rows[last] and self.rows[last + 1]:
            last += 1
        return last

    def closing(self, i: int) -> int | None:
        """The line that closes the delimited block opened at line i, if any."""
        opener = self.line(i).strip()
        fence = opener[:3] if opener[0] in "`~" else opener
        for j in range(i + 1, len(self.lines)):
            if self.line(j).strip() == fence:
                return j
        return None

    def indented_block(self, i: int) -> int:
        last = i
        for j in range(i + 1, len(self.lines)):
            if self.blank(j):
                continue
            if not _is_indented(self.line(j)):
                break
            last = j
        return last

    def until_blank(self, i: int) -> int:
        last = i
        while last + 1 < len(self.lines) and not self.blank(last + 1):
            last += 1
        return last

    def paragraph_end(self, i: int) -> int:
        """The last line of the paragraph or list item starting at line i."""
        last = i
        while last + 1 < len(self.lines):
            following = self.line(last + 1)
            if self.blank(last + 1) or _ITEM.match(following) or self.table_end(last + 1) > last + 1:
                break
            if self.prose_indent and (_TERM.fullmatch(self.line(last)) or _DELIMITER.fullmatch(following.strip())):
                break
            last += 1
        return last

    def paragraph(self, first: int, last: int) -> None:
        """Lines first..last as units: one if hard-wrapped, else each line; a short heading-like line alone."""
        widths = [len(self.line(j).rstrip()) for j in range(first, last + 1)]
        if max(widths) > UNWRAPPED_LINE_CHARS:
            for j in range(first, last + 1):
                self.add(j, j, TEXT)
            return
        begin = first
        for j in range(first, last):
            current, following = self.line(j).strip(), self.line(j + 1).strip()
            # The next line's first word would have fitted on this one: the break was meant (a headline).
            meant = len(self.line(j).rstrip()) + 1 + len(following.split()[0]) <= max(widths)
            if j == first and meant and following[:1].isupper() and not current.endswith(_CLOSING):
                self.add(first, j, TEXT)
                begin = j + 1
        self.add(begin, last, TEXT)


def blocks(text: str, start: int, end: int, prose_indent: bool = False) -> list[Segment]:
    """The paragraphs and list items (TEXT), code blocks and tables of text[start:end]."""
    return _Scanner(text, start, end, prose_indent).run()


def is_title_line(text: str) -> bool:
    """A short line that names what follows: a heading or a definition's term ("diff.renameLimit::")."""
    stripped = text.rstrip()
    if stripped.endswith(_TITLE_CLOSING) and not stripped.endswith(("::", ";;")):
        return False
    return "\n" not in stripped and len(stripped.split()) <= TITLE_WORDS


def opens_item(text: str, position: int) -> bool:
    """Whether a list item's mark ("- ", "1. ", "(a) ") opens the line at position."""
    return _ITEM.match(text, position) is not None


def without_item_mark(text: str) -> str:
    """A list item's text without its mark ("- ", "1. ", "(a) ")."""
    match = _ITEM.match(text)
    return text[match.end() - 1:] if match else text


# A sentence stating a default without naming whose ("The default is 100.", "The default value of this parameter is
# 511."): it speaks of what an earlier sentence of its paragraph names (evidence.subject_unit), as a field does.
_STATES_DEFAULT = re.compile(r"(?:The )?default(?: value)?(?: of (?:this|the) \w+)? is\b|Defaults? to\b", re.I)


def is_elliptic(text: str) -> bool:
    """Whether a sentence speaks of what an earlier sentence of its paragraph names, without naming it: a field
    ("Default: 1024 * 1024.") or a default stated bare ("The default is 100.")."""
    return is_field_line(text) or states_default(text)


def states_default(text: str) -> bool:
    return bool(_STATES_DEFAULT.match(text.lstrip()))


def is_field_line(text: str) -> bool:
    """Lines each giving one property of what their section names, as a reference does: "Type: path", "Default:
    no", "Valid values: 0-100"; not "Note: ..." or "Usage: ..."."""
    lines = text.strip().split("\n")
    return all(_FIELD.fullmatch(line.strip()) for line in lines)


_FIELD = re.compile(r"(?:Default(?:s| [Vv]alue)?|Type|Values?|(?:Valid|Possible|Allowed) values|Range|Units?|Since|Scope"
                    r"|Context|Minimum|Maximum|(?:Module )?[Aa]uthors?|Maintainers?|Versions?|License|Status|Availability"
                    r"|Platforms?):[ \u00a0]+\S.{0,120}")


def is_term_line(text: str) -> bool:
    """A title line that names one thing, as a reference's entry does, rather than titling a section: an option, a
    command, a setting or a field ("-n, --dry-run", "pop [--index] [<stash>]", "pg_stat_statements.max (integer)",
    "Vcs-Git"), not "Installation", "A.5. Native Debian package" or "14.4.9. Some Notes about pg_dump"."""
    words = [word.strip(",;") for word in term_name(text).split()]
    if not 1 <= len(words) <= TERM_WORDS or any(word.lower() in _SMALL_WORDS for word in words):
        return False
    return not (words[0][:1].isupper() and all(_PLAIN_WORD.fullmatch(word) for word in words))


def term_name(text: str) -> str:
    """A title line without its section number and what follows the name: "--fixup" of "--fixup=[(amend|reword):]",
    "pop" of "pop [--index] [<stash>]"."""
    return _NAMED_PART.split(_HEADING_NUMBER.sub("", text.strip()), maxsplit=1)[0]


TERM_WORDS = 3  # the name of an entry, its arguments aside
_HEADING_NUMBER = re.compile(r"^(?:[A-Z]\.|\d+\.?)(?:\d+\.?)*\s+")  # "14.4.9. ", "A.5. ", "2 "
_NAMED_PART = re.compile(r"\s*[\[(<{=:]|\s-{1,2}\s")  # where an entry's arguments or description begin
_PLAIN_WORD = re.compile(r"[A-Z]?[a-z]+")  # a word of prose, capitalised or not
_SMALL_WORDS = frozenset("a an the of and or for to in on at by with about from as is are".split())
