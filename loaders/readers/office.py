"""Workbooks and Word files -> TAB-layout text.

XLSX (openpyxl): every visible sheet in order, a row a line, cells TAB-separated; a number
is written with the decimals its number format shows (100.5 under 0.00 prints 100.50, the
precision a reader sees), a number stored as text as it is; the cells a merge covers are
empty, as in a PDF table. Hidden sheets are not disclosures' pages and are left out.
XLS (python-calamine, which reads the old binary format): the same, with numbers as their
shortest exact decimal (the format is not available). DOCX (python-docx): paragraphs and
tables in document order, a merged cell once, each line's page where the file records its
page breaks. An old binary Word file (.doc) is reported
with how to convert it: no maintained Python library reads it.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

from loaders.limits import MAX_UNPACKED_BYTES
from loaders.readers.base import ReaderError, Rendered, cell_text

_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DECIMALS = re.compile(r"0\.(0+)")


def _zip_names(data: bytes) -> set[str]:
    if not data.startswith(b"PK\x03\x04"):
        return set()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except zipfile.BadZipFile:
        return set()


def _within_unpacked_bound(data: bytes, kind: str) -> None:
    """A workbook or Word file is a zip: a few kilobytes may unpack to gigabytes (a zip bomb).
    zipfile never unpacks a member beyond the size its header states, so the headers bound it."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        raise ReaderError(
            f"{kind} of {len(data)} bytes that unpacks to {unpacked} bytes, more than the {MAX_UNPACKED_BYTES} "
            "one document may hold (loaders/limits.py): a zip bomb, or not one disclosure"
        )


def is_xlsx(data: bytes) -> bool:
    return "xl/workbook.xml" in _zip_names(data)


def is_docx(data: bytes) -> bool:
    return "word/document.xml" in _zip_names(data)


def is_ole2(data: bytes) -> bool:
    return data.startswith(_OLE2_MAGIC)


def _number(value: float | int | Decimal, number_format: str | None) -> str:
    """A stored number as the sheet shows it: with its format's decimals, else exactly."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    match = _DECIMALS.search(number_format or "")
    if match:
        return str(exact.quantize(Decimal(1).scaleb(-len(match.group(1)))))
    return format(exact.normalize(), "f") if exact == exact.to_integral_value() else str(exact)


def _value(value: object, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        return _number(value, number_format)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return cell_text(value)


def _sheet_lines(rows: list[list[str]], page: int, lines: list[str], pages: list[int]) -> None:
    for row in rows:
        while row and not row[-1]:
            row.pop()
        filled = [c for c in row if c]
        # A row of one filled cell is a line of text (a title, a 单位 line), as in a PDF.
        lines.append(filled[0] if len(filled) == 1 and row[0] == filled[0] else "\t".join(row) if row else "")
        pages.append(page)
    lines.append("")
    pages.append(page)


def xlsx_to_text(data: bytes) -> Rendered:
    import openpyxl  # imported here: loading it costs time a text batch does not need

    _within_unpacked_bound(data, "an XLSX workbook")
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken or encrypted file
        raise ReaderError(f"not a readable XLSX workbook: {type(exc).__name__}: {exc}") from exc
    lines: list[str] = []
    pages: list[int] = []
    for page, sheet in enumerate(book.worksheets, start=1):
        if sheet.sheet_state != "visible":
            continue
        rows = [[_value(c.value, c.number_format) for c in row] for row in sheet.iter_rows()]
        _sheet_lines(rows, page, lines, pages)
    return Rendered("\n".join(lines), pages, "xlsx")


def ole2_to_text(data: bytes) -> Rendered:
    """An old binary Office file: a workbook (.xls) is read; a Word file (.doc) is reported."""
    if b"W\x00o\x00r\x00d\x00D\x00o\x00c\x00u\x00m\x00e\x00n\x00t" in data:
        raise ReaderError(
            "an old binary Word file (.doc) cannot be read; convert it to .docx first, e.g. "
            "`libreoffice --headless --convert-to docx FILE.doc`"
        )
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = [(m.name, str(m.visible).lower().endswith("visible")) for m in book.sheets_metadata]
        lines: list[str] = []
        pages: list[int] = []
        for page, (name, visible) in enumerate(sheets, start=1):
            if not visible:
                continue
            rows = [[_value(v) for v in row] for row in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
            _sheet_lines(rows, page, lines, pages)
    except Exception as exc:
        raise ReaderError(f"not a readable XLS workbook: {type(exc).__name__}: {exc}") from exc
    return Rendered("\n".join(lines), pages, "xls")


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_RENDERED_BREAK = _W + "lastRenderedPageBreak"


def _is_hard_break(element) -> bool:
    """A page break the author put in: a page break in the text, or a paragraph set to
    start a page (pageBreakBefore)."""
    if element.tag == _W + "br":
        return element.get(_W + "type") == "page"
    return element.tag == _W + "pageBreakBefore" and element.get(_W + "val", "true") not in ("0", "false")


def _section_ends_page(element) -> bool:
    """A paragraph that closes a section, the next starting on a new page (the default)."""
    section = element.find(f"{_W}pPr/{_W}sectPr")
    kind = section.find(_W + "type") if section is not None else None
    return section is not None and (kind is None or kind.get(_W + "val") != "continuous")


def _pages(element, page: int, breaks) -> tuple[int, int]:
    """(page the block starts on, page after it): a break before its first text moves the
    block itself to the next page, one after its text only what follows."""
    start = end = page
    text_seen = False
    for node in element.iter():
        if breaks(node):
            end += 1
            start += 0 if text_seen else 1
        elif node.tag == _W + "t" and node.text:
            text_seen = True
    if element.tag == _W + "p" and _section_ends_page(element):
        end += 1
    return start, end


def docx_to_text(data: bytes) -> Rendered:
    """Paragraphs and table rows as lines; the page of each where the file records its pages:
    the breaks Word (or WPS) rendered when it last saved the file (lastRenderedPageBreak), else
    the breaks the author put in. A file with neither has no pages to give (None): one page,
or a file no word processor has laid out."""
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    _within_unpacked_bound(data, "a Word file")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ReaderError(f"not a readable DOCX file: {type(exc).__name__}: {exc}") from exc
    body = document.element.body
    if any(True for _ in body.iter(_RENDERED_BREAK)):
        breaks = lambda node: node.tag == _RENDERED_BREAK  # noqa: E731 - what Word rendered
    else:
        breaks = _is_hard_break
    lines: list[str] = []
    pages: list[int] = []
    page = 1
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            start, page = _pages(block._p, page, breaks)
            lines.append(block.text)
            pages.append(start)
        elif isinstance(block, Table):
            for row in block.rows:
                start, page = _pages(row._tr, page, breaks)
                cells, seen = [], set()
                for cell in row.cells:
                    # A merged cell is returned once per grid column it spans: keep it once,
                    # the columns it covers empty, as the other readers give them.
                    cells.append("" if id(cell._tc) in seen else cell_text(cell.text))
                    seen.add(id(cell._tc))
                lines.append("\t".join(cells))
                pages.append(start)
            lines.append("")
            pages.append(page)
    return Rendered("\n".join(lines), pages if page > 1 else None, "docx")
