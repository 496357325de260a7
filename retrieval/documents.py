"""Find the documents below a corpus path and turn each file into text with a stable id and a title."""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from docent.retrieval.html_text import html_text
from docent.retrieval.markdown_text import markdown_text
from docent.retrieval.pdf_text import PdfUnavailable, PdfUnreadable, pdf_pages
from docent.retrieval.rst_text import rst_text
from docent.retrieval.structure import SectionMark, plain_text_sections

TEXT_SUFFIXES = frozenset({".txt", ".md", ".rst"})
HTML_SUFFIXES = frozenset({".html", ".htm"})
MARKED_UP_SUFFIXES = frozenset({".md", ".rst"})
# Files whose text is kept as written: an indented block in them may be a paragraph (AsciiDoc lists).
AS_WRITTEN_SUFFIXES = frozenset({".txt", ".pdf"})
CORPUS_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | {".pdf"}
TITLE_MAX_CHARS = 80
BINARY_SNIFF_BYTES = 8192
PAGE_SEPARATOR = "\n\n"

# Why a file was left out. Hidden entries and other formats are expected; the rest are worth a notice.
HIDDEN, OTHER_FORMAT = "hidden", "other format"
BINARY, UNDECODABLE, UNREADABLE, EMPTY = "binary", "undecodable", "unreadable", "no text"
NO_PDF_SUPPORT, BAD_PDF = "PDF support not installed", "damaged PDF"
SEEN_FOLDER = "folder already seen (link)"
EXPECTED_SKIPS = frozenset({HIDDEN, OTHER_FORMAT, SEEN_FOLDER})


class CorpusError(Exception):
    """A corpus path the user gave cannot be used."""


class Unreadable(Exception):
    """A file that is not a readable document; the message is the reason."""


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus root, with forward slashes
    title: str
    text: str
    page_starts: tuple[int, ...] = ()  # PDFs: offset in text where page n + 1 begins
    code: tuple[int, ...] = ()  # where the file marks inline code (`x`, <code>): flat (start, end) pairs of offsets
    # Where its headings stand, as read from the file: for making passages, not kept in the index.
    sections: tuple[SectionMark, ...] = ()


@dataclass(frozen=True)
class SkippedFile:
    doc_id: str
    reason: str

    @property
    def expected(self) -> bool:
        """Hidden entries and other formats: left out by design, not a problem with the file."""
        return self.reason in EXPECTED_SKIPS


@dataclass(frozen=True)
class SourceFile:
    """A candidate document found by scanning, before it is read."""

    doc_id: str
    path: Path
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class CorpusScan:
    root: Path
    files: list[SourceFile]
    skipped: list[SkippedFile]


@dataclass(frozen=True)
class Corpus:
    root: Path
    documents: Sequence[Document]
    skipped: list[SkippedFile] = field(default_factory=list)


def skip_counts(skipped: Sequence[SkippedFile]) -> dict[str, int]:
    """How many files were left out for each reason, most common first."""
    counts: dict[str, int] = {}
    for entry in skipped:
        counts[entry.reason] = counts.get(entry.reason, 0) + 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _source(doc_id: str, path: Path, info: os.stat_result) -> SourceFile:
    return SourceFile(doc_id, path, info.st_size, info.st_mtime_ns)


def _walk(root: Path, files: list[SourceFile], skipped: list[SkippedFile]) -> None:
    """Depth first, in name order, following links to folders but never into one already seen."""
    seen: set[tuple[int, int]] = set()
    pending = [(root, "")]
    while pending:
        folder, prefix = pending.pop()
        try:
            info = folder.stat()
            if (info.st_dev, info.st_ino) in seen:
                skipped.append(SkippedFile(prefix.rstrip("/"), SEEN_FOLDER))
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            skipped.append(SkippedFile(prefix.rstrip("/") or ".", UNREADABLE))
            continue
        subfolders = []
        for entry in entries:
            doc_id = prefix + entry.name
            if entry.name.startswith("."):
                skipped.append(SkippedFile(doc_id, HIDDEN))
                continue
            try:
                info = entry.stat()  # follows links
            except OSError:
                skipped.append(SkippedFile(doc_id, UNREADABLE))  # a broken link, or no permission
                continue
            if stat.S_ISDIR(info.st_mode):
                subfolders.append((Path(entry.path), doc_id + "/"))
            elif not stat.S_ISREG(info.st_mode):
                skipped.append(SkippedFile(doc_id, OTHER_FORMAT))
            elif Path(entry.name).suffix.lower() in CORPUS_SUFFIXES:
                files.append(_source(doc_id, Path(entry.path), info))
            else:
                skipped.append(SkippedFile(doc_id, OTHER_FORMAT))
        pending.extend(reversed(subfolders))


