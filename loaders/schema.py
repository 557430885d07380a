"""Column types of every raw dataset, so an empty dataset still has its schema and
the same quantity has the same type everywhere."""

from __future__ import annotations

import polars as pl

AMOUNT = pl.Decimal(18, 2)  # 万元, printed with two decimals
YUAN = pl.Decimal(20, 2)
VALUE = pl.Decimal(20, 4)

_PROVENANCE = {
    "document_id": pl.String,
    "source_file": pl.String,
    "table_number": pl.Int32,
    "source_line": pl.Int32,
}
_FUNDS = {
    name: AMOUNT
    for name in ("total_amount", "general_budget_amount", "gov_fund_amount", "state_capital_amount")
}

SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    "documents": {
        "document_id": pl.String,
        "source_file": pl.String,
        "sha256": pl.String,
        "byte_size": pl.Int64,
        "encoding": pl.String,
        "layout": pl.String,
        "org_name": pl.String,
        "county_name": pl.String,
        "department_name": pl.String,
        "fiscal_year": pl.Int32,
        "document_kind": pl.String,
        "status": pl.String,
        "is_counted": pl.Boolean,
        "error": pl.String,
        "table_count": pl.Int32,
        "error_count": pl.Int32,
    },
    "tables": {
        **_PROVENANCE,
        "table_title": pl.String,
        "family": pl.String,
        "fiscal_year": pl.Int32,
        "end_line": pl.Int32,
        "is_empty": pl.Boolean,
        "row_count": pl.Int32,
        "header_texts": pl.String,
        "column_names": pl.String,
        "note": pl.String,
    },
    "table_rows": {**_PROVENANCE, "row_index": pl.Int32, "row_role": pl.String, "cells": pl.List(pl.String)},
    "table_amounts": {
        **_PROVENANCE,
        "row_index": pl.Int32,
        "row_label": pl.String,
        "column_index": pl.Int32,
        "column_name": pl.String,
        "column_header": pl.String,
        "amount": AMOUNT,
    },
    "subject_lines": {
        **_PROVENANCE,
        "row_index": pl.Int32,
        "row_kind": pl.String,
        "subject_code": pl.String,
        "subject_name": pl.String,
        **{
            name: AMOUNT
            for name in (
                "total_amount", "basic_amount", "project_amount", "general_budget_amount", "gov_fund_amount",
                "state_capital_amount", "special_account_amount", "unit_funds_amount", "carryover_amount",
            )
        },
    },
    "summary_lines": {
        **_PROVENANCE,
        "row_index": pl.Int32,
        "side": pl.String,
        "item_label": pl.String,
        "item_ordinal": pl.Int32,
        "item_name": pl.String,
        "income_group": pl.String,
        "amount": AMOUNT,
        "total_amount": AMOUNT,
        "current_year_amount": AMOUNT,
        "carryover_amount": AMOUNT,
        "general_budget_amount": AMOUNT,
        "gov_fund_amount": AMOUNT,
        "state_capital_amount": AMOUNT,
    },
    "economic_lines": {
        **_PROVENANCE,
        "row_index": pl.Int32,
        "row_kind": pl.String,
        "class_name": pl.String,
        "dept_econ_name": pl.String,
        "gov_econ_name": pl.String,
        "total_amount": AMOUNT,
        "personnel_amount": AMOUNT,
        "public_amount": AMOUNT,
    },
    "three_public_lines": {**_PROVENANCE, "row_index": pl.Int32, "item_label": pl.String, "item_key": pl.String, **_FUNDS},
    "operating_cost_lines": {**_PROVENANCE, "row_index": pl.Int32, "row_kind": pl.String, "unit_name": pl.String, **_FUNDS},
    "project_lines": {
        **_PROVENANCE,
        "row_index": pl.Int32,
        "budget_kind": pl.String,
        "row_level": pl.String,
        "level_method": pl.String,
        "unit_name": pl.String,
        "item_name": pl.String,
        **_FUNDS,
        "special_account_amount": AMOUNT,
        "unit_funds_amount": AMOUNT,
    },
    "performance_forms": {
        "document_id": pl.String,
        "source_file": pl.String,
        "form_index": pl.Int32,
        "form_kind": pl.String,
        "title": pl.String,
        "title_line": pl.Int32,
        "end_line": pl.Int32,
        "form_year": pl.Int32,
        "project_name": pl.String,
        "department_code": pl.String,
        "supervising_department": pl.String,
        "department_name": pl.String,
        "implementing_unit": pl.String,
        "project_attribute": pl.String,
        "project_period": pl.String,
        "overview": pl.String,
        "basis": pl.String,
        "necessity": pl.String,
        "safeguards": pl.String,
        "plan": pl.String,
        "goal_implementation": pl.String,
        "goal_annual": pl.String,
        **{
            f"{period}_{name}_yuan": YUAN
            for period in ("implementation", "annual")
            for name in ("total", "central", "provincial", "local", "self_raised", "other")
        },
        "indicator_count": pl.Int32,
    },
    "performance_indicators": {
        "document_id": pl.String,
        "source_file": pl.String,
        "form_index": pl.Int32,
        "source_line": pl.Int32,
        "indicator_index": pl.Int32,
        "period": pl.String,
        "level1_name": pl.String,
        "level2_name": pl.String,
        "level3_name": pl.String,
        "indicator_value": pl.String,
    },
    "narrative_figures": {
        "document_id": pl.String,
        "source_file": pl.String,
        "source_line": pl.Int32,
        "figure_index": pl.Int32,
        "section_key": pl.String,
        "section_title": pl.String,
        "figure_key": pl.String,
        "figure_kind": pl.String,
        "label": pl.String,
        "subject": pl.String,
        "value": VALUE,
        "unit": pl.String,
        "sentence": pl.String,
    },
    "load_errors": {
        "document_id": pl.String,
        "source_file": pl.String,
        "table_number": pl.Int32,
        "source_line": pl.Int32,
        "severity": pl.String,
        "error_code": pl.String,
        "message": pl.String,
        "cell_text": pl.String,
    },
}
