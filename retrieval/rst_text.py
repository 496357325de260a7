"""The plain text of a reStructuredText document (Sphinx's too), with its section titles and described
objects (functions, classes, options) as section marks. Conventions in structure.py."""

from __future__ import annotations

import csv
import re

from docent.retrieval.inline_markup import rst_inline
from docent.retrieval.structure import PlainText, PlainTextWriter

_ADORNMENT = re.compile(r"([!-/:-@\[-`{-~])\1{2,}")
_DIRECTIVE = re.compile(r"\.\.[ \t]+([\w:.+-]+)::(?:[ \t]+(.*))?")
_EXPLICIT = re.compile(r"\.\.(?:[ \t]|$)")
_OPTION = re.compile(r":[\w -]+:(?:\s|$)")
_BULLET = re.compile(r"([-*+•])[ \t]+(.*)")
_ENUMERATED = re.compile(r"(\d{1,3}|#|[A-Za-z])([.)])[ \t]+(.*)|\((\d{1,3}|#|[A-Za-z])\)[ \t]+(.*)")
_FIELD = re.compile(r":([^:`][^:]*):(?:[ \t]+(.*))?")
_SIMPLE_TABLE_BORDER = re.compile(r"=+(?:[ \t]+=+)+")
_GRID_BORDER = re.compile(r"\+(?:[-=]+\+)+")
_NAME = re.compile(r"([\w.:~-]+)\s*\(|([^\s(]+)")

CODE_DIRECTIVES = frozenset("code-block sourcecode code doctest testcode testoutput parsed-literal math productionlist".split())
SKIPPED_DIRECTIVES = frozenset(
    """toctree index include literalinclude image raw tabularcolumns highlight sectionauthor moduleauthor codeauthor
    audit-event audit-event-table program-output contents sectnum meta default-role role title footer header
    target-notes class opcode-table""".split()
)
VERSION_LABELS = {
    "versionadded": "Added in version",
    "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
    "versionremoved": "Removed in version",
    "deprecated-removed": "Deprecated since version",
}
_PYTHON_OBJECTS = frozenset(
    """function method classmethod staticmethod class exception attribute data decorator decoratormethod property
    coroutinefunction coroutinemethod abstractmethod awaitablefunction awaitablemethod type""".split()
)
OBJECT_DIRECTIVES = _PYTHON_OBJECTS | frozenset(
    "option cmdoption envvar describe object opcode pdbcommand 2to3fixer monitoring-event".split()
)
_CLASSES = frozenset({"class", "exception"})


def _dedent(lines: list[str]) -> list[str]:
    """The lines without the indentation they share (the list itself when they share none)."""
    cut = min((len(line) - len(kept) for line in lines if (kept := line.lstrip())), default=0)
    return [line[cut:] for line in lines] if cut else lines


def _is_indented_or_blank(line: str) -> bool:
    return not line or line[0].isspace()


def _is_title_adornment(line: str, title: str) -> bool:
    line = line.rstrip()
    return bool(_ADORNMENT.fullmatch(line)) and len(line) >= len(title.rstrip())