def scan_corpus(root: Path) -> CorpusScan:
    """The supported files below root (or root itself when it is a file), sorted by id."""
    root = Path(root).expanduser()
    if not root.exists():
        raise CorpusError(f"corpus not found: {root}")
    files: list[SourceFile] = []
    skipped: list[SkippedFile] = []
    if root.is_file():
        files.append(_source(root.name, root, root.stat()))
    else:
        _walk(root, files, skipped)
    files.sort(key=lambda source: source.doc_id)
    return CorpusScan(root, files, skipped)


def _is_adornment(line: str) -> bool:
    """A reStructuredText section underline or overline, such as '====='."""
    return len(line) >= 3 and len(set(line)) == 1 and not line[0].isalnum()


def is_as_written(doc_id: str) -> bool:
    """Whether a document's text is its file's text as written, rather than plain text made from markup."""
    return os.path.splitext(doc_id)[1].lower() in AS_WRITTEN_SUFFIXES  # a tenth of Path(doc_id).suffix's time


def title_of(text: str, suffix: str) -> str:
    """The first Markdown heading of a .md file, else the first line that is not an rst underline."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if suffix == ".md":
        for line in lines:
            if line.startswith("#"):
                return line.lstrip("#").strip()[:TITLE_MAX_CHARS]
    for line in lines:
        if not _is_adornment(line):
            return line[:TITLE_MAX_CHARS]
    return ""


def decode_text(data: bytes) -> str:
    """Bytes as UTF-8 text; raises Unreadable for binary data or another encoding."""
    if b"\x00" in data[:BINARY_SNIFF_BYTES]:
        raise Unreadable(BINARY)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(UNDECODABLE) from None


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """An HTML page as text: UTF-8, else the charset its <meta> declares; raises Unreadable otherwise."""
    try:
        return decode_text(data)
    except Unreadable as error:
        declared = _DECLARED_CHARSET.search(data[:BINARY_SNIFF_BYTES])
        if str(error) == BINARY or not declared:
            raise
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            raise error from None


def _pdf_document(doc_id: str, data: bytes) -> Document:
    try:
        pages, title = pdf_pages(data)
    except PdfUnavailable:
        raise Unreadable(NO_PDF_SUPPORT) from None
    except PdfUnreadable:
        raise Unreadable(BAD_PDF) from None
    starts, offset = [], 0
    for page in pages:
        starts.append(offset)
        offset += len(page) + len(PAGE_SEPARATOR)
    text = PAGE_SEPARATOR.join(pages)
    return Document(doc_id, title[:TITLE_MAX_CHARS] or title_of(text, ".pdf"), text, tuple(starts))


def _marked_up_document(doc_id: str, source: str, suffix: str) -> Document:
    """A Markdown or reStructuredText file as the plain text its reader sees, titled by its first heading."""
    plain = markdown_text(source) if suffix == ".md" else rst_text(source)
    sections = plain.sections
    title = sections[0].path[0] if sections and sections[0].path else title_of(plain.text, suffix)
    return Document(doc_id, title[:TITLE_MAX_CHARS], plain.text, code=plain.code, sections=sections)


def document_from_bytes(doc_id: str, data: bytes) -> Document:
    """The document a file holds, by its suffix; raises Unreadable with the reason it is not one."""
    suffix = Path(doc_id).suffix.lower()
    if suffix == ".pdf":
        document = _pdf_document(doc_id, data)
    elif suffix in HTML_SUFFIXES:
        plain, title = html_text(decode_html(data))
        title = title[:TITLE_MAX_CHARS] or title_of(plain.text, suffix)
        document = Document(doc_id, title, plain.text, code=plain.code, sections=plain.sections)
    elif suffix in MARKED_UP_SUFFIXES:
        document = _marked_up_document(doc_id, decode_text(data), suffix)
    else:
        text = decode_text(data)
        document = Document(doc_id, title_of(text, suffix), text, sections=plain_text_sections(text))
    if not document.text.strip():
        raise Unreadable(EMPTY)
    return document


def read_source(source: SourceFile) -> bytes:
    try:
        return source.path.read_bytes()
    except OSError:
        raise Unreadable(UNREADABLE) from None


def load_corpus(root: Path) -> Corpus:
    """Every document below root, read now; open_index in index_cache reads only what changed."""
    scan = scan_corpus(root)
    documents, skipped = [], list(scan.skipped)
    for source in scan.files:
        try:
            documents.append(document_from_bytes(source.doc_id, read_source(source)))
        except Unreadable as reason:
            skipped.append(SkippedFile(source.doc_id, str(reason)))
    if not documents:
        raise CorpusError(no_documents_message(scan.root))
    return Corpus(scan.root, documents, skipped)


def no_documents_message(root: Path) -> str:
    kinds = ", ".join(sorted(CORPUS_SUFFIXES - {".htm"}))
    return f"no readable documents ({kinds}) in {root}"
