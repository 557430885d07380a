"""Line items from table text of several shapes, on small synthetic tables."""

from __future__ import annotations

from decimal import Decimal as D

from loaders.catalogue import load_catalogue
from loaders.items import segment_to_items
from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import load_mappings
from loaders.segment import lines_to_segments
from loaders.titles import choose_template, line_to_title, match_title

CATALOGUE = load_catalogue()
MAPPINGS = load_mappings()


def _items(text: str):
    lines = text_to_lines(text, detect_layout(text, MAPPINGS), MAPPINGS)
    template = choose_template(lines, CATALOGUE)
    tables = [s for s in lines_to_segments(lines, MAPPINGS, template) if s.kind == "table"]
    return template, [segment_to_items(t.title, t.lines, CATALOGUE.kind(t.table.kind), template, CATALOGUE) for t in tables]


def _by(result, *fields):
    return {tuple(i[f] for f in fields): i["item_amount"] for i in result.items}


SPLIT_CODES = """2030年部门支出预算总表
编制部门：某某区某某局 单位：元
项目\t\t\t\t支出预算\t\t
功能分类科目编码\t\t\t功能分类科目名称\t合计\t基本支出\t项目支出
类\t款\t项\t\t\t\t
201\t\t\t一般公共服务支出\t1,234,567.89\t1,000,000.00\t234,567.89
201\t03\t\t政府办公厅（室）及相关机构事务\t1,234,567.89\t1,000,000.00\t234,567.89
201\t03\t01\t行政运行\t1,234,567.89\t1,000,000.00\t234,567.89
合计\t\t\t\t1,234,567.89\t1,000,000.00\t234,567.89
"""


def test_codes_printed_over_three_columns_and_yuan_kept_exactly_in_wan():
    template, [result] = _items(SPLIT_CODES)
    assert template.id == "shanghai_district"
    assert result.unit == "元" and result.problems == []
    items = _by(result, "line_key", "measure")
    assert items[("subject:2010301", "total")] == D("123.456789")
    assert items[("subject:20103", "project")] == D("23.456789")
    assert items[("total", "basic")] == D("100")
    assert {i["printed_text"] for i in result.items if i["line_key"] == "total"} == {"1,234,567.89", "1,000,000.00", "234,567.89"}


TWO_SIDED = """2030年部门财务收支预算总表
编制部门：某某区某某局 单位：万元
本年收入\t\t本年支出\t
项目\t预算数\t项目\t预算数
一、财政拨款收入\t10.00\t一、一般公共服务支出\t8.00
二、事业收入\t\t二、社会保障和就业支出\t2.00
收入总计\t10.00\t支出总计\t10.00
"""


def test_two_sided_lines_are_keyed_by_their_side_and_class_name():
    _, [result] = _items(TWO_SIDED)
    assert result.unit == "万元"
    assert _by(result, "line_key", "measure") == {
        ("income:fiscal_appropriation", "amount"): D("10.00"),
        ("subject:201", "amount"): D("8.00"),
        ("subject:208", "amount"): D("2.00"),
        ("income_total", "amount"): D("10.00"),
        ("expenditure_total", "amount"): D("10.00"),
    }


ONE_ROW = """三公经费、会议费、培训费支出预算表
部门：\t某某省某某厅\t单位：万元
合计\t“三公”经费\t\t\t\t\t\t会议费\t培训费
\t小计\t因公出国（境）费\t公务用车购置及运行维护费\t\t\t公务接待费\t\t
\t\t\t小计\t公务用车购置费\t公务用车运行维护费\t\t\t
20.00\t12.00\t2.00\t8.00\t0\t8.00\t2.00\t5.00\t3.00
收支预算总表
"""


def test_a_one_row_table_takes_its_line_keys_from_merged_column_headers():
    template, [three_public, *_] = _items(ONE_ROW)
    assert template.id == "jiangsu_province"
    assert _by(three_public, "line_key") == {
        ("three_public_meetings_training_total",): D("20.00"),
        ("total",): D("12.00"),
        ("overseas_travel",): D("2.00"),
        ("vehicle_total",): D("8.00"),
        ("vehicle_purchase",): D("0"),
        ("vehicle_operation",): D("8.00"),
        ("reception",): D("2.00"),
        ("meeting",): D("5.00"),
        ("training",): D("3.00"),
    }


