"""Findings -> reports/data-quality/index.html (for people) and summary.md (for CI logs).

The page is read by people who want to know which documents to distrust and why, so it
leads with errors and warnings, says each row in the document's own words (一般公共预算,
工资福利支出, not column names), puts the evidence a click away (the file, at its page for a
PDF) and collapses rounding differences behind a count. Charts are inline SVG: the page
opens offline, from disk, with nothing fetched."""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from expectations.registry import Rule
from expectations.wording import Wording

_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .5em;font-size:.88em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.error{color:#b00020;font-weight:bold}.warning{color:#b35c00;font-weight:bold}.rounding{color:#666}
.badge{display:inline-block;border-radius:.8em;padding:0 .6em;margin-right:.4em;color:#fff;font-size:.85em}
.badge.error{background:#b00020}.badge.warning{background:#b35c00}.badge.rounding{background:#888}
section.doc{border-top:2px solid #ddd;margin-top:1.5em}details{margin:.4em 0}summary{cursor:pointer}
nav a{margin-right:1em}"""
_HEAD = f"<!doctype html><html lang='zh'><meta charset='utf-8'><title>Data quality</title><style>{_STYLE}</style>"
SEVERITIES = ("error", "warning", "rounding")
_COLOURS = {"error": "#b00020", "warning": "#b35c00", "rounding": "#aaaaaa"}
LARGEST = 5
# Warnings of one rule listed on the index, the rest counted there and listed on their
# documents' pages and in summary.md: at 10,000 documents the index would otherwise list
# some 30,000 rows (18 MB), slow to write on every build and to open. Errors: all of them.
INDEX_WARNINGS_PER_RULE = 20


@dataclass
class Evidence:
    """Where a finding's evidence is: the input files' directory (for links) and, for files
    read from PDF, the page of each printed line."""

    disclosures: Path | None = None
    pages: dict[tuple[str, int], int] = field(default_factory=dict)
    _relative: dict[tuple[Path, str], str] = field(default_factory=dict)

    def href(self, out_dir: Path, source_file: str, document_id: str | None = None, line: int | None = None) -> str | None:
        """The file, relative to the page that links it (``out_dir``, resolved), at its page for a PDF."""
        if self.disclosures is None:
            return None
        key = (out_dir, source_file)
        if key not in self._relative:  # once per file and page: a document has dozens of findings
            self._relative[key] = os.path.relpath(self.disclosures / source_file, out_dir)
        page = self.pages.get((document_id, line)) if line is not None else None
        return self._relative[key] + (f"#page={page}" if page and source_file.lower().endswith(".pdf") else "")

    def where(self, document_id: str, table, line) -> str:
        parts = []
        if table is not None:
            parts.append(f"table {table}")
        page = self.pages.get((document_id, line)) if line is not None else None
        if page:
            parts.append(f"page {page}")
        if line is not None:
            parts.append(f"line {line}")
        return ", ".join(parts)


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _md(value) -> str:
    """A value from a document, safe in a Markdown table cell or list item: HTML escaped (a
    name may hold <script>), a pipe escaped (it would split the cell), line breaks as spaces."""
    text = _e(value).replace("|", "\\|")
    return " ".join(text.split())


def _counts(findings: pl.DataFrame, key: str) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for value, severity, count in findings.group_by(key, "severity").len().iter_rows():
        out.setdefault(value or "", Counter())[severity] += count
    return out


def _badges(counts: Counter) -> str:
    shown = [f"<span class='badge {s}'>{counts[s]} {s}</span>" for s in SEVERITIES if counts[s]]
    return "".join(shown) or "<span>no findings</span>"


def _bars(rows: list[tuple[str, Counter]], title: str) -> str:
    """Horizontal bars, one per row, stacked by severity (inline SVG, no script)."""
    if not rows:
        return ""
    top = max(sum(c.values()) for _, c in rows) or 1
    label_w, bar_w, row_h = 190, 420, 20
    height = row_h * len(rows) + 24
    out = [f"<svg role='img' aria-label='{_e(title)}' width='{label_w + bar_w + 60}' height='{height}' "
           f"xmlns='http://www.w3.org/2000/svg' style='font:12px system-ui,sans-serif'><title>{_e(title)}</title>"]
    for i, (label, counts) in enumerate(rows):
        y = 18 + i * row_h
        out.append(f"<text x='0' y='{y + 12}'>{_e(label)}</text>")
        x = label_w
        for severity in SEVERITIES:
            if counts[severity]:
                width = max(1.0, bar_w * counts[severity] / top)
                out.append(f"<rect x='{x:.1f}' y='{y}' width='{width:.1f}' height='{row_h - 6}' fill='{_COLOURS[severity]}'>"
                           f"<title>{counts[severity]} {severity}</title></rect>")
                x += width
        out.append(f"<text x='{x + 4:.1f}' y='{y + 12}'>{sum(counts.values())}</text>")
    legend = " ".join(f"<tspan fill='{_COLOURS[s]}'>■</tspan> {s}" for s in SEVERITIES)
    out.append(f"<text x='0' y='12'>{legend}</text></svg>")
    return "".join(out)


PAGES = "documents"  # one page per document with findings, beside index.html
# How far the checks can be trusted, as measured by make test on real documents.
EVALUATION = Path(__file__).with_name("evaluation.json")


def _trust() -> str:
    """The section stating precision and recall on the planted and the reviewed set."""
    if not EVALUATION.is_file():
        return ""
    e = json.loads(EVALUATION.read_text(encoding="utf-8"))
    planted, published = e["planted"], e["published"]
    return (
        "<h2 id='trust'>How far these checks can be trusted</h2>"
        f"<p>Measured by <code>{_e(e['measured_by'])}</code> on real disclosures, for the rule families "
        f"{_e(', '.join(e['rule_families']))}:</p><ul>"
        f"<li><b>Recall on planted faults</b>: {planted['found_at_their_place']} of {planted['faults']} faults, at least "
        "one per rule, each planted in a copy of a real document (a wrong year, XX局, a doubled word, reversed wording, "
        "a percentage or a figure changed, a change against another year's disclosure, a 三公 overrun, a note copied "
        "from another table, two codes swapped, a comparison with the wrong year, a share, a table removed, a total "
        f"stated as 0), found at the line it was planted on; {planted['false_alarms_beside_them']} other findings above "
        "rounding on those copies.</li>"
        f"<li><b>Precision on documents as published</b>: of {published['findings_above_rounding']} findings above "
        f"rounding on {published['documents']} real documents, {published['in_the_reviewed_set']} are in the reviewed "
        f"set (what a careful reader agrees with, each checked against the PDF: <code>expectations/reviewed.yml</code>), "
        f"which holds {published['reviewed_faults']}.</li></ul>"
        + _identities_trust(e.get("identities"))
        + "<p>The narrative, performance-form and reference rules are proven rule by rule the same way on the Shanxi "
        "sample (<code>tests/integration/test_expectations.py</code>) and checked against a reviewed baseline.</p>"
    )


def _identities_trust(identities: dict | None) -> str:
    if not identities:
        return ""
    return (
        f"<p>The table identities (<code>tests/integration/test_identities.py</code>): {identities['found_at_their_place']} of "
        f"{identities['faults']} printed figures changed in copies of real documents found at their table line and measure; "
        f"{identities['findings_above_rounding_on_the_documents']} findings above rounding on the {identities['documents']} "
        "unchanged documents.</p>"
    )


def _difference_bars(rows: list[dict], wording: Wording) -> str:
    """The largest differences as bars of their size, coloured by severity (inline SVG)."""
    top = max(abs(f["difference_amount"]) for f in rows) or 1
    label_w, bar_w, row_h = 330, 300, 20
    out = [f"<svg role='img' aria-label='largest differences' width='{label_w + bar_w + 90}' height='{row_h * len(rows) + 4}' "
           "xmlns='http://www.w3.org/2000/svg' style='font:12px system-ui,sans-serif'><title>largest differences</title>"]
    for i, f in enumerate(rows):
        y = i * row_h + 2
        width = max(1.0, bar_w * float(abs(f["difference_amount"]) / top))  # drawing only: the figure is printed exact
        label = f"{f['rule_id']} {wording.row(f['row_label'])}"[:48]
        out.append(f"<text x='0' y='{y + 12}'>{_e(label)}</text><rect x='{label_w}' y='{y}' width='{width:.1f}' "
                   f"height='{row_h - 6}' fill='{_COLOURS[f['severity']]}'/><text x='{label_w + width + 4:.1f}' "
                   f"y='{y + 12}'>{_e(f['difference_amount'])}</text>")
    out.append("</svg>")
    return "".join(out)


def write_report(findings: pl.DataFrame, rules: list[Rule], documents: list[dict], out_dir: Path,
                 wording: Wording | None = None, evidence: Evidence | None = None, built_by: str | None = None) -> None:
    """index.html (errors and warnings, documents, rules), a page per document with findings
    under documents/ (so the index stays small at thousands of documents), summary.md.

    ``built_by``: the code version of the build (scripts/build_state.py). With it, a document's
    page whose makings (that code, the places linked to, the document's row and its findings
    in order) are those of the page already there is kept, not written again: most of a
    report's time at thousands of documents, when one of them changed."""
    out_dir = out_dir.resolve()
    pages = out_dir / PAGES
    pages.mkdir(parents=True, exist_ok=True)
    wording, evidence = wording or Wording.of(), evidence or Evidence()
    by_id = {rule.id: rule for rule in rules}
    # Split once, not filtered per document: that would cost documents x findings.
    by_file = {key[0]: part for key, part in findings.partition_by("source_file", as_dict=True).items()}
    made = _page_makings(findings, documents, built_by, out_dir, evidence) if built_by else {}
    written = _read_makings(pages / _MAKINGS)
    wanted: dict[str, str] = {}
    for doc in documents:
        if doc["source_file"] not in by_file:
            continue
        name = f"{doc['document_id']}.html"
        wanted[name] = made.get(doc["source_file"], "")
        if wanted[name] and written.get(name) == wanted[name] and (pages / name).is_file():
            continue
        body = _document_section(doc, by_file[doc["source_file"]].rows(named=True), by_id, pages, wording, evidence)
        (pages / name).write_text(f"{_HEAD}<p><a href='../index.html'>All documents</a></p>{body}", encoding="utf-8")
    for stale in pages.iterdir():  # pages of an earlier build's documents, or of no page at all now
        if stale.name not in wanted and stale.name != _MAKINGS:
            shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    (pages / _MAKINGS).write_text(json.dumps({k: v for k, v in wanted.items() if v}, sort_keys=True), encoding="utf-8")
    (out_dir / "index.html").write_text(_html(findings, rules, documents, out_dir, wording, evidence), encoding="utf-8")
    (out_dir / "summary.md").write_text(_markdown(findings, rules, documents, wording), encoding="utf-8")


_MAKINGS = "pages.json"  # per page written, a digest of what it was made of


def _read_makings(path: Path) -> dict[str, str]:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # none yet, or unreadable: every page is written


def _page_makings(findings: pl.DataFrame, documents: list[dict], built_by: str, out_dir: Path,
                  evidence: Evidence) -> dict[str, str]:
    """Per source file with findings, a digest of everything its page is made of. The rows are
    hashed by polars, in their order (stable within one polars version, which the lock pins
    and the code version covers)."""
    hashes = (
        findings.select(pl.col("source_file"), pl.struct(pl.all()).hash(seed=0).alias("row"))
        .group_by("source_file", maintain_order=True)
        .agg(pl.col("row"))
    )
    rows = dict(zip(hashes["source_file"].to_list(), hashes["row"].to_list(), strict=True))
    base = f"{built_by}\0{out_dir}\0{evidence.disclosures}\0"
    out = {}
    for doc in documents:
        if doc["source_file"] in rows:
            text = base + json.dumps(doc, sort_keys=True, default=str) + json.dumps(rows[doc["source_file"]])
            out[doc["source_file"]] = hashlib.sha256(text.encode()).hexdigest()
    return out


def _finding_rows(rows: list[dict], out_dir: Path, wording: Wording, evidence: Evidence, with_document: bool) -> str:
    head = ("<tr>" + ("<th>document</th>" if with_document else "") + "<th>severity</th><th>rule</th><th>where</th><th>row</th>"
            "<th>expected</th><th>printed</th><th>difference</th><th>message</th></tr>")
    out = ["<table>", head]
    for f in rows:
        where = _e(evidence.where(f["document_id"], f["table_number"], f["source_line"]))
        link = evidence.href(out_dir, f["source_file"], f["document_id"], f["source_line"])
        if link:
            where = f"<a href='{_e(link)}'>{where or 'file'}</a>"
        document = (f"<td><a href='{PAGES}/{_e(f['document_id'])}.html'>{_e(f['source_file'])}</a></td>"
                    if with_document else "")
        out.append(
            f"<tr>{document}<td class='{f['severity']}'>{f['severity']}</td><td>{_e(f['rule_id'])}</td><td>{where}</td>"
            f"<td>{_e(wording.row(f['row_label']))}</td><td class='num'>{_e(f['expected_amount'])}</td>"
            f"<td class='num'>{_e(f['actual_amount'])}</td><td class='num'>{_e(f['difference_amount'])}</td>"
            f"<td>{_e(f['message'])}</td></tr>"
        )
    out.append("</table>")
    return "\n".join(out)


def _document_section(doc: dict, rows: list[dict], rules: dict[str, Rule], out_dir: Path, wording: Wording,
                      evidence: Evidence) -> str:
    """A document's page, from its findings as plain rows: per-document frame operations
    would cost more than the work at ten thousand documents."""
    counts = Counter(f["severity"] for f in rows)
    link = evidence.href(out_dir, doc["source_file"])
    name = f"<a href='{_e(link)}'>{_e(doc['source_file'])}</a>" if link else _e(doc["source_file"])
    title = f"{doc.get('org_name') or doc['department_name'] or ''} {doc['fiscal_year']} {doc.get('document_kind') or ''}"
    parts = [
        f"<section class='doc' id='doc-{_e(doc['document_id'])}'><h3>{_e(title)}</h3>"
        f"<p>{name} · {_e(doc['status'])} · {_badges(counts)}</p>"
    ]
    families: dict[str, Counter] = {}
    for f in rows:
        family = rules[f["rule_id"]].suite if f["rule_id"] in rules else "other"
        families.setdefault(family, Counter())[f["severity"]] += 1
    parts.append(_bars(sorted(families.items()), "findings by rule family"))
    largest = sorted((f for f in rows if f["difference_amount"] is not None), key=lambda f: -abs(f["difference_amount"]))
    if largest:
        parts.append("<h4>Largest differences</h4>" + _difference_bars(largest[:LARGEST], wording)
                     + _finding_rows(largest[:LARGEST], out_dir, wording, evidence, False))
    serious = [f for f in rows if f["severity"] != "rounding"]
    if serious:
        parts.append("<h4>Errors and warnings</h4>" + _finding_rows(serious, out_dir, wording, evidence, False))
    rounding = [f for f in rows if f["severity"] == "rounding"]
    if rounding:
        parts.append(f"<details><summary>{len(rounding)} rounding differences (within half a unit of each printed "
                     f"figure)</summary>{_finding_rows(rounding, out_dir, wording, evidence, False)}</details>")
    parts.append("</section>")
    return "\n".join(parts)


def _html(findings: pl.DataFrame, rules: list[Rule], documents: list[dict], out_dir: Path, wording: Wording,
          evidence: Evidence) -> str:
    totals = Counter(findings["severity"].to_list())
    statuses = Counter(doc["status"] for doc in documents)
    serious = findings.filter(pl.col("severity") != "rounding").sort(
        pl.col("severity").replace_strict({s: i for i, s in enumerate(SEVERITIES)}, default=9), "source_file", "rule_id"
    )
    parts = [
        _HEAD,
        "<h1>Data quality of the budget disclosures</h1>",
        f"<p>{len(documents)} files ({', '.join(f'{n} {s}' for s, n in sorted(statuses.items()))}), {len(rules)} rules: "
        f"{_badges(totals)}</p>",
        "<p>Severity: <b class='error'>error</b> the warehouse cannot be trusted for that document; <b class='warning'>"
        "warning</b> the document contradicts itself beyond rounding; <b class='rounding'>rounding</b> a difference "
        "within half a unit of each printed figure, shown only behind a count.</p>",
        "<nav><a href='#attention'>Errors and warnings</a><a href='#documents'>Documents</a><a href='#rules'>Rules</a>"
        "<a href='#trust'>Trust</a></nav>",
        f"<h2 id='attention'>Errors and warnings ({serious.height})</h2>",
    ]
    listed = serious.filter(
        (pl.col("severity") == "error") | (pl.int_range(pl.len()).over("severity", "rule_id") < INDEX_WARNINGS_PER_RULE)
    )
    parts.append(_finding_rows(listed.rows(named=True), out_dir, wording, evidence, True) if serious.height
                 else "<p>None: every document adds up beyond rounding.</p>")
    if listed.height < serious.height:
        more = serious.filter(pl.col("severity") == "warning").group_by("rule_id").len().filter(
            pl.col("len") > INDEX_WARNINGS_PER_RULE).sort("rule_id")
        parts.append(
            f"<p>Every error is listed; of each rule's warnings, the first {INDEX_WARNINGS_PER_RULE} by file. The other "
            f"{serious.height - listed.height} are on their documents' pages (linked below) and in "
            "<code>summary.md</code>: " + ", ".join(
                f"{_e(rule)} {n - INDEX_WARNINGS_PER_RULE} more" for rule, n in more.iter_rows()) + ".</p>"
        )
    per_doc = _counts(findings, "source_file")
    parts.append("<h2 id='documents'>Documents</h2><table><tr><th>file</th><th>division</th><th>department</th><th>year</th>"
                 "<th>kind</th><th>status</th><th>error</th><th>warning</th><th>rounding</th></tr>")
    for doc in documents:
        counts = per_doc.get(doc["source_file"], Counter())
        name = (f"<a href='{PAGES}/{_e(doc['document_id'])}.html'>{_e(doc['source_file'])}</a>" if counts
                else _e(doc["source_file"]))
        parts.append(
            f"<tr><td>{name}</td><td>{_e(doc['county_name'])}</td><td>{_e(doc['department_name'])}</td>"
            f"<td>{_e(doc['fiscal_year'])}</td><td>{_e(doc.get('document_kind'))}</td><td>{_e(doc['status'])}</td>"
            + "".join(f"<td class='num {s}'>{counts[s] or ''}</td>" for s in SEVERITIES) + "</tr>"
        )
    parts.append("</table>")
    per_rule = _counts(findings, "rule_id")
    families: dict[str, Counter] = {}
    for rule in rules:
        families.setdefault(rule.suite, Counter()).update(per_rule.get(rule.id, Counter()))
    parts.append("<h2 id='rules'>Rules</h2>" + _bars(sorted(families.items()), "findings by rule family, all documents"))
    parts.append("<table><tr><th>rule</th><th>family</th><th>table kinds</th><th>description</th>"
                 "<th>error</th><th>warning</th><th>rounding</th></tr>")
    for rule in rules:
        counts = per_rule.get(rule.id, Counter())
        parts.append(
            f"<tr><td>{_e(rule.id)}</td><td>{_e(rule.suite)}</td><td>{_e(', '.join(rule.kinds))}</td>"
            f"<td>{_e(rule.description)}</td>" + "".join(f"<td class='num {s}'>{counts[s] or ''}</td>" for s in SEVERITIES)
            + "</tr>"
        )
    parts.append("</table><p>The same findings as data: <code>summary.md</code> here, the mart "
                 "<code>marts.fct_data_quality_findings</code>, and the suites' validation results under <code>gx/</code>.</p>")
    parts.append(_trust())
    return "\n".join(parts)


def _markdown(findings: pl.DataFrame, rules: list[Rule], documents: list[dict], wording: Wording | None = None) -> str:
    wording = wording or Wording()
    totals = Counter(findings["severity"].to_list())
    lines = [
        "# Data quality summary",
        "",
        f"{len(documents)} files, {len(rules)} rules, {findings.height} findings: "
        + ", ".join(f"{totals[s]} {s}" for s in SEVERITIES) + ".",
        "",
        "Errors and warnings:",
        "",
    ]
    serious = findings.filter(pl.col("severity") != "rounding")
    for f in serious.iter_rows(named=True):
        lines.append(
            f"- {f['severity']} {_md(f['rule_id'])} {_md(f['source_file'])} table {_md(f['table_number'])} "
            f"line {_md(f['source_line'])}: {_md(wording.row(f['row_label']))} "
            f"(expected {f['expected_amount']}, printed {f['actual_amount']})"
        )
    if not serious.height:
        lines.append("- none")
    lines += ["", "| file | county | department | year | status | error | warning | rounding |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    per_doc = _counts(findings, "source_file")
    for doc in documents:
        counts = per_doc.get(doc["source_file"], Counter())
        lines.append(
            f"| {_md(doc['source_file'])} | {_md(doc['county_name'])} | {_md(doc['department_name'])} | "
            f"{_md(doc['fiscal_year'])} | {_md(doc['status'])} | " + " | ".join(str(counts[s]) for s in SEVERITIES) + " |"
        )
    lines += ["", "| rule | error | warning | rounding |", "| --- | --- | --- | --- |"]
    per_rule = _counts(findings, "rule_id")
    for rule in rules:
        counts = per_rule.get(rule.id, Counter())
        if counts:
            lines.append(f"| {rule.id} | " + " | ".join(str(counts[s]) for s in SEVERITIES) + " |")
    return "\n".join(lines) + "\n"
