"""The runner forwards OCR progress page by page from its workers, and gives each of
several workers one OCR thread.

The scan is the faulty sample rasterised (tests/scangen.py); its two pages take a few
seconds to OCR, so the module reads it once.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from scangen import save_scan  # noqa: E402

from core.pipeline import Analysis  # noqa: E402
from core.runner import Runner, analyze_item, check_paths, died_report, likely_scan  # noqa: E402

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


def _dies_on_kill(item: tuple[str, str]) -> Analysis:
    if item[0].endswith("kill.txt"):
        os._exit(134)  # as a C library's abort() would
    return analyze_item(item)


@pytest.mark.slow
def test_a_dying_worker_does_not_stop_the_pages_of_the_others(scan: Path, tmp_path: Path) -> None:
    """The pool (and its queue) is rebuilt after a death; the scan's pages come through the new one."""
    kill = tmp_path / "kill.txt"
    kill.write_text("x", encoding="utf-8")
    seen: list[tuple[str, int, int]] = []
    runner = Runner(jobs=2)
    try:
        out = [a.report for a in runner.map(_dies_on_kill, [(str(kill), "kill"), (str(scan), "scan")],
                                            on_death=died_report, pages=lambda p, d, t: seen.append((p, d, t)))]
    finally:
        runner.shutdown()
    assert out[0].error and "异常退出" in out[0].error
    assert out[1].ocr and not out[1].error
    assert seen[-1] == (str(scan), 2, 2)


@pytest.mark.slow
def test_a_workers_warning_reaches_the_programs_log(
    scan: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The OCR cache cannot be written (its folder's name is taken by a file): the worker
    that read the scan logs a warning, and it arrives in this process's log with the
    worker's pid, as the log file would have it — not lost with the worker's stderr."""
    import logging

    home = tmp_path / "home"
    home.mkdir()
    (home / "ocr-cache").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("REVIEWDESK_HOME", str(home))
    monkeypatch.delenv("REVIEWDESK_OCR_CACHE", raising=False)
    runner = Runner(jobs=1)
    try:
        with caplog.at_level(logging.INFO):
            out = [a.report for a in runner.map(analyze_item, [(str(scan), "scan")], on_death=died_report)]
            workers = runner.worker_pids()
    finally:
        runner.shutdown()
    assert out[0].ocr and not out[0].error  # the reading itself goes on without its cache
    cache = [r for r in caplog.records if r.name == "core.readers.ocr" and "OCR cache not written" in r.getMessage()]
    assert cache, [r.getMessage() for r in caplog.records]
    assert cache[0].levelno == logging.WARNING and cache[0].process in workers and cache[0].process != os.getpid()
