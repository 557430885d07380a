"""Tables 1 and 4: two-sided summaries, income on the left, expenditure on the right.

Expenditure lines name the functional 类 by Chinese ordinal and name, without a
code; the ordinal is read here, the code is resolved downstream against the seed.
"""

from __future__ import annotations

import re

import cn2an

from loaders.grid import Grid
from loaders.text import label_key

_ORDINAL = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_CARRYOVER_HEAD = re.compile(r"上年.*结转")
_SIDE_AMOUNTS = {
    "income": ("amount",),
    "expenditure": (
        "total_amount",
        "current_year_amount",
        "carryover_amount",
        "general_budget_amount",
        "gov_fund_amount",
        "state_capital_amount",
    ),
}


def _sides(grid: Grid) -> list[tuple[str, int, int]]:
    labels = [i for i, name in enumerate(grid.columns) if name == "item_label"]
    width = len(grid.columns)
    if len(labels) < 2:
        return [("income", 0, width)]
    return [("income", labels[0], labels[1]), ("expenditure", labels[1], width)]


def grid_to_summary_lines(grid: Grid) -> list[dict]:
    out = []
    group = "current"
    for row in grid.rows:
        for side, start, stop in _sides(grid):
            label = row.cells[start] if start < len(row.cells) else ""
            amounts = {name: grid.amount(row, name, start, stop) for name in _SIDE_AMOUNTS[side]}
            if not label and not any(v is not None for v in amounts.values()):
                continue
            key = label_key(label)
            if side == "income" and _CARRYOVER_HEAD.search(key):
                group = "carryover"
            elif side == "income" and ("合计" in key or "总计" in key):
                group = "total"
            ordinal_match = _ORDINAL.match(key)
            out.append(
                {
                    "source_line": row.line,
                    "row_index": row.index,
                    "side": side,
                    "item_label": label,
                    "item_ordinal": cn2an.cn2an(ordinal_match.group(1), "smart") if ordinal_match else None,
                    "item_name": ordinal_match.group(2) if ordinal_match else key,
                    "income_group": group if side == "income" else None,
                    **{name: amounts.get(name) for name in _SIDE_AMOUNTS[side]},
                }
            )
    return out
