"""Where a table names its lines by their own text (no code), where each line sits: the
tree a kind declares (catalogue/table_kinds.toml `tree`, `levels`), set on its line items
as line key, parent row and parent label.

- headings: a line that prints no government economic name heads the items below it
  (工资福利支出 over 基本工资 | 工资奖金津补贴 …). Applies only where the table prints that
  second name at all: without it every line would look like a heading.
- sums: the first line is the top (the department), then units, each followed by the
  lines that add up to it. The text has no level markers, so levels are inferred and the
  method recorded on each line:
  - "position": the first line is the top, the line after it the first unit;
  - "sum": a unit's lines add up to it (within rounding), after which the next line
    starts a new unit;
  - "name": where sums do not close, a line whose name looks like an organisation (it
    carries the county's name or ends like one) starts a unit, if the lines after it add
    up to it; lines of a unit whose sum never closed are placed by "position" only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.catalogue import Kind
from loaders.text import label_key

_ORG_SUFFIX = re.compile(r"(局|中心|院|所|站|队|办公室|委员会|委|馆|校|学|园|处|科|会|部|社|台|厅|\(机关\)|（机关）)$")
_HALF_CENT = Decimal("0.005")
_TOTAL_MEASURES = ("total", "amount")


@dataclass
class _Row:
    index: int
    name: str
    total: Decimal | None
    second: str | None
    level: int = 0
    parent: _Row | None = None
    method: str | None = None


def place_in_tree(items: list[dict], kind: Kind, county: str | None) -> None:
    """Set line_key, parent_row_index, parent_label and tree_method on the free-label items."""
    if not kind.tree:
        return
    rows = _rows([item for item in items if item["line_key"] == kind.free_label])
    if not rows:
        return
    if kind.tree == "headings":
        if not any(row.second for row in rows):
            return
        _headings(rows)
    else:
        _sums(rows, county)
    by_index = {row.index: row for row in rows}
    for item in items:
        row = by_index.get(item["row_index"]) if item["line_key"] == kind.free_label else None
        if row is None:
            continue
        item["line_key"] = kind.levels[row.level]
        item["parent_row_index"] = row.parent.index if row.parent else None
        item["parent_label"] = row.parent.name if row.parent else None
        item["tree_method"] = row.method


def _rows(items: list[dict]) -> list[_Row]:
    rows: dict[int, _Row] = {}
    for item in items:
        row = rows.setdefault(item["row_index"], _Row(item["row_index"], item["label"] or "", None, item.get("gov_econ_name")))
        if item["measure"] in _TOTAL_MEASURES and row.total is None:
            row.total = item["item_amount"]
    return [rows[index] for index in sorted(rows)]


def _headings(rows: list[_Row]) -> None:
    heading: _Row | None = None
    for row in rows:
        if row.second:
            row.level, row.parent, row.method = 1, heading, "heading"
        else:
            row.level, row.method, heading = 0, "heading", row


def _closes(total: Decimal | None, parts: list[Decimal]) -> bool:
    if total is None:
        return False
    return abs(total - sum(parts, Decimal(0))) <= max(_HALF_CENT * len(parts), Decimal("0.01"))


def _overshoots(unit: _Row | None, parts: list[Decimal], amount: Decimal | None) -> bool:
    """In a consistent table a unit's lines never add up past it: only then is the name
    consulted, so a project called "…中心" is not mistaken for a unit."""
    if unit is None or unit.total is None:
        return True
    return sum(parts, Decimal(0)) + (amount or Decimal(0)) > unit.total + _HALF_CENT * (len(parts) + 1)


def _looks_like_unit(name: str, county: str | None) -> bool:
    key = label_key(name)
    return bool((county and key.startswith(county)) or _ORG_SUFFIX.search(key))


def _starts_unit(rows: list[_Row], position: int) -> bool:
    """A named line starts a unit only if the lines after it add up to it."""
    parts: list[Decimal] = []
    for row in rows[position + 1 :]:
        parts.append(row.total or Decimal(0))
        if _closes(rows[position].total, parts):
            return True
    return False


def _sums(rows: list[_Row], county: str | None) -> None:
    top = rows[0]
    top.level, top.method = 0, "position"
    unit: _Row | None = None
    parts: list[Decimal] = []
    for position, row in enumerate(rows[1:], start=1):
        if unit is None:
            starts, method = True, "position"
        elif parts and _closes(unit.total, parts):
            starts, method = True, "sum"
        elif _overshoots(unit, parts, row.total) and _looks_like_unit(row.name, county) and _starts_unit(rows, position):
            starts, method = True, "name"
        else:
            starts, method = False, "sum"
        if starts:
            row.level, row.parent, row.method = 1, top, method
            unit, parts = row, []
        else:
            row.level, row.parent, row.method = 2, unit, method
            parts.append(row.total or Decimal(0))
    _mark_unclosed_units(rows)


def _mark_unclosed_units(rows: list[_Row]) -> None:
    """Lines of a unit whose sum never closed were placed by position only."""
    for unit in (row for row in rows if row.level == 1):
        lines = [row for row in rows if row.level == 2 and row.parent is unit]
        if lines and not _closes(unit.total, [row.total or Decimal(0) for row in lines]):
            for row in lines:
                row.method = "position"
