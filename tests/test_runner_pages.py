"""The runner forwards OCR progress page by page from its workers, and gives each of
several workers one OCR thread.

The scan is the faulty sample rasterised (tests/scangen.py); its two pages take a few
seconds to OCR, so the module reads it once.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from scangen import save_scan  # noqa: E402

from core.pipeline import check_paths  # noqa: E402
from core.runner import Runner, likely_scan  # noqa: E402

FAULTY = ROOT / "resources" / "samples" / "示例-有问题的报告.pdf"
CLEAN = ROOT / "resources" / "samples" / "示例-一致的报告.pdf"


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan") / "scan-faulty.pdf"
    save_scan(FAULTY, out)
    return out


def test_scans_are_told_from_text_files(scan: Path, tmp_path: Path) -> None:
    assert likely_scan(str(scan))
    assert not likely_scan(str(FAULTY))
    png = tmp_path / "page.png"
    png.write_bytes(b"")
    assert likely_scan(str(png))
    assert not likely_scan(str(ROOT / "README.md"))


def test_one_ocr_thread_per_worker_when_several() -> None:
    assert Runner(jobs=2).ocr_threads == 1
    assert Runner(jobs=1).ocr_threads == 0  # one worker: the reader's default (all cores, ≤ 4)


@pytest.mark.slow
def test_pages_are_reported_from_the_workers(scan: Path) -> None:
    seen: list[tuple[str, int, int]] = []
    reports = check_paths([(str(CLEAN), "clean"), (str(scan), "scan")], jobs=2,
                          pages=lambda path, done, total: seen.append((path, done, total)))
    assert [bool(r.ocr) for r in reports] == [False, True]
    assert seen == [(str(scan), 1, 2), (str(scan), 2, 2)]
    assert {f.rule for f in reports[1].findings if f.severity == "error"} >= {"column_sum"}
