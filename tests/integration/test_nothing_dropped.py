"""Every amount cell of every table lands in line_items or in load_errors.

Counted from the raw text, independently of the grid reader: the amount-looking
cells between each table's title line and its last line.
"""

import re

import polars as pl
import pytest

from tests.conftest import SAMPLES, WENSHUI, ZEZHOU, of

_AMOUNT = re.compile(r"^[-−]?[\dOoIl,，]*\d[\dOoIl,，]*[.．][\dOoIl]{1,2}$")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in re.split(r"[\t|]", line)]


@pytest.mark.parametrize("source", [ZEZHOU, WENSHUI])
def test_every_amount_cell_is_captured_or_reported(loaded, source):
    text = (SAMPLES / source).read_text(encoding="utf-8").split("\n")
    tables = of(loaded["tables"], source)
    total = 0
    for table in tables.to_dicts():
        block = text[table["source_line"] : table["end_line"]]
        expected = sum(1 for line in block for cell in _cells(line) if _AMOUNT.match(cell.replace(" ", "")))
        captured = of(loaded["line_items"], source, table_number=table["table_number"]).height
        reported = (
            of(loaded["load_errors"], source, table_number=table["table_number"]).filter(pl.col("cell_text").is_not_null()).height
        )
        assert captured + reported == expected, f"table {table['table_number']}"
        total += expected
    assert total > 300  # the samples print hundreds of amounts; a broken segmenter would find few


_TEXT_STRATEGY = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _within(obj: dict, boxes: list[tuple]) -> bool:
    return any(
        x0 <= obj["x0"] and obj["x1"] <= x1 and top <= obj["top"] and obj["bottom"] <= bottom for x0, top, x1, bottom in boxes
    )


def test_every_amount_cell_of_a_pdf_table_is_captured_or_reported():
    """Counted with pdfplumber's own table extraction (ruled tables, and its text strategy
    for tables printed without rulings), page by page, on the pages of the tables the loader
    recognised: every amount cell is a line item or a load error."""
    import pdfplumber

    from loaders.batch import load_batch
    from loaders.write import rows_to_frame
    from tests.conftest import ROOT

    real = ROOT / "tests" / "fixtures" / "real"
    pdfs = sorted(real.glob("*.pdf"))
    _, datasets = load_batch(pdfs, real)
    items = rows_to_frame("line_items", datasets["line_items"])
    errors = rows_to_frame("load_errors", datasets["load_errors"])
    total = 0
    for pdf_path in pdfs:
        mine = items.filter(pl.col("source_file") == pdf_path.name)
        pages = set(mine["source_page"].to_list())
        expected = 0
        with pdfplumber.open(pdf_path) as pdf:
            for number, page in enumerate(pdf.pages, start=1):
                if number in pages:
                    cells = [c for table in page.extract_tables() for row in table for c in row if c]
                    # Tables printed without rulings: pdfplumber's own text strategy, on the
                    # text outside the ruled tables.
                    boxes = [table.bbox for table in page.find_tables()]
                    rest = page.filter(lambda obj, boxes=boxes: obj.get("object_type") != "char" or not _within(obj, boxes))
                    cells += [c for table in rest.extract_tables(_TEXT_STRATEGY) for row in table for c in row if c]
                    expected += sum(1 for c in cells if _AMOUNT.match(re.sub(r"\s+", "", c)) or c.strip() == "0")
        reported = errors.filter(
            (pl.col("source_file") == pdf_path.name)
            & pl.col("error_code").is_in(["unparseable_amount", "unmapped_amount", "ambiguous_column"])
        ).height
        assert mine.height + reported == expected, pdf_path.name
        total += expected
    assert total > 1500  # ten real PDFs print well over a thousand amounts
