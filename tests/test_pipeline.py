"""Batches survive their worst file: a worker that dies costs one report, not the run."""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pytest

from core.pipeline import Analysis, check_file
from core.runner import Runner, analyze_item, check_paths, died_report
from tests.corpus import seed


def _dies_on_kill(item: tuple[str, str]) -> Analysis:
    if item[0].endswith("kill.txt"):
        os._exit(134)  # as a C library's abort() would
    return analyze_item(item)


def test_a_dying_worker_costs_one_report(tmp_path: Path) -> None:
    for i in range(5):
        shutil.copy(seed("003_8892f81a886242bc.txt"), tmp_path / f"{i}.txt")
    (tmp_path / "kill.txt").write_text("x", encoding="utf-8")
    (tmp_path / "z.txt").write_text("x", encoding="utf-8")
    shutil.copy(seed("003_8892f81a886242bc.txt"), tmp_path / "zz.txt")
    files = [(str(f), f.name) for f in sorted(tmp_path.iterdir())]
    runner = Runner(jobs=2)
    try:
        seen: list[int] = []
        reports = [
            a.report
            for a in runner.map(
                _dies_on_kill, files, on_death=died_report, progress=lambda d, _t, _r: seen.append(d)
            )
        ]
        # The pool was rebuilt after the death: the runner still works.
        again = [a.report for a in runner.analyze(files[:1])]
    finally:
        runner.shutdown()
    assert [r.file for r in reports] == [name for _, name in files]  # input order kept
    assert seen == list(range(1, len(files) + 1))
    assert all(r.error is None and r.template == "2019" for r in reports[:5])
    assert reports[5].error and "异常退出" in reports[5].error
    assert reports[6].error and "异常退出" not in reports[6].error  # a plain bad file, read
    assert reports[7].error is None and reports[7].template == "2019"
    assert again[0].template == "2019"
    assert not runner.worker_pids()


def test_check_paths_keeps_input_order(tmp_path: Path) -> None:
    for name in ("b.txt", "a.txt"):
        shutil.copy(seed("003_8892f81a886242bc.txt"), tmp_path / name)
    (tmp_path / "c.txt").write_bytes(b"")
    files = [(str(tmp_path / n), n) for n in ("b.txt", "c.txt", "a.txt")]
    reports = check_paths(files, jobs=2)
    assert [r.file for r in reports] == ["b.txt", "c.txt", "a.txt"]
    assert reports[1].error and "为空" in reports[1].error


def test_cancel_stops_the_batch(tmp_path: Path) -> None:
    for i in range(6):
        shutil.copy(seed("003_8892f81a886242bc.txt"), tmp_path / f"{i}.txt")
    files = [(str(f), f.name) for f in sorted(tmp_path.iterdir())]
    runner = Runner(jobs=1)
    got = []
    try:
        for a in runner.analyze(files, cancelled=lambda: len(got) >= 2):
            got.append(a)
    finally:
        runner.shutdown()
    assert len(got) == 2


@pytest.mark.slow  # builds and reads a deliberately huge PDF: ~7 s
def test_pdf_bomb_refused_before_pdfium_inflates_it(tmp_path: Path) -> None:
    """A 1 MB PDF whose content stream inflates to 1 GB: pdfium would abort the process."""
    comp = zlib.compressobj(9)
    payload = b"".join(comp.compress(b" " * (64 << 20)) for _ in range(16)) + comp.flush()
    objs = [
        b"1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n",
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n",
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n",
        f"4 0 obj\n<< /Length {len(payload)} /Filter /FlateDecode >>\nstream\n".encode()
        + payload + b"\nendstream\nendobj\n",
    ]
    path = tmp_path / "bomb.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"".join(objs) + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")
    assert path.stat().st_size < 2 << 20
    rep = check_file(path)
    assert rep.error and "解压后超过" in rep.error
