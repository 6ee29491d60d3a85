"""Did a refactoring change what the engine says? Compare two checkouts' outputs byte for byte.

    .venv/bin/python scripts/same_output.py OTHER_CHECKOUT [--generated N] [--keep DIR]

Runs, in each checkout (its own code, this interpreter), over tests/corpus, resources/samples
and N generated reports (scripts/gen_corpus.py, the same files for both):

- ``check --json`` of every file (one process), and once more with the other reports as
  ``--previous`` (the cross-year rules);
- the CSV and HTML review sheets (``check --out``), their export time masked, and the
  XLSX sheet's cells, sheet by sheet;
- a re-check (``core.check.check``, before it ``core.corrections.recheck``) of every report with tables: its first cell
  corrected to its value + 1, with last year's report of the same series when there is one.

and prints the first lines that differ. Exit status 0: the same output; 1: a difference.
The XLSX file and the PDF sheet are not compared byte for byte: they hold the time they
were written in their binary form (the PDF prints the HTML sheet).
"""

from __future__ import annotations

import argparse
import difflib
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?")

# Runs inside a checkout: every report re-checked after one correction, as JSON lines.
_RECHECK = r"""
import json, sys
from pathlib import Path
from core.corrections import Correction
try:
    from core.check import check as recheck
except ImportError:  # a checkout from before the one check
    from core.corrections import recheck
from core.crossyear import pair_years
from core.pipeline import analyze, collect_files

files = collect_files(sys.argv[1:])
analyses = [analyze(f, f.name) for f in files]
reports = [a.report for a in analyses]
pairs = {id(cur): prev for cur, prev in pair_years(reports, reports)}
for a in analyses:
    rep = a.report
    first = next(((t, r, c, cell) for t, rows in rep.tables.items() for r, cols in rows.items()
                  for c, cell in cols.items() if cell.value is not None), None)
    corr = [] if first is None else [Correction(first[0], first[1], first[2], first[3].value + 1, "审阅人",
                                                "2026-12-08T00:00:00+08:00", "核对")]
    prev = pairs.get(id(rep))
    out = recheck(a, corr, previous=prev)
    sys.stdout.write(json.dumps(out.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
"""


def _inputs(tmp: Path, generated: int) -> list[Path]:
    folders = [ROOT / "tests" / "corpus", ROOT / "resources" / "samples"]
    if generated:
        gen = tmp / "generated"
        subprocess.run([sys.executable, str(ROOT / "scripts" / "gen_corpus.py"), str(gen), "-n", str(generated),
                        "--pdfs", "3", "--seed", "7"], check=True, capture_output=True, cwd=ROOT)
        folders.append(gen)
    return folders


def _run(checkout: Path, args: list[str]) -> str:
    proc = subprocess.run([sys.executable, *args], cwd=checkout, capture_output=True, text=True,
                          encoding="utf-8", errors="replace")
    if proc.returncode not in (0, 1, 2):
        raise SystemExit(f"{checkout}: {' '.join(args[:3])} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    return proc.stdout


def _xlsx_text(path: Path) -> str:
    """Every sheet's cells, row by row (the file itself holds the time it was written)."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    lines = []
    for ws in book.worksheets:
        lines.append(f"## {ws.title}")
        for row in ws.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else str(v) for v in row))
    return _STAMP.sub("<time>", "\n".join(lines) + "\n")


def outputs(checkout: Path, folders: list[Path], tmp: Path) -> dict[str, str]:
    names = [str(f) for f in folders]
    out: dict[str, str] = {}
    out["check.jsonl"] = _run(checkout, ["main.py", "check", "--json", "--quiet", "--jobs", "2", *names])
    real = str(ROOT / "tests" / "corpus" / "real")
    out["previous.jsonl"] = _run(checkout, ["main.py", "check", "--json", "--quiet", "--jobs", "2", real,
                                            "--previous", real])
    for suffix in ("csv", "html"):
        sheet = tmp / f"{checkout.name}-sheet.{suffix}"
        _run(checkout, ["main.py", "check", "--quiet", "--jobs", "2", *names, "--out", str(sheet)])
        # The export time is the one thing that differs between two runs of the same code.
        out[f"sheet.{suffix}"] = _STAMP.sub("<time>", sheet.read_text(encoding="utf-8"))
    sheet = tmp / f"{checkout.name}-sheet.xlsx"
    _run(checkout, ["main.py", "check", "--quiet", "--jobs", "2", *names, "--out", str(sheet)])
    out["sheet.xlsx (cells)"] = _xlsx_text(sheet)
    out["recheck.jsonl"] = _run(checkout, ["-c", _RECHECK, *names])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("other", type=Path, help="the other checkout (e.g. the main branch's worktree)")
    ap.add_argument("--generated", type=int, default=60, help="generated reports added to the corpus")
    ap.add_argument("--keep", type=Path, help="write both sides' outputs into this folder")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as td:
        tmp = Path(td)
        folders = _inputs(tmp, args.generated)
        mine, theirs = outputs(ROOT, folders, tmp), outputs(args.other.resolve(), folders, tmp)
    same = True
    for name in mine:
        a, b = theirs[name], mine[name]
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            (args.keep / f"other-{name.split()[0]}").write_text(a, encoding="utf-8")
            (args.keep / f"this-{name.split()[0]}").write_text(b, encoding="utf-8")
        lines = a.count("\n")
        if a == b:
            print(f"same      {name} ({lines} lines, {len(a)} characters)")
            continue
        same = False
        print(f"DIFFERENT {name}")
        diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "other", "this", lineterm="", n=0)
        for i, line in enumerate(diff):
            if i >= 20:
                break
            print("   ", line[:300])
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
