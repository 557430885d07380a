"""Golden values, each read off the sample disclosures themselves."""

from decimal import Decimal as D

import polars as pl
import pytest

from tests.conftest import WENSHUI, ZEZHOU, of


def test_documents_identity_layout_and_status(loaded):
    docs = {r["source_file"]: r for r in loaded["documents"].to_dicts()}
    assert docs[ZEZHOU]["layout"] == "tab" and docs[WENSHUI]["layout"] == "markdown"
    for name, county in ((ZEZHOU, "泽州县"), (WENSHUI, "文水县")):
        doc = docs[name]
        assert (doc["county_name"], doc["department_name"], doc["fiscal_year"], doc["document_kind"]) == (
            county,
            "人力资源和社会保障局",
            2026,
            "budget",
        )
        assert doc["status"] == "loaded" and doc["is_counted"] and doc["table_count"] == 13 and doc["error_count"] == 0
        assert doc["encoding"] == "utf-8"


@pytest.mark.parametrize(
    ("source", "counts"),
    [
        (ZEZHOU, {1: 33, 2: 28, 3: 28, 4: 36, 5: 28, 6: 24, 7: 1, 8: 1, 9: 1, 10: 6, 11: 2, 12: 18, 13: 10}),
        (WENSHUI, {1: 33, 2: 31, 3: 31, 4: 36, 5: 30, 6: 46, 7: 1, 8: 1, 9: 1, 10: 6, 11: 2, 12: 34, 13: 9}),
    ],
)
def test_row_counts_per_table(loaded, source, counts):
    tables = of(loaded["tables"], source)
    assert dict(zip(tables["table_number"], tables["row_count"], strict=True)) == counts
    assert of(loaded["tables"], source, is_empty=True)["table_number"].to_list() == [7, 8, 9]


def _line(loaded, source, table, key, label=None, **filters) -> dict:
    """One printed line of a table as measure -> amount (万元); a measure printed blank is absent."""
    items = of(loaded["line_items"], source, table_number=table, line_key=key, **filters)
    if label is not None:
        items = items.filter(pl.col("label") == label)
    assert items.select("source_line").n_unique() == 1, items
    return dict(zip(items["measure"], items["item_amount"], strict=True))


def _picked(line: dict, expected: dict) -> dict:
    return {measure: line.get(measure) for measure in expected}


@pytest.mark.parametrize(
    ("source", "table", "key", "expected"),
    [
        # The income table's 合计 is the year's income, 上年结转 printed beside it.
        (ZEZHOU, 2, "total", {"current_total": D("5525.86"), "general_budget": D("5525.86"), "carryover": D("750.84")}),
        (ZEZHOU, 2, "subject:2080704", {"current_total": D("508.00"), "carryover": D("265.68")}),
        (ZEZHOU, 3, "total", {"total": D("6276.70"), "basic": D("2618.17"), "project": D("3658.53")}),
        (ZEZHOU, 3, "subject:208", {"total": D("5914.08"), "basic": D("2255.55"), "project": D("3658.53")}),
        (ZEZHOU, 3, "subject:20807", {"total": D("2304.43"), "basic": None, "project": D("2304.43")}),
        (ZEZHOU, 5, "total", {"total": D("5525.86"), "basic": D("2618.17"), "project": D("2907.69")}),
        (WENSHUI, 2, "subject:2080701", {"current_total": None, "carryover": D("0.01")}),
        (WENSHUI, 2, "subject:2089999", {"current_total": D("2.47")}),  # first row after a page break
        (WENSHUI, 3, "total", {"total": D("3776.24"), "basic": D("1979.95"), "project": D("1796.29")}),
        (WENSHUI, 3, "subject:210", {"total": D("559.38"), "basic": D("86.72"), "project": D("472.67")}),
        (WENSHUI, 5, "total", {"total": D("3598.49"), "basic": D("1979.95"), "project": D("1618.54")}),
    ],
)
def test_subject_lines(loaded, source, table, key, expected):
    assert _picked(_line(loaded, source, table, key), expected) == expected


