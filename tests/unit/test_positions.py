"""Positioned words (OCR boxes, words of an unruled table) -> lines, table rows as TAB cells."""

from __future__ import annotations

from loaders.readers.positions import Word, words_to_lines


def _line(top: float, *words: tuple[float, float, str]) -> list[Word]:
    return [Word(x0, x1, top, top + 20, text) for x0, x1, text in words]


def test_prose_and_captions_stay_lines_of_words():
    words = _line(0, (100, 600, "2026年部门财政拨款收支预算总表")) + _line(40, (0, 300, "编制部门：某局"), (500, 600, "单位：元"))
    assert words_to_lines(words) == ["2026年部门财政拨款收支预算总表", "编制部门：某局 单位：元"]


def test_a_figure_keeps_its_column_when_the_cells_beside_it_are_empty():
    words = (
        _line(0, (0, 40, "项目"), (200, 260, "合计"), (300, 360, "基本支出"), (400, 460, "项目支出"))
        + _line(30, (0, 80, "行政运行"), (180, 260, "1,000.00"), (280, 360, "1,000.00"))
        + _line(60, (0, 80, "基层业务"), (200, 260, "50.00"), (400, 460, "50.00"))
    )
    assert words_to_lines(words) == [
        "项目\t合计\t基本支出\t项目支出",
        "行政运行\t1,000.00\t1,000.00\t",
        "基层业务\t50.00\t\t50.00",
    ]


def test_a_column_no_row_fills_is_known_by_its_header():
    words = (
        _line(0, (0, 40, "项目"), (150, 250, "一般公共预算"), (300, 420, "政府性基金预算"))
        + _line(30, (0, 80, "公共安全"), (190, 250, "12.00"))
        + _line(60, (0, 80, "合计"), (190, 250, "12.00"))
    )
    assert words_to_lines(words)[0] == "项目\t一般公共预算\t政府性基金预算"
    assert words_to_lines(words)[1] == "公共安全\t12.00\t"


def test_a_group_name_goes_to_the_first_of_its_columns_and_a_short_figure_finds_its_centred_name():
    words = (
        _line(0, (90, 170, "本年收入"), (390, 470, "本年支出"))
        + _line(30, (0, 40, "项目"), (200, 250, "预算数"), (300, 340, "项目"), (500, 550, "预算数"))
        + _line(60, (0, 120, "一、财政拨款"), (240, 270, "0.00"), (300, 400, "一、公共安全"), (520, 570, "9.00"))
        + _line(90, (0, 60, "总计"), (240, 270, "9.00"), (300, 360, "总计"), (520, 570, "9.00"))
    )
    assert words_to_lines(words)[:2] == ["本年收入\t\t本年支出\t", "项目\t预算数\t项目\t预算数"]


def test_a_label_wrapped_onto_its_own_line_joins_its_cell():
    words = (
        _line(0, (0, 40, "项目"), (200, 260, "金额"))
        + _line(30, (0, 180, "三、国有资本经营预"), (200, 260, "1.00"))
        + _line(52, (0, 20, "算"))
        + _line(80, (0, 60, "合计"), (200, 260, "1.00"))
    )
    assert words_to_lines(words) == ["项目\t金额", "三、国有资本经营预算\t1.00", "合计\t1.00"]


def test_a_header_wrapped_inside_its_cell_joins_it():
    words = (
        _line(0, (0, 40, "合计"), (200, 330, "机关运行经费预算"))
        + _line(22, (250, 270, "数"))
        + _line(45, (0, 50, "10.81"), (250, 330, "217.83"))
    )
    # One data row of two figures is not a table (prose may hold two figures); three make one.
    assert words_to_lines(words)[-1] == "10.81 217.83"
    words += _line(75, (0, 50, "1.00"), (250, 330, "2.00"))
    assert words_to_lines(words) == ["合计\t机关运行经费预算数", "10.81\t217.83", "1.00\t2.00"]
