"""python -m expectations: run every rule's suite over the warehouse, write the findings
(Parquet under the validation root, dbt's source for fct_data_quality_findings; never into
the loaders' raw layer) and the data-quality report."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import duckdb
import pandas as pd

from expectations.checks import check_table, difference, run_check
from expectations.findings import collect_findings
from expectations.registry import load_rules
from expectations.report import Evidence, write_report
from expectations.scope import Scope, built_by
from expectations.suites import SuiteOutcome, validate
from expectations.wording import Wording
from loaders.write import write_dataset


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m expectations", description=__doc__)
    parser.add_argument("--warehouse", type=Path, default=Path("warehouse.duckdb"))
    parser.add_argument("--raw", type=Path, default=Path("data/raw"), help="raw Parquet root (read by some checks)")
    parser.add_argument(
        "--validation", type=Path, default=Path("data/validation"), help="findings are written here (dbt source validation)"
    )
    parser.add_argument("--report", type=Path, default=Path("reports/data-quality"))
    parser.add_argument("--disclosures", type=Path, help="the input files, so the report links each finding to its file")
    parser.add_argument(
        "--on-go", action="store_true",
        help="wait for a line 'go' on stdin before reading the warehouse (a build starts this process while dbt "
        "still builds, so the imports, GE's above all, are paid meanwhile); stdin closed without it: exit 3, "
        "having done nothing",
    )
    return parser


def build_frames(
    con: duckdb.DuckDBPyConnection, raw: Path, documents: str | None = None
) -> tuple[dict[str, pd.DataFrame], dict]:
    """Every rule run once over the warehouse, into a temporary table per rule; returns per
    suite the frame GE validates (no amounts: what decides a finding) and the rules.
    ``documents``: the documents rules of scope document check (expectations/scope.py)."""
    rules = load_rules()
    per_suite: dict[str, list[pd.DataFrame]] = {}
    for index, rule in enumerate(rules):
        per_suite.setdefault(rule.suite, []).append(run_check(con, rule, raw.resolve(), index, documents))
    frames = {suite: pd.concat(parts, ignore_index=True) for suite, parts in per_suite.items()}
    return frames, {rule.id: rule for rule in rules}


def finding_rows(con: duckdb.DuckDBPyConnection, outcomes: list[SuiteOutcome], rules: dict) -> dict[str, pd.DataFrame]:
    """Per suite, the checked rows GE did not expect, with their amounts and exact difference."""
    out = {}
    for outcome in outcomes:
        ids = sorted(int(i) for i in set().union(*outcome.unexpected.values()))
        con.execute("create or replace temp table wanted as select unnest($ids::bigint[]) as check_id", {"ids": ids})
        parts = []
        for index, rule in enumerate(rules.values()):
            if rule.suite != outcome.suite:
                continue
            # Through Arrow, not .df(): that turns DECIMAL into float64; amounts stay Decimal here.
            query = f"select * from {check_table(index)} semi join wanted using (check_id) order by check_id"
            rows = con.sql(query).to_arrow_table().to_pandas()
            parts.append(difference(rule, rows))
        out[outcome.suite] = pd.concat(parts, ignore_index=True)
    return out


def pages(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, int], int]:
    """The PDF page of each printed line that has one, so a finding's evidence opens at its page."""
    rows = con.execute(
        "select document_id, source_line, min(source_page) from staging.stg_disclosures__line_items "
        "where source_page is not null and source_line is not null group by all"
    ).fetchall()
    return {(document, line): page for document, line, page in rows}


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.on_go and sys.stdin.readline().strip() != "go":
        return 3  # the build stopped before the checks (dbt failed)
    if not args.warehouse.is_file():
        print(f"error: no warehouse at {args.warehouse}; run make build", file=sys.stderr)
        return 2
    with duckdb.connect(str(args.warehouse), read_only=True) as con:
        # The checked rows live in temporary tables: bounded, they spill. Less than dbt's 1 GB
        # (profiles.yml): the build's dbt process (about 300 MB once its DuckDB is closed) waits
        # beside this one, and GE's frames come on top (a build's peak is 2 GiB at most).
        con.execute("set memory_limit = '768MB'")
        documents = con.sql(
            "select document_id, source_file, county_name, department_name, org_name, fiscal_year, document_kind, status "
            "from staging.stg_disclosures__documents order by source_file"
        ).df()
        wording = Wording.of(con)
        evidence = Evidence(args.disclosures.resolve() if args.disclosures else None, pages(con))
        scope = Scope.of(con)
        code_version = built_by(con)
        print(f"checks: {scope}", flush=True)
        frames, rules = build_frames(con, args.raw, scope.documents)
        outcomes = validate(frames, args.report.resolve())
        del frames  # GE's frames: a few million rows at 10,000 documents
        unexpected = finding_rows(con, outcomes, rules)
        kept = scope.kept_findings(con, rules)
    # The connection, its temporary tables and its memory are gone before the findings are built.
    findings = collect_findings(unexpected, outcomes, rules, documents, kept)
    del unexpected, kept
    write_dataset(findings, args.validation / "data_quality_findings.parquet")
    write_report(findings, list(rules.values()), documents.to_dict("records"), args.report, wording, evidence, code_version)
    counts = findings["severity"].value_counts().sort("severity").rows()
    print(
        f"{findings.height} findings ({', '.join(f'{n} {s}' for s, n in counts) or 'none'}); report: {args.report / 'index.html'}"
    )
    return 0
