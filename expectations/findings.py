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
    frames: dict[str, pd.DataFrame], outcomes: list[SuiteOutcome], rules: dict[str, Rule], documents: pd.DataFrame
) -> pl.DataFrame:
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
            rows.append(
                {
                    "document_id": row.document_id,
                    "source_file": doc.get("source_file"),
                    "county": doc.get("county_name"),
                    "department": doc.get("department_name"),
                    "fiscal_year": _int(doc.get("fiscal_year")),
                    "rule_id": rule.id,
                    "severity": severity,
                    "table_number": _int(row.table_number),
                    "row_label": row.row_label,
                    "expected_amount": _num(row.expected_amount),
                    "actual_amount": _num(row.actual_amount),
                    "difference_amount": _num(row.difference_amount),
                    "message": _message(rule, row, severity),
                    "source_line": _int(row.source_line),
                }
            )
    rows.sort(
        key=lambda r: (
            r["source_file"] or "",
            SEVERITY_ORDER[r["severity"]],
            r["rule_id"],
            r["table_number"] or 0,
            r["source_line"] or 0,
            r["row_label"] or "",
        )
    )
    for index, row in enumerate(rows):
        row["finding_id"] = f"{row['document_id']}:{row['rule_id']}:{index}"
    return pl.DataFrame(rows, schema=SCHEMA, orient="row")
