"""Positioned words (OCR boxes, or words of a PDF table printed without rulings) -> lines of
text, table rows among them as TAB cells, the layout a ruled table is read in.

Without rulings, where a column starts is told by the figures: the amounts and codes of a
table's data rows sit in columns of white space no data word crosses, whatever their width or
alignment. So the columns of a block of rows are the x-intervals covered by its data words
(merged where they overlap), a data word goes to the column it lies in, and a header word to
the leftmost column it covers (a header over two columns is a merged cell, printed in its
first, as pdfplumber prints a merged cell). An empty cell is a TAB with nothing before it,
so a figure keeps its column even when its neighbours are blank; text by bare spaces cannot.

A line that is not part of such a block (a title, prose, the 单位 line) stays a line of
words joined by spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A data word: an amount or a classification code, as printed (thousands separators,
# a sign, a dash for nothing).
_FIGURE = re.compile(r"^[-−]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[-—–]$")
# Header cells name columns; a word with a colon is a caption (编制部门：…, 单位：元), not a header.
_CAPTION = re.compile(r"[:：]")
_LEADER = re.compile(r"…{2,}|\.{4,}|·{4,}")
# A table's title closes the header above it.
_TITLE = re.compile(r"表\s*$")
# A table has at least two data rows, or one that holds this many figures (the one row of
# a 三公 table); anything less is prose that happens to hold a figure.
ONE_ROW_FIGURES = 3
# A header word covers a column when at least this share of the word lies over it.
HEADER_SHARE = 0.25


@dataclass(frozen=True)
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def height(self) -> float:
        return max(self.bottom - self.top, 1.0)


def _lines(words: list[Word]) -> list[list[Word]]:
    """Words -> lines, top to bottom: a word that shares more than half the smaller height
    with the line's first word belongs to it (for words of one size: middles within half a
    height; a figure set in a smaller font a little below its words' baseline still joins
    them); each line left to right."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: w.middle):
        if rows:
            anchor = rows[-1][0]
            shared = min(word.bottom, anchor.bottom) - max(word.top, anchor.top)
            if shared > min(word.height, anchor.height) / 2:
                rows[-1].append(word)
                continue
        rows.append([word])
    return [sorted(row, key=lambda w: w.x0) for row in rows]


def _is_figure(word: Word) -> bool:
    return bool(_FIGURE.match(word.text.replace(" ", "")))


def _is_data(line: list[Word]) -> bool:
    if any(_LEADER.search(w.text) for w in line):  # a line of a table of contents: title …… page
        return False
    return len(line) >= 2 and any(_is_figure(w) for w in line[1:])


