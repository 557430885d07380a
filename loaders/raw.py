"""A batch written as the raw layer: buckets of files parsed by a pool of worker processes,
each writing its own Parquet parts; a bucket whose files (names and bytes) are the same as
in the raw version it was last written to, by the same loader, is not parsed again: its
parts are linked from that version. Then the batch's decisions (loaders/batch.py) and the
documents dataset, written last. The output is the same, byte for byte, whatever the number
of workers and whether a bucket was parsed or reused.

Layout of a version (published by loaders/publish.py):
    <dataset>/part-<bucket>.parquet   rows of the bucket's files (one file per dataset and bucket)
    load_errors/part-batch.parquet    load errors decided by the batch (skipped, duplicate identity …)
    documents/part-batch.parquet      one row per file, after the batch's decisions
    _buckets/<bucket>.json            the bucket's members and file summaries, for the next load
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from pathlib import Path

from loaders.batch import settle
from loaders.parts import Source, Summary, probe, reusable, write_bucket
from loaders.pipeline import DATASETS, DocumentLoad
from loaders.write import rows_to_frame, write_dataset

_CODE = Path(__file__).resolve().parent
_CATALOGUE = _CODE.parent / "catalogue"


def loader_version() -> str:
    """A hash of everything that decides what a file loads as: the loaders' code, their
    mappings and the catalogue. A bucket written by another version is parsed again."""
    digest = hashlib.sha256()
    for root in (_CODE, _CATALOGUE):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in {".py", ".toml"}:
                digest.update(path.relative_to(root.parent).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def write_raw(
    directory: Path,
    sources: list[Source],
    others: list[DocumentLoad],
    previous: Path | None = None,
    jobs: int = 1,
    progress: Callable[[int], None] | None = None,
    cluster: str | None = None,
) -> tuple[list[Summary], dict[str, int]]:
    """Write the batch's raw datasets into ``directory``; returns the files' summaries
    (documents after the batch's decisions) and how many buckets were parsed and reused."""
    version = loader_version()
    buckets: dict[str, list[Source]] = defaultdict(list)
    for item in sources:
        buckets[item.bucket].append(item)
    summaries: dict[str, list[dict]] = {}
    todo = []
    # A changed bucket's files loaded before by this loader are taken from that version, not parsed.
    earlier: dict[str, str | None] = {}
    kept = 0
    for bucket, members in sorted(buckets.items()):
        record = _record(previous, bucket, version)
        if record is not None and record.get("members") == _members(members):
            summaries[bucket] = _link_bucket(previous, directory, bucket, record)
            if progress:
                progress(len(members))
            continue
        todo.append(bucket)
        earlier[bucket] = str(previous) if record is not None else None
        kept += len(reusable(record, members)) if record is not None else 0
    parse = _parse_on_cluster(cluster, jobs) if cluster else _parse
    for bucket, result in parse(directory, {b: buckets[b] for b in todo}, jobs, earlier):
        summaries[bucket] = result
        (directory / "_buckets").mkdir(exist_ok=True)
        record = {"loader_version": version, "members": _members(buckets[bucket]), "summaries": result}
        (directory / "_buckets" / f"{bucket}.json").write_text(json.dumps(record, ensure_ascii=False, sort_keys=True))
        if progress:
            progress(len(buckets[bucket]))
    every = [Summary.from_json(s) for bucket in sorted(summaries) for s in summaries[bucket]]
    documents, errors = settle(every, others)
    write_dataset(rows_to_frame("documents", documents), directory / "documents" / "part-batch.parquet")
    write_dataset(rows_to_frame("load_errors", errors), directory / "load_errors" / "part-batch.parquet")
    for dataset in DATASETS:  # a dataset no bucket wrote (an empty batch) still has its schema
        if not (directory / dataset).is_dir():
            write_dataset(rows_to_frame(dataset, []), directory / dataset / "part-empty.parquet")
    stats = {"parsed_buckets": len(todo), "reused_buckets": len(buckets) - len(todo),
             "parsed_files": sum(len(buckets[b]) for b in todo) - kept}
    return every, stats


def _members(members: list[Source]) -> list[list[str]]:
    return [[m.source, m.sha] for m in members]


def _link_bucket(previous: Path, directory: Path, bucket: str, record: dict) -> list[dict]:
    """The bucket's parts and record linked from ``previous`` into ``directory``; its summaries."""
    name = f"part-{bucket}.parquet"
    for sub in (*DATASETS, "_buckets"):
        (directory / sub).mkdir(parents=True, exist_ok=True)
    for dataset in DATASETS:
        _link(previous / dataset / name, directory / dataset / name)
    _link(previous / "_buckets" / f"{bucket}.json", directory / "_buckets" / f"{bucket}.json")
    return record["summaries"]


def _record(previous: Path | None, bucket: str, version: str) -> dict | None:
    """The bucket's record in ``previous`` when the same loader wrote it and all its parts are there."""
    if previous is None:
        return None
    try:
        record = json.loads((previous / "_buckets" / f"{bucket}.json").read_text())
    except (OSError, ValueError):
        return None
    name = f"part-{bucket}.parquet"
    if record.get("loader_version") != version or not all((previous / d / name).is_file() for d in DATASETS):
        return None
    return record


def _link(source: Path, target: Path) -> None:
    """A hard link (a published version is never written again, so sharing is safe); a copy
    where the file system does not allow one."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _parse(directory: Path, buckets: dict[str, list[Source]], jobs: int, earlier: dict[str, str | None]):
    """(bucket, summaries) as each bucket is written; in this process when jobs is 1.
    ``earlier``: per bucket, the version whose files of it are reused (see write_bucket)."""
    if jobs <= 1 or len(buckets) <= 1:
        for bucket, members in buckets.items():
            yield bucket, write_bucket(str(directory), bucket, members, None, earlier.get(bucket))
        return
    done = set()
    try:
        with _pool(jobs) as pool:
            futures = {pool.submit(write_bucket, str(directory), b, m, None, earlier.get(b)): b for b, m in buckets.items()}
            for future in as_completed(futures):
                bucket = futures[future]
                result = future.result()
                done.add(bucket)
                yield bucket, result
    except BrokenProcessPool:
        pass  # a worker died (out of memory, a crash inside a library): the buckets it took are redone below
    for bucket in sorted(set(buckets) - done):
        yield bucket, isolated(directory, bucket, buckets[bucket])


def _pool(jobs: int) -> ProcessPoolExecutor:
    # spawn, not fork: the parent holds polars' and duckdb's threads, which fork does not copy.
    return ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn"))


def isolated(directory: Path, bucket: str, members: list[Source]) -> list[dict]:
    """A bucket whose worker died, written again without the files that kill the process
    reading them: each is a failed document (parser_crashed) naming the file; the rest load.
    One file never costs the batch."""
    crashed: dict[str, str] = {}
    index = 0
    while index < len(members):  # each file alone, in turn, in one worker; a new worker after a death
        with _pool(1) as pool:
            try:
                while index < len(members):
                    pool.submit(probe, members[index].path, members[index].source).result()
                    index += 1
            except BrokenProcessPool:
                crashed[members[index].source] = (
                    f"{members[index].source}: the process reading this file died (killed, out of memory, or a crash "
                    "inside a reading library); not loaded"
                )
                index += 1
    with _pool(1) as pool:
        try:
            return pool.submit(write_bucket, str(directory), bucket, members, crashed).result()
        except BrokenProcessPool as exc:  # no single file kills it alone: the machine, not a document
            names = ", ".join(m.source for m in members[:5])
            raise RuntimeError(f"a loader worker died writing the bucket of {names} …, though no file alone kills "
                               "one (out of memory?); try fewer --jobs") from exc


def _parse_on_cluster(address: str, jobs: int):
    """The same bucket function on a Dask cluster: at ``address`` (a scheduler every worker
    of which sees the input files and the raw directory, e.g. on a shared file system), or
    on a local cluster of ``jobs`` worker processes when the address is 'local'."""

    def parse(directory: Path, buckets: dict[str, list[Source]], _jobs: int, earlier: dict[str, str | None]):
        from distributed import Client, KilledWorker, LocalCluster, as_completed  # only a cluster run needs it

        local = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) \
            if address == "local" else None
        try:
            with Client(local or address) as client:
                futures = {
                    client.submit(write_bucket, str(directory), bucket, members, None, earlier.get(bucket),
                                  key=f"bucket-{bucket}-{os.getpid()}"): bucket
                    for bucket, members in buckets.items()
                }
                for future in as_completed(futures):
                    bucket = futures[future]
                    try:
                        result = future.result()
                    except KilledWorker:  # the cluster gave up on it: isolate the file that kills workers here
                        result = isolated(directory, bucket, buckets[bucket])
                    yield bucket, result
        finally:
            if local is not None:
                local.close()

    return parse
