"""A corpus of distinct disclosures for the scale benchmark, made from the sample documents.

Document i takes a sample (in turn) and gives it a county from the division seed and a
department of its own, so each document is distinct in identity and bytes, and its figures
add up as the sample's do. The figures are the sample's: multiplying them by a whole factor
keeps every sum exact but multiplies the samples' own 0.01 rounding slips too, and the
corpus would then report warnings no real document of this kind raises.

    python -m benchmarks.corpus 1000 /tmp/corpus
"""

from __future__ import annotations

import argparse
import csv
from pathlib import Path

from loaders.pipeline import load_document

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "disclosures"
DIVISIONS = ROOT / "seeds" / "county_divisions.csv"
# Departments every county has, none of them a sample's own.
DEPARTMENTS = (
    "教育局", "财政局", "民政局", "卫生健康局", "农业农村局", "水利局", "交通运输局", "自然资源局",
    "住房和城乡建设局", "文化和旅游局", "应急管理局", "审计局", "统计局", "市场监督管理局", "商务局",
    "林业局", "医疗保障局", "退役军人事务局", "生态环境局", "体育局",
)


class Corpus:
    def __init__(self) -> None:
        self.samples = []
        for path in sorted(SAMPLES.iterdir()):
            data = path.read_bytes()
            doc = load_document(path.name, data).document
            self.samples.append((path.suffix, data.decode("utf-8"), doc["county_name"], doc["department_name"]))
        with DIVISIONS.open(encoding="utf-8") as handle:
            self.counties = [row["county_name"] for row in csv.DictReader(handle)]

    def document(self, index: int) -> tuple[str, bytes]:
        """(file name, bytes) of document ``index``; the same index gives the same document."""
        suffix, text, county, department = self.samples[index % len(self.samples)]
        new_county = self.counties[index % len(self.counties)]
        new_department = DEPARTMENTS[(index // len(self.counties)) % len(DEPARTMENTS)]
        text = text.replace(county + department, new_county + new_department)
        text = text.replace(county, new_county).replace(department, new_department)
        return f"{index:06d}_{new_county}{new_department}{suffix}", text.encode("utf-8")

    def write(self, count: int, out: Path, start: int = 0) -> int:
        """Write documents start … start + count - 1 into ``out``; returns the bytes written."""
        out.mkdir(parents=True, exist_ok=True)
        size = 0
        for index in range(start, start + count):
            name, data = self.document(index)
            (out / name).write_bytes(data)
            size += len(data)
        return size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int)
    parser.add_argument("out", type=Path)
    args = parser.parse_args()
    size = Corpus().write(args.count, args.out)
    print(f"{args.count} documents, {size / 1e6:.1f} MB in {args.out}")


if __name__ == "__main__":
    main()
