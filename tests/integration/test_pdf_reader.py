"""The PDF reader reads a page with pdfium (loaders/readers/pdf_page.py) into what pdfplumber's
table finder works on. Every page of every real PDF must read as pdfplumber reading the page
itself (through pdfminer) reads it: the same lines, the same ruled tables cell for cell, the
same prose, in the same order. Only spaces may differ: pdfium does not keep a printed space
as a character, so a word split by a space alone, no wider than pdfplumber's word tolerance,
reads as one (1. 一般公共预算 -> 1.一般公共预算); everything downstream compares text without
spaces."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor

import pdfplumber
import pypdfium2
import pytest
from pdfplumber.table import TableFinder

from loaders.readers.base import cell_text
from loaders.readers.pdf import _inside, _text_layer, pdf_to_text
from loaders.readers.pdf_page import PdfiumPage
from loaders.readers.positions import Word, placed_lines
from tests.conftest import ROOT

REAL = sorted((ROOT / "tests" / "fixtures" / "real").glob("*.pdf"))


def _pdfplumber_layer(page) -> list[str]:
    """The reader's layout (pdf._text_layer) with pdfplumber reading the page itself."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    prose = page.filter(lambda obj: obj.get("object_type") != "char" or not _inside(obj, boxes))
    words = [Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"]) for w in prose.extract_words()]
    blocks = [(top, [text]) for top, text in placed_lines(words)]
    blocks += [(t.bbox[1], ["\t".join(cell_text(c) for c in row) for row in t.extract()]) for t in tables]
    return [text for _, block in sorted(blocks, key=lambda b: b[0]) for text in block]


def _without_spaces(lines: list[str]) -> list[str]:
    return [line.replace(" ", "") for line in lines]


@pytest.mark.parametrize("path", REAL, ids=[p.stem for p in REAL])
def test_every_page_reads_as_pdfplumber_reads_it(path):
    data = path.read_bytes()
    document = pypdfium2.PdfDocument(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(pdf.pages) == len(document)
        for number, expected in enumerate(pdf.pages, start=1):
            page = document[number - 1]
            read = PdfiumPage(page, page.get_textpage())
            assert bool(read.chars) == bool(expected.chars), f"page {number}"
            if not read.chars:
                continue
            got = _text_layer(read)
            assert _without_spaces(got) == _without_spaces(_pdfplumber_layer(expected)), f"page {number}"
            # Page geometry as pdfplumber gives it, after the page's /Rotate.
            assert read.bbox == pytest.approx(expected.bbox, abs=0.01), f"page {number}"


def test_the_real_pdfs_include_a_rotated_page_and_tables():
    """What the comparison above covers: a page turned by /Rotate (its coordinates are turned
    to the page as displayed) and ruled tables."""
    rotations, tables = set(), 0
    for path in REAL:
        document = pypdfium2.PdfDocument(path.read_bytes())
        for page in document:
            rotations.add(page.get_rotation())
            tables += len(TableFinder(PdfiumPage(page, page.get_textpage())).tables)
    assert 90 in rotations and 0 in rotations
    assert tables > 50


def test_pdfs_read_in_threads_read_as_they_do_one_at_a_time():
    """pdfium is not thread-safe (two calls at once crash the process): a Dask worker may run
    several loads in threads, so the reader holds a lock around every pdfium call."""
    files = [path.read_bytes() for path in REAL]
    alone = [pdf_to_text(data) for data in files]
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(pdf_to_text, files * 2))
    assert [(r.text, r.line_pages) for r in together] == [(r.text, r.line_pages) for r in alone * 2]
