"""A table segment -> line items: one row per printed amount, keyed by what the line is
(line key), what the column holds (measure) and the unit the table prints.

One reader for every template and table shape, driven by the catalogue:
  rows -> header rows (everything above the first data row) and data rows;
  header rows -> one path per column ("本年支出/小计"), merged cells filled within
  their parent's span;
  data row -> code (leading digit cells: 2080101, or 208 | 05 | 01), label cells and
  amount cells; a label after an amount starts a new part of the row (two-sided tables);
  part -> line key from its code, its label (vocabulary, functional class name, the
  kind's free label), or, in a one-row table without labels, from each column header.
Every amount cell ends as an item or as a problem naming line, column and cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from loaders.catalogue import Catalogue, Kind, Label, Measure, Template
from loaders.lines import Line
from loaders.spaced import ORDINAL_START, Column, amount, assign, tokens
from loaders.text import AmountError, is_empty_amount, label_key, looks_like_amount, parse_amount
from loaders.tree import place_in_tree

_UNIT = re.compile(r"单位[:：]\s*(万元|元)")
_META = re.compile(r"^(编制部门|部门名称|部门|预算单位|单位名称|编制单位|单位)[:：]")
# Ordinal prefixes and 其中： in front of a printed label: 一、 1. 1、 （一） ① 其中：
# (NFKC has already turned ① into 1.)
_ORDINAL = re.compile(
    r"^(其中[:：]?)?([一二三四五六七八九十]+、|\d+[.、．]|\([一二三四五六七八九十\d]+\)|\d(?=[\u4e00-\u9fff]))?(其中[:：]?)?"
)
# The code columns' own header words; a data row that repeats them is not labelled by them.
_CODE_HEADERS = frozenset({"类", "款", "项", "科目编码"})
_DIGITS = re.compile(r"^\d+$")
# A column whose header says it holds (part of) a code: 科目编码, 功能科目代码, 类, 款, 项.
_CODE_COLUMN = re.compile(r"(编码|代码)(/[类款项])?$|(^|/)[类款项]$")
# Kept exactly in 万元 with 6 decimals: 元 with cents, 万元 with up to 6 decimals.
_MAX_DECIMALS = {"元": 2, "万元": 6}
_MAX_INTEGER_DIGITS = 16


@dataclass(frozen=True)
class Problem:
    line: int
    column: int | None
    text: str
    code: str  # unparseable_amount, unmapped_amount, unkeyed_line, amount_outside_cells
    message: str


@dataclass
class _Part:
    code: str = ""
    labels: list[str] = field(default_factory=list)
    amounts: list[tuple[int, str, Decimal]] = field(default_factory=list)  # column, cell, value
    joiner: str = "/"  # label cells are joined with /; tokens of one label printed as text, with nothing
    gov_econ_name: str | None = None  # the line's name in the government economic classification

    @property
    def label(self) -> str:
        return self.joiner.join(self.labels)


@dataclass
class TableItems:
    unit: str
    items: list[dict]
    problems: list[Problem]
    header_paths: list[str]


def read_unit(title: str, lines: list[Line], default: str) -> str:
    """The unit a table prints on its 单位 line (or glued to its title); else the template's."""
    for text in [title, *(line.text for line in lines[:6])]:
        match = _UNIT.search(label_key(text))
        if match:
            return match.group(1)
    return default


def normalise_label(text: str) -> str:
    return _ORDINAL.sub("", label_key(text))


def _is_meta(line: Line) -> bool:
    return any(_META.match(label_key(c)) for c in line.filled)


def _split_code(cells: tuple[str, ...], catalogue: Catalogue) -> tuple[str, int]:
    """The code printed in the leading cells of a row (2080101, or 208 | 05 | 01) and the
    index of the first cell after it; ("", 0) when the row does not open with a code."""
    parts: list[str] = []
    after = 0
    for index, cell in enumerate(cells):
        key = label_key(cell)
        if not key:
            continue
        if not parts and _DIGITS.match(key) and len(key) in (3, 5, 7) and _is_class(key[:3], catalogue):
            parts.append(key)
        elif parts and _DIGITS.match(key) and len(key) == 2 and len("".join(parts)) < 7:
            parts.append(key)
        else:
            break
        after = index + 1
    return "".join(parts), after


def _is_class(code: str, catalogue: Catalogue) -> bool:
    """A functional 类 the catalogue knows, or an economic 类 (3xx department, 5xx government)."""
    return code in {c.code for c in catalogue.functional_classes} or code[0] in "35"


