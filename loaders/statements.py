"""Statements of the prose that compare figures in words, for the wording checks:

- a change against last year: "<subject> 1,979.95 万元，比上年增加 132.76 万元，增长 7.18%";
  its figures are this year's amount (the first amount of the sentence, or of the sentence
  before when the comparison opens its own), the change and the percentage, with the words
  that give each its direction;
- an execution: "<subject> 年初预算为 135.90 万元，支出决算为 135.25 万元，完成年初预算的
  99.52%。决算数小于预算数的主要原因…": the budget, the final, the rate and the relation
  word, read up to the next execution statement of the paragraph.

The prose is read as one text per paragraph (lines joined: a PDF wraps a sentence over
lines, even inside a figure), so a statement is found whatever the line breaks. The words
are data (catalogue/wording.toml); the checks (suite `wording`) hold the words to the figures.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import Decimal

from loaders.catalogue import Wording
from loaders.text import fits

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_AMOUNT = re.compile(rf"(?P<value>{_NUM})(?P<unit>万元|元)")
_SENTENCE_END = "。；;！!？?\n"
_ITEM = re.compile(r"(?:^|[。；;：:\n])(?:\d{1,2}|[一二三四五六七八九十]+)\s*[、．.]")
# A heading (一、… （二）…) is a paragraph of its own: never part of a statement's subject.
_HEADING = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])")
# A short line without a sentence's punctuation that ends as a section title does (…编制说明).
_TITLE_LINE = re.compile(r"^[^，。；,;：:]{2,30}(说明|情况|概况)$")
_SPACES = re.compile(r"\s+")
_BETWEEN_DIGITS = re.compile(r"(?<=\d)\s+(?=\d)")
# A statement's text and subject as stored: enough to read it by, never a whole page.
_TEXT_LIMIT = 240
_SUBJECT_LIMIT = 60
# How far after its figures an execution statement's rate and relation word may stand.
_TAIL_LIMIT = 240
_SUBJECT_TRIM = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[）)]|\d{1,2}\s*[、．.]|其中[:：]|\d{4}年度?[，,]|[，,：:、])+")
_LIST_MARKER = re.compile(r"(?<![\d.])(?:\d{1,2}|[一二三四五六七八九十]+)\s*[、．.](?!\d)")
_SUBJECT_TAIL = re.compile(r"(?:为|是|达到?|共计|合计)$")
# Where a clause starts: what is printed before an amount back to here is its subject.
_CLAUSE_END = "，,。；;：:、\n"
# A functional class named as such: 一般公共服务支出（类）, 一般公共服务（类）支出.
_CLASS_MARK = re.compile(r"[（(]类[）)]")
_YEAR = re.compile(r"(\d{4})年")
# 占 99.79%, right after its amount (万元，占 …%); 占本年支出合计的 … names its base and is not this.
_SHARE = re.compile(rf"(?:(?<=万元)|(?<=元))[，,]?占(?P<percent>{_NUM})%")
_INLINE_HEADING = re.compile(r"[；;。][一二三四五六七八九十]+、")
_NOT_A_SUBJECT = re.compile(r"^(主要|其中|具体|原因)")
_TO_WAN = {"万元": Decimal(1), "元": Decimal(10000)}


@dataclass(frozen=True)
class _Patterns:
    change: re.Pattern
    percent_only: re.Pattern
    previous_amount: re.Pattern
    budget_final: re.Pattern
    rate: re.Pattern
    relation: re.Pattern
    execution: re.Pattern
    figures: tuple[tuple[re.Pattern, str], ...]
    sign: dict[str, int]
    relation_of: dict[str, str]


_COMPILED: dict[int, tuple[Wording, _Patterns]] = {}


def _patterns(wording: Wording) -> _Patterns:
    """The compiled patterns of a wording catalogue (once per process; the catalogue is kept
    beside them so its id is never reused)."""
    if id(wording) not in _COMPILED:
        _COMPILED[id(wording)] = (wording, _compile(wording))
    return _COMPILED[id(wording)][1]


def _compile(wording: Wording) -> _Patterns:
    phrase = wording.phrases
    # Longest first: 基本持平 before 持平, 增加 before 增.
    directions = "|".join(re.escape(d.word) for d in sorted(wording.direction, key=lambda d: -len(d.word)))
    relations = "|".join(re.escape(r.word) for r in sorted(wording.relation, key=lambda r: -len(r.word)))
    change = re.compile(
        rf"{phrase['compared_with']}(?P<previous>{phrase['previous_year']})(?:相比)?[，,]?(?P<between>[^，,。；;\n\d]{{0,20}}?)"
        rf"(?P<change_word>{directions})(?P<change>{_NUM})(?P<change_unit>万元|元)"
        rf"(?:[，,](?P<percent_word>{directions})(?P<percent>{_NUM})%)?"
    )
    # 比 2025 年预算执行数增加 0.97%: a percentage with no amount of change, the previous
    # year's amount stated before it (2025 年当年预算执行数为 2,149.45 万元).
    percent_only = re.compile(
        rf"{phrase['compared_with']}(?P<previous>{phrase['previous_year']})(?:相比)?[，,]?(?P<between>[^，,。；;\n\d]{{0,20}}?)"
        rf"(?P<percent_word>{directions})(?P<percent>{_NUM})%"
    )
    previous_amount = re.compile(
        rf"(?:{phrase['previous_year']}|当年|预算|执行数)*(?:为|是)(?P<value>{_NUM})(?P<unit>万元|元)"
    )
    budget_final = re.compile(
        rf"{phrase['budget']}(?P<budget>{_NUM})(?P<budget_unit>万元|元)[，,]?"
        rf"{phrase['final']}(?P<final>{_NUM})(?P<final_unit>万元|元)"
    )
    rate = re.compile(rf"{phrase['rate']}(?P<rate>{_NUM})%")
    relation = re.compile(
        rf"{phrase['final_word']}(?:(?P<word>{relations}){phrase['budget_word']}"
        rf"|与{phrase['budget_word']}(?P<word2>{relations}))"
    )
    return _Patterns(
        change, percent_only, previous_amount, budget_final, rate, relation, re.compile(phrase["previous_execution"]),
        tuple((re.compile(f.pattern), f.figure) for f in wording.figure),
        {d.word: d.sign for d in wording.direction}, {r.word: r.relation for r in wording.relation},
    )


_UNIT_FIRST = re.compile(r"^(万元|元|%)")
_FIGURES_ONLY = re.compile(rf"^(?:(?:{_NUM})%?\s+)*(?:{_NUM})%?$")


def figures_only(text: str) -> bool:
    """True for a line that prints figures and nothing else (12.50 3.40%)."""
    return bool(_FIGURES_ONLY.match(text.strip()))


def _figures_in_place(lines: list[dict]) -> list[dict]:
    """A text layer that prints a sentence's figures on a line of their own, below the words,
    leaves a space where each stood ("支出总计减少 万元，下降 。" over "56.95 1.87%"): the
    figures go back into the spaces, in order, where the counts agree; otherwise both lines
    stay as printed."""
    out: list[dict] = []
    for line in lines:
        text = line["line_text"].strip()
        previous = out[-1] if out else None
        if previous is not None and _FIGURES_ONLY.match(text) and line["source_line"] == previous["source_line"] + 1:
            figures = text.split()
            gaps = re.split(r"\s+", previous["line_text"].strip())
            # A line opening with a unit lost the figure before it too (…支出决算为 / 万元。).
            if _UNIT_FIRST.match(gaps[0]):
                gaps.insert(0, "")
            if len(gaps) == len(figures) + 1 and not _FIGURES_ONLY.match(previous["line_text"].strip()):
                filled = gaps[0] + "".join(f + g for f, g in zip(figures, gaps[1:], strict=True))
                out[-1] = {**previous, "line_text": filled}
                continue
        out.append(line)
    return out


class _Prose:
    """A document's prose as one text (spaces removed, a paragraph break as a newline),
    each character traceable to the line it was printed on."""

    def __init__(self, lines: list[dict]):
        parts: list[str] = []
        self.starts: list[int] = []
        self.numbers: list[int] = []
        offset, previous, section, after_heading = 0, None, object(), False
        for line in _figures_in_place(lines):
            # Two figures printed apart stay apart (a bar is never part of a number).
            text = _SPACES.sub("", _BETWEEN_DIGITS.sub("|", line["line_text"]))
            # A paragraph ends where lines stop following each other (a table between) or
            # a new section opens: no statement reads across.
            heading = bool(_HEADING.match(text) or _TITLE_LINE.match(text))
            if previous is not None and (
                line["source_line"] - previous > 2 or line["section_title"] != section or heading or after_heading
            ):
                parts.append("\n")
                offset += 1
            parts.append(text)
            self.starts.append(offset)
            self.numbers.append(line["source_line"])
            offset += len(text)
            previous, section, after_heading = line["source_line"], line["section_title"], heading
        self.text = "".join(parts)

    def line_at(self, offset: int) -> int:
        return self.numbers[max(bisect.bisect_right(self.starts, offset) - 1, 0)]

    def sentence_start(self, offset: int) -> int:
        return max(self.text.rfind(c, 0, offset) for c in _SENTENCE_END) + 1

    def sentence_end(self, offset: int) -> int:
        ends = [i for i in (self.text.find(c, offset) for c in _SENTENCE_END) if i >= 0]
        return min(ends, default=len(self.text))


def _wan(value: str, unit: str) -> Decimal:
    return Decimal(value.replace(",", "")) / _TO_WAN[unit]


def _subject(text: str) -> str | None:
    # What follows the last list marker (主要原因是1.基本支出 names 基本支出).
    text = _LIST_MARKER.split(text)[-1]
    subject = _SUBJECT_TAIL.sub("", _SUBJECT_TRIM.sub("", text)).strip("，,：:。 ")
    return subject[-_SUBJECT_LIMIT:] or None


def _year(text: str) -> int | None:
    """The year a comparison names (比 2024 年预算), if it names one (比上年 does not)."""
    found = _YEAR.search(text)
    return int(found[1]) if found else None


def _figure(patterns: _Patterns, subject: str | None) -> str | None:
    """The headline figure a subject names (catalogue/wording.toml [[figure]]), if any."""
    if subject:
        for pattern, figure in patterns.figures:
            if pattern.search(subject):
                return figure
    return None


def _changes(prose: _Prose, patterns: _Patterns) -> list[dict]:
    statements, last_end = [], -1
    for match in patterns.change.finditer(prose.text):
        start = prose.sentence_start(match.start())
        segment_start = max(start, last_end)
        last_end = match.end()
        amount = _AMOUNT.search(prose.text, segment_start, match.start())
        if amount is None and not prose.text[segment_start:match.start()].strip("，,、“”\"") and start > 0:
            # The comparison opens its sentence: this year's figure is the previous one's
            # (收入支出总计 2,995.39 万元。与上年相比，收入支出总计减少 …), within the paragraph.
            if prose.text[start - 1] != "\n":
                segment_start = prose.sentence_start(start - 1)
                amount = _AMOUNT.search(prose.text, segment_start, start)
        if amount is None:
            continue
        subject = _subject(prose.text[segment_start:amount.start()]) or _subject(match["between"] or "")
        sign, percent_word = patterns.sign, match["percent_word"]
        statements.append({
            "offset": match.start("change_word"),
            "spans": [(amount.start(), amount.end()), match.span()],
            "statement_kind": "change",
            "statement_subject": subject,
            "statement_figure": _figure(patterns, subject) or _figure(patterns, match["between"]),
            # 比 2024 年预算执行数: last year's final accounts, not its budget.
            "compared_kind": "final_accounts" if patterns.execution.search(match["previous"]) else None,
            "compared_year": _year(match["previous"]),
            "statement_text": prose.text[start:prose.sentence_end(match.end())],
            "stated_amount": _wan(amount["value"], amount["unit"]),
            "change_amount": _wan(match["change"], match["change_unit"]),
            "change_word": match["change_word"],
            "change_sign": sign[match["change_word"]],
            "percent_value": Decimal(match["percent"]) if match["percent"] else None,
            "percent_word": percent_word,
            "percent_sign": sign[percent_word] if percent_word else None,
        })
    return statements


def _item_heading(prose: _Prose, before: int) -> str | None:
    """The heading of the numbered item a statement stands in (6、公共安全支出（204类）…（99项）
    3845.49万元。主要用于…), up to its first figure or full stop; None outside a numbered item."""
    items = list(_ITEM.finditer(prose.text, max(0, before - _TAIL_LIMIT), before))
    if not items:
        return None
    heading = items[-1].end()
    ends = [prose.sentence_end(heading)] + [m.start() for m in [_AMOUNT.search(prose.text, heading, before)] if m]
    return _subject(prose.text[heading:min(ends)])


def _percent_changes(prose: _Prose, patterns: _Patterns) -> list[dict]:
    """A change stated as a percentage only, the previous year's amount named before this
    year's in its sentence: 2025 年当年预算执行数为 2,149.45 万元，2026 年预算安排 2,170.39 万元，
    比 2025 年预算执行数增加 0.97%."""
    statements = []
    for match in patterns.percent_only.finditer(prose.text):
        start = prose.sentence_start(match.start())
        previous = None
        for found in patterns.previous_amount.finditer(prose.text, start, match.start()):
            # the previous year's amount: the one named with a year (为 after 2025年…执行数)
            if _YEAR.search(prose.text[max(start, found.start() - 16):found.start("value")]) or "上年" in found[0]:
                previous = found
        if previous is None:
            continue
        current = None
        for found in _AMOUNT.finditer(prose.text, previous.end(), match.start()):
            current = found
        if current is None:
            continue
        subject = _item_heading(prose, start) or _subject(prose.text[previous.end():current.start()])
        sign = patterns.sign
        statements.append({
            "offset": match.start("percent_word"),
            "spans": [(start, match.end())],
            "statement_kind": "change",
            "statement_subject": subject,
            "statement_figure": _figure(patterns, subject),
            "compared_kind": "final_accounts" if patterns.execution.search(match["previous"]) else None,
            "compared_year": _year(match["previous"]),
            "statement_text": prose.text[start:prose.sentence_end(match.end())],
            "stated_amount": _wan(current["value"], current["unit"]),
            "previous_amount": _wan(previous["value"], previous["unit"]),
            "percent_value": Decimal(match["percent"]),
            "percent_word": match["percent_word"],
            "percent_sign": sign[match["percent_word"]],
        })
    return statements


def _shares(prose: _Prose, taken: list[tuple[int, int]]) -> list[dict]:
    """A share stated with its amount (其中：财政拨款收入 2,940.05 万元，占 99.79%): its base is the
    first amount of the sentence up to its full stop (the total its 其中 parts are of). A share
    that names its base (占本年支出合计的 100%) or whose amount is that first one is not read."""
    statements = []
    for match in _SHARE.finditer(prose.text):
        if any(start <= match.start() < end for start, end in taken):
            continue
        start = max(prose.text.rfind(c, 0, match.start()) for c in "。\n") + 1
        # A heading run into the line (…占 0.21% ；三、支出决算情况说明 本年支出合计 …) opens a new total.
        headings = list(_INLINE_HEADING.finditer(prose.text, start, match.start()))
        start = headings[-1].end() if headings else start
        amounts = list(_AMOUNT.finditer(prose.text, start, match.start()))
        if len(amounts) < 2 or amounts[-1].start() == amounts[0].start():
            continue
        base, part = amounts[0], amounts[-1]
        clause = max(prose.text.rfind(c, 0, part.start()) for c in _CLAUSE_END) + 1
        statements.append({
            "offset": match.start(),
            "statement_kind": "share",
            "statement_subject": _subject(prose.text[clause:part.start()]),
            "statement_text": prose.text[start:prose.sentence_end(match.end())],
            "stated_amount": _wan(part["value"], part["unit"]),
            "base_amount": _wan(base["value"], base["unit"]),
            "percent_value": Decimal(match["percent"]),
        })
    return statements


def _executions(prose: _Prose, patterns: _Patterns, relation_of: dict[str, str]) -> list[dict]:
    matches = list(patterns.budget_final.finditer(prose.text))
    statements = []
    for index, match in enumerate(matches):
        limit = min(match.end() + _TAIL_LIMIT, matches[index + 1].start() if index + 1 < len(matches) else len(prose.text))
        newline = prose.text.find("\n", match.end(), limit)
        tail = prose.text[match.end():newline if newline >= 0 else limit]
        rate = patterns.rate.search(tail)
        relation = patterns.relation.search(tail)
        start = prose.sentence_start(match.start())
        subject = _subject(prose.text[start:match.start()])
        back = start
        while subject is None and back > 0 and prose.text[back - 1] != "\n" and start - back < _TAIL_LIMIT:
            # 1、一般公共服务支出（类）…（项）。主要用于：…。年初预算为 …: the item's heading names
            # it, the sentence before that is neither a use nor a reason nor a figure.
            back = prose.sentence_start(back - 1)
            sentence = prose.text[back:prose.sentence_end(back)]
            if not _NOT_A_SUBJECT.match(_subject(sentence) or "主要") and not _AMOUNT.search(sentence):
                subject = _subject(sentence)
        word = relation and (relation["word"] or relation["word2"])
        statements.append({
            "offset": match.start(),
            "spans": [match.span()],
            "statement_kind": "execution",
            "statement_subject": subject,
            "statement_figure": _figure(patterns, subject),
            "statement_text": prose.text[start:match.end() + len(tail)],
            "stated_amount": _wan(match["final"], match["final_unit"]),
            "budget_amount": _wan(match["budget"], match["budget_unit"]),
            "percent_value": Decimal(rate["rate"]) if rate else None,
            "relation_word": word or None,
            "relation": relation_of[word] if word else None,
        })
    return statements


def _amounts(prose: _Prose, patterns: _Patterns, classes: dict[str, str], taken: list[tuple[int, int]]) -> list[dict]:
    """Amounts stated for a headline figure or a functional class (一般公共服务支出（类）2,106.66
    万元), outside the change and execution statements: the subject is what the clause prints
    before the amount, and it must name the figure or the class exactly (a 款 or 项 is not a 类)."""
    statements = []
    for amount in _AMOUNT.finditer(prose.text):
        if any(start <= amount.start() < end for start, end in taken):
            continue
        clause = max(prose.text.rfind(c, 0, amount.start()) for c in _CLAUSE_END) + 1
        subject = _subject(prose.text[clause:amount.start()])
        if not subject:
            continue
        name = _CLASS_MARK.sub("", subject)
        code = classes.get(name) if _CLASS_MARK.search(subject) or name.endswith("支出") else None
        figure = f"class:{code}" if code else _figure(patterns, subject)
        if figure:
            statements.append({
                "offset": amount.start(),
                "statement_kind": "amount",
                "statement_subject": subject,
                "statement_figure": figure,
                "statement_text": prose.text[prose.sentence_start(amount.start()):prose.sentence_end(amount.end())],
                "stated_amount": _wan(amount["value"], amount["unit"]),
            })
    return statements


def prose_to_statements(
    lines: list[dict], wording: Wording, classes: dict[str, str] | None = None
) -> tuple[list[dict], list[tuple[int, str]]]:
    """Statements of the prose lines (source_line, line_text, section_title, in order), and
    (line, figure) of each figure too large to store exactly (reported, never rounded).
    ``classes``: functional class names (with and without 支出) -> 3-digit code."""
    prose = _Prose(lines)
    patterns = _patterns(wording)
    found = _changes(prose, patterns) + _percent_changes(prose, patterns) + _executions(prose, patterns, patterns.relation_of)
    taken = [span for statement in found for span in statement.pop("spans")]
    found += _amounts(prose, patterns, classes or {}, taken) + _shares(prose, taken)
    statements, unfit = [], []
    for statement in sorted(found, key=lambda s: s["offset"]):
        line = prose.line_at(statement.pop("offset"))
        amounts = [
            statement.get(k) for k in ("stated_amount", "budget_amount", "change_amount", "previous_amount", "base_amount")
        ]
        too_large = [a for a in amounts if a is not None and not fits(a, 22, 6)]
        percent = statement.get("percent_value")
        if percent is not None and not fits(percent, 20, 4):
            too_large.append(percent)
        if too_large:
            unfit.append((line, str(too_large[0])))
            continue
        statement["statement_text"] = statement["statement_text"][:_TEXT_LIMIT]
        statements.append({"source_line": line, "statement_index": len(statements), **statement})
    return statements, unfit
