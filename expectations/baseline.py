"""The reviewed baseline of findings on the sample documents (expectations/baseline/findings.csv).

`make test` rebuilds the findings on the samples and fails on any difference, so an
extraction regression shows up as a diff. After reviewing a change that is intended:

    .venv/bin/python -m expectations.baseline --findings data/validation/data_quality_findings.parquet
"""

from __future__ import annotations

import argparse
import csv
import io
from pathlib import Path

import polars as pl

BASELINE = Path(__file__).with_name("baseline") / "findings.csv"
COLUMNS = [
    "source_file",
    "rule_id",
    "severity",
    "table_number",
    "source_line",
    "row_label",
    "expected_amount",
    "actual_amount",
    "difference_amount",
]


def to_rows(findings: pl.DataFrame) -> list[dict[str, str]]:
    rows = [{c: "" if r[c] is None else str(r[c]) for c in COLUMNS} for r in findings.select(COLUMNS).iter_rows(named=True)]
    return sorted(rows, key=lambda r: tuple(r[c] for c in COLUMNS))


def to_csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def read_baseline(path: Path = BASELINE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--findings", type=Path, default=Path("data/validation/data_quality_findings.parquet"))
    args = parser.parse_args(argv)
    BASELINE.parent.mkdir(exist_ok=True)
    BASELINE.write_text(to_csv(to_rows(pl.read_parquet(args.findings))), encoding="utf-8")
    print(f"wrote {BASELINE}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
