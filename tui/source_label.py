"""How a source is named to the reader: its document, and the section it stands in."""

from __future__ import annotations

from docent.retrieval.chunking import Passage, section_label
from docent.retrieval.structure import SECTION_SEPARATOR


def located(passage: Passage) -> str:
    """'library/os.rst > Files and Directories > os.chmod': the document, then the section if any."""
    section = section_label(passage)
    return f"{passage.doc_id}{SECTION_SEPARATOR}{section}" if section else passage.doc_id


def located_briefly(passage: Passage) -> str:
    """'library/os.rst > … > os.chmod': the document and the heading right above the passage, the headings between
    left out, for a line too narrow for the whole path (a narrow line would cut the most telling part)."""
    path = section_label(passage).split(SECTION_SEPARATOR)
    if len(path) <= 1:
        return located(passage)
    return SECTION_SEPARATOR.join((passage.doc_id, "…", path[-1]))
