"""The plain text of a Markdown document, with its headings as section marks (conventions in structure.py)."""

from __future__ import annotations

import re

from docent.retrieval.inline_markup import markdown_inline
from docent.retrieval.structure import PlainText, PlainTextWriter

_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*")
_BREAK = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_ITEM = re.compile(r"[ \t]*([-*+]|\d{1,9}[.)])[ \t]+(.*)")
_TABLE_DELIMITER = re.compile(r"[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*")
_REFERENCE_DEFINITION = re.compile(r" {0,3}\[[^\]]+\]:[ \t]*\S+.*")
_QUOTE = re.compile(r" {0,3}> ?")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_COMMENT_START = re.compile(r" {0,3}<!--")


def _indented(line: str) -> bool:
    return line.startswith(("    ", "\t")) and bool(line.strip())


def _cells(line: str) -> list[str]:
    line = line.strip()
    line = line[1:] if line.startswith("|") else line
    line = line[:-1] if line.endswith("|") and not line.endswith("\\|") else line
    return [markdown_inline(cell.strip().replace("\\|", "|")) for cell in _CELL_SPLIT.split(line)]


class _MarkdownReader:
    def __init__(self, source: str) -> None:
        self.lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.out = PlainTextWriter()
        self.paragraph: list[str] = []
        self.i = self._after_front_matter()

    def _after_front_matter(self) -> int:
        if self.lines and self.lines[0].strip() == "---":
            for j in range(1, len(self.lines)):
                if self.lines[j].strip() in ("---", "..."):
                    return j + 1
        return 0

    def flush(self) -> None:
        if self.paragraph:
            self.out.paragraph(markdown_inline(" ".join(self.paragraph)))
            self.paragraph = []

    def read(self) -> PlainText:
        while self.i < len(self.lines):
            self.step(_QUOTE.sub("", self.lines[self.i], count=1) if _QUOTE.match(self.lines[self.i]) else self.lines[self.i])
        self.flush()
        return self.out.result()

    def step(self, line: str) -> None:
        stripped = line.strip()
        if not stripped:
            self.flush()
            self.i += 1
        elif fence := _FENCE.match(line):
            self.fenced(fence.group(1))
        elif not self.paragraph and _indented(line):
            self.indented_code()
        elif _COMMENT_START.match(line):
            self.comment(line)
        elif atx := _ATX.fullmatch(line):
            self.flush()
            self.out.heading(len(atx.group(1)), markdown_inline(atx.group(2) or ""))
            self.i += 1
        elif self.paragraph and _SETEXT.fullmatch(line) and len(self.paragraph) == 1:
            title, self.paragraph = self.paragraph[0], []
            self.out.heading(1 if stripped[0] == "=" else 2, markdown_inline(title))
            self.i += 1
        elif _BREAK.fullmatch(line) or _REFERENCE_DEFINITION.fullmatch(line):
            self.flush()
            self.i += 1
        elif "|" in line and self.i + 1 < len(self.lines) and _TABLE_DELIMITER.fullmatch(self.lines[self.i + 1]):
            self.table()
        elif item := _ITEM.fullmatch(line):
            self.item(item.group(1), item.group(2))
        else:
            self.paragraph.append(stripped)
            self.i += 1

    def fenced(self, fence: str) -> None:
        self.flush()
        start, self.i = self.i + 1, self.i + 1
        while self.i < len(self.lines) and not self.lines[self.i].strip().startswith(fence):
            self.i += 1
        self.out.code(self.lines[start:self.i])
        self.i += 1

    def comment(self, line: str) -> None:
        """An HTML comment (Node.js's "<!-- YAML added: v10.0.0 ... -->"): never shown, however many lines it takes;
        what follows its end on the same line is read on."""
        self.flush()
        at = line.index("<!--") + 4
        for empty in ("->", ">"):  # "<!-->" and "<!--->" are whole comments
            if line.startswith(empty, at):
                self.lines[self.i] = line[at + len(empty):]
                return
        while (end := line.find("-->", at)) < 0 and self.i + 1 < len(self.lines):
            self.i += 1
            line, at = self.lines[self.i], 0
        self.lines[self.i] = line[end + 3:] if end >= 0 else ""

    def indented_code(self) -> None:
        start = self.i
        while self.i < len(self.lines) and (_indented(self.lines[self.i]) or not self.lines[self.i].strip()):
            self.i += 1
        self.out.code([line[4:] if line.startswith("    ") else line[1:] for line in self.lines[start:self.i]])

    def table(self) -> None:
        self.flush()
        rows = [_cells(self.lines[self.i])]
        self.i += 2
        while self.i < len(self.lines) and "|" in self.lines[self.i] and self.lines[self.i].strip():
            rows.append(_cells(self.lines[self.i]))
            self.i += 1
        self.out.table(rows)

    def item(self, marker: str, content: str) -> None:
        self.flush()
        parts = [content]
        self.i += 1
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip() or _ITEM.fullmatch(line) or _FENCE.match(line) or _ATX.fullmatch(line):
                break
            parts.append(line.strip())
            self.i += 1
        bullet = "-" if marker in "-*+" else marker[:-1] + "."
        self.out.paragraph(f"{bullet} {markdown_inline(' '.join(parts))}")


def markdown_text(source: str) -> PlainText:
    """The text a reader of the rendered Markdown sees, where its headings and inline code stand."""
    return _MarkdownReader(source).read()
