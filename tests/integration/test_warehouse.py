"""The warehouse built by dbt from the sample disclosures (plus a re-delivered copy and a
file that fails to load): mart figures equal the documents', and the README queries run."""

from __future__ import annotations

import re
import shutil
from decimal import Decimal as D

import duckdb
import pytest

from tests.conftest import ROOT, SAMPLES, ZEZHOU
from tests.warehouse_build import build_warehouse


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("warehouse")
    inbox = tmp / "in"
    shutil.copytree(SAMPLES, inbox)
    shutil.copy(SAMPLES / ZEZHOU, inbox / "zz_redelivered_copy.txt")
    (inbox / "zz_not_a_disclosure.txt").write_bytes(bytes(range(256)) * 16)
    connection = duckdb.connect(str(build_warehouse(inbox, tmp)), read_only=True)
    yield connection
    connection.close()


def one(con, sql: str, *params):
    rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_only_counted_documents_reach_the_marts(warehouse):
    docs = warehouse.sql(
        "select county, county_code, province, prefecture, department, fiscal_year from marts.dim_document order by county_code"
    ).fetchall()
    assert docs == [
        ("泽州县", "140525", "山西省", "晋城市", "人力资源和社会保障局", 2026),
        ("文水县", "141121", "山西省", "吕梁市", "人力资源和社会保障局", 2026),
    ]
    statuses = dict(warehouse.sql("select source_file, status from staging.stg_disclosures__documents").fetchall())
    assert statuses["zz_redelivered_copy.txt"] == "duplicate_file"
    assert statuses["zz_not_a_disclosure.txt"] == "failed"
    errors = warehouse.sql(
        "select error_code from staging.stg_disclosures__load_errors where source_file = 'zz_not_a_disclosure.txt'"
    ).fetchall()
    assert errors == [("unreadable_encoding",)]
    findings = warehouse.sql(
        "select rule_id, severity from marts.fct_data_quality_findings where source_file = 'zz_not_a_disclosure.txt'"
    ).fetchall()
    assert findings == [("REF_DOCUMENT_LOADS_ONCE", "error")]


def test_expenditure_by_subject_equals_tables_2_3_5(warehouse):
    row = one(
        warehouse,
        "select subject_level, parent_code, subject_name, total_amount, basic_amount, project_amount, "
        "general_budget_total_amount, carryover_amount from marts.fct_expenditure_by_subject "
        "where county = ? and subject_code = '208'",
        "泽州县",
    )
    assert row == (1, None, "社会保障和就业支出", D("5914.08"), D("2255.55"), D("3658.53"), D("5163.24"), D("750.84"))
    row = one(
        warehouse,
        "select subject_level, parent_code, total_amount, general_budget_total_amount, carryover_amount "
        "from marts.fct_expenditure_by_subject where county = ? and subject_code = '2080701'",
        "文水县",
    )
    assert row == (3, "20807", D("0.01"), None, D("0.01"))
    levels = dict(
        warehouse.sql(
            "select subject_level, count(*) from marts.fct_expenditure_by_subject where county = '泽州县' group by 1"
        ).fetchall()
    )
    assert levels == {1: 3, 2: 6, 3: 18}


def test_division_budget_is_not_doubled_by_the_redelivered_copy(warehouse):
    row = one(
        warehouse,
        "select document_count, income_total_amount, general_budget_amount, carryover_amount, "
        "expenditure_total_amount, basic_amount, project_amount, personnel_amount, public_amount, "
        "three_public_amount, operating_cost_amount from marts.fct_division_budget where division_code = '140525'",
    )
    assert row == (
        1,
        D("6276.70"),
        D("5525.86"),
        D("750.84"),
        D("6276.70"),
        D("2618.17"),
        D("3658.53"),
        D("2545.22"),
        D("72.95"),
        D("13.50"),
        D("72.95"),
    )
    row = one(
        warehouse,
        "select income_total_amount, basic_amount, project_amount, three_public_amount "
        "from marts.fct_division_budget where division_code = '141121'",
    )
    assert row == (D("3776.24"), D("1979.95"), D("1796.29"), D("6.00"))
    classes = warehouse.sql(
        "select subject_code, total_amount from marts.fct_division_expenditure_by_subject_class "
        "where division_code = '141121' order by 1"
    ).fetchall()
    assert classes == [("208", D("3057.63")), ("210", D("559.38")), ("221", D("159.23"))]


def test_economic_codes_are_resolved_in_context(warehouse):
    rows = warehouse.sql(
        "select gov_econ_code, total_amount from marts.fct_expenditure_by_economic_class "
        "where county = '文水县' and dept_econ_code = '30101' order by 1"
    ).fetchall()
    assert rows == [("50101", D("385.32")), ("50501", D("408.78"))]
    unresolved = one(
        warehouse,
        "select count(*) from marts.fct_expenditure_by_economic_class where dept_econ_code is null or gov_econ_code is null",
    )
    assert unresolved == (0,)
    # The items add up to 2618.18 against a printed 合计 of 2618.17: the document's own rounding
    # (its 工资福利支出 items sum to 2258.53, the class line says 2258.51). The mart keeps what is printed.
    total = one(warehouse, "select sum(total_amount) from marts.fct_expenditure_by_economic_class where county = '泽州县'")
    assert total == (D("2618.18"),)


