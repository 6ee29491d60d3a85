"""Batches survive their worst file: a worker that dies costs one report, not the run."""

from __future__ import annotations

import os
import shutil
import zlib
from pathlib import Path

import pytest

import core.pipeline as pipeline
from core.pipeline import check_file, check_paths
from tests.corpus import seed


def _dies_on_kill(item: tuple[str, str]):  # type: ignore[no-untyped-def]
    if item[0].endswith("kill.txt"):
        os._exit(134)  # as a C library's abort() would
    return _original(item)


_original = pipeline._check_one


@pytest.mark.skipif(os.name != "posix", reason="fork start needed to patch the worker")
def test_a_dying_worker_costs_one_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(5):
        shutil.copy(seed("003_8892f81a886242bc.txt"), tmp_path / f"{i}.txt")
    (tmp_path / "kill.txt").write_text("x", encoding="utf-8")
    monkeypatch.setattr(pipeline, "_check_one", _dies_on_kill)
    files = [(str(f), f.name) for f in sorted(tmp_path.iterdir())]
    reports = check_paths(files, jobs=2)
    assert [r.file for r in reports] == [name for _, name in files]  # input order kept
    assert all(r.error is None and r.template == "2019" for r in reports[:5])
    assert reports[5].error and "异常退出" in reports[5].error


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
