"""This tree against an older revision, measured side by side in one run (issue 18).

    .venv/bin/python scripts/bench.py --against 5ea76f6                  # both measures
    .venv/bin/python scripts/bench.py --against 5ea76f6 --folder 1000 --rounds 3
    .venv/bin/python scripts/bench_against.py 5ea76f6 [f9504d7 …] [--folder N] [--pdfs] [--rounds R]

The old revision is checked out once as a git worktree outside the repository
(``--old-tree``, default ``<repo>/../bench-REV``), using this tree's ``.venv``. Then, for
each round, the same inputs go through both trees in turn (old, new; the next round new,
old), so a shared machine's load falls on both alike; ratios are per round, and the load
average is printed with each measure. What is measured:

* ``--folder N``: ``main.py check FOLDER --json --jobs 2`` on N reports written once by
  ``scripts/gen_corpus.py`` (this tree's), wall time and the CPU time of the process and its
  workers (``RUSAGE_CHILDREN``: on a loaded machine the CPU seconds are the steadier figure);
* ``--pdfs``: 14 PDFs (the real ones in tests/corpus and generated 8-page ones) as one
  ``main.py check --json --jobs 1`` process, against one process running pdfplumber's
  ``extract_tables`` over every page of the same files (tables only, nothing checked).

Figures are printed, never asserted; docs/benchmarks.md records them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.gen_corpus import generate, random_tables, write_report_pdf  # noqa: E402
from tests.corpus import real_files  # noqa: E402

_PLUMBER = """
import sys, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.WARNING)
import pdfplumber
for path in sys.argv[1:]:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            page.extract_tables()
            page.close()
"""


def old_tree(rev: str, where: Path | None) -> Path:
    """A worktree of ``rev`` outside the repository, made once and reused."""
    sha = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", rev], capture_output=True, text=True,
                         encoding="utf-8", check=True).stdout.strip()
    tree = where or ROOT.parent / f"bench-{sha}"
    if not (tree / "main.py").exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), sha], check=True)
    venv = tree / ".venv"
    if not venv.exists():
        venv.symlink_to((ROOT / ".venv").resolve(), target_is_directory=True)
    return tree


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # not on Windows
        return "n/a"


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (this child and its own children), exit status."""
    before = _cpu_children()
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    wall = time.perf_counter() - t
    if proc.returncode not in (0, 1):  # 1: error findings, as expected of mutated reports
        print(f"  {cwd.name}: exit {proc.returncode}: {proc.stderr.strip()[-500:]}")
    return wall, _cpu_children() - before, proc.returncode


def _cpu_children() -> float:
    try:
        import resource

        r = resource.getrusage(resource.RUSAGE_CHILDREN)
        return r.ru_utime + r.ru_stime
    except ImportError:  # Windows: wall time only
        return float("nan")


def _check(tree: Path, paths: list[Path], jobs: int) -> list[str]:
    return [sys.executable, str(tree / "main.py"), "check", *map(str, paths), "--json", "--jobs", str(jobs), "--quiet"]


def compare_folder(olds: dict[str, Path], n: int, rounds: int) -> None:
    """``olds``: revision -> its tree; each is measured beside this tree ("new")."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reports"
        counts = generate(folder, n, pdfs=max(1, n // 100))
        print(f"\n{n} generated reports ({', '.join(f'{k} {v}' for k, v in sorted(counts.items()))}), "
              f"main.py check FOLDER --json --jobs 2")
        trees = {**olds, "new": ROOT}
        walls: dict[str, list[float]] = {name: [] for name in trees}
        cpus: dict[str, list[float]] = {name: [] for name in trees}
        for r in range(rounds):
            order = list(trees) if r % 2 == 0 else list(reversed(trees))
            for name in order:
                wall, cpu, _ = timed(_check(trees[name], [folder], 2), trees[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
                print(f"  round {r + 1} {name}: {wall:6.1f} s wall, {cpu:6.1f} s CPU   (load {_load()})")
            for name in olds:
                print(f"  round {r + 1}: new is {walls[name][-1] / walls['new'][-1]:.2f}× {name}'s speed (wall), "
                      f"{cpus[name][-1] / cpus['new'][-1]:.2f}× (CPU)")
        print("  median: " + "; ".join(f"{name} {statistics.median(walls[name]):.1f} s wall, "
                                       f"{statistics.median(cpus[name]):.1f} s CPU" for name in trees))


def pdf_set(folder: Path, count: int = 14) -> list[Path]:
    pdfs = list(real_files("*.pdf"))
    rng = random.Random(18)
    i = 0
    while len(pdfs) < count:
        p = folder / f"gen8page{i}.pdf"
        write_report_pdf(p, random_tables(rng), filler_pages=6, seed=i)
        pdfs.append(p)
        i += 1
    return pdfs[:count]


def compare_pdfs(olds: dict[str, Path], rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        pdfs = pdf_set(Path(tmp))
        print(f"\n{len(pdfs)} PDFs as one process each way (per file: the process's wall time / {len(pdfs)})")
        plumber = [sys.executable, "-c", _PLUMBER, *map(str, pdfs)]
        trees = {**olds, "new": ROOT}
        for r in range(rounds):
            got: dict[str, float] = {}
            names = [*olds, "plumber", "new"]
            for name in names if r % 2 == 0 else list(reversed(names)):
                cmd = plumber if name == "plumber" else _check(trees[name], pdfs, 1)
                wall, _cpu, _ = timed(cmd, trees.get(name, ROOT))
                got[name] = wall
            per = {k: v / len(pdfs) * 1000 for k, v in got.items()}
            print(f"  round {r + 1}: " + ", ".join(f"{k} {per[k]:.0f} ms" for k in names) + " a file; "
                  + ", ".join(f"pdfplumber ÷ {k} {got['plumber'] / got[k]:.2f}×" for k in [*olds, "new"])
                  + f"   (load {_load()})")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("rev", nargs="+", help="the older revision(s), e.g. 5ea76f6 f9504d7: all in one run")
    ap.add_argument("--folder", type=int, metavar="N", help="N generated reports (default 1000 when neither is given)")
    ap.add_argument("--pdfs", action="store_true", help="the 14 PDFs against pdfplumber")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--old-tree", type=Path, action="append",
                    help="where an old revision's worktree is (made if missing); once per revision, in order")
    args = ap.parse_args(argv)
    where = args.old_tree or []
    olds = {rev: old_tree(rev, where[i] if i < len(where) else None) for i, rev in enumerate(args.rev)}
    print(f"old: {', '.join(f'{r} at {t}' for r, t in olds.items())}; new: {ROOT}; {os.cpu_count()} cores, {sys.platform}, "
          f"Python {sys.version.split()[0]}, load {_load()}")
    if args.folder or not args.pdfs:
        compare_folder(olds, args.folder or 1000, args.rounds)
    if args.pdfs or not args.folder:
        compare_pdfs(olds, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
