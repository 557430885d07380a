"""The catalogue is validated at start-up, and what is generated from it is up to date."""

from __future__ import annotations

import csv
import shutil
import sys

import pytest
from pydantic import ValidationError

from loaders.catalogue import CATALOGUE_DIR, load_catalogue
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
from generate_from_catalogue import generated_files  # noqa: E402


def test_generated_files_are_up_to_date():
    stale = [path.relative_to(ROOT) for path, text in generated_files().items() if path.read_text(encoding="utf-8") != text]
    assert stale == [], "run `make generate` and commit the result"


def test_a_template_naming_an_unknown_kind_fails_at_start_up(tmp_path):
    shutil.copytree(CATALOGUE_DIR, tmp_path / "catalogue")
    bad = tmp_path / "catalogue" / "templates" / "broken.toml"
    bad.write_text(
        'id = "broken"\ndescription = "x"\ndocument_kind = "budget"\nunit = "元"\n'
        '[[table]]\nkind = "no_such_kind"\ntitles = ["某表"]\n',
        encoding="utf-8",
    )
    with pytest.raises(ValidationError, match="unknown kind 'no_such_kind'"):
        load_catalogue.__wrapped__(tmp_path / "catalogue")


def test_a_pattern_that_does_not_compile_fails_at_start_up(tmp_path):
    shutil.copytree(CATALOGUE_DIR, tmp_path / "catalogue")
    path = tmp_path / "catalogue" / "templates" / "shanghai_district.toml"
    path.write_text(path.read_text(encoding="utf-8").replace("财务收支预算总表", "财务收支(预算总表"), encoding="utf-8")
    with pytest.raises(ValidationError, match="does not compile"):
        load_catalogue.__wrapped__(tmp_path / "catalogue")


@pytest.mark.parametrize("seed", ["document_total_sources", "narrative_figure_sources"])
def test_figure_sources_name_only_catalogued_kinds_keys_and_measures(seed):
    catalogue = load_catalogue()
    kinds = {k.id for k in catalogue.kinds}
    measures = {m.id for m in catalogue.measures} | {m.id for t in catalogue.templates for m in t.measure}
    keys = {lb.key for lb in catalogue.labels} | {lb.key for t in catalogue.templates for lb in t.label}
    with (ROOT / "seeds" / f"{seed}.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows
    for row in rows:
        assert row["table_kind"] in kinds, row
        assert row["measure"] in measures, row
        assert row["line_key"] in keys or row["line_key"].split(":")[0] in ("subject", "econ"), row
