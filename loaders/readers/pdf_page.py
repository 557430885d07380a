"""One PDF page read with pdfium (pypdfium2) into what pdfplumber's table finder works on:
characters and ruling edges, in pdfplumber's coordinates (points from the top-left corner of
the page as displayed, after its /Rotate).

pdfplumber reads a page through pdfminer, a content-stream interpreter in Python: about 14
pages a second on one core here, most of a PDF's load. pdfium interprets the page in C; only
the boxes we need cross into Python. pdfplumber's own pure-Python steps stay: its table
finder (ruling edges -> cells -> tables), its cell text and its word grouping, so a table
reads as it did with pdfplumber. What is computed here mirrors pdfminer's geometry:
- a character's box spans its advance width (pdfium's loose box) and, vertically, one font
  size up from the font's descent, as pdfminer sets it; pdfium's own box spans the font's
  ascent, taller, which would move characters of two fonts on one line apart;
- a path's subpaths become edges between consecutive points (a rectangle its four sides),
  as pdfplumber makes edges of pdfminer's rects, lines and curves; a path neither filled
  nor stroked (a clip) draws nothing and gives none.
"""

from __future__ import annotations

import ctypes
import math

import pypdfium2.raw as pdfium
from pdfplumber.utils import extract_words

# An affine map as PDF writes it, (a, b, c, d, e, f): x' = ax + cy + e, y' = bx + dy + f.
Matrix = tuple[float, float, float, float, float, float]


def _page_matrix(rotation: int, box: tuple[float, float, float, float]) -> Matrix:
    """pdfminer's page matrix for a /Rotate (pdfminer/pdfinterp.py): user space to the page
    as displayed, its lower-left corner at the origin."""
    x0, y0, x1, y1 = box
    return {
        90: (0, -1, 1, 0, -y0, x1),
        180: (-1, 0, 0, -1, x1, y1),
        270: (0, 1, -1, 0, y1, -x0),
    }.get(rotation, (1, 0, 0, 1, -x0, -y0))


_IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


