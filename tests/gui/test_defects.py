"""The window's defects a new user found (issue 9), each as a reviewer meets it."""

from __future__ import annotations

import html
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from core.model import Finding
from tests.gui.conftest import corpus_file, wait_loaded
from tests.helpers.procs import children, still_running

ROOT = Path(__file__).resolve().parents[2]

SAMPLES = ROOT / "resources" / "samples"
CLEAN_SAMPLE = SAMPLES / "示例-一致的报告.pdf"
FAULTY_SAMPLE = SAMPLES / "示例-有问题的报告.txt"


def _open(window, qtbot, *paths: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(p) for p in paths])
    wait_loaded(qtbot, window, len(paths))


def test_clean_2021_report_shows_no_missing_row(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    huaian = corpus_file("real/2024_huaian-city.pdf")
    _open(window, qtbot, CLEAN_SAMPLE, huaian)
    for path in (CLEAN_SAMPLE, huaian):
        window.open_report_path(str(path))
        report = window.current.report
        assert report.template == "2021"
        assert not [f for f in report.findings if f.rule in ("missing_row", "table_missing")]
        pane = window.table_panes["applications"]
        window.table_tabs.setCurrentWidget(pane)
        model = pane.model
        labels = [str(model.headerData(r, Qt.Orientation.Vertical)) for r in range(model.rowCount())]
        assert not [x for x in labels if "缺失" in x], labels
        assert any("其他处理" in x for x in labels)
        tabs = [window.table_tabs.tabText(i) for i in range(window.table_tabs.count())]
        assert not [t for t in tabs if "⚠" in t], tabs


def test_finding_without_a_place_clears_the_old_box(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, CLEAN_SAMPLE)
    report = window.current.report
    cell = next(c for rows in report.tables["applications"].values() for c in rows.values() if c.loc)
    with_loc = Finding("row_sum", "error", "有位置", "applications", [], loc=cell.loc)
    without = Finding("late_publication", "warning", "无位置", None, [], loc=None)
    report.findings[:] = [with_loc, without]
    window.show_entry(window.current)
    pv = window.source.pdf_view
    window.select_finding(with_loc)
    assert pv.highlight == cell.loc.bbox
    window.select_finding(without)
    assert pv.highlight is None


def _two_reports(tmp_path: Path) -> tuple[Path, Path]:
    """Two faulty reports that differ (so two SHA-256s, two sets of notes)."""
    a = tmp_path / "甲.txt"
    b = tmp_path / "乙.txt"
    shutil.copy(FAULTY_SAMPLE, a)
    b.write_text(FAULTY_SAMPLE.read_text(encoding="utf-8") + "\n附记。\n", encoding="utf-8")
    return a, b


def test_undo_acts_on_the_report_on_screen_or_brings_it_back(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a, b = _two_reports(tmp_path)
    _open(window, qtbot, a, b)
    window.open_report_path(str(a))
    sha_a = window.current.report.sha256
    window.set_status("已确认", "report")
    window.open_report_path(str(b))
    sha_b = window.current.report.sha256
    window.set_status("需整改", "report")
    window.open_report_path(str(a))
    # On A, undo undoes A's own change, not B's later one.
    window.undo_action.trigger()
    assert window.session.status(sha_a) == ""
    assert window.session.status(sha_b) == "需整改"
    assert window.current.path == str(a)
    # Nothing of A's left to undo: B's change is undone, B is brought up, and the status bar says so.
    window.undo_action.trigger()
    assert window.session.status(sha_b) == ""
    assert window.current.path == str(b)
    assert "乙.txt" in window.statusBar().currentMessage()


def test_rule_names_and_statuses_in_chinese(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from core.rules.registry import rule_name

    _open(window, qtbot, FAULTY_SAMPLE)
    model = window.findings_model
    assert model.rowCount() > 0
    for r in range(model.rowCount()):
        f = model.finding(r)
        shown = model.data(model.index(r, model.RULE))
        assert shown == rule_name(f.rule) and f.rule not in shown
    window.select_finding_row(0)
    f = window.selected_finding()
    assert f.rule not in window.note_panel.target_label.text()
    assert rule_name(f.rule) in window.note_panel.target_label.text()
    # A blank cell's tooltip says 空白, not "blank".
    for pane in window.table_panes.values():
        window.table_tabs.setCurrentWidget(pane)
        m = pane.model
        if m is None:
            continue
        for r in range(m.rowCount()):
            for c in range(m.columnCount()):
                tip = m.data(m.index(r, c), Qt.ItemDataRole.ToolTipRole) or ""
                assert "blank" not in tip and "missing_row" not in tip


def test_year_comparison_gives_the_table_the_space(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = [corpus_file(f"real/{y}_fujian-pingtan-zone.txt") for y in (2022, 2023)]
    _open(window, qtbot, *files)
    window.open_report_path(str(files[1]))
    window.centre_tabs.setCurrentWidget(window.compare)
    qtbot.wait(50)
    cmp = window.compare
    table = cmp.tabs.currentWidget()
    assert table is not None
    assert table.height() > 2 * cmp.findings.height()
    assert table.rowViewportPosition(3) >= 0  # several rows visible, not one


def test_queue_shows_review_column_and_tells_similar_names_apart(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    stem = "2024年度某某市某某区人民政府办公室政府信息公开工作年度报告"
    files = [tmp_path / f"{stem}（第{i}稿）.txt" for i in (1, 2)]
    for f in files:
        shutil.copy(FAULTY_SAMPLE, f)
    _open(window, qtbot, *files)
    view = window.queue_view
    status_col = window.queue_model.STATUS
    assert not view.isColumnHidden(status_col)
    right = view.columnViewportPosition(status_col) + 20
    assert 0 <= view.columnViewportPosition(status_col) and right <= view.viewport().width()
    assert view.textElideMode() == Qt.TextElideMode.ElideMiddle


def test_export_takes_the_suffix_from_the_filter_and_shows_errors(window, qtbot, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, FAULTY_SAMPLE)
    target = tmp_path / "审阅表"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "Excel (*.xlsx)"))
    )
    window.choose_export(False)
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    assert (tmp_path / "审阅表.xlsx").is_file()
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", staticmethod(lambda _p, _t, text, *a, **k: shown.append(text)))
    (tmp_path / "一个文件").write_text("x", encoding="utf-8")
    bad = tmp_path / "一个文件" / "x.xlsx"  # a file where a folder should be
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(bad), "Excel (*.xlsx)")))
    window.choose_export(False)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)


