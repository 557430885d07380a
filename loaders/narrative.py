"""Figures stated in the prose of 第三部分, each with the sentence it came from.

Every number with a unit is extracted; a figure is an amount, a share (占 x%), a
change (比上年增加 x万元 / 增长 x%), a count, a vehicle count or an area. The
rules in mappings/narrative.toml give well-known figures a stable key.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.lines import Line
from loaders.mappings import Mappings
from loaders.text import label_key

_SECTION = re.compile(r"^([一二三四五六七八九十]+)、(.+)$")
_SENTENCE = re.compile(r"[^。；;！!？?\n]+")
_FIGURE = re.compile(r"(?P<num>\d[\d,]*(?:\.\d+)?)\s*(?P<unit>万元|%|个|辆|平方米|元)")
_DELIMS = "，,：:、（）()"
_CHANGE = re.compile(r"(增加|减少|增长|下降|减|增)$")
_NEGATIVE = re.compile(r"(减少|下降|减)$")
_RELATIVE = re.compile(r"^(比|较|与).{0,12}(增加|减少|增长|下降)$|^(增加|减少|增长|下降)$")
_INHERIT = re.compile(r"^(涉及|共计)?(项目)?(金额|资金)$")
_UNIT_KIND = {"万元": "amount", "元": "amount", "%": "percent", "个": "count", "辆": "count", "平方米": "area"}


@dataclass(frozen=True)
class _Rules:
    sections: tuple[tuple[str, re.Pattern], ...]
    rules: tuple[tuple[str, str, re.Pattern, str], ...]


def _rules(mappings: Mappings) -> _Rules:
    n = mappings.narrative
    return _Rules(
        sections=tuple((s["key"], re.compile(s["pattern"])) for s in n["section"]),
        rules=tuple((r["section"], r["unit"], re.compile(r["label"]), r["key"]) for r in n["rule"]),
    )


def _clean_label(raw: str, org_name: str | None) -> str:
    label = label_key(raw)
    if org_name:
        label = label.replace(label_key(org_name), "")
    label = re.sub(r"^(截至)?\d{4}年(\d{1,2}月(\d{1,2}日)?)?(度)?", "", label)
    label = re.sub(r"^(其中|主要包括|主要用于以下方面|本部门|我部门|我局|本单位)", "", label)
    label = label.replace("本部门", "")
    return label.strip("，,：:、的 ")


def lines_to_figures(lines: list[Line], mappings: Mappings, org_name: str | None) -> list[dict]:
    """Figures of the narrative lines (prose only: table rows are not narrative)."""
    rules = _rules(mappings)
    figures: list[dict] = []
    section_key, section_title = None, None
    for line in lines:
        if line.is_row:
            continue
        heading = _SECTION.match(line.text)
        if heading:
            section_title = heading.group(2)
            section_key = next((k for k, p in rules.sections if p.search(label_key(section_title))), None)
        for sentence in _SENTENCE.finditer(line.text):
            figures.extend(
                _sentence_figures(
                    sentence.group(0).strip(), line.number, section_key, section_title, org_name, rules, len(figures)
                )
            )
    return figures


def _sentence_figures(sentence, line_no, section_key, section_title, org_name, rules, offset) -> list[dict]:
    out: list[dict] = []
    start = 0
    head_subject: str | None = None
    last_amount: dict | None = None
    last_change: dict | None = None
    for match in _FIGURE.finditer(sentence):
        raw = sentence[start : match.start()]
        start = match.end()
        cut = max(raw.rfind(d) for d in _DELIMS)
        raw_label = raw[cut + 1 :] if cut >= 0 else raw
        label = _clean_label(raw_label, org_name)
        unit = match.group("unit")
        value = Decimal(match.group("num").replace(",", ""))
        kind, subject = _UNIT_KIND[unit], label
        if label.startswith("占") and unit == "%":
            kind, subject = "share", last_amount["subject"] if last_amount else None
        elif _CHANGE.search(label):
            relative = _RELATIVE.match(label)
            kind = "change_percent" if unit == "%" else "change_amount"
            if unit == "%" and last_change is not None and relative:
                subject = last_change["subject"]
            elif relative:
                subject = head_subject
            else:
                subject = _CHANGE.sub("", re.sub(r"^.*(原因(主要)?是|主要原因是)", "", label))
            if _NEGATIVE.search(label):
                value = -value
        elif _INHERIT.match(label) and out:
            subject = out[-1]["subject"]
        figure = {
            "source_line": line_no,
            "figure_index": offset + len(out),
            "section_key": section_key,
            "section_title": section_title,
            "label": label,
            "subject": subject,
            "figure_kind": kind,
            "value": value,
            "unit": unit,
            "sentence": sentence,
            "figure_key": None,
        }
        figure["figure_key"] = _key_for(figure, rules)
        out.append(figure)
        if kind in ("amount", "count", "area") and head_subject is None:
            head_subject = subject
        if kind == "amount":
            last_amount = figure
        if kind == "change_amount":
            last_change = figure
    return out


def _key_for(figure: dict, rules: _Rules) -> str | None:
    subject = figure["subject"]
    if subject is None or figure["section_key"] is None:
        return None
    base_unit = {"share": "万元", "change_amount": "万元"}.get(figure["figure_kind"], figure["unit"])
    if figure["figure_kind"] == "change_percent":
        base_unit = "万元"
    for section, unit, pattern, key in rules.rules:
        if section == figure["section_key"] and unit == base_unit and pattern.search(subject):
            suffix = {"share": "_share", "change_amount": "_change", "change_percent": "_change_percent"}.get(
                figure["figure_kind"], ""
            )
            return key + suffix
    return None
