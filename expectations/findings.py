"""Suite outcomes -> findings: one row per thing that failed, with its severity."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import polars as pl

from expectations.registry import Rule
from expectations.suites import SuiteOutcome
from loaders.fields import polars_schema

SCHEMA = polars_schema("data_quality_findings")
SEVERITY_ORDER = {"error": 0, "warning": 1, "rounding": 2}


def _severity(rule: Rule, check_id: int, outcome: SuiteOutcome) -> str | None:
    if check_id in outcome.unexpected.get("violation", set()):
        return rule.severity
    if check_id in outcome.unexpected.get("beyond_rounding", set()):
        return "warning"
    if check_id in outcome.unexpected.get("any_difference", set()):
        return "rounding"
    return None


def _num(value):
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return Decimal(str(value)).quantize(Decimal("0.0001"))


def _text(value) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) else value


def _int(value):
    return None if value is None or pd.isna(value) else int(value)


def _message(rule: Rule, row, severity: str) -> str:
    if row.is_violation:
        return f"{rule.description} Found: {row.row_label}."
    if _num(row.expected_amount) is None:
        return f"{rule.description} The value to compare with is missing; printed {_num(row.actual_amount)}."
    kind = "within rounding" if severity == "rounding" else f"beyond rounding (tolerance {row.tolerance})"
    return (
        f"{rule.description} Expected {_num(row.expected_amount)}, printed {_num(row.actual_amount)}: "
        f"difference {row.difference_amount} {kind}."
    )


def collect_findings(
    frames: dict[str, pd.DataFrame], outcomes: list[SuiteOutcome], rules: dict[str, Rule], documents: pd.DataFrame,
    kept: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """One row per finding, in a stable order (file, severity, rule, table, line, row), each
    with its id. Rows are tuples, not dicts, and sorted as a frame: at 10,000 documents there
    are a quarter of a million findings. ``kept``: the findings of an earlier run that still
    hold (documents not checked again), in their order, ordered among the new ones."""
    by_suite = {o.suite: o for o in outcomes}
    docs = documents.set_index("document_id").to_dict("index")
    rows = []
    for suite, frame in frames.items():
        outcome = by_suite[suite]
        for row in frame.itertuples():
            rule = rules[row.rule_id]
            severity = _severity(rule, row.check_id, outcome)
            if severity is None:
                continue
            doc = docs.get(row.document_id, {})
            source_file = _text(row.evidence_file) or doc.get("source_file")  # a part's line: the part's file
            rows.append((
                row.document_id, source_file, doc.get("county_name"), doc.get("department_name"),
                _int(doc.get("fiscal_year")), rule.id, severity, _int(row.table_number), row.row_label,
                _num(row.expected_amount), _num(row.actual_amount), _num(row.difference_amount),
                _message(rule, row, severity), _int(row.source_line),
            ))
    columns = {name: dtype for name, dtype in SCHEMA.items() if name != "finding_id"}
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    del rows
    if kept is not None:
        # A document's findings all come from one run, so the sort below (stable, its first
        # key the file) keeps each document's rows in the order a full run gives them.
        frame = pl.concat([kept.select(list(columns)).cast(columns), frame])
    order = pl.col("severity").replace_strict(SEVERITY_ORDER, return_dtype=pl.Int8)
    frame = frame.sort(
        pl.col("source_file").fill_null(""), order, "rule_id", pl.col("table_number").fill_null(0),
        pl.col("source_line").fill_null(0), pl.col("row_label").fill_null(""), maintain_order=True,
    )
    ids = pl.concat_str([pl.col("document_id"), pl.col("rule_id"), pl.int_range(pl.len()).cast(pl.String)], separator=":")
    return frame.with_columns(ids.alias("finding_id")).select(list(SCHEMA))
