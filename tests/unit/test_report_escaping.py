"""summary.md carries names read from documents: they must not break its tables or inject HTML."""

from __future__ import annotations

import polars as pl

from expectations.report import _markdown

HOSTILE = "x|<script>alert(1)</script>\n局"


def test_names_from_documents_are_escaped_in_the_markdown_summary():
    documents = [
        {"source_file": "a|b.txt", "county_name": HOSTILE, "department_name": "财政局", "fiscal_year": 2026, "status": "loaded"}
    ]
    findings = pl.DataFrame(
        {
            "severity": ["warning"], "rule_id": ["r1"], "source_file": ["a|b.txt"], "table_number": [1],
            "source_line": [7], "row_label": [HOSTILE], "expected_amount": ["1.00"], "actual_amount": ["2.00"],
        }
    )
    text = _markdown(findings, [], documents)
    assert "<script>" not in text
    row = next(line for line in text.splitlines() if line.startswith("| a"))
    # Eight cells: the escaped pipes do not split one, the line break did not end the row.
    assert row.replace("\\|", "").count("|") == 9
    assert "x\\|&lt;script&gt;alert(1)&lt;/script&gt; 局" in row
    finding = next(line for line in text.splitlines() if line.startswith("- warning"))
    assert "&lt;script&gt;" in finding and "\n" not in finding
