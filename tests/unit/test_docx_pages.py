"""A Word file's pages (loaders/readers/office.py): from the breaks Word rendered when it
last saved the file, else from the breaks the author put in, else none at all."""

from __future__ import annotations

import io

import docx
from docx.oxml import OxmlElement

from loaders.readers.office import docx_to_text


def _rendered_break_before(paragraph) -> None:
    """What Word writes where a page started when it laid the file out."""
    run = paragraph.runs[0]._r
    run.insert(0, OxmlElement("w:lastRenderedPageBreak"))


def _pages(document) -> list[tuple[str, int]] | None:
    data = io.BytesIO()
    document.save(data)
    rendered = docx_to_text(data.getvalue())
    if rendered.line_pages is None:
        return None
    return [(line, page) for line, page in zip(rendered.text.split("\n"), rendered.line_pages, strict=True) if line]


def test_a_file_no_word_processor_laid_out_has_no_pages():
    document = docx.Document()
    document.add_paragraph("一、部门职责")
    document.add_table(rows=1, cols=2).cell(0, 0).text = "合计"
    assert _pages(document) is None


def test_hard_page_breaks_give_the_pages():
    document = docx.Document()
    document.add_paragraph("一、部门职责")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "合计", "3.00"
    table.cell(1, 0).text, table.cell(1, 1).text = "201", "3.00"
    document.add_page_break()
    document.add_paragraph("二、收支预算总表")
    assert _pages(document) == [("一、部门职责", 1), ("合计\t3.00", 1), ("201\t3.00", 1), ("二、收支预算总表", 2)]


def test_rendered_breaks_are_the_pages_and_a_table_row_may_start_one():
    document = docx.Document()
    document.add_paragraph("一、部门职责")
    # A hard break Word also rendered: counted once, from the rendered break.
    document.add_page_break()
    second = document.add_paragraph("二、收支预算总表")
    _rendered_break_before(second)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "合计", "3.00"
    table.cell(1, 0).text, table.cell(1, 1).text = "201", "3.00"
    _rendered_break_before(table.cell(1, 0).paragraphs[0])  # the table runs onto the next page
    assert _pages(document) == [("一、部门职责", 1), ("二、收支预算总表", 2), ("合计\t3.00", 2), ("201\t3.00", 3)]
