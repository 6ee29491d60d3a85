"""The layer rule: core/ is pure Python. Importing every core module with Qt blocked
must work, so the engine runs headless, in worker processes and in batch pipelines."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_PROBE = """
import importlib, pkgutil, sys

class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6" or name.startswith(("PySide6.", "shiboken6")):
            raise ImportError("Qt imported under core/: " + name)
        return None

sys.meta_path.insert(0, BlockQt())
import core
names = [m.name for m in pkgutil.walk_packages(core.__path__, "core.")]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_core_imports_without_qt() -> None:
    proc = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 15


def test_no_qt_in_core_sources() -> None:
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "core").rglob("*.py")
        if "PySide6" in p.read_text(encoding="utf-8") or "shiboken6" in p.read_text(encoding="utf-8")
    ]
    assert not offenders
