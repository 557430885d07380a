"""A workbook as departments publish them: a header merged over the columns it names,
amounts stored as numbers (with a format, or none) and as text, a hidden sheet, two tables
on one sheet. Read through the whole loader (loaders/pipeline.py)."""

from __future__ import annotations

import io
from decimal import Decimal as D

import openpyxl

from loaders.pipeline import load_document


def _workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门预算表"
    rows = [
        ["2030年部门支出预算总表"],
        ["编制部门：某某区某某局", None, None, None, "单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "支出预算", None, None],
        [None, None, "合计", "基本支出", "项目支出"],
        ["201", "一般公共服务支出", 1234567.89, "1,000,000.00", 234567.89],
        ["20103", "政府办公厅（室）及相关机构事务", 1234567.89, "1,000,000.00", 234567.89],
        ["2010301", "行政运行", 1234567.89, "1,000,000.00", 234567.89],
        ["合计", None, 1234567.89, "1,000,000.00", 234567.89],
        [],
        ["2030年部门政府性基金预算支出功能分类预算表"],
        ["编制部门：某某区某某局", None, None, None, "单位：元"],
        ["功能分类科目编码", "功能分类科目名称", "政府性基金预算支出", None, None],
        [None, None, "合计", "基本支出", "项目支出"],
        ["212", "城乡社区支出", 5000000, None, 5000000],
        ["合计", None, 5000000, None, 5000000],
    ]
    for row in rows:
        sheet.append(row)
    sheet.merge_cells("C3:E3")  # 支出预算 over its three columns
    sheet.merge_cells("C12:E12")
    for cell in ("C5", "E5", "C6", "E6", "C7", "E7", "C8", "E8"):
        sheet[cell].number_format = "#,##0.00"
    notes = book.create_sheet("审核意见")
    notes.append(["合计", 99999.99])
    notes.sheet_state = "hidden"
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def test_merged_headers_numbers_stored_either_way_and_two_tables_on_a_sheet():
    load = load_document("budget.xlsx", _workbook())
    assert load.document["encoding"] == "xlsx" and load.document["status"] == "loaded"
    items = {
        (i["table_kind"], i["line_key"], i["measure"]): (i["printed_text"], i["item_amount"]) for i in load.rows["line_items"]
    }
    # 1,000,000.00 stored as text and 1234567.89 stored as a number shown with two decimals
    assert items[("expenditure", "total", "total")] == ("1234567.89", D("123.456789"))
    assert items[("expenditure", "total", "basic")] == ("1,000,000.00", D("100"))
    assert items[("expenditure", "subject:2010301", "project")] == ("234567.89", D("23.456789"))
    # a whole number stored with no format: an amount in whole yuan
    assert items[("gov_fund_expenditure", "subject:212", "project")] == ("5000000", D("500"))
    # the hidden sheet's figure is not read
    assert all(text != "99999.99" for text, _ in items.values())
    # The workbook holds two of the template's tables: the others are missing, nothing else is wrong.
    assert {e["error_code"] for e in load.rows["load_errors"] if e["severity"] == "error"} == {"missing_table"}


def test_whole_yuan_amounts_of_a_table_no_template_reads_are_each_reported():
    text = "\n".join([
        "2030年部门资产配置预算表",
        "编制部门：某某区某某局\t\t单位：元",
        "科目编码\t科目名称\t金额",
        "212\t城乡社区支出\t5,000,000",
        "合计\t\t5000000",
    ])
    load = load_document("assets.txt", text.encode("utf-8"))
    reported = [e["cell_text"] for e in load.rows["load_errors"] if e["error_code"] == "unmapped_amount"]
    assert reported == ["5,000,000", "5000000"]  # the code 212 stands before the label: not an amount
