from decimal import Decimal

import pytest

from loaders.forms import segment_to_form
from loaders.identity import canonical_org, split_org_name
from loaders.lines import Line, detect_layout, text_to_lines
from loaders.mappings import load_mappings
from loaders.narrative import lines_to_figures

M = load_mappings()


@pytest.mark.parametrize(
    ("org", "county", "department"),
    [
        ("某某县人力资源和社会保障局", "某某县", "人力资源和社会保障局"),
        ("孝义市财政局", "孝义市", "财政局"),
        ("城区教育局", "城区", "教育局"),
        ("某省某市某某县农业农村局", "某某县", "农业农村局"),
        # Autonomous counties of real long names, alone and under their prefecture and region.
        ("元江哈尼族彝族傣族自治县人力资源和社会保障局", "元江哈尼族彝族傣族自治县", "人力资源和社会保障局"),
        ("双江拉祜族佤族布朗族傣族自治县财政局", "双江拉祜族佤族布朗族傣族自治县", "财政局"),
        ("积石山保安族东乡族撒拉族自治县教育局", "积石山保安族东乡族撒拉族自治县", "教育局"),
        ("云南省玉溪市元江哈尼族彝族傣族自治县财政局", "元江哈尼族彝族傣族自治县", "财政局"),
        ("新疆维吾尔自治区巴音郭楞蒙古自治州焉耆回族自治县财政局", "焉耆回族自治县", "财政局"),
        ("红河哈尼族彝族自治州个旧市财政局", "个旧市", "财政局"),
        ("鄂伦春自治旗林业局", "鄂伦春自治旗", "林业局"),
    ],
)
def test_org_name_splits_into_county_and_department(org, county, department):
    assert split_org_name(org) == (county, department)


@pytest.mark.parametrize(
    ("full", "short"),
    [
        ("中国共产党江苏省委员会办公厅", "江苏省委办公厅"),
        ("江苏省人民代表大会常务委员会办公厅", "江苏省人大常委会办公厅"),
        ("中国人民政治协商会议江苏省委员会办公厅", "江苏省政协办公厅"),
        ("政协江苏省委员会办公厅", "江苏省政协办公厅"),
        ("江苏省人民检察院", "江苏省检察院"),
        ("江苏省高级人民法院", "江苏省高院"),
        ("某某市中级人民法院", "某某市中院"),
        ("某某县人民法院", "某某县法院"),
        ("上海市普陀区人民政府办公室", "上海市普陀区政府办公室"),
    ],
)
def test_one_organisation_printed_under_its_full_and_its_short_name_is_one(full, short):
    # A disclosure published as two files may name its department one way in each.
    assert canonical_org(full) == canonical_org(short)


@pytest.mark.parametrize(("one", "other"), [("江苏省高级人民法院", "江苏省人民检察院"), ("某某县人民法院", "某某市中级人民法院")])
def test_different_organisations_stay_apart(one, other):
    assert canonical_org(one) != canonical_org(other)


def test_narrative_figures_carry_kind_subject_and_key():
    lines = [
        Line(1, "三、支出预算情况说明", None),
        Line(2, "2026年度某县某局支出预算100.00万元，其中：基本支出40.00万元，占40%；项目支出60.00万元，占60%。", None),
        Line(3, "八、机关运行经费增减变动原因说明", None),
        Line(4, "本部门2026年机关运行经费财政拨款预算10.00万元，比2025年预算减少1.69万元，下降2.26%。", None),
    ]
    figures = {f["figure_key"]: (f["value"], f["figure_kind"]) for f in lines_to_figures(lines, M, "某县某局")}
    assert figures["expenditure_total"] == (Decimal("100.00"), "amount")
    assert figures["expenditure_basic_share"] == (Decimal("40"), "share")
    assert figures["operating_cost_change"] == (Decimal("-1.69"), "change_amount")
    assert figures["operating_cost_change_percent"] == (Decimal("-2.26"), "change_percent")


def test_form_fields_funding_and_indicators_are_read_by_label():
    text = (
        "(2026年度)\n"
        "项目名称\t\t某项目\t\t\n"
        "主管部门及代码\t\t001-某县某局\t\t实施单位\t某县某局\n"
        "项目资金（元）\t实施期资金总额：\t1,000\t年度资金总额：\t800\n"
        "\t省级财政资金\t200\t省级财政资金\t0\n"
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值\n"
        "\t产出指标\t数量指标\t培训人数\t≥10人\t数量指标\t培训人数\t≥8人\n"
        "负责人：\t\t\t\n"
    )
    lines = text_to_lines(text, detect_layout(text, M), M)
    result = segment_to_form("某县项目支出绩效目标表", 1, lines, M)
    form = result.form
    assert (form["project_name"], form["department_code"], form["implementing_unit"]) == ("某项目", "001", "某县某局")
    assert form["implementation_total_yuan"] == Decimal("1000") and form["annual_total_yuan"] == Decimal("800")
    assert form["implementation_provincial_yuan"] == Decimal("200") and form["annual_provincial_yuan"] == Decimal("0")
    assert [(i["period"], i["level2_name"], i["level3_name"], i["indicator_value"]) for i in result.indicators] == [
        ("implementation", "数量指标", "培训人数", "≥10人"),
        ("annual", "数量指标", "培训人数", "≥8人"),
    ]
