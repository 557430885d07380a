"""The fixed pipeline: bytes -> text -> lines -> segments -> tables (rows and line items),
forms and prose, for one document and then for a batch (duplicates and identity conflicts)."""

from __future__ import annotations

import hashlib
import re
import traceback
from collections import defaultdict
from dataclasses import dataclass, field

from loaders.catalogue import Catalogue, Template, load_catalogue
from loaders.decode import DecodeError, decode_bytes
from loaders.forms import segment_to_form
from loaders.grid import AMOUNT_COLUMNS, Grid, segment_to_grid
from loaders.identity import read_identity
from loaders.items import segment_to_items
from loaders.limits import MAX_LINES, MAX_TABLES
from loaders.lines import detect_layout, text_to_lines
from loaders.mappings import Mappings, load_mappings
from loaders.narrative import lines_to_figures
from loaders.readers import ReaderError, render
from loaders.schema import SCHEMAS
from loaders.segment import Segment, lines_to_segments
from loaders.statements import figures_only, prose_to_statements
from loaders.text import fits, label_key, looks_like_amount
from loaders.titles import choose_template

# Every raw dataset a document fills (documents itself is one row per document).
DATASETS = tuple(name for name in SCHEMAS if name != "documents")


@dataclass
class DocumentLoad:
    document: dict
    rows: dict[str, list[dict]] = field(default_factory=lambda: defaultdict(list))
    line_pages: list[int] | None = None  # page of each text line, for a file read from pages (PDF)

    def error(
        self,
        code: str,
        message: str,
        *,
        table: int | None = None,
        line: int | None = None,
        cell: str | None = None,
        severity: str = "error",
        kind: str | None = None,
        page: int | None = None,
    ) -> None:
        self.rows["load_errors"].append(
            {
                "table_number": table,
                "table_kind": kind,
                "source_page": page,
                "source_line": line,
                "severity": severity,
                "error_code": code,
                "message": message,
                "cell_text": cell,
            }
        )


def load_document(
    source_file: str, data: bytes, mappings: Mappings | None = None, catalogue: Catalogue | None = None
) -> DocumentLoad:
    """Load one document; never raises for bad input, it records why instead."""
    mappings = mappings or load_mappings()
    catalogue = catalogue or load_catalogue()
    sha = hashlib.sha256(data).hexdigest()
    load = DocumentLoad(
        {
            "document_id": sha[:16],
            "source_file": source_file,
            "sha256": sha,
            "byte_size": len(data),
            "status": "loaded",
            "is_counted": False,
        }
    )
    try:
        rendered = render(data)
        if rendered:
            load.document["encoding"] = rendered.format
            load.line_pages = rendered.line_pages
            for page, why in rendered.unread_pages:
                load.error("page_without_text", f"{source_file}, page {page}: {why}; its content is not read", page=page)
            for page, how in rendered.ocr_pages:  # OCR may misread a digit: the reader is told where it was used
                load.error("page_read_by_ocr", f"{source_file}, page {page}: {how}", page=page, severity="warning")
            _load_text(rendered.text, load, mappings, catalogue)
        else:
            decoded = decode_bytes(data)
            load.document["encoding"] = decoded.encoding
            _load_text(decoded.text, load, mappings, catalogue)
    except ReaderError as exc:
        _fail(load, "unreadable_file_format", f"{source_file}: {exc}")
    except _TooLarge as exc:
        message = f"{source_file}: {exc} (loaders/limits.py); not loaded: is it several documents in one file?"
        _fail(load, "document_too_large", message)
    except DecodeError as exc:
        _fail(load, "unreadable_encoding", f"{source_file}: {exc}")
    except Exception as exc:  # a parser bug must cost one document, not the batch
        where = traceback.extract_tb(exc.__traceback__)[-1]
        _fail(load, "parser_failure", f"{source_file}: {type(exc).__name__}: {exc} (at {where.filename}:{where.lineno})")
    _stamp(load)
    return load


def _fail(load: DocumentLoad, code: str, message: str) -> None:
    errors = [e for e in load.rows["load_errors"]]
    load.rows.clear()
    load.rows["load_errors"] = errors
    load.document.update(status="failed", error=message)
    load.error(code, message)


def _stamp(load: DocumentLoad) -> None:
    doc = load.document
    for dataset in DATASETS:
        paged = "source_page" in SCHEMAS[dataset] and load.line_pages is not None
        for row in load.rows.get(dataset, []):
            row["document_id"], row["source_file"] = doc["document_id"], doc["source_file"]
            line = row.get("source_line") or row.get("title_line")
            if paged and line and not row.get("source_page") and line <= len(load.line_pages):
                row["source_page"] = load.line_pages[line - 1]
    doc["table_count"] = len(load.rows.get("tables", []))
    doc["error_count"] = sum(1 for e in load.rows.get("load_errors", []) if e["severity"] == "error")


class _TooLarge(ValueError):
    """A document beyond what loaders/limits.py lets one document hold."""


