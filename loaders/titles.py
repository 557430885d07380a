"""Table titles: a line -> its comparable title text and year; the document's template,
chosen by which template's titles the document prints.

A title is one filled cell. Printed numbers (表一, 公开01表, 预算公开表7), the year and a
trailing (不含上年结转) are set aside; a 部门：/单位： line glued onto the title by a PDF
extractor is cut off. Table-of-contents entries are not titles: they carry a page number
in another cell, dot leaders, or an ordinal (一、收支预算总表).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from loaders.catalogue import Catalogue, Template, TemplateTable
from loaders.lines import Line
from loaders.text import label_key

_PRINTED_NUMBER = re.compile(r"^(表[一二三四五六七八九十]+|(预算|部门)?公开表?\d+表?|表\d+)[:：]?")
_GLUED_META = re.compile(r"(公开表[一二三四五六七八九十\d]+|(编制)?部门(名称)?:|预算单位:|单位:).*$")
_YEAR = re.compile(r"^(?P<year>\d{4})年度?")
_QUALIFIER = re.compile(r"\(不含上年结转\)$")
# A part heading (2017年度部门预算表), the list of tables or a performance form: not a table.
_NOT_A_TABLE = re.compile(r"绩效|目录|^(部门|单位)?(预算|决算)(报)?表$")
_LOOKS_LIKE_TABLE = re.compile(r"^.{2,60}表(\(.{2,10}\))?$")


@dataclass(frozen=True)
class Title:
    text: str  # comparable title: no number, year, qualifier or glued meta
    year: int | None
    printed: str  # the cell as printed


def line_to_title(line: Line) -> Title | None:
    """The title a line prints, or None when it cannot be a table title."""
    filled = line.filled
    return _cell_to_title(filled[0]) if len(filled) == 1 else None


@lru_cache(maxsize=1 << 16)  # a pure function of the cell; the same lines recur in every document
def _cell_to_title(cell: str) -> Title | None:
    key = label_key(cell)
    if key.endswith(".") or "…" in key:
        return None
    key = _GLUED_META.sub("", _PRINTED_NUMBER.sub("", key))
    match = _YEAR.match(key)
    year = int(match.group("year")) if match else None
    text = _QUALIFIER.sub("", key[match.end() :] if match else key)
    if not _LOOKS_LIKE_TABLE.match(text):
        return None
    return Title(text, year, cell)


def match_title(title: Title, template: Template) -> TemplateTable | None:
    if template.year_in_title and title.year is None:
        return None
    return next((t for t in template.table if t.regex.fullmatch(title.text)), None)


def choose_template(lines: list[Line], catalogue: Catalogue) -> Template | None:
    """The template whose tables the document prints most of (ties: catalogue order);
    None when no template knows any of its titles."""
    titles = [t for t in (line_to_title(line) for line in lines) if t]
    scores: Counter[str] = Counter()
    for template in catalogue.templates:
        scores[template.id] = len({m.kind for m in (match_title(t, template) for t in titles) if m})
    best = max(catalogue.templates, key=lambda t: scores[t.id])
    return best if scores[best.id] else None


def is_unknown_table(title: Title) -> bool:
    """A dated title that names a table no template knows (reported, never ignored)."""
    return title.year is not None and not _NOT_A_TABLE.search(title.text)
