"""Files -> parsed documents -> Parquet parts, a bucket of files at a time.

A batch is split into buckets by the content hash of each file (so byte-identical files
share a bucket and a file keeps its bucket however many files are added around it). A
bucket is parsed by one worker and written as one part per dataset
(`<dataset>/part-<bucket>.parquet`), flushed a row group at a time, so memory is bounded by
what one bucket holds at once, never by the batch. The batch itself (loaders/batch.py) sees
only one small summary per file: its document record, how well it was read, and the load
errors whose meaning depends on other files.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from loaders.catalogue import load_catalogue
from loaders.mappings import load_mappings
from loaders.pipeline import DATASETS, DocumentLoad, _stamp, load_document
from loaders.publish import current_umask
from loaders.write import rows_to_frame

BUCKETS = 64  # fixed, so a file's bucket never moves: adding one file re-parses one bucket
FLUSH_ROWS = 20_000  # rows of one dataset held before they are written as a row group
# Load errors decided by the batch, not by the file alone: a file without tables may be the
# explanation part of a disclosure whose tables are another file.
DEFERRED = frozenset({"no_tables"})


@dataclass(frozen=True)
class Source:
    """One input file: its name in the batch, where to read it, and its content hash."""

    source: str
    path: str
    sha: str

    @property
    def bucket(self) -> str:
        return f"{int(self.sha[:8], 16) % BUCKETS:02d}"


@dataclass
class Summary:
    """What the batch needs to know of one loaded file (no rows)."""

    document: dict
    quality: tuple[int, int, int, int]  # errors, warnings, -tables, -rows: the better read sorts first
    codes: frozenset[str]
    deferred: list[dict] = field(default_factory=list)
    error_codes: frozenset[str] = frozenset()  # of severity error: why a failed file failed

    def to_json(self) -> dict:
        return {"document": self.document, "quality": list(self.quality), "codes": sorted(self.codes), "deferred": self.deferred,
                "error_codes": sorted(self.error_codes)}

    @classmethod
    def from_json(cls, data: dict) -> Summary:
        return cls(data["document"], tuple(data["quality"]), frozenset(data["codes"]), data["deferred"],
                   frozenset(data.get("error_codes", ())))


def hash_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass(frozen=True)
class Reused:
    """A file loaded before, byte for byte, by the same loader: its summary and rows as that
    load wrote them, not parsed again."""

    summary: dict
    rows: dict[str, pa.Table]  # per dataset, its rows as that load wrote them (Arrow slices, not dicts)


def reusable(record: dict, members: list[Source]) -> dict[tuple[str, str], dict]:
    """(source, sha) -> summary of each of ``members`` that a bucket's previous ``record``
    (its `_buckets/<bucket>.json`) loaded as a document of its own (see previous_loads)."""
    here = {(m.source, m.sha) for m in members}
    return {
        (source, sha): summary for (source, sha), summary in zip(record["members"], record["summaries"], strict=True)
        if (source, sha) in here and summary["document"]["document_id"] == sha[:16]
    }


def previous_loads(previous: str | None, bucket: str, members: list[Source]) -> dict[tuple[str, str], Reused]:
    """(source, sha) -> what the bucket's previous version (a directory of the same loader's
    output) holds for each of ``members`` it loaded as a document of its own: a document
    whose bytes were loaded before is not parsed again when a file joins its bucket. A file
    recorded as a copy of another is read again (which copy comes first may have changed)."""
    if previous is None:
        return {}
    kept = reusable(json.loads((Path(previous) / "_buckets" / f"{bucket}.json").read_text(encoding="utf-8")), members)
    owner = {summary["document"]["document_id"]: key for key, summary in kept.items()}
    rows: dict[tuple[str, str], dict[str, pa.Table]] = {key: {} for key in kept}
    for dataset in DATASETS if kept else ():
        # Kept as Arrow slices of the part, not turned into dicts and back: at 10,000 documents
        # a bucket holds about 150, and that round trip was most of the time adding one took.
        table = pq.read_table(Path(previous) / dataset / f"part-{bucket}.parquet").cast(empty_table(dataset).schema)
        ids = table.column("document_id").to_pylist()
        start = 0
        for end in range(1, len(ids) + 1):  # a file's rows are contiguous: the bucket is written file by file
            if end == len(ids) or ids[end] != ids[start]:
                if ids[start] in owner:
                    rows[owner[ids[start]]][dataset] = table.slice(start, end - start)
                start = end
    return {key: Reused(summary, rows[key]) for key, summary in kept.items()}


def read_files(
    sources: Iterable[Source], crashed: dict[str, str] | None = None, reused: dict[tuple[str, str], Reused] | None = None
) -> Iterator[DocumentLoad | Reused]:
    """Load each file in order; a byte-identical copy of an earlier one is recorded, not loaded.
    ``crashed``: files known to kill the process that reads them (source -> why), not read.
    ``reused``: files loaded before (previous_loads), given as they were, not read."""
    mappings, catalogue = load_mappings(), load_catalogue()
    first: dict[str, str] = {}
    for index, item in enumerate(sources):
        if crashed and item.source in crashed:
            yield unparsed(item.sha[:16], item.source, "failed", "parser_crashed", crashed[item.source])
            continue
        if reused and (item.source, item.sha) in reused and item.sha not in first:
            first[item.sha] = item.source
            yield reused[(item.source, item.sha)]
            continue
        try:
            data = Path(item.path).read_bytes()
        except OSError as exc:  # unreadable or vanished since listing: this file's problem only
            yield unreadable(item.source, exc)
            continue
        sha = hashlib.sha256(data).hexdigest()
        if sha in first:
            yield _duplicate(item.source, sha, len(data), first[sha], index)
        else:
            first[sha] = item.source
            yield load_document(item.source, data, mappings, catalogue)


def probe(path: str, source: str) -> None:
    """Read one file and throw the result away: run alone, to learn whether it kills its process."""
    load_document(source, Path(path).read_bytes())


def summarise(load: DocumentLoad) -> Summary:
    """The file's summary; its deferred load errors move from its rows into the summary."""
    errors = load.rows.get("load_errors", [])
    rows = sum(len(v) for k, v in load.rows.items() if k != "load_errors")
    warnings = sum(1 for e in errors if e["severity"] == "warning")
    quality = (load.document["error_count"], warnings, -load.document["table_count"], -rows)
    codes = frozenset(e["error_code"] for e in errors)
    error_codes = frozenset(e["error_code"] for e in errors if e["severity"] == "error")
    deferred = [e for e in errors if e["error_code"] in DEFERRED]
    if deferred:
        load.rows["load_errors"] = [e for e in errors if e["error_code"] not in DEFERRED]
    return Summary(load.document, quality, codes, deferred, error_codes)


