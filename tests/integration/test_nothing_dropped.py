"""Every amount cell of every table lands in table_amounts or in load_errors.

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
        captured = of(loaded["table_amounts"], source, table_number=table["table_number"]).height
        reported = (
            of(loaded["load_errors"], source, table_number=table["table_number"]).filter(pl.col("cell_text").is_not_null()).height
        )
        assert captured + reported == expected, f"table {table['table_number']}"
        total += expected
    assert total > 300  # the samples print hundreds of amounts; a broken segmenter would find few
