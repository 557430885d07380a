"""What every reader gives: TAB-layout text, and where each line came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_WRAP = re.compile(r"\s*\n\s*")


@dataclass
class Rendered:
    text: str
    line_pages: list[int] | None  # page (a PDF page, a sheet's position) of each text line, 1-based
    format: str  # pdf, xlsx, xls, docx: recorded as the document's encoding
    unread_pages: list[tuple[int, str]] = field(default_factory=list)  # (page, why it was not read)
    ocr_pages: list[tuple[int, str]] = field(default_factory=list)  # (page, how OCR read it): a warning each


class ReaderError(ValueError):
    """A file of a known format that cannot be read (broken, encrypted, an old binary format)."""


def cell_text(text: object) -> str:
    """A cell's text with the line breaks of a wrapped label removed (三、国有资本经营预 / 算)."""
    return _WRAP.sub("", "" if text is None else str(text)).replace("\t", " ")