def _row_parts(line: Line, paths: list[str], kind: Kind, catalogue: Catalogue, problems: list[Problem]) -> list[_Part]:
    """Split a data row into parts: each a code and/or label followed by its amounts. A
    label or code after an amount opens a new part, and so does a label under another
    top-level header than the previous label (收入 | 支出 of a two-sided table). A label
    under the kind's government-economic column is the line's second name, not its label."""
    cells = line.cells or ()
    code, start = _split_code(cells, catalogue)
    parts = [_Part(code=code)]
    label_top = None
    for column in range(start, len(cells)):
        cell = cells[column]
        key = label_key(cell)
        path = paths[column] if column < len(paths) else ""
        if not key or is_empty_amount(cell) or key in _CODE_HEADERS:
            continue
        if _DIGITS.match(key) and _CODE_COLUMN.search(path):
            if parts[-1].amounts or parts[-1].labels:
                parts.append(_Part())
            parts[-1].code += key
            continue
        try:
            value = parse_amount(cell) if re.search(r"\d", key) else None
        except AmountError:
            value = None
            if looks_like_amount(cell):
                problems.append(Problem(line.number, column, cell, "unparseable_amount", f"unparseable amount {cell!r}"))
                continue
        if value is not None:
            parts[-1].amounts.append((column, cell, value))
            continue
        if kind.gov_econ_regex and kind.gov_econ_regex.search(path):
            parts[-1].gov_econ_name = cell
            continue
        top = path
        if parts[-1].amounts or (parts[-1].labels and label_top and top and top != label_top):
            parts.append(_Part())
        label_top = top or label_top
        parts[-1].labels.append(cell)
    return [p for p in parts if p.amounts]


def _is_data_row(line: Line, catalogue: Catalogue) -> bool:
    """The first row below the headers: it opens with a code or prints an amount. An amount
    may be printed without decimals (元 in whole yuan, a workbook's number stored without a
    format: 371514655), but a row of column numbers (栏次 1 2 3 …) or a lone year is a header."""
    if _split_code(line.cells or (), catalogue)[0] or any(looks_like_amount(c) for c in line.filled):
        return True
    numbers = [int(key) for key in (label_key(c).replace(",", "") for c in line.filled) if _DIGITS.match(key)]
    counts_columns = bool(numbers) and numbers[0] in (0, 1) and numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    a_year = len(numbers) == 1 and 1990 <= numbers[0] <= 2100
    return bool(numbers) and not counts_columns and not a_year


def _header_paths(header_rows: list[Line], width: int) -> list[str]:
    """One path per column; an empty cell takes its left neighbour's text when both sit
    under the same parent (a merged cell spanning them)."""
    grid: list[list[str]] = []
    for row in header_rows:
        cells = [label_key(c) for c in (row.cells or ())] + [""] * width
        filled: list[str] = []
        for col in range(width):
            text = cells[col]
            if not text and col and filled[col - 1] and _parents(grid, col) == _parents(grid, col - 1):
                text = filled[col - 1]
            filled.append(text)
        grid.append(filled)
    paths = []
    for col in range(width):
        levels: list[str] = []
        for row in grid:
            # Column-number rows (1 2 3 …) under a header name no column.
            if row[col] and not _DIGITS.match(row[col]) and (not levels or levels[-1] != row[col]):
                levels.append(row[col])
        paths.append("/".join(levels))
    return paths


def _parents(grid: list[list[str]], col: int) -> tuple[str, ...]:
    return tuple(row[col] for row in grid)


