"""`make` names an unsupported Python before pip runs (scripts/check_python.py)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "check_python.py"


def _run_as(version: tuple[int, int, int]) -> subprocess.CompletedProcess:
    pretend = (
        "import runpy, sys; "
        f"sys.version_info = {version + ('final', 0)!r}; sys.version = '{'.'.join(map(str, version))} (pretend)'; "
        f"runpy.run_path({str(SCRIPT)!r}, run_name='__main__')"
    )
    return subprocess.run([sys.executable, "-c", pretend], capture_output=True, text=True, check=False)


def test_the_supported_python_passes_silently():
    result = subprocess.run([sys.executable, str(SCRIPT)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stdout == result.stderr == ""


def test_a_python_outside_the_range_is_named_with_what_to_do():
    for version in [(3, 10, 14), (3, 13, 1)]:
        result = _run_as(version)
        assert result.returncode == 1
        assert f"Python {'.'.join(map(str, version))}" in result.stderr
        assert ">= 3.11, < 3.12" in result.stderr and "PYTHON=python3.11" in result.stderr
