"""Column types of every raw dataset, so an empty dataset still has its schema and the
same quantity has the same type everywhere. Made from catalogue/fields.toml."""

from __future__ import annotations

import polars as pl

from loaders.fields import load_fields, polars_schema

# The loaders write every dataset but data_quality_findings (written by the expectations).
SCHEMAS: dict[str, dict[str, pl.DataType]] = {
    d.name: polars_schema(d.name) for d in load_fields().dataset if d.name != "data_quality_findings"
}
