"""Wording statements read from prose lines (loaders/statements.py): the figures and words
of a change and of an execution, whatever the line breaks, and figures a text layer printed
below their sentence put back where they stood."""

from __future__ import annotations

from decimal import Decimal

from loaders.catalogue import load_catalogue
from loaders.statements import prose_to_statements


def _read(*texts: str, first: int = 10) -> list[dict]:
    lines = [{"source_line": first + i, "section_title": "一、说明", "line_text": t} for i, t in enumerate(texts)]
    catalogue = load_catalogue()
    statements, unfit = prose_to_statements(lines, catalogue.wording, catalogue.class_by_name)
    assert unfit == []
    return statements


def test_a_change_with_its_amount_change_and_percentage():
    [s] = _read("机关运行经费支出 184.65 万元，比 2023 年度增加 2.55 万元，增长 1.40% 。主要原因是办公费增加。")
    assert s["statement_kind"] == "change" and s["statement_subject"] == "机关运行经费支出"
    assert (s["stated_amount"], s["change_amount"], s["percent_value"]) == (Decimal("184.65"), Decimal("2.55"), Decimal("1.40"))
    assert (s["change_word"], s["change_sign"], s["percent_word"], s["percent_sign"]) == ("增加", 1, "增长", 1)
    assert s["source_line"] == 10


def test_this_years_amount_is_the_first_of_the_sentence_not_a_part_listed_after_it():
    # 其中 lists parts; the change is the total's (6,276.70 - 1,923.40 gives 44.18%).
    [s] = _read("预算收入总计6,276.70万元，其中：本年收入5,525.86万元，上年结转750.84万元，比上年增加1923.40万元，增长44.18%。")
    assert s["stated_amount"] == Decimal("6276.70") and s["statement_subject"] == "预算收入总计"


def test_a_second_change_in_a_sentence_takes_the_amount_after_the_first():
    text = (
        "收入总计3,776.24万元，比上年减少1390.58万元，下降26.91%，"
        "主要原因是1.基本支出1979.95万元，比去年增加132.76万元，原因是调资"
    )
    first, second = _read(text)
    assert (first["stated_amount"], first["change_sign"]) == (Decimal("3776.24"), -1)
    assert (second["stated_amount"], second["statement_subject"]) == (Decimal("1979.95"), "基本支出")
    assert second["percent_value"] is None


def test_a_comparison_opening_its_sentence_takes_the_previous_sentences_amount():
    [s] = _read("收入支出总计 2995.39 万元。与 2023 年度相比，收入", "支出总计减少 56.95 万元，下降 1.87% 。")
    assert (s["stated_amount"], s["change_amount"], s["percent_word"]) == (Decimal("2995.39"), Decimal("56.95"), "下降")
    assert s["source_line"] == 11  # the line the change word is printed on


def test_an_option_left_unchosen_is_no_statement():
    assert _read("政府性基金收入预算0万元，与上年相比增加（减少）0万元，增长（减少）0%。") == []


def test_an_execution_with_its_rate_and_relation_in_the_next_sentence():
    [s] = _read(
        "一般公共预算财政拨款支出年初预算为 2993.92 万元，支出决算为 2940.05 万元，完",
        "成年初预算的 98.20% 。决算数小于预算数的主要原因：个别项目调减。",
    )
    assert s["statement_kind"] == "execution" and s["statement_subject"] == "一般公共预算财政拨款支出"
    assert (s["budget_amount"], s["stated_amount"]) == (Decimal("2993.92"), Decimal("2940.05"))
    assert s["percent_value"] == Decimal("98.20")
    assert (s["relation_word"], s["relation"]) == ("小于", "lt")


def test_an_items_execution_is_named_by_its_heading_and_reads_its_own_relation():
    first, second = _read(
        "1 、一般公共服务支出（类）财政事务（款）行政运行（项）。主要用于：基本支出。年初预算为 1560.05 万",
        "元，支出决算为 1511.89 万元。决算数小于预算数的主要原因：人员变化。",
        "2 、一般公共服务支出（类）财政事务（款）一般行政管理事务（项）。主要用于：业务指导。年初预算为 10.00 万元，",
        "支出决算为 10.00 万元。决算数与预算数基本持平。",
    )
    assert first["statement_subject"] == "一般公共服务支出（类）财政事务（款）行政运行（项）"
    assert (first["budget_amount"], first["stated_amount"], first["relation"]) == (Decimal("1560.05"), Decimal("1511.89"), "lt")
    assert second["statement_subject"].endswith("一般行政管理事务（项）")
    assert (second["relation_word"], second["relation"]) == ("基本持平", "approx")


