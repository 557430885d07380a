"""Table 6: basic expenditure by economic class.

A line with a government economic name is an item; a line without one is the
department economic 类 its following items belong to. Names only: codes are
resolved downstream, where the 类 context is known.
"""

from __future__ import annotations

import re

from loaders.grid import Grid
from loaders.tables import cell
from loaders.text import label_key

_TOTAL = re.compile(r"^(合计|总计)$")


def grid_to_economic_lines(grid: Grid) -> list[dict]:
    out = []
    class_name = None
    for row in grid.rows:
        dept_name = cell(row, grid, "dept_econ_name")
        gov_name = cell(row, grid, "gov_econ_name")
        if _TOTAL.match(label_key(dept_name)):
            kind = "total"
        elif not gov_name:
            kind, class_name = "class", dept_name
        else:
            kind = "item"
        out.append(
            {
                "source_line": row.line,
                "row_index": row.index,
                "row_kind": kind,
                "class_name": None if kind == "total" else class_name,
                "dept_econ_name": dept_name or None,
                "gov_econ_name": gov_name or None,
                "total_amount": grid.amount(row, "total_amount"),
                "personnel_amount": grid.amount(row, "personnel_amount"),
                "public_amount": grid.amount(row, "public_amount"),
            }
        )
    return out
