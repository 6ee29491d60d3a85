"""The PDF review sheet is core/sheet.py's HTML printed by Qt: read back with pdfplumber
(a whole reviewed queue: cover, per-report headers and page numbers, the review record).
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
from core.sheet import SHEET_TITLE, report_title
from tests.corpus import corpus_path
from tests.review_queue import CONCLUSION, reviewed_queue

SAMPLES = resources_dir() / "samples"
PAGE_NUMBER = re.compile(r"第 (\d+) / (\d+) 页")


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_a_pdf_sheet_that_fails_leaves_the_old_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF sheet is written atomically like every sheet: a failure half-way through
    the pages leaves the sheet written before as it was, and no temp file."""
    import gui.export_pdf as export_pdf

    report = analyze(SAMPLES / "示例-有问题的报告.txt").report
    out = tmp_path / "sheet.pdf"
    export_pdf.export_pdf([(report, {})], out)
    before = out.read_bytes()

    def broken(*args: object) -> None:
        raise RuntimeError("printer gone")

    monkeypatch.setattr(export_pdf, "_draw_body", broken)
    with pytest.raises(RuntimeError, match="printer gone"):
        export_pdf.export_pdf([(report, {})], out)
    assert out.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["sheet.pdf"]


def test_pdf_sheet_reads_back_in_chinese(tmp_path: Path) -> None:
    from gui.export_pdf import export_pdf

    faulty = analyze(SAMPLES / "示例-有问题的报告.txt").report
    clean = analyze(SAMPLES / "示例-一致的报告.pdf").report
    out = tmp_path / "sheet.pdf"
    export_pdf([(faulty, {}), (clean, {})], out, reviewer="王审阅")
    text = _pdf_text(out)
    assert "政府信息公开工作年度报告 审阅表" in text  # not doubled by synthetic bold
    # Nobody acted on these reports: the exporting user's name is not printed as their reviewer.
    assert "王审阅" not in text and "示例县数据管理局" in text
    assert rule_name("column_sum") in text.replace("\n", "")
    # Rules are named in Chinese; their English ids are for the JSON, not the printed sheet.
    for rule in {f.rule for f in faulty.findings}:
        assert rule not in text, rule
    assert re.search(r"第\d+行", text)  # a text report's places are lines
    # The clean 2021 report misses no row (the faulty one neither).
    assert "[缺失]" not in text and MISSING_ROW not in text.replace("\n", "")
    assert not re.search(r"\bblank\b|\bnatural_person\b", text)


def _bands(page: pdfplumber.page.Page) -> tuple[str, str, str]:
    """A page's running header, body and footer, cut where the printer draws them."""
    rule = min((line["top"] for line in page.lines if line["x1"] - line["x0"] > page.width * 0.8), default=60)
    head = (page.crop((0, 0, page.width, rule)).extract_text() or "").strip()
    body = (page.crop((0, rule, page.width, page.height - 40)).extract_text() or "").strip()
    foot = (page.crop((0, page.height - 40, page.width, page.height)).extract_text() or "").strip()
    return head, body, foot


