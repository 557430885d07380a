"""The mapping files that hold what differs between layouts, templates and wordings.

Loaded once and validated, so a typo in a mapping fails at start-up, not mid-batch.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_DIR = Path(__file__).parent / "mappings"


def _load(name: str) -> dict:
    with (_DIR / name).open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class Layout:
    name: str
    row: re.Pattern[str]
    separator: re.Pattern[str]
    strip_edges: str
    cell_separator: str


@dataclass(frozen=True)
class Mappings:
    columns: tuple[tuple[re.Pattern[str], str], ...]
    three_public_items: tuple[tuple[re.Pattern[str], str], ...]
    layouts: tuple[Layout, ...]
    debris_lines: tuple[re.Pattern[str], ...]
    debris_fragments: tuple[re.Pattern[str], ...]
    misreadings: tuple[tuple[re.Pattern[str], str], ...]
    # Any debris line / any fragment or misreading at all: most lines have none, and one search
    # of the alternation settles that where one per pattern would not.
    any_debris_line: re.Pattern[str]
    any_fragment: re.Pattern[str]
    forms: dict
    narrative: dict


@cache
def load_mappings() -> Mappings:
    """Read and compile every mapping file."""
    tables = _load("tables.toml")
    layouts = _load("layouts.toml")
    debris = _load("debris.toml")
    return Mappings(
        columns=tuple((re.compile(c["pattern"]), c["name"]) for c in tables["column"]),
        three_public_items=tuple((re.compile(c["pattern"]), c["key"]) for c in tables["three_public_item"]),
        layouts=tuple(
            Layout(
                name=lay["name"],
                row=re.compile(lay["row_pattern"]),
                separator=re.compile(lay["separator_pattern"]),
                strip_edges=lay["strip_edges"],
                cell_separator=lay["cell_separator"],
            )
            for lay in layouts["layout"]
        ),
        debris_lines=tuple(re.compile(p) for p in debris["line_patterns"]),
        debris_fragments=tuple(re.compile(p) for p in debris["fragment_patterns"]),
        misreadings=tuple((re.compile(m["pattern"]), m["text"]) for m in debris.get("misreading", [])),
        any_debris_line=_any(debris["line_patterns"]),
        any_fragment=_any([*debris["fragment_patterns"], *(m["pattern"] for m in debris.get("misreading", []))]),
        forms=_load("forms.toml"),
        narrative=_load("narrative.toml"),
    )


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One pattern matching where any of ``patterns`` matches (never, for none)."""
    return re.compile("|".join(f"(?:{p})" for p in patterns) or r"(?!)")
