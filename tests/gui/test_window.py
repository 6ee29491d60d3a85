"""The review window end to end, offscreen: open, navigate, annotate, cancel."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from core.model import Finding, Report
from gui.table_model import KEY_ROLE
from tests.corpus import corpus_path, real, seed_files


def wait_loaded(qtbot, w, count: int, timeout: int = 30000) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: w.queue_model.rowCount() >= count and not w.tasks, timeout=timeout)


SEED_FILES = seed_files()
PDF = corpus_path("real/2024_huaian-city.pdf")


def _first_with_loc(report: Report) -> tuple[int, Finding] | None:
    for i, f in enumerate(report.findings):
        if f.loc is not None and f.loc.start is not None:
            return i, f
    return None


@pytest.mark.parametrize("seed", SEED_FILES, ids=lambda p: p.name)
def test_seed_findings_appear_and_highlight(window, qtbot, seed: Path) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(seed)])
    wait_loaded(qtbot, window, 1)
    report = window.current.report
    # Every finding of the engine is listed (a clean seed lists none).
    assert window.findings_model.rowCount() == len(report.findings)
    assert window.source.currentWidget() is window.source.text_view
    located = _first_with_loc(report)
    if located is None:
        # A seed whose findings have no place in the text (or none at all): a click on one
        # must leave no stale highlight behind.
        if report.findings:
            window.select_finding_row(0)
        assert window.source.text_view.highlight is None
        return
    row, f = located
    window.select_finding_row(window.findings_proxy.mapFromSource(window.findings_model.index(row, 0)).row())
    assert window.current_target == f"finding:{f.key()}"
    assert window.source.text_view.highlight == (f.loc.start, f.loc.end)
    selected = window.source.text_view.textCursor().selectedText()
    assert selected.replace("\u2029", "\n") == window.current.analysis.document.text[f.loc.start : f.loc.end]


def test_finding_selects_its_cells(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(SEED_FILES[0])])
    wait_loaded(qtbot, window, 1)
    report = window.current.report
    cells = report.tables["applications"]
    row_id, cols = next(iter(cells.items()))
    col_id, cell = next(iter(cols.items()))
    f = Finding("row_sum", "error", "测试", "applications", [(row_id, col_id)], loc=None)
    report.findings.append(f)
    window.show_entry(window.current)
    src_row = window.findings_model.row_of_key(f.key())
    window.select_finding_row(
        window.findings_proxy.mapFromSource(window.findings_model.index(src_row, 0)).row()
    )
    pane = window.table_panes["applications"]
    assert window.table_tabs.currentWidget() is pane
    sel = pane.view.selectionModel().selectedIndexes()
    assert [i.data(KEY_ROLE) for i in sel] == [(row_id, col_id)]
    # No finding loc: the cell's own place in the text is shown.
    assert window.source.text_view.highlight == (cell.loc.start, cell.loc.end)


def test_pdf_finding_shows_page_and_box(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(PDF)])
    wait_loaded(qtbot, window, 1)
    assert window.source.currentWidget() is window.source.pdf_view
    report = window.current.report
    # A cell on a later page, so showing it must move the view.
    pick = None
    for table_id, rows in report.tables.items():
        for row_id, cols in rows.items():
            for col_id, cell in cols.items():
                if (
                    cell.loc
                    and cell.loc.page
                    and cell.loc.bbox
                    and (pick is None or cell.loc.page > pick[3].loc.page)
                ):
                    pick = (table_id, row_id, col_id, cell)
    assert pick is not None
    table_id, row_id, col_id, cell = pick
    f = Finding("row_sum", "error", "测试", table_id, [(row_id, col_id)])
    report.findings.insert(0, f)
    window.show_entry(window.current)
    window.step_finding(1)
    pv = window.source.pdf_view
    assert pv.page == cell.loc.page
    assert pv.highlight == cell.loc.bbox
    # The box is painted: the page image has highlight red at the box's edge.
    img = pv.rendered_image()
    assert not img.isNull()
    scale = pv.zoom * pv.logicalDpiX() / 72.0 * img.devicePixelRatio()
    x0, top, x1, bottom = cell.loc.bbox
    edge = img.pixelColor(int((x0 + x1) / 2 * scale), int(top * scale - 3 * img.devicePixelRatio()))
    assert edge.red() > 180 and edge.green() < 120
    # A click on another cell moves the box there.
    pane = window.table_panes[table_id]
    idx = pane.model.index_of(row_id, col_id)
    window._cell_changed(pane, idx)
    assert window.current_target == f"cell:{table_id}:{row_id}:{col_id}"
    assert pv.highlight == cell.loc.bbox


def test_keyboard_review(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(SEED_FILES[0]), str(real("2020_fujian-pingtan-zone.txt"))])
    wait_loaded(qtbot, window, 2)
    window.activateWindow()
    window.queue_view.setFocus()
    first = window.current.path
    qtbot.keyClick(window.queue_view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current.path != first
    qtbot.keyClick(window.queue_view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current.path == first
    qtbot.keyClick(window.queue_view, Qt.Key.Key_F8)
    assert window.findings_view.currentIndex().row() == 0
    f = window.selected_finding()
    qtbot.keyClick(window.findings_view, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    sha = window.current.report.sha256
    assert window.session.status(sha, f"finding:{f.key()}") == "已确认"
    window.undo_action.trigger()
    assert window.session.status(sha, f"finding:{f.key()}") == ""
    window.redo_action.trigger()
    assert window.session.status(sha, f"finding:{f.key()}") == "已确认"
    qtbot.keyClick(window.findings_view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert window.note_panel.comment.hasFocus()
    window.note_panel.comment.insertPlainText("核对")  # keyClicks takes ASCII only
    qtbot.keyClick(window.note_panel.comment, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.session.comment(sha, f"finding:{f.key()}") == "核对"
    qtbot.keyClick(
        window.findings_view,
        Qt.Key.Key_1,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert window.session.status(sha, "report") == "待核实"
    assert window.findings_model.data(window.findings_model.index(0, 4)) == "已确认"


def test_annotations_survive_reopen_and_rename(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from gui import settings
    from gui.main_window import MainWindow

    settings.set_reviewer_name("李审阅")
    src = tmp_path / "report.txt"
    shutil.copy(SEED_FILES[0], src)
    w = MainWindow()
    assert w.reviewer.current == "李审阅"  # remembered; confirmed at the session's first mark:
    w.reviewer.use(w.reviewer.current)
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.ctl.is_loaded, timeout=5000)
    w.open_paths([str(src)])
    wait_loaded(qtbot, w, 1)
    f = w.current.report.findings[0]
    w.step_finding(1)
    w.set_status("需整改")
    w.save_comment("表内数字对不上")
    w.set_status("已排除", "report")
    w.close()

    renamed = tmp_path / "改名后.txt"
    src.rename(renamed)
    w2 = MainWindow()
    qtbot.addWidget(w2)
    qtbot.waitUntil(lambda: w2.ctl.is_loaded, timeout=5000)
    w2.open_paths([str(renamed)])
    wait_loaded(qtbot, w2, 1)
    sha = w2.current.report.sha256
    ann = w2.session.note(sha, f"finding:{f.key()}")
    assert ann is not None
    assert (ann.status, ann.comment, ann.reviewer) == ("需整改", "表内数字对不上", "李审阅")
    assert ann.updated
    assert w2.session.status(sha) == "已排除"  # the report's own note survives too
    assert w2.queue_model.data(w2.queue_model.index(0, 6)).startswith("待审阅")  # the one review state: not signed
    w2.step_finding(1)
    assert w2.note_panel.comment.toPlainText() == "表内数字对不上"
    w2.close()


def test_cancel_folder_load_leaves_usable_window(window, qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(60):
        shutil.copy(real("2020_fujian-pingtan-zone.txt"), folder / f"r{i:03}.txt")
    task = window.open_paths([str(folder)])
    qtbot.waitUntil(lambda: window.queue_model.rowCount() >= 1, timeout=10000)
    assert window.cancel_button.isVisible()
    window.cancel_button.click()
    qtbot.waitUntil(lambda: not window.tasks, timeout=10000)
    assert task.cancelled
    loaded = window.queue_model.rowCount()
    assert 1 <= loaded < 60
    assert not window.progress.isVisible()
    # Still usable: another file opens and shows.
    window.open_paths([str(SEED_FILES[0])])
    wait_loaded(qtbot, window, loaded + 1)
    window.open_report_path(str(SEED_FILES[0]))
    assert window.current.path == str(SEED_FILES[0])
    assert window.findings_model.rowCount() > 0


def test_overview_and_compare(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = [real(f"{y}_fujian-pingtan-zone.txt") for y in (2021, 2022, 2024)]
    window.open_paths([str(p) for p in files])
    wait_loaded(qtbot, window, 3)
    window.centre_tabs.setCurrentWidget(window.overview)
    ov = window.overview
    headers = [ov.horizontalHeaderItem(c).text() for c in range(ov.columnCount())]
    assert headers == ["2021", "2022", "2023", "2024"]
    assert ov.item(0, headers.index("2023")).text() == "缺失"
    ov.cellClicked.emit(0, headers.index("2022"))
    assert window.current.path == str(files[1])
    assert window.centre_tabs.currentWidget() is window.source
    window.centre_tabs.setCurrentWidget(window.compare)
    assert window.compare.tabs.count() >= 1
    assert "2021" in window.compare.header.text()


def test_recent_and_preferences(window) -> None:  # type: ignore[no-untyped-def]
    from gui import settings

    window.open_paths([str(SEED_FILES[0])])
    assert settings.recent_paths()[0] == str(SEED_FILES[0])
    assert any(a.text() == str(SEED_FILES[0]) for a in window.recent_menu.actions())


def test_cross_year_findings_reach_the_window(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    files = [real(f"{y}_fujian-pingtan-zone.txt") for y in (2022, 2023)]
    window.open_paths([str(p) for p in files])
    wait_loaded(qtbot, window, 2)
    window.open_report_path(str(files[1]))
    window.centre_tabs.setCurrentWidget(window.compare)
    from core.crossyear import CROSS_YEAR_RULES, pair_years

    cur = window.current.report
    prev = window.session.previous_of(cur)
    assert prev is not None and prev.year == cur.year - 1
    assert pair_years([cur, prev], [])
    assert "2022" in window.compare.header.text()
    assert window.compare.diff_count > 0
    expected = {f.key() for rule in CROSS_YEAR_RULES for f in rule(cur, prev)}
    # Checked in the background once the report is shown; they join its findings list.
    qtbot.waitUntil(lambda: expected <= {f.key() for f in window.current.report.findings}, timeout=10000)
    shown = {window.findings_model.finding(r).key() for r in range(window.findings_model.rowCount())}
    assert expected <= shown


def test_recovered_store_is_reported(qtbot, _isolated_home) -> None:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    (_isolated_home / "annotations.json").write_bytes(b"\x00garbage{")
    w = MainWindow()
    qtbot.addWidget(w)
    qtbot.waitUntil(lambda: w.ctl.is_loaded, timeout=5000)
    assert w.ctl.recovery_message
    assert w.ctl.recovery_message in w.statusBar().currentMessage()
    w.close()
