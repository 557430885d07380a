"""The warehouse side of a build: dbt builds the models beside the published warehouse, the
checks run and write the report, dbt builds the findings models.

    python scripts/warehouse_steps.py --disclosures D --raw R --warehouse W --report P --validation V -- DBT_ARGS

dbt runs in this process, twice, through its programmatic entry point (dbtRunner) with the
project it parsed once: its import (about 3.5 s) and its reading of the project (about 3 s)
are paid once, not twice. The checks run in a process of their own, started before dbt, so
that importing GE (about 5 s) happens while dbt builds; it reads the built file when dbt has
finished. The built file is `W.next`; scripts/build_warehouse.py publishes it by one rename
once this process has succeeded.

dbt's events go to stdout as JSON lines (scripts/build_warehouse.py keeps its summary), the
checks' lines as they are. ``--timings FILE``: each step's seconds and peak resident memory
(of this process; for the checks, of theirs), as JSON (the benchmark reads them).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages beside it

from scripts.build_state import prepare  # noqa: E402


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    for name in ("disclosures", "raw", "warehouse", "report", "validation"):
        parser.add_argument(f"--{name}", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="rebuild every document (FULL=1)")
    parser.add_argument("--timings", type=Path)
    parser.add_argument("dbt_args", nargs="*", help="after --: dbt's global arguments (DBT_ARGS)")
    return parser


def _peak_mib(who: int = resource.RUSAGE_SELF) -> int:
    """Peak resident memory so far of this process (or of its largest finished child)."""
    return resource.getrusage(who).ru_maxrss // 1024  # KiB on Linux


class _Failed(Exception):
    pass


def _dbt(runner, args: list[str]):
    result = runner.invoke([*args, "--log-format", "json"])
    if result.exception is not None:
        print(f"dbt: {type(result.exception).__name__}: {result.exception}", flush=True)
    if not result.success:
        raise _Failed
    return result.result


def _release_dbt_connection() -> None:
    """dbt-duckdb keeps its DuckDB instance open between invocations; the checks open the
    file read-only, which DuckDB refuses while the same process holds it read-write."""
    from dbt.adapters.duckdb.connections import DuckDBConnectionManager

    DuckDBConnectionManager.close_all_connections()
    gc.collect()  # the instance closes when its last reference goes


def _start_checks(args: argparse.Namespace, upcoming: Path) -> subprocess.Popen:
    """The checks' process, started before dbt: it imports what it needs (GE takes about 5 s)
    while dbt builds, then waits for the word to read the built file."""
    command = [sys.executable, "-m", "expectations", "--on-go", "--warehouse", str(upcoming),
               "--raw", str(args.raw.resolve()), "--validation", str(args.validation), "--report", str(args.report),
               "--disclosures", str(args.disclosures)]
    return subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, text=True)


def run(args: argparse.Namespace) -> dict[str, dict]:
    upcoming = Path(f"{args.warehouse}.next")
    timings: dict[str, dict] = {}
    clock = time.perf_counter()

    def done(step: str, who: int = resource.RUSAGE_SELF) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = {"seconds": round(now - clock, 2), "peak_rss_mib": _peak_mib(who)}
        clock = now

    checks, word = _start_checks(args, upcoming), ""
    try:
        start = prepare(args.warehouse, upcoming, args.raw, full=args.full)
        print(start, flush=True)
        from dbt.cli.main import dbtRunner

        manifest = _dbt(dbtRunner(), ["parse", *args.dbt_args])
        excluded = ["tag:findings"]
        if start.mode == "incremental":
            # The seeds are part of the code version (scripts/build_state.py): the same code built
            # and tested them in the published warehouse this build starts from. Cautious: a test
            # is left out only when all it reads is seeds, so a model's rows are still tested
            # against them. The seeds' own tests were a quarter of an incremental build's nodes.
            excluded += ["resource_type:seed", "--indirect-selection", "cautious"]
        # dbt's unit tests check the models' code, not the data: `make test` runs them (every
        # warehouse the tests build), a build does not pay for them again.
        build = ["build", *args.dbt_args, "--exclude", *excluded, "--exclude-resource-type", "unit_test"]
        _dbt(dbtRunner(manifest=manifest), build)
        _release_dbt_connection()
        done("dbt build")
        word = "go\n"
    finally:
        # Without the word (dbt failed, or this process is stopping) the checks exit at once.
        checks.communicate(word)
    code = checks.returncode
    if code:
        raise SystemExit(code)
    done("checks", resource.RUSAGE_CHILDREN)
    _dbt(dbtRunner(manifest=manifest), ["build", *args.dbt_args, "--select", "tag:findings"])
    # Closed before the process leaves without tearing down (_exit_now): closing DuckDB is what
    # checkpoints its write-ahead log into the file, and the file is what the build publishes.
    _release_dbt_connection()
    done("findings")
    return timings


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        timings = run(args)
    except _Failed:
        return 1
    if args.timings:
        args.timings.write_text(json.dumps(timings), encoding="utf-8")
    return 0


def _exit_now(code: int) -> None:
    """Exit without tearing the interpreter down: freeing what dbt and DuckDB built took
    2.5 s of every build (measured at 3,000 documents), after everything was written and
    closed. Only the buffered output and dbt's log file are left to flush."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