def _load_text(text: str, load: DocumentLoad, mappings: Mappings, catalogue: Catalogue) -> None:
    count = text.count("\n") + 1
    if count > MAX_LINES:
        raise _TooLarge(f"{count} lines of text, more than the {MAX_LINES} one document may hold")
    layout = detect_layout(text, mappings)
    lines = text_to_lines(text, layout, mappings)
    _report_cut_short(text, lines, load)
    template = choose_template(lines, catalogue)
    segments = lines_to_segments(lines, mappings, template)
    load.document.update(layout=layout.name, template=template.id if template else None)
    count = sum(1 for s in segments if s.kind == "table")
    if count > MAX_TABLES:
        raise _TooLarge(f"{count} tables, more than the {MAX_TABLES} one document may hold (a disclosure prints a few dozen)")
    tables = _table_occurrences([s for s in segments if s.kind == "table"], load)
    grids = [segment_to_grid(seg.lines, mappings, AMOUNT_COLUMNS) for seg in tables]
    identity = read_identity(
        lines, [g.org_name for g in grids], [s.year for s in tables if s.year], template.document_kind if template else None
    )
    load.document.update(
        org_name=identity.org_name,
        province_name=identity.province,
        prefecture_name=identity.prefecture,
        county_name=identity.county,
        department_name=identity.department,
        unit_name=identity.org_name if identity.level == "unit" else None,
        fiscal_year=identity.fiscal_year,
        document_kind=identity.kind,
        document_level=identity.level,
    )
    if not tables:
        load.document.update(status="failed", error="no budget tables found")
        load.error("no_tables", f"{load.document['source_file']}: no budget tables found")
    else:
        found = {seg.table.kind for seg in tables}
        for table in template.table:
            if table.expected and table.kind not in found:
                name = f"table {table.number}" if table.number else table.kind
                load.error("missing_table", f"{name} ({table.titles[0]}) not found", table=table.number, kind=table.kind)
    for index, (seg, grid) in enumerate(zip(tables, grids, strict=True)):
        _load_table(index, seg, grid, template, load, catalogue, identity.county)
    for seg in segments:
        if seg.kind == "unknown_table":
            _load_unknown_table(seg, load)
    forms = [s for s in segments if s.kind == "form"]
    for index, seg in enumerate(forms):
        result = segment_to_form(seg.title, seg.title_line, seg.lines, mappings)
        load.rows["performance_forms"].append({**result.form, "form_index": index})
        load.rows["performance_indicators"].extend({**row, "form_index": index} for row in result.indicators)
        for line, cell, reason in result.problems:
            load.error("form_field", reason, line=line, cell=cell, severity="warning")
    narrative = [(seg, line) for seg in segments if seg.kind == "narrative" for line in seg.lines]
    prose = [line for _, line in narrative]
    load.rows["prose_lines"].extend(
        {"source_line": line.number, "section_title": seg.title or None, "line_text": line.text,
         "doubled_word": _doubled_word(line.raw or line.text)}
        for seg, line in narrative if not line.is_row and line.text
    )
    # Statements read the lines with their spaces: where a text layer printed a sentence's
    # figures below it, the spaces say where they stood. A line of figures only is a row to
    # the space layout's reader; it is the figures of the sentence above it, so it is read too.
    statement_lines = [
        {"source_line": line.number, "section_title": seg.title or None, "line_text": line.raw or line.text}
        for seg, line in narrative if line.text and (not line.is_row or figures_only(line.raw or line.text))
    ]
    statements, unfit = prose_to_statements(statement_lines, catalogue.wording, catalogue.class_by_name)
    load.rows["prose_statements"].extend(statements)
    for line, figure in unfit:
        load.error("unparseable_amount", f"prose figure {figure} beyond the digits an amount may hold", line=line,
                   cell=figure, severity="warning")
    for figure in lines_to_figures(prose, mappings, identity.org_name):
        if fits(figure["value"], 20, 4):
            load.rows["narrative_figures"].append(figure)
        else:  # never stored rounded or as null
            message = f"prose figure {figure['value']} {figure['unit']} beyond 16 digits or 4 decimals"
            load.error("unparseable_amount", message, line=figure["source_line"], cell=str(figure["value"]), severity="warning")


# A word of two to four Chinese characters printed twice in a row (预算预算): found here,
# since DuckDB's regular expressions (RE2) have no back-references. Read on the line as
# printed: two labels a space apart (总计 总计, a two-sided table's row read as text) are not
# a word printed twice.
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")


def _doubled_word(text: str) -> str | None:
    found = _DOUBLED.search(text)
    return found[1] if found else None


def _row_signatures(seg: Segment) -> set[tuple[str, ...]]:
    return {line.filled for line in seg.lines if line.is_row and any(looks_like_amount(c) for c in line.filled)}


