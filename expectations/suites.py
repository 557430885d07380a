"""Great Expectations suites over the check frames.

Two suites per family of rules (hierarchy, row arithmetic, summary tables, …), validated
with the pandas datasource: GE 1.24's SQL datasource over duckdb-engine fails every
expectation with MetricResolutionError, so frames are read from DuckDB first.
- ``<family>`` fails when a document contradicts itself or cannot be trusted:
    excess_over_tolerance <= 0   differences beyond rounding
    is_violation in {False}      presence rules (a missing table, an unparsed amount …)
- ``<family>__rounding`` records every other difference:
    abs_difference <= 0
The unexpected rows of these expectations are the findings. GE reports how many there are
(result format SUMMARY: a complete list of unexpected rows made GE's own bookkeeping, not the
checks, most of the cost of a large warehouse); the rows are then selected by the same
condition, written beside each expectation, and their count must equal GE's.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd
from great_expectations.data_context.types.base import ProgressBarsConfig

# Per suite, per finding: the expectation, and the rows it does not expect (the same condition).
SUITES = {
    "": {
        "beyond_rounding": (
            lambda: gxe.ExpectColumnValuesToBeBetween(column="excess_over_tolerance", max_value=0),
            lambda frame: frame["excess_over_tolerance"] > 0,
        ),
        "violation": (
            lambda: gxe.ExpectColumnValuesToBeInSet(column="is_violation", value_set=[False]),
            lambda frame: frame["is_violation"] == True,  # noqa: E712 (a column of booleans, compared per row)
        ),
    },
    "__rounding": {
        "any_difference": (
            lambda: gxe.ExpectColumnValuesToBeBetween(column="abs_difference", max_value=0),
            lambda frame: frame["abs_difference"] > 0,
        ),
    },
}
_RESULT_FORMAT = {"result_format": "SUMMARY"}


@dataclass
class SuiteOutcome:
    suite: str  # the rule family
    success: bool  # no contradiction and no violation (rounding differences do not fail it)
    unexpected: dict[str, set[int]]  # expectation name -> check ids


def validate(frames: dict[str, pd.DataFrame], context_root: Path) -> list[SuiteOutcome]:
    """Validate each suite's frame; returns the outcomes (GE keeps its results under gx/)."""
    # The results and Data Docs of earlier builds describe warehouses that no longer exist;
    # kept, they would pile up in the report folder (about 0.8 MB a build).
    for stale in ("validations", "data_docs"):
        shutil.rmtree(context_root / "gx" / "uncommitted" / stale, ignore_errors=True)
    context = gx.get_context(mode="file", project_root_dir=str(context_root))
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    source = context.data_sources.add_or_update_pandas("disclosure_checks")
    outcomes = []
    for family, frame in sorted(frames.items()):
        asset = source.add_dataframe_asset(name=family)
        batch = asset.add_batch_definition_whole_dataframe(f"{family}_all")
        unexpected: dict[str, set[int]] = {}
        success = True
        for suffix, expectations in SUITES.items():
            suite = gx.ExpectationSuite(name=f"{family}{suffix}")
            for name, (make, _) in expectations.items():
                expectation = make()
                expectation.meta = {"finding": name}
                suite.add_expectation(expectation)
            suite = context.suites.add_or_update(suite)
            definition = context.validation_definitions.add_or_update(
                gx.ValidationDefinition(name=f"{family}{suffix}_validation", data=batch, suite=suite)
            )
            result = definition.run(batch_parameters={"dataframe": frame}, result_format=_RESULT_FORMAT)
            for expectation_result in result.results:
                name = expectation_result.expectation_config.meta["finding"]
                rows = frame.loc[expectations[name][1](frame), "check_id"]
                counted = expectation_result.result.get("unexpected_count", 0)
                if len(rows) != counted:  # the condition written here is not the expectation's
                    raise RuntimeError(f"{family}{suffix} {name}: GE found {counted} unexpected rows, the findings {len(rows)}")
                unexpected[name] = set(rows)
            if not suffix:
                success = bool(result.success)
        outcomes.append(SuiteOutcome(family, success, unexpected))
    # No Data Docs: GE's pages load Bootstrap, jQuery and Vega from CDNs and are blank offline.
    # The report links each finding to its evidence instead; the results stay under gx/.
    return outcomes
