"""What an office sends and sees of a batch: the 通报 (DOCX), the batch workbook (XLSX), the
batch PDF and the charts, all made from the contract's batch object (output-contract.md, "the
batch") and the report objects of ``check --json``. Pure Python: no Qt.

Entry point for ``batch --out`` (core/batch/outputs.py's writer signature):
``write_batch(batch, reports, path)`` picks the writer by the path's suffix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

SUFFIXES = (".docx", ".xlsx", ".pdf")


def write_docx(batch: Mapping[str, Any], reports: Iterable[Mapping[str, Any]], path: Path | str) -> None:
    from core.batchdocs.docx_writer import write_docx as write
    from core.batchdocs.model import build

    write(build(batch, reports), path)


def write_xlsx(batch: Mapping[str, Any], reports: Iterable[Mapping[str, Any]], path: Path | str) -> None:
    from core.batchdocs.model import build
    from core.batchdocs.xlsx_writer import write_xlsx as write

    write(build(batch, reports), path)


def write_pdf(batch: Mapping[str, Any], reports: Iterable[Mapping[str, Any]], path: Path | str) -> None:
    from core.batchdocs.model import build
    from core.batchdocs.pdf_writer import write_pdf as write

    write(build(batch, reports), path)


def write_batch(batch: Mapping[str, Any], reports: Iterable[Mapping[str, Any]], path: Path | str) -> None:
    """Write ``path`` by its suffix (.docx the 通报, .xlsx the workbook, .pdf for printing)."""
    suffix = Path(path).suffix.lower()
    writers = {".docx": write_docx, ".xlsx": write_xlsx, ".pdf": write_pdf}
    if suffix not in writers:
        raise ValueError(f"不支持的批量输出格式 {suffix or '(无扩展名)'}：请用 .docx（通报）、.xlsx（汇总表）或 .pdf")
    writers[suffix](batch, reports, path)
