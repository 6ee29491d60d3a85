"""OCR speed, memory and accuracy per A4 page, by setting: render dpi, onnxruntime threads,
detector size.

Each setting runs in a fresh child process (peak memory is the child's own maximum RSS,
the model load included) that checks image-only PDFs made from text-layer reports by
tests/scangen.py, with the OCR cache off, and compares their cells with the text layer's
reading. Figures go to docs/benchmarks.md ("OCR").

    .venv/bin/python scripts/bench_ocr.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SOURCES = ["tests/corpus/real/2023_huaian-hongze-district.pdf", "resources/samples/示例-一致的报告.pdf"]
# Read after the timed ones, for the confidence figures only: poor scans, where some
# readings should be doubts and none should be wrong without saying so. The window test's
# scan (100 dpi, JPEG quality 35, heavy noise), then two reports at four poor settings.
DEGRADED = [("resources/samples/示例-有问题的报告.pdf", {"dpi": 100, "quality": 35, "noise": 14})] + [
    (src, kw)
    for src in (
        "resources/samples/示例-有问题的报告.pdf",
        "tests/corpus/real/2023_huaian-hongze-district.pdf",
    )
    for kw in (
        {"dpi": 80, "quality": 30, "noise": 12, "seed": 1},
        {"dpi": 90, "quality": 35, "noise": 10, "seed": 2},
        {"dpi": 100, "quality": 35, "noise": 14, "seed": 3},
        {"dpi": 110, "quality": 30, "noise": 16, "seed": 4},
    )
]
SETTINGS = [  # (dpi, threads, detector's longest side); the first is the program's (one file: all cores)
    (150, 2, 1280),
    (150, 1, 1280),
    (150, 1, 1760),
    (150, 1, 1120),
    (150, 1, 960),
    (200, 1, 2000),
]


def child(args: argparse.Namespace) -> None:
    """Check each scan with one setting (through the whole pipeline); print JSON figures.

    Per-page time is measured between the OCR progress calls, so it is the page's whole
    cost: rendering, deskewing, rules, detection and recognition.
    """
    os.environ["REVIEWDESK_OCR_CACHE"] = "off"
    from core.ocr_review import is_uncertain
    from core.pipeline import check_file
    from core.readers import ocr

    ocr.OCR_DPI, ocr.THREADS, ocr.DET_MAX_SIDE = args.dpi, args.threads, args.det
    start = time.monotonic()
    ocr.get_engine()
    load = time.monotonic() - start
    times: list[float] = []
    cpu: list[float] = []
    last = [0.0, 0.0]

    def tick(done: int, total: int, name: str) -> None:
        now, now_cpu = time.monotonic(), time.process_time()
        times.append(now - last[0])
        cpu.append(now_cpu - last[1])
        last[:] = [now, now_cpu]

    ocr.set_progress_callback(tick)
    same = total = 0
    pairs = list(zip(args.files[0::2], args.files[1::2], strict=True))
    quality: dict[str, dict[str, Any]] = {}
    for k, (scan, src) in enumerate(pairs):
        kind = "degraded" if k >= len(pairs) - args.degraded else "timed"
        q = quality.setdefault(
            kind, {"conf": [], "cells": 0, "doubted": 0, "flagged": 0, "silent": 0, "unread": 0}
        )
        truth = check_file(src)
        last[:] = [time.monotonic(), time.process_time()]
        if kind == "degraded":
            ocr.set_progress_callback(None)
        read = check_file(scan)
        for t, rows in truth.tables.items():
            for r, cols in rows.items():
                for c, cell in cols.items():
                    got = read.tables.get(t, {}).get(r, {}).get(c)
                    right = got is not None and got.value == cell.value and got.status == cell.status
                    q["cells"] += 1
                    if kind == "timed":
                        total += 1
                        same += right
                    if right:
                        q["conf"] += [got.ocr["confidence"]] if got is not None and got.ocr else []
                        q["doubted"] += is_uncertain(got)
                    elif got is None or got.value is None:
                        q["unread"] += 1  # lost: a blank or missing cell, which the checks report
                    elif is_uncertain(got):
                        q["flagged"] += 1
                    else:
                        q["silent"] += 1  # a wrong number nobody is told about: the one that matters
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(
        json.dumps(
            {
                "load": load,
                "times": times,
                "cpu": cpu,
                "same": same,
                "cells": total,
                "rss_mb": rss,
                "quality": quality,
            }
        )
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--quick", action="store_true", help="first setting only")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--dpi", type=int, default=150)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--det", type=int, default=1280)
    p.add_argument("--degraded", type=int, default=0, help=argparse.SUPPRESS)
    p.add_argument("files", nargs="*")
    args = p.parse_args()
    if args.child:
        child(args)
        return
    from scangen import save_scan

    with tempfile.TemporaryDirectory() as tmp:
        files = []
        for k, src in enumerate(SOURCES):
            out = Path(tmp) / f"scan{k}.pdf"
            save_scan(ROOT / src, out)
            files += [str(out), str(ROOT / src)]
        for k, (src, kw) in enumerate(DEGRADED):
            out = Path(tmp) / f"degraded{k}.pdf"
            save_scan(ROOT / src, out, **kw)
            files += [str(out), str(ROOT / src)]
        print(f"{os.cpu_count()} cores; scans of: {', '.join(Path(s).name for s in SOURCES)}")
        # CPU seconds are the figure that survives a shared machine: wall time on an idle
        # machine is about CPU time / threads used.
        print(
            "| dpi | threads | detector side | s/page median | s/page worst | CPU s/page median | model load s | peak RSS MB | cells as text layer |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        notes: list[list[str]] = []
        for dpi, threads, det in SETTINGS[:1] if args.quick else SETTINGS:
            cmd = [sys.executable, __file__, "--child", "--dpi", str(dpi), "--threads", str(threads),
                   "--det", str(det), "--degraded", str(len(DEGRADED)), *files]  # fmt: skip
            res = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=True, cwd=ROOT)
            d = json.loads(res.stdout.strip().splitlines()[-1])
            t, c = sorted(d["times"]), sorted(d["cpu"])
            print(
                f"| {dpi} | {threads} | {det} | {t[len(t) // 2]:.2f} | {t[-1]:.2f} | {c[len(c) // 2]:.2f} "
                f"| {d['load']:.2f} | {d['rss_mb']:.0f} | {d['same']}/{d['cells']} |",
                flush=True,
            )
            notes.append(_quality_line(f"{dpi}/{threads}/{det}", d["quality"]))
        print()
        print(
            "| setting | scans | cells | read right | their confidence, lowest / median | right but doubted "
            "| wrong, marked uncertain | wrong, not marked | not read |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        print("\n".join(line for pair in notes for line in pair))


def _quality_line(setting: str, quality: dict[str, Any]) -> list[str]:
    """How sure the engine is where it is right, and whether it says so where it is wrong."""
    out = []
    for kind, q in quality.items():
        conf = sorted(q["conf"])
        low = f"{conf[0]:.3f} / {conf[len(conf) // 2]:.3f}" if conf else "—"
        out.append(
            f"| {setting} | {kind} | {q['cells']} | {len(conf)} | {low} | {q['doubted']} | {q['flagged']} "
            f"| **{q['silent']}** | {q['unread']} |"
        )
    return out


if __name__ == "__main__":
    main()
