"""python -m loaders INPUT_DIR --out RAW_DIR"""

from __future__ import annotations

import argparse
import errno
import sys
from pathlib import Path

from tqdm import tqdm

from loaders.batch import load_batch
from loaders.inputs import list_inputs
from loaders.publish import publish_raw
from loaders.write import rows_to_frame, write_dataset


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
    with tqdm(total=len(paths), unit="doc", disable=args.quiet, file=sys.stderr) as bar:
        loads, datasets = load_batch(paths, args.input_dir.resolve(), progress=lambda _: bar.update(), skipped=skipped)
    # Frames first: a value that cannot be stored fails here, before anything is written.
    frames = {name: rows_to_frame(name, rows) for name, rows in datasets.items()}
    try:
        publish_raw(args.out, lambda directory: [write_dataset(f, directory / f"{n}.parquet") for n, f in frames.items()])
    except Exception as exc:  # the disk, not a document: nothing of this batch is published
        print(f"error: the raw datasets could not be written under {args.out}: {_why(exc)}; "
              "the published raw is unchanged", file=sys.stderr)
        return 1
    if not args.quiet:
        for load in loads:
            doc = load.document
            rows = sum(len(v) for k, v in load.rows.items() if k != "load_errors")
            print(
                f"{doc['source_file']}: {doc['status']}, {doc.get('table_count', 0)} tables, {rows} rows, "
                f"{doc.get('error_count', 0)} errors"
                + (f" ({doc.get('org_name')} {doc.get('fiscal_year')}, {doc.get('template')})" if doc.get("org_name") else "")
            )
    return 0
