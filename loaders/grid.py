"""A table segment -> a grid: header rows resolved into named columns, data rows,
and every amount cell read or reported.

Tables split across pages come back as one grid: a continuation block's empty
header row is skipped and a repeated header is recognised and dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from loaders.lines import Line
from loaders.mappings import Mappings
from loaders.text import AmountError, fits, label_key, looks_like_amount, parse_amount

# The canonical columns (loaders/mappings/tables.toml) whose cells hold amounts.
AMOUNT_COLUMNS = frozenset(
    {
        "total_amount", "amount", "current_year_amount", "carryover_amount", "basic_amount", "project_amount",
        "general_budget_amount", "gov_fund_amount", "state_capital_amount", "special_account_amount",
        "unit_funds_amount", "personnel_amount", "public_amount",
    }
)

_CODE = re.compile(r"^\d{3}(\d{2}){0,2}$")
_ORDINAL_LABEL = re.compile(r"^[一二三四五六七八九十]+、")
_DATA_LABELS = re.compile(r"^(合计|总计|部门合计|本年收入合计|本年支出合计|收入总计|支出总计)$")
_COLUMN_NUMBERS = re.compile(r"^\d{1,2}$")
_NOTE = re.compile(r"^注[:：]")
_META = re.compile(r"^(部门名称|单位名称|编制单位|单位)[:：]")
_NO_DATA = re.compile(r"无数据|空表|无此项|没有.*(收入|支出|经费)|^[（(]?无.{0,20}(收入|支出|经费|预算)[）)]?$")


@dataclass(frozen=True)
class CellIssue:
    line: int
    column: int
    text: str
    reason: str


@dataclass
class DataRow:
    line: int
    cells: tuple[str, ...]
    amounts: dict[int, Decimal | None]  # column index -> amount (None: printed empty)
    index: int  # 0-based position among the grid's data rows


@dataclass
class Grid:
    columns: list[str]  # canonical column name per position ("" when unnamed)
    header_texts: list[str]  # header text per position, as printed (joined levels)
    header_rows: list[Line] = field(default_factory=list)
    rows: list[DataRow] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    org_name: str | None = None
    issues: list[CellIssue] = field(default_factory=list)
    repeated_headers: int = 0

    @property
    def is_empty(self) -> bool:
        return not any(v is not None for r in self.rows for v in r.amounts.values())

    def amount(self, row: DataRow, name: str, start: int = 0, stop: int | None = None) -> Decimal | None:
        """The amount under the first column called ``name`` within [start, stop)."""
        stop = len(self.columns) if stop is None else stop
        for col in range(start, min(stop, len(self.columns))):
            if self.columns[col] == name:
                return row.amounts.get(col)
        return None


def _is_data_row(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    if not filled:
        return False
    if any(looks_like_amount(c) for c in cells):
        return True
    head = label_key(cells[0])
    # Totals and codes stand in the first column; a "合计" further right is a header.
    return bool(_CODE.match(head) or _DATA_LABELS.match(head) or _ORDINAL_LABEL.match(label_key(filled[0])))


def _is_header_row(cells: tuple[str, ...], mappings: Mappings) -> bool:
    if _is_data_row(cells):
        return False
    return _is_column_number_row(cells) or any(name_column(c, mappings) for c in cells if c)


def _is_column_number_row(cells: tuple[str, ...]) -> bool:
    filled = [c for c in cells if c]
    return len(filled) >= 3 and all(_COLUMN_NUMBERS.match(c) for c in filled)


def name_column(text: str, mappings: Mappings) -> str:
    """Canonical name of a column from its header text; "" when unknown."""
    key = label_key(text)
    for pattern, name in mappings.columns:
        if pattern.search(key):
            return name
    return ""


def _resolve_header(header_rows: list[Line], width: int, mappings: Mappings) -> tuple[list[str], list[str]]:
    """Join multi-row headers column by column: the lowest printed level names it."""
    names, texts = [], []
    for col in range(width):
        levels = [
            row.cells[col]
            for row in header_rows
            if row.cells and col < len(row.cells) and row.cells[col] and not _is_column_number_row(row.cells)
        ]
        name = ""
        for level in reversed(levels):
            name = name_column(level, mappings)
            if name:
                break
        names.append(name)
        texts.append("/".join(label_key(lv) for lv in levels))
    return names, texts


def segment_to_grid(lines: list[Line], mappings: Mappings, amount_names: frozenset[str]) -> Grid:
    """Build the grid of one table segment.

    ``amount_names`` are the canonical names whose cells hold amounts; every non-empty
    cell under them, and every amount-looking cell under no known column, is either
    read into ``DataRow.amounts`` or recorded in ``Grid.issues``.
    """
    header_rows: list[Line] = []
    data_lines: list[Line] = []
    notes: list[str] = []
    org_name = None
    for line in lines:
        if not line.is_row:
            key = label_key(line.text)
            if _META.match(key):
                match = re.search(r"部门名称[:：]\s*(\S+?)(\s|单位[:：]|$)", line.text.replace("：", ":"))
                if match:
                    org_name = match.group(1)
            elif _NOTE.match(key) or _NO_DATA.search(key):
                notes.append(line.text)
            continue
        if not any(line.cells):
            continue  # empty header row of a continuation block
        if not data_lines and _is_header_row(line.cells, mappings):
            header_rows.append(line)
            continue
        if data_lines and any(line.cells == h.cells for h in header_rows):
            continue  # header repeated on a continuation page
        data_lines.append(line)
    width = max([len(r.cells or ()) for r in header_rows + data_lines] or [0])
    columns, texts = _resolve_header(header_rows, width, mappings)
    grid = Grid(columns, texts, header_rows, notes=notes, org_name=org_name)
    for index, line in enumerate(data_lines):
        grid.rows.append(DataRow(line.number, line.cells or (), _read_amounts(line, columns, amount_names, grid), index))
    return grid


def _read_amounts(line: Line, columns: list[str], amount_names: frozenset[str], grid: Grid) -> dict[int, Decimal | None]:
    amounts: dict[int, Decimal | None] = {}
    for col, cell in enumerate(line.cells or ()):
        name = columns[col] if col < len(columns) else ""
        if name in amount_names:
            try:
                amounts[col] = parse_amount(cell)
            except AmountError:
                amounts[col] = None
                grid.issues.append(CellIssue(line.number, col, cell, f"unparseable amount in column {name}"))
                continue
            if amounts[col] is not None and not fits(amounts[col], 18, 2):
                amounts[col] = None  # 万元 with two decimals: more is reported, never rounded
                reason = f"unparseable amount in column {name}: beyond 16 digits or 2 decimals"
                grid.issues.append(CellIssue(line.number, col, cell, reason))
        elif cell and looks_like_amount(cell):
            grid.issues.append(CellIssue(line.number, col, cell, "amount in a column with no recognised header"))
    return amounts
