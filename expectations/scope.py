"""Which documents a run of the checks looks at: every one, or on an incremental build
(scripts/build_state.py) the changed ones, the others' findings kept from the warehouse the
build started from.

An incremental build's warehouse is a copy of the published one, so it still holds the
published findings (staging.stg_disclosures__data_quality_findings: the findings models run
after the checks). A document that did not change keeps its findings of every rule of scope
document: they depend on its rows alone, and the same code computed them. Rules of scope
warehouse (a figure beside another document's) run over every document each time.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from expectations.registry import Rule

CHANGED = "select document_id from build.changed_documents"
_PUBLISHED = "staging.stg_disclosures__data_quality_findings"

# Every query's result below is fetched whole (fetchall): DuckDB refuses other work on a
# connection whose last result was not read to its end.


def _exists(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> bool:
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?", [schema, table]
        ).fetchall()[0][0]
    )


def built_by(con: duckdb.DuckDBPyConnection) -> str | None:
    """The code version the warehouse is being built by (None: built without the build's record)."""
    if not _exists(con, "build", "state"):
        return None
    return con.execute("select code_version from build.state").fetchall()[0][0]


@dataclass(frozen=True)
class Scope:
    documents: str | None  # a query of the document ids to check; None: every document
    changed: int | None = None  # how many documents that is, on an incremental run

    @classmethod
    def of(cls, con: duckdb.DuckDBPyConnection) -> Scope:
        if not (_exists(con, "build", "state") and _exists(con, "build", "changed_documents")):
            return cls(None)  # a warehouse built without the build's record (dbt run by hand)
        mode = con.execute("select build_mode from build.state").fetchall()[0][0]
        if mode != "incremental" or not _exists(con, "staging", "stg_disclosures__data_quality_findings"):
            return cls(None)
        return cls(CHANGED, con.execute(f"select count(*) from ({CHANGED})").fetchall()[0][0])

    def kept_findings(self, con: duckdb.DuckDBPyConnection, rules: dict[str, Rule]) -> pl.DataFrame | None:
        """The published findings that still hold, in the order they were published."""
        if self.documents is None:
            return None
        kept = sorted(rule.id for rule in rules.values() if rule.scope == "document")
        return con.sql(
            f"select * from {_PUBLISHED} where document_id not in ({self.documents}) and list_contains($rules, rule_id) "
            "order by cast(split_part(finding_id, ':', -1) as bigint)",
            params={"rules": kept},
        ).pl()

    def __str__(self) -> str:
        if self.documents is None:
            return "every document"
        return f"the {self.changed} changed document{'' if self.changed == 1 else 's'} (the others' findings kept)"
