"""Load a folder of text files into documents with stable ids and titles."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

CORPUS_SUFFIXES = frozenset({".txt", ".md"})
TITLE_MAX_CHARS = 80


class CorpusError(Exception):
    """A corpus path the user gave cannot be used."""


@dataclass(frozen=True)
class Document:
    doc_id: str  # path relative to the corpus root, with forward slashes
    title: str
    text: str


@dataclass(frozen=True)
class Corpus:
    root: Path
    documents: list[Document]
    skipped: list[str] = field(default_factory=list)


def corpus_files(root: Path) -> list[Path]:
    """Supported files below root, recursively, skipping hidden ones, in a stable order."""
    if root.is_file():
        return [root]
    found = []
    for path in root.rglob("*"):
        relative = path.relative_to(root)
        if any(part.startswith(".") for part in relative.parts):
            continue
        if path.suffix.lower() in CORPUS_SUFFIXES and path.is_file():
            found.append(path)
    return sorted(found, key=lambda p: p.relative_to(root).as_posix())


def document_id(root: Path, path: Path) -> str:
    if root.is_file():
        return path.name
    return path.relative_to(root).as_posix()


def title_of(text: str, suffix: str) -> str:
    """The first Markdown heading of a .md file, else the first non-empty line."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return ""
    if suffix == ".md":
        for line in lines:
            if line.startswith("#"):
                return line.lstrip("#").strip()[:TITLE_MAX_CHARS]
    return lines[0][:TITLE_MAX_CHARS]


def read_text(path: Path) -> str | None:
    """The file decoded as UTF-8, or None when it is not text."""
    data = path.read_bytes()
    if b"\x00" in data[:4096]:
        return None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def load_corpus(root: Path) -> Corpus:
    root = Path(root).expanduser()
    if not root.exists():
        raise CorpusError(f"corpus not found: {root}")
    documents, skipped = [], []
    for path in corpus_files(root):
        doc_id = document_id(root, path)
        try:
            text = read_text(path)
        except OSError:
            text = None
        if text is None:
            skipped.append(doc_id)
            continue
        if text.strip():
            documents.append(Document(doc_id, title_of(text, path.suffix.lower()), text))
    if not documents:
        raise CorpusError(f"no readable .txt or .md documents in {root}")
    return Corpus(root, documents, skipped)
