"""Which documents a run of the checks looks at (expectations/scope.py): every one unless the
build that made the warehouse was incremental; then the changed ones, the others keeping the
published findings of the rules of scope document, in their published order."""

from __future__ import annotations

from pathlib import Path

import duckdb

from expectations.registry import Rule
from expectations.scope import Scope


def _rule(rule_id: str, scope: str) -> Rule:
    return Rule(rule_id, "suite", "", (), "warning", "rounding", "select 1", scope)


RULES = {r.id: r for r in (_rule("PER_DOC", "document"), _rule("ACROSS", "warehouse"))}


def _warehouse(path: Path, mode: str | None, findings: bool = True) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(path))
    if mode:
        con.execute("create schema build")
        con.execute(f"create table build.state as select '{mode}' as build_mode")
        con.execute("create table build.changed_documents as select * from (values ('d2')) as t(document_id)")
    if findings:
        con.execute("create schema staging")
        con.execute("""
            create table staging.stg_disclosures__data_quality_findings as
            select * from (values
                ('d1:PER_DOC:10', 'd1', 'PER_DOC'),
                ('d1:PER_DOC:2', 'd1', 'PER_DOC'),
                ('d1:ACROSS:3', 'd1', 'ACROSS'),
                ('d2:PER_DOC:0', 'd2', 'PER_DOC')
            ) as t(finding_id, document_id, rule_id)
        """)
    return con


def test_a_full_build_checks_every_document(tmp_path):
    with _warehouse(tmp_path / "w.duckdb", "full") as con:
        scope = Scope.of(con)
        assert scope.documents is None and scope.kept_findings(con, RULES) is None
        assert str(scope) == "every document"


def test_a_warehouse_without_the_builds_record_is_checked_whole(tmp_path):
    with _warehouse(tmp_path / "w.duckdb", None) as con:
        assert Scope.of(con).documents is None


def test_an_incremental_build_without_published_findings_is_checked_whole(tmp_path):
    with _warehouse(tmp_path / "w.duckdb", "incremental", findings=False) as con:
        assert Scope.of(con).documents is None


def test_an_incremental_build_keeps_the_unchanged_documents_findings_of_rules_of_one_document(tmp_path):
    with _warehouse(tmp_path / "w.duckdb", "incremental") as con:
        scope = Scope.of(con)
        assert scope.changed == 1 and str(scope) == "the 1 changed document (the others' findings kept)"
        kept = scope.kept_findings(con, RULES)
    # d2 changed: its findings are computed again; ACROSS reads other documents: run in full.
    # The kept ones in their published order (by sequence, not as text: 2 before 10).
    assert kept["finding_id"].to_list() == ["d1:PER_DOC:2", "d1:PER_DOC:10"]
