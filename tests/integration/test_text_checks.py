"""Proof of the text rules (suite `text` of expectations/rules.yml) on real documents: each
fires on a copy of a real Shanghai budget with one fault planted in its prose, at the line
it was planted on, and none of them fires on the real documents as published. Lines and
wording are the document's own."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from expectations.registry import load_rules
from tests.conftest import ROOT, SAMPLES
from tests.warehouse_build import build_warehouse

TEXT = ROOT / "tests" / "fixtures" / "real" / "text"
JUSTICE, ORG = "sh_putuo_justice_budget_2026_tab.txt", "上海市普陀区司法局"
# rule -> (line, printed text, planted text, what the finding's row shows); {org} and {dept}
# are the copy's own organisation and department (each copy is another department).
PLANTED = {
    "TEXT_PLACEHOLDER": (66, "{org}是主管", "XX局是主管", "XX局是主管"),
    "TEXT_DOUBLED_PUNCTUATION": (67, "组织实施。", "组织实施。。", "组织实施。。"),
    "TEXT_DOUBLED_WORD": (70, "推进本区法治政府", "推进本区法治法治政府", "法治法治"),
    "TEXT_YEAR_IS_THE_DOCUMENTS": (128, "2026年部门预算编制说明", "2023年部门预算编制说明", "2023年部门预算编制说明"),
    "TEXT_ORGANISATION_IS_THE_DOCUMENTS": (
        128, "2026年部门预算编制说明", "上海市{dept}2026年部门预算编制说明", "上海市{dept}2026年部门预算编制说明",
    ),
}
REAL_TEXTS = sorted(p.name for p in TEXT.glob("*_tab.txt"))
# What the real documents do get wrong, checked against their PDFs: a full stop printed twice.
REAL_FAULTS = {
    ("js_npc_office_budget_2018_tab.txt", "TEXT_DOUBLED_PUNCTUATION", "门预算中，减少了该项支出。。", 517),  # "支出。 。"
    (JUSTICE, "TEXT_DOUBLED_PUNCTUATION", "设及运行维护等方面的支出。。2025年", 145),
}


def _planted_copy(rule: str, index: int) -> tuple[str, str, str]:
    line, old, new, shown = PLANTED[rule]
    org = ORG[:-1] + f"测试{index}" + ORG[-1]  # another department of the same district
    names = {"org": org, "dept": org.removeprefix("上海市普陀区")}
    lines = (TEXT / JUSTICE).read_text(encoding="utf-8").replace(ORG, org).split("\n")
    assert old.format(**names) in lines[line - 1], f"{rule}: {old!r} is not on line {line}"
    lines[line - 1] = lines[line - 1].replace(old.format(**names), new.format(**names), 1)
    return f"planted_{rule}.txt", "\n".join(lines), shown.format(**names)


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("text_checks")
    inbox = tmp / "in"
    inbox.mkdir()
    for name in REAL_TEXTS:  # every real development document, as published
        shutil.copy(TEXT / name, inbox / name)
    for sample in SAMPLES.iterdir():
        shutil.copy(sample, inbox / sample.name)
    for index, rule in enumerate(sorted(PLANTED)):
        name, text, _ = _planted_copy(rule, index)
        (inbox / name).write_text(text, encoding="utf-8")
    with duckdb.connect(str(build_warehouse(inbox, tmp, strict=False)), read_only=True) as con:
        return con.execute(
            "select source_file, rule_id, severity, row_label, source_line from marts.fct_data_quality_findings "
            "where rule_id like 'TEXT_%'"
        ).fetchall()


def test_every_text_rule_has_a_proof():
    assert sorted(PLANTED) == sorted(r.id for r in load_rules() if r.suite == "text")


@pytest.mark.parametrize("rule", sorted(PLANTED))
def test_a_text_rule_fires_on_its_planted_fault_at_its_line(findings, rule):
    index = sorted(PLANTED).index(rule)
    name, _, shown = _planted_copy(rule, index)
    fired = [(label, line) for source, rule_id, severity, label, line in findings
             if source == name and rule_id == rule and severity == "warning" and line == PLANTED[rule][0]]
    assert len(fired) == 1 and shown in fired[0][0], fired
    # Beside it, the copy has only what the real document itself gets wrong.
    others = {(JUSTICE, r, label, line) for source, r, _, label, line in findings if source == name and line != PLANTED[rule][0]}
    assert others <= REAL_FAULTS


def test_on_the_real_documents_as_published_only_their_real_faults(findings):
    planted = {f"planted_{rule}.txt" for rule in PLANTED}
    real = {(source, rule, label, line) for source, rule, severity, label, line in findings if source not in planted}
    assert real == REAL_FAULTS
    assert {f[2] for f in findings} == {"warning"}
