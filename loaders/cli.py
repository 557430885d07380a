"""python -m loaders INPUT_DIR --out RAW_DIR"""

from __future__ import annotations

import argparse
import errno
import os
import sys
from collections import Counter
from pathlib import Path

from tqdm import tqdm

from loaders.batch import scan, skipped_load
from loaders.hashes import FileHashes, record_path
from loaders.inputs import list_inputs
from loaders.publish import publish_raw
from loaders.raw import write_raw


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m loaders",
        description="Load budget disclosures (PDF, XLSX/XLS, DOCX, text) into raw Parquet.",
        epilog="Reads every regular file below INPUT_DIR, and links to regular files inside it. Hidden files and "
        "directories, links to outside INPUT_DIR, dangling links, links to directories, directories that cannot be "
        "entered and non-regular files (FIFOs, devices) are not read: each is printed and recorded as a document "
        "with status skipped. An INPUT_DIR with no file to load is an error (exit 2).",
    )
    parser.add_argument("input_dir", type=Path, help="directory of disclosure text files")
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("data/raw"),
        help="raw Parquet root (default: data/raw): a link to the batch's version in OUT.versions/, switched when complete",
    )
    parser.add_argument(
        "--jobs", type=int, default=len(os.sched_getaffinity(0)),
        help="worker processes (default: every core); the output is the same for any number",
    )
    parser.add_argument(
        "--cluster", metavar="ADDRESS",
        help="parse on a Dask cluster: its scheduler's address (tcp://host:8786), or 'local' for a local cluster of "
        "--jobs worker processes; every worker must see INPUT_DIR and OUT at the same paths (a shared file system)",
    )
    parser.add_argument(
        "--rehash", action="store_true",
        help="read and hash every file, even one whose size and times are those of the last load (FULL=1 does)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar or summary")
    return parser


def _why(exc: Exception) -> str:
    # polars reports a full disk as "parquet: File out of specification: … (os error 28)".
    if getattr(exc, "errno", None) == errno.ENOSPC or f"os error {errno.ENOSPC})" in str(exc):
        return "no space left on device"
    return f"{type(exc).__name__}: {exc}"


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not args.input_dir.is_dir():
        print(f"error: {args.input_dir} is not a directory", file=sys.stderr)
        return 2
    paths, skipped = list_inputs(args.input_dir)
    for source, why in skipped:
        print(f"{source}: not read: {why}", file=sys.stderr)
    if not paths:
        print(f"error: {args.input_dir} holds no file to load", file=sys.stderr)
        return 2
    # The published version: buckets of files it already holds are linked, not parsed again.
    # Files unchanged since the last load are not read to be hashed again (loaders/hashes.py).
    previous = args.out.resolve() if args.out.is_symlink() and args.out.is_dir() else None
    hashes = FileHashes.fresh() if args.rehash else FileHashes.of(record_path(args.out))
    sources, failed = scan(paths, args.input_dir.resolve(), hashes)
    others = [*failed, *(skipped_load(source, why) for source, why in skipped)]
    summaries: list = []
    stats: dict[str, int] = {}

    def write(directory: Path) -> None:
        result, counts = write_raw(directory, sources, others, previous, args.jobs, progress=bar.update, cluster=args.cluster)
        summaries.extend(result)
        stats.update(counts)

    try:
        # disable=None: the bar shows on a terminal only, never as thousands of lines in a log.
        with tqdm(total=len(sources), unit="doc", disable=True if args.quiet else None, file=sys.stderr) as bar:
            publish_raw(args.out, write)
    except Exception as exc:  # the disk or a dead worker, not a document: nothing of this batch is published
        print(f"error: the raw datasets could not be written under {args.out}: {_why(exc)}; "
              "the published raw is unchanged", file=sys.stderr)
        return 1
    try:
        hashes.save(record_path(args.out))
    except OSError as exc:  # the load is published; the next one only reads every file again
        print(f"warning: {record_path(args.out)} not written ({_why(exc)}): the next load hashes every file",
              file=sys.stderr)
    if not args.quiet:
        print(f"parsed {stats['parsed_files']} files in {stats['parsed_buckets']} buckets; {stats['reused_buckets']} buckets "
              "unchanged since the last load were reused; "
              f"{hashes.read} of {len(sources)} files read to be hashed (the others unchanged since the last load)",
              file=sys.stderr)
        for summary in sorted(summaries, key=lambda s: s.document["source_file"]):
            doc, rows = summary.document, -summary.quality[3]
            print(
                f"{doc['source_file']}: {doc['status']}, {doc.get('table_count', 0)} tables, {rows} rows, "
                f"{doc.get('error_count', 0)} errors"
                + (f" ({doc.get('org_name')} {doc.get('fiscal_year')}, {doc.get('template')})" if doc.get("org_name") else "")
            )
    statuses, reasons = _tally(summaries, others)
    if not args.quiet:
        print(_closing_total(statuses, reasons), file=sys.stderr)
    if not statuses["loaded"]:
        print(f"error: no file in {args.input_dir} could be read as a disclosure (see above); the warehouse is not rebuilt",
              file=sys.stderr)
        return 2
    return 0


def _tally(summaries: list, others: list) -> tuple[Counter, Counter]:
    """Files by status, and failed files by the error codes that failed them."""
    statuses, reasons = Counter(), Counter()
    for document, codes in [(s.document, s.error_codes) for s in summaries] + [
        (o.document, {e["error_code"] for e in o.rows.get("load_errors", []) if e["severity"] == "error"}) for o in others
    ]:
        statuses[document["status"]] += 1
        if document["status"] == "failed":
            reasons.update(codes or {"failed"})
    return statuses, reasons


def _closing_total(statuses: Counter, reasons: Counter) -> str:
    """`12 files: 10 loaded, 1 failed, 1 duplicate_file; failed: 1 unreadable_file_format`."""
    rest = sorted(status for status in statuses if status not in ("loaded", "failed"))
    text = f"{sum(statuses.values())} files: " + ", ".join(f"{statuses[s]} {s}" for s in ["loaded", "failed", *rest])
    if reasons:
        ranked = sorted(reasons.items(), key=lambda r: (-r[1], r[0]))
        text += "; failed: " + ", ".join(f"{count} {code}" for code, count in ranked)
    return text
