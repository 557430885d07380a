"""`make build` publishes the warehouse only when it is complete: a failed build leaves the
previous warehouse as it was, and the next build recovers."""

from __future__ import annotations

import subprocess

import duckdb

from tests.conftest import ROOT, SAMPLES


def _make(tmp, *extra: str) -> subprocess.CompletedProcess:
    paths = [f"RAW={tmp / 'raw'}", f"WAREHOUSE={tmp / 'w.duckdb'}", f"REPORT={tmp / 'report'}", f"VALIDATION={tmp / 'v'}"]
    return subprocess.run(
        ["make", "-C", str(ROOT), "build", f"DISCLOSURES={SAMPLES}", *paths, *extra],
        capture_output=True,
        text=True,
        check=False,
    )


def _documents(path) -> list[tuple]:
    with duckdb.connect(str(path), read_only=True) as con:
        return con.execute("select source_file, fiscal_year from marts.dim_document order by 1").fetchall()


def test_a_failed_build_leaves_the_previous_warehouse_and_the_next_recovers(tmp_path):
    first = _make(tmp_path)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    published = _documents(tmp_path / "w.duckdb")
    assert len(published) == 2
    # dbt fails right after the load (its --vars are not YAML): nothing may replace the warehouse
    failed = _make(tmp_path, "DBT_ARGS=--profiles-dir . --project-dir . --vars {")
    assert failed.returncode != 0
    assert _documents(tmp_path / "w.duckdb") == published
    again = _make(tmp_path)
    assert again.returncode == 0, again.stdout[-3000:]
    assert _documents(tmp_path / "w.duckdb") == published
    assert not (tmp_path / "w.duckdb.next").exists()