@pytest.mark.parametrize(
    ("source", "table", "key", "expected"),
    [
        (ZEZHOU, 1, "income_total", {"amount": D("6276.70")}),
        (ZEZHOU, 1, "carryover_begin", {"amount": D("750.84")}),
        (ZEZHOU, 1, "subject:208", {"total": D("5914.08"), "current_year": D("5163.24"), "carryover": D("750.84")}),
        (ZEZHOU, 4, "expenditure_total", {"total": D("6276.70"), "general_budget": D("6276.70")}),
        (WENSHUI, 1, "subject:210", {"total": D("559.38"), "current_year": D("532.17"), "carryover": D("27.22")}),
        (WENSHUI, 1, "expenditure_total", {"total": D("3776.24"), "carryover": D("177.75")}),
        (WENSHUI, 4, "carryover_begin", {"amount": D("177.75")}),
        # 上年财政拨款结转 heads the fund printed below it: the fund's carry-over, not its income.
        (WENSHUI, 4, "carryover_begin:general_budget", {"amount": D("177.75")}),
    ],
)
def test_summary_lines(loaded, source, table, key, expected):
    assert _picked(_line(loaded, source, table, key), expected) == expected


@pytest.mark.parametrize(
    ("source", "key", "name", "gov", "expected"),
    [
        (ZEZHOU, "total", "合计", None, (D("2618.17"), D("2545.22"), D("72.95"))),
        (ZEZHOU, "econ_item", "基本工资", "工资奖金津补贴", (D("793.32"), D("793.32"), None)),
        (ZEZHOU, "econ_class", "商品和服务支出", None, (D("72.95"), None, D("72.95"))),
        (WENSHUI, "total", "合计", None, (D("1979.95"), D("1864.02"), D("115.93"))),
        (WENSHUI, "econ_item", "基本工资", "工资福利支出", (D("408.78"), D("408.78"), None)),
        (WENSHUI, "econ_item", "办公设备购置", "设备购置", (D("2.00"), None, D("2.00"))),
    ],
)
def test_economic_lines(loaded, source, key, name, gov, expected):
    filters = {"gov_econ_name": gov} if gov else {}
    line = _line(loaded, source, 6, key, name, **filters)
    assert (line.get("total"), line.get("personnel"), line.get("public")) == expected


def test_economic_items_carry_their_class(loaded):
    items = of(loaded["line_items"], WENSHUI, label="办公设备购置", gov_econ_name="设备购置")
    assert set(items["parent_label"]) == {"资本性支出"} and set(items["line_key"]) == {"econ_item"}


@pytest.mark.parametrize(("source", "vehicle", "total"), [(ZEZHOU, D("13.50"), D("13.50")), (WENSHUI, D("6.00"), D("6.00"))])
def test_three_public_and_operating_cost(loaded, source, vehicle, total):
    items = of(loaded["line_items"], source, table_number=10, measure="total")
    # 因公出国（境）费, 公务接待费 and 公务用车购置费 are printed blank: no amount, no line item.
    assert dict(zip(items["line_key"], items["item_amount"], strict=True)) == {
        "vehicle_total": vehicle,
        "vehicle_operation": vehicle,
        "total": total,
    }
    assert _line(loaded, source, 11, "total")["total"] == {ZEZHOU: D("72.95"), WENSHUI: D("68.78")}[source]


@pytest.mark.parametrize(
    ("source", "table", "dept_total", "units", "projects"),
    [
        (ZEZHOU, 12, D("2907.69"), [D("2907.69")], 16),
        (ZEZHOU, 13, D("750.84"), [D("750.84")], 8),
        (WENSHUI, 12, D("1618.54"), [D("1141.35"), D("51.74"), D("425.45")], 30),
        (WENSHUI, 13, D("177.75"), [D("155.25"), D("22.50")], 6),
    ],
)
def test_project_trees(loaded, source, table, dept_total, units, projects):
    rows = of(loaded["line_items"], source, table_number=table, measure="total").sort("row_index")
    assert of(rows, source, line_key="department")["item_amount"].to_list() == [dept_total]
    assert of(rows, source, line_key="unit")["item_amount"].to_list() == units
    assert of(rows, source, line_key="project").height == projects
    assert set(of(rows, source, line_key="project")["tree_method"]) == {"sum"}