class _RstReader:
    def __init__(self) -> None:
        self.out = PlainTextWriter()
        self.styles: dict[tuple[str, bool], int] = {}
        self.module = ""
        self.classes: list[str] = []

    # Blocks

    def blocks(self, lines: list[str], literal: bool = False) -> None:
        """Read a body: lines of one indentation level, already dedented (literal: its first indented block is code)."""
        i, paragraph = 0, list[str]()
        while i < len(lines):
            line, stripped = lines[i], lines[i].strip()
            if not stripped:
                literal = self.flush(paragraph) or literal
                paragraph, i = [], i + 1
                continue
            if line[0].isspace():  # an indented block: a literal block, a definition or a quotation
                literal = self.flush(paragraph) or literal
                paragraph, end = [], self.indented_end(lines, i)
                body = _dedent(lines[i:end])
                self.out.code(body) if literal else self.blocks(body)
                i, literal = end, False
                continue
            literal = False
            if not paragraph and (title_end := self.title(lines, i)):
                i = title_end
            elif _EXPLICIT.match(line):
                self.flush(paragraph)
                paragraph, i = [], self.explicit(lines, i)
            elif not paragraph and (_SIMPLE_TABLE_BORDER.fullmatch(stripped) or _GRID_BORDER.fullmatch(stripped)):
                i = self.table(lines, i)
            elif not paragraph and _ADORNMENT.fullmatch(stripped) and len(stripped) >= 4:
                i += 1  # a transition
            elif not paragraph and stripped.startswith(">>>"):
                end = self.unbroken_end(lines, i)
                self.out.code(lines[i:end])
                i = end
            elif not paragraph and (marker := self.list_marker(line, lines[i + 1] if i + 1 < len(lines) else "")):
                i = self.item(lines, i, marker)
            else:
                paragraph.append(stripped[2:] if stripped.startswith("| ") else stripped)
                i += 1
        self.flush(paragraph)

    def flush(self, paragraph: list[str], lead: str = "") -> bool:
        """Write a paragraph (after lead, a list item's bullet); True when it ends with '::', which makes the
        next indented block code."""
        if not paragraph:
            return False
        text = " ".join(paragraph)
        literal = text.endswith("::")
        if literal:
            body = text[:-2]
            text = body.rstrip() if not body or body.endswith(" ") else body + ":"
        self.out.paragraph(f"{lead} {rst_inline(text)}" if lead else rst_inline(text))
        return literal

    @staticmethod
    def indented_end(lines: list[str], i: int) -> int:
        """Where the indented block starting at line i ends (the first line back at the left margin)."""
        end = i
        while end < len(lines) and _is_indented_or_blank(lines[end]):
            end += 1
        while end > i and not lines[end - 1].strip():
            end -= 1
        return end

    @staticmethod
    def unbroken_end(lines: list[str], i: int) -> int:
        end = i
        while end < len(lines) and lines[end].strip():
            end += 1
        return end

    def title(self, lines: list[str], i: int) -> int:
        """The line after a section title starting at line i (with or without overline), or 0."""
        line = lines[i].rstrip()
        if _ADORNMENT.fullmatch(line):
            if i + 2 < len(lines) and lines[i + 2].rstrip() == line and lines[i + 1].strip():
                return self.heading(lines[i + 1], line[0], True, i + 3)
            return 0
        if i + 1 < len(lines) and _is_title_adornment(lines[i + 1], line):
            return self.heading(line, lines[i + 1].strip()[0], False, i + 2)
        return 0

    def heading(self, title: str, char: str, over: bool, after: int) -> int:
        level = self.styles.setdefault((char, over), len(self.styles) + 1)
        self.classes = []
        self.out.heading(level, rst_inline(title.strip()))
        return after

    @staticmethod
    def list_marker(line: str, nxt: str) -> str:
        if match := _BULLET.fullmatch(line):
            return match.group(1)
        if (match := _ENUMERATED.fullmatch(line)) and (not nxt.strip() or nxt[0].isspace() or _ENUMERATED.match(nxt)):
            return (match.group(1) or match.group(4)).replace("#", "1") + "."
        if match := _FIELD.fullmatch(line):
            return ":"
        return ""

    def item(self, lines: list[str], i: int, marker: str) -> int:
        """A list item or a field: its first paragraph prefixed by its bullet, the rest of its body after."""
        end = i + 1
        while end < len(lines) and _is_indented_or_blank(lines[end]):
            end += 1
        while end > i + 1 and not lines[end - 1].strip():
            end -= 1
        field = _FIELD.fullmatch(lines[i]) if marker == ":" else None
        if field is not None:
            first, lead = field.group(2) or "", field.group(1).strip() + ":"
            body = _dedent(lines[i + 1:end])
        else:
            first, lead = lines[i].strip()[len(lines[i].strip().split(None, 1)[0]):].strip(), "-" if marker in "-*+•" else marker
            column = lines[i].index(first) if first else len(lines[i])
            body = [line[column:] if not line[:column].strip() else line.lstrip() for line in lines[i + 1:end]]
        if _EXPLICIT.match(first):  # "- .. _target:": markup, not words
            self.blocks([first] + body)
            return end
        split = next((j for j, line in enumerate(body) if not line.strip()), len(body))
        literal = self.flush([first] + [line.strip() for line in body[:split]], lead)
        self.blocks(body[split:], literal)
        return end

    # Explicit markup: directives, comments, targets

    def explicit(self, lines: list[str], i: int) -> int:
        end = self.indented_end(lines, i + 1) if i + 1 < len(lines) else i + 1
        end = max(end, i + 1)
        directive = _DIRECTIVE.fullmatch(lines[i].strip())
        if directive:
            self.directive(directive.group(1).split(":")[-1] if directive.group(1).startswith(("py:", "std:")) else directive.group(1),
                           directive.group(2) or "", _dedent(lines[i + 1:end]))
        return end

    def directive(self, name: str, argument: str, block: list[str]) -> None:
        split = next((j for j, line in enumerate(block) if not line.strip()), len(block))
        header = [line for line in block[:split] if not _OPTION.match(line.strip())]
        options = [line.strip() for line in block[:split] if _OPTION.match(line.strip())]
        content = _dedent(block[split + 1:])
        arguments = [argument] + [line.strip() for line in header] if argument or header else []
        if name in ("module", "currentmodule"):
            self.module, self.classes = ("" if argument.strip() == "None" else argument.strip()), []
        elif name in SKIPPED_DIRECTIVES or name.startswith(("c:", "cpp:")) and not content:
            return
        elif name in CODE_DIRECTIVES:
            self.out.code((arguments if name == "productionlist" else []) + content)
        elif name in VERSION_LABELS:
            self.version(name, argument, header, content)
        elif name in OBJECT_DIRECTIVES or name.startswith(("c:", "cpp:")):
            self.described_object(name, [a for a in arguments if a], content, options)
        elif name in ("csv-table", "list-table"):
            self.directive_table(name, content, options)
        elif name in ("rubric", "centered", "topic", "sidebar", "admonition", "table", "figure", "glossary") or not content:
            self.out.paragraph(rst_inline(" ".join(a for a in arguments if a)))
            self.blocks(content)
        else:
            self.blocks(([argument] + [line.strip() for line in header] + [""] if argument or header else []) + content)

    def version(self, name: str, argument: str, header: list[str], content: list[str]) -> None:
        version, _, rest = argument.partition(" ")
        first = " ".join([rest.strip()] + [line.strip() for line in header]).strip()
        split = next((j for j, line in enumerate(content) if not line.strip()), len(content))
        if not first and content and not _EXPLICIT.match(content[0]):
            first, content = " ".join(line.strip() for line in content[:split]), content[split + 1:]
        label = f"{VERSION_LABELS[name]} {version}"
        if not first:
            self.out.paragraph(f"{label}.")
        self.blocks(content, bool(first) and self.flush([first], f"{label}:"))

    def described_object(self, name: str, signatures: list[str], content: list[str], options: list[str]) -> None:
        if not signatures:
            self.blocks(content)
            return
        found = _NAME.match(signatures[0])
        short = (found.group(1) or found.group(2)) if found else signatures[0]
        qualified = self.qualified(name, short)
        level = self.out.sections.depth + 1
        self.out.scope(level, qualified)
        prefix = qualified[: len(qualified) - len(short)] if qualified.endswith(short) else ""
        self.out.code([prefix + signature for signature in signatures])
        if name in _CLASSES:
            self.classes.append(short)
        self.blocks(content)
        if name in _CLASSES and self.classes:
            self.classes.pop()
        self.out.end_scope(level)

    def qualified(self, name: str, short: str) -> str:
        if name not in _PYTHON_OBJECTS:
            return short
        owner = ".".join(part for part in (self.module, ".".join(self.classes)) if part)
        if not owner or short.startswith(owner + "."):
            return short
        if self.module and short.startswith(self.module + "."):
            return short
        return f"{owner}.{short}"

    # Tables

    def table(self, lines: list[str], i: int) -> int:
        end = i + 1
        while end < len(lines) and lines[end].strip():
            end += 1
        rows = _grid_rows(lines[i:end]) if lines[i].strip().startswith("+") else _simple_rows(lines[i:end])
        self.out.table([[rst_inline(cell) for cell in row] for row in rows])
        return end

    def directive_table(self, name: str, content: list[str], options: list[str]) -> None:
        if name == "csv-table":
            header = next((option.split(":", 2)[2] for option in options if option.startswith(":header:")), "")
            lines = ([header] if header else []) + [line.strip() for line in content if line.strip()]
            rows = list(csv.reader(lines, skipinitialspace=True))
        else:
            rows, row = [], None
            for line in content:
                stripped = line.strip()
                if stripped.startswith("* - "):
                    row = [stripped[4:]]
                    rows.append(row)
                elif stripped.startswith("- ") and row is not None:
                    row.append(stripped[2:])
                elif stripped and row:
                    row[-1] += " " + stripped
        self.out.table([[rst_inline(cell) for cell in row] for row in rows])


