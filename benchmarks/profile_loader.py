"""Where a loader's time goes: one bucket of generated documents parsed and written under
cProfile (the standard library's profiler), the steps printed by the share of time they
take. The benchmark's loading bottleneck in the README is read off this.

    python -m benchmarks.profile_loader --documents 30
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import tempfile
from pathlib import Path

from benchmarks.corpus import Corpus
from loaders.parts import Source, hash_file, write_bucket

# The pipeline's steps, by the function that does each (see the README's table of modules).
STEPS = {
    "forms (performance-goal forms)": "segment_to_form",
    "tables -> line items (every template)": "segment_to_items",
    "tables -> rows as printed (table_rows)": "segment_to_grid",
    "text -> lines": "text_to_lines",
    "lines -> segments": "lines_to_segments",
    "template choice": "choose_template",
    "prose figures": "lines_to_figures",
    "prose statements (wording checks)": "prose_to_statements",
    "identity": "read_identity",
    "Parquet writing": "_flush",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        Corpus().write(args.documents, corpus)
        sources = [Source(p.name, str(p), hash_file(p)) for p in sorted(corpus.iterdir())]
        profile = cProfile.Profile()
        profile.enable()
        write_bucket(str(Path(tmp) / "raw"), "00", sources)
        profile.disable()
    stats = pstats.Stats(profile)
    total = max(row[3] for row in stats.stats.values())  # cumulative time of the outermost call
    by_name: dict[str, float] = {}
    for (_, _, name), row in stats.stats.items():
        by_name[name] = max(by_name.get(name, 0.0), row[3])
    print(f"{args.documents} documents, {total:.2f} s under the profiler")
    for step, function in STEPS.items():
        print(f"{step:42s} {by_name.get(function, 0.0) / total:6.1%}")


if __name__ == "__main__":
    main()
