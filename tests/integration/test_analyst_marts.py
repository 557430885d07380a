"""What analysts take away: the year-beside-year and 三公 marts on real documents, and
`make export` (every mart as Parquet and CSV with a data dictionary)."""

from __future__ import annotations

import csv
import re
import shutil
import stat
import subprocess
import sys
from decimal import Decimal as D
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from scripts.export_marts import dictionary, export
from tests.conftest import ROOT, SAMPLES
from tests.warehouse_build import build_warehouse

REAL = ROOT / "tests" / "fixtures" / "real"
# Two budgets of one department in consecutive years, and a final-accounts disclosure.
DOCUMENTS = ["js_npc_office_budget_2017.pdf", "js_npc_office_budget_2018.pdf", "sh_putuo_finance_final_2024.pdf"]
# The warehouse holds no budget of the final accounts' department and year, so one is made:
# the 司法局's 2026 budget (its tables in 元) renamed the 财政局's 2024. Not a real document:
# the pair the budget-beside-final mart needs, with figures read off the 司法局's.
COMPANION = ("sh_putuo_justice_budget_2026_tab.txt", {"上海市普陀区司法局": "上海市普陀区财政局", "2026": "2024"})


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("analyst")
    inbox = tmp / "in"
    shutil.copytree(SAMPLES, inbox)
    for name in DOCUMENTS:
        shutil.copy(REAL / name, inbox / name)
    name, renamed = COMPANION
    text = (REAL / "text" / name).read_text(encoding="utf-8")
    for old, new in renamed.items():
        text = text.replace(old, new)
    (inbox / "companion_finance_budget_2024_tab.txt").write_text(text, encoding="utf-8")
    return build_warehouse(inbox, tmp, strict=False)


@pytest.fixture(scope="module")
def con(built):
    with duckdb.connect(str(built), read_only=True) as connection:
        yield connection


def test_a_budget_stands_beside_the_previous_years(con):
    # Jiangsu NPC office, general public budget expenditure by function, class 201:
    # 10,528.33 (2017 disclosure) and 12,706.28 (2018 disclosure), 万元.
    rows = con.execute(
        "select fiscal_year, budget_general_budget_amount, previous_budget_general_budget_amount, "
        "budget_change_general_budget_amount, final_amount from marts.fct_department_years_by_subject_class "
        "where subject_code = '201' and province = '江苏省' order by fiscal_year"
    ).fetchall()
    assert rows == [
        (2017, D("10528.33"), None, None, None),
        (2018, D("12706.28"), D("10528.33"), D("2177.95"), None),
    ]


def test_every_department_year_class_comes_from_one_document_per_kind(con):
    counts = con.execute(
        "select max(budget_document_count), max(final_document_count), count(*) "
        "from marts.fct_department_years_by_subject_class"
    ).fetchone()
    assert counts[0] == 1 and counts[1] == 1 and counts[2] > 10


def test_three_public_parts_and_the_budget_final_accounts_print_beside_them(con):
    # 普陀区财政局 2024 final accounts print only 预算数 0.95 (all of it 公务接待费); no 决算数.
    final = con.execute(
        "select measure_read, total_amount, reception_amount, budget_total_amount, budget_reception_amount, "
        "budget_overseas_travel_amount from marts.fct_three_public where document_kind = 'final_accounts'"
    ).fetchall()
    assert final == [(None, None, None, D("0.95"), D("0.95"), None)]
    # The marts' 三公 total is the headline figure of fct_document_totals, for every document.
    mismatched = con.execute(
        "select count(*) from marts.fct_three_public as t join marts.fct_document_totals as d using (document_id) "
        "where t.total_amount is distinct from d.three_public_amount"
    ).fetchone()[0]
    assert mismatched == 0


def test_a_budget_stands_beside_its_final_accounts_by_class_economic_class_and_three_public(con):
    rows = {
        (classification, code): rest for classification, code, *rest in con.execute(
            "select classification, code, budget_amount, final_amount, execution_rate_percent, final_printed_budget_amount "
            "from marts.fct_budget_execution where department = '财政局' and fiscal_year = 2024"
        ).fetchall()
    }
    # 类 208: 3,343,704.00 元 budgeted, 326.72 万元 spent.
    assert rows["subject_class", "208"] == [D("334.3704"), D("326.72"), D("97.71"), None]
    # 类 201: spent 2,106.66; the budget has no 201 line.
    assert rows["subject_class", "201"] == [None, D("2106.66"), None, None]
    # Economic classes of basic expenditure, the class rows as printed (the final's 302 row
    # prints 171.07 where its items add up to 171.09).
    assert rows["economic_class", "301"] == [D("2308.4662"), D("2082.85"), D("90.23"), None]
    assert rows["economic_class", "302"] == [D("214.172444"), D("171.07"), D("79.87"), None]
    assert rows["economic_class", "310"] == [D("3.66"), D("13.58"), D("371.04"), None]
    # 三公: budgeted 10.81 (公务接待费 0.83); the final accounts print a 预算数 of 0.95 (all of it
    # 公务接待费) and no 决算数.
    assert rows["three_public", "total"] == [D("10.81"), None, None, D("0.95")]
    assert rows["three_public", "reception"] == [D("0.83"), None, None, D("0.95")]
    # ... and the final's 预算数 against the budget is a finding per part.
    found = con.execute(
        "select row_label, expected_amount, actual_amount from marts.fct_data_quality_findings "
        "where rule_id = 'CROSS_FINAL_BUDGET_EQ_BUDGET' and row_label like '三公 %' order by row_label"
    ).fetchall()
    assert found == [
        ("三公 公务接待费 预算数 = budget", D("0.83"), D("0.95")),
        ("三公 合计 预算数 = budget", D("10.81"), D("0.95")),
    ]


