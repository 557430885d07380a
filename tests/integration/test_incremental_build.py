"""`make build` over a warehouse the same code built recomputes only the documents that
changed (scripts/build_state.py, macros/by_document.sql), and gives, table for table and row
for row, the warehouse a full build of the same files gives: files added, a file removed,
and a part (an explanation's tables published apart) joining the document it belongs to."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb

from tests.conftest import ROOT, SAMPLES, WENSHUI

REAL = ROOT / "tests" / "fixtures" / "real" / "text"
# The build's own time stamp differs between two builds; every other column must agree.
STAMPS = {"loaded_at"}


def _make(inbox: Path, out: Path, full: bool = False) -> str:
    paths = [f"RAW={out / 'raw'}", f"WAREHOUSE={out / 'w.duckdb'}", f"REPORT={out / 'report'}", f"VALIDATION={out / 'v'}"]
    result = subprocess.run(
        ["make", "-C", str(ROOT), "build", f"DISCLOSURES={inbox}", *paths, *(["FULL=1"] if full else [])],
        capture_output=True,
        text=True,
        check=False,
    )
    said = result.stdout + result.stderr
    assert result.returncode == 0, said[-4000:]
    assert "WARN=0 ERROR=0" in said, said[-4000:]
    return said


def _differences(built: Path, reference: Path) -> list[str]:
    """Every table of the two warehouses whose rows differ (as multisets), or that only one has."""
    out = []
    with duckdb.connect() as con:
        con.execute(f"attach '{built}' as built (read_only)")
        con.execute(f"attach '{reference}' as reference (read_only)")
        tables = {}
        for catalog in ("built", "reference"):
            tables[catalog] = set(
                con.execute(
                    "select table_schema, table_name from information_schema.tables where table_catalog = ? "
                    "and table_schema in ('staging', 'intermediate', 'marts', 'reference')",
                    [catalog],
                ).fetchall()
            )
        out += [f"{s}.{t}: only in one" for s, t in tables["built"] ^ tables["reference"]]
        for schema, table in sorted(tables["built"] & tables["reference"]):
            columns = [
                f'"{name}"'
                for (name,) in con.execute(
                    "select column_name from information_schema.columns where table_catalog = 'reference' "
                    "and table_schema = ? and table_name = ? order by ordinal_position",
                    [schema, table],
                ).fetchall()
                if name not in STAMPS
            ]
            listed = ", ".join(columns)
            for a, b in (("built", "reference"), ("reference", "built")):
                extra = con.execute(
                    f"select count(*) from (select {listed} from {a}.{schema}.{table} "
                    f"except all select {listed} from {b}.{schema}.{table})"
                ).fetchone()[0]
                if extra:
                    out.append(f"{schema}.{table}: {extra} rows only in {a}")
        assert len(tables["reference"]) > 40  # seeds, staging, intermediate and marts all compared
    return out


def _state(warehouse: Path) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("select build_mode, changed_documents from build.state").fetchone()


def _figures(warehouse: Path, source_file: str) -> int:
    """The figures stated in the prose of the document of ``source_file``, its parts' included."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select count(*) from staging.stg_disclosures__narrative_figures inner join staging.stg_disclosures__documents "
            "as d using (document_id) where d.source_file = ?",
            [source_file],
        ).fetchone()[0]