def write_bucket(
    directory: str, bucket: str, sources: list[Source], crashed: dict[str, str] | None = None, previous: str | None = None
) -> list[dict]:
    """Parse a bucket's files and write its parts under ``directory``; returns the files'
    summaries as JSON-ready dicts (this runs in a worker process). ``previous``: a raw
    version the same loader wrote this bucket into, whose files are taken from it, not
    parsed again. The parts are the same bytes either way."""
    summaries = []
    reused = previous_loads(previous, bucket, sources)
    with PartWriter(Path(directory), f"part-{bucket}") as writer:
        for load in read_files(sources, crashed, reused):
            # summarise() first: it moves the batch's deferred load errors out of the rows.
            summaries.append(load.summary if isinstance(load, Reused) else summarise(load).to_json())
            writer.add(load.rows)
    return summaries


class PartWriter:
    """One Parquet file per dataset, written a row group at a time; every dataset gets its
    file (empty, with its schema, when the bucket has no rows of it) so a glob always finds
    one. Same rows in the same order give the same bytes, whether they came as dicts (a file
    parsed) or as an Arrow table (a file reused): a row group is one table of one chunk."""

    def __init__(self, directory: Path, name: str) -> None:
        self.directory, self.name = directory, name
        # Per dataset, the rows not yet written: runs of dicts and Arrow tables, in order.
        self.pending: dict[str, list[list[dict] | pa.Table]] = {dataset: [] for dataset in DATASETS}
        self.counts: dict[str, int] = dict.fromkeys(DATASETS, 0)
        self.writers: dict[str, pq.ParquetWriter] = {}

    def __enter__(self) -> PartWriter:
        return self

    def add(self, rows: dict[str, list[dict] | pa.Table]) -> None:
        for dataset, items in rows.items():
            pending = self.pending[dataset]
            if isinstance(items, pa.Table):
                pending.append(items)
                self.counts[dataset] += items.num_rows
            elif items:
                if not pending or isinstance(pending[-1], pa.Table):
                    pending.append([])
                pending[-1].extend(items)
                self.counts[dataset] += len(items)
            if self.counts[dataset] >= FLUSH_ROWS:
                self._flush(dataset)

    def _table(self, dataset: str) -> pa.Table:
        pieces = [rows_to_frame(dataset, p).to_arrow() if isinstance(p, list) else p for p in self.pending[dataset]]
        self.pending[dataset], self.counts[dataset] = [], 0
        return pa.concat_tables(pieces).combine_chunks() if pieces else empty_table(dataset)

    def _flush(self, dataset: str) -> None:
        table = self._table(dataset)
        writer = self.writers.get(dataset)
        if writer is None:
            path = self.directory / dataset / f"{self.name}.parquet"
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = self.writers[dataset] = pq.ParquetWriter(path, table.schema, compression="zstd", write_statistics=False)
        if table.num_rows:
            writer.write_table(table)

    def __exit__(self, kind, value, traceback) -> None:
        try:
            if kind is None:
                for dataset in DATASETS:
                    self._flush(dataset)
        finally:
            for dataset, writer in self.writers.items():
                writer.close()
                os.chmod(self.directory / dataset / f"{self.name}.parquet", 0o666 & ~current_umask())


def empty_table(dataset: str) -> pa.Table:
    return rows_to_frame(dataset, []).to_arrow()


def unparsed(document_id: str, source: str, status: str, code: str, message: str, *, severity: str = "error",
             error: str | None = None, **document) -> DocumentLoad:
    """A file that is not parsed (unreadable, a byte-identical copy, skipped), with the one
    load error that says why."""
    load = DocumentLoad({"document_id": document_id, "source_file": source, **document, "status": status,
                         "is_counted": False, "error": error or message})
    load.error(code, message, severity=severity)
    _stamp(load)
    return load


def unreadable(source: str, exc: OSError) -> DocumentLoad:
    message = f"{source}: cannot be read: {exc.strerror or exc}"
    return unparsed("unreadable-" + _name_hash(source), source, "failed", "unreadable_file", message)


def _duplicate(source: str, sha: str, size: int, first: str, index: int) -> DocumentLoad:
    return unparsed(
        f"{sha[:16]}-dup{index}", source, "duplicate_file", "duplicate_file",
        f"{source} is byte-identical to {first}; loaded once", severity="warning",
        error=f"byte-identical to {first}; loaded once", sha256=sha, byte_size=size,
    )


def _name_hash(source: str) -> str:
    return hashlib.sha256(source.encode()).hexdigest()[:16]
