from decimal import Decimal

import pytest

from loaders.text import AmountError, clean_cell, label_key, looks_like_amount, parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5525.86", Decimal("5525.86")),
        ("1,857,300", Decimal("1857300")),
        ("１２３．４５", Decimal("123.45")),
        (" 0.01 ", Decimal("0.01")),
        ("", None),
        ("-", None),
        ("—", None),
    ],
)
def test_parse_amount_reads_printed_forms(text, expected):
    assert parse_amount(text) == expected


@pytest.mark.parametrize("text", ["2OO.00", "12.3.4", "约5万", "abc"])
def test_parse_amount_refuses_to_guess(text):
    with pytest.raises(AmountError):
        parse_amount(text)


def test_garbled_amount_still_looks_like_an_amount():
    assert looks_like_amount("2OO.00") and looks_like_amount("1,234.56")
    assert not looks_like_amount("2080101") and not looks_like_amount("社会保障")


def test_clean_cell_joins_words_broken_by_spaces():
    assert clean_cell(" 二十二、国有资本经营 预算支出 ") == "二十二、国有资本经营预算支出"
    assert clean_cell("购置1台A3 HP打印机") == "购置1台A3 HP打印机"


def test_label_key_normalises_width_quotes_and_colon():
    assert label_key("财政拨款安排“三公”经费支出预算表（不含上年结转）") == "财政拨款安排三公经费支出预算表(不含上年结转)"
    assert label_key("实施期资金总额：") == "实施期资金总额"
