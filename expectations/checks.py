"""Rule SQL -> one check frame per rule: every row a thing checked, with its difference
and the tolerance that separates rounding from a contradiction."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

from expectations.registry import Rule

COLUMNS = ["document_id", "table_number", "row_label", "source_line", "expected_amount", "actual_amount", "summand_count"]
_CENT = Decimal("0.01")
_HALF_CENT = Decimal("0.005")


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def tolerance(rule: Rule, actual: Decimal | None, summands: int, printed: Decimal | None = None) -> Decimal:
    """Rounding: 0.005 万元 per summand, at least 0.01. Percent: one unit of the last
    decimal the percentage is stated with (34% allows 1, 44.18% allows 0.01), since the
    percentage is computed from amounts that are themselves rounded. Printed: what the
    check computed from each term's printed unit and decimals (0.005 元 is not 0.005 万元)."""
    if rule.tolerance == "printed":
        return printed if printed is not None else Decimal(0)
    if rule.tolerance == "percent":
        return Decimal(10) ** -_decimals(actual or Decimal(0))
    return max(_HALF_CENT * max(summands, 1), _CENT)


def printed_precision(rule: Rule, expected: Decimal, actual: Decimal | None) -> Decimal:
    """The expected value rounded the way the document prints it: a percentage to the
    decimals it is stated with, an amount to 0.01 万元 (a form's 元 / 10,000)."""
    if rule.tolerance == "printed":
        return expected  # a sum of printed amounts: exact, nothing to round
    places = _decimals(actual or Decimal(0)) if rule.tolerance == "percent" else 2
    return expected.quantize(Decimal(10) ** -places)


def run_check(con: duckdb.DuckDBPyConnection, rule: Rule, raw_root: Path) -> pd.DataFrame:
    frame = con.sql(rule.sql(raw_root)).df()
    if "is_violation" not in frame:
        frame["is_violation"] = False
    if "tolerance_amount" not in frame:
        frame["tolerance_amount"] = None
    frame = frame[[*COLUMNS, "is_violation", "tolerance_amount"]].copy()
    frame.insert(0, "rule_id", rule.id)
    differences, tolerances = [], []
    for row in frame.itertuples():
        expected = _as_decimal(row.expected_amount)
        actual = _as_decimal(row.actual_amount)
        if row.is_violation or expected is None or actual is None:
            differences.append(None if row.is_violation else (actual or Decimal(0)) - (expected or Decimal(0)))
        else:
            differences.append(actual - printed_precision(rule, expected, actual))
        tolerances.append(tolerance(rule, actual, int(row.summand_count or 0), _as_decimal(row.tolerance_amount)))
    frame["difference_amount"] = differences
    frame["tolerance"] = tolerances
    # GE compares numbers; the decimals stay exact in the findings, floats are for GE only.
    frame["abs_difference"] = [float(abs(d)) if d is not None else 0.0 for d in differences]
    frame["excess_over_tolerance"] = [
        float(abs(d) - t) if d is not None else 0.0 for d, t in zip(differences, tolerances, strict=True)
    ]
    return frame


def _as_decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
