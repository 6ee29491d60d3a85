"""The PDF review sheet is core/sheet.py's HTML printed by Qt: read back with pdfplumber.
Also: Qt's messages into logging, and the crash dialog."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pdfplumber
import pytest

from core.labels import MISSING_ROW
from core.paths import resources_dir
from core.pipeline import analyze
from core.rules.registry import rule_name

SAMPLES = resources_dir() / "samples"


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_pdf_sheet_reads_back_in_chinese(tmp_path: Path) -> None:
    from gui.export_pdf import export_pdf

    faulty = analyze(SAMPLES / "示例-有问题的报告.txt").report
    clean = analyze(SAMPLES / "示例-一致的报告.pdf").report
    out = tmp_path / "sheet.pdf"
    export_pdf([(faulty, {}), (clean, {})], out, reviewer="王审阅")
    text = _pdf_text(out)
    assert "政府信息公开工作年度报告 审阅表" in text  # not doubled by synthetic bold
    assert "王审阅" in text and "示例县数据管理局" in text
    assert rule_name("column_sum") in text.replace("\n", "")
    lines = text.splitlines()
    # Rule ids stand whole on a line of their own: never cut mid-word.
    for rule in {f.rule for f in faulty.findings}:
        assert any(line.strip() == rule or re.search(rf"(^|\s){rule}(\s|$)", line) for line in lines), rule
    assert re.search(r"第\d+行", text)  # a text report's places are lines
    # The clean 2021 report misses no row (the faulty one neither).
    assert "[缺失]" not in text and MISSING_ROW not in text.replace("\n", "")
    assert not re.search(r"\bblank\b|\bnatural_person\b", text)


def test_qt_messages_go_to_logging_at_their_level(caplog: pytest.LogCaptureFixture) -> None:
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler, qWarning

    from gui.qtlog import qt_message_handler

    with caplog.at_level(logging.DEBUG, logger="qt"):
        qt_message_handler(QtMsgType.QtCriticalMsg, None, "critical thing")
        qt_message_handler(QtMsgType.QtDebugMsg, None, "debug thing")
        previous = qInstallMessageHandler(qt_message_handler)
        try:
            qWarning("a real Qt warning")
        finally:
            qInstallMessageHandler(previous)
    got = {(r.name, r.levelno, r.getMessage().split(" (")[0]) for r in caplog.records}
    assert ("qt", logging.ERROR, "critical thing") in got
    assert ("qt", logging.DEBUG, "debug thing") in got
    assert any(level == logging.WARNING and msg == "a real Qt warning" for _, level, msg in got)


def test_crash_dialog_shows_the_log_and_copies_details(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QLabel, QPlainTextEdit, QPushButton

    from core import crash
    from gui.crash import CrashDialog, enable_dialog, show_dialog

    log = tmp_path / "crash.log"
    dialog = CrashDialog.build("Traceback: details here", log)
    qtbot.addWidget(dialog)
    assert str(log) in dialog.findChild(QLabel, "crashMessage").text()
    assert dialog.findChild(QPlainTextEdit, "crashDetails").toPlainText() == "Traceback: details here"
    copy = dialog.findChild(QPushButton, "copyDetails")
    assert copy.text() == "复制详情"
    copy.click()
    assert QApplication.clipboard().text() == f"Traceback: details here\nlog file: {log}"
    assert dialog.isVisible() is False  # never shown modally in a test
    enable_dialog()
    try:
        assert crash._dialog == [show_dialog]
        try:
            raise ValueError("x")
        except ValueError as exc:
            assert "PySide6: " in crash.details(ValueError, exc, exc.__traceback__)
    finally:
        crash.set_dialog(None)


def test_window_lists_rules_and_statuses_in_chinese() -> None:
    from PySide6.QtCore import Qt

    from gui.findings_model import FindingsModel
    from gui.table_model import TableModel

    report = analyze(SAMPLES / "示例-有问题的报告.txt").report
    findings = FindingsModel(report, lambda t: ("", ""))
    shown = {findings.data(findings.index(r, FindingsModel.RULE), Qt.ItemDataRole.DisplayRole)
             for r in range(findings.rowCount())}
    assert shown == {rule_name(f.rule) for f in report.findings} and "column_sum" not in shown
    table = TableModel(report, "article20")
    blank = table.index_of("fees", "amount")
    tip = table.data(blank, Qt.ItemDataRole.ToolTipRole)
    assert "空白" in tip and "blank" not in tip
