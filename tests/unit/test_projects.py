from loaders.grid import segment_to_grid
from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import load_mappings
from loaders.tables import AMOUNT_COLUMNS
from loaders.tables.projects import grid_to_project_lines

M = load_mappings()


def _levels(rows: str, county="某县"):
    text = "项目名称\t合计\t一般公共预算\n" + rows
    grid = segment_to_grid(text_to_lines(text, detect_layout(text, M), M), M, AMOUNT_COLUMNS)
    return [(r["row_level"], r["level_method"], r["unit_name"]) for r in grid_to_project_lines(grid, county)]


def test_units_are_found_by_sums():
    levels = _levels(
        "某县某局\t10.00\t10.00\n某县某局\t6.00\t6.00\n甲\t2.00\t2.00\n乙\t4.00\t4.00\n某县中心\t4.00\t4.00\n丙\t4.00\t4.00\n"
    )
    assert levels == [
        ("department", "position", None),
        ("unit", "position", "某县某局"),
        ("project", "sum", "某县某局"),
        ("project", "sum", "某县某局"),
        ("unit", "sum", "某县中心"),
        ("project", "sum", "某县中心"),
    ]


def test_a_project_named_like_an_organisation_stays_a_project_while_sums_are_open():
    levels = _levels("某县某局\t10.00\t10.00\n某县某局\t10.00\t10.00\n服务中心\t4.00\t4.00\n乙\t6.00\t6.00\n")
    assert [lv for lv, _, _ in levels] == ["department", "unit", "project", "project"]


def test_when_sums_do_not_close_names_decide_and_the_projects_are_marked():
    levels = _levels("某县某局\t10.00\t10.00\n某县某局\t5.00\t5.00\n甲\t9.00\t9.00\n某县中心\t1.00\t1.00\n丁\t1.00\t1.00\n")
    assert levels[3] == ("unit", "name", "某县中心")
    assert levels[2] == ("project", "position", "某县某局")
