"""The warehouse side of a build, in one process: dbt builds the models beside the published
warehouse, the checks run and write the report, dbt builds the findings models.

    python scripts/warehouse_steps.py --disclosures D --raw R --warehouse W --report P --validation V -- DBT_ARGS

One process, not three: dbt's import (about 3.5 s) and its reading of the project (about 3 s)
are paid once, the checks' imports too; dbt is called through its programmatic entry point
(dbtRunner) with the project it parsed. The built file is `W.next`; scripts/build_warehouse.py
publishes it by one rename once this process has succeeded.

dbt's events go to stdout as JSON lines (scripts/build_warehouse.py keeps its summary), the
checks' lines as they are. ``--timings FILE``: each step's seconds and the process's peak
resident memory at its end, as JSON (the benchmark reads them).
"""

from __future__ import annotations

import argparse
import gc
import json
import logging
import os
import resource
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


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024  # KiB on Linux


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


def run(args: argparse.Namespace) -> dict[str, dict]:
    upcoming = Path(f"{args.warehouse}.next")
    timings: dict[str, dict] = {}
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        timings[step] = {"seconds": round(now - clock, 2), "peak_rss_mib": _peak_mib()}
        clock = now

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

    from expectations.runner import main as checks

    code = checks(["--warehouse", str(upcoming), "--raw", str(args.raw.resolve()), "--validation", str(args.validation),
                   "--report", str(args.report), "--disclosures", str(args.disclosures)])
    if code:
        raise SystemExit(code)
    done("checks")
    _dbt(dbtRunner(manifest=manifest), ["build", *args.dbt_args, "--select", "tag:findings"])
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
    """Exit without tearing the interpreter down: freeing what dbt, GE and DuckDB built took
    2.5 s of every build (measured at 3,000 documents), after everything was written and
    closed. Only the buffered output and dbt's log file are left to flush."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit_now(main())
