"""How a source is named to the reader: its document, and the section it stands in."""

from __future__ import annotations

from docent.retrieval.chunking import Passage
from docent.retrieval.structure import SECTION_SEPARATOR


def section_label(passage: Passage) -> str:
    """The passage's section path without the document's own title, which leads most paths ('' if none)."""
    path = passage.section.split(SECTION_SEPARATOR) if passage.section else []
    if path and path[0] == passage.title:
        path = path[1:]
    return SECTION_SEPARATOR.join(path)


def located(passage: Passage) -> str:
    """'library/os.rst > Files and Directories > os.chmod': the document, then the section if any."""
    section = section_label(passage)
    return f"{passage.doc_id}{SECTION_SEPARATOR}{section}" if section else passage.doc_id
