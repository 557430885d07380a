"""Build a warehouse the way `make build` does, into a temporary directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from expectations.runner import main as run_expectations
from loaders.cli import main as load
from scripts.build_state import prepare
from tests.conftest import ROOT

DBT = Path(sys.executable).parent / "dbt"


def _dbt(tmp: Path, *args: str, strict: bool = True) -> None:
    env = {
        **os.environ,
        "RAW_ROOT": str(tmp / "raw"),
        "VALIDATION_ROOT": str(tmp / "validation"),
        "WAREHOUSE_PATH": str(tmp / "w.duckdb"),
    }
    result = subprocess.run(
        [
            str(DBT),
            "build",
            "--profiles-dir",
            ".",
            "--project-dir",
            ".",
            "--target-path",
            str(tmp / "target"),
            "--log-path",
            str(tmp / "logs"),
            *args,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-4000:]
    assert "ERROR=0" in result.stdout, result.stdout[-4000:]
    # Warn-level tests flag codes missing from the seeds: none on the samples.
    assert not strict or "WARN=0" in result.stdout, result.stdout[-4000:]


def build_warehouse(inbox: Path, tmp: Path, strict: bool = True) -> Path:
    """Loaders, dbt build, expectations, findings models; returns the warehouse file."""
    assert load([str(inbox), "--out", str(tmp / "raw"), "--quiet"]) == 0
    # What `make build` records before dbt runs (scripts/build_state.py): here always a full build.
    prepare(tmp / "published.duckdb", tmp / "w.duckdb", tmp / "raw", full=True)
    _dbt(tmp, "--exclude", "tag:findings", strict=strict)
    assert (
        run_expectations(
            ["--warehouse", str(tmp / "w.duckdb"), "--raw", str(tmp / "raw"), "--validation", str(tmp / "validation")]
            + ["--report", str(tmp / "report"), "--disclosures", str(inbox)]
        )
        == 0
    )
    _dbt(tmp, "--select", "tag:findings", strict=strict)
    return tmp / "w.duckdb"
