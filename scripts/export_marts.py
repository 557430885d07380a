"""`make export`: every mart of the warehouse as Parquet and as CSV, with a data dictionary.

Analysts of open budget data (PUDL, OpenSpending) take files, not a database: each mart is
written as `<mart>.parquet` (types kept: DECIMAL amounts stay exact) and `<mart>.csv` (UTF-8
with a byte-order mark, so Excel shows the Chinese; amounts as printed decimals, never
floats), beside `data_dictionary.csv` and `data_dictionary.md`: every column with its type,
unit and description. Descriptions and units come from the models' own YAML
(`models/marts/_marts.yml`), the one place they are written; a column's unit is the one its
description states ("(万元)", "… 万元.", "Unit: …").

The export is written beside the previous one and switched in by renames, so a reader of
the export directory sees the old files or the new ones, never half of each.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb
import yaml

ROOT = Path(__file__).resolve().parents[1]
MARTS_YAML = ROOT / "models" / "marts" / "_marts.yml"
SCHEMA = "marts"
BOM = "\ufeff"
# How a description states its unit: "Unit: <text>." (a unit that varies by row), "(万元)",
# "(万元, where printed)", "(%)", or a closing "万元.".
_UNIT = re.compile(r"Unit: (.+?)\.?$|[(（]\s*(万元|元|%)\s*[)）,，;；]|(?:^|\s)(万元|元)\.$")


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    type: str
    unit: str
    description: str


def unit_of(description: str) -> str:
    found = _UNIT.search(description or "")
    return next(group for group in found.groups() if group) if found else ""


def _documented() -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    spec = yaml.safe_load(MARTS_YAML.read_text(encoding="utf-8"))
    tables, columns = {}, {}
    for model in spec["models"]:
        tables[model["name"]] = " ".join((model.get("description") or "").split())
        for column in model.get("columns", []):
            columns[(model["name"], column["name"])] = " ".join((column.get("description") or "").split())
    return tables, columns


def dictionary(con: duckdb.DuckDBPyConnection) -> tuple[dict[str, str], list[Column]]:
    """The marts the warehouse holds and their columns, described from the models' YAML."""
    tables, described = _documented()
    rows = con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = ? order by table_name, ordinal_position",
        [SCHEMA],
    ).fetchall()
    columns = [Column(t, c, dtype, unit_of(described.get((t, c), "")), described.get((t, c), "")) for t, c, dtype in rows]
    present = {column.table for column in columns}
    return {name: text for name, text in tables.items() if name in present}, columns


def _quoted(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _write_mart(con: duckdb.DuckDBPyConnection, table: str, out: Path) -> int:
    relation = f'{SCHEMA}."{table}"'
    con.execute(f"copy (select * from {relation}) to {_quoted(out / f'{table}.parquet')} (format parquet, compression zstd)")
    plain = out / f"{table}.csv.plain"
    con.execute(f"copy (select * from {relation}) to {_quoted(plain)} (format csv, header true)")
    # DuckDB writes no byte-order mark; Excel needs one to read UTF-8.
    with open(out / f"{table}.csv", "wb") as target, open(plain, "rb") as source:
        target.write(BOM.encode("utf-8"))
        shutil.copyfileobj(source, target, 1 << 20)
    plain.unlink()
    return con.execute(f"select count(*) from {relation}").fetchone()[0]


def _write_dictionary(out: Path, tables: dict[str, str], columns: list[Column], counts: dict[str, int]) -> None:
    with open(out / "data_dictionary.csv", "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["table", "column", "type", "unit", "description"])
        for column in columns:
            writer.writerow([column.table, column.name, column.type, column.unit, column.description])
    lines = [
        "# Data dictionary",
        "",
        "Every mart of the budget-disclosure warehouse, as `<table>.parquet` and `<table>.csv` (UTF-8 with a",
        "byte-order mark). Amounts are exact decimals in the unit given; an empty cell is a figure the",
        "document does not print (never 0).",
        "",
    ]
    for table, text in tables.items():
        lines += [f"## {table}", "", text, "", f"{counts[table]} rows.", "", "| column | type | unit | description |",
                  "| --- | --- | --- | --- |"]
        for column in (c for c in columns if c.table == table):
            description = column.description.replace("|", "\\|")
            lines.append(f"| {column.name} | {column.type} | {column.unit} | {description} |")
        lines.append("")
    (out / "data_dictionary.md").write_text("\n".join(lines), encoding="utf-8")


def _publish(staged: Path, target: Path) -> None:
    """Switch the staged export in: the old one is moved aside, then removed."""
    retired = target.with_name(f"{target.name}.old")
    shutil.rmtree(retired, ignore_errors=True)
    if target.exists():
        os.replace(target, retired)
    os.replace(staged, target)
    shutil.rmtree(retired, ignore_errors=True)


def export(warehouse: Path, target: Path) -> dict[str, int]:
    if not warehouse.is_file():
        raise SystemExit(f"export: no warehouse at {warehouse}; run `make build` first")
    staged = target.with_name(f"{target.name}.next")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    with duckdb.connect(str(warehouse), read_only=True) as con:
        tables, columns = dictionary(con)
        counts = {table: _write_mart(con, table, staged) for table in tables}
    _write_dictionary(staged, tables, columns, counts)
    for path in staged.iterdir():
        path.chmod(0o644)  # readable by the group that runs the analysis, whatever the umask
    _publish(staged, target)
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, default=Path(os.environ.get("WAREHOUSE", "warehouse.duckdb")))
    parser.add_argument("--out", type=Path, default=Path(os.environ.get("EXPORT", "export")))
    args = parser.parse_args(argv)
    counts = export(args.warehouse.absolute(), args.out.absolute())
    print(f"exported {len(counts)} marts ({sum(counts.values())} rows) as Parquet and CSV to {args.out}; "
          f"columns described in {args.out / 'data_dictionary.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
