"""What a build starts dbt from: a copy of the published warehouse, when the same code built
it, so the models built by document (macros/by_document.sql) recompute only the documents
that changed; otherwise an empty file and a full build.

The warehouse records, in its schema `build`, what it was built from:
    build.state              the code version, full or incremental, how many documents changed, when
    build.loaded_documents   the raw documents rows (one per file, after the batch's decisions)
    build.changed_documents  the documents dbt recomputes (every document on a full build)

A document changed when its row differs from the one the published warehouse was built
from: a file added, removed or changed (a new sha256 is a new document_id), or one whose
counting, status or parts changed because of another file. The document a changed part
belongs to is recomputed with it, since its rows hold the part's.
"""

from __future__ import annotations

import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb

from loaders.raw import loader_version

ROOT = Path(__file__).resolve().parents[1]
# Everything that decides a model's rows or a finding besides the raw data: the loaders (their
# version covers the catalogue), the dbt project, the checks, and this file. Any change makes
# the next build full. Compiled Python (__pycache__) is not code: it appears on first import.
_PROJECT = (
    "models", "macros", "seeds", "expectations", "dbt_project.yml", "profiles.yml", "requirements.lock",
    "scripts/build_state.py",
)


def code_version() -> str:
    digest = hashlib.sha256(loader_version().encode())
    for name in _PROJECT:
        path = ROOT / name
        for file in sorted(path.rglob("*")) if path.is_dir() else [path]:
            if file.is_file() and "__pycache__" not in file.parts:
                digest.update(file.relative_to(ROOT).as_posix().encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class Start:
    mode: str  # full or incremental
    reason: str  # why, in a few words
    changed: int  # documents dbt recomputes

    def __str__(self) -> str:
        documents = f"{self.changed} document" + ("" if self.changed == 1 else "s")
        if self.mode == "incremental":
            return f"build: incremental ({self.reason}): {documents} changed"
        return f"build: full ({self.reason}): {documents}"


# The storage format the warehouse is written in. DuckDB 2.0 writes a format (999) no
# released tool reads (duckdb-cli 1.5, DBeaver, notebooks on duckdb 1.x read 64 to 68); a
# file created in an older format keeps it when written by a newer DuckDB, so the file is
# created empty in the format every DuckDB 1.x reads (64) before dbt fills it.
STORAGE_VERSION = "v1.0.0"


def create_readable(path: Path) -> None:
    literal = str(path).replace("'", "''")
    with duckdb.connect() as con:
        con.execute(f"attach '{literal}' as warehouse (storage_version '{STORAGE_VERSION}')")
        con.execute("detach warehouse")


def _published_version(published: Path) -> str | None:
    """The code version the published warehouse was built by; None when there is none or
    it cannot be read (a warehouse of an earlier release, a damaged file)."""
    if not published.is_file() or Path(f"{published}.wal").exists():
        return None
    try:
        with duckdb.connect(str(published), read_only=True) as con:
            return con.execute("select code_version from build.state").fetchone()[0]
    except (duckdb.Error, TypeError):
        return None


def _sql_string(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def prepare(published: Path, upcoming: Path, raw: Path, full: bool = False) -> Start:
    """Make ``upcoming`` the file dbt builds into, and record in it what it is built from."""
    for leftover in (upcoming, Path(f"{upcoming}.wal")):  # the next file starts afresh
        leftover.unlink(missing_ok=True)
    version = code_version()
    built_by = None if full else _published_version(published)
    if built_by == version:
        shutil.copyfile(published, upcoming)
        mode, reason = "incremental", "the published warehouse was built by the same code"
    else:
        create_readable(upcoming)
        mode = "full"
        reason = ("asked for" if full else "no published warehouse" if not published.is_file()
                  else "the code changed since the published warehouse was built" if built_by
                  else "the published warehouse records no build")
    documents = _sql_string(raw.resolve() / "documents" / "*.parquet")
    with duckdb.connect(str(upcoming)) as con:
        con.execute("create schema if not exists build")
        con.execute(f"create temp table loaded as select * from read_parquet({documents})")
        if mode == "incremental":
            con.execute("""
                create or replace table build.changed_documents as
                with differing as (
                    (select * from loaded except select * from build.loaded_documents)
                    union all
                    (select * from build.loaded_documents except select * from loaded)
                )
                select document_id from differing
                union
                select part_of from differing where part_of is not null
            """)
        else:
            con.execute("create or replace table build.changed_documents as select document_id from loaded")
        con.execute("create or replace table build.loaded_documents as select * from loaded")
        changed = con.execute("select count(*) from build.changed_documents").fetchone()[0]
        con.execute(
            "create or replace table build.state as select $version as code_version, $mode as build_mode, "
            "$changed::bigint as changed_documents, current_timestamp as built_at",
            {"version": version, "mode": mode, "changed": changed},
        )
    return Start(mode, reason, changed)
