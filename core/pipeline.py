"""The engine as one chain of plain functions: read → normalise → detect → extract → check.

``analyze`` is what the window and the command line call for one file; many files run
in worker processes (``core.runner``: ``check_paths``), which call it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from pathlib import Path

from core.analysis import Analysis
from core.document import SOURCE_SUFFIXES, Document, ReadError
from core.model import Report

__all__ = ["Analysis", "analyze", "check_file", "collect_files", "read_document", "source_kind"]

log = logging.getLogger(__name__)

SUFFIXES = SOURCE_SUFFIXES  # the files read, by suffix (core/document.py holds the list)
# Magic bytes of the image formats read by OCR: a scan is read as what it is, whatever its name.
IMAGE_MAGIC = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"II*\x00", b"MM\x00*")
# No annual report is this large: refuse before reading. Text-like files have their own,
# lower limit in their readers; a PDF may be a scan of many pages (then: no_text_layer).
MAX_BYTES = {"pdf": 512 * 1024 * 1024, "image": 256 * 1024 * 1024}
MAX_BYTES_DEFAULT = 100 * 1024 * 1024


def source_kind(path: Path, head: bytes) -> str:
    """The reader for a file: by its first bytes where they are clear, else by suffix."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(IMAGE_MAGIC):
        return "image"
    if head.startswith(b"PK\x03\x04") and path.suffix.lower() == ".docx":
        return "docx"
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        raise ReadError(
            f"不支持的文件类型：{path.suffix or '(无扩展名)'}（支持 PDF、HTML、TXT、DOCX 及扫描图像 PNG、JPEG、TIFF）"
        )
    if kind == "pdf":
        raise ReadError("文件扩展名为 .pdf，但内容不是 PDF（文件头不是 %PDF）")
    if kind == "docx":
        raise ReadError("文件扩展名为 .docx，但内容不是 Word 文档（不是 ZIP 格式）")
    if kind == "image":
        raise ReadError(
            f"文件扩展名为 {path.suffix}，但内容不是 PNG、JPEG 或 TIFF 图像（文件已损坏或类型不符）"
        )
    return kind


def read_document(path: Path) -> Document:
    """Read one file into a Document; every failure is a ReadError with a clear message."""
    try:
        size = path.stat().st_size
    except FileNotFoundError as exc:
        raise ReadError("文件不存在") from exc
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc.strerror or exc}") from exc
    if size == 0:
        raise ReadError("文件为空（0 字节）")
    with path.open("rb") as fh:
        head = fh.read(8)
    kind = source_kind(path, head)
    if size > MAX_BYTES.get(kind, MAX_BYTES_DEFAULT):
        raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB），不像一份年度报告，已跳过")
    if kind == "pdf":
        from core.readers.image import ScanReader  # its OCR runs only on a page without text
        from core.readers.pdf import read_pdf

        return read_pdf(path, scanner=ScanReader)
    if kind == "image":
        from core.readers.image import read_image

        return read_image(path)
    if kind == "docx":
        from core.readers.docx import read_docx

        return read_docx(path)
    data = path.read_bytes()
    if kind == "html":
        from core.readers.html import read_html

        return read_html(data, str(path))
    from core.readers.txt import read_txt

    return read_txt(data, str(path))


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    try:
        with path.open("rb") as fh:
            for chunk in iter(lambda: fh.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return ""
    return h.hexdigest()


def analyze(path: Path | str, display_name: str | None = None) -> Analysis:
    """Read and check one file. Never raises for a bad file: the report carries ``error``."""
    from core.check import check
    from core.review import read_report

    path = Path(path)
    name = display_name if display_name is not None else str(path)
    report = Report(file=name, sha256=sha256_of(path))
    try:
        doc = read_document(path)
    except ReadError as exc:
        report.error = str(exc)
        report.source_format = SUFFIXES.get(path.suffix.lower())
        return Analysis(None, report)
    except (MemoryError, RecursionError) as exc:
        report.error = f"文件无法读取（{type(exc).__name__}）"
        return Analysis(None, report)
    except Exception as exc:  # noqa: BLE001 - one bad file must not stop a batch
        log.exception("reader failed on %s", path)
        report.error = f"读取时出现内部错误（{type(exc).__name__}: {exc}），请把该文件反馈给开发者"
        return Analysis(None, report)
    try:
        read, context = read_report(doc, report)
        analysis = Analysis(doc, read, context)
        analysis.report = check(context if context is not None else analysis)
    except Exception as exc:  # noqa: BLE001 - same: report it on this file, go on
        log.exception("review failed on %s", path)
        report.error = f"检查时出现内部错误（{type(exc).__name__}: {exc}），请把该文件反馈给开发者"
        report.findings = []
        return Analysis(doc, report)
    return analysis


def check_file(path: Path | str, display_name: str | None = None) -> Report:
    return analyze(path, display_name).report


def collect_files(paths: Iterable[Path | str]) -> list[Path]:
    """Files to check: given files as they are, folders searched recursively (sorted)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file() and f.suffix.lower() in SUFFIXES and not f.name.startswith(".")
                )
            )
        else:
            out.append(p)
    return out
