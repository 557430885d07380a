"""Add to the classification seeds the codes a built warehouse's documents print that the
seeds lack, with the name the documents print beside them: functional 款 and 项 codes
(seeds/functional_subjects.csv) and department economic items (seeds/dept_economic_classes.csv).
The national classifications have thousands of items and change every year; the seeds grow
from the documents' own code/name pairs (reviewed in the diff), not from a download.

    .venv/bin/python scripts/extend_seeds_from_documents.py warehouse.duckdb
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import duckdb

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _extend(path: Path, key: str, printed: list[tuple[str, str]], row_for) -> int:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    known = {row[key] for row in rows}
    added = [row_for(code, name) for code, name in printed if code not in known and name]
    rows = sorted(rows + added, key=lambda row: row[key])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return len(added)


def main(warehouse: str) -> None:
    with duckdb.connect(warehouse, read_only=True) as con:
        subjects = con.sql(
            "select subject_code, mode(printed_subject_name) from marts.fct_expenditure_by_subject "
            "where subject_level > 1 group by subject_code order by subject_code"
        ).fetchall()
        economic = con.sql(
            "select dept_econ_code, mode(dept_econ_name) from marts.fct_expenditure_by_economic_class "
            "where dept_econ_code is not null group by dept_econ_code order by dept_econ_code"
        ).fetchall()
    added = _extend(
        SEEDS / "functional_subjects.csv",
        "subject_code",
        subjects,
        lambda code, name: {
            "subject_code": code,
            "subject_name": name,
            "subject_level": str({5: 2, 7: 3}[len(code)]),
            "parent_code": code[: len(code) - 2],
            "class_ordinal": "",
        },
    )
    print(f"{added} functional codes added")
    added = _extend(
        SEEDS / "dept_economic_classes.csv",
        "dept_econ_code",
        economic,
        lambda code, name: {
            "dept_econ_code": code,
            "dept_econ_name": name,
            "econ_level": "2",
            "class_code": code[:3],
            "source": "document",
        },
    )
    print(f"{added} economic codes added")


if __name__ == "__main__":
    main(sys.argv[1])
