"""Rows of a table printed as space-separated text (a PDF's text layer, with no cell
boundaries): tokens -> a code, labels and amounts; amounts -> the template's columns.

Without cell boundaries an empty cell leaves no trace, so a row with fewer amounts than
columns is ambiguous. The identities of the catalogue decide: every order-preserving
assignment of the amounts to the columns is tried (a blank column counts 0), the ones
under which the row's identities hold within rounding are kept, and an amount lands only
in the column every kept assignment gives it. The others are reported, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from loaders.catalogue import Catalogue, Identity, Kind
from loaders.text import AmountError, parse_amount

_GLUED_CODE = re.compile(r"^(\d{3,7})([\u4e00-\u9fff].*)$")  # 30101基本工资
# A label that opens with an ordinal (二、 2. （二）) is a new cell, not the rest of the last one.
ORDINAL_START = re.compile(r"^([一二三四五六七八九十]+、|\d+[.、．]|[（(][一二三四五六七八九十\d]+[）)])")
_GLUED_AMOUNT = re.compile(r"^(.*[^\d,.\-])(-?\d[\d,]*\.\d+)$")  # 基本工资1,015.15
_CODE_PART = re.compile(r"^\d{2,7}$")
_MAX_ASSIGNMENTS = 5000


@dataclass(frozen=True)
class Column:
    """A column of a template's column list: a measure, or in a one-row table line@measure."""

    measure: str
    line_key: str | None = None

    @classmethod
    def parse(cls, text: str) -> Column:
        line, _, measure = text.rpartition("@")
        return cls(measure, line or None)


def tokens(text: str) -> list[str]:
    """Whitespace tokens, with a code or an amount glued to a label split off."""
    out: list[str] = []
    for token in text.split():
        match = _GLUED_CODE.match(token)
        if match and not out:
            out.append(match.group(1))
            token = match.group(2)
        match = _GLUED_AMOUNT.match(token)
        if match and not _CODE_PART.match(match.group(1)):
            out += [match.group(1), match.group(2)]
        else:
            out.append(token)
    return out


def amount(token: str) -> Decimal | None:
    """The amount a token prints (with a decimal point or a lone 0), else None."""
    if not re.search(r"\d", token) or (_CODE_PART.match(token) and token != "0"):
        return None
    try:
        return parse_amount(token)
    except AmountError:
        return None


def assign(
    values: list[Decimal], columns: list[Column], kind: Kind, catalogue: Catalogue, tolerance: Decimal
) -> tuple[dict[int, Column], list[int]]:
    """(amount index -> column) for the amounts every consistent assignment agrees on, and
    the indexes of the amounts it leaves ambiguous."""
    if len(values) == len(columns):
        return dict(enumerate(columns)), []
    if len(values) > len(columns):
        return {}, list(range(len(values)))
    identities = [i for i in catalogue.identities if kind.id in i.kinds and i.type in ("measures", "lines")]
    kept: list[tuple[Column, ...]] = []
    for count, chosen in enumerate(combinations(columns, len(values))):
        if count > _MAX_ASSIGNMENTS:
            return {}, list(range(len(values)))
        filled = dict(zip(chosen, values, strict=True))
        if all(_holds(identity, filled, columns, tolerance) for identity in identities):
            kept.append(chosen)
    if not kept:
        return {}, list(range(len(values)))
    agreed = {i: kept[0][i] for i in range(len(values)) if all(k[i] == kept[0][i] for k in kept)}
    return agreed, [i for i in range(len(values)) if i not in agreed]


def _holds(identity: Identity, filled: dict[Column, Decimal], columns: list[Column], tolerance: Decimal) -> bool:
    """The identity holds on one assignment (blank columns 0), or does not apply to it."""
    if identity.type == "measures":
        groups = {c.line_key for c in columns}
        pick = [(line, lambda c, line=line: c.line_key == line) for line in groups]
        name = "measure"
    else:
        groups = {c.measure for c in columns}
        pick = [(m, lambda c, m=m: c.measure == m) for m in groups]
        name = "line_key"
    for _, selects in pick:
        present = {getattr(c, name): filled.get(c, Decimal(0)) for c in columns if selects(c)}
        if identity.total not in present or not any(p in present for p, _ in identity.signed_parts):
            continue
        if identity.require and identity.require not in present:
            continue
        parts = sum((sign * present.get(p, Decimal(0)) for p, sign in identity.signed_parts), Decimal(0))
        if abs(present[identity.total] - parts) > tolerance * (len(identity.parts) + 1):
            return False
    return True

