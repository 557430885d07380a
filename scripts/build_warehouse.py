"""`make build`: load the disclosures, build the warehouse beside the published one, check it,
write the report, and publish it by one rename; one build at a time per RAW and WAREHOUSE.

Paths come from the environment (the Makefile exports DISCLOSURES, RAW, WAREHOUSE, REPORT,
VALIDATION and DBT_ARGS) and go to every program as arguments, never through a shell, so a
path with a space or a quote works.

Two builds on the same paths would each replace the other's raw and warehouse: the second
waits on a lock file beside each (`RAW.lock`, `WAREHOUSE.lock`) and says so. The lock is
the kernel's (flock), released when its holder exits or is killed, so it never goes stale.
"""

from __future__ import annotations

import fcntl
import json
import os
import shlex
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def _lock(stack: ExitStack, target: Path) -> None:
    """Hold `<target>.lock`, waiting (with a message) while another build holds it."""
    handle = stack.enter_context(open(f"{target}.lock", "a+", encoding="utf-8"))
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "another process"
        print(f"build: {target} is being built by {holder}; waiting for it to finish", file=sys.stderr, flush=True)
        fcntl.flock(handle, fcntl.LOCK_EX)
    handle.seek(0)
    handle.truncate()
    handle.write(f"build pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n")
    handle.flush()


# dbt's events worth a line in a build's output: its warnings and errors, and how the run
# ended. Every node's start and pass stays in logs/dbt.log, not on the screen.
DBT_SUMMARY_EVENTS = frozenset({"FinishedRunningStats", "EndOfRunSummary", "StatsLine", "SQLCompiledPath"})


def _dbt_line(line: str) -> str | None:
    try:
        info = json.loads(line)["info"]
    except (ValueError, KeyError, TypeError):
        return line.rstrip("\n") or None  # not an event (a traceback, say): shown as it is
    if info.get("level") in ("warn", "error") or info.get("name") in DBT_SUMMARY_EVENTS:
        return f"dbt: {info['msg'].strip()}" if info.get("msg", "").strip() else None
    return None


def _run(args: list[str], env: dict[str, str] | None = None, dbt_events: bool = False) -> None:
    """Run a step; ``dbt_events``: its stdout carries dbt's JSON events, shown by their summary."""
    if not sys.stdout.isatty():  # a log gets plain text, not colour codes
        env = {**(env or os.environ), "DBT_USE_COLORS": "false", "NO_COLOR": "1"}
    if not dbt_events:
        result = subprocess.run(args, cwd=ROOT, env=env, check=False)
        if result.returncode:
            raise SystemExit(result.returncode)
        return
    with subprocess.Popen(args, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True) as process:
        for line in process.stdout:
            shown = _dbt_line(line)
            if shown:
                print(shown, flush=True)
    if process.returncode:
        raise SystemExit(process.returncode)


def pin_raw(raw: Path) -> Path:
    """``RAW.build``: a link to the raw version this load published, which the warehouse reads,
    not RAW, the link a later load moves; only a build (holding RAW's lock) moves this one.
    Its path is the same every build: dbt parses the whole project again (seconds) when the
    value of an environment variable its sources read changes, and a version's name changes
    with every load."""
    pin = raw.parent / f"{raw.name}.build"
    link = raw.parent / f".{raw.name}.build.{os.getpid()}"
    link.unlink(missing_ok=True)
    os.symlink(raw.resolve(), link)
    os.replace(link, pin)  # one rename, as RAW itself is switched
    return pin


def _full() -> bool:
    return os.environ.get("FULL", "") not in ("", "0")


def _rehash() -> list[str]:
    """FULL=1 rebuilds everything: the loader reads every file again too."""
    return ["--rehash"] if _full() else []


Step = tuple[str, Callable[[], tuple[list[str], dict[str, str] | None]]]


def stages(disclosures: Path, raw: Path, warehouse: Path, report: Path, validation: Path, dbt_args: list[str],
           timings: Path | None = None) -> list[Step]:
    """The build's steps as (name, make the command and its environment when the step
    starts); the benchmark times the same steps. ``timings``: where the warehouse step
    writes the seconds of its own steps (scripts/warehouse_steps.py)."""
    python = str(BIN / "python")

    def env() -> dict[str, str]:
        return {**os.environ, "RAW_ROOT": str(pin_raw(raw)), "VALIDATION_ROOT": str(validation),
                "WAREHOUSE_PATH": f"{warehouse}.next"}

    def warehouse_steps() -> tuple[list[str], dict[str, str]]:
        # It exits without freeing its heap (see there), so dbt's semaphores are left to
        # multiprocessing's resource tracker, which removes them and would warn that it did.
        args = [python, "-W", "ignore::UserWarning:multiprocessing.resource_tracker",
                str(ROOT / "scripts" / "warehouse_steps.py"), "--disclosures", str(disclosures),
                "--raw", str(raw), "--warehouse", str(warehouse), "--report", str(report), "--validation", str(validation)]
        args += ["--full"] if _full() else []
        args += ["--timings", str(timings)] if timings else []
        return [*args, "--", *dbt_args], env()

    return [
        ("load", lambda: ([python, "-m", "loaders", str(disclosures), "--out", str(raw), *_rehash()], None)),
        # dbt build, the checks and the report, the findings models: one process (see there).
        ("warehouse", warehouse_steps),
    ]


def self_contained(path: Path) -> None:
    """Every write to the DuckDB file at ``path`` in the file itself: a write-ahead log left
    beside it (a writer that ended without closing the file) is checkpointed into it. Renamed
    alone, the file would be published without what that log holds, and the log left behind."""
    log = Path(f"{path}.wal")
    if log.exists():
        import duckdb

        with duckdb.connect(str(path)) as con:  # opening replays the log; the checkpoint empties it
            con.execute("checkpoint")
    if log.exists():
        raise RuntimeError(f"{log} is still there after a checkpoint: the warehouse is not published")


def publish(warehouse: Path) -> None:
    """The warehouse built beside the published one (`WAREHOUSE.next`) put in its place, whole."""
    upcoming = Path(f"{warehouse}.next")
    self_contained(upcoming)
    os.replace(upcoming, warehouse)


def build(disclosures: Path, raw: Path, warehouse: Path, report: Path, validation: Path, dbt_args: list[str]) -> None:
    for name, step in stages(disclosures, raw, warehouse, report, validation, dbt_args):
        _run(*step(), dbt_events=name == "warehouse")
    publish(warehouse)
    print(f"warehouse: {warehouse}  report: {report / 'index.html'}")


def main() -> int:
    paths = {name: Path(os.environ[name]).absolute() for name in ("DISCLOSURES", "RAW", "WAREHOUSE", "REPORT", "VALIDATION")}
    dbt_args = shlex.split(os.environ.get("DBT_ARGS", "--profiles-dir . --project-dir ."))
    for parent in {paths["RAW"].parent, paths["WAREHOUSE"].parent}:
        parent.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        # Always in the same order, so two builds never hold one lock each and wait forever.
        for target in sorted({paths["RAW"], paths["WAREHOUSE"]}):
            _lock(stack, target)
        build(paths["DISCLOSURES"], paths["RAW"], paths["WAREHOUSE"], paths["REPORT"], paths["VALIDATION"], dbt_args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