def _merged(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """x-intervals, overlapping ones merged, left to right."""
    merged: list[list[float]] = []
    for x0, x1 in sorted(spans):
        if merged and x0 <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    return [(a, b) for a, b in merged]


def _overlap(word: Word, column: tuple[float, float]) -> float:
    return max(0.0, min(word.x1, column[1]) - max(word.x0, column[0]))


def _data_cell(word: Word, columns: list[tuple[float, float]]) -> int:
    return max(range(len(columns)), key=lambda i: _overlap(word, columns[i]))


def _covers(word: Word, column: tuple[float, float]) -> bool:
    narrower = max(min(word.x1 - word.x0, column[1] - column[0]), 1.0)
    return _overlap(word, column) >= HEADER_SHARE * narrower


def _group_cell(word: Word, columns: list[tuple[float, float]]) -> int:
    """A group's name goes to the first column it stands over, as a merged cell prints."""
    covered = [i for i, column in enumerate(columns) if _covers(word, column)]
    if covered:
        return covered[0]
    return min(range(len(columns)), key=lambda i: _centre_distance(word, columns[i]))


def _groups(headers: list[list[Word]]) -> dict[int, list[Word]]:
    """The header words that name a group of columns (本年收入 over 项目|预算数), each with
    the words under it. A word names a group when it stands over a word below it, or when
    it is centred over two or more words of a line below that are nearer to it than to any
    other word of its line (a centred group name may stand over none of them)."""
    groups: dict[int, list[Word]] = {}
    for index, line in enumerate(headers):
        for lower in headers[index + 1 :]:
            children: dict[int, list[Word]] = {}
            for child in lower:
                parent = min(line, key=lambda w, c=child: abs((w.x0 + w.x1) / 2 - (c.x0 + c.x1) / 2))
                children.setdefault(id(parent), []).append(child)
            for word in line:
                mine = children.get(id(word), [])
                covered = [w for w in lower if _covers(w, (word.x0, word.x1))]
                if len(mine) >= 2 and word.x0 <= (mine[0].x0 + mine[-1].x1) / 2 <= word.x1:
                    groups.setdefault(id(word), []).extend(mine)
                elif covered:
                    groups.setdefault(id(word), []).extend(covered)
    return groups


def _leaves(headers: list[list[Word]], groups: dict[int, list[Word]]) -> list[Word]:
    """Header words that name single columns."""
    return [word for line in headers for word in line if id(word) not in groups]


def _centre_distance(word: Word, column: tuple[float, float]) -> float:
    return abs((word.x0 + word.x1) / 2 - (column[0] + column[1]) / 2)


def _header_columns(
    columns: list[tuple[float, float]], headers: list[list[Word]], groups: dict[int, list[Word]]
) -> tuple[list[tuple[float, float]], dict[int, int]]:
    """The columns with those only a header tells of, and the column of each column name.

    Each data column claims the names over it, or, when its figures are too short to reach
    under a centred name, the nearest free name between its neighbours. A name left
    unclaimed is a column no data row fills (政府性基金预算 of a department without such
    funds): a column of its own."""
    leaves = _leaves(headers, groups)
    claims: dict[int, tuple[float, float]] = {}
    for word in leaves:
        overlaps = [c for c in columns if _overlap(word, c) > 0]
        if overlaps:
            claims[id(word)] = max(overlaps, key=lambda c: _overlap(word, c))
    for index, column in enumerate(columns):
        if any(claim == column for claim in claims.values()):
            continue
        left = columns[index - 1][1] if index else float("-inf")
        right = columns[index + 1][0] if index + 1 < len(columns) else float("inf")
        free = [w for w in leaves if id(w) not in claims and left <= (w.x0 + w.x1) / 2 <= right]
        if free:
            claims[id(min(free, key=lambda w: _centre_distance(w, column)))] = column
    empty = _merged([(w.x0, w.x1) for w in leaves if id(w) not in claims])
    for word in leaves:
        if id(word) not in claims:
            claims[id(word)] = next(span for span in empty if span[0] <= word.x0 and word.x1 <= span[1])
    columns = sorted(columns + empty)
    return columns, {key: columns.index(span) for key, span in claims.items()}


def _cells(line: list[Word], columns: list[tuple[float, float]], place) -> list[str]:
    cells: list[list[str]] = [[] for _ in columns]
    for word in line:
        cells[place(word)].append(word.text.strip())
    return [" ".join(parts) for parts in cells]


def _is_header(line: list[Word], below: list[Word]) -> bool:
    """Whether a line just above a table's header (or data) rows is a header row too: no
    caption (编制部门：…, 单位：元) and no title (…表); a line of one word (a header
    wrapped inside its cell, a group's name) only when it stands close over the next."""
    if any(_CAPTION.search(w.text) or _TITLE.search(w.text) for w in line):
        return False
    if len(line) >= 2:
        return True
    gap = min(w.top for w in below) - max(w.bottom for w in line)
    return gap < max(w.height for w in line) / 2


def _blocks(lines: list[list[Word]]) -> list[tuple[int, int, int]]:
    """(first, first data, end) of each table block: a run of data rows (single words, such
    as a wrapped label, allowed between two of them) with the header rows just above it."""
    blocks = []
    index = 0
    while index < len(lines):
        if not _is_data(lines[index]):
            index += 1
            continue
        start = index
        end = index + 1
        while end < len(lines):
            if _is_data(lines[end]):
                end += 1
            elif end + 1 < len(lines) and _is_data(lines[end + 1]) and len(lines[end]) == 1:
                end += 2
            else:
                break
        if end - start > 1 or sum(map(_is_figure, lines[start])) >= ONE_ROW_FIGURES:
            first = start
            while first > 0 and _is_header(lines[first - 1], lines[first]) and not (blocks and first - 1 < blocks[-1][2]):
                first -= 1
            blocks.append((first, start, end))
        index = end
    return blocks


def _join_wrapped(headers: list[list[Word]]) -> list[list[Word]]:
    """A header line of one word close under a word it overlaps is the rest of that word's
    cell, wrapped (机关运行经费预算 / 数): it joins the word, as a ruled cell's lines do."""
    lines = [list(line) for line in headers]
    for index in range(len(lines) - 1, 0, -1):
        if len(lines[index]) != 1:
            continue
        tail = lines[index][0]
        for above in reversed(lines[:index]):
            head = next((w for w in above if _overlap(tail, (w.x0, w.x1)) > 0), None)
            if head is not None:
                if tail.top - head.bottom < tail.height / 2:
                    joined = Word(min(head.x0, tail.x0), max(head.x1, tail.x1), head.top, tail.bottom, head.text + tail.text)
                    above[above.index(head)] = joined
                    lines[index] = []
                break
    return [line for line in lines if line]


def _header_rows(
    lines: list[list[Word]], columns: list[tuple[float, float]], named: dict[int, int], groups: dict[int, list[Word]]
) -> list[str]:
    """Header lines -> TAB rows. A group's name goes to the first column of the words under
    it (the first it stands over, when it is alone on its line), as a merged cell prints."""

    def place(word: Word, alone: bool) -> int:
        if id(word) in named:
            return named[id(word)]
        under = [] if alone else [place(w, False) for w in groups.get(id(word), [])]
        return min(under) if under else _group_cell(word, columns)

    rows = []
    for line in lines:
        cells: list[list[str]] = [[] for _ in columns]
        for word in line:
            cells[place(word, len(line) == 1)].append(word.text.strip())
        rows.append("\t".join(" ".join(parts) for parts in cells))
    return rows


def words_to_lines(words: list[Word]) -> list[str]:
    """A page's words -> its lines of text, table rows as TAB cells."""
    return [text for _, text in placed_lines(words)]


def placed_lines(words: list[Word]) -> list[tuple[float, str]]:
    """A page's words -> (top, text) of its lines, table rows as TAB cells."""
    lines = _lines([w for w in words if w.text.strip()])
    out: list[str | None] = [" ".join(w.text.strip() for w in line) for line in lines]
    for first, data, end in _blocks(lines):
        columns = _merged([(w.x0, w.x1) for line in lines[data:end] if _is_data(line) for w in line])
        headers = _join_wrapped(lines[first:data])
        groups = _groups(headers)
        columns, named = _header_columns(columns, headers, groups)
        # Header lines joined into the line above them leave their own line empty.
        header_rows = _header_rows(headers, columns, named, groups)
        out[first:data] = header_rows + [None] * (data - first - len(header_rows))
        data_rows: dict[int, list[str]] = {}
        last = None
        for index in range(data, end):
            cells = _cells(lines[index], columns, lambda w, c=columns: _data_cell(w, c))
            if len(lines[index]) == 1 and last is not None:
                # A label wrapped onto a line of its own belongs to the cell above it, as the
                # second line of a ruled cell does.
                column = next(i for i, text in enumerate(cells) if text)
                data_rows[last][column] += cells[column]
                out[index] = None
                continue
            data_rows[index] = cells
            last = index
        for index, cells in data_rows.items():
            out[index] = "\t".join(cells)
    return [(min(w.top for w in line), text) for line, text in zip(lines, out, strict=True) if text is not None]