def test_an_incremental_build_equals_a_full_build_of_the_same_files(tmp_path, monkeypatch):
    from scripts import build_state

    inbox, built = tmp_path / "in", tmp_path / "built"
    inbox.mkdir()
    for name in (SAMPLES / WENSHUI, REAL / "js_npc_office_budget_2019_part2_tables_tab.txt"):
        shutil.copy(name, inbox)
    assert "build: full (no published warehouse): 2 documents" in _make(inbox, built)
    assert _state(built / "w.duckdb") == ("full", 2)
    tables_only = _figures(built / "w.duckdb", "js_npc_office_budget_2019_part2_tables_tab.txt")

    # Nothing changed: the next build would recompute nothing. A change to the code makes it
    # full, and the file dbt builds into then starts empty but for the build's record.
    published, upcoming, raw = built / "w.duckdb", built / "w.duckdb.next", built / "raw"
    start = build_state.prepare(published, upcoming, raw)
    assert (start.mode, start.changed) == ("incremental", 0)
    with monkeypatch.context() as patched:
        patched.setattr(build_state, "code_version", lambda: "another")
        start = build_state.prepare(published, upcoming, raw)
    assert (start.mode, start.reason, start.changed) == ("full", "the code changed since the published warehouse was built", 2)
    with duckdb.connect(str(upcoming), read_only=True) as con:
        schemas = {s for (s,) in con.execute("select distinct schema_name from information_schema.schemata").fetchall()}
    assert "marts" not in schemas and "build" in schemas
    upcoming.unlink()

    # In one build: a file removed, a document of another template added, and the
    # explanation of a document published as a file of its own: the part's rows become its
    # document's, a document whose own file did not change.
    (inbox / WENSHUI).unlink()
    for name in ("sh_putuo_finance_final_2024_tab.txt", "js_npc_office_budget_2019_part1_tab.txt"):
        shutil.copy(REAL / name, inbox)
    assert "build: incremental" in _make(inbox, built)
    # the removed file, the one added, the part and the document it belongs to
    assert _state(built / "w.duckdb") == ("incremental", 4)
    _make(inbox, tmp_path / "full", full=True)
    assert _state(tmp_path / "full" / "w.duckdb") == ("full", 3)
    assert _differences(built / "w.duckdb", tmp_path / "full" / "w.duckdb") == []
    assert _figures(built / "w.duckdb", "js_npc_office_budget_2019_part2_tables_tab.txt") > tables_only


def test_a_published_file_that_is_not_a_warehouse_of_this_project_means_a_full_build(tmp_path):
    from scripts import build_state

    published, upcoming, raw = tmp_path / "w.duckdb", tmp_path / "w.duckdb.next", tmp_path / "raw"
    (raw / "documents").mkdir(parents=True)
    duckdb.sql(f"copy (select 'd1' as document_id, null::varchar as part_of) to '{raw / 'documents' / 'part-batch.parquet'}'")
    assert build_state.prepare(published, upcoming, raw).reason == "no published warehouse"
    published.write_bytes(b"not a database")
    start = build_state.prepare(published, upcoming, raw)
    assert (start.mode, start.reason, start.changed) == ("full", "the published warehouse records no build", 1)


def _compiled_tests(tmp_path: Path, warehouse: Path) -> dict[str, str]:
    """The compiled SQL of tests of two by-document models (an intermediate, a mart) and of a
    mart's built whole."""
    tests = ["unique_int_line_items_counted_line_item_id", "not_null_fct_document_totals_document_id",
             "not_null_dim_document_document_id"]
    env = {**os.environ, "WAREHOUSE_PATH": str(warehouse), "RAW_ROOT": str(tmp_path / "raw"),
           "VALIDATION_ROOT": str(tmp_path / "v")}
    dbt = Path(sys.executable).parent / "dbt"
    result = subprocess.run(
        [str(dbt), "compile", "--profiles-dir", str(ROOT), "--project-dir", str(ROOT), "--target-path", str(tmp_path / "target"),
         "--log-path", str(tmp_path / "logs"), "--select", *tests],
        cwd=ROOT, env=env, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-4000:]
    return {name: next((tmp_path / "target" / "compiled").rglob(f"{name}.sql")).read_text() for name in tests}


def test_on_an_incremental_build_a_by_document_models_tests_read_the_changed_documents_only(tmp_path):
    warehouse = tmp_path / "w.duckdb"
    with duckdb.connect(str(warehouse)) as con:
        con.execute("create schema build")
        con.execute("create table build.state as select 'incremental' as build_mode")
    compiled = _compiled_tests(tmp_path, warehouse)
    assert "build.changed_documents" in compiled["unique_int_line_items_counted_line_item_id"]
    assert "build.changed_documents" in compiled["not_null_fct_document_totals_document_id"]
    assert "build.changed_documents" not in compiled["not_null_dim_document_document_id"]

    with duckdb.connect(str(warehouse)) as con:
        con.execute("update build.state set build_mode = 'full'")
    compiled = _compiled_tests(tmp_path, warehouse)
    assert "build.changed_documents" not in compiled["unique_int_line_items_counted_line_item_id"]
    assert "build.changed_documents" not in compiled["not_null_fct_document_totals_document_id"]
