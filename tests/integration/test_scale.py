"""The loaders at scale: parts written by any number of workers, by a Dask cluster, or reused
from the last load are the same bytes; a file added to a loaded batch is the only one parsed."""

from __future__ import annotations

import json
import os
from pathlib import Path

import polars as pl
import pytest

from benchmarks.corpus import Corpus
from loaders.cli import main
from loaders.parts import Source
from loaders.schema import SCHEMAS
from tests.conftest import read_raw


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return Corpus()


def _files(out: Path) -> dict[str, bytes]:
    root = out.resolve()
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _load(inbox: Path, out: Path, *args: str) -> None:
    assert main([str(inbox), "--out", str(out), "--quiet", *args]) == 0


def test_the_generated_corpus_is_distinct_and_adds_up(corpus, tmp_path):
    corpus.write(6, tmp_path / "in")
    _load(tmp_path / "in", tmp_path / "raw", "--jobs", "1")
    documents = read_raw(tmp_path / "raw", "documents")
    assert documents["status"].to_list() == ["loaded"] * 6
    assert documents["is_counted"].all() and documents["error_count"].sum() == 0
    assert documents.select(pl.struct("county_name", "department_name").n_unique()).item() == 6
    assert documents["sha256"].n_unique() == 6


def test_any_number_of_workers_writes_the_same_bytes_and_only_a_new_file_is_parsed(corpus, tmp_path, capsys, monkeypatch):
    from loaders import parts

    monkeypatch.setattr(parts, "BUCKETS", 2)  # few buckets, so the new file joins one that holds files
    inbox = tmp_path / "in"
    corpus.write(8, inbox)
    _load(inbox, tmp_path / "serial", "--jobs", "1")
    _load(inbox, tmp_path / "pool", "--jobs", "2")
    assert _files(tmp_path / "serial") == _files(tmp_path / "pool")
    buckets = {name.split("/")[1] for name in _files(tmp_path / "serial") if name.startswith("line_items/")}
    assert len(buckets) > 1  # the batch really was split
    corpus.write(1, inbox, start=8)
    added = next(p for p in inbox.iterdir() if p.name.startswith("000008_"))
    assert main([str(inbox), "--out", str(tmp_path / "pool"), "--jobs", "2"]) == 0
    same_bucket = [p for p in inbox.iterdir() if Source("", "", _sha(p)).bucket == Source("", "", _sha(added)).bucket]
    assert len(same_bucket) >= 2  # the new file joined a bucket that held files before ...
    # ... and only it was parsed: the others were taken from the previous version, the same bytes.
    assert "parsed 1 files in 1 buckets" in capsys.readouterr().err
    _load(inbox, tmp_path / "fresh", "--jobs", "1")
    assert _files(tmp_path / "pool") == _files(tmp_path / "fresh")
    assert read_raw(tmp_path / "pool", "documents").height == 9


def test_a_dask_local_cluster_writes_the_same_parts(corpus, tmp_path):
    inbox = tmp_path / "in"
    corpus.write(4, inbox)
    _load(inbox, tmp_path / "serial", "--jobs", "1")
    _load(inbox, tmp_path / "dask", "--cluster", "local", "--jobs", "2")
    assert _files(tmp_path / "serial") == _files(tmp_path / "dask")


def test_a_bucket_is_written_a_row_group_at_a_time(corpus, tmp_path, monkeypatch):
    import pyarrow.parquet as pq

    from loaders import parts

    corpus.write(4, tmp_path / "in")
    monkeypatch.setattr(parts, "BUCKETS", 1)  # one bucket: every document in one part
    monkeypatch.setattr(parts, "FLUSH_ROWS", 500)
    _load(tmp_path / "in", tmp_path / "raw", "--jobs", "1")
    part = pq.ParquetFile(tmp_path / "raw" / "line_items" / "part-00.parquet")
    # Rows never wait for the bucket's end: held rows are written once there are 500, so a
    # row group holds fewer than 500 and one document's rows.
    items = read_raw(tmp_path / "raw", "line_items")
    largest = items.group_by("document_id").len()["len"].max()
    groups = [part.metadata.row_group(i).num_rows for i in range(part.metadata.num_row_groups)]
    assert len(groups) >= 2 and max(groups) < 500 + largest
    assert sum(groups) == items.height
    assert set(SCHEMAS) - {"documents"} <= {p.name for p in (tmp_path / "raw").resolve().iterdir()}