def test_restored_session_keeps_recent_files_and_returns_to_the_last_report(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from gui import app as app_mod
    from gui import settings

    a, b, c = (tmp_path / f"{n}.txt" for n in "abc")
    for p in (a, b, c):
        shutil.copy(FAULTY_SAMPLE, p)
    qapp = QApplication.instance()
    w = app_mod.start(qapp, [str(a), str(b)])
    qtbot.addWidget(w)
    wait_loaded(qtbot, w, 2)
    w.open_paths([str(c)])  # opened on its own: the recent list has it first
    wait_loaded(qtbot, w, 3)
    w.open_report_path(str(b))
    recent = settings.recent_paths()
    w.close()
    w2 = app_mod.start(qapp, [])
    qtbot.addWidget(w2)
    wait_loaded(qtbot, w2, 3)
    assert settings.recent_paths() == recent
    assert w2.current is not None and w2.current.path == str(b)
    w2.close()


def test_qt_dialogs_follow_the_program_language(qapp) -> None:  # type: ignore[no-untyped-def]
    assert QLocale().language() == QLocale.Language.Chinese
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"
    assert QCoreApplication.translate("QFileDialog", "Save As") == "另存为"


def test_queue_click_on_overview_brings_the_original_and_filter_keeps_the_report(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = [corpus_file(f"real/{y}_fujian-pingtan-zone.txt") for y in (2021, 2022)]
    _open(window, qtbot, *files)
    window.centre_tabs.setCurrentWidget(window.overview)
    idx = window.queue_proxy.index(1, 0)
    rect = window.queue_view.visualRect(idx)
    qtbot.mouseClick(window.queue_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current.path == window.queue_model.entry(window.queue_proxy.mapToSource(idx).row()).path
    assert window.centre_tabs.currentWidget() is window.source
    shown = window.current.path
    window.filter_edit.setText("2021" if "2022" in shown else "2022")
    assert window.current.path == shown


def test_file_names_and_errors_are_not_rich_text(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "<i>粗体&amp;.txt"
    bad.write_bytes(b"")
    _open(window, qtbot, bad)
    assert window.current.report.error
    text = window.report_info.text()
    assert window.report_info.textFormat() == Qt.TextFormat.PlainText or html.escape("<i>粗体&amp;") in text


@pytest.mark.linux  # SIGTERM, and /proc to find the workers
def test_sigterm_ends_the_program_and_its_workers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(8):
        shutil.copy(FAULTY_SAMPLE, folder / f"{i}.txt")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", REVIEWDESK_HOME=str(tmp_path / "home"))
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(folder)], cwd=ROOT, env=env)
    try:
        deadline = time.monotonic() + 60
        workers: set[int] = set()
        while time.monotonic() < deadline and not workers:
            time.sleep(0.2)
            workers = {c for c in children(proc.pid) if "spawn_main" in Path(f"/proc/{c}/cmdline").read_text(encoding="utf-8", errors="replace")} if proc.poll() is None else workers
        assert workers, "the window started no worker process"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0  # closed as by its close button
        assert not still_running(workers)
    finally:
        if proc.poll() is None:
            proc.kill()


def test_reviewer_sequence_with_keys_and_views_following_the_session(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Open two reports, mark a finding of A with Ctrl+2, go to B with Ctrl+PgDown, press
    Ctrl+Z: A comes back with its mark undone, and every view follows the session."""
    a, b = _two_reports(tmp_path)
    _open(window, qtbot, a, b)
    window.open_report_path(str(a))
    window.activateWindow()
    qtbot.keyClick(window.findings_view, Qt.Key.Key_F8)
    f = window.selected_finding()
    qtbot.keyClick(window.findings_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    sha_a = window.current.report.sha256
    target = f"finding:{f.key()}"
    assert window.session.status(sha_a, target) == "已确认"
    qtbot.keyClick(window.queue_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current.path == str(b)
    qtbot.keyClick(window.findings_view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current.path == str(a)
    assert window.session.status(sha_a, target) == ""
    assert "甲.txt" in window.statusBar().currentMessage()
    # A change made in the session itself (as the next wave's corrections will) reaches
    # the queue and the findings list without the window being told.
    window.session.edit_note(sha_a, target, comment="会上核对")
    src = window.findings_model.row_of_key(f.key())
    assert window.findings_model.data(window.findings_model.index(src, window.findings_model.NOTE)) == "会上核对"
    # The report's one review state, set in the session, reaches the queue and the header alike.
    window.session.sign(sha_a, "存在问题需整改", "张三", "李四")
    row = window.queue_model.row_of_path(str(a))
    assert window.queue_model.data(window.queue_model.index(row, window.queue_model.STATUS)) == "退回整改"
    assert "退回整改" in window.report_info.text()


def test_sheets_of_a_clean_2021_report_say_no_row_is_missing(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from core.export import export
    from gui.export_pdf import report_html

    _open(window, qtbot, CLEAN_SAMPLE)
    report = window.current.report
    assert "缺失" not in report_html(report, {}, "")  # the printed (PDF) sheet
    out = tmp_path / "sheet.html"
    export([(report, {})], out)
    # The legend names the mark; no row of the tables carries it.
    from core.labels import MISSING_ROW

    assert MISSING_ROW not in out.read_text(encoding="utf-8")
