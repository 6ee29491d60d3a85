"""OCR speed and memory per A4 page, by setting: render dpi, onnxruntime threads, detector size.

Each setting runs in a fresh child process (peak memory is the child's own maximum RSS,
the model load included), on image-only PDFs made from real text-layer reports by
tests/scangen.py, with the OCR cache off. Figures go to docs/benchmarks.md ("OCR").

    .venv/bin/python scripts/bench_ocr.py [--pages 6] [--quick]
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

SOURCES = ["tests/corpus/real/2023_huaian-hongze-district.pdf", "resources/samples/示例-一致的报告.pdf"]
SETTINGS = [  # (dpi, threads, detector's longest side)
    (150, 1, 1760),
    (150, 2, 1760),
    (150, 2, 1280),
    (200, 2, 2000),
    (200, 1, 2000),
]


def child(args: argparse.Namespace) -> None:
    """Read the scans' pages with one setting; print JSON figures."""
    os.environ["REVIEWDESK_OCR_CACHE"] = "off"
    from core.readers import ocr

    ocr.OCR_DPI, ocr.THREADS, ocr.DET_MAX_SIDE = args.dpi, args.threads, args.det
    import pypdfium2 as pdfium

    start = time.monotonic()
    ocr.get_engine()
    load = time.monotonic() - start
    times: list[float] = []
    chars = 0
    for path in args.files:
        pdf = pdfium.PdfDocument(path)
        for i in range(min(len(pdf), args.pages)):
            t0 = time.monotonic()
            gray = pdf[i].render(scale=args.dpi / 72, grayscale=True).to_numpy()
            gray = gray[:, :, 0].copy() if gray.ndim == 3 else gray
            page = ocr.ocr_gray(gray)
            times.append(time.monotonic() - t0)
            chars += sum(len(line.text) for line in page.lines)
        pdf.close()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KB on Linux
    print(json.dumps({"load": load, "times": times, "chars": chars, "rss_mb": rss}))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--pages", type=int, default=6, help="pages per scan")
    p.add_argument("--quick", action="store_true", help="first setting only")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--dpi", type=int, default=150)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--det", type=int, default=1760)
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
            files.append(str(out))
        print(f"{os.cpu_count()} cores; scans of: {', '.join(Path(s).name for s in SOURCES)}")
        print("| dpi | threads | detector side | s/page median | s/page worst | model load s | peak RSS MB |")
        print("|---|---|---|---|---|---|---|")
        for dpi, threads, det in SETTINGS[:1] if args.quick else SETTINGS:
            cmd = [sys.executable, __file__, "--child", "--dpi", str(dpi), "--threads", str(threads),
                   "--det", str(det), "--pages", str(args.pages), *files]  # fmt: skip
            res = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=ROOT)
            d = json.loads(res.stdout.strip().splitlines()[-1])
            t = sorted(d["times"])
            print(
                f"| {dpi} | {threads} | {det} | {t[len(t) // 2]:.2f} | {t[-1]:.2f} | {d['load']:.2f} | {d['rss_mb']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
