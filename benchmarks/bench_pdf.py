"""PDF throughput: the real PDFs of tests/fixtures/real read end to end by the loader
(pages/s, documents/s), beside the bare libraries' own text extraction of the same files
(the floor: no tables, no templates), and OCR pages/s on an image-only PDF made of some
of their pages. Prints; asserts nothing."""

from __future__ import annotations

import argparse
import io
import time
from pathlib import Path

import pdfplumber
import pypdfium2

from loaders.pipeline import load_document

REAL = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "real"


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _pdfplumber_text(data: bytes) -> None:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            page.extract_text()


def _pdfium_text(data: bytes) -> None:
    document = pypdfium2.PdfDocument(data)
    for page in document:
        page.get_textpage().get_text_range()
    document.close()


def _image_only(data: bytes, pages: int) -> bytes:
    document = pypdfium2.PdfDocument(data)
    images = [document[i].render(scale=3).to_pil().convert("RGB") for i in range(min(pages, len(document)))]
    document.close()
    out = io.BytesIO()
    images[0].save(out, format="PDF", save_all=True, append_images=images[1:], resolution=216)
    return out.getvalue()


def measure(rounds: int, ocr_pages: int) -> dict:
    """Best of ``rounds`` for the loader and each floor; one OCR run. Returns the rates."""
    files = {path.name: path.read_bytes() for path in sorted(REAL.glob("*.pdf"))}
    pages = sum(len(pypdfium2.PdfDocument(data)) for data in files.values())
    result = {"files": len(files), "pages": pages, "megabytes": round(sum(map(len, files.values())) / 1e6, 1)}
    for key, action in (
        ("loader", lambda: [load_document(n, d) for n, d in files.items()]),
        ("pdfplumber", lambda: [_pdfplumber_text(d) for d in files.values()]),
        ("pdfium", lambda: [_pdfium_text(d) for d in files.values()]),
    ):
        best = min(_timed(action) for _ in range(rounds))
        result[f"{key}_s"] = round(best, 2)
        result[f"{key}_pages_per_s"] = round(pages / best, 1)
    # The longest document's first pages, rendered as a scanner would give them.
    source = max(files.values(), key=lambda data: len(pypdfium2.PdfDocument(data)))
    scan = _image_only(source, ocr_pages)
    seconds = _timed(lambda: load_document("scan.pdf", scan))
    result["ocr_pages_per_s"] = round(ocr_pages / seconds, 2)
    return result


def run(rounds: int, ocr_pages: int) -> None:
    r = measure(rounds, ocr_pages)
    print(f"{r['files']} PDFs, {r['pages']} pages, {r['megabytes']} MB; best of {rounds} rounds")
    names = (("loader", "loader (pdfium + pdfplumber tables, templates)"), ("pdfplumber", "floor: pdfplumber extract_text"),
             ("pdfium", "floor: pypdfium2 get_text_range"))
    for key, name in names:
        best = r[f"{key}_s"]
        rates = f"{r[f'{key}_pages_per_s']:6.1f} pages/s  {r['files'] / best:5.2f} docs/s  {best / r['files']:.2f} s/doc"
        print(f"{name:40s} {best:6.2f} s  {rates}")
    print(f"{'OCR (rapidocr, 216 dpi), scanned pages':40s} {r['ocr_pages_per_s']:6.2f} pages/s")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--ocr-pages", type=int, default=10, help="scanned pages to OCR (default 10)")
    args = parser.parse_args()
    run(args.rounds, args.ocr_pages)