class _Vocabulary:
    """Measures and labels in the order they are tried: the template's own, then national."""

    def __init__(self, template: Template, kind: Kind, catalogue: Catalogue):
        self.kind = kind
        self.catalogue = catalogue
        self.measures: tuple[Measure, ...] = template.measure + catalogue.measures
        self.labels: tuple[Label, ...] = tuple(lb for lb in template.label + catalogue.labels if lb.applies_to(kind))
        self.heads: dict[str, str] = {lb.key: lb.heads for lb in reversed(self.labels) if lb.heads}

    def measure(self, path: str) -> str | None:
        return next((m.id for m in self.measures if m.regex.search(path)), None)

    def label(self, text: str, side: str) -> str | None:
        for label in self.labels:
            if label.regex.search(text):
                return label.key.replace("{side}", side)
        return None

    def class_code(self, text: str) -> str | None:
        names = self.catalogue.class_by_name
        if text in names:
            return names[text]
        # A class name wrapped over two lines (社会保障和就 / 业支出): a unique prefix.
        found = {code for name, code in names.items() if len(text) >= 4 and name.startswith(text)}
        return found.pop() if len(found) == 1 else None

    def line_key(self, part: _Part, side: str) -> str | None:
        if part.code:
            return ("subject:" if part.code[0] == "2" else "econ:") + part.code
        text = normalise_label(part.label)
        key = self.label(text, side)
        if key:
            return key
        code = self.class_code(text)
        if code and self.kind.code_system != "economic":
            return f"subject:{code}"
        return self.kind.free_label

    def header_item(self, path: str) -> tuple[str | None, str | None]:
        """(line key, measure) of a column in a one-row table whose headers are its labels."""
        key = self.label(path, "income")
        if key:
            return key, "amount"
        levels = path.split("/")
        if len(levels) > 1:
            key = self.label("/".join(levels[:-1]), "income")
            measure = self.measure(levels[-1])
            if key and measure:
                return key, measure
        measure = self.measure(path)
        return ("total", measure) if measure else (None, None)


class _Headings:
    """The lines that head those printed right below them, per side of a table (a label's
    `heads` in the vocabulary): 年初结转和结余 / 一、一般公共预算财政拨款 is the fund's carry-over."""

    def __init__(self, vocabulary: _Vocabulary) -> None:
        self.heads = vocabulary.heads
        self.open: dict[str, tuple[str, str] | None] = {}  # side -> (key prefix, heading key)

    def key(self, side: str, row_key: str | None) -> str | None:
        """The key of a labelled line: its own, or its heading's where it is one of its parts."""
        heading = self.open.get(side)
        if heading and row_key and row_key.startswith(heading[0] + ":"):
            return heading[1] + row_key[len(heading[0]) :]
        self.open[side] = (self.heads[row_key], row_key) if row_key in self.heads else None
        return row_key


def segment_to_items(
    title: str, lines: list[Line], kind: Kind, template: Template, catalogue: Catalogue, county: str | None = None
) -> TableItems:
    """Every amount of one table, as line items in the printed unit and in 万元, lines named
    by their own text placed in the kind's tree (loaders/tree.py)."""
    if any(line.is_row for line in lines):
        result = _cell_items(title, lines, kind, template, catalogue)
    else:
        result = _spaced_items(title, lines, kind, template, catalogue)
    place_in_tree(result.items, kind, county)
    return result


def _cell_items(title: str, lines: list[Line], kind: Kind, template: Template, catalogue: Catalogue) -> TableItems:
    """A table printed as cells (TAB, Markdown, a PDF's or a sheet's cell grid)."""
    unit = read_unit(title, lines, template.unit)
    vocabulary = _Vocabulary(template, kind, catalogue)
    problems: list[Problem] = []
    header_rows: list[Line] = []
    data_rows: list[Line] = []
    for line in lines:
        if not line.is_row:
            if re.search(r"\d+\.\d{2}", line.text) and data_rows and not _UNIT.search(line.text):
                problems.append(
                    Problem(line.number, None, line.text, "amount_outside_cells", "amounts on a line outside the table cells")
                )
            continue
        if not any(line.cells) or _is_meta(line):
            continue
        if not data_rows and not _is_data_row(line, catalogue):
            header_rows.append(line)
        elif not any(line.cells == h.cells for h in header_rows):
            data_rows.append(line)
    width = max([len(r.cells or ()) for r in header_rows + data_rows] or [0])
    paths = _header_paths(header_rows, width)
    # A table with a single amount column (金额, 总计): every amount is that measure, even
    # where a page break shifted the cells (pages extracted with another column count).
    column_measures = {vocabulary.measure(p) for p in paths if p and not _CODE_COLUMN.search(p)} - {None}
    only_measure = column_measures.pop() if len(column_measures) == 1 else None
    items: list[dict] = []
    rows = [(line, _row_parts(line, paths, kind, catalogue, problems)) for line in data_rows]
    # Headers name the line only in a table whose rows carry no label (三公: 合计 | 因公出国…);
    # in a table of labelled rows, a row whose label was lost is not its total.
    labels_in_rows = any(part.code or part.labels for _, parts in rows for part in parts)
    headings = _Headings(vocabulary)
    for row_index, (line, parts) in enumerate(rows):
        for part_index, part in enumerate(parts):
            side = "income" if part_index == 0 else "expenditure"
            labelled = bool(part.code or part.labels)
            row_key = headings.key(side, vocabulary.line_key(part, side)) if labelled else None
            if labelled and row_key is None:
                problems.append(
                    Problem(line.number, None, part.label, "unkeyed_line", f"{part.label!r} matches no line key of {kind.id}")
                )
            for column, cell, value in part.amounts:
                path = paths[column] if column < len(paths) else ""
                if labelled:
                    key, measure = row_key, vocabulary.measure(path) or only_measure
                elif labels_in_rows:
                    key, measure = None, vocabulary.measure(path) or only_measure
                    message = f"{kind.id}: an amount on a row without a label in a table whose rows are labelled"
                    problems.append(Problem(line.number, column, cell, "unkeyed_line", message))
                else:
                    key, measure = vocabulary.header_item(path)
                if measure is None or (key is None and not labelled and not labels_in_rows):  # reported once, above
                    problems.append(
                        Problem(line.number, column, cell, "unmapped_amount", f"amount under {path or 'no header'!r}: no measure")
                    )
                item = _item(line, row_index, column, cell, value, unit, problems)
                if item:
                    item.update(
                        table_kind=kind.id, line_key=key, code=part.code or None, label=part.label or None,
                        measure=measure, column_header=path or None, gov_econ_name=part.gov_econ_name,
                    )
                    items.append(item)
    return TableItems(unit, items, problems, paths)


