"""Text -> numbered lines, each either a table row (cells) or a line of prose.

The only place the two text layouts differ: how a row is recognised and split.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from loaders.mappings import Layout, Mappings
from loaders.text import clean_cell


@dataclass(frozen=True)
class Line:
    number: int  # 1-based line number in the source file
    text: str  # stripped, debris removed
    cells: tuple[str, ...] | None  # cleaned cells when the line is a table row
    raw: str = ""  # the line as printed (spaces kept): space-separated tables are split on them
    # Non-empty cells, or the line itself as one cell when it is prose. Computed once, at
    # construction: every line is asked for it (template choice reads every line's title),
    # many times by the table and form readers.
    filled: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.cells is None:
            filled = (self.text,) if self.text else ()
        else:
            filled = tuple(filter(None, self.cells))
        object.__setattr__(self, "filled", filled)

    @property
    def is_row(self) -> bool:
        return self.cells is not None


def detect_layout(text: str, mappings: Mappings) -> Layout:
    """The layout whose row pattern matches most lines (ties: first in layouts.toml)."""
    counts = Counter()
    for raw in text.split("\n"):
        for layout in mappings.layouts:
            if layout.row.search(raw):
                counts[layout.name] += 1
    best = max(mappings.layouts, key=lambda lay: counts[lay.name])
    return best


def _strip_fragments(text: str, mappings: Mappings) -> str:
    if not mappings.any_fragment.search(text):
        return text  # no pattern matches, so none of the substitutions below would change it
    for pattern in mappings.debris_fragments:
        text = pattern.sub(" ", text)
    for pattern, replacement in mappings.misreadings:
        text = pattern.sub(replacement, text)
    return text


def _split_row(raw: str, layout: Layout) -> tuple[str, ...]:
    body = raw.strip(" \r\n\u3000")  # never the separator: a leading TAB is an empty cell
    if layout.strip_edges:
        if body.startswith(layout.strip_edges):
            body = body[1:]
        if body.endswith(layout.strip_edges):
            body = body[:-1]
    return tuple(map(clean_cell, body.split(layout.cell_separator)))


def text_to_lines(text: str, layout: Layout, mappings: Mappings) -> list[Line]:
    """Split text into lines; drop blank lines, separator rows and scanner debris."""
    lines: list[Line] = []
    for number, raw in enumerate(text.split("\n"), start=1):
        raw = _strip_fragments(raw, mappings)
        stripped = raw.strip()
        if not stripped or layout.separator.match(stripped):
            continue
        if mappings.any_debris_line.match(stripped):
            continue
        if layout.row.search(raw):
            cells = _split_row(raw, layout)
            lines.append(Line(number, stripped, cells))
        else:
            lines.append(Line(number, clean_cell(stripped), None, stripped))
    return lines
