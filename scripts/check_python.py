"""Name an unsupported Python before pip runs: the pinned wheels (onnxruntime, duckdb …) are
locked for the range in pyproject.toml, and pip's own failure would name a package, not why."""

import re
import sys
from pathlib import Path

pyproject = (Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8")
spec = re.search(r'requires-python\s*=\s*">=(\d+)\.(\d+),<(\d+)\.(\d+)"', pyproject)
low, high = (int(spec[1]), int(spec[2])), (int(spec[3]), int(spec[4]))
if not low <= sys.version_info[:2] < high:
    sys.exit(
        f"error: {sys.executable} is Python {sys.version.split()[0]}; this project needs Python >= {low[0]}.{low[1]}, "
        f"< {high[0]}.{high[1]} (its dependencies are pinned for it). Install it and run, e.g., "
        f"make build PYTHON=python{low[0]}.{low[1]}"
    )
