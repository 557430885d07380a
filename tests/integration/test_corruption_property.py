"""Property: whatever happens to a disclosure's text, the batch never raises and
every document yields rows or error records."""

from __future__ import annotations

import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders.pipeline import load_document
from tests.conftest import SAMPLES, WENSHUI, ZEZHOU

_TEXTS = {name: (SAMPLES / name).read_text(encoding="utf-8") for name in (ZEZHOU, WENSHUI)}


def _corrupt(text: str, seed: int, kinds: list[str]) -> bytes:
    rng = random.Random(seed)
    lines = text.split("\n")
    encoding = "utf-8"
    for kind in kinds:
        lines = lines or [""]  # a cut may leave nothing, and the next corruption needs a line to pick
        if kind == "cut_lines" and len(lines) > 10:
            start = rng.randrange(len(lines))
            del lines[start : start + rng.randrange(1, 200)]
        elif kind == "truncate":
            lines = lines[: rng.randrange(1, len(lines) + 1)]
        elif kind == "swap_digits":
            for _ in range(20):
                i = rng.randrange(len(lines))
                lines[i] = lines[i].replace(rng.choice("0123456789"), rng.choice("0123456789OIl"), 1)
        elif kind == "drop_cells":
            for _ in range(20):
                i = rng.randrange(len(lines))
                sep = "\t" if "\t" in lines[i] else "|"
                cells = lines[i].split(sep)
                if len(cells) > 2:
                    del cells[rng.randrange(len(cells))]
                    lines[i] = sep.join(cells)
        elif kind == "shuffle_lines":
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "wrong_encoding":
            encoding = rng.choice(["gb18030", "utf-16", "latin-1-bytes"])
    joined = "\n".join(lines)
    if encoding == "latin-1-bytes":
        data = joined.encode("utf-8")
        return bytes(b ^ 0x80 for b in data[:5000]) + data[5000:]
    return joined.encode(encoding)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=st.sampled_from(sorted(_TEXTS)),
    seed=st.integers(0, 10**6),
    kinds=st.lists(
        st.sampled_from(["cut_lines", "truncate", "swap_digits", "drop_cells", "shuffle_lines", "wrong_encoding"]),
        min_size=1,
        max_size=4,
    ),
)
def test_corrupted_text_yields_rows_or_errors_and_never_raises(name, seed, kinds):
    load = load_document(name, _corrupt(_TEXTS[name], seed, kinds))
    rows = sum(len(v) for k, v in load.rows.items() if k != "load_errors")
    errors = len(load.rows.get("load_errors", []))
    assert rows > 0 or errors > 0
    assert load.document["status"] in {"loaded", "failed"}
    if load.document["status"] == "failed":
        assert errors > 0 and load.document["error"]
    for error in load.rows.get("load_errors", []):
        assert error["error_code"] and error["message"]
