"""Readers: a published file's bytes -> text in the TAB layout the pipeline reads, with the
page (a PDF's page, a workbook's sheet) each line came from. Chosen by the file's bytes,
never its name; text files are not rendered (None) and go to decoding. The templates never
know which reader was used."""

from __future__ import annotations

from loaders.readers.base import ReaderError, Rendered
from loaders.readers.office import docx_to_text, is_docx, is_ole2, is_xlsx, ole2_to_text, xlsx_to_text
from loaders.readers.pdf import is_pdf, pdf_to_text

__all__ = ["ReaderError", "Rendered", "render"]


def render(data: bytes) -> Rendered | None:
    """The file as TAB-layout text, or None for a text file."""
    if is_pdf(data):
        return pdf_to_text(data)
    if is_xlsx(data):
        return xlsx_to_text(data)
    if is_docx(data):
        return docx_to_text(data)
    if is_ole2(data):
        return ole2_to_text(data)
    return None
