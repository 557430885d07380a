"""PDF with a text layer -> text in the TAB layout: every ruled table pdfplumber's table finder
finds becomes TAB-separated rows, every other line of text a line of prose, in reading order,
page by page. A page that is only an image (a scan) is read by OCR (`ocr.py`) into lines of
text in the bare layout; a scanned page OCR finds no text on is reported by its number.

pdfium (pypdfium2) reads the page: its characters and ruling lines (`pdf_page.py`), in C, about
four times as fast as pdfplumber's own reading through pdfminer. pdfplumber's table finder then
finds the tables on them: it is the reference for tables (ruling lines -> cell boundaries), and
the text renderings the development documents come with were made with it, so a PDF and its
TAB rendering read the same.
"""

from __future__ import annotations

import contextlib
import threading

import pypdfium2
import pypdfium2.raw as pdfium
from pdfplumber.table import TableFinder

from loaders.limits import MAX_OCR_PAGES, MAX_PDF_PAGES
from loaders.readers.base import ReaderError, Rendered, cell_text
from loaders.readers.ocr import ocr_image, render_page
from loaders.readers.pdf_page import PdfiumPage
from loaders.readers.positions import Word, placed_lines

_PDF_MAGIC = b"%PDF-"


def is_pdf(data: bytes) -> bool:
    return data[:1024].lstrip().startswith(_PDF_MAGIC)


def _inside(obj: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


# pdfium is not thread-safe, not even across documents (pypdfium2's documentation: a call
# beside another crashes or corrupts the process). Every call into it holds this lock, and
# every pdfium object is closed while it is held (never left to a finaliser in another
# thread). The loaders run in processes of one thread, where it is never contended; a Dask
# worker that runs tasks in threads reads one PDF page at a time, the rest in parallel.
_PDFIUM = threading.Lock()


def pdf_to_text(data: bytes) -> Rendered:
    """Every page's tables and prose, in reading order, as TAB-layout text."""
    lines: list[str] = []
    pages: list[int] = []
    unread: list[tuple[int, str]] = []
    notes: list[tuple[int, str]] = []
    with _PDFIUM:
        document = _open(data)
        count = len(document)
    try:
        if count > MAX_PDF_PAGES:
            raise ReaderError(
                f"a PDF of {count} pages, more than the {MAX_PDF_PAGES} one document may hold "
                "(loaders/limits.py); split it into its departments' disclosures"
            )
        scans = _Scans(document)
        for number in range(1, count + 1):
            # One page at a time, closed when read: memory stays that of a page, whatever the file.
            with _PDFIUM, contextlib.closing(document[number - 1]) as page, \
                    contextlib.closing(page.get_textpage()) as textpage:
                read = PdfiumPage(page, textpage)  # plain Python data from here on
                scanned = not read.chars and _has_image(page)
            if read.chars:
                text = _text_layer(read)
            elif scanned:  # a scan: its text is in the image; a page with no image is blank
                text, why = scans.read(number)
                (notes if text else unread).append((number, why))
            else:
                continue
            lines.extend(text + [""])  # pages apart, as the text renderings print them
            pages.extend([number] * (len(text) + 1))
    finally:
        with _PDFIUM:
            document.close()
    return Rendered("\n".join(lines), pages, "pdf+ocr" if notes else "pdf", unread, notes)


def _open(data: bytes):
    try:
        return pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if exc.err_code == pdfium.FPDF_ERR_PASSWORD:
            raise ReaderError(
                "a password-protected PDF: it opens only with its password; load an unprotected copy "
                "(qpdf --decrypt --password=PASSWORD in.pdf out.pdf)"
            ) from exc
        raise ReaderError(f"not a readable PDF: {exc}") from exc


def _has_image(page) -> bool:
    return any(True for _ in page.get_objects(filter=[pdfium.FPDF_PAGEOBJ_IMAGE]))


def _text_layer(page: PdfiumPage) -> list[str]:
    """A page's ruled tables as TAB rows and the rest as lines of prose, top to bottom."""
    tables = TableFinder(page).tables
    boxes = [t.bbox for t in tables]
    blocks: list[tuple[float, list[str]]] = []
    prose = page.without(lambda char: not _inside(char, boxes))
    # Text outside the ruled tables: prose, and tables printed without rulings, whose rows
    # become TAB cells by where their words stand (positions.py), as a scanned table's do.
    words = [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"]) for w in prose.extract_words()]
    for top, text in placed_lines(words):
        blocks.append((top, [text]))
    for table in tables:
        blocks.append((table.bbox[1], ["\t".join(cell_text(c) for c in row) for row in table.extract()]))
    return [text for _, block in sorted(blocks, key=lambda b: b[0]) for text in block]


class _Scans:
    """The scanned pages of one PDF read by OCR, at most MAX_OCR_PAGES of them."""

    def __init__(self, document):
        self.document = document
        self.read_pages = 0

    def read(self, number: int) -> tuple[list[str], str]:
        """(lines, why): the page's text by OCR, with what the reader should know about it."""
        if self.read_pages >= MAX_OCR_PAGES:
            return [], f"a scanned page beyond the first {MAX_OCR_PAGES} of this document; OCR stopped there"
        self.read_pages += 1
        try:
            with _PDFIUM:
                image = render_page(self.document, number - 1)
            result = ocr_image(image)
        except Exception as exc:  # a page pdfium cannot render, or an image OCR cannot take
            return [], f"a scanned page that could not be read by OCR ({type(exc).__name__}: {exc})"
        if not result.lines:
            return [], "an image without a text layer (a scan) on which OCR found no text"
        why = f"a scanned page read by OCR: {len(result.lines)} lines, mean score {result.mean_score:.2f}"
        if result.doubtful:
            why += "; figures read with a low score: " + ", ".join(result.doubtful[:20])
        return result.lines, why
