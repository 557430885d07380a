"""Tables 10 (三公 expenses) and 11 (operating costs): a label and four fund columns."""

from __future__ import annotations

import re

from loaders.grid import Grid
from loaders.mappings import Mappings
from loaders.tables import first_label
from loaders.text import label_key

_FUNDS = ("total_amount", "general_budget_amount", "gov_fund_amount", "state_capital_amount")
_TOTAL = re.compile(r"(合计|总计)$")


def _funds(grid: Grid, row) -> dict:
    return {name: grid.amount(row, name) for name in _FUNDS}


def grid_to_three_public_lines(grid: Grid, mappings: Mappings) -> list[dict]:
    out = []
    for row in grid.rows:
        label = first_label(row)
        key = label_key(label)
        item = next((k for pattern, k in mappings.three_public_items if pattern.search(key)), None)
        out.append({"source_line": row.line, "row_index": row.index, "item_label": label, "item_key": item, **_funds(grid, row)})
    return out


def grid_to_operating_cost_lines(grid: Grid) -> list[dict]:
    out = []
    for row in grid.rows:
        label = first_label(row)
        kind = "total" if _TOTAL.search(label_key(label)) else "unit"
        out.append({"source_line": row.line, "row_index": row.index, "row_kind": kind, "unit_name": label, **_funds(grid, row)})
    return out