def test_named_projects_under_their_units(loaded):
    rows = of(loaded["line_items"], ZEZHOU, table_number=12, measure="total", label="公开招聘费")
    assert rows["item_amount"].to_list() == [D("20.11")]
    rows = of(loaded["line_items"], WENSHUI, table_number=12, measure="total", label="劳务派遣人员工资")
    assert rows["parent_label"].to_list() == ["文水县社会保险中心"] and rows["item_amount"].to_list() == [D("36.09")]


def test_performance_forms(loaded):
    zz = of(loaded["performance_forms"], ZEZHOU)
    assert zz.height == 16 and set(zz["form_kind"]) == {"project"}
    ws = of(loaded["performance_forms"], WENSHUI)
    assert ws.filter(pl.col("form_kind") == "project").height == 26
    assert ws.filter(pl.col("form_kind") == "department")["department_name"].to_list() == ["文水县人力资源和社会保障局"]
    form = of(zz, ZEZHOU, project_name="执法办案经费").row(0, named=True)
    assert (form["department_code"], form["annual_total_yuan"], form["annual_local_yuan"], form["project_period"]) == (
        "054",
        D("120000"),
        D("120000"),
        "99年",
    )
    assert of(zz, ZEZHOU, project_name="驻村工作队经费")["annual_total_yuan"].to_list() == [D("15000")]
    hire = of(ws, WENSHUI, title_line=617).row(0, named=True)
    assert hire["implementation_total_yuan"] == D("1000084.00") and hire["annual_total_yuan"] == D("1000083.56")
    # OCR printed this project's name above its label
    moved = of(ws, WENSHUI, title_line=659).row(0, named=True)
    assert moved["project_name"] == "2026年中央财政医疗服务与保障能力提升补助资金(医疗保障服务能力建设部分)"
    assert moved["annual_total_yuan"] == D("300000.00")


def test_performance_indicators(loaded):
    form = of(loaded["performance_forms"], ZEZHOU, project_name="执法办案经费").row(0, named=True)
    rows = of(loaded["performance_indicators"], ZEZHOU, form_index=form["form_index"])
    got = {(r["period"], r["level1_name"], r["level2_name"], r["level3_name"], r["indicator_value"]) for r in rows.to_dicts()}
    assert ("implementation", "产出指标", "数量指标", "维护车辆数量", "4辆") in got
    assert ("annual", "产出指标", "数量指标", "维护车辆数量", "4辆") in got
    assert ("annual", "满意度指标", "服务对象满意度", "群众满意度", "≥98%") in got


@pytest.mark.parametrize(
    ("source", "key", "value"),
    [
        (ZEZHOU, "income_total", D("6276.70")),
        (ZEZHOU, "income_total_change", D("1923.40")),
        (ZEZHOU, "income_total_change_percent", D("44.18")),
        (ZEZHOU, "income_general_budget_share", D("88.04")),
        (ZEZHOU, "expenditure_basic_share", D("41.71")),
        (ZEZHOU, "three_public_total", D("13.50")),
        (ZEZHOU, "three_public_total_change", D("4.50")),
        (ZEZHOU, "operating_cost", D("72.95")),
        (ZEZHOU, "operating_cost_change", D("-1.69")),
        (ZEZHOU, "operating_cost_change_percent", D("-2.26")),
        (ZEZHOU, "procurement_total", D("490.44")),
        (ZEZHOU, "procurement_goods", D("131.91")),
        (ZEZHOU, "procurement_services", D("358.53")),
        (ZEZHOU, "performance_project_count", D("16")),
        (ZEZHOU, "vehicles_actual", D("8")),
        (ZEZHOU, "office_area_sqm", D("6094.61")),
        (WENSHUI, "income_total_change", D("-1390.58")),
        (WENSHUI, "income_total_change_percent", D("-26.91")),
        (WENSHUI, "procurement_total", D("20.11")),
        (WENSHUI, "procurement_goods", D("12.01")),
        (WENSHUI, "procurement_works", D("0")),
        (WENSHUI, "operating_cost_change_percent", D("0.34")),
        (WENSHUI, "office_area_sqm", D("521")),
        (WENSHUI, "vehicles_quota", D("3")),
    ],
)
def test_narrative_figures(loaded, source, key, value):
    rows = of(loaded["narrative_figures"], source, figure_key=key)
    assert rows.height >= 1
    assert rows["value"][0] == value
    assert rows["sentence"][0] and rows["source_line"][0] > 0
