"""What the explorer shows, as SQL over the marts: one function per view, each taking a
read-only connection and the documents in scope. Kept apart from the page so that what it
shows is tested without a browser, and the page only lays it out."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import duckdb
import pandas as pd

# A division: its GB/T 2260 code, or the printed name when the name resolved to none.
_DIVISION_KEY = "coalesce(division_code, 'unresolved:' || coalesce(county, prefecture, province, '?'))"
# A municipality is its own prefecture: its districts read 'municipality district', not the municipality twice.
_DIVISION_NAME = "concat_ws(' ', province, nullif(prefecture, province), county)"


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """Read-only: a build publishes a new file by rename, and this connection never holds a
    lock a build would wait on."""
    return duckdb.connect(str(path), read_only=True)


def amount(value) -> str:
    """An exact amount for people: thousands separated, at least two decimals, no trailing
    zeros beyond what the figure needs (12706.280000 -> 12,706.28)."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = f"{Decimal(value):,f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(2, "0")
    return f"{whole}.{fraction}"


def _frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """Through Arrow, not .df(): that turns DECIMAL into float64; amounts stay Decimal here."""
    return con.sql(sql, params=params).to_arrow_table().to_pandas()


def shown(frame: pd.DataFrame, amounts: list[str]) -> pd.DataFrame:
    out = frame.copy()
    for column in amounts:
        out[column] = out[column].map(amount)
    return out


def divisions(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every division the warehouse holds documents of: key, name, level, years."""
    return _frame(
        con,
        f"""select {_DIVISION_KEY} as division_key, {_DIVISION_NAME} as division_name,
               any_value(government_level) as government_level,
               list(distinct fiscal_year order by fiscal_year desc) as years, count(*) as documents
        from marts.dim_document group by all order by division_name, division_key"""
    )


def documents(con: duckdb.DuckDBPyConnection, division_key: str, year: int) -> pd.DataFrame:
    return _frame(
        con,
        f"""select document_id, org_name, department, unit_name, document_kind, document_level, template, source_file
        from marts.dim_document where {_DIVISION_KEY} = ? and fiscal_year = ?
        order by department, unit_name nulls first, document_kind""",
        [division_key, year],
    )


def totals(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    """Headline figures per document (万元)."""
    frame = _frame(
        con,
        """select d.org_name as organisation, t.document_kind as kind, t.expenditure_total_amount as expenditure,
               t.basic_amount as basic, t.project_amount as project, t.general_budget_amount as general_budget,
               t.three_public_amount as three_public, t.operating_cost_amount as operating_cost
        from marts.fct_document_totals as t join marts.dim_document as d using (document_id)
        where t.document_id in (select unnest(?::varchar[])) order by organisation, kind""",
        [ids],
    )
    return shown(frame, ["expenditure", "basic", "project", "general_budget", "three_public", "operating_cost"])


def headline(con: duckdb.DuckDBPyConnection, ids: list[str]) -> dict[str, Decimal | None]:
    """The documents' figures added up (万元), for the page's headline numbers."""
    (row,) = con.sql(
        """select sum(expenditure_total_amount), sum(basic_amount), sum(project_amount), sum(three_public_amount)
        from marts.fct_document_totals where document_id in (select unnest(?::varchar[]))""",
        params=[ids],
    ).fetchall()
    return dict(zip(["expenditure", "basic", "project", "three_public"], row, strict=True))


def subject_classes(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    """Spending by functional class (类), all funds and the general public budget (万元)."""
    frame = _frame(
        con,
        """select subject_code as code, any_value(subject_name) as class, document_kind as kind,
               sum(total_amount) as total, sum(general_budget_total_amount) as general_budget
        from marts.fct_expenditure_by_subject
        where subject_level = 1 and document_id in (select unnest(?::varchar[]))
        group by subject_code, document_kind order by kind, code""",
        [ids],
    )
    return frame


def economic_classes(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    """Basic expenditure by economic class (类) (万元)."""
    return _frame(
        con,
        """select dept_econ_class_code as code, any_value(dept_econ_class_name) as class, document_kind as kind,
               sum(total_amount) as total
        from marts.fct_expenditure_by_economic_class
        where document_id in (select unnest(?::varchar[])) and dept_econ_class_code is not null
        group by dept_econ_class_code, document_kind order by kind, code""",
        [ids],
    )


def three_public(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    frame = _frame(
        con,
        """select d.org_name as organisation, t.document_kind as kind, t.total_amount as total,
               t.overseas_travel_amount as overseas_travel, t.vehicle_purchase_amount as vehicle_purchase,
               t.vehicle_operation_amount as vehicle_operation, t.reception_amount as reception,
               t.budget_total_amount as budget_total
        from marts.fct_three_public as t join marts.dim_document as d using (document_id)
        where t.document_id in (select unnest(?::varchar[])) order by organisation, kind""",
        [ids],
    )
    return shown(frame, ["total", "overseas_travel", "vehicle_purchase", "vehicle_operation", "reception", "budget_total"])


def projects(con: duckdb.DuckDBPyConnection, ids: list[str], limit: int = 50) -> pd.DataFrame:
    frame = _frame(
        con,
        """select department, project_name as project, budget_kind, total_amount as total, match_method as performance_form
        from marts.fct_projects where document_id in (select unnest(?::varchar[])) and total_amount is not null
        order by total_amount desc limit ?""",
        [ids, limit],
    )
    frame["performance_form"] = frame["performance_form"].fillna("none")
    return shown(frame, ["total"])


def budget_beside_final(con: duckdb.DuckDBPyConnection, division_key: str, year: int) -> pd.DataFrame:
    """Per department and class: the year's budget, its final accounts, last year's budget."""
    frame = _frame(
        con,
        f"""with rows as (
            select *, coalesce(budget_amount, final_amount, previous_budget_amount) is not null as all_funds
            from marts.fct_department_years_by_subject_class where {_DIVISION_KEY} = ? and fiscal_year = ?
        )
        select department, subject_code as code, subject_name as class,
               case when all_funds then 'all funds' else 'general public budget' end as measure,
               case when all_funds then budget_amount else budget_general_budget_amount end as budget,
               case when all_funds then final_amount else final_general_budget_amount end as final,
               case when all_funds then final_minus_budget_amount else final_minus_budget_general_budget_amount end
                   as final_minus_budget,
               case when all_funds then previous_budget_amount else previous_budget_general_budget_amount end
                   as previous_budget
        from rows order by department, code""",
        [division_key, year],
    )
    return shown(frame, ["budget", "final", "previous_budget", "final_minus_budget"])


def findings(con: duckdb.DuckDBPyConnection, ids: list[str]) -> pd.DataFrame:
    return _frame(
        con,
        """select source_file as file, severity, rule_id as rule, table_number as "table", source_line as line,
               row_label as "row", expected_amount as expected, actual_amount as printed, message
        from marts.fct_data_quality_findings where document_id in (select unnest(?::varchar[]))
        order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, file, line""",
        [ids],
    )
