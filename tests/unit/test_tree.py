"""Lines named by their own text placed in their table's tree (loaders/tree.py), on small
synthetic tables read the way a document's tables are (segment_to_items)."""

from __future__ import annotations

from loaders.catalogue import load_catalogue
from loaders.items import segment_to_items
from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import load_mappings

CATALOGUE = load_catalogue()
MAPPINGS = load_mappings()
TEMPLATE = CATALOGUE.template("shanxi_county")


def _lines(kind: str, text: str, county: str | None = "某县") -> list[tuple]:
    lines = text_to_lines(text, detect_layout(text, MAPPINGS), MAPPINGS)
    result = segment_to_items("", lines, CATALOGUE.kind(kind), TEMPLATE, CATALOGUE, county)
    rows: dict[int, tuple] = {}
    for item in result.items:
        rows.setdefault(item["row_index"], (item["line_key"], item.get("tree_method"), item.get("parent_label")))
    return [rows[index] for index in sorted(rows)]


def _projects(rows: str) -> list[tuple]:
    return _lines("project_current", "项目名称\t合计\t一般公共预算\n" + rows)


def test_units_are_found_by_sums():
    assert _projects(
        "某县某局\t10.00\t10.00\n某县某局\t6.00\t6.00\n甲\t2.00\t2.00\n乙\t4.00\t4.00\n某县中心\t4.00\t4.00\n丙\t4.00\t4.00\n"
    ) == [
        ("department", "position", None),
        ("unit", "position", "某县某局"),
        ("project", "sum", "某县某局"),
        ("project", "sum", "某县某局"),
        ("unit", "sum", "某县某局"),
        ("project", "sum", "某县中心"),
    ]


def test_a_project_named_like_an_organisation_stays_a_project_while_sums_are_open():
    levels = _projects("某县某局\t10.00\t10.00\n某县某局\t10.00\t10.00\n服务中心\t4.00\t4.00\n乙\t6.00\t6.00\n")
    assert [key for key, _, _ in levels] == ["department", "unit", "project", "project"]


def test_when_sums_do_not_close_names_decide_and_the_projects_are_marked():
    levels = _projects("某县某局\t10.00\t10.00\n某县某局\t5.00\t5.00\n甲\t9.00\t9.00\n某县中心\t1.00\t1.00\n丁\t1.00\t1.00\n")
    assert levels[3] == ("unit", "name", "某县某局")
    assert levels[2] == ("project", "position", "某县某局")
    assert levels[4] == ("project", "sum", "某县中心")


ECONOMIC = """部门预算支出经济科目名称\t政府预算支出经济科目名称\t合计\t人员经费\t公用经费
合计\t\t30.00\t10.00\t20.00
工资福利支出\t\t10.00\t10.00\t
基本工资\t工资奖金津补贴\t10.00\t10.00\t
商品和服务支出\t\t20.00\t\t20.00
办公费\t办公经费\t20.00\t\t20.00
"""


def test_economic_items_printed_by_name_sit_under_the_class_printed_above_them():
    lines = text_to_lines(ECONOMIC, detect_layout(ECONOMIC, MAPPINGS), MAPPINGS)
    kind = CATALOGUE.kind("general_budget_basic_by_economic")
    items = segment_to_items("", lines, kind, TEMPLATE, CATALOGUE).items
    totals = {(i["line_key"], i["label"], i["gov_econ_name"], i.get("parent_label")) for i in items if i["measure"] == "total"}
    assert totals == {
        ("total", "合计", None, None),
        ("econ_class", "工资福利支出", None, None),
        ("econ_item", "基本工资", "工资奖金津补贴", "工资福利支出"),
        ("econ_class", "商品和服务支出", None, None),
        ("econ_item", "办公费", "办公经费", "商品和服务支出"),
    }


def test_a_table_without_second_names_keeps_its_lines_flat():
    text = "经济科目名称\t合计\n工资福利支出\t10.00\n基本工资\t10.00\n"
    assert [key for key, _, _ in _lines("general_budget_basic_by_economic", text)] == ["econ_item", "econ_item"]

