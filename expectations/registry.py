"""The rule registry (rules.yml): loaded, validated, and its checks rendered to SQL."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders.catalogue import load_catalogue

RULES_FILE = Path(__file__).with_name("rules.yml")
SEVERITIES = ("error", "warning")
TOLERANCES = ("rounding", "percent", "presence", "printed")
SCOPES = ("document", "warehouse")  # what a document's rows depend on (rules.yml)

_COUNTED = "(select document_id from marts.dim_document)"
# Prose lines of counted documents, a part's lines (an explanation published as its own
# file) under the document it belongs to; evidence_file names the file the line is in.
_PROSE = """(
    select coalesce(d.part_of, p.document_id) as document_id, p.source_file as evidence_file, p.source_line, p.section_title,
           p.line_text, p.doubled_word
    from staging.stg_disclosures__prose_lines as p
    join staging.stg_disclosures__documents as d on d.document_id = p.document_id
    where coalesce(d.part_of, p.document_id) in {counted}
)"""

# Wording statements of counted documents, a part's under the document it belongs to.
_STATEMENTS = """(
    select coalesce(d.part_of, s.document_id) as document_id, s.source_file as evidence_file, s.* exclude (document_id)
    from staging.stg_disclosures__prose_statements as s
    join staging.stg_disclosures__documents as d on d.document_id = s.document_id
    where coalesce(d.part_of, s.document_id) in {counted}
)"""


@dataclass(frozen=True)
class Rule:
    id: str
    suite: str
    description: str
    kinds: tuple[str, ...]  # the table kinds the rule reads; empty: any (or none)
    severity: str
    tolerance: str
    check: str
    scope: str = "document"

    def sql(self, raw_root: Path, documents: str | None = None) -> str:
        """The check's SQL. ``documents``: a query of the ids of the documents to check (the
        changed ones of an incremental build), for a rule of scope document: {counted} holds
        only those, so the rule reads their rows alone, not every document's (each use of
        {counted} selects the documents a row belongs to; a rule that looks at others is of
        scope warehouse)."""
        # The path goes inside a SQL string: a quote in it is doubled, so any directory works.
        root = raw_root.as_posix().replace("'", "''")
        counted = _COUNTED
        if documents is not None and self.scope == "document":
            counted = f"(select document_id from marts.dim_document where document_id in ({documents}))"
        check = self.check.replace("{prose}", _PROSE).replace("{statements}", _STATEMENTS)
        wording = load_catalogue().wording
        check = check.replace("{approx_percent}", str(wording.approx_percent if wording else 0))
        if "{section_names}" in check:
            check = check.replace("{section_names}", _section_names())
        return check.replace("{counted}", counted).replace("{raw_root}", root)


def _quoted(text: str) -> str:
    return text.replace("'", "''")


def _section_names() -> str:
    """The prose lines that name a section of their template (reference.template_sections),
    and whether each is its heading: one query per section, its pattern a constant, since
    DuckDB compiles a regular expression read from a column once per row (a national year
    has tens of millions of prose lines). Reads the CTE `headings` (document_id, template,
    evidence_file, source_line, compact, heading)."""
    selects = [
        f"select document_id, '{_quoted(section.name)}' as section, evidence_file, source_line, "
        f"regexp_full_match(heading, '.{{0,30}}({_quoted(section.pattern)})') as is_heading "
        f"from headings where template = '{_quoted(template.id)}' and regexp_matches(compact, '{_quoted(section.pattern)}')"
        for template in load_catalogue().templates
        for section in template.section
    ]
    return "\n      union all\n      ".join(selects) or (
        "select cast(null as varchar) as document_id, cast(null as varchar) as section, cast(null as varchar) as evidence_file, "
        "cast(null as integer) as source_line, false as is_heading where false"
    )


# Every identity of catalogue/identities.toml is one rule of the suite `identities`: the
# generic dbt model computes it, the suite validates the rows. Its tolerance is "printed":
# the rounding each row's printed terms may carry (tolerance_amount), in 万元.
_IDENTITY_CHECK = """
select document_id, table_number, row_label, source_line, expected_amount, actual_amount, summand_count,
       tolerance_amount
from intermediate.int_identity_checks
where identity_id = '{identity_id}' and document_id in {{counted}}
"""


def identity_rules() -> list[Rule]:
    return [
        Rule(
            i.id, "identities", i.description, tuple(sorted({str(t["table_kind"]) for t in i.terms()})), "warning", "printed",
            _IDENTITY_CHECK.format(identity_id=i.id),
        )
        for i in load_catalogue().identities
    ]


def load_rules(path: Path = RULES_FILE) -> list[Rule]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rules = [
        Rule(
            r["id"], r["suite"], r["description"].strip(), tuple(r["kinds"]), r["severity"], r["tolerance"], r["check"],
            r.get("scope", "document"),
        )
        for r in data["rules"]
    ] + identity_rules()
    ids = [r.id for r in rules]
    if len(ids) != len(set(ids)):
        raise ValueError("rules.yml: duplicate rule id")
    kinds = {k.id for k in load_catalogue().kinds}
    for rule in rules:
        if rule.severity not in SEVERITIES or rule.tolerance not in TOLERANCES or rule.scope not in SCOPES:
            raise ValueError(f"rules.yml: {rule.id} has an unknown severity, tolerance or scope")
        if set(rule.kinds) - kinds:
            raise ValueError(f"rules.yml: {rule.id} names unknown table kinds {sorted(set(rule.kinds) - kinds)}")
    return rules
