"""Tables 12 and 13: the project tree department -> unit -> project, printed flat.

The text has no level markers, so levels are inferred and the method recorded:
- "position": the first line is the department;
- "sum": a unit line is followed by projects whose amounts add up to it (within
  rounding), after which the next line starts a new unit;
- "name": where sums do not close, a line whose name looks like an organisation
  (it carries the department's county prefix or ends like one) starts a unit.
"""

from __future__ import annotations

import re
from decimal import Decimal

from loaders.grid import Grid
from loaders.tables import first_label
from loaders.text import label_key

_FUNDS = (
    "total_amount",
    "general_budget_amount",
    "gov_fund_amount",
    "state_capital_amount",
    "special_account_amount",
    "unit_funds_amount",
)
_ORG_SUFFIX = re.compile(r"(局|中心|院|所|站|队|办公室|委员会|委|馆|校|学|园|处|科|会|部|社|台|厅|\(机关\)|（机关）)$")
_HALF_CENT = Decimal("0.005")


def _closes(total: Decimal | None, parts: list[Decimal]) -> bool:
    if total is None:
        return False
    return abs(total - sum(parts, Decimal(0))) <= max(_HALF_CENT * len(parts), Decimal("0.01"))


def _overshoots(unit_total: Decimal | None, parts: list[Decimal], amount: Decimal | None) -> bool:
    """In a consistent table a unit's projects never add up past it: only then is the
    name consulted, so a project called "…中心" is not mistaken for a unit."""
    if unit_total is None:
        return True
    return sum(parts, Decimal(0)) + (amount or Decimal(0)) > unit_total + _HALF_CENT * (len(parts) + 1)


def _looks_like_unit(name: str, county: str | None) -> bool:
    key = label_key(name)
    return bool((county and key.startswith(county)) or _ORG_SUFFIX.search(key))


def grid_to_project_lines(grid: Grid, county: str | None) -> list[dict]:
    rows = [r for r in grid.rows if first_label(r) or any(v is not None for v in r.amounts.values())]
    out: list[dict] = []
    unit_name: str | None = None
    unit_total: Decimal | None = None
    parts: list[Decimal] = []
    for position, row in enumerate(rows):
        name = first_label(row)
        total = grid.amount(row, "total_amount")
        if position == 0:
            level, method = "department", "position"
        elif unit_name is None:
            level, method = "unit", "position"
        elif parts and _closes(unit_total, parts):
            level, method = "unit", "sum"
        elif _overshoots(unit_total, parts, total) and _looks_like_unit(name, county) and _unit_starts_here(rows, position, grid):
            level, method = "unit", "name"
        else:
            level, method = "project", "sum"
        if level == "unit":
            unit_name, unit_total, parts = name, total, []
        elif level == "project":
            parts.append(total or Decimal(0))
        out.append(
            {
                "source_line": row.line,
                "row_index": row.index,
                "row_level": level,
                "level_method": method,
                "unit_name": unit_name if level != "department" else None,
                "item_name": name,
                **{key: grid.amount(row, key) for key in _FUNDS},
            }
        )
    _mark_unclosed_units(out)
    return out


def _unit_starts_here(rows, position: int, grid: Grid) -> bool:
    """A named line starts a unit only if the lines after it add up to it."""
    total = grid.amount(rows[position], "total_amount")
    parts: list[Decimal] = []
    for row in rows[position + 1 :]:
        parts.append(grid.amount(row, "total_amount") or Decimal(0))
        if _closes(total, parts):
            return True
    return False


def _mark_unclosed_units(out: list[dict]) -> None:
    """Projects of a unit whose sum never closed were placed by position only."""
    current: list[dict] = []
    unit: dict | None = None
    for record in out + [{"row_level": "end"}]:
        if record["row_level"] in ("unit", "end"):
            if unit is not None and current:
                parts = [r["total_amount"] or Decimal(0) for r in current]
                if not _closes(unit["total_amount"], parts):
                    for r in current:
                        r["level_method"] = "position"
            unit, current = (record if record["row_level"] == "unit" else None), []
        elif record["row_level"] == "project":
            current.append(record)
