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


# Exact decimals for the comparison in SQL: a DOUBLE is taken as its shortest printed form,
# as Python's Decimal(str(x)) takes it; 12 decimals hold every printed and computed amount.
_EXACT = "try_cast(cast({} as varchar) as decimal(38, 12))"
_GE_COLUMNS = "check_id, document_id, is_violation, abs_difference, excess_over_tolerance"
# A check's id: its rule's index in the high bits, its row in the low ones; a number, not a
# string, since GE's frames hold one per checked row (millions at national scale).
_ROW_BITS = 32


def _printed_sql(rule: Rule) -> str:
    """printed_precision() in SQL (round_even: Decimal.quantize rounds half to even)."""
    if rule.tolerance == "printed":
        return "expected"
    if rule.tolerance == "percent":
        # Each branch cast back to the exact type: a CASE over DECIMALs of several scales
        # would otherwise take a type that drops decimals.
        cases = " ".join(f"when {d} then cast(round_even(expected, {d}) as decimal(38, 12))" for d in range(7))
        return f"case actual_decimals {cases} else expected end"
    return "cast(round_even(expected, 2) as decimal(38, 12))"


def _tolerance_sql(rule: Rule) -> str:
    """tolerance() in SQL."""
    if rule.tolerance == "printed":
        return f"coalesce({_EXACT.format('tolerance_amount')}, 0)"
    if rule.tolerance == "percent":
        return "cast(power(10, -actual_decimals) as decimal(38, 12))"
    return "greatest(0.005 * greatest(coalesce(summand_count, 0), 1), 0.01)"


def run_check(
    con: duckdb.DuckDBPyConnection, rule: Rule, raw_root: Path, index: int, documents: str | None = None
) -> pd.DataFrame:
    """Run a rule over the whole warehouse into the temporary table ``table`` (every checked
    row, its printed columns as the rule gives them) and return what GE validates: per row
    its check id, whether it is a violation, its difference and its excess over tolerance,
    computed in SQL exactly as difference() and tolerance() compute them for a finding.
    ``documents``: a query of the document ids to check, for a rule of scope document (the
    changed documents of an incremental build); None: every document."""
    query = rule.sql(raw_root, documents)
    if documents is not None and rule.scope == "document":
        # Also here: a rule's rows need not all come through {counted}.
        query = f"select * from ({query}) where document_id in ({documents})"
    table = check_table(index)
    columns = con.sql(query).columns
    violation = "coalesce(is_violation, false)" if "is_violation" in columns else "false"
    tolerance_amount = "tolerance_amount" if "tolerance_amount" in columns else "cast(null as double)"
    # The file a finding's line is in, where it is not the document's own (an explanation
    # published as a file of its own, a part of the document).
    evidence_file = "evidence_file" if "evidence_file" in columns else "cast(null as varchar)"
    rule_id = rule.id.replace("'", "''")
    con.execute(f"""
        create or replace temp table {table} as
        with checked as ({query}),
        exact as (
            select
                {', '.join(COLUMNS)},
                {violation} as is_violation,
                {tolerance_amount} as tolerance_amount,
                {evidence_file} as evidence_file,
                {_EXACT.format('expected_amount')} as expected,
                {_EXACT.format('actual_amount')} as actual
            from checked
        ),
        measured as (
            select *, coalesce(length(rtrim(split_part(cast(actual as varchar), '.', 2), '0')), 0) as actual_decimals
            from exact
        ),
        compared as (
            select
                *,
                case
                    when is_violation then null
                    when expected is null or actual is null then coalesce(actual, 0) - coalesce(expected, 0)
                    else actual - {_printed_sql(rule)}
                end as difference,
                {_tolerance_sql(rule)} as tolerance
            from measured
        )
        select
            (cast({index} as bigint) << {_ROW_BITS}) + row_number() over () as check_id,
            '{rule_id}' as rule_id,
            {', '.join(COLUMNS)}, is_violation, tolerance_amount, evidence_file,
            cast(coalesce(abs(difference), 0) as double) as abs_difference,
            cast(coalesce(abs(difference) - tolerance, 0) as double) as excess_over_tolerance
        from compared
    """)
    frame = con.sql(f"select {_GE_COLUMNS} from {table}").df()
    frame["document_id"] = frame["document_id"].astype("category")  # a few thousand values, repeated
    return frame


def check_table(index: int) -> str:
    """The temporary table holding the checked rows of the rule at ``index``."""
    return f"checked_rule_{index}"


def difference(rule: Rule, frame: pd.DataFrame) -> pd.DataFrame:
    """The checked rows of ``frame`` (read from a rule's table) with their exact difference
    and tolerance, as the findings print them."""
    frame = frame.copy()
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
    return frame


def _as_decimal(value) -> Decimal | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return value if isinstance(value, Decimal) else Decimal(str(value))
