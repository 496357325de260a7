"""Text of a PDF, page by page, through the optional pypdf package (pip install 'docent[pdf]')."""

from __future__ import annotations

import io
import logging


class PdfUnavailable(Exception):
    """pypdf is not installed."""


class PdfUnreadable(Exception):
    """The PDF is damaged, encrypted or has no text layer."""


def pdf_pages(data: bytes) -> tuple[list[str], str]:
    """The text of each page, in order, and the title from the PDF's metadata ('' if none)."""
    try:
        import pypdf
    except ImportError:
        raise PdfUnavailable("PDF support is not installed (pip install 'docent[pdf]')") from None
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # damaged files are reported by us, once
    try:
        reader = pypdf.PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfUnreadable("encrypted")
        pages = [page.extract_text() or "" for page in reader.pages]
        metadata = reader.metadata
        title = (metadata.title or "") if metadata else ""
    except PdfUnreadable:
        raise
    except Exception as error:  # pypdf raises many kinds of error on damaged files
        raise PdfUnreadable(f"damaged ({type(error).__name__})") from None
    return pages, " ".join(str(title).split())
