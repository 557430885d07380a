from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import load_mappings

M = load_mappings()


def _lines(text):
    return text_to_lines(text, detect_layout(text, M), M)


def test_tab_rows_keep_leading_empty_cells():
    lines = _lines("标题\n\t\t八、社会保障和就业支出\t5914.08\n")
    assert lines[1].cells == ("", "", "八、社会保障和就业支出", "5914.08")


def test_markdown_rows_drop_separators_and_edges():
    lines = _lines("| 项目 | 合计 |\n|----|----|\n| 合计 | 1.00 |\n")
    assert [ln.cells for ln in lines] == [("项目", "合计"), ("合计", "1.00")]


def test_ocr_debris_is_removed_without_losing_cells():
    text = '| 项目 | 合计 |\n|--|--|\n扫描全能王\n- 3 -\n| 专线 <td>10条</td> | <input type="checkbox"/> 1.00 |\n'
    lines = _lines(text)
    assert [ln.cells for ln in lines] == [("项目", "合计"), ("专线10条", "1.00")]
    assert lines[-1].number == 5
