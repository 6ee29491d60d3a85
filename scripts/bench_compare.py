"""Our PDF analysis against pdfplumber's own table extraction and Camelot (lattice), and
peak memory on a 200-page report.

    .venv/bin/python scripts/bench_compare.py [--runs 3] [--no-camelot]

Compared on the same PDFs (three real reports, three generated 8-page ones, the generated
200-page one):

* ours: ``core.pipeline.check_file`` — the whole analysis (text, tables, every rule);
* pdfplumber: ``page.extract_tables()`` over all pages (tables only, nothing checked);
* Camelot: ``camelot.read_pdf(path, pages="all", flavor="lattice")`` (tables only).

Camelot is not a dependency of the project. If it is not importable it is installed at
benchmark time with pip into a separate target folder (``--camelot-dir``, default
/tmp/reviewdesk-camelot) that only the Camelot child process sees, so the project's venv
and requirements stay as they are. If it cannot be installed or run, that is printed.

Peak memory is the child's ``ru_maxrss`` (``resource.getrusage(RUSAGE_CHILDREN)`` in a
wrapper process around one child per measurement): tracemalloc misses C allocations.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scripts.gen_corpus import random_tables, write_report_pdf  # noqa: E402
from tests.corpus import real_files  # noqa: E402

_OURS = """
import sys, time, json
sys.path.insert(0, {root!r})
from core.pipeline import check_file
check_file(sys.argv[1])  # warm: imports, fonts, formats
out = {{}}
for path in sys.argv[1:]:
    ts = []
    for _ in range({runs}):
        t = time.perf_counter(); check_file(path); ts.append(time.perf_counter() - t)
    out[path] = min(ts)
print(json.dumps(out))
"""

_PLUMBER = """
import sys, time, json, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.WARNING)
import pdfplumber
def run(path):
    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_tables())
            page.close()
    return n
run(sys.argv[1])
out = {{}}
for path in sys.argv[1:]:
    ts = []
    for _ in range({runs}):
        t = time.perf_counter(); run(path); ts.append(time.perf_counter() - t)
    out[path] = min(ts)
print(json.dumps(out))
"""

_CAMELOT = """
import sys, time, json, warnings, logging
warnings.simplefilter("ignore"); logging.disable(logging.WARNING)
import camelot
camelot.read_pdf(sys.argv[1], pages="1", flavor="lattice")
out = {{}}
for path in sys.argv[1:]:
    ts = []
    for _ in range({runs}):
        t = time.perf_counter(); camelot.read_pdf(path, pages="all", flavor="lattice"); ts.append(time.perf_counter() - t)
    out[path] = min(ts)
