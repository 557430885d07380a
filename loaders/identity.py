"""Who published a disclosure, for which year: read from the document's own text."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from dataclasses import dataclass
from functools import cache, lru_cache

from loaders.catalogue import CATALOGUE_DIR
from loaders.lines import Line
from loaders.text import label_key

# A county-level name: the shortest prefix ending in 县/市/区/旗, after an optional province
# or prefecture prefix (某省某市某某县…). Autonomous divisions carry the names of their
# peoples and run long (a county of 15 characters ending in 自治县, a prefecture in 自治州, a
# region in 自治区), so they are matched by their suffix with room for the name.
_COUNTY = re.compile(
    r"^(?P<province>.{2,4}?省|.{2,6}?自治区)?(?P<prefecture>.{2,12}?自治州|.{2,5}?(?:市|州|盟|地区))?"
    r"(?P<county>.{2,14}?自治[县旗]|.{1,8}?(?:县|市|区|旗))(?P<rest>.+)$"
)
# A provincial or prefectural body: the division, then the department (某省财政厅).
_UPPER = re.compile(r"^(?P<province>.{2,4}?(?:省|自治区))?(?P<prefecture>.{2,5}?(?:市|州|盟|地区))?(?P<rest>.+)$")
# Lines that name who publishes the tables: 预算主管部门：, 编制部门：, 预算单位：, 部门：, 部门名称：
_PUBLISHER = re.compile(r"(?P<label>预算主管部门|编制部门|预算单位|部门名称|部门|单位名称)[:：](?P<name>.*)$")
_ORG_LINE = re.compile(r"^(?P<org>.{4,40}?)(?:\d{4}年度?)?(部门|单位)(预算|决算)")
_ORG_SUFFIX = re.compile(r"(局|委员会|中心|办公室|办公厅|厅|委|院|所)$")
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]+部分")


@dataclass(frozen=True)
class Identity:
    org_name: str | None
    county: str | None
    department: str | None
    fiscal_year: int | None
    kind: str  # "budget" (预算) or "final_accounts" (决算)
    province: str | None = None  # as printed in the name (某省), resolved downstream
    prefecture: str | None = None
    level: str = "department"  # "department" (部门预算) or "unit" (单位预算: one budget unit)


def split_org_name(org: str) -> tuple[str | None, str | None]:
    """某某县教育局 -> (某某县, 教育局)."""
    match = _COUNTY.match(org)
    if not match:
        return None, None
    return match.group("county"), match.group("rest")


def canonical_org(org: str | None) -> str | None:
    """One spelling of an organisation printed under several names (中国共产党某某省委员会办公厅
    and 某某省委办公厅): the aliases of catalogue/identity.toml applied in order."""
    if not org:
        return None
    key = label_key(org)
    for pattern, replacement in _aliases():
        key = pattern.sub(replacement, key)
    return key


@cache
def _aliases() -> tuple[tuple[re.Pattern[str], str], ...]:
    with (CATALOGUE_DIR / "identity.toml").open("rb") as handle:
        return tuple((re.compile(a["pattern"]), a["replacement"]) for a in tomllib.load(handle)["alias"])


def split_upper(org: str) -> tuple[str | None, str | None, str]:
    """某省某市财政局 -> (某省, 某市, 财政局): the division printed before the department."""
    match = _UPPER.match(org)
    return match.group("province"), match.group("prefecture"), match.group("rest")


@lru_cache(maxsize=1 << 16)  # a pure function of the cell; most cells of every document recur
def _publisher(cell: str) -> tuple[str, str] | None:
    """(label, the name printed after it, possibly empty) when the cell names the publisher."""
    match = _PUBLISHER.search(label_key(cell))
    return (match.group("label"), match.group("name")) if match else None


def publisher_names(lines: list[Line]) -> list[tuple[str, str]]:
    """(label, name) of every 预算主管部门： / 编制部门： / 部门： … line or cell."""
    found = []
    for line in lines:
        cells = line.filled if line.is_row else (line.text,)
        for index, cell in enumerate(cells):
            publisher = _publisher(cell)
            if publisher is None:
                continue
            label, name = publisher
            name = name or next((key for key in map(label_key, cells[index + 1 :]) if key), "")
            name = re.sub(r"单位[:：].*$", "", name)
            if 4 <= len(name) <= 40:
                found.append((label, name))
    return found


def read_identity(lines: list[Line], org_names: list[str], years: list[int], kind: str | None = None) -> Identity:
    """Identity from the tables' 部门名称 fields and the 编制部门：/预算单位： lines, falling
    back to the cover page. ``kind`` is the template's document kind, when known."""
    named = publisher_names(lines)
    org = Counter([label_key(n) for n in org_names if n] + [name for _, name in named]).most_common(1)
    org_name = org[0][0] if org else _org_from_cover(lines)
    county, department = split_org_name(org_name) if org_name else (None, None)
    province, prefecture, rest = split_upper(org_name) if org_name else (None, None, None)
    head = " ".join(line.text for line in lines[:15])
    year = Counter(years).most_common(1)[0][0] if years else _year_from_cover(head)
    if kind is None:
        kind = "final_accounts" if "决算" in head and "预算" not in head else "budget"
    is_unit = any(label == "预算单位" for label, _ in named) or re.search(r"单位(预算|决算)", label_key(head))
    level = "unit" if is_unit else "department"
    return Identity(
        org_name, county, department if county else rest, year, kind, province=province, prefecture=prefecture, level=level
    )


def _org_from_cover(lines: list[Line]) -> str | None:
    """The first line of the cover that names an organisation: 某某2026年度部门预算, or a
    line ending in an organisation suffix (局, 委员会, 办公厅 …)."""
    for line in lines[:15]:
        if line.is_row:
            continue
        key = _PART_PREFIX.sub("", label_key(line.text))
        match = _ORG_LINE.match(key)
        if match:
            return match.group("org")
        if _ORG_SUFFIX.search(key) and len(key) < 40:
            return key
    return None


def _year_from_cover(head: str) -> int | None:
    # 2026年 anywhere on the cover; else a year printed on a line of its own (年度部门决算 / 2024).
    match = re.search(r"(20\d{2})\s*年", head) or re.search(r"(?<!\d)(20\d{2})(?!\d)", head)
    return int(match.group(1)) if match else None
