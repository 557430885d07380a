"""Tables 2, 3, 5, 7, 8: one line per functional subject code (and the 合计 line)."""

from __future__ import annotations

import re

from loaders.grid import Grid
from loaders.tables import cell
from loaders.text import label_key

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_TOTAL = re.compile(r"^(合计|总计)$")

SUBJECT_AMOUNTS = (
    "total_amount",
    "basic_amount",
    "project_amount",
    "general_budget_amount",
    "gov_fund_amount",
    "state_capital_amount",
    "special_account_amount",
    "unit_funds_amount",
    "carryover_amount",
)


def grid_to_subject_lines(grid: Grid) -> tuple[list[dict], list[tuple[int, str]]]:
    """Rows of the subject family, and (line, message) for rows that are not subjects."""
    lines, problems = [], []
    for row in grid.rows:
        code = label_key(cell(row, grid, "subject_code"))
        name = cell(row, grid, "subject_name")
        if _TOTAL.match(code) or (not code and _TOTAL.match(label_key(name))):
            kind, code = "total", None
        elif _CODE.match(code):
            kind = "subject"
        else:
            problems.append((row.line, f"row has no functional subject code: {row.cells!r}"))
            continue
        record = {
            "source_line": row.line,
            "row_index": row.index,
            "row_kind": kind,
            "subject_code": code,
            "subject_name": name or None,
        }
        for key in SUBJECT_AMOUNTS:
            record[key] = grid.amount(row, key)
        lines.append(record)
    return lines, problems
