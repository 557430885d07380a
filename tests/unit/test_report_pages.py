"""A document's report page is written again only when what it is made of changed: its
findings, its document row, the code that built the warehouse; a page of a document gone is
removed. A kept page is the page a fresh report writes."""

from __future__ import annotations

from decimal import Decimal as D

import polars as pl

from expectations.report import PAGES, write_report

DOCUMENTS = [
    {"document_id": f"d{n}", "source_file": f"{n}.txt", "county_name": "某县", "department_name": "财政局",
     "org_name": None, "fiscal_year": 2026, "document_kind": "budget", "status": "loaded"}
    for n in (1, 2)
]


def _findings(message_of_d1: str) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "finding_id": ["f1", "f2", "f3"], "document_id": ["d1", "d2", "d2"], "source_file": ["1.txt", "2.txt", "2.txt"],
            "severity": ["warning", "rounding", "warning"], "rule_id": ["R1", "R1", "R2"], "table_number": [1, 2, 3],
            "source_line": [10, 20, 30], "row_label": ["合计", "合计", "小计"],
            "expected_amount": [D("1.00"), D("2.00"), D("3.00")], "actual_amount": [D("1.50"), D("2.01"), D("4.00")],
            "difference_amount": [D("0.50"), D("0.01"), D("1.00")], "message": [message_of_d1, "b", "c"],
        }
    )


def _page(out, document_id: str) -> str:
    return (out / PAGES / f"{document_id}.html").read_text(encoding="utf-8")


def test_only_the_page_whose_findings_changed_is_written_again(tmp_path):
    out = tmp_path / "report"
    write_report(_findings("first"), [], DOCUMENTS, out, built_by="v1")
    kept = _page(out, "d2")
    (out / PAGES / "d2.html").write_text("marker", encoding="utf-8")  # seen again only if not rewritten

    write_report(_findings("second"), [], DOCUMENTS, out, built_by="v1")
    assert "second" in _page(out, "d1") and "first" not in _page(out, "d1")
    assert _page(out, "d2") == "marker"

    # Another code version: every page is written again.
    write_report(_findings("second"), [], DOCUMENTS, out, built_by="v2")
    assert _page(out, "d2") == kept

    fresh = tmp_path / "fresh"
    write_report(_findings("second"), [], DOCUMENTS, fresh)
    for document in ("d1", "d2"):
        assert _page(out, document).replace(str(out), "") == _page(fresh, document).replace(str(fresh), "")


def test_a_document_row_that_changed_writes_its_page_and_a_page_of_a_document_gone_is_removed(tmp_path):
    out = tmp_path / "report"
    write_report(_findings("a"), [], DOCUMENTS, out, built_by="v1")
    (out / PAGES / "d2.html").write_text("marker", encoding="utf-8")
    renamed = [DOCUMENTS[0], {**DOCUMENTS[1], "department_name": "教育局"}]
    write_report(_findings("a"), [], renamed, out, built_by="v1")
    assert "教育局" in _page(out, "d2")

    only_d1 = _findings("a").filter(pl.col("document_id") == "d1")
    write_report(only_d1, [], DOCUMENTS[:1], out, built_by="v1")
    assert not (out / PAGES / "d2.html").exists()
    assert (out / PAGES / "d1.html").exists()


def test_the_index_lists_every_error_and_a_rules_first_warnings_and_counts_the_rest(tmp_path, monkeypatch):
    from expectations import report

    monkeypatch.setattr(report, "INDEX_WARNINGS_PER_RULE", 2)
    n = 5
    findings = pl.DataFrame(
        {
            "finding_id": [f"f{i}" for i in range(3 * n)], "document_id": ["d1"] * (3 * n),
            "source_file": ["1.txt"] * (3 * n),
            "severity": ["error"] * n + ["warning"] * (2 * n), "rule_id": ["E1"] * n + ["W1"] * n + ["W2"] * n,
            "table_number": [1] * (3 * n), "source_line": list(range(3 * n)), "row_label": ["合计"] * (3 * n),
            "expected_amount": [D("1.00")] * (3 * n), "actual_amount": [D("2.00")] * (3 * n),
            "difference_amount": [D("1.00")] * (3 * n), "message": [f"m{i}" for i in range(3 * n)],
        }
    )
    out = tmp_path / "report"
    write_report(findings, [], DOCUMENTS, out)
    index = (out / "index.html").read_text(encoding="utf-8")
    attention = index.split("id='attention'", 1)[1].split("id='documents'", 1)[0]
    assert f"Errors and warnings ({3 * n})" in index
    assert all(f"<td>m{i}</td>" in attention for i in range(n))  # every error
    assert [i for i in range(n, 3 * n) if f"<td>m{i}</td>" in attention] == [n, n + 1, 2 * n, 2 * n + 1]
    assert "W1 3 more, W2 3 more" in attention
    # Every finding is still on its document's page.
    page = _page(out, "d1")
    assert all(f"<td>m{i}</td>" in page for i in range(3 * n))
