"""Bench the batch outputs on a large batch: the 通报 DOCX, the workbook, the PDF, the charts,
and the batch view's event-loop stalls while it opens.

    .venv/bin/python scripts/bench_batchdocs.py [--units 1000] [--skip-pdf] [--view] [--view-only] [--repeat N]

Checks a few real reports of the corpus once, then makes UNITS report objects from them
(each a copy under its own agency and SHA-256, so every unit has its real findings: about
2–6 each) and the engine's batch object over them (core.batch.build_batch, roster built
from the reports). Prints the seconds of each writer, and with ``--view`` the longest gap
between ticks of a 10 ms QTimer from ``BatchView.show_batch`` until the rows and charts are
shown (a stall; offscreen unless a display is set); ``--view-only`` skips the writers and
``--repeat N`` opens and updates the view N times (the machine is shared: report ranges).

Targets (issue 21 §9): DOCX for 1,000 units ≤ 15 s; the view opens with no stall over 100 ms.
"""

from __future__ import annotations

import argparse
import copy
import hashlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SOURCES = ["2024_fujian-pingtan-zone.txt", "2024_huaian-hongze-district.pdf", "2024_shanghai-stcsm-kewei.txt",
           "2025_suqian-shuyang-county.txt", "2024_huaian-city.pdf"]
KINDS = ["局", "委员会", "镇人民政府", "街道办事处", "办公室"]


def make_batch(units: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    from core.batch.build import build_batch
    from tests.helpers.batchobj import check_reports

    real = check_reports(SOURCES)
    reports = []
    for i in range(units):
        r = copy.deepcopy(real[i % len(real)])
        r["agency"] = f"测试市第{i + 1:04d}{KINDS[i % len(KINDS)]}"
        r["year"] = 2024
        r["sha256"] = hashlib.sha256(f"unit{i}".encode()).hexdigest()
        r["file"] = f"reports/{i:04d}.txt"
        if i % 17 == 0:
            r["published"] = "2025-02-20"  # some late
        reports.append(r)
    return {"batch": build_batch(reports, 2024, None, engine_version="bench")}, reports


def timed(label: str, fn: Any) -> float:
    t = time.perf_counter()
    fn()
    dt = time.perf_counter() - t
    print(f"{label:<34} {dt:6.2f} s")
    return dt


def bench_view(batch: dict[str, Any], reports: list[dict[str, Any]], repeat: int = 1) -> float:
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.app import setup_application
    from gui.batch_view import BatchView

    app = QApplication.instance() or QApplication([])
    setup_application(app)
    view = BatchView()
    view.resize(1400, 800)
    view.show()
    app.processEvents()
    gaps: list[float] = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    timer = QTimer(interval=10)
    timer.timeout.connect(tick)
    done = [False]
    view.refreshed.connect(lambda: done.__setitem__(0, True))
    worst = 0.0
    labels = ["open"] + ["live update (same batch again)"] * repeat
    for n, label in enumerate(labels):
        if n and n % 2 == 0:  # every other round: a fresh view, so "open" is measured again
            view.close()
            view.deleteLater()
            app.processEvents()
            view = BatchView()
            view.resize(1400, 800)
            view.show()
            view.refreshed.connect(lambda: done.__setitem__(0, True))
            app.processEvents()
            label = "open"
        gaps.clear()
        done[0] = False
        started = time.perf_counter()
        last[0] = clock.elapsed()
        timer.start()
        view.show_batch(batch, reports)
        while not done[0]:
            app.processEvents()
            time.sleep(0.001)
        for _ in range(20):  # the paint of the rows and charts after the refresh
            app.processEvents()
            time.sleep(0.01)
        timer.stop()
        total = time.perf_counter() - started
        stall = max(gaps) if gaps else 0.0
        worst = max(worst, stall)
        print(f"view {label}: {total:.2f} s to rows and charts; longest event-loop stall {stall:.0f} ms"
              f" (rows shown: {view.proxy.rowCount()})")
    view.close()
    view.deleteLater()
    app.processEvents()
    return worst


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--units", type=int, default=1000)
    ap.add_argument("--skip-pdf", action="store_true")
    ap.add_argument("--view", action="store_true")
    ap.add_argument("--view-only", action="store_true")
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args()
    from core.batchdocs.charts import standard_charts
    from core.batchdocs.docx_writer import write_docx
    from core.batchdocs.model import build
    from core.batchdocs.pdf_writer import write_pdf
    from core.batchdocs.xlsx_writer import write_xlsx

    t = time.perf_counter()
    batch, reports = make_batch(args.units)
    print(f"{'setup (check + build_batch)':<34} {time.perf_counter() - t:6.2f} s")
    doc = build(batch, reports)
    print(f"units {len(doc.units)}, findings {len(doc.findings)}")
    if args.view_only:
        bench_view(batch, reports, args.repeat)
        return 0
    timed("BatchDoc from the batch object", lambda: build(batch, reports))
    timed("charts (3, PNG)", lambda: [c.png() for c in standard_charts(doc)])
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        timed("通报 DOCX (charts included)", lambda: write_docx(build(batch, reports), out / "t.docx"))
        timed("workbook XLSX", lambda: write_xlsx(build(batch, reports), out / "t.xlsx"))
        if not args.skip_pdf:
            timed("batch PDF (charts included)", lambda: write_pdf(build(batch, reports), out / "t.pdf"))
        print(f"sizes: DOCX {(out / 't.docx').stat().st_size // 1024} KB, XLSX {(out / 't.xlsx').stat().st_size // 1024} KB")
    if args.view:
        bench_view(batch, reports, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
