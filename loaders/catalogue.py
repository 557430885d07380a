"""The catalogue (`catalogue/`): table kinds, the national table vocabulary and one file
per template. Data, not code: read once and validated at start-up, so a typo in a
template (an unknown kind, a pattern that does not compile, a key nobody defined) fails
before the first document is read.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

CATALOGUE_DIR = Path(__file__).resolve().parents[1] / "catalogue"
Unit = Literal["元", "万元"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(pattern: str) -> str:
    try:
        re.compile(pattern)
    except re.error as exc:
        raise ValueError(f"pattern {pattern!r} does not compile: {exc}") from exc
    return pattern


class Kind(_Strict):
    id: str
    name: str
    description: str
    sided: bool = False
    code_system: Literal["functional", "economic", "none"]
    free_label: str | None = None
    # The fund (or spending) a kind is about, as printed (政府性基金): an empty table's note names it.
    fund: str | None = None
    # Lines named by their own text form a tree (loaders/tree.py), `levels` keying them top
    # down (the last is the free label): `headings`, a line printing no second name heads the
    # lines below it (an economic 类 over its items); `sums`, the first line, then units each
    # followed by the lines that add up to it (a department, its units, their projects).
    tree: Literal["headings", "sums"] | None = None
    levels: tuple[str, ...] = ()
    # A label column whose header matches names the line in the government economic
    # classification (政府预算支出经济分类) beside its department economic name.
    gov_econ_column: str | None = None
    _check = field_validator("gov_econ_column")(lambda p: p if p is None else _compiles(p))

    @model_validator(mode="after")
    def _tree(self) -> Kind:
        wanted = {"headings": 2, "sums": 3, None: 0}[self.tree]
        if len(self.levels) != wanted or (self.levels and self.levels[-1] != self.free_label):
            raise ValueError(f"kind {self.id}: a tree of {self.tree} takes {wanted} levels, the last its free label")
        if self.tree == "headings" and not self.gov_econ_column:
            raise ValueError(f"kind {self.id}: a tree of headings needs the column of the second name")
        return self

    @cached_property
    def gov_econ_regex(self) -> re.Pattern[str] | None:
        return re.compile(self.gov_econ_column) if self.gov_econ_column else None


class Measure(_Strict):
    id: str
    label: str  # the printed wording, for people (the report): 一般公共预算
    pattern: str
    _check = field_validator("pattern")(_compiles)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)


class Label(_Strict):
    key: str
    label: str  # the printed wording of the line, for people: 收入总计
    pattern: str
    kinds: tuple[str, ...] = ()
    sided: bool | None = None
    # A key prefix: the lines printed right below this one, on its side, whose keys start
    # with it are this line's parts (年初结转和结余 / 一、一般公共预算财政拨款 -> the fund's
    # carry-over, not its income): `income:general_budget` becomes `carryover_begin:general_budget`.
    heads: str | None = None
    _check = field_validator("pattern")(_compiles)

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def applies_to(self, kind: Kind) -> bool:
        return (not self.kinds or kind.id in self.kinds) and (self.sided is None or self.sided == kind.sided)


class FunctionalClass(_Strict):
    code: str = Field(pattern=r"^2\d\d$")
    names: tuple[str, ...]


class Side(_Strict):
    kind: str
    line: str
    measures: tuple[str, ...]


class Identity(_Strict):
    """An identity over line items (catalogue/identities.toml)."""

    id: str = Field(pattern=r"^ID_[A-Z0-9_]+$")
    type: Literal["measures", "lines", "hierarchy", "tree", "equal", "codes", "balance"]
    description: str
    kinds: tuple[str, ...] = ()
    total: str | None = None
    parts: tuple[str, ...] = ()
    require: str | None = None
    unless: str | None = None  # measures, lines: the identity does not apply where this is printed
    left: tuple[Side, ...] = ()
    right: tuple[Side, ...] = ()
    # balance: the identity holds once for each of these, written {each} in its sides.
    each: tuple[str, ...] = ()

    @model_validator(mode="after")
    def _shape(self) -> Identity:
        sided = self.type in ("equal", "codes", "balance")
        if sided != bool(self.left and self.right) or sided == bool(self.kinds):
            raise ValueError(f"identity {self.id}: equal, codes and balance take left and right, the other types kinds")
        if self.unless and self.type not in ("measures", "lines"):
            raise ValueError(f"identity {self.id}: only 'measures' and 'lines' take unless")
        if self.type in ("measures", "lines") and not (self.total and self.parts):
            raise ValueError(f"identity {self.id}: {self.type} needs a total and parts")
        if self.type == "balance" and (len(self.left) != 1 or not self.each):
            raise ValueError(f"identity {self.id}: a balance takes one left side (its total) and `each`")
        if self.require and self.type == "balance" and self.require not in {s.line.removeprefix("-") for s in self.right}:
            raise ValueError(f"identity {self.id}: require names none of its right sides")
        return self

    @property
    def signed_parts(self) -> tuple[tuple[str, int], ...]:
        """(part, sign): a part written -name is subtracted (年末结转 = 年初结转 + 本年收入 - 本年支出)."""
        return tuple((p.removeprefix("-"), -1 if p.startswith("-") else 1) for p in self.parts)

    def terms(self) -> list[dict[str, str | int]]:
        """Rows of reference.identity_terms: what the generic check model reads."""
        base = {"identity_id": self.id, "identity_type": self.type}
        rows: list[dict[str, str | int]] = []
        for kind in self.kinds:
            if self.type in ("hierarchy", "tree"):
                total = self.total or ("total" if self.type == "hierarchy" else "")
                rows.append({**base, "role": "scope", "table_kind": kind, "line_key": total, "measure": "", "rank": 0, "sign": 1})
                continue
            field = "measure" if self.type == "measures" else "line_key"
            other = "line_key" if field == "measure" else "measure"
            named = [("total", self.total, 1), *(("part", p, sign) for p, sign in self.signed_parts)]
            named += [("require", self.require, 1)] if self.require else []
            named += [("unless", self.unless, 1)] if self.unless else []
            rows += [
                {**base, "role": role, "table_kind": kind, field: name, other: "", "rank": 0, "sign": sign}
                for role, name, sign in named
            ]
        if self.type == "balance":
            return rows + self._balance_terms(base)
        for role, sides in (("left", self.left), ("right", self.right)):
            for side_rank, side in enumerate(sides):
                for i, measure in enumerate(side.measures):
                    term = {"role": role, "table_kind": side.kind, "line_key": side.line, "measure": measure}
                    rows.append({**base, **term, "rank": side_rank * 10 + i, "sign": 1})
        return rows

    def _balance_terms(self, base: dict) -> list[dict[str, str | int]]:
        """A balance's terms, for each of `each`: rank is group * 100 + term * 10 + the
        measure's place among those tried, so the check model can take each term's first
        printed measure within its group."""
        rows: list[dict[str, str | int]] = []
        for group, each in enumerate(self.each):
            for role, sides in (("total", self.left), ("part", self.right)):
                for term, side in enumerate(sides):
                    line = side.line.replace("{each}", each)
                    name, sign = line.removeprefix("-"), -1 if line.startswith("-") else 1
                    # The part the balance needs printed to apply (本年支出) is a part all the same.
                    role_of = "required_part" if role == "part" and name == self.require else role
                    rows += [
                        {**base, "role": role_of, "table_kind": side.kind, "line_key": name,
                         "measure": measure.replace("{each}", each), "rank": group * 100 + term * 10 + i, "sign": sign}
                        for i, measure in enumerate(side.measures)
                    ]
        return rows


class TemplateTable(_Strict):
    kind: str
    titles: tuple[str, ...]
    # Column lists for text without cell boundaries (a PDF's text layer): measures in
    # printed order, or line@measure in a one-row table; alternatives, the shortest that
    # fits the table's widest row is used. Sided tables list each side apart.
    columns: tuple[tuple[str, ...], ...] = ()
    income_columns: tuple[tuple[str, ...], ...] = ()
    expenditure_columns: tuple[tuple[str, ...], ...] = ()
    number: int | None = None  # printed position, where a template numbers its tables stably
    expected: bool = True
    # A classified table (by subject or economic class) prints a 合计 line; a template whose
    # table prints other totals instead (人员经费合计 | 公用经费合计) says so here.
    prints_total: bool = True
    _check = field_validator("titles")(lambda titles: tuple(_compiles(t) for t in titles))

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{t})" for t in self.titles))


class Section(_Strict):
    """A section the template's disclosures print (主要职能, 名词解释, the 三公 explanation):
    its heading is a prose line that, without its ordinal (一、 第一部分 （一）), spaces and
    quotes, ends in `pattern` after at most 30 characters (the organisation, the year)."""

    name: str
    pattern: str
    _check = field_validator("pattern")(_compiles)


class Template(_Strict):
    id: str
    description: str
    document_kind: Literal["budget", "final_accounts"]
    unit: Unit
    year_in_title: bool = False  # titles count only when they open with the year
    # The explanation states its figures in the wording loaders/mappings/narrative.toml keys
    # (income_total, basic_public …), so NARR_FIGURE_EQ_TABLE compares them with the tables;
    # other templates' statements are read by the wording rules (catalogue/wording.toml).
    narrative_figures: bool = False
    # Each functional code's 合计 is the same in the income and the expenditure table (a budget
    # whose income table is by code and has no carry-over column of its own).
    income_mirrors_expenditure: bool = False
    measure: tuple[Measure, ...] = ()
    label: tuple[Label, ...] = ()
    table: tuple[TemplateTable, ...]
    section: tuple[Section, ...] = ()  # the sections a disclosure of the template must print


class Direction(_Strict):
    word: str
    sign: Literal[1, -1]


class Relation(_Strict):
    word: str
    relation: Literal["gt", "lt", "eq", "approx"]


class Figure(_Strict):
    pattern: str
    figure: str
    _check = field_validator("pattern")(_compiles)


class Wording(_Strict):
    """How prose words a comparison of figures (catalogue/wording.toml)."""

    direction: tuple[Direction, ...]
    relation: tuple[Relation, ...]
    figure: tuple[Figure, ...] = ()
    phrases: dict[str, str]
    approx_percent: int = Field(ge=0, le=100)

    @field_validator("phrases")
    @classmethod
    def _phrases(cls, phrases: dict[str, str]) -> dict[str, str]:
        needed = {
            "previous_year", "compared_with", "previous_execution", "budget", "final", "rate", "final_word", "budget_word",
        }
        if needed - phrases.keys():
            raise ValueError(f"wording.toml: [phrases] lacks {sorted(needed - phrases.keys())}")
        for pattern in phrases.values():
            _compiles(pattern)
        return phrases

    @model_validator(mode="after")
    def _words_once(self) -> Wording:
        for name, words in (("direction", [d.word for d in self.direction]), ("relation", [r.word for r in self.relation])):
            if len(set(words)) != len(words):
                raise ValueError(f"wording.toml: a {name} word is listed twice")
        return self


class Catalogue(_Strict):
    kinds: tuple[Kind, ...]
    measures: tuple[Measure, ...]
    labels: tuple[Label, ...]
    functional_classes: tuple[FunctionalClass, ...]
    templates: tuple[Template, ...]
    identities: tuple[Identity, ...] = ()
    wording: Wording | None = None

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalogue:
        kind_ids = [k.id for k in self.kinds]
        if len(set(kind_ids)) != len(kind_ids):
            raise ValueError("table_kinds.toml: a kind is defined twice")
        template_ids = [t.id for t in self.templates]
        if len(set(template_ids)) != len(template_ids):
            raise ValueError("templates: two templates share an id")
        for label in self.labels + tuple(lb for t in self.templates for lb in t.label):
            unknown = set(label.kinds) - set(kind_ids)
            if unknown:
                raise ValueError(f"label {label.key!r}: unknown kinds {sorted(unknown)}")
        identity_ids = [i.id for i in self.identities]
        if len(set(identity_ids)) != len(identity_ids):
            raise ValueError("identities.toml: an identity id is used twice")
        for identity in self.identities:
            unknown = {t["table_kind"] for t in identity.terms()} - set(kind_ids)
            if unknown:
                raise ValueError(f"identity {identity.id}: unknown kinds {sorted(unknown)}")
        for template in self.templates:
            for table in template.table:
                if table.kind not in kind_ids:
                    raise ValueError(f"template {template.id}: unknown kind {table.kind!r}")
            kinds = [t.kind for t in template.table]
            if len(set(kinds)) != len(kinds):
                raise ValueError(f"template {template.id}: a kind is listed twice")
        return self

    def kind(self, kind_id: str) -> Kind:
        return next(k for k in self.kinds if k.id == kind_id)

    def template(self, template_id: str) -> Template:
        return next(t for t in self.templates if t.id == template_id)

    @cached_property
    def class_by_name(self) -> dict[str, str]:
        """Functional class name (with and without its 支出 suffix) -> 3-digit code."""
        names: dict[str, str] = {}
        for cls in self.functional_classes:
            for name in cls.names:
                names[name] = names[name + "支出"] = cls.code
        return names


def _read(path: Path) -> dict:
    with path.open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_catalogue(root: Path = CATALOGUE_DIR) -> Catalogue:
    """Read and validate every catalogue file (once per process)."""
    kinds = _read(root / "table_kinds.toml")
    vocabulary = _read(root / "vocabulary.toml")
    templates = [_read(path) for path in sorted((root / "templates").glob("*.toml"))]
    # Templates are tried in this order when two score alike: the one a file names first.
    templates.sort(key=lambda t: t.get("id", ""))
    return Catalogue(
        kinds=kinds["kind"],
        measures=vocabulary["measure"],
        labels=vocabulary["label"],
        functional_classes=vocabulary["functional_class"],
        templates=templates,
        identities=_read(root / "identities.toml")["identity"],
        wording=_read(root / "wording.toml"),
    )
