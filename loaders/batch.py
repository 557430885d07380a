"""A batch of files -> documents: each file loaded once (a byte-identical file is recorded,
not loaded again), a disclosure published as several files joined into one document, and
of several documents claiming one identity only one counted.

The batch decides from one summary per file (loaders/parts.py), never from its rows, so it
costs the same whether the rows are in memory (tests, small batches) or in Parquet parts
written by worker processes (loaders/raw.py)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from pathlib import Path

from loaders.hashes import FileHashes
from loaders.identity import canonical_org
from loaders.parts import Source, Summary, hash_file, read_files, summarise, unparsed, unreadable
from loaders.pipeline import DATASETS, DocumentLoad


def load_batch(
    paths: list[Path], root: Path, progress=None, skipped: list[tuple[str, str]] = ()
) -> tuple[list[DocumentLoad], dict[str, list[dict]]]:
    """Load every file in memory, in one process: (loads, rows per dataset)."""
    sources, failed = scan(paths, root)
    loads = []
    for load in read_files(sources):
        loads.append(load)
        if progress:
            progress(load)
    others = [*failed, *(skipped_load(source, why) for source, why in skipped)]
    documents, batch_errors = settle([summarise(load) for load in loads], others)
    datasets: dict[str, list[dict]] = {"documents": documents}
    for dataset in DATASETS:
        datasets[dataset] = [row for load in loads for row in load.rows.get(dataset, [])]
    datasets["load_errors"] += batch_errors  # the others' errors are among them
    return loads + others, datasets


def scan(
    paths: list[Path], root: Path, hashes: FileHashes | None = None
) -> tuple[list[Source], list[DocumentLoad]]:
    """Every file named and hashed, in file-name order; a file that cannot be read is a
    failed document of its own. ``hashes``: the hashes recorded by the previous load, for
    files that did not change since (loaders/hashes.py)."""
    sources, failed = [], []
    for path in sorted(paths):
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            sources.append(Source(source, str(path), hashes.sha(path, source) if hashes else hash_file(path)))
        except OSError as exc:
            failed.append(unreadable(source, exc))
    return sources, failed


def settle(summaries: list[Summary], others: list[DocumentLoad] = ()) -> tuple[list[dict], list[dict]]:
    """Decide what only the whole batch can: parts joined to their documents and which of
    several documents of one identity counts. ``others`` are files never parsed (skipped,
    unreadable): their load errors are the batch's. Returns the document records, in
    file-name order, and the load errors of the batch."""
    errors = [row for load in others for row in load.rows.get("load_errors", [])]
    summaries = sorted([*summaries, *(summarise(load) for load in others)], key=lambda s: s.document["source_file"])
    _join_parts(summaries)
    _settle_identities(summaries, errors)
    for summary in summaries:
        errors += summary.deferred
    return [s.document for s in summaries], errors


def _join_parts(summaries: list[Summary]) -> None:
    """A disclosure published as an explanation and a separate file of tables (same
    organisation, possibly printed under two names, same year and kind) is one document:
    the file without tables becomes a part of the one with tables (`part_of`), and the
    staging models count its prose figures and forms with it. Only a file whose sole problem
    is that it has no tables is a part, and only when exactly one document of its identity
    has tables."""
    with_tables: dict[tuple, list[Summary]] = defaultdict(list)
    for summary in summaries:
        if summary.document["status"] == "loaded":
            with_tables[_part_key(summary.document)].append(summary)
    for summary in summaries:
        doc = summary.document
        if doc["status"] != "failed" or summary.codes != {"no_tables"} or _part_key(doc)[0] is None:
            continue
        owners = with_tables.get(_part_key(doc), [])
        if len(owners) != 1:
            continue
        owner = owners[0].document
        summary.deferred = [e for e in summary.deferred if e["error_code"] != "no_tables"]
        doc.update(status="part", error=None, part_of=owner["document_id"], error_count=doc["error_count"] - 1)
        owner["part_count"] = owner.get("part_count", 0) + 1


def _part_key(doc: dict) -> tuple:
    return (canonical_org(doc.get("org_name")), doc.get("fiscal_year"), doc.get("document_kind"))


def _settle_identities(summaries: list[Summary], errors: list[dict]) -> None:
    groups: dict[tuple, list[Summary]] = defaultdict(list)
    for summary in summaries:
        if summary.document["status"] == "loaded":
            groups[_identity_key(summary.document)].append(summary)
    for key, members in groups.items():
        members.sort(key=lambda m: (*m.quality, m.document["source_file"]))
        members[0].document["is_counted"] = True
        if _unknown(key):
            for member in members:  # an unknown identity cannot conflict; each such document counts alone
                member.document["is_counted"] = True
            continue
        winner = members[0].document["source_file"]
        for other in members[1:]:
            why = _why_counted(members[0], other)
            doc = other.document
            doc.update(
                status="duplicate_identity", is_counted=False, error_count=doc["error_count"] + 1,
                error=f"same county, department and year as {winner}, which counts ({why})",
            )
            message = f"{doc['source_file']} claims the same county, department and year as {winner}; {winner} counts ({why})"
            errors.append(_error_row(doc, "duplicate_identity", message))


_QUALITIES = ("fewer errors", "fewer warnings", "more tables", "more rows")


def _why_counted(winner: Summary, other: Summary) -> str:
    for quality, mine, theirs in zip(_QUALITIES, winner.quality, other.quality, strict=True):
        if mine != theirs:
            return quality
    return "both read equally well: the first by file name"


def _error_row(doc: dict, code: str, message: str, severity: str = "error") -> dict:
    load = DocumentLoad(doc)
    load.error(code, message, severity=severity)
    row = load.rows["load_errors"][0]
    row.update(document_id=doc["document_id"], source_file=doc["source_file"])
    return row


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


def skipped_load(source: str, why: str) -> DocumentLoad:
    """An entry of the input directory the loaders do not read (see loaders/inputs.py)."""
    return unparsed("skipped-" + hashlib.sha256(source.encode()).hexdigest()[:16], source, "skipped", "skipped_file",
                    f"{source}: not read: {why}", severity="warning", error=f"not read: {why}")
