"""Time the PDF reader on the real reports: seconds per PDF (best of N runs).

.venv/bin/python scripts/bench_pdf_reader.py [PDF ...] [--runs N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from core.readers.pdf import read_pdf  # noqa: E402 - after the path fix above
from tests.corpus import real  # noqa: E402

DEFAULT = [
    real("2023_huaian-hongze-district.pdf"),
    real("2024_huaian-hongze-district.pdf"),
    real("2024_huaian-city.pdf"),
]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    read_pdf(args.pdfs[0])  # warm imports and pdfium's font cache once
    for pdf in args.pdfs:
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            doc = read_pdf(pdf)
            times.append(time.perf_counter() - t)
        grids = len({t.grid for t in doc.tokens or []})
        print(
            f"{pdf.name}: {min(times):.3f} s best, {max(times):.3f} s worst "
            f"({doc.page_count} pages, {grids} tables, {len(doc.tokens or [])} cells)"
        )


if __name__ == "__main__":
    main()
