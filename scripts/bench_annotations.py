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


def _seed(db: Path, size: int) -> None:
    """A snapshot holding ``size`` entries as a year of work has them: 60 % notes,
    20 % corrections, 20 % history (schema of this program, so opening does not migrate)."""
    import json

    from core.annotations import SCHEMA_VERSION

    n_notes, n_corr = size * 6 // 10, size * 2 // 10
    n_hist = size - n_notes - n_corr
    sha = [f"{i:064x}" for i in range(max(1, size // 20))]  # ~20 entries per report
    notes = {str(i + 1): Annotation(sha[i % len(sha)], f"finding:{i:010x}", "待核实", "批注" * 10, "审阅人",
                                    "2025-01-01T00:00:00+08:00", "年报.pdf").to_doc() for i in range(n_notes)}
    corr = {str(i + 1): {"sha256": sha[i % len(sha)], "cell": f"applications/r{i}/total", "value": i, "by": "审阅人",
                         "at": "2025-01-01T00:00:00+08:00", "reason": "原件", "file_name": "年报.pdf"}
            for i in range(n_corr)}
    hist = {str(i + 1): {"sha256": sha[i % len(sha)], "target": f"finding:{i:010x}", "field": "status", "old": "",
                         "new": "待核实", "by": "审阅人", "at": "2025-01-01T00:00:00+08:00", "reason": ""}
            for i in range(n_hist)}
    data = {"annotations": notes, "corrections": corr, "history": hist, "signoffs": {},
            "meta": {"1": {"schema_version": SCHEMA_VERSION}}}
    db.write_text(json.dumps(data, ensure_ascii=False), "utf-8")


def time_saves(folder: Path, sizes: tuple[int, ...] = (0, 10_000, 100_000), n: int = 300) -> None:
    """Milliseconds per save() (a note with its history) and per set_correction() on a db
    already holding ``size`` entries; also the cost of opening and of closing (compaction)."""
    from core.corrections import Correction

    for size in sizes:
        db = folder / f"size{size}" / "annotations.json"
        db.parent.mkdir()
        if size:
            _seed(db, size)
        t = time.perf_counter()
        store = AnnotationStore(db)
        opened = (time.perf_counter() - t) * 1000
        times, ctimes = [], []
        for i in range(n):
            t = time.perf_counter()
            store.save(Annotation("e" * 64, f"finding:{i}", "已确认", "核实无误", "审阅人"))
            times.append((time.perf_counter() - t) * 1000)
            t = time.perf_counter()
            store.set_correction("e" * 64, Correction("applications", f"r{i}", "total", i, "审阅人"))
            ctimes.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        store.close()
        closed = (time.perf_counter() - t) * 1000
        times.sort()
        ctimes.sort()
        print(f"{size:>7} entries: save() median {statistics.median(times):.2f} ms, p95 {times[int(n * 0.95)]:.2f} ms, "
              f"max {times[-1]:.2f} ms; set_correction() median {statistics.median(ctimes):.2f} ms, "
              f"p95 {ctimes[int(n * 0.95)]:.2f} ms; open {opened:.0f} ms, close (compaction) {closed:.0f} ms, "
              f"snapshot {db.stat().st_size // 1024} KiB")


def _two_writer_child(db: str, who: str, n: int) -> None:
    store = AnnotationStore(Path(db))
    for i in range(n):
        store.save(Annotation("f" * 64, f"cell:applications:{who}:{i}", "待核实", f"{who}{i}", who))


def two_writers(folder: Path, n: int = 500) -> None:
    """Two processes saving into one store at once: every save of both must be there."""
    import multiprocessing

    db = folder / "two" / "annotations.json"
    db.parent.mkdir()
    ctx = multiprocessing.get_context("spawn")
    t = time.perf_counter()
    procs = [ctx.Process(target=_two_writer_child, args=(str(db), who, n)) for who in ("甲", "乙")]
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    dt = time.perf_counter() - t
    got = AnnotationStore(db).for_report("f" * 64)
    print(f"two writers, {n} saves each: {len(got)} of {2 * n} notes present, "
          f"{2 * n / dt:.0f} saves/s together (including two interpreter start-ups)")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--saves-only", action="store_true", help="only the timings, no kill trials")
    ap.add_argument("--mode", choices=("exec", "fork"), default="exec",
                    help="writers as fresh interpreters (default) or forks of this process (faster)")
    args = ap.parse_args()
    if os.name != "posix":
        print("the kill bench needs POSIX signals")
        return 2
    w = _harness()
    with tempfile.TemporaryDirectory() as tmp:
        time_saves(Path(tmp))
        two_writers(Path(tmp))
        if args.saves_only:
            return 0
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
