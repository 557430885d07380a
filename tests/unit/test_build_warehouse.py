"""What dbt reads the raw layer through: a link of its own whose path is the same at every
build (dbt parses everything again when that path changes), to the version the load published."""

from __future__ import annotations

import os

from scripts.build_warehouse import pin_raw


def test_the_pinned_raw_path_stays_while_its_target_follows_the_published_version(tmp_path):
    versions = tmp_path / "raw.versions"
    (versions / "one").mkdir(parents=True)
    (versions / "two").mkdir()
    raw = tmp_path / "raw"
    os.symlink(versions / "one", raw)
    first = pin_raw(raw)
    assert first.resolve() == versions / "one"

    os.symlink(versions / "two", tmp_path / ".raw.next")
    os.replace(tmp_path / ".raw.next", raw)  # a later load publishes another version
    assert first.resolve() == versions / "one"  # what the build reads does not move under it
    second = pin_raw(raw)
    assert second == first and second.resolve() == versions / "two"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw", "raw.build", "raw.versions"]


def test_the_checks_started_early_wait_for_the_word_and_leave_without_it(tmp_path, monkeypatch, capsys):
    import io

    from expectations.runner import main as checks

    # The build starts the checks before dbt (scripts/warehouse_steps.py): they do nothing
    # until told to go, and leave having done nothing when dbt failed and they were not.
    args = ["--on-go", "--warehouse", str(tmp_path / "w.duckdb"), "--report", str(tmp_path / "report")]
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert checks(args) == 3
    assert not (tmp_path / "report").exists() and capsys.readouterr().err == ""
    monkeypatch.setattr("sys.stdin", io.StringIO("go\n"))
    assert checks(args) == 2  # told to go, they read the warehouse: there is none here
    assert "no warehouse at" in capsys.readouterr().err


def test_full_builds_read_every_input_file_again_and_others_trust_the_last_loads_record(tmp_path, monkeypatch):
    from scripts.build_warehouse import stages

    def commands() -> dict[str, list[str]]:
        steps = stages(tmp_path / "in", tmp_path / "raw", tmp_path / "w.duckdb", tmp_path / "r", tmp_path / "v", [])
        return {name: make()[0] for name, make in steps if name == "load"}

    monkeypatch.delenv("FULL", raising=False)
    assert "--rehash" not in commands()["load"]
    monkeypatch.setenv("FULL", "1")
    assert "--rehash" in commands()["load"]


def test_a_write_ahead_log_left_beside_the_warehouse_is_checkpointed_into_it_before_publishing(tmp_path):
    import subprocess
    import sys

    import duckdb

    from scripts.build_warehouse import self_contained

    path = tmp_path / "w.duckdb.next"
    # A writer that leaves without closing DuckDB (as the warehouse process exits: os._exit).
    writer = ("import duckdb, os, sys; con = duckdb.connect(sys.argv[1]); "
              "con.execute('create table findings as select 42 as n'); os._exit(0)")
    subprocess.run([sys.executable, "-c", writer, str(path)], check=True)
    assert (tmp_path / "w.duckdb.next.wal").exists()  # what a rename alone would leave behind
    self_contained(path)
    assert not (tmp_path / "w.duckdb.next.wal").exists()
    published = tmp_path / "w.duckdb"
    path.rename(published)
    with duckdb.connect(str(published), read_only=True) as con:
        assert con.execute("select n from findings").fetchall() == [(42,)]
    self_contained(published)  # nothing to do: no log
