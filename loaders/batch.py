"""A batch of files -> documents: each file loaded once (a byte-identical copy is recorded,
not loaded again), a disclosure published as several files joined into one document, and
of several documents claiming one identity only one counted."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from loaders.catalogue import load_catalogue
from loaders.identity import canonical_org
from loaders.mappings import load_mappings
from loaders.pipeline import DATASETS, DocumentLoad, _stamp, load_document


def load_batch(
    paths: list[Path], root: Path, progress=None, skipped: list[tuple[str, str]] = ()
) -> tuple[list[DocumentLoad], dict[str, list[dict]]]:
    """Load every file; a byte-identical file is loaded once, and of several files
    claiming one county, department, year and kind only one counts."""
    mappings = load_mappings()
    catalogue = load_catalogue()
    loads: list[DocumentLoad] = []
    seen: dict[str, DocumentLoad] = {}
    for path in sorted(paths):
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            data = path.read_bytes()
        except OSError as exc:  # unreadable or vanished since listing: this file's problem only
            loads.append(_unreadable(source, exc))
            if progress:
                progress(loads[-1])
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in seen:
            first = seen[sha].document
            load = DocumentLoad(
                {
                    "document_id": f"{sha[:16]}-dup{len(loads)}",
                    "source_file": source,
                    "sha256": sha,
                    "byte_size": len(data),
                    "status": "duplicate_file",
                    "is_counted": False,
                    "error": f"byte-identical to {first['source_file']}; loaded once",
                }
            )
            load.error("duplicate_file", f"{source} is byte-identical to {first['source_file']}; loaded once", severity="warning")
            _stamp(load)
        else:
            load = load_document(source, data, mappings, catalogue)
            seen[sha] = load
        loads.append(load)
        if progress:
            progress(load)
    loads += [_skipped(source, why) for source, why in skipped]
    _join_parts(loads)
    _settle_identities(loads)
    return loads, _collect(loads)


def _skipped(source: str, why: str) -> DocumentLoad:
    """An entry of the input directory the loaders do not read (see loaders/inputs.py)."""
    load = DocumentLoad(
        {
            "document_id": "skipped-" + hashlib.sha256(source.encode()).hexdigest()[:16],
            "source_file": source,
            "status": "skipped",
            "is_counted": False,
            "error": f"not read: {why}",
        }
    )
    load.error("skipped_file", f"{source}: not read: {why}", severity="warning")
    _stamp(load)
    return load


def _unreadable(source: str, exc: OSError) -> DocumentLoad:
    message = f"{source}: cannot be read: {exc.strerror or exc}"
    load = DocumentLoad(
        {
            "document_id": "unreadable-" + hashlib.sha256(source.encode()).hexdigest()[:16],
            "source_file": source,
            "status": "failed",
            "is_counted": False,
            "error": message,
        }
    )
    load.error("unreadable_file", message)
    _stamp(load)
    return load


def _join_parts(loads: list[DocumentLoad]) -> None:
    """A disclosure published as an explanation and a separate file of tables (same
    organisation, possibly printed under two names, same year and kind) is one document:
    the file without tables becomes a part of the one with tables, its prose figures and
    forms counted with it. Only a file whose sole problem is that it has no tables is a
    part, and only when exactly one document of its identity has tables."""
    with_tables: dict[tuple, list[DocumentLoad]] = defaultdict(list)
    for load in loads:
        if load.document["status"] == "loaded":
            with_tables[_part_key(load.document)].append(load)
    for load in loads:
        doc = load.document
        codes = {e["error_code"] for e in load.rows.get("load_errors", [])}
        if doc["status"] != "failed" or codes != {"no_tables"} or _part_key(doc)[0] is None:
            continue
        owners = with_tables.get(_part_key(doc), [])
        if len(owners) != 1:
            continue
        owner = owners[0]
        # The part's rows follow the owner's: its figure and form numbers are shifted past them.
        shift = {
            "figure_index": len(owner.rows.get("narrative_figures", [])),
            "form_index": len(owner.rows.get("performance_forms", [])),
        }
        for dataset in ("narrative_figures", "performance_forms", "performance_indicators"):
            for row in load.rows.pop(dataset, []):
                for field, offset in shift.items():
                    if field in row:
                        row[field] += offset
                row["document_id"] = owner.document["document_id"]
                owner.rows[dataset].append(row)
        load.rows["load_errors"] = [e for e in load.rows["load_errors"] if e["error_code"] != "no_tables"]
        doc.update(status="part", error=None, part_of=owner.document["document_id"])
        owner.document["part_count"] = owner.document.get("part_count", 0) + 1
        _stamp(load)


def _part_key(doc: dict) -> tuple:
    return (canonical_org(doc.get("org_name")), doc.get("fiscal_year"), doc.get("document_kind"))


def _settle_identities(loads: list[DocumentLoad]) -> None:
    groups: dict[tuple, list[DocumentLoad]] = defaultdict(list)
    for load in loads:
        doc = load.document
        if doc["status"] != "loaded":
            continue
        key = _identity_key(doc)
        groups[key].append(load)
    for key, members in groups.items():
        members.sort(key=lambda m: (*_read_quality(m), m.document["source_file"]))
        members[0].document["is_counted"] = True
        if _unknown(key):
            continue  # an unknown identity cannot conflict; each such document counts alone
        for other in members[1:]:
            winner = members[0].document["source_file"]
            why = _why_counted(members[0], other)
            other.document.update(
                status="duplicate_identity", is_counted=False,
                error=f"same county, department and year as {winner}, which counts ({why})",
            )
            other.error(
                "duplicate_identity",
                f"{other.document['source_file']} claims the same county, department and year as {winner}; "
                f"{winner} counts ({why})",
                severity="error",
            )
            _stamp(other)
    for key, members in groups.items():
        if _unknown(key):
            for member in members:
                member.document["is_counted"] = True


_QUALITIES = ("fewer errors", "fewer warnings", "more tables", "more rows")


def _read_quality(load: DocumentLoad) -> tuple[int, int, int, int]:
    """How well a document was read, best first when sorted: of two files of one identity
    (a reissue, a copy in another format), the better read counts."""
    errors = load.rows.get("load_errors", [])
    warnings = sum(1 for e in errors if e["severity"] == "warning")
    rows = sum(len(v) for k, v in load.rows.items() if k != "load_errors")
    return load.document["error_count"], warnings, -load.document["table_count"], -rows


def _why_counted(winner: DocumentLoad, other: DocumentLoad) -> str:
    for quality, mine, theirs in zip(_QUALITIES, _read_quality(winner), _read_quality(other), strict=True):
        if mine != theirs:
            return quality
    return "both read equally well: the first by file name"


def _identity_key(doc: dict) -> tuple:
    """Who published what: division as printed, department (or unit), year, kind and level."""
    return (
        doc.get("province_name"),
        doc.get("prefecture_name"),
        doc.get("county_name"),
        doc.get("department_name"),
        doc.get("fiscal_year"),
        doc.get("document_kind"),
        doc.get("document_level"),
    )


def _unknown(key: tuple) -> bool:
    """Without a department and a year, an identity cannot be compared with another."""
    return key[3] is None or key[4] is None


def _collect(loads: list[DocumentLoad]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {"documents": [load.document for load in loads]}
    for dataset in DATASETS:
        out[dataset] = [row for load in loads for row in load.rows.get(dataset, [])]
    return out
