"""Findings -> reports/data-quality/index.html (for people) and summary.md (for CI logs)."""

from __future__ import annotations

import html
import os
from collections import Counter
from pathlib import Path

import polars as pl

from expectations.registry import Rule

_STYLE = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.3em .6em;font-size:.9em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.error{color:#b00020;font-weight:bold}.warning{color:#b35c00;font-weight:bold}.rounding{color:#666}td.num{text-align:right}"""
SEVERITIES = ("error", "warning", "rounding")


def _e(value) -> str:
    return "" if value is None else html.escape(str(value))


def _md(value) -> str:
    """A value from a document, safe in a Markdown table cell or list item: HTML escaped (a
    name may hold <script>), a pipe escaped (it would split the cell), line breaks as spaces."""
    text = _e(value).replace("|", "\\|")
    return " ".join(text.split())


def _dash(value) -> str:
    return "—" if value is None else str(value)


def _counts(findings: pl.DataFrame, key: str) -> dict[str, Counter]:
    out: dict[str, Counter] = {}
    for value, severity, count in findings.group_by(key, "severity").len().iter_rows():
        out.setdefault(value or "", Counter())[severity] += count
    return out


def write_report(findings: pl.DataFrame, rules: list[Rule], documents: list[dict], out_dir: Path, data_docs: str | None) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "index.html").write_text(_html(findings, rules, documents, out_dir, data_docs), encoding="utf-8")
    (out_dir / "summary.md").write_text(_markdown(findings, rules, documents), encoding="utf-8")


def _doc_rows(findings, documents):
    per_doc = _counts(findings, "source_file")
    for doc in documents:
        counts = per_doc.get(doc["source_file"], Counter())
        yield doc, counts


def _html(findings, rules, documents, out_dir, data_docs) -> str:
    parts = [
        f"<!doctype html><meta charset='utf-8'><title>Data quality</title><style>{_STYLE}</style>",
        "<h1>Data quality of the budget disclosures</h1>",
        f"<p>{len(documents)} documents, {len(rules)} rules, {findings.height} findings "
        + ", ".join(f"<span class='{s}'>{(findings['severity'] == s).sum()} {s}</span>" for s in SEVERITIES)
        + ". Severity: <b>error</b> the warehouse cannot be trusted for that document; <b>warning</b> the document "
        "contradicts itself beyond rounding; <b>rounding</b> a difference within 0.005 万元 per summand.</p>",
    ]
    if data_docs:
        target = data_docs.removeprefix("file://")
        link = os.path.relpath(target, out_dir) if os.path.isabs(target) else target
        parts.append(f"<p>Great Expectations Data Docs (suites and validation results): <a href='{_e(link)}'>{_e(link)}</a></p>")
    parts.append(
        "<h2>By document</h2><table><tr><th>file</th><th>county</th><th>department</th><th>year</th>"
        "<th>status</th><th>error</th><th>warning</th><th>rounding</th></tr>"
    )
    for doc, counts in _doc_rows(findings, documents):
        parts.append(
            f"<tr><td><a href='#{_e(doc['source_file'])}'>{_e(doc['source_file'])}</a></td><td>{_e(doc['county_name'])}</td>"
            f"<td>{_e(doc['department_name'])}</td><td>{_e(doc['fiscal_year'])}</td><td>{_e(doc['status'])}</td>"
            + "".join(f"<td class='num {s}'>{counts[s] or ''}</td>" for s in SEVERITIES)
            + "</tr>"
        )
    parts.append(
        "</table><h2>By rule</h2><table><tr><th>rule</th><th>suite</th><th>tables</th><th>description</th>"
        "<th>error</th><th>warning</th><th>rounding</th></tr>"
    )
    per_rule = _counts(findings, "rule_id")
    for rule in rules:
        counts = per_rule.get(rule.id, Counter())
        parts.append(
            f"<tr><td>{_e(rule.id)}</td><td>{_e(rule.suite)}</td><td>{_e(', '.join(map(str, rule.tables)))}</td>"
            f"<td>{_e(rule.description)}</td>"
            + "".join(f"<td class='num {s}'>{counts[s] or ''}</td>" for s in SEVERITIES)
            + "</tr>"
        )
    parts.append("</table><h2>Findings</h2>")
    # Split once, not filtered per document: that would cost documents x findings.
    empty = findings.clear()
    by_file = {key[0]: part for key, part in findings.partition_by("source_file", as_dict=True).items()}
    for doc in documents:
        rows = by_file.get(doc["source_file"], empty)
        parts.append(
            f"<h3 id='{_e(doc['source_file'])}'>{_e(doc['source_file'])} {_e(doc['county_name'])} "
            f"{_e(doc['department_name'])} {_e(doc['fiscal_year'])}</h3>"
        )
        if rows.is_empty():
            parts.append("<p>No findings.</p>")
            continue
        parts.append(
            "<table><tr><th>severity</th><th>rule</th><th>table</th><th>line</th><th>row</th><th>expected</th>"
            "<th>printed</th><th>difference</th><th>message</th></tr>"
        )
        for f in rows.iter_rows(named=True):
            parts.append(
                f"<tr><td class='{f['severity']}'>{f['severity']}</td><td>{_e(f['rule_id'])}</td>"
                f"<td>{_e(f['table_number'])}</td><td>{_e(f['source_line'])}</td><td>{_e(f['row_label'])}</td>"
                f"<td class='num'>{_e(f['expected_amount'])}</td><td class='num'>{_e(f['actual_amount'])}</td>"
                f"<td class='num'>{_e(f['difference_amount'])}</td><td>{_e(f['message'])}</td></tr>"
            )
        parts.append("</table>")
    return "\n".join(parts)


def _markdown(findings, rules, documents) -> str:
    lines = [
        "# Data quality summary",
        "",
        f"{len(documents)} documents, {len(rules)} rules, {findings.height} findings.",
        "",
        "| file | county | department | year | status | error | warning | rounding |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for doc, counts in _doc_rows(findings, documents):
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
    lines += ["", "Errors and warnings:", ""]
    for f in findings.filter(pl.col("severity") != "rounding").iter_rows(named=True):
        lines.append(
            f"- {f['severity']} {_md(f['rule_id'])} {_md(f['source_file'])} table {_md(f['table_number'])} "
            f"line {_md(f['source_line'])}: {_md(f['row_label'])} (expected {f['expected_amount']}, printed {f['actual_amount']})"
        )
    return "\n".join(lines) + "\n"