def test_projects_and_their_performance_goals(warehouse):
    counts = dict(
        warehouse.sql("select budget_kind, count(*) from marts.fct_projects where county = '泽州县' group by 1").fetchall()
    )
    assert counts == {"current": 16, "carryover": 8}
    row = one(
        warehouse,
        "select p.total_amount, p.match_method, g.annual_total_yuan from marts.fct_projects as p "
        "join marts.fct_performance_goals as g on p.performance_form_id = g.form_id "
        "where p.county = '泽州县' and p.project_name = '执法办案经费'",
    )
    assert row == (D("12.00"), "exact", D("120000.00"))
    # The table says 人力资源服务产业园运营费和建设费, the form 人力资源服务产业园运营和建设费.
    row = one(warehouse, "select match_method from marts.fct_projects where project_name = '人力资源服务产业园运营费和建设费'")
    assert row == ("fuzzy",)
    matched = one(
        warehouse,
        "select count(*) from marts.fct_projects where county = '泽州县' and budget_kind = 'current' "
        "and performance_form_id is not null",
    )
    assert matched == (16,)
    indicators = one(
        warehouse,
        "select count(*) from marts.fct_performance_indicators as i "
        "join marts.fct_performance_goals as g using (form_id) where g.project_name = '执法办案经费'",
    )
    assert indicators[0] >= 20


def test_narrative_figures_sit_beside_the_table_values_they_restate(warehouse):
    row = one(
        warehouse,
        "select stated_value, table_number, table_value, difference_value from marts.fct_narrative_figures "
        "where county = '泽州县' and figure_key = 'operating_cost'",
    )
    assert row == (D("72.95"), 11, D("72.95"), D("0"))
    paired = one(warehouse, "select count(*) from marts.fct_narrative_figures where table_value is not null")
    assert paired[0] >= 60


def _readme_queries() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Analyst queries", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_readme_has_the_analyst_queries():
    assert len(_readme_queries()) >= 5


@pytest.mark.parametrize("index", range(len(_readme_queries())))
def test_readme_query_runs(warehouse, index):
    queries = _readme_queries()
    rows = warehouse.sql(queries[index]).fetchall()
    expected_rows = {0: 2, 2: 6, 4: 2, 5: 0, 6: 2}
    if index in expected_rows:
        assert len(rows) == expected_rows[index]
    else:
        assert rows
    if index == 0:
        assert rows[0][0] == "泽州县" and float(rows[0][6]) == pytest.approx(58.29)  # 3658.53 / 6276.70
    if index == 1:
        assert rows[0][:2] == ("30101", "基本工资")


def test_document_content_never_fails_the_build_it_is_a_finding_about_its_document(tmp_path):
    """A long autonomous-county name, an organisation name with no county, an OCR slip in a
    类 code (208 printed as 280): each used to stop `dbt build`; each is now read or reported."""
    sample = (SAMPLES / ZEZHOU).read_text(encoding="utf-8")
    county = "泽州县"
    lines = sample.split("\n")
    slipped = next(i for i, line in enumerate(lines) if line.startswith("208\t"))
    lines[slipped] = "280" + lines[slipped][3:]
    inbox = tmp_path / "in"
    inbox.mkdir()
    (inbox / "a_autonomous.txt").write_text(sample.replace(county, "元江哈尼族彝族傣族自治县"), encoding="utf-8")
    (inbox / "b_no_county.txt").write_text(sample.replace("晋城市", "").replace(county, ""), encoding="utf-8")
    (inbox / "c_slipped_code.txt").write_text("\n".join(lines).replace(county, "阳城县"), encoding="utf-8")
    # Table 3 (支出预算表) without its 合计 line: the headline totals taken from it go missing.
    total = next(i for i, line in enumerate(sample.split("\n")) if line.startswith("合计\t\t6276.70\t"))
    no_total = sample.split("\n")
    del no_total[total]
    (inbox / "d_no_total.txt").write_text("\n".join(no_total).replace(county, "高平市"), encoding="utf-8")
    with duckdb.connect(str(build_warehouse(inbox, tmp_path, strict=False)), read_only=True) as con:
        docs = dict(con.sql("select source_file, county from marts.dim_document").fetchall())
        assert docs == {
            "a_autonomous.txt": "元江哈尼族彝族傣族自治县", "b_no_county.txt": None, "c_slipped_code.txt": "阳城县",
            "d_no_total.txt": "高平市",
        }
        findings = con.sql(
            "select source_file, row_label from marts.fct_data_quality_findings where rule_id = 'REF_CODES_RESOLVE' order by 1"
        ).fetchall()
        assert findings == [("b_no_county.txt", "division 人力资源和社会保障局"), ("c_slipped_code.txt", "subject 280")]
        # The unresolved document stays out of the division marts; the slipped code keeps its amount there.
        divisions = con.sql("select distinct county from marts.fct_division_budget order by 1").fetchall()
        assert divisions == [("元江哈尼族彝族傣族自治县",), ("阳城县",), ("高平市",)]
        missing = con.sql(
            "select source_file, table_number, row_label, severity from marts.fct_data_quality_findings "
            "where rule_id = 'REF_ALL_TABLES_PRESENT'"
        ).fetchall()
        assert missing == [("d_no_total.txt", 3, "expenditure: no 合计 line", "error")]
        # The slipped row is the income table's (208 社会保障和就业支出 … 上年结转 750.84).
        slipped_amount = con.sql(
            "select carryover_amount from marts.fct_division_expenditure_by_subject_class where subject_code = '280'"
        ).fetchall()
        assert slipped_amount == [(D("750.84"),)]