@pytest.fixture(scope="module")
def exported(built, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("export") / "export"
    export(built, out)
    export(built, out)  # a second export replaces the first whole
    return out


def test_every_mart_is_exported_as_parquet_and_csv_with_the_same_rows(con, exported):
    listed = con.execute("select table_name from information_schema.tables where table_schema = 'marts'").fetchall()
    tables = [row[0] for row in listed]
    assert len(tables) >= 13
    for table in tables:
        count = con.execute(f"select count(*) from marts.{table}").fetchone()[0]
        assert pq.read_metadata(exported / f"{table}.parquet").num_rows == count, table
        raw = (exported / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), table  # Excel reads UTF-8 only with a byte-order mark
        with open(exported / f"{table}.csv", encoding="utf-8-sig", newline="") as handle:
            assert sum(1 for _ in csv.reader(handle)) == count + 1, table
    assert sorted(p.name for p in exported.parent.iterdir()) == ["export"]  # no staged or retired copy left
    assert all(stat.S_IMODE(p.stat().st_mode) & 0o044 == 0o044 for p in exported.iterdir())


def test_exported_amounts_are_the_exact_decimals(con, exported):
    expected = con.execute(
        "select document_id, expenditure_total_amount from marts.fct_document_totals order by document_id"
    ).fetchall()
    parquet = duckdb.sql(
        f"select document_id, expenditure_total_amount from '{exported / 'fct_document_totals.parquet'}' order by 1"
    )
    assert str(parquet.types[1]) == "DECIMAL(28,6)"
    assert parquet.fetchall() == expected
    with open(exported / "fct_document_totals.csv", encoding="utf-8-sig", newline="") as handle:
        printed = {row["document_id"]: row["expenditure_total_amount"] for row in csv.DictReader(handle)}
    assert {k: (D(v) if v else None) for k, v in printed.items()} == dict(expected)
    assert "12706.280000" in (exported / "fct_expenditure_by_subject.csv").read_text(encoding="utf-8-sig")


def test_the_data_dictionary_describes_every_column_with_its_type_and_unit(con, exported):
    tables, columns = dictionary(con)
    with open(exported / "data_dictionary.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["table"], r["column"], r["type"]) for r in rows] == [(c.table, c.name, c.type) for c in columns]
    undescribed = [(r["table"], r["column"]) for r in rows if not r["description"]]
    assert undescribed == []
    without_unit = [(r["table"], r["column"]) for r in rows if r["type"].startswith("DECIMAL") and not r["unit"]]
    assert without_unit == []
    units = {(r["table"], r["column"]): r["unit"] for r in rows}
    assert units[("fct_document_totals", "basic_amount")] == "万元"
    assert units[("fct_performance_goals", "annual_total_yuan")] == "元"
    markdown = (exported / "data_dictionary.md").read_text(encoding="utf-8")
    assert all(f"## {table}" in markdown for table in tables)


def test_export_without_a_warehouse_says_to_build_first(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "export_marts.py"), "--warehouse", str(tmp_path / "none.duckdb"),
         "--out", str(tmp_path / "export")],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 1 and "run `make build` first" in result.stderr
    assert not (tmp_path / "export").exists()


def test_make_docs_writes_one_page_that_opens_offline_with_our_overview(built):
    page = ROOT / "target" / "static_index.html"
    page.unlink(missing_ok=True)
    result = subprocess.run(
        ["make", "-C", str(ROOT), "docs", f"WAREHOUSE={built}", f"RAW={built.parent / 'raw'}",
         f"VALIDATION={built.parent / 'validation'}"],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "\x1b[" not in result.stdout + result.stderr  # no colour codes in a log
    text = page.read_text(encoding="utf-8")
    assert "Chinese government budget disclosures" in text and "fct_department_years_by_subject_class" in text
    # Everything inline: no script or style fetched from a CDN.
    assert not re.search(r"<(script|link)[^>]+(src|href)=[\"']https?://", text)
    assert not (ROOT / "target" / "docs.duckdb").exists()


def test_a_copied_warehouse_answers_every_table_without_the_raw_parquet(built, tmp_path):
    copy = tmp_path / "elsewhere" / "copy.duckdb"
    copy.parent.mkdir()
    shutil.copy(built, copy)
    raw, away = built.parent / "raw", built.parent / "raw.away"
    raw.rename(away)  # as on another machine: the Parquet the warehouse was built from is not there
    try:
        with duckdb.connect(str(copy), read_only=True) as other:
            tables = other.execute(
                "select table_schema, table_name from information_schema.tables "
                "where table_schema in ('staging', 'intermediate', 'marts', 'reference')"
            ).fetchall()
            assert len(tables) > 30
            for schema, table in tables:
                other.execute(f'select count(*) from {schema}."{table}"').fetchall()
    finally:
        away.rename(raw)
    assert stat.S_IMODE(built.stat().st_mode) & 0o044 == 0o044  # readable by the group that analyses
