"""A process with no scan to read imports no OCR: the OCR engine, its models' runtime and
image libraries cost a worker seconds and hundreds of MB, and only a scan needs them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.corpus import real_files, seed_files

ROOT = Path(__file__).resolve().parents[1]
# numpy is not on the list: the text-reuse rules (core/reuse) use it for every report.
OCR_STACK = ("rapidocr", "onnxruntime", "cv2", "shapely", "pyclipper", "omegaconf")

def loaded_in_worker(_i: int) -> list[str]:
    return sorted({name.split(".")[0] for name in sys.modules})


def _run(code: str, *args: str) -> dict[str, list[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "warn_default_encoding", "-c", code, *args],
        capture_output=True, text=True, encoding="utf-8", cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    out: dict[str, list[str]] = json.loads(proc.stdout.splitlines()[-1])
    return out


def test_no_ocr_is_imported_where_no_scan_is_read() -> None:
    files = [str(p) for p in real_files() if p.suffix.lower() in (".pdf", ".html", ".htm", ".docx", ".txt")]
    files.append(str(seed_files()[0]))
    assert any(f.endswith(".pdf") for f in files)
    code = (
        f"import json, sys; sys.path[:0] = [{str(ROOT)!r}]\n"
        "from core.runner import Runner, report_item, died_report_only\n"
        "from tests.test_imports import loaded_in_worker\n"
        "runner = Runner(jobs=1)\n"
        "reports = list(runner.map(report_item, [(p, p) for p in sys.argv[1:]], on_death=died_report_only))\n"
        "assert all(r.error is None and not r.ocr for r in reports), [r.error for r in reports]\n"
        "worker = next(runner.map(loaded_in_worker, [0], on_death=lambda _i: []))\n"
        "here = sorted({name.split('.')[0] for name in sys.modules})\n"
        "print(json.dumps({'worker': worker, 'caller': here}))\n"
    )
    loaded = _run(code, *files)
    assert "pdfplumber" in loaded["worker"]  # the PDFs were read in that worker
    for where in ("worker", "caller"):
        assert not set(OCR_STACK) & set(loaded[where]), (where, sorted(set(OCR_STACK) & set(loaded[where])))
