"""Lines -> segments: the template's tables, the performance-goal forms and the prose.

A table starts at its title (identified by wording, never by printed label or
position) and runs until the next title, form, part or section heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from loaders.catalogue import Template, TemplateTable
from loaders.lines import Line
from loaders.mappings import Mappings
from loaders.text import label_key
from loaders.titles import is_unknown_table, line_to_title, match_title

_PART = re.compile(r"^第[一二三四五六七八九十]+部分")
_SECTION = re.compile(r"^[一二三四五六七八九十]+、\S")


@dataclass
class Segment:
    kind: str  # "table", "unknown_table", "form", "narrative"
    title: str
    title_line: int
    lines: list[Line] = field(default_factory=list)
    table: TemplateTable | None = None
    year: int | None = None

    @property
    def end_line(self) -> int:
        return self.lines[-1].number if self.lines else self.title_line


# A line of labels printed empty: it ends like a line of the table (…支出, …收入), not like a
# heading (…情况说明) or a sentence.
_EMPTY_LINE_ROW = re.compile(r"^[^。，；：:]{2,40}(支出|收入)$")
_AMOUNT_TOKEN = re.compile(r"(^|\s)-?\d[\d,]*\.\d+(\s|$)")


def _table_row_as_text(line: Line, current: Segment | None) -> bool:
    """Inside a table printed as text (no cells), 一、财政拨款收入 96,282,213.44 … is a row
    of the table, not a section heading; so is a class line printed empty (十、节能环保支出)."""
    if not (current and current.kind == "table") or any(ln.is_row for ln in current.lines):
        return False
    return bool(_AMOUNT_TOKEN.search(line.raw or "")) or bool(_EMPTY_LINE_ROW.match(line.text))


def lines_to_segments(lines: list[Line], mappings: Mappings, template: Template | None) -> list[Segment]:
    """Cut the document into segments; prose outside tables and forms is narrative."""
    form_title = re.compile(mappings.forms["title_pattern"])
    segments: list[Segment] = []
    current: Segment | None = None
    for line in lines:
        title = line_to_title(line)
        table = match_title(title, template) if title and template else None
        if title and (table or is_unknown_table(title)):
            current = Segment("table" if table else "unknown_table", title.printed, line.number, table=table, year=title.year)
            segments.append(current)
            continue
        if not line.is_row and form_title.search(label_key(line.text)) and len(line.text) < 60:
            current = Segment("form", line.text, line.number)
            segments.append(current)
            continue
        if not line.is_row and (_PART.match(line.text) or _SECTION.match(line.text)) and not _table_row_as_text(line, current):
            current = Segment("narrative", line.text, line.number)
            segments.append(current)
            current.lines.append(line)
            continue
        if current is None:
            current = Segment("narrative", "", line.number)
            segments.append(current)
        current.lines.append(line)
    return segments
