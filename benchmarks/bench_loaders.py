"""Loader throughput: the sample disclosures replicated into a batch, loaded and
written, timed over several rounds. Prints documents/s and MB/s; asserts nothing."""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from loaders.cli import main

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "disclosures"


def run(copies: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        size = 0
        for i in range(copies):
            for sample in sorted(SAMPLES.iterdir()):
                # A distinct line per copy keeps the duplicate-file check from skipping it.
                data = sample.read_bytes() + f"\n副本{i}\n".encode()
                (src / f"{i:04d}_{sample.name}").write_bytes(data)
                size += len(data)
        docs = copies * len(list(SAMPLES.iterdir()))
        timings = []
        for r in range(rounds):
            start = time.perf_counter()
            main([str(src), "--out", str(Path(tmp) / f"raw{r}"), "--quiet"])
            timings.append(time.perf_counter() - start)
    best, median = min(timings), statistics.median(timings)
    print(f"{docs} documents, {size / 1e6:.1f} MB, {rounds} rounds")
    print(f"best   {best:.2f} s  {docs / best:.1f} docs/s  {size / 1e6 / best:.2f} MB/s")
    print(f"median {median:.2f} s  {docs / median:.1f} docs/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=25, help="copies of each sample (default 25)")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    run(args.copies, args.rounds)
