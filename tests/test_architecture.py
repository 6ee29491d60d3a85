"""The layer rule: core/ is pure Python. Importing every core module with Qt blocked
must work, so the engine runs headless, in worker processes and in batch pipelines; and
the import-linter contract in pyproject.toml (which sees imports inside functions too)
must hold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import grimp
import pytest

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
    proc = subprocess.run([sys.executable, "-c", _PROBE], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout.strip()) >= 15


def test_no_qt_in_core_sources() -> None:
    offenders = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "core").rglob("*.py")
        if "PySide6" in p.read_text(encoding="utf-8") or "shiboken6" in p.read_text(encoding="utf-8")
    ]
    assert not offenders


def test_import_linter_contract() -> None:
    # lint-imports from this interpreter's environment, whatever venv runs the tests.
    exe = Path(sys.executable).parent / ("lint-imports.exe" if sys.platform == "win32" else "lint-imports")
    assert exe.is_file(), f"{exe} missing: pip install -r requirements-dev.txt"
    proc = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", errors="replace", timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # The contracts of pyproject.toml: core without Qt, core's layers, independent readers,
    # gui above core. None broken, and none quietly dropped from the file.
    assert "4 kept, 0 broken" in proc.stdout, proc.stdout


def module_cycles(graph: grimp.ImportGraph, package: str) -> list[list[str]]:
    """The circles among the modules of ``package``: every strongly connected set of more
    than one module (each can reach each other), imports inside functions and under
    TYPE_CHECKING included. Iterative Tarjan: the graph is small but recursion is no help."""
    nodes = sorted(m for m in graph.modules if m == package or m.startswith(package + "."))
    succ = {m: sorted(d for d in graph.find_modules_directly_imported_by(m) if d in set(nodes)) for m in nodes}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            if i < len(succ[node]):
                work.append((node, i + 1))
                nxt = succ[node][i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                group = []
                while True:
                    m = stack.pop()
                    on_stack.discard(m)
                    group.append(m)
                    if m == node:
                        break
                if len(group) > 1:
                    cycles.append(sorted(group))
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return cycles


def test_the_cycle_finder_finds_a_circle() -> None:
    g = grimp.ImportGraph()
    for m in ("p", "p.a", "p.b", "p.c", "p.d"):
        g.add_module(m)
    g.add_import(importer="p.a", imported="p.b")
    g.add_import(importer="p.b", imported="p.c")
    g.add_import(importer="p.c", imported="p.a")  # a → b → c → a
    g.add_import(importer="p.d", imported="p.a")
    assert module_cycles(g, "p") == [["p.a", "p.b", "p.c"]]
    g.remove_import(importer="p.c", imported="p.a")
    assert module_cycles(g, "p") == []


def test_no_circle_among_core_modules() -> None:
    """No two core modules import each other, even through others (there were six circles:
    document ↔ pdf ↔ image, rules ↔ review, model ↔ finding_ids, pipeline ↔ runner,
    ocr ↔ ocr_rec). The GUI's circle around main_window is not checked here."""
    graph = grimp.build_graph("core", cache_dir=None)
    assert module_cycles(graph, "core") == []


def test_check_without_a_pdf_writer_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """core.cli cannot print a PDF on its own (that is Qt's): without an injected writer,
    --out x.pdf is a clear message and exit 2, not an import of the window layer."""
    from core.cli import run_check
    from tests.corpus import seed

    out = tmp_path / "sheet.pdf"
    code = run_check([str(seed("003_8892f81a886242bc.txt")), "--quiet", "--jobs", "1", "--out", str(out)])
    assert code == 2
    assert not out.exists()
    assert "PDF" in capsys.readouterr().err


def test_no_code_reaches_outside_the_checkout() -> None:
    """A fresh clone runs every test and script with nothing beside it: no code reads the
    corpus or anything else through ../shared or a machine's absolute path (tests reach the
    corpus through tests/corpus.py)."""
    import re

    outside = re.compile(r"""parents?\[\d\]\s*/\s*["']shared["']|\.parent\s*/\s*["']shared["']|["']/work/|["']/home/\w""")
    offenders = []
    for folder in ("core", "gui", "tests", "scripts", "build_spec"):
        for path in (ROOT / folder).rglob("*.py"):
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if outside.search(line) and "outside = re.compile" not in line:
                    offenders.append(f"{path.relative_to(ROOT).as_posix()}:{n}: {line.strip()}")
    offenders += [f"main.py: {line}" for line in (ROOT / "main.py").read_text(encoding="utf-8").splitlines()
                  if outside.search(line)]
    assert not offenders, "\n".join(offenders)
