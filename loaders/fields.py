"""The field catalogue (`catalogue/fields.toml`): every raw column once, with its type
and meaning, and the columns of each raw dataset. The Parquet schema, the dbt sources and
the generated staging models are all made from it."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path
from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, model_validator

from loaders.catalogue import CATALOGUE_DIR

FieldType = Literal["string", "int32", "int64", "boolean", "list_string", "yuan", "value", "printed", "amount_exact"]

POLARS_TYPES: dict[str, pl.DataType] = {
    "string": pl.String(),
    "int32": pl.Int32(),
    "int64": pl.Int64(),
    "boolean": pl.Boolean(),
    "list_string": pl.List(pl.String),
    "yuan": pl.Decimal(20, 2),
    "value": pl.Decimal(20, 4),
    "printed": pl.Decimal(22, 6),  # as printed: up to 16 integer digits and 6 decimals
    "amount_exact": pl.Decimal(22, 6),  # 万元, exact for 元 printed with cents (元 / 10,000)
}
SQL_TYPES: dict[str, str] = {
    "string": "varchar",
    "int32": "integer",
    "int64": "bigint",
    "boolean": "boolean",
    "list_string": "varchar[]",
    "yuan": "decimal(20,2)",
    "value": "decimal(20,4)",
    "printed": "decimal(22,6)",
    "amount_exact": "decimal(22,6)",
}


class Field(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    type: FieldType
    description: str


class Staging(BaseModel):
    """How the dataset's staging model (models/staging/generated/) types, keys and names its
    columns: the raw columns in catalogue order, each as it is, renamed, trimmed or computed."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str | None = None  # the model's, where it says more than the dataset's
    key: str | None = None  # the row key column, first in the model
    key_columns: tuple[str, ...] = ()  # ... the raw columns it joins with ':'
    key_sql: str | None = None  # ... or the SQL that computes it
    # (index column, dataset it counts): rows of a part (an explanation published apart from its
    # tables) are their document's, numbered after the document's own (macro rows_of_documents)
    owned: tuple[str, str] | None = None
    rename: dict[str, str] = {}
    trim: tuple[str, ...] = ()
    sql: dict[str, str] = {}  # raw column -> the SQL that stages it
    add: dict[str, str] = {}  # a column of the model only (varchar), after the key -> its SQL
    tags: tuple[str, ...] = ()
    # Each row belongs to one document and depends on nothing else: the model is built by
    # document (macros/by_document.sql), a build recomputing only the changed documents.
    by_document: bool = False
    describe: dict[str, str] = {}  # model column -> its description, where the field's does not fit
    tests: dict[str, list] = {}  # model column -> its dbt data tests

    @model_validator(mode="after")
    def _one_key(self) -> Staging:
        if self.key and bool(self.key_columns) == bool(self.key_sql):
            raise ValueError(f"staging key {self.key}: give key_columns or key_sql, not both or neither")
        return self


class Dataset(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    description: str
    fields: tuple[str, ...]
    staging: Staging | None = None


class Fields(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    field: tuple[Field, ...]
    dataset: tuple[Dataset, ...]

    @model_validator(mode="after")
    def _every_column_defined_once(self) -> Fields:
        names = [f.name for f in self.field]
        twice = {n for n in names if names.count(n) > 1}
        if twice:
            raise ValueError(f"fields.toml: defined twice: {sorted(twice)}")
        for dataset in self.dataset:
            unknown = set(dataset.fields) - set(names)
            if unknown:
                raise ValueError(f"fields.toml: dataset {dataset.name} uses undefined fields {sorted(unknown)}")
            staging = dataset.staging
            named = set(staging.rename) | set(staging.trim) | set(staging.sql) | set(staging.key_columns) if staging else set()
            lacking = sorted(named - set(dataset.fields))
            if lacking:
                raise ValueError(f"fields.toml: the staging of {dataset.name} names columns it lacks {lacking}")
        return self

    def by_name(self, name: str) -> Field:
        return next(f for f in self.field if f.name == name)

    def columns(self, dataset: str) -> list[Field]:
        return [self.by_name(n) for n in next(d for d in self.dataset if d.name == dataset).fields]


@cache
def load_fields(path: Path = CATALOGUE_DIR / "fields.toml") -> Fields:
    with path.open("rb") as handle:
        return Fields.model_validate(tomllib.load(handle))


def polars_schema(dataset: str) -> dict[str, pl.DataType]:
    return {f.name: POLARS_TYPES[f.type] for f in load_fields().columns(dataset)}
