"""Who published a disclosure, for which year: read from the document's own text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from loaders.lines import Line
from loaders.text import label_key

# A county-level name: the shortest prefix ending in 自治县/县/市/区/旗, after an
# optional province or prefecture prefix (某省某市某某县…).
_COUNTY = re.compile(
    r"^(?:.{2,4}?(?:省|自治区))?(?:.{2,5}?(?:市|州|盟|地区))?(?P<county>.{1,8}?(?:自治县|自治旗|县|市|区|旗))(?P<rest>.+)$"
)
_ORG_LINE = re.compile(r"^(?P<org>.{4,40}?)(?:\d{4}年度?)?部门(预算|决算)")


@dataclass(frozen=True)
class Identity:
    org_name: str | None
    county: str | None
    department: str | None
    fiscal_year: int | None
    kind: str  # "budget" (预算) or "final_accounts" (决算)


def split_org_name(org: str) -> tuple[str | None, str | None]:
    """某某县教育局 -> (某某县, 教育局)."""
    match = _COUNTY.match(org)
    if not match:
        return None, None
    return match.group("county"), match.group("rest")


def read_identity(lines: list[Line], org_names: list[str], years: list[int]) -> Identity:
    """Identity from the tables' 部门名称 fields, falling back to the cover page."""
    org = Counter(label_key(n) for n in org_names if n).most_common(1)
    org_name = org[0][0] if org else _org_from_cover(lines)
    county, department = split_org_name(org_name) if org_name else (None, None)
    head = " ".join(line.text for line in lines[:15])
    year = Counter(years).most_common(1)[0][0] if years else _year_from_cover(head)
    kind = "final_accounts" if "决算" in head and "预算" not in head else "budget"
    return Identity(org_name, county, department, year, kind)


def _org_from_cover(lines: list[Line]) -> str | None:
    for line in lines[:15]:
        key = label_key(line.text)
        match = _ORG_LINE.match(key)
        if match:
            return match.group("org")
    for line in lines[:15]:
        key = label_key(line.text)
        if not line.is_row and re.search(r"(局|委员会|中心|办公室)$", key) and len(key) < 40:
            return key
    return None


def _year_from_cover(head: str) -> int | None:
    match = re.search(r"(20\d{2})年", head)
    return int(match.group(1)) if match else None
