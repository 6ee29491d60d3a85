"""Re-check cost: milliseconds for ``core.check.check`` after one correction.

    python scripts/bench_recheck.py

For every real report (tests/corpus/real) with tables, the file is read once; then
one cell is corrected and all rules re-run from the kept context, 20 times; the median
is reported per report, and the worst over all. Target: < 50 ms per report.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.check import check  # noqa: E402
from core.corrections import Correction  # noqa: E402
from core.pipeline import analyze  # noqa: E402
from tests.corpus import corpus_path  # noqa: E402

REAL = corpus_path("real")


def main() -> int:
    rows = []
    for path in sorted(REAL.iterdir()):
        if path.suffix not in (".txt", ".pdf", ".html"):
            continue
        a = analyze(path)
        tables = a.report.tables
        if not tables or a.context is None:
            continue
        table = next(iter(tables))
        row = next(iter(tables[table]))
        col = next(iter(tables[table][row]))
        corr = [Correction(table, row, col, 7, "bench", "2026-11-29T00:00:00+08:00")]
        times = []
        for _ in range(20):
            t = time.perf_counter()
            check(a, corr)
            times.append((time.perf_counter() - t) * 1000)
        rows.append((path.name, statistics.median(times), max(times)))
    for name, med, worst in rows:
        print(f"{name:60s} median {med:6.2f} ms   max {worst:6.2f} ms")
    meds = [m for _, m, _ in rows]
    print(f"{len(rows)} reports: median of medians {statistics.median(meds):.2f} ms, "
          f"worst median {max(meds):.2f} ms, worst single run {max(w for _, _, w in rows):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
