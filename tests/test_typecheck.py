"""Static checks: ruff over the tree, mypy (typed defs) over core/ and gui/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str | None:
    exe = Path(sys.executable).with_name(name)
    return str(exe) if exe.exists() else shutil.which(name)


@pytest.mark.skipif(_tool("mypy") is None, reason="mypy not installed")
def test_mypy(tmp_path: Path) -> None:
    # The files are pyproject.toml's [tool.mypy] files: core and gui.
    proc = subprocess.run([_tool("mypy"), "--cache-dir", str(tmp_path)], cwd=ROOT,  # type: ignore[list-item]
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.skipif(_tool("ruff") is None, reason="ruff not installed")
def test_ruff() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "--no-cache", "core", "gui", "tests", "main.py", "scripts",  # type: ignore[list-item]
                           "build_spec"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
