from decimal import Decimal

from loaders.grid import AMOUNT_COLUMNS, segment_to_grid
from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import load_mappings

M = load_mappings()


def _grid(text):
    return segment_to_grid(text_to_lines(text, detect_layout(text, M), M), M, AMOUNT_COLUMNS)


def test_multi_row_header_is_named_by_its_lowest_level():
    grid = _grid(
        "部门名称：某县某局\n单位：万元\n"
        "| 项目 | | 本年收入 | | 上年结转 |\n|--|--|--|--|--|\n"
        "| 科目编码 | 科目名称 | 合计 | 一般公共预算 | |\n"
        "| 合计 | | 10.00 | 10.00 | 2.00 |\n"
    )
    assert grid.columns == ["subject_code", "subject_name", "total_amount", "general_budget_amount", "carryover_amount"]
    assert grid.org_name == "某县某局"
    assert grid.rows[0].amounts == {2: Decimal("10.00"), 3: Decimal("10.00"), 4: Decimal("2.00")}


def test_continuation_block_with_empty_and_repeated_header_is_joined():
    grid = _grid(
        "| 科目编码 | 科目名称 | 合计 |\n|--|--|--|\n| 208 | 社会保障和就业支出 | 3.00 |\n"
        "| | | |\n|--|--|--|\n| 科目编码 | 科目名称 | 合计 |\n| 210 | 卫生健康支出 | 4.00 |\n"
    )
    assert [r.cells[0] for r in grid.rows] == ["208", "210"]
    assert not grid.issues


def test_column_number_row_is_header_not_data():
    grid = _grid("项目名称\t合计\t一般公共预算\n1\t2\t3\n某局\t5.00\t5.00\n")
    assert len(grid.header_rows) == 2 and len(grid.rows) == 1


def test_garbled_and_unmapped_amounts_are_reported_with_line_and_text():
    grid = _grid("科目编码\t科目名称\t合计\t\n208\t社会保障\t2OO.00\t7.00\n")
    reasons = {(i.line, i.text, i.reason.split(" ")[0]) for i in grid.issues}
    assert reasons == {(2, "2OO.00", "unparseable"), (2, "7.00", "amount")}


def test_empty_table_is_present_and_empty():
    grid = _grid("| 科目编码 | 科目名称 | 合计 |\n|--|--|--|\n| 合计 | | |\n注：本表无数据\n")
    assert grid.is_empty and grid.notes == ["注：本表无数据"] and len(grid.rows) == 1