def _times(m: Matrix, n: Matrix) -> Matrix:
    """m then n."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _matrix(raw: pdfium.FS_MATRIX) -> Matrix:
    return (raw.a, raw.b, raw.c, raw.d, raw.e, raw.f)


class PdfiumPage:
    """The parts of a pdfplumber page its TableFinder and Table.extract use: ``bbox``,
    ``chars`` and ``edges``; ``extract_words`` and ``without`` for the prose around tables."""

    def __init__(self, page, textpage) -> None:
        box = tuple(page.get_mediabox())
        rotation = page.get_rotation() % 360
        x0, y0, x1, y1 = box
        width, height = (y1 - y0, x1 - x0) if rotation in (90, 270) else (x1 - x0, y1 - y0)
        self.bbox = (0.0, 0.0, width, height)
        self._height = height
        self._to_page = _page_matrix(rotation, box)
        self.chars = self._chars(textpage)
        self.edges = self._edges(page)

    def _point(self, m: Matrix, x: float, y: float) -> tuple[float, float]:
        """A point through ``m`` (to the displayed page) in pdfplumber's coordinates: x, top."""
        a, b, c, d, e, f = m
        return a * x + c * y + e, self._height - (b * x + d * y + f)

    def _chars(self, textpage) -> list[dict]:
        # The one loop over every character of a document: calls bound once, arithmetic inline.
        raw = textpage.raw
        generated, unicode, loose_box = pdfium.FPDFText_IsGenerated, pdfium.FPDFText_GetUnicode, pdfium.FPDFText_GetLooseCharBox
        char_matrix, font_size = pdfium.FPDFText_GetMatrix, pdfium.FPDFText_GetFontSize
        rect, matrix = pdfium.FS_RECTF(), pdfium.FS_MATRIX()
        a, b, c, d, e, f = self._to_page
        height = self._height
        chars: list[dict] = []
        for index in range(pdfium.FPDFText_CountChars(raw)):
            # Spaces and line ends pdfium makes up between words are not printed: pdfminer has
            # none. (pdfium also puts its own space in place of a printed one, so a printed
            # space is lost: words split by a space alone, no wider than pdfplumber's word
            # tolerance, read as one. Text is compared without spaces downstream.)
            if generated(raw, index):
                continue
            code = unicode(raw, index)
            if not code or not loose_box(raw, index, rect):
                continue
            char_matrix(raw, index, matrix)
            # The character's matrix on the displayed page; upright as pdfminer says it: no
            # shear or turn, not mirrored.
            ma, mb = matrix.a * a + matrix.b * c, matrix.a * b + matrix.b * d
            mc, md = matrix.c * a + matrix.d * c, matrix.c * b + matrix.d * d
            upright = mb == 0 and mc == 0 and ma * md > 0
            x_1, x_2 = a * rect.left + c * rect.top + e, a * rect.right + c * rect.bottom + e
            top_1 = height - (b * rect.left + d * rect.top + f)
            top_2 = height - (b * rect.right + d * rect.bottom + f)
            x0, x1 = (x_1, x_2) if x_1 <= x_2 else (x_2, x_1)
            top, bottom = (top_1, top_2) if top_1 <= top_2 else (top_2, top_1)
            size = font_size(raw, index) * math.sqrt(abs(ma * md - mb * mc))
            if upright:
                top = bottom - size
            chars.append({"object_type": "char", "text": chr(code), "x0": x0, "x1": x1, "top": top,
                          "bottom": bottom, "doctop": top, "upright": upright, "size": size})
        return chars

    def _edges(self, page) -> list[dict]:
        edges: list[dict] = []
        self._walk(pdfium.FPDFPage_CountObjects(page), lambda i: pdfium.FPDFPage_GetObject(page, i),
                   _IDENTITY, edges, depth=0)
        return edges

    def _walk(self, count: int, get, parent: Matrix, edges: list[dict], depth: int) -> None:
        """Edges of the paths among ``count`` objects, into forms (their own matrices) as deep
        as pdfium's own object iteration goes."""
        raw = pdfium.FS_MATRIX()
        for index in range(count):
            obj = get(index)
            kind = pdfium.FPDFPageObj_GetType(obj)
            if kind not in (pdfium.FPDF_PAGEOBJ_PATH, pdfium.FPDF_PAGEOBJ_FORM):
                continue
            pdfium.FPDFPageObj_GetMatrix(obj, raw)
            m = _times(_matrix(raw), parent)
            if kind == pdfium.FPDF_PAGEOBJ_FORM:
                if depth < 15:
                    self._walk(pdfium.FPDFFormObj_CountObjects(obj),
                               lambda i, form=obj: pdfium.FPDFFormObj_GetObject(form, i), m, edges, depth + 1)
                continue
            fill, stroke = ctypes.c_int(), ctypes.c_int()
            pdfium.FPDFPath_GetDrawMode(obj, fill, stroke)
            if fill.value or stroke.value:
                edges.extend(self._path_edges(obj, _times(m, self._to_page)))

    def _path_edges(self, obj, m: Matrix) -> list[dict]:
        """``m``: from the path's space to the displayed page."""
        x, y = ctypes.c_float(), ctypes.c_float()
        subpaths: list[list[tuple[float, float]]] = []
        for index in range(pdfium.FPDFPath_CountSegments(obj)):
            segment = pdfium.FPDFPath_GetPathSegment(obj, index)
            pdfium.FPDFPathSegment_GetPoint(segment, x, y)
            point = self._point(m, x.value, y.value)
            if pdfium.FPDFPathSegment_GetType(segment) == pdfium.FPDF_SEGMENT_MOVETO or not subpaths:
                subpaths.append([point])
            else:
                subpaths[-1].append(point)
            if pdfium.FPDFPathSegment_GetClose(segment):
                subpaths[-1].append(subpaths[-1][0])
        edges = []
        for points in subpaths:
            for (ax, at), (bx, bt) in zip(points, points[1:], strict=False):
                if ax == bx and at != bt:
                    orientation = "v"
                elif at == bt and ax != bx:
                    orientation = "h"
                else:
                    continue  # a slanted or empty step is no ruling
                x0, x1 = sorted((ax, bx))
                top, bottom = sorted((at, bt))
                edges.append({"object_type": "curve_edge", "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                              "doctop": top, "width": x1 - x0, "height": bottom - top, "orientation": orientation})
        return edges

    def extract_words(self, **settings) -> list[dict]:
        return extract_words(self.chars, **settings)

    def without(self, keep) -> PdfiumPage:
        """The page with only the characters ``keep`` accepts (its edges unchanged)."""
        page = object.__new__(PdfiumPage)
        page.__dict__.update(self.__dict__)
        page.chars = [char for char in self.chars if keep(char)]
        return page
