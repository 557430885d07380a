"""Lines -> segments: the thirteen tables, the performance-goal forms and the prose.

A table starts at its title (identified by wording, never by printed label or
position) and runs until the next title, form, part or section heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.lines import Line
from loaders.mappings import Mappings, TableKind
from loaders.text import label_key

_TABLE_PREFIX = re.compile(r"^(表[一二三四五六七八九十]+|(预算|部门)?公开表\d+|表\d+)[:：]?\s*")
_TITLE = re.compile(r"^(?P<year>\d{4})年(度)?(?P<rest>.{2,60}表(\(.{2,10}\))?)$")
_NOT_THIS_YEAR_ONLY = re.compile(r"\(不含上年结转\)$")
_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")


@dataclass
class Segment:
    kind: str  # "table", "unknown_table", "form", "narrative"
    title: str
    title_line: int
    lines: list[Line] = field(default_factory=list)
    table: TableKind | None = None
    year: int | None = None

    @property
    def end_line(self) -> int:
        return self.lines[-1].number if self.lines else self.title_line


def match_table_title(line: Line, mappings: Mappings) -> tuple[TableKind | None, int] | None:
    """(kind or None for an unknown table, year) when the line is a table title."""
    filled = line.filled
    if len(filled) != 1:
        return None  # a table-of-contents entry carries its page number in a cell
    text = _TABLE_PREFIX.sub("", label_key(filled[0]))
    if text.endswith(".") or "…" in text:
        return None
    match = _TITLE.match(text)
    if not match:
        return None
    rest = _NOT_THIS_YEAR_ONLY.sub("", match.group("rest"))
    for kind in mappings.tables:
        if rest in kind.titles:
            return kind, int(match.group("year"))
    if "绩效" in rest or "目录" in rest:
        return None
    return None, int(match.group("year"))


def lines_to_segments(lines: list[Line], mappings: Mappings) -> list[Segment]:
    """Cut the document into segments; prose outside tables and forms is narrative."""
    form_title = re.compile(mappings.forms["title_pattern"])
    segments: list[Segment] = []
    current: Segment | None = None
    for line in lines:
        title = match_table_title(line, mappings)
        if title is not None:
            kind, year = title
            current = Segment("table" if kind else "unknown_table", line.filled[0], line.number, table=kind, year=year)
            segments.append(current)
            continue
        if not line.is_row and form_title.search(label_key(line.text)) and len(line.text) < 60:
            current = Segment("form", line.text, line.number)
            segments.append(current)
            continue
        if not line.is_row and (_PART.match(line.text) or _SECTION.match(line.text)):
            current = Segment("narrative", line.text, line.number)
            segments.append(current)
            current.lines.append(line)
            continue
        if current is None:
            current = Segment("narrative", "", line.number)
            segments.append(current)
        current.lines.append(line)
    return segments
