"""Performance-goal forms (绩效目标表) -> one form record and its indicator rows.

Forms are ragged and OCR-shifted, so nothing here trusts a column position: fields
are found by their labels, values are the cells that follow (or, where OCR moved a
value above its label, the cell that precedes it), and funding amounts belong to
the nearest funding label to their left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from loaders.lines import Line
from loaders.mappings import Mappings
from loaders.text import AmountError, fits, label_key, parse_amount

_YEAR = re.compile(r"\(?(20\d{2})\)?\s*年度\)?")
_YUAN = re.compile(r"^-?[\d,]+(\.\d+)?$")
_SUCH_AS = re.compile(r"^其中[:：]?")
_MEMO_SIZE = 1 << 16
PERIODS = ("implementation", "annual")
FUNDING_NAMES = ("total", "central", "provincial", "local", "self_raised", "other")


@dataclass
class FormResult:
    form: dict
    indicators: list[dict] = field(default_factory=list)
    problems: list[tuple[int, str, str]] = field(default_factory=list)  # line, cell, reason


@dataclass(frozen=True)
class _Spec:
    fields: tuple[tuple[str, re.Pattern, re.Pattern | None, bool], ...]
    # Each field pattern without its end anchor, to find a label with its value in one cell;
    # None where the pattern takes the rest of the cell anyway (.*$).
    heads: tuple[re.Pattern | None, ...]
    funding: tuple[tuple[str, re.Pattern], ...]
    grid_start: re.Pattern
    grid_end: re.Pattern
    level1: re.Pattern
    level2: re.Pattern
    ignore: re.Pattern
    department_title: re.Pattern
    memo: dict = field(default_factory=dict, compare=False, hash=False)  # cell -> field label, see _field_label


_SPECS: dict[int, tuple[Mappings, _Spec]] = {}  # compiled once per mappings (kept alive, so the id stays its own)


def _spec(mappings: Mappings) -> _Spec:
    cached = _SPECS.get(id(mappings))
    if cached and cached[0] is mappings:
        return cached[1]
    spec = _compile_spec(mappings)
    _SPECS[id(mappings)] = (mappings, spec)
    return spec


def _compile_spec(mappings: Mappings) -> _Spec:
    f = mappings.forms
    return _Spec(
        fields=tuple(
            (
                x["name"],
                re.compile(x["pattern"]),
                re.compile(x["value_pattern"]) if "value_pattern" in x else None,
                x.get("prose", False),
            )
            for x in f["field"]
        ),
        heads=tuple(
            None if x["pattern"].endswith(".*$") else re.compile(x["pattern"].rstrip("$")) for x in f["field"]
        ),
        funding=tuple((x["name"], re.compile(x["pattern"])) for x in f["funding"]),
        grid_start=re.compile(f["grid_start_pattern"]),
        grid_end=re.compile(f["grid_end_pattern"]),
        level1=re.compile(f["level1_pattern"]),
        level2=re.compile(f["level2_pattern"]),
        ignore=re.compile(f["ignore_pattern"]),
        department_title=re.compile(f["department_title_pattern"]),
    )


def _field_label(key: str, spec: _Spec) -> tuple[str, str] | None:
    """(field, value printed in the same cell) when the cell is a field label."""
    if key not in spec.memo:  # the same cells recur in every form of every document
        if len(spec.memo) >= _MEMO_SIZE:  # amounts are cells too: bounded, whatever the batch
            spec.memo.clear()
        spec.memo[key] = _match_field_label(key, spec)
    return spec.memo[key]


def _match_field_label(key: str, spec: _Spec) -> tuple[str, str] | None:
    for (name, pattern, _, _), head_pattern in zip(spec.fields, spec.heads, strict=True):
        if pattern.match(key):
            return name, ""
        head = head_pattern.match(key) if head_pattern else None
        if head and 0 < head.end() < len(key):
            return name, key[head.end() :]
    return None


def _funding_label(key: str, spec: _Spec) -> str | None:
    return _funding_name(key, spec.funding)


@lru_cache(maxsize=_MEMO_SIZE)  # the same cells recur in every form; bounded, since amounts are cells too
def _funding_name(key: str, funding: tuple[tuple[str, re.Pattern], ...]) -> str | None:
    bare = _SUCH_AS.sub("", key)
    return next((name for name, pattern in funding if pattern.match(bare)), None)


def segment_to_form(title: str, title_line: int, lines: list[Line], mappings: Mappings) -> FormResult:
    spec = _spec(mappings)
    kind = "department" if spec.department_title.search(label_key(title)) else "project"
    result = FormResult(
        {
            "form_kind": kind,
            "title": title,
            "title_line": title_line,
            "end_line": lines[-1].number if lines else title_line,
            "form_year": None,
        }
    )
    grid_start = next((i for i, ln in enumerate(lines) if any(spec.grid_start.match(label_key(c)) for c in ln.filled)), None)
    if grid_start is None:
        grid_start = next(
            (i for i, ln in enumerate(lines) if any(spec.level1.match(label_key(c)) for c in ln.filled)), len(lines)
        )
    grid_end = next(
        (i for i, ln in enumerate(lines) if i >= grid_start and any(spec.grid_end.match(label_key(c)) for c in ln.filled)),
        len(lines),
    )
    for line in lines[:3]:
        match = _YEAR.search(label_key(line.text))
        if match:
            result.form["form_year"] = int(match.group(1))
            break
    head, grid = lines[:grid_start], lines[grid_start:grid_end]
    funding_lines = [ln for ln in head if any(_funding_label(label_key(c), spec) for c in ln.filled)]
    funding_ids = {id(ln) for ln in funding_lines}  # by identity: comparing Lines field by field is slow
    _read_fields([ln for ln in head if id(ln) not in funding_ids], spec, result)
    _read_funding(funding_lines, spec, result)
    _read_indicators(grid, spec, result)
    result.form["indicator_count"] = len(result.indicators)
    return result


def _read_fields(lines: list[Line], spec: _Spec, result: FormResult) -> None:
    values: dict[str, list[str]] = {}
    pending: list[str] = []
    label_row: dict[str, int] = {}
    orphans: list[str] = []
    prose = {name for name, _, _, is_prose in spec.fields if is_prose}
    value_patterns = {name: vp for name, _, vp, _ in spec.fields if vp is not None}
    for row_index, line in enumerate(lines):
        # A scalar label's value stands on its own row or the next; later text is not its value.
        pending = [p for p in pending if p in prose or label_row[p] >= row_index - 1]
        for text in line.filled:
            key = label_key(text)
            if _YEAR.fullmatch(key) or key == label_key(result.form["title"]):
                continue
            label = _field_label(key, spec)
            if label:
                name, inline = label
                pending = [p for p in pending if p not in prose]  # a new label ends prose
                if inline:
                    values.setdefault(name, []).append(inline)
                elif name not in values:
                    pending.append(name)
                    label_row[name] = row_index
                continue
            target = _route_value(text, pending, values, value_patterns)
            if target is None:
                orphans.append(text)
                continue
            values.setdefault(target, []).append(text)
            if target in pending and target not in prose:
                pending.remove(target)
    name_value = (values.get("project_name") or [None])[0]
    code_pattern = value_patterns.get("department_code_name")
    if (
        result.form["form_kind"] == "project"
        and orphans
        and (name_value is None or (code_pattern and code_pattern.match(label_key(name_value))))
    ):
        values["project_name"] = [orphans[0]]  # OCR printed the name above its label
    form = result.form
    for name, _, _, is_prose in spec.fields:
        got = values.get(name, [])
        if name == "goal":
            form["goal_implementation"] = got[0] if got else None
            form["goal_annual"] = got[1] if len(got) > 1 else (got[0] if got else None)
        elif is_prose:
            form[name] = "\n".join(got) if got else None
        else:
            form[name] = got[0] if got else None
    code, dept = _split_department(form.pop("department_code_name"))
    form["department_code"], form["supervising_department"] = code, dept
    if form.get("project_name") is None and form["form_kind"] == "project":
        result.problems.append((form["title_line"], form["title"], "performance form without a project name"))


def _route_value(text: str, pending: list[str], values: dict, value_patterns: dict) -> str | None:
    key = label_key(text)
    # A value of a distinctive shape goes to its field even when OCR moved its label.
    for name, pattern in value_patterns.items():
        if pattern.search(key) and name not in values and (name in pending or not pending or pending[0] in value_patterns):
            return name
    for name in pending:
        pattern = value_patterns.get(name)
        if pattern is None or pattern.search(key):
            return name
    return None


def _split_department(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    match = re.match(r"^(\d{2,4})\s*[-－—]\s*(.+)$", label_key(value))
    return (match.group(1), match.group(2)) if match else (None, label_key(value))


def _read_funding(lines: list[Line], spec: _Spec, result: FormResult) -> None:
    amounts: dict[str, Decimal | None] = {}
    for line in lines:
        seen: dict[str, int] = {}
        current: str | None = None
        for text in line.filled:
            key = label_key(text)
            name = _funding_label(key, spec)
            if name:
                seen[name] = seen.get(name, -1) + 1
                current = name
                continue
            if current is None or not _YUAN.match(key):
                if current is not None and key and not key.endswith(("(元)", "元)")) and "项目资金" not in key:
                    result.problems.append((line.number, text, f"unparseable funding amount after {current}"))
                continue
            period = min(seen[current], 1)
            slot = f"{PERIODS[period]}_{current}_yuan"
            if slot in amounts:  # a second number under one label: the annual column lost its label
                slot = f"{PERIODS[1]}_{current}_yuan"
            try:
                value = parse_amount(key)
            except AmountError:
                result.problems.append((line.number, text, "unparseable funding amount"))
                continue
            if value is not None and not fits(value, 20, 2):
                result.problems.append((line.number, text, "funding amount beyond 18 digits or 2 decimals"))
                continue
            amounts[slot] = value
    for period in PERIODS:
        for name in FUNDING_NAMES:
            result.form[f"{period}_{name}_yuan"] = amounts.get(f"{period}_{name}_yuan")


def _read_indicators(lines: list[Line], spec: _Spec, result: FormResult) -> None:
    level1: str | None = None
    level2: list[str | None] = [None, None]
    for line in lines:
        period, name = 0, [None, None]
        emitted = False
        for text in line.filled:
            key = label_key(text)
            if spec.ignore.match(key) or _field_label(key, spec):
                continue
            if spec.level1.match(key):
                level1 = key
                continue
            if spec.level2.match(key):
                if emitted or name[period] is not None:
                    if name[period] is not None:
                        _emit(result, line, period, level1, level2[period], name[period], None)
                        name[period] = None
                    period = 1
                level2[period] = key
                continue
            if name[period] is None:
                name[period] = text
            else:
                _emit(result, line, period, level1, level2[period], name[period], text)
                name[period], emitted, period = None, True, 1
        for p in (0, 1):
            if name[p] is not None:
                _emit(result, line, p, level1, level2[p], name[p], None)


def _emit(result: FormResult, line: Line, period: int, level1, level2, name, value) -> None:
    result.indicators.append(
        {
            "source_line": line.number,
            "indicator_index": len(result.indicators),
            "period": PERIODS[period],
            "level1_name": level1,
            "level2_name": level2,
            "level3_name": name,
            "indicator_value": value,
        }
    )