def _item(line: Line, row_index: int, column: int, cell: str, value: Decimal, unit: str, problems: list[Problem]) -> dict | None:
    sign, digits, exponent = value.as_tuple()
    decimals = max(0, -int(exponent))
    if decimals > _MAX_DECIMALS[unit] or len(digits) - decimals > _MAX_INTEGER_DIGITS:
        message = f"amount {cell!r} has more than 16 digits or {_MAX_DECIMALS[unit]} decimals in {unit}"
        problems.append(Problem(line.number, column, cell, "unparseable_amount", message))
        return None
    amount = value / Decimal(10000) if unit == "元" else value
    return {
        "source_line": line.number,
        "row_index": row_index,
        "column_index": column,
        "printed_text": cell,
        "printed_value": value,
        "printed_decimals": decimals,
        "unit": unit,
        "item_amount": amount,
    }


_INCOME_SIDE = re.compile(r"^(income|carryover_begin|non_fiscal_balance_used)")


def _spaced_items(title: str, lines: list[Line], kind: Kind, template: Template, catalogue: Catalogue) -> TableItems:
    """A table printed as space-separated text: its amounts mapped onto the template's
    column lists (loaders/spaced.py), ambiguous ones reported."""
    unit = read_unit(title, lines, template.unit)
    vocabulary = _Vocabulary(template, kind, catalogue)
    spec = next(t for t in template.table if t.kind == kind.id)
    problems: list[Problem] = []
    rows = [(line, _spaced_parts(line, catalogue)) for line in lines if not _UNIT.search(line.text)]
    one_row_table = any("@" in column for columns in spec.columns for column in columns)
    if one_row_table:  # its label lines are column headers, never the labels of the row below
        rows = [(line, [p for p in parts if p.amounts]) for line, parts in rows]
        rows = [(line, parts) for line, parts in rows if parts]
    else:
        rows = _labels_from_line_above(rows, lambda label: vocabulary.line_key(_Part(labels=[label]), "income") is not None)
    widest = max([len(p.amounts) for _, parts in rows for p in parts] or [0])
    items: list[dict] = []
    headings = _Headings(vocabulary)
    for row_index, (line, parts) in enumerate(rows):
        for part_index, part in enumerate(parts):
            labelled = bool(part.code or part.labels)
            printed_side = "income" if part_index == 0 else "expenditure"
            row_key = headings.key(printed_side, vocabulary.line_key(part, printed_side)) if labelled else None
            if labelled and row_key is None:
                message = f"{part.label!r} matches no line key of {kind.id}"
                problems.append(Problem(line.number, None, part.label, "unkeyed_line", message))
            side = ("income" if _INCOME_SIDE.match(row_key or "") else "expenditure") if kind.sided else "one"
            alternatives = {"one": spec.columns, "income": spec.income_columns, "expenditure": spec.expenditure_columns}[side]
            columns = _fitting(alternatives, widest)
            if not columns:
                for _, cell, _ in part.amounts:
                    message = f"{kind.id}: no column list for text without cells"
                    problems.append(Problem(line.number, None, cell, "unmapped_amount", message))
                continue
            values = [value for _, _, value in part.amounts]
            decimals = max(max(0, -int(v.as_tuple().exponent)) for v in values)
            agreed, ambiguous = assign(values, columns, kind, catalogue, Decimal(5) / Decimal(10) ** (decimals + 1))
            for index in ambiguous:
                cell = part.amounts[index][1]
                message = f"{kind.id}: which column {cell!r} stands in cannot be told from text without cells"
                problems.append(Problem(line.number, None, cell, "ambiguous_column", message))
            for index, column in sorted(agreed.items()):
                position, cell, value = part.amounts[index]
                # No printed column to point at: the token's position in the line stands for it.
                item = _item(line, row_index, position, cell, value, unit, problems)
                if item:
                    key = row_key if labelled else column.line_key
                    if key is None and not labelled:
                        message = f"{kind.id}: an amount with no label on its line (the label printed on another line?)"
                        problems.append(Problem(line.number, None, cell, "unkeyed_line", message))
                    item.update(
                        table_kind=kind.id, line_key=key, code=part.code or None, label=part.label or None,
                        measure=column.measure, column_header=None,
                    )
                    items.append(item)
    return TableItems(unit, items, problems, [])