def test_reused_and_parsed_rows_share_row_groups_and_give_the_same_bytes(corpus, tmp_path, monkeypatch, capsys):
    import pyarrow.parquet as pq

    from loaders import parts

    inbox = tmp_path / "in"
    corpus.write(4, inbox)
    monkeypatch.setattr(parts, "BUCKETS", 1)  # one bucket: the new file joins the four loaded ones
    monkeypatch.setattr(parts, "FLUSH_ROWS", 300)  # row groups that mix reused and parsed rows
    _load(inbox, tmp_path / "raw", "--jobs", "1")
    corpus.write(1, inbox, start=4)
    assert main([str(inbox), "--out", str(tmp_path / "raw"), "--jobs", "1"]) == 0
    assert "parsed 1 files in 1 buckets" in capsys.readouterr().err  # four taken as Arrow, one parsed
    _load(inbox, tmp_path / "fresh", "--jobs", "1")
    assert _files(tmp_path / "raw") == _files(tmp_path / "fresh")
    groups = pq.ParquetFile(tmp_path / "raw" / "line_items" / "part-00.parquet").metadata.num_row_groups
    assert groups >= 3


def _sha(path: Path) -> str:
    from loaders.parts import hash_file

    return hash_file(path)


def test_a_file_that_kills_its_worker_costs_only_itself(corpus, tmp_path):
    import subprocess
    import sys

    from tests.conftest import ROOT

    inbox = tmp_path / "in"
    corpus.write(6, inbox)
    killer = inbox / "crash-me.txt"
    killer.write_bytes((inbox / sorted(p.name for p in inbox.iterdir())[0]).read_bytes() + b"\n")
    # A stand-in for a reading library that crashes the process (a segfault, the OOM killer):
    # in a worker process, reading this one file ends the process on the spot.
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(
        "import multiprocessing, os, pathlib\n"
        "_read = pathlib.Path.read_bytes\n"
        "def read_bytes(self):\n"
        "    if self.name == 'crash-me.txt' and multiprocessing.current_process().name != 'MainProcess':\n"
        "        os._exit(9)\n"
        "    return _read(self)\n"
        "pathlib.Path.read_bytes = read_bytes\n",
        encoding="utf-8",
    )
    env = {"PYTHONPATH": f"{hook}:{ROOT}", "PATH": "/usr/bin:/bin"}
    out = tmp_path / "raw"
    run = subprocess.run([sys.executable, "-m", "loaders", str(inbox), "--out", str(out), "--quiet", "--jobs", "2"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr
    documents = read_raw(out, "documents")
    status = dict(zip(documents["source_file"], documents["status"], strict=True))
    assert status.pop("crash-me.txt") == "failed"
    assert set(status.values()) == {"loaded"} and len(status) == 6
    errors = read_raw(out, "load_errors").filter(pl.col("source_file") == "crash-me.txt")
    assert errors["error_code"].to_list() == ["parser_crashed"]
    assert "the process reading this file died" in errors["message"][0]


def test_a_file_unchanged_since_the_last_load_is_not_read_to_be_hashed_and_a_changed_one_is(corpus, tmp_path, monkeypatch,
                                                                                           capsys):
    from loaders import hashes

    monkeypatch.setattr(hashes, "MARGIN_NS", 0)  # the files were written just before the first load
    inbox, out = tmp_path / "in", tmp_path / "raw"
    corpus.write(4, inbox)
    assert main([str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    assert "4 of 4 files read to be hashed" in capsys.readouterr().err
    assert main([str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    assert "0 of 4 files read to be hashed" in capsys.readouterr().err
    # Changed in place to other bytes of the same size, its times set back as they were: only
    # its ctime tells, and it is read again; the documents carry its new content's hash.
    changed = sorted(inbox.iterdir())[1]
    before = changed.stat()
    data = changed.read_bytes()
    changed.write_bytes(data.replace("预算".encode(), "决算".encode(), 1))
    os.utime(changed, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert changed.stat().st_size == before.st_size and changed.stat().st_mtime_ns == before.st_mtime_ns
    assert main([str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    assert "1 of 4 files read to be hashed" in capsys.readouterr().err
    documents = read_raw(out, "documents")
    assert _sha(changed) in documents["sha256"].to_list()
    assert main([str(inbox), "--out", str(out), "--jobs", "1", "--rehash"]) == 0
    assert "4 of 4 files read to be hashed" in capsys.readouterr().err


def test_a_file_changed_within_the_margin_of_the_last_load_is_read_again(corpus, tmp_path, capsys, monkeypatch):
    from loaders import hashes

    # Ten minutes instead of two seconds, so that a slow machine does not change the case.
    monkeypatch.setattr(hashes, "MARGIN_NS", 600 * 10**9)
    inbox, out = tmp_path / "in", tmp_path / "raw"
    corpus.write(2, inbox)
    assert main([str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    capsys.readouterr()
    # Written within the margin before the last load began: a coarse clock could hide a
    # change made after that load, so its record is not trusted.
    started = json.loads(hashes.record_path(out).read_text())["started_ns"]
    assert all(max(p.stat().st_mtime_ns, p.stat().st_ctime_ns) >= started - hashes.MARGIN_NS for p in inbox.iterdir())
    assert main([str(inbox), "--out", str(out), "--jobs", "1"]) == 0
    assert "2 of 2 files read to be hashed" in capsys.readouterr().err
