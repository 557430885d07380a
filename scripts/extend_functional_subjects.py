"""Add to seeds/functional_subjects.csv the 款 and 项 codes a built warehouse's documents
print that the seed lacks, with the name the documents print beside them. The national
classification has thousands of items and changes every year; the seed grows from the
documents' own code/name pairs (reviewed in the diff), not from a download.

    .venv/bin/python scripts/extend_functional_subjects.py warehouse.duckdb
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb

SEED = Path(__file__).resolve().parents[1] / "seeds" / "functional_subjects.csv"


def main(warehouse: str) -> None:
    with SEED.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = {row["subject_code"] for row in rows}
    with duckdb.connect(warehouse, read_only=True) as con:
        printed = con.sql(
            "select subject_code, mode(printed_subject_name) from marts.fct_expenditure_by_subject "
            "where subject_level > 1 group by subject_code order by subject_code"
        ).fetchall()
    added = [
        {
            "subject_code": code,
            "subject_name": name,
            "subject_level": str({5: 2, 7: 3}[len(code)]),
            "parent_code": code[: len(code) - 2],
            "class_ordinal": "",
        }
        for code, name in printed
        if code not in known and name
    ]
    rows = sorted(rows + added, key=lambda row: row["subject_code"])
    with SEED.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(added)} codes added to {SEED.name}")


if __name__ == "__main__":
    main(sys.argv[1])