def _labels_from_line_above(rows: list[tuple[Line, list[_Part]]], keyed) -> list[tuple[Line, list[_Part]]]:
    """Text extractors print a cell's label on the line above its amounts when the amounts sit
    lower in a taller row (合计 / 2,946.25 2,940.05; 一般公共服务支出 / 201 2,112.86). A line
    of labels only gives its labels to the next line's parts when they pair one to one: as
    many labels, each a known line, as unlabelled parts (so a header line never labels the
    row below it), or one label for one coded part (whose own label, if any, is the rest of
    a label wrapped over the two lines)."""
    out: list[tuple[Line, list[_Part]]] = []
    pending: list[str] = []
    for line, parts in rows:
        with_amounts = [p for p in parts if p.amounts]
        if not with_amounts:
            pending = []
            for part in (p for p in parts if p.labels and not p.code):
                # 本年收入合计 本年支出合计: two labels side by side, unless the tokens are one label
                split = len(part.labels) > 1 and not keyed(part.label) and all(keyed(t) for t in part.labels)
                pending += part.labels if split else [part.label]
            continue
        unlabelled = all(not p.labels for p in with_amounts)
        if unlabelled and len(with_amounts) == 1 and len(pending) > 1 and len(with_amounts[0].amounts) == len(pending):
            # 本年收入合计 本年支出合计 / 2,946.25 2,940.05: one amount under each label
            with_amounts = [_Part(amounts=[amount], joiner="") for amount in with_amounts[0].amounts]
        pairs = pending and len(pending) == len(with_amounts)
        if pairs and ((unlabelled and all(keyed(label) for label in pending)) or (len(pending) == 1 and with_amounts[0].code)):
            for label, part in zip(pending, with_amounts, strict=True):
                part.labels = [label, *part.labels]
        pending = []
        out.append((line, with_amounts))
    return out


def _fitting(alternatives: tuple[tuple[str, ...], ...], widest: int) -> list[Column]:
    fitting = [a for a in alternatives if len(a) >= widest] or list(alternatives[-1:])
    return [Column.parse(c) for c in min(fitting, key=len)] if fitting else []


def _spaced_parts(line: Line, catalogue: Catalogue) -> list[_Part]:
    """Parts of a space-separated row: a code (208 05 01, or 2080501), labels, amounts; a
    code or label after an amount opens the next part (two tables side by side)."""
    parts = [_Part(joiner="")]
    for position, token in enumerate(tokens(line.raw or line.text)):
        key = label_key(token)
        if key in _CODE_HEADERS or is_empty_amount(token):
            continue
        current = parts[-1]
        if _DIGITS.match(key) and key != "0":
            starts = len(key) in (3, 5, 7) and _is_class(key[:3], catalogue) and (current.amounts or not current.code)
            if starts and not current.labels:
                if current.amounts:
                    parts.append(_Part(joiner=""))
                parts[-1].code = key
                continue
            if current.code and not current.labels and not current.amounts and len(key) == 2 and len(current.code) < 7:
                current.code += key
                continue
        value = amount(token)
        if value is not None:
            current.amounts.append((position, token, value))
            continue
        if current.amounts or (current.labels and ORDINAL_START.match(token)):
            parts.append(_Part(joiner=""))
        parts[-1].labels.append(token)  # tokens of one label: joined with nothing
    return [p for p in parts if p.amounts or p.labels or p.code]
