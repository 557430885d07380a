"""Every amount cell of every table, in long form: the ledger that proves nothing
was dropped, and the only family that covers tables without a parser of their own."""

from __future__ import annotations

from loaders.grid import Grid
from loaders.tables import first_label


def grid_to_amount_rows(grid: Grid) -> list[dict]:
    rows = []
    for row in grid.rows:
        label = first_label(row)
        for column, amount in row.amounts.items():
            if amount is None:
                continue
            rows.append(
                {
                    "source_line": row.line,
                    "row_index": row.index,
                    "row_label": label,
                    "column_index": column,
                    "column_name": grid.columns[column],
                    "column_header": grid.header_texts[column] if column < len(grid.header_texts) else "",
                    "amount": amount,
                }
            )
    return rows
