"""The printed wording of what a finding names: a row label such as
`expenditure: subject:2080101 total` or `208 general_budget_amount` becomes
`支出表 · 2080101 行政运行 · 合计` and `208 社会保障和就业支出 · 一般公共预算`. Table kinds,
measures and line keys take the labels the catalogue gives them; codes take their names
from the warehouse's reference tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import duckdb

from loaders.catalogue import load_catalogue

_CODED = re.compile(r"^(subject|econ):(\w+)$")
_COLUMN = re.compile(r"^(\w+)_amount$")
_CODE = re.compile(r"^\d{3}(\d\d){0,2}$")  # a 类, 款 or 项 code


@dataclass
class Wording:
    kinds: dict[str, str] = field(default_factory=dict)
    measures: dict[str, str] = field(default_factory=dict)
    keys: dict[str, str] = field(default_factory=dict)
    subjects: dict[str, str] = field(default_factory=dict)
    economic: dict[str, str] = field(default_factory=dict)
    _worded: dict[str | None, str] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection | None = None) -> Wording:
        catalogue = load_catalogue()
        labels = [*catalogue.labels, *(label for template in catalogue.templates for label in template.label)]
        measures = [*catalogue.measures, *(m for template in catalogue.templates for m in template.measure)]
        wording = cls(
            kinds={kind.id: kind.name for kind in catalogue.kinds},
            measures={m.id: m.label for m in reversed(measures)},  # the national wording wins
            keys={label.key: label.label for label in reversed(labels) if "{" not in label.key},
        )
        for side in ("income", "expenditure"):
            wording.keys.setdefault(f"{side}_total", "总计")
        if con is not None:
            subjects = con.execute("select subject_code, subject_name from reference.functional_subjects").fetchall()
            wording.subjects = dict(subjects)
            wording.economic = {
                **dict(con.execute("select gov_econ_code, gov_econ_name from reference.gov_economic_classes").fetchall()),
                **dict(con.execute("select dept_econ_code, dept_econ_name from reference.dept_economic_classes").fetchall()),
            }
        return wording

    def _code(self, code: str, names: dict[str, str]) -> str:
        name = names.get(code)
        return f"{code} {name}" if name else code

    def _token(self, token: str) -> str:
        if token.endswith(":") and token[:-1] in self.kinds:
            return self.kinds[token[:-1]]
        coded = _CODED.match(token)
        if coded:
            return self._code(coded[2], self.subjects if coded[1] == "subject" else self.economic)
        column = _COLUMN.match(token)
        if column and column[1] in self.measures:
            return self.measures[column[1]]
        if _CODE.match(token):
            return self._code(token, self.subjects)
        return self.keys.get(token) or self.measures.get(token) or token

    def row(self, label: str | None) -> str:
        """A finding's row label in the document's own words; a word not known stays as printed."""
        if label not in self._worded:  # labels repeat across documents (208 general_budget_amount)
            self._worded[label] = self._reword(label)
        return self._worded[label]

    def _reword(self, label: str | None) -> str:
        worded = re.sub(r"\S+", lambda token: self._token(token[0]), label or "")
        return re.sub(r"(?<!\S)(\S+)(?: \1)+(?!\S)", r"\1", worded)  # 合计 total_amount: one 合计