def test_a_garbled_amount_and_an_unknown_line_are_reported_not_dropped():
    text = SPLIT_CODES.replace("234,567.89\n201\t03\t01", "2O4,567.89\n201\t03\t01").replace("合计\t\t\t\t", "莫名其妙\t\t\t\t")
    _, [result] = _items(text)
    assert sorted((p.code, p.line, p.text) for p in result.problems) == [
        ("unkeyed_line", 9, "莫名其妙"),
        ("unparseable_amount", 7, "2O4,567.89"),
    ]
    # the unkeyed line's amounts still land, with no line key
    assert len([i for i in result.items if i["line_key"] is None]) == 3


def test_titles_drop_printed_numbers_years_and_glued_lines_but_not_contents_entries():
    from loaders.lines import Line

    def title(text):
        found = line_to_title(Line(1, text, (text, "") if "\t" in text else None))
        return (found.text, found.year) if found else None

    assert title("收支预算总表公开表一部门： 某某省某某厅 单位：万元") == ("收支预算总表", None)
    assert title("表五2026年一般公共预算支出预算表（不含上年结转）") == ("一般公共预算支出预算表", 2026)
    assert title("公开 01表2018年收支预算总表") == ("收支预算总表", 2018)
    assert title("1. 2026年部门财务收支预算总表 …………………… 5") is None
    # a contents entry with an ordinal is no title of any template
    entry = line_to_title(Line(1, "一、收支预算总表", None))
    assert all(match_title(entry, template) is None for template in CATALOGUE.templates)


FUND_CARRYOVER = """2030年度财政拨款收入支出决算总表
单位：万元
收入\t\t支出\t\t\t\t
项目\t决算数\t项目\t合计\t一般公共预算财政拨款\t政府性基金预算财政拨款\t国有资本经营预算财政拨款
一、一般公共预算财政拨款\t30.00\t一、一般公共服务支出\t29.00\t29.00\t\t
二、政府性基金预算财政拨款\t\t\t\t\t\t
本年收入合计\t30.00\t本年支出合计\t29.00\t29.00\t\t
年初财政拨款结转和结余\t2.00\t年末财政拨款结转和结余\t3.00\t3.00\t\t
一、一般公共预算财政拨款\t2.00\t\t\t\t\t
二、政府性基金预算财政拨款\t\t\t\t\t\t
总计\t32.00\t总计\t32.00\t32.00\t\t
"""


def test_fund_lines_under_the_carry_over_are_the_funds_carry_over_not_their_income():
    _, [result] = _items(FUND_CARRYOVER)
    assert result.problems == []
    items = _by(result, "line_key", "measure", "source_line")
    assert items[("income:general_budget", "amount", 5)] == D("30.00")
    assert items[("carryover_begin", "amount", 8)] == D("2.00")
    assert items[("carryover_begin:general_budget", "amount", 9)] == D("2.00")
    assert items[("carryover_end", "general_budget", 8)] == D("3.00")
    # The heading ends at the next line that is not one of its parts.
    assert items[("income_total", "amount", 11)] == D("32.00")


WHOLE_YUAN = """2030年部门财务收支预算总表
编制部门：某某区某某局 单位：元
本年收入\t\t本年支出
项目\t预算数\t项目\t预算数
栏次\t1\t栏次\t2
一、财政拨款收入\t371514655\t一、一般公共服务支出\t371514655
收入总计\t371,514,655\t支出总计\t371,514,655
"""


def test_amounts_printed_in_whole_yuan_are_amounts_and_column_numbers_are_headers():
    # A workbook's number stored without a format, or 元 printed without decimals: no decimal
    # point anywhere in the table, yet every figure is an amount; 栏次 1 2 is still a header.
    _, (result,) = _items(WHOLE_YUAN)
    assert _by(result, "line_key", "measure") == {
        ("income:fiscal_appropriation", "amount"): D("37151.4655"),
        ("subject:201", "amount"): D("37151.4655"),
        ("income_total", "amount"): D("37151.4655"),
        ("expenditure_total", "amount"): D("37151.4655"),
    }
    assert result.problems == []
