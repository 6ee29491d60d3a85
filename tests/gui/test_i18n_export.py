"""Translations complete and compiled; the PDF review sheet prints Chinese with an embedded font."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from core.annotations import Annotation
from core.model import Cell, Finding, Loc, Report
from core.paths import resources_dir
from tests.corpus import corpus_path

I18N = resources_dir() / "i18n"
GUI = Path(__file__).resolve().parents[2] / "gui"


def test_every_source_string_is_translated() -> None:
    tree = ET.parse(I18N / "reviewdesk_zh_CN.ts")
    sources = set()
    for m in tree.getroot().iter("message"):
        tr = m.find("translation")
        assert tr is not None and tr.text, m.find("source").text
        assert tr.attrib.get("type") not in ("unfinished",), m.find("source").text
        sources.add(m.find("source").text)
    # Every literal tr("…") and translate("ctx", "…") in gui/ is in the .ts (catches a
    # forgotten lupdate run). ast joins implicitly concatenated literals as lupdate does.
    used = set()
    for py in GUI.glob("*.py"):
        for node in ast.walk(ast.parse(py.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            at = {"tr": 0, "translate": 1}.get(name)
            if at is not None and len(node.args) > at:
                arg = node.args[at]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    used.add(arg.value)
    assert used <= sources, sorted(used - sources)


def test_qm_is_compiled_from_current_ts(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(sys.executable).parent)) or shutil.which(
        "pyside6-lrelease"
    )
    assert lrelease, "pyside6-lrelease (part of PySide6) not found"
    fresh = tmp_path / "fresh.qm"
    subprocess.run([lrelease, "-silent", str(I18N / "reviewdesk_zh_CN.ts"), "-qm", str(fresh)], check=True)
    assert fresh.read_bytes() == (I18N / "reviewdesk_zh_CN.qm").read_bytes(), (
        "run pyside6-lrelease (see resources/i18n/README.md)"
    )


def test_translator_is_loaded() -> None:
    assert QCoreApplication.translate("MainWindow", "Original") == "原文"


def test_bundled_font_registered() -> None:
    from gui.fonts import cjk_family, register_fonts

    assert register_fonts()
    assert "WenQuanYi" in cjk_family()


def _report() -> Report:
    cols = {"natural_person": Cell(3, "3", Loc(start=1, end=2)), "total": Cell(6, "6", Loc(start=3, end=4))}
    f = Finding(
        "row_sum",
        "error",
        "「总计」与各项之和不符：应为 3，实为 6",
        "applications",
        [("new_received", "total")],
        3,
        6,
    )
    return Report(
        file="/x/某县2023年报.txt",
        sha256="e" * 64,
        source_format="txt",
        template="2021",
        agency="某某县人民政府",
        year=2023,
        tables={"applications": {"new_received": cols}},
        findings=[f],
    )


def test_pdf_review_sheet(tmp_path: Path) -> None:
    from gui.export_pdf import export_pdf

    rep = _report()
    notes = {
        "report": Annotation(rep.sha256, "report", status="需整改", comment="请重新核对表三"),
        f"finding:{rep.findings[0].key()}": Annotation(
            rep.sha256, "finding:x", status="已确认", comment="原表如此"
        ),
    }
    out = tmp_path / "sheet.pdf"
    export_pdf([(rep, notes), (rep, {})], out, reviewer="王审阅")
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"WenQuanYi" in data  # the CJK font is embedded, not substituted
    assert b"/FontFile2" in data


def test_export_xlsx_from_window(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    seed = corpus_path("real/2020_fujian-pingtan-zone.txt")
    window.open_paths([str(seed)])
    qtbot.waitUntil(lambda: window.queue_model.rowCount() == 1 and not window.tasks, timeout=20000)
    window.step_finding(1)
    window.set_status("已确认")
    window.save_comment("导出测试批注")
    out = tmp_path / "sheet.xlsx"
    window.export(str(out), whole_queue=True)
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert out.exists()
    wb = openpyxl.load_workbook(out)
    texts = [
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None
    ]
    assert any("导出测试批注" in t for t in texts)
    fills = {
        c.fill.fgColor.rgb
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.fill and c.fill.fill_type
    }
    assert len(fills) >= 1
    comments = [c.comment for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.comment]
    assert comments or any("已确认" in t for t in texts)
