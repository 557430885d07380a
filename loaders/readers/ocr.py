"""A page without a text layer (a scan) -> lines of text, by OCR.

RapidOCR (rapidocr-onnxruntime) runs the PaddleOCR detection and recognition models on
onnxruntime; the models ship inside the package, so nothing is downloaded at run time. It
reads printed Chinese and figures well at about 200 dpi and needs no GPU.

OCR gives text boxes, not table cells: the boxes are put back into lines, and the lines of a
table into TAB cells by the columns their figures stand in (`positions.py`), so a scanned
table is read by the same TAB reader as a ruled table of a PDF's text layer.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from functools import lru_cache

from loaders.readers.positions import Word, words_to_lines

# Rendering scale for a scanned page (72 dpi × 3 = 216 dpi): at 2× (144 dpi) the models
# misread small figures (99 as 66 in a code column), at 3× they read them as printed.
RENDER_SCALE = 3.0
# A page is rendered no larger than this on its long side, however large its media box
# says it is, so that one odd page cannot take the memory of the batch.
MAX_SIDE_PIXELS = 4000
# Below this recognition score a box that holds a figure is reported: its digits may be wrong.
LOW_CONFIDENCE = 0.9


@dataclass
class OcrPage:
    lines: list[str]
    doubtful: list[str] = field(default_factory=list)  # figures read with a low score
    mean_score: float = 0.0


@lru_cache(maxsize=1)
def _engine():
    # Imported here: onnxruntime and OpenCV take a second to import, and most batches hold
    # no scanned page at all.
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR()


def _word(box, text: str) -> Word:
    xs = [point[0] for point in box]
    ys = [point[1] for point in box]
    return Word(min(xs), max(xs), min(ys), max(ys), text)


def ocr_image(image) -> OcrPage:
    """The text of one page image."""
    # No angle classifier: it turns short boxes such as 0.00 upside down (read 00°0); the pages
    # of a disclosure are printed upright.
    result, _ = _engine()(image, use_cls=False)
    boxes = [(box, text, float(score)) for box, text, score in (result or []) if text.strip()]
    if not boxes:
        return OcrPage([])
    doubtful = [
        f"{text!r} (score {score:.2f})" for _, text, score in boxes if score < LOW_CONFIDENCE and any(c.isdigit() for c in text)
    ]
    lines = words_to_lines([_word(box, text) for box, text, _ in boxes])
    return OcrPage(lines, doubtful, sum(score for *_, score in boxes) / len(boxes))


def render_page(document, index: int):
    """One page of a pypdfium2 document as an image, at the OCR scale, bounded in size."""
    # The page and its bitmap are closed here, by the caller holding pdfium's lock (pdf.py),
    # and the image owns a copy of the pixels: a PIL image over the bitmap's memory would
    # leave its freeing to a finaliser, in whatever thread.
    with contextlib.closing(document[index]) as page:
        width, height = page.get_size()
        scale = min(RENDER_SCALE, MAX_SIDE_PIXELS / max(width, height, 1.0))
        with contextlib.closing(page.render(scale=scale)) as bitmap:
            return bitmap.to_pil().copy()