def test_figures_printed_below_their_sentence_go_back_into_its_spaces():
    statements = _read(
        "支出总计减少 万元，下降 。主要原因：调减。",
        "56.95 1.87%",
        first=354,
    )
    assert statements == []  # no amount before the change: nothing to compare it with
    [s] = _read("上海市普陀区财政局 年度收入支出总计 万元。与 年度相比，收入", "2024 2995.39 2023",
                "支出总计减少 万元，下降 。主要原因：调减。", "56.95 1.87%")
    assert (s["stated_amount"], s["change_amount"], s["percent_value"]) == (Decimal("2995.39"), Decimal("56.95"), Decimal("1.87"))
    # A line that opens with its unit lost the figure before it too.
    [e] = _read("年初预算为 万元，支出决算为", "450.52", "万元。决算数小于预算数的主要原因：未实施。", "449.52")
    assert (e["budget_amount"], e["stated_amount"], e["relation"]) == (Decimal("450.52"), Decimal("449.52"), "lt")


def test_figures_that_do_not_fit_the_spaces_stay_apart():
    # Three figures, two spaces: nothing is guessed.
    assert _read("支出总计减少 万元，下降 。", "56.95 1.87% 3") == []


def test_an_amount_in_yuan_is_read_in_wan_yuan_exactly():
    [s] = _read("公用经费 729,500 元，比上年增加 12,345 元，增长 1.72% 。")
    assert (s["stated_amount"], s["change_amount"]) == (Decimal("72.95"), Decimal("1.2345"))


def test_a_figure_beyond_what_an_amount_holds_is_reported_not_stored():
    lines = [{"source_line": 5, "section_title": None, "line_text": "支出 1.1234567 万元，比上年增加 1 万元，增长 1% 。"}]
    statements, unfit = prose_to_statements(lines, load_catalogue().wording)
    assert statements == [] and unfit == [(5, "1.1234567")]


def test_an_amount_stated_for_a_class_or_a_headline_figure_is_a_statement_of_its_own():
    statements = _read(
        "一般公共预算财政拨款支出 2940.05 万元，主要用于以下方面：一般公共服务支出",
        "（类） 2106.66 万元，占 71.73% ；社会保障和就业支出（类） 326.72 万元，占 11.11% ；",
        "其中：行政运行（项）1511.89 万元；财政拨款收入预算总计 2940.05 万元。",
    )
    amounts = [s for s in statements if s["statement_kind"] == "amount"]
    found = [(s["statement_kind"], s["statement_figure"], s["stated_amount"]) for s in amounts]
    # Each class's share, of the total the sentence opens with.
    shares = [(s["stated_amount"], s["base_amount"], s["percent_value"]) for s in statements if s["statement_kind"] == "share"]
    assert shares == [
        (Decimal("2106.66"), Decimal("2940.05"), Decimal("71.73")), (Decimal("326.72"), Decimal("2940.05"), Decimal("11.11")),
    ]
    # A 项 is not a class, and a total named for one source is not the document's income total.
    assert found == [
        ("amount", "general_budget", Decimal("2940.05")),
        ("amount", "class:201", Decimal("2106.66")),
        ("amount", "class:208", Decimal("326.72")),
    ]


def test_a_percentage_stated_beside_last_years_amount():
    [s] = _read(
        "6、公共安全支出（204类）司法（06款）其他司法支出（99项）3845.49万元。主要用于：依法治区。2025年当年",
        "预算执行数为3269.3万元，2026年预算安排3845.49万元，比2025年预算执行数增加17.62%。主要原因是：业务量增加。",
    )
    assert s["statement_subject"] == "公共安全支出（204类）司法（06款）其他司法支出（99项）"
    assert (s["previous_amount"], s["stated_amount"], s.get("change_amount")) == (Decimal("3269.3"), Decimal("3845.49"), None)
    assert (s["percent_word"], s["percent_value"], s["compared_year"], s["compared_kind"]) == ("增加", Decimal("17.62"), 2025,
                                                                                               "final_accounts")