print(json.dumps(out))
"""

# One measured child; prints the child's peak RSS in MB (Linux ru_maxrss is in KiB).
_PEAK = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:], capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, r.returncode)"
)


def _run(code: str, pdfs: list[Path], env: dict | None = None, timeout: int = 3600) -> dict[str, float] | str:
    proc = subprocess.run([sys.executable, "-c", code, *map(str, pdfs)], capture_output=True, text=True, encoding="utf-8",
                          env=env, timeout=timeout)
    if proc.returncode != 0:
        return proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


def peak_mb(code: str, pdf: Path, env: dict | None = None) -> float:
    proc = subprocess.run([sys.executable, "-c", _PEAK, sys.executable, "-c", code, str(pdf)],
                          capture_output=True, text=True, encoding="utf-8", env=env)
    mb, rc = proc.stdout.split()
    if rc != "0":
        raise RuntimeError(f"child exit {rc}")
    return float(mb)


def camelot_env(target: Path, install: bool) -> tuple[dict | None, str]:
    """An environment in which ``import camelot`` works, or None and the reason."""
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = [sys.executable, "-c", "import camelot, cv2; print(camelot.__version__)"]
    for env_try in ({**os.environ}, env):
        p = subprocess.run(probe, capture_output=True, text=True, encoding="utf-8", env=env_try)
        if p.returncode == 0:
            return env_try, f"camelot {p.stdout.strip()}"
    if not install:
        return None, "Camelot not installed (--no-camelot-install)"
    p = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "camelot-py"],
                       capture_output=True, text=True, encoding="utf-8")
    if p.returncode != 0:
        return None, "pip install camelot-py failed: " + (p.stderr.strip().splitlines() or ["?"])[-1]
    p = subprocess.run(probe, capture_output=True, text=True, encoding="utf-8", env=env)
    if p.returncode != 0:
        return None, "camelot installed but cannot be imported: " + (p.stderr.strip().splitlines() or ["?"])[-1]
    return env, f"camelot {p.stdout.strip()} (installed into {target})"


def make_pdfs(folder: Path) -> tuple[list[Path], Path]:
    rng = random.Random(11)
    pdfs = real_files("*.pdf")
    for i in range(3):
        p = folder / f"generated_8page_{i}.pdf"
        write_report_pdf(p, random_tables(rng, i != 1), filler_pages=6, seed=i)
        pdfs.append(p)
    big = folder / "generated_200page.pdf"
    write_report_pdf(big, random_tables(rng), filler_pages=198, seed=99)
    return pdfs, big


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-camelot", action="store_true")
    ap.add_argument("--no-camelot-install", action="store_true")
    ap.add_argument("--camelot-dir", type=Path, default=Path(tempfile.gettempdir()) / "reviewdesk-camelot")
    args = ap.parse_args()
    import pypdfium2

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; best of {args.runs} runs, one process each")
    with tempfile.TemporaryDirectory() as tmp:
        pdfs, big = make_pdfs(Path(tmp))
        allpdfs = [*pdfs, big]
        ours = _run(_OURS.format(root=str(ROOT), runs=args.runs), allpdfs)
        plumber = _run(_PLUMBER.format(runs=args.runs), allpdfs)
        cam: dict[str, float] | str = "skipped (--no-camelot)"
        cam_env = None
        if not args.no_camelot:
            cam_env, what = camelot_env(args.camelot_dir, not args.no_camelot_install)
            print(f"Camelot: {what}")
            if cam_env is not None:
                cam = _run(_CAMELOT.format(runs=1), allpdfs, env=cam_env)
            else:
                cam = what
        assert isinstance(ours, dict), ours
        assert isinstance(plumber, dict), plumber
        print(f"\n{'pdf':42} {'pages':>5} {'ours s':>8} {'plumber s':>10} {'camelot s':>10} {'×plumber':>9} {'×camelot':>9}")
        r_pl, r_cam = [], []
        for p in allpdfs:
            k = str(p)
            pages = len(pypdfium2.PdfDocument(k))
            c = cam.get(k) if isinstance(cam, dict) else None
            rp = plumber[k] / ours[k]
            r_pl.append(rp)
            rc = c / ours[k] if c else None
            if rc:
                r_cam.append(rc)
            print(f"{p.name[:42]:42} {pages:5d} {ours[k]:8.3f} {plumber[k]:10.3f} "
                  f"{(f'{c:10.3f}' if c else '         -')} {rp:8.1f}× {(f'{rc:8.1f}×' if rc else '        -')}")
        print(f"\nours vs pdfplumber extract_tables: {statistics.median(r_pl):.1f}× faster (median), "
              f"{min(r_pl):.1f}× worst; target ≥ 3×")
        if r_cam:
            print(f"ours vs Camelot lattice: {statistics.median(r_cam):.1f}× faster (median), {min(r_cam):.1f}× worst; "
                  "target ≥ 10×")
        else:
            print(f"ours vs Camelot lattice: not measured — {cam if isinstance(cam, str) else 'no result'}")
        print("\npeak memory (child ru_maxrss) on the 200-page PDF:")
        code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from core.pipeline import check_file; check_file(sys.argv[1])"
        print(f"  ours (check_file):              {peak_mb(code, big):7.0f} MB   target ≤ 300 MB")
        code = ("import sys, pdfplumber\nwith pdfplumber.open(sys.argv[1]) as pdf:\n"
                "    [p.extract_tables() for p in pdf.pages]")
        print(f"  pdfplumber extract_tables:      {peak_mb(code, big):7.0f} MB")
        code = "import sys; print(len(open(sys.argv[1], 'rb').read()))"
        print(f"  bare Python (reads the file):   {peak_mb(code, big):7.0f} MB")


if __name__ == "__main__":
    main()
