"""Scanned pages read by OCR give the figures the text layer gives.

Pages of a real PDF are rendered to images (as a scanner would give them, 216 dpi) and
bound into a PDF with no text layer; the loader reads that by OCR, and every figure is
compared, cell by cell, with what the same pages' text layer gives. The pages chosen hold
four table shapes: a two-sided summary, a coded table with a four-level header and empty
columns, a summary with two columns no row fills, and a one-row table with grouped headers.
"""

from __future__ import annotations

import io

import pypdfium2
import pytest

from loaders.pipeline import load_document
from tests.conftest import ROOT

REAL = ROOT / "tests" / "fixtures" / "real"
DOCUMENT = "sh_putuo_justice_budget_2026.pdf"
PAGES = [10, 11, 14, 21]


def _image_only_pdf(source: bytes, pages: list[int]) -> bytes:
    document = pypdfium2.PdfDocument(source)
    images = [document[number - 1].render(scale=3).to_pil().convert("RGB") for number in pages]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=216)
    return out.getvalue()


def _figures(load, pages: dict[int, int]) -> dict[tuple, str]:
    """(page of the original, table kind, line key, measure, code) -> the figure as printed."""
    return {
        (pages[row["source_page"]], row["table_kind"], row["line_key"], row["measure"], row["code"]): row["printed_text"]
        for row in load.rows["line_items"]
        if row["source_page"] in pages
    }


@pytest.fixture(scope="module")
def loads():
    source = (REAL / DOCUMENT).read_bytes()
    text_layer = load_document(DOCUMENT, source)
    scanned = load_document("scanned.pdf", _image_only_pdf(source, PAGES))
    return text_layer, scanned


def test_a_scan_of_real_pages_gives_the_text_layers_figures_cell_by_cell(loads):
    text_layer, scanned = loads
    expected = _figures(text_layer, {page: page for page in PAGES})
    read = _figures(scanned, {index: page for index, page in enumerate(PAGES, start=1)})
    assert len(expected) > 100  # the pages do hold the tables compared here
    wrong = {key: (expected[key], read[key]) for key in expected.keys() & read.keys() if expected[key] != read[key]}
    invented = {key: read[key] for key in read.keys() - expected.keys()}
    missed = {key: expected[key] for key in expected.keys() - read.keys()}
    print(f"{len(expected)} figures in the text layer; by OCR: {len(wrong)} wrong, {len(missed)} missed, {len(invented)} extra")
    for key, value in sorted(missed.items(), key=str):
        print("  missed by OCR:", key, value)
    # A figure read as another figure is the failure that matters: it would pass into the marts.
    assert not wrong and not invented, (wrong, invented)
    # A figure OCR does not see at all leaves its cell empty. On these pages that is one lone
    # "0" pressed against a ruling, which the detection model does not find at any scale.
    assert len(missed) <= len(expected) // 100, missed


def test_every_scanned_page_is_named_in_load_errors_with_its_reading_score(loads):
    _, scanned = loads
    assert scanned.document["status"] == "loaded"
    assert scanned.document["template"] == "shanghai_district"
    notes = [e for e in scanned.rows["load_errors"] if e["error_code"] == "page_read_by_ocr"]
    assert sorted(e["source_page"] for e in notes) == list(range(1, len(PAGES) + 1))
    assert all(e["severity"] == "warning" and "read by OCR" in e["message"] for e in notes)
    # The pages OCR did read hold no table it could not place into columns.
    problems = {e["error_code"] for e in scanned.rows["load_errors"]} - {"page_read_by_ocr", "missing_table"}
    assert not problems, problems
