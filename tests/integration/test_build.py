"""`make build` publishes the warehouse only when it is complete: a failed build leaves the
previous warehouse as it was, and the next build recovers."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

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
    # It talks like a tool in a log: no colour codes, no progress bar or per-node lines, a closing total.
    said = first.stdout + first.stderr
    assert "\x1b[" not in said and "\r" not in said and " START " not in said
    assert "2 files: 2 loaded, 0 failed" in said and "dbt: Done. PASS=" in said and "WARN=0 ERROR=0" in said
    assert len(said.splitlines()) < 20, said
    published = _documents(tmp_path / "w.duckdb")
    assert len(published) == 2
    # Published whole: the findings models, built last, are in the file, and no log is left beside it.
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as con:
        assert con.execute("select count(*) from marts.fct_data_quality_findings").fetchone()[0] > 0
    assert not list(tmp_path.glob("*.wal"))
    # Written in the storage format every DuckDB 1.x reads, so the pinned command line opens it.
    header = (tmp_path / "w.duckdb").read_bytes()[8:20]
    assert header[:4] == b"DUCK" and int.from_bytes(header[4:], "little") == 64
    shell = subprocess.run([str(ROOT / ".venv" / "bin" / "duckdb"), "-readonly", "-csv", str(tmp_path / "w.duckdb"),
                            "-c", "select count(*) as n from marts.dim_document"], capture_output=True, text=True, check=False)
    assert shell.returncode == 0 and shell.stdout.split() == ["n", "2"], shell.stderr
    # dbt fails right after the load (its --vars are not YAML): nothing may replace the warehouse
    failed = _make(tmp_path, "DBT_ARGS=--profiles-dir . --project-dir . --vars {")
    assert failed.returncode != 0
    assert _documents(tmp_path / "w.duckdb") == published
    again = _make(tmp_path)
    assert again.returncode == 0, again.stdout[-3000:]
    assert _documents(tmp_path / "w.duckdb") == published
    assert not (tmp_path / "w.duckdb.next").exists()


def test_builds_on_the_same_paths_take_turns_and_a_reader_never_sees_an_error(tmp_path):
    import shutil
    import threading

    # Every path holds a space and a quote: they reach the programs through the environment.
    base = tmp_path / "it's a dir"
    inbox = base / "dis closures"
    shutil.copytree(SAMPLES, inbox)
    paths = [f"DISCLOSURES={inbox}", f"RAW={base / 'r aw'}", f"WAREHOUSE={base / 'w h.duckdb'}"]
    paths += [f"REPORT={base / 're port'}", f"VALIDATION={base / 'v'}"]

    def make() -> subprocess.Popen:
        return subprocess.Popen(
            ["make", "-C", str(ROOT), "build", *paths], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    first = make()
    out, err = first.communicate()
    assert first.returncode == 0, out[-3000:] + err[-3000:]
    warehouse = base / "w h.duckdb"
    published = _documents(warehouse)
    assert len(published) == 2

    seen: list[object] = []
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            try:
                seen.append(_documents(warehouse))
            except Exception as exc:  # noqa: BLE001 - any error a reader meets is the failure
                seen.append(exc)
            time.sleep(0.05)

    reader = threading.Thread(target=read)
    reader.start()
    builds = [make(), make()]
    results = [build.communicate() for build in builds]
    stop.set()
    reader.join()
    assert [build.returncode for build in builds] == [0, 0], [err[-2000:] for _, err in results]
    # One build waited for the other: neither took the other's raw or warehouse.
    assert sum("waiting for it to finish" in err for _, err in results) == 1
    assert len(seen) > 20 and all(result == published for result in seen), [r for r in seen if r != published][:3]
    assert _documents(warehouse) == published
    assert not Path(f"{warehouse}.next").exists()


def test_a_build_killed_at_any_point_leaves_the_previous_warehouse_and_the_next_recovers(tmp_path):
    import os
    import signal

    first = _make(tmp_path)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    # It talks like a tool in a log: no colour codes, no progress bar or per-node lines, a closing total.
    said = first.stdout + first.stderr
    assert "\x1b[" not in said and "\r" not in said and " START " not in said
    assert "2 files: 2 loaded, 0 failed" in said and "dbt: Done. PASS=" in said and "WARN=0 ERROR=0" in said
    assert len(said.splitlines()) < 20, said
    published = _documents(tmp_path / "w.duckdb")
    paths = [f"RAW={tmp_path / 'raw'}", f"WAREHOUSE={tmp_path / 'w.duckdb'}", f"REPORT={tmp_path / 'report'}"]
    paths.append(f"VALIDATION={tmp_path / 'v'}")
    # Killed (SIGKILL, the whole process group: make, loader, dbt) while loading, while dbt
    # builds the models, and while the expectations and the findings models run.
    # (Measured here: loading ends at about 3 s, dbt at 10, the expectations at 15, all at 18.)
    killed = 0
    for seconds in (1.0, 6.0, 12.0, 16.5):
        log = tmp_path / f"killed_at_{seconds}.log"
        with log.open("w") as out:
            build = subprocess.Popen(
                ["make", "-C", str(ROOT), "build", f"DISCLOSURES={SAMPLES}", *paths],
                stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
            )
            time.sleep(seconds)
            if build.poll() is None:
                os.killpg(build.pid, signal.SIGKILL)
                killed += 1
            build.wait()
        assert _documents(tmp_path / "w.duckdb") == published, log.read_text()[-3000:]
    assert killed >= 3, [log.read_text()[-2000:] for log in tmp_path.glob("killed_at_*.log")]  # the kills landed inside builds
    again = _make(tmp_path)
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    assert _documents(tmp_path / "w.duckdb") == published
    assert not (tmp_path / "w.duckdb.next").exists()
    assert not [p for p in (tmp_path / "raw.versions").iterdir() if p.name.endswith(".partial")]
