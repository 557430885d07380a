"""One module per table family: a grid -> typed-but-raw rows of that family."""

from __future__ import annotations

from loaders.grid import DataRow, Grid
from loaders.text import label_key

AMOUNT_COLUMNS = frozenset(
    {
        "total_amount",
        "amount",
        "current_year_amount",
        "carryover_amount",
        "basic_amount",
        "project_amount",
        "general_budget_amount",
        "gov_fund_amount",
        "state_capital_amount",
        "special_account_amount",
        "unit_funds_amount",
        "personnel_amount",
        "public_amount",
    }
)


def cell(row: DataRow, grid: Grid, name: str, occurrence: int = 0) -> str:
    """The cell under the ``occurrence``-th column called ``name`` ("" when absent)."""
    positions = [i for i, c in enumerate(grid.columns) if c == name]
    if occurrence >= len(positions) or positions[occurrence] >= len(row.cells):
        return ""
    return row.cells[positions[occurrence]]


def first_label(row: DataRow) -> str:
    """The first non-empty cell that is not an amount: how a row names itself."""
    for value in row.cells:
        if value and not _is_number(value):
            return value
    return ""


def _is_number(value: str) -> bool:
    return label_key(value).replace(",", "").replace(".", "", 1).isdigit()