def _simple_rows(lines: list[str]) -> list[list[str]]:
    """The rows of a simple table (columns under runs of '='); a row with an empty first cell continues the last."""
    border = lines[0].rstrip()
    columns = [(m.start(), m.end()) for m in re.finditer(r"=+", border)]
    rows: list[list[str]] = []
    for line in lines[1:]:
        if _SIMPLE_TABLE_BORDER.fullmatch(line.strip()) or re.fullmatch(r"[-\s]+", line):
            continue
        starts = [start for start, _ in columns]
        cells = [line[a:b].strip() for a, b in zip(starts, starts[1:] + [len(line)], strict=True)]
        if rows and not cells[0]:
            rows[-1] = [f"{old} {new}".strip() for old, new in zip(rows[-1], cells, strict=False)]
        else:
            rows.append(cells)
    return rows


def _grid_rows(lines: list[str]) -> list[list[str]]:
    """The rows of a grid table, each cell's lines joined."""
    rows: list[list[str]] = []
    current: list[list[str]] | None = None
    for line in lines:
        stripped = line.strip()
        if _GRID_BORDER.fullmatch(stripped):
            if current:
                rows.append([" ".join(part for part in cell if part) for cell in current])
            current = None
            continue
        cells = [cell.strip() for cell in stripped.strip("|").split("|")]
        if current is None:
            current = [[cell] for cell in cells]
        else:
            for k, cell in enumerate(cells[: len(current)]):
                current[k].append(cell)
    if current:
        rows.append([" ".join(part for part in cell if part) for cell in current])
    return rows


def rst_text(source: str) -> PlainText:
    """The text a reader of the rendered document sees, where its sections and inline code stand."""
    reader = _RstReader()
    reader.blocks(source.replace("\r\n", "\n").replace("\r", "\n").expandtabs(8).split("\n"))
    return reader.out.result()
