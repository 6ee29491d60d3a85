"""Static checks: ruff over the tree, mypy (typed defs) over core/ and gui/."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _tool(name: str) -> str:
    # The dev requirements install these: a missing tool is a broken set-up, not a skip.
    exe = Path(sys.executable).with_name(name)
    found = str(exe) if exe.exists() else shutil.which(name)
    assert found, f"{name} missing: pip install -r requirements-dev.txt"
    return found


@pytest.mark.slow  # a cold mypy run: ~11 s
def test_mypy_core(tmp_path: Path) -> None:
    proc = subprocess.run([_tool("mypy"), "--cache-dir", str(tmp_path), "core"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]


@pytest.mark.slow  # a cold mypy run over PySide6's stubs: ~30 s
def test_mypy_gui(tmp_path: Path) -> None:
    """The Qt layer is typed too (PySide6 ships stubs): same settings as core."""
    proc = subprocess.run([_tool("mypy"), "--cache-dir", str(tmp_path), "gui"], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:]


def test_ruff() -> None:
    proc = subprocess.run([_tool("ruff"), "check", "--no-cache", "core", "gui", "tests", "main.py", "scripts",
                           "build_spec"], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert proc.returncode == 0, proc.stdout[-3000:]
