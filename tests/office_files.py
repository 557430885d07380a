"""Workbooks and Word files built from the real tables of a TAB rendering (no real
disclosure published as a spreadsheet or Word file is at hand): the same cells, written
with openpyxl, xlwt (the old binary .xls) and python-docx, amounts stored as numbers with
the decimals they print."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

_AMOUNT = re.compile(r"^-?[\d,]+\.(\d+)$")


def _blocks(text: str) -> list[list[str]]:
    """Lines in page blocks (the renderings separate pages with a blank line)."""
    blocks: list[list[str]] = [[]]
    for line in text.split("\n"):
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def tab_to_xlsx(source: Path, target: Path) -> None:
    """One sheet per page (a page may hold several tables), plus a hidden sheet of notes."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for index, block in enumerate(_blocks(source.read_text(encoding="utf-8")), start=1):
        sheet = book.create_sheet(f"第{index}页")
        for row, line in enumerate(block, start=1):
            for column, cell in enumerate(line.split("\t"), start=1):
                match = _AMOUNT.match(cell.strip())
                if match:
                    target_cell = sheet.cell(row, column, float(Decimal(cell.replace(",", ""))))
                    target_cell.number_format = "#,##0." + "0" * len(match.group(1))
                elif cell:
                    sheet.cell(row, column, cell)
    notes = book.create_sheet("审核意见")
    notes.append(["备注", "9,999.99"])
    notes.append(["合计", 12345.67])
    notes.sheet_state = "hidden"
    book.save(target)


def tab_to_xls(source: Path, target: Path) -> None:
    """The old binary workbook (.xls, BIFF8): one sheet per page, plus a hidden sheet of notes.
    xlwt writes the format only; the loader reads it with python-calamine."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles: dict[int, object] = {}  # one style per number of decimals: a workbook holds few
    for index, block in enumerate(_blocks(source.read_text(encoding="utf-8")), start=1):
        sheet = book.add_sheet(f"第{index}页")
        for row, line in enumerate(block):
            for column, cell in enumerate(line.split("\t")):
                match = _AMOUNT.match(cell.strip())
                if match:
                    decimals = len(match.group(1))
                    style = styles.setdefault(decimals, xlwt.easyxf(num_format_str="#,##0." + "0" * decimals))
                    sheet.write(row, column, float(Decimal(cell.replace(",", ""))), style)
                elif cell:
                    sheet.write(row, column, cell)
    notes = book.add_sheet("审核意见")
    notes.write(0, 0, "备注")
    notes.write(0, 1, "9,999.99")
    notes.write(1, 0, "合计")
    notes.write(1, 1, 12345.67)
    notes.visibility = 1  # hidden
    book.save(str(target))


def tab_to_docx(source: Path, target: Path) -> None:
    """Prose lines as paragraphs, each run of TAB rows as one Word table."""
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush() -> None:
        if rows:
            width = max(len(r) for r in rows)
            table = document.add_table(rows=len(rows), cols=width)
            for r, cells in enumerate(rows):
                for c, cell in enumerate(cells):
                    table.cell(r, c).text = cell
            rows.clear()

    for line in source.read_text(encoding="utf-8").split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        document.add_paragraph(line)
    flush()
    document.save(target)