def _table_occurrences(segments: list[Segment], load: DocumentLoad) -> list[Segment]:
    """A title printed again right after its table, over rows of its own, continues it (the
    next page); over the same rows again, or printed again elsewhere, it is another
    occurrence of the table, recorded as a warning (the marts read one occurrence)."""
    occurrences: list[Segment] = []
    for seg in segments:
        kind = seg.table.kind
        if occurrences and occurrences[-1].table.kind == kind:
            rows, seen = _row_signatures(seg), _row_signatures(occurrences[-1])
            if not rows or len(rows & seen) * 2 <= len(rows):
                occurrences[-1].lines.extend(seg.lines)
                continue
        if any(o.table.kind == kind for o in occurrences):
            load.error(
                "repeated_table",
                f"{kind} printed twice (again at line {seg.title_line})",
                table=seg.table.number,
                kind=kind,
                line=seg.title_line,
                severity="warning",
            )
        occurrences.append(seg)
    return occurrences


def _load_table(
    index: int, seg: Segment, grid: Grid, template: Template, load: DocumentLoad, catalogue: Catalogue,
    county: str | None,
) -> None:
    """One occurrence of a table: its description, its printed rows and its line items."""
    number, kind = seg.table.number, seg.table.kind
    result = segment_to_items(seg.title, seg.lines, catalogue.kind(kind), template, catalogue, county)
    where = {"table_number": number, "table_kind": kind, "table_index": index}
    load.rows["tables"].append(
        {
            **where,
            "source_line": seg.title_line,
            "table_title": seg.title,
            "unit": result.unit,
            "fiscal_year": seg.year,
            "end_line": seg.end_line,
            "is_empty": not result.items,
            "row_count": len(grid.rows),
            "item_count": len(result.items),
            "header_texts": " | ".join(grid.header_texts),
            "note": " ".join(grid.notes) or None,
        }
    )
    for role, rows in (
        ("header", [(h.number, h.cells) for h in grid.header_rows]),
        ("data", [(r.line, r.cells) for r in grid.rows]),
    ):
        for row_index, (line, cells) in enumerate(rows):
            load.rows["table_rows"].append(
                {**where, "source_line": line, "row_index": row_index, "row_role": role, "cells": list(cells or ())}
            )
    load.rows["line_items"].extend({**item, **where} for item in result.items)
    if _lacks_total(result.items, catalogue.kind(kind), template):
        # Without it the document's headline figures taken from this table are missing.
        message = f"{kind}: no 合计 (total) line read; the totals taken from this table are missing"
        load.error("missing_total_row", message, table=number, kind=kind, line=seg.title_line, severity="warning")
    table = f"table {number} ({kind})" if number else kind
    for problem in result.problems:
        severity = "error" if problem.code in ("unparseable_amount", "unmapped_amount") else "warning"
        column = f", column {problem.column + 1}" if problem.column is not None else ""
        load.error(
            problem.code,
            f"{table}, line {problem.line}{column}: {problem.message}",
            table=number,
            kind=kind,
            line=problem.line,
            cell=problem.text,
            severity=severity,
        )


def _report_cut_short(text: str, lines: list, load: DocumentLoad) -> None:
    """A file that ends inside a table row (no final line break) may have lost the end of its
    last figure (23 of 2342.33): the figure is loaded as printed and the reader told."""
    if not lines or text.endswith("\n") or not lines[-1].is_row:
        return
    last = lines[-1]
    cell = next((c for c in reversed(last.cells) if c), "")
    if looks_like_amount(cell) or re.fullmatch(r"[-\d,.]*\d", cell):
        message = f"line {last.number}: the file ends inside this row (no line break); its last figure {cell!r} may be cut short"
        load.error("cut_short_line", message, line=last.number, cell=cell, severity="warning")


def _lacks_total(items: list[dict], kind, template: Template) -> bool:
    """A classified table whose template prints a 合计 line, read without one."""
    keys = {item["line_key"] or "" for item in items}
    classified = any(key.startswith(("subject:", "econ:")) for key in keys)  # not income by source, say
    if kind.sided or not classified or not all(t.prints_total for t in template.table if t.kind == kind.id):
        return False
    return "total" not in keys


def _load_unknown_table(seg: Segment, load: DocumentLoad) -> None:
    load.error("unknown_table", f"unrecognised table title {seg.title!r}", line=seg.title_line, cell=seg.title)
    for index, line in enumerate(ln for ln in seg.lines if ln.is_row):
        load.rows["table_rows"].append(
            {
                "table_number": None,
                "source_line": line.number,
                "row_index": index,
                "row_role": "unknown",
                "cells": list(line.cells),
            }
        )
        for cell in _amount_cells(line.cells):
            load.error("unmapped_amount", f"amount in unrecognised table {seg.title!r}", line=line.number, cell=cell)


_WHOLE = re.compile(r"^-?\d{1,3}(,\d{3})+$|^-?\d+$")


def _amount_cells(cells) -> list[str]:
    """The amounts of a row no template reads: decimal amounts, and whole numbers printed after
    the row's label (元 in whole yuan; a code or a column number stands before it)."""
    out: list[str] = []
    labelled = False
    for cell in cells:
        key = label_key(cell)
        if looks_like_amount(cell) or (labelled and _WHOLE.match(key)):
            out.append(cell)
        elif key and not _WHOLE.match(key):
            labelled = True
    return out
