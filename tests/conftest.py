from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from loaders.batch import load_batch
from loaders.write import rows_to_frame

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "disclosures"
ZEZHOU = "000_ac1fb7f8169c061b.txt"
WENSHUI = "003_63a314523bd34e89.txt"


@pytest.fixture(scope="session")
def loaded() -> dict[str, pl.DataFrame]:
    """The real pipeline on the two sample disclosures, as frames per dataset."""
    _, datasets = load_batch(sorted(SAMPLES.iterdir()), SAMPLES)
    return {name: rows_to_frame(name, rows) for name, rows in datasets.items()}


def read_raw(root: Path, dataset: str) -> pl.DataFrame:
    """A raw dataset as the loaders published it: every part of it."""
    return pl.read_parquet(root / dataset / "*.parquet")


def of(frame: pl.DataFrame, source_file: str, **equals) -> pl.DataFrame:
    out = frame.filter(pl.col("source_file") == source_file)
    for column, value in equals.items():
        out = out.filter(pl.col(column) == value)
    return out