def test_whole_queue_pdf_has_a_cover_and_each_report_its_own_pages(tmp_path: Path) -> None:
    from gui.export_pdf import COVER_NAME, export_pdf

    queue = reviewed_queue(tmp_path / "annotations.json")
    out = tmp_path / "审阅表.pdf"
    export_pdf(queue.items, out, reviewer="王审阅", history=queue.history)
    data = out.read_bytes()
    assert b"/FontFile2" in data and b"WenQuanYi" in data  # the CJK font embedded
    with pdfplumber.open(out) as pdf:
        pages = [_bands(p) for p in pdf.pages]

    # The cover: counts of reports by review state, of findings by severity and by rule
    # (Chinese names), and the reports nobody has reviewed.
    head, cover, foot = pages[0]
    assert head == f"{COVER_NAME} {SHEET_TITLE}" and foot == "第 1 / 1 页"
    flat = cover.replace("\n", " ")
    assert re.search(r"待审阅 2 .*退回整改 0 .*已重新提交 0 .*审阅通过 1", flat), flat
    reports = [r for r, _ in queue.items]
    errors = sum(f.severity == "error" for r in reports for f in r.findings)
    warnings = sum(f.severity == "warning" for r in reports for f in r.findings)
    assert re.search(rf"错误 {errors}\b", flat) and re.search(rf"警告 {warnings}\b", flat)
    for rule in {f.rule for r in reports for f in r.findings}:
        n = sum(f.rule == rule for r in reports for f in r.findings)
        assert re.search(rf"{rule_name(rule)}( \d+){{3}}", flat) and rule not in flat and n >= 1, rule
    assert "尚未审阅的报告（无批注、无签字）：1 份" in flat and report_title(queue.untouched) in flat

    # Then each report from a new page, its name in the header of every page, its own page
    # numbers; nothing of another page printed out of sight above the header.
    headers = {f"{report_title(r)} {SHEET_TITLE}": report_title(r) for r in reports}
    runs: list[tuple[str, list[int], int]] = []
    for head, body, foot in pages[1:]:
        m = PAGE_NUMBER.fullmatch(foot)
        assert m, foot
        assert head in headers, head
        name = headers[head]
        if int(m.group(1)) == 1:
            runs.append((name, [], int(m.group(2))))
            assert name in body.split("\n")[:4], body[:200]  # the report's own heading opens its first page
        assert runs and runs[-1][0] == name
        runs[-1][1].append(int(m.group(1)))
    assert [name for name, _, _ in runs] == [report_title(r) for r in reports]
    for name, numbers, total in runs:
        assert numbers == list(range(1, total + 1)), name
    assert runs[0][2] >= 2  # the signed report spans pages, numbered 1…n within itself

    signed = "\n".join(body for head, body, _ in pages[1:] if report_title(queue.signed) in head)
    flat = signed.replace("\n", "")
    assert "原报 0 →" in signed and "更正 11" in signed  # the corrected cell beside the printed value
    assert "审阅更正（原报值与更正值）" in flat and "与原件核对" in flat
    assert "问题已不存在" in flat and "复议总计印错" in flat
    assert "审阅记录（最新在前）" in flat
    assert CONCLUSION in flat and "张三" in flat and "李四" in flat and "复核人签字" in flat
    assert re.search(r"第\d+页", signed)  # a PDF finding's place is its page
    noted = "\n".join(body for head, body, _ in pages[1:] if report_title(queue.noted) in head)
    assert "未签字" in noted and "第一句确有矛盾" in noted.replace("\n", "") and re.search(r"第\d+行", noted)


@pytest.mark.parametrize("name", ["2024_shanghai-stcsm-kewei.txt", "2023_huaian-hongze-district.pdf"])
def test_no_table_row_is_split_over_two_pages(tmp_path: Path, name: str) -> None:
    """Qt would split these reports' tall finding rows over two pages, and then print the
    last line of the first part again, clipped out of sight above the next page's body,
    where text extraction and search still find it. Rows move whole to the next page."""
    from gui.export_pdf import export_pdf

    report = analyze(corpus_path(f"real/{name}")).report
    out = tmp_path / "sheet.pdf"
    export_pdf([(report, {})], out)
    expected = f"{report_title(report)} {SHEET_TITLE}"
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) >= 2
        for page in pdf.pages:
            head, body, foot = _bands(page)
            assert head == expected, head  # nothing but the running header above the body
            assert PAGE_NUMBER.fullmatch(foot), foot


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


def test_pdf_sheet_prints_expected_and_found_dates_whole(tmp_path: Path) -> None:
    """期望/实际 wide enough, on one line: a date never prints as 2022 / -01-3 / 1."""
    from core.model import Finding
    from gui.export_pdf import export_pdf

    report = analyze(SAMPLES / "示例-有问题的报告.pdf").report
    report.findings.append(Finding(
        rule="late_publication", severity="warning", expected="2022-01-31", actual="2022-03-01",
        message="2021年度报告的发布日期为 2022-03-01，晚于法定期限 2022-01-31 29 天。"))
    out = tmp_path / "dates.pdf"
    export_pdf([(report, {})], out)
    text = _pdf_text(out)
    row = next(line for line in text.splitlines() if line.startswith("警告 " + rule_name("late_publication")))
    assert "2022-01-31 2022-03-01" in row, row
    assert "late_publication" not in text and "column_sum" not in text
