"""Crash bench for the annotation store: 1,000 SIGKILL trials, plus the cost of a save.

    python scripts/bench_annotations.py [--trials N] [--seed S]

Each trial starts one or two writer processes that save notes in a loop and print an id
after each acknowledged save, kills them at random moments, reopens the db and checks
that it loads without recovery and holds every acknowledged note (harness:
tests/helpers/annot_writer.py). Exit status 1 if any trial failed. POSIX only.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.annotations import Annotation, AnnotationStore  # noqa: E402


def _harness():  # type: ignore[no-untyped-def]
    path = ROOT / "tests" / "helpers" / "annot_writer.py"
    spec = importlib.util.spec_from_file_location("annot_writer", path)
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["annot_writer"] = mod  # dataclasses look their module up while it loads
    spec.loader.exec_module(mod)
    return mod


def time_saves(folder: Path, sizes: tuple[int, ...] = (0, 1000, 10000), n: int = 200) -> None:
    """Median milliseconds per save() on a db already holding ``size`` notes."""
    for size in sizes:
        db = folder / f"size{size}" / "annotations.json"
        db.parent.mkdir()
        store = AnnotationStore(db)
        if size:
            # Seed through one save path to build a realistic file quickly.
            import json

            docs = {
                str(i + 1): Annotation("f" * 64, f"cell:applications:r{i}:total", "待核实", "批注" * 10,
                                       "审阅人", "2025-01-01T00:00:00+08:00", "年报.pdf").to_doc()
                for i in range(size)
            }
            db.write_text(json.dumps({"annotations": docs, "meta": {"1": {"schema_version": 1}}},
                                     ensure_ascii=False), "utf-8")
        times = []
        for i in range(n):
            t = time.perf_counter()
            store.save(Annotation("e" * 64, f"finding:{i}", "已确认", "核实无误", "审阅人"))
            times.append((time.perf_counter() - t) * 1000)
        print(f"save() with {size:>6} notes in the db: median {statistics.median(times):.2f} ms, "
              f"p95 {sorted(times)[int(n * 0.95)]:.2f} ms ({db.stat().st_size // 1024} KiB file)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--mode", choices=("exec", "fork"), default="exec",
                    help="writers as fresh interpreters (default) or forks of this process (faster)")
    args = ap.parse_args()
    if os.name != "posix":
        print("the kill bench needs POSIX signals")
        return 2
    w = _harness()
    with tempfile.TemporaryDirectory() as tmp:
        time_saves(Path(tmp))
        t0 = time.perf_counter()
        res = w.run_trials(args.trials, Path(tmp) / "kill", seed=args.seed, mode=args.mode)
        dt = time.perf_counter() - t0
    print(f"kill trials: {args.trials} ({args.mode} writers) in {dt:.0f} s")
    print(f"acknowledged saves checked after the kills: {res.acked}")
    print(f"children killed before opening the store: {res.early_kills}")
    print(f"failed trials (lost note, stale update, or db needing recovery): "
          f"{len({f.split(':')[0] for f in res.failures})}")
    for f in res.failures[:20]:
        print("  ", f)
    return 1 if res.failures else 0


if __name__ == "__main__":
    sys.exit(main())
