"""The scale benchmark (`make bench`): corpora of 100, 1,000 and 10,000 distinct documents
(benchmarks/corpus.py) built end to end by the build's own steps (scripts/build_warehouse.py),
each step timed with the peak memory of its process tree; then one document added to the
largest warehouse and the build run again; then the PDF set (benchmarks/bench_pdf.py). The
floor is measured in the same run: reading and decoding the same bytes. Writes
bench/results.json and bench/results.md, and says where a target is missed. Asserts nothing.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks import bench_pdf
from benchmarks.corpus import Corpus
from benchmarks.measure import run_measured

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench"
TARGETS = {"end_to_end_10000_s": 120, "peak_memory_gib": 2, "linearity": 11, "add_one_s": 20, "pdf_pages_per_core_s": 30}


def _build_script():
    spec = importlib.util.spec_from_file_location("build_warehouse", ROOT / "scripts" / "build_warehouse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _floor(corpus: Path) -> float:
    """Seconds to read and decode every file of the corpus: what no loader can beat."""
    start = time.perf_counter()
    for path in sorted(corpus.iterdir()):
        path.read_bytes().decode("utf-8")
    return time.perf_counter() - start


def _build(work: Path, corpus: Path) -> dict:
    timings = work / "timings.json"
    script = _build_script()
    stages = script.stages(
        corpus, work / "raw", work / "warehouse.duckdb", work / "report", work / "validation",
        ["--profiles-dir", str(ROOT), "--project-dir", str(ROOT), "--target-path", str(work / "target"),
         "--log-path", str(work / "logs")],
        timings,
    )
    steps = {}
    for name, step in stages:
        args, env = step()
        seconds, peak = run_measured(args, env, cwd=ROOT)
        if name != "warehouse":
            steps[name] = {"seconds": round(seconds, 2), "peak_rss_mib": round(peak / 2**20)}
            continue
        # One process runs dbt build, the checks and the findings models (scripts/warehouse_steps.py)
        # and times each; its start (the interpreter, the copy of the published warehouse an
        # incremental build starts from) counts in dbt's. A step's peak is the process's peak
        # resident memory by the end of that step; the tree's, sampled, is the largest.
        inner = json.loads(timings.read_text(encoding="utf-8"))
        inner["dbt build"]["seconds"] = round(seconds - inner["checks"]["seconds"] - inner["findings"]["seconds"], 2)
        inner["findings"]["peak_rss_mib"] = max(inner["findings"]["peak_rss_mib"], round(peak / 2**20))
        steps.update(inner)
    script.publish(work / "warehouse.duckdb")  # as make build publishes it
    return steps


def measure_size(count: int, corpus_maker: Corpus, work: Path, add_one: bool) -> dict:
    corpus = work / "corpus"
    size = corpus_maker.write(count, corpus)
    floor = _floor(corpus)
    steps = _build(work, corpus)
    total = sum(s["seconds"] for s in steps.values())
    load = steps["load"]["seconds"]
    result = {
        "documents": count,
        "megabytes": round(size / 1e6, 1),
        "steps": steps,
        "end_to_end_s": round(total, 2),
        "peak_rss_mib": max(s["peak_rss_mib"] for s in steps.values()),
        "load_documents_per_s": round(count / load, 1),
        "load_mb_per_s": round(size / 1e6 / load, 2),
        "floor_read_decode_s": round(floor, 3),
        "floor_documents_per_s": round(count / floor, 1),
        "load_to_floor_ratio": round(load / floor, 1),
    }
    if add_one:
        corpus_maker.write(1, corpus, start=count)
        again = _build(work, corpus)
        result["add_one"] = {"steps": again, "end_to_end_s": round(sum(s["seconds"] for s in again.values()), 2)}
    return result


def _markdown(results: dict) -> str:
    out = [
        f"Measured {results['date']} on {results['machine']} ({results['cores']} cores), `make bench`.",
        "",
        "| documents | MB | load s | docs/s | MB/s | dbt build s | checks s | findings s | end to end s | peak MiB "
        "| load / floor |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in results["sizes"]:
        s = r["steps"]
        out.append(
            f"| {r['documents']:,} | {r['megabytes']} | {s['load']['seconds']} | {r['load_documents_per_s']} "
            f"| {r['load_mb_per_s']} "
            f"| {s['dbt build']['seconds']} | {s['checks']['seconds']} | {s['findings']['seconds']} | {r['end_to_end_s']} "
            f"| {r['peak_rss_mib']} | {r['load_to_floor_ratio']}x |"
        )
    largest = results["sizes"][-1]
    if "add_one" in largest:
        steps = ", ".join(f"{k} {v['seconds']} s" for k, v in largest["add_one"]["steps"].items())
        out += ["", f"One document added to the {largest['documents']:,}-document warehouse, rebuilt: "
                f"{largest['add_one']['end_to_end_s']} s ({steps})."]
    if results.get("pdf"):
        p = results["pdf"]
        out += ["", f"PDF ({p['files']} real PDFs, {p['pages']} pages): loader {p['loader_pages_per_s']} pages/s per core; "
                f"floor pdfplumber extract_text {p['pdfplumber_pages_per_s']} pages/s, "
                f"pypdfium2 {p['pdfium_pages_per_s']} pages/s; "
                f"OCR {p['ocr_pages_per_s']} pages/s."]
    out += ["", "Targets:"] + [f"- {line}" for line in results["verdicts"]]
    return "\n".join(out) + "\n"


def _verdicts(results: dict) -> list[str]:
    by_size = {r["documents"]: r for r in results["sizes"]}
    lines = []
    if 10000 in by_size:
        r = by_size[10000]
        lines.append(f"10,000 documents end to end in {r['end_to_end_s']} s (target {TARGETS['end_to_end_10000_s']} s): "
                     + ("met" if r["end_to_end_s"] <= TARGETS["end_to_end_10000_s"] else "MISSED"))
        lines.append(f"peak memory {r['peak_rss_mib']} MiB (target {TARGETS['peak_memory_gib']} GiB): "
                     + ("met" if r["peak_rss_mib"] <= TARGETS["peak_memory_gib"] * 1024 else "MISSED"))
        if 1000 in by_size:
            ratio = r["end_to_end_s"] / by_size[1000]["end_to_end_s"]
            lines.append(f"10,000 / 1,000 documents: {ratio:.1f}x the time (target at most {TARGETS['linearity']}x): "
                         + ("met" if ratio <= TARGETS["linearity"] else "MISSED"))
        if "add_one" in r:
            seconds = r["add_one"]["end_to_end_s"]
            lines.append(f"one document added and rebuilt in {seconds} s (target {TARGETS['add_one_s']} s): "
                         + ("met" if seconds <= TARGETS["add_one_s"] else "MISSED"))
    if results.get("pdf"):
        rate = results["pdf"]["loader_pages_per_s"]
        lines.append(f"PDF {rate} pages/s per core (target {TARGETS['pdf_pages_per_core_s']}): "
                     + ("met" if rate >= TARGETS["pdf_pages_per_core_s"] else "MISSED"))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--no-pdf", action="store_true", help="skip the PDF set")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    corpus_maker = Corpus()
    results = {
        "date": time.strftime("%Y-%m-%d"), "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
        "cores": len(os.sched_getaffinity(0)), "sizes": [],
    }
    for count in sizes:
        work = Path(tempfile.mkdtemp(prefix=f"bench-{count}-"))
        try:
            result = measure_size(count, corpus_maker, work, add_one=count == max(sizes))
        finally:
            shutil.rmtree(work, ignore_errors=True)
        results["sizes"].append(result)
        print(json.dumps({k: v for k, v in result.items() if k != "steps"}, ensure_ascii=False), flush=True)
    if not args.no_pdf:
        results["pdf"] = bench_pdf.measure(rounds=1, ocr_pages=5)
    results["verdicts"] = _verdicts(results)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (args.out / "results.md").write_text(_markdown(results), encoding="utf-8")
    print(_markdown(results))


if __name__ == "__main__":
    main()
