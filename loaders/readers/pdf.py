"""PDF with a text layer -> text in the TAB layout: every ruled table pdfplumber finds
becomes TAB-separated rows, every other line of text a line of prose, in reading order,
page by page. A page that is only an image (a scan) is reported; OCR is not read here.

pdfplumber is the reference PDF library for tables (it finds ruling lines and cell
boundaries), and the text renderings the development documents come with were made with
it, so a PDF and its TAB rendering read the same.
"""

from __future__ import annotations

import io

import pdfplumber

from loaders.readers.base import ReaderError, Rendered, cell_text

_PDF_MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(_PDF_MAGIC)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def pdf_to_text(data: bytes) -> Rendered:
    """Every page's tables and prose, in reading order, as TAB-layout text."""
    lines: list[str] = []
    pages: list[int] = []
    unread: list[tuple[int, str]] = []
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises several unrelated types for a broken file
        raise ReaderError(f"not a readable PDF: {type(exc).__name__}: {exc}") from exc
    with pdf:
        for number, page in enumerate(pdf.pages, start=1):
            if not page.chars:
                if page.images:  # a scan: its text is in the image; a page with no image is blank
                    unread.append((number, "an image without a text layer (a scan); OCR is not available"))
                continue
            tables = page.find_tables()
            boxes = [t.bbox for t in tables]
            blocks: list[tuple[float, list[str]]] = []
            prose = page.filter(lambda obj, boxes=boxes: obj.get("object_type") != "char" or not _inside(obj, boxes))
            for line in prose.extract_text_lines():
                blocks.append((line["top"], [line["text"]]))
            for table in tables:
                rows = ["\t".join(cell_text(c) for c in row) for row in table.extract()]
                blocks.append((table.bbox[1], rows))
            for _, block in sorted(blocks, key=lambda b: b[0]):
                for text in block:
                    lines.append(text)
                    pages.append(number)
            lines.append("")  # pages apart, as the text renderings print them
            pages.append(number)
    return Rendered("\n".join(lines), pages, "pdf", unread)
