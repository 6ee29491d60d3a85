"""Who is reviewing, a sign-off that says what is true, and the history after undo/redo —
in the window, as a reviewer meets them (issue 16 §1–3)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer

from core.session import note_target
from tests.gui.conftest import new_window
from tests.gui.test_corrections_ui import ZONE_2020, _open, _select, _sum_finding, _type_into_cell


def test_the_first_mark_asks_who_is_reviewing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    w = new_window(qtbot, tmp_path / "annotations.json", reviewer=None)
    try:
        _open(w, qtbot, ZONE_2020)
        sha = w.current.sha
        assert w.review.reviewer_button.text() == "审阅人：未填写"
        asked: list[str] = []

        def answer(name: str) -> None:
            dlg = w.reviewer.dialog
            asked.append(dlg.name.text())
            dlg.name.setText(name)
            dlg.accept()

        # Cancelled: nothing is recorded, the status bar says why (never the OS login).
        QTimer.singleShot(0, lambda: w.reviewer.dialog.reject())
        w.set_status("已确认", "report")
        assert w.session.note(sha, "report") is None and "审阅人" in w.statusBar().currentMessage()
        # Given: the mark is recorded under that name; the status bar shows it from now on.
        QTimer.singleShot(0, lambda: answer("王五"))
        w.set_status("已确认", "report")
        assert w.session.note(sha, "report").reviewer == "王五"  # type: ignore[union-attr]
        assert w.review.reviewer_button.text() == "审阅人：王五"
        # The second mark does not ask again.
        w.set_status("需整改", "report")
        assert asked == [""] and w.session.note(sha, "report").status == "需整改"  # type: ignore[union-attr]
        # One click on the status bar changes it; the next marks carry the new name.
        QTimer.singleShot(0, lambda: answer("赵六"))
        w.review.reviewer_button.click()
        assert asked[-1] == "王五"  # prefilled with the current one
        w.set_status("已排除", "report")
        assert w.session.note(sha, "report").reviewer == "赵六"  # type: ignore[union-attr]
    finally:
        w.close()
    # Remembered: the next session proposes it (and still asks at its first mark).
    again = new_window(qtbot, tmp_path / "annotations.json", reviewer=None)
    try:
        assert again.review.reviewer_button.text() == "审阅人：赵六"
    finally:
        again.close()


def test_signoff_dialog_lists_unresolved_errors_and_has_no_default(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2020)
    sha = window.current.sha
    seen: list[tuple[int, int, bool, str, str]] = []

    def look_then(conclusion: str) -> None:
        dlg = window.review.sign_dialog
        first = dlg.conclusion.model().item(0)
        seen.append((dlg.conclusion.currentIndex(), dlg.unresolved.count(), first.isEnabled(),
                     dlg.reviewer.text(), first.text()))
        dlg.accept()  # nothing chosen: refused with the one message
        if dlg.isVisible():
            dlg.choose(conclusion)
            dlg.second.setText("李四")
            dlg.accept()
        if dlg.isVisible():
            window._sign_error = dlg.error.text()
            dlg.reject()

    errors = len(window.session.unresolved(sha))
    QTimer.singleShot(0, lambda: look_then("未发现问题"))
    window.review.sign_off()
    assert seen[-1] == (-1, errors, False, "测试审阅", "未发现问题")
    assert not window.session.is_locked(sha) and f"还有 {errors} 个错误未处理" in window._sign_error
    # Correct the one, dismiss the others: 未发现问题 is offered and taken.
    _select(window, _sum_finding)
    _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "26")
    for f in window.session.unresolved(sha):
        window.set_status("已排除", note_target(f))
    QTimer.singleShot(0, lambda: look_then("未发现问题"))
    window.review.sign_off()
    assert seen[-1] == (-1, 0, True, "测试审阅", "未发现问题")  # 审阅人 prefilled again, no default again
    assert window.session.is_locked(sha) and window.session.review_state(sha) == "passed"
    qm = window.queue_model
    assert qm.data(qm.index(0, qm.STATUS)) == "审阅通过" and "审阅通过" in window.report_info.text()


def test_history_after_undo_and_redo_reads_in_order(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2020)
    _select(window, _sum_finding)
    _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "11")
    window.undo()
    window.redo()
    window.review.show_history()
    qtbot.waitUntil(lambda: getattr(window.review, "history_dialog", None) is not None, timeout=5000)
    dlg = window.review.history_dialog
    dlg.only.setChecked(False)
    rows = [[dlg.table.item(r, c).text() for c in range(dlg.table.columnCount())] for r in range(dlg.table.rowCount())]
    # Newest first: the redo, the undo, the correction — each its own time, in order.
    assert [r[3] for r in rows] == ["重做 更正", "撤销 更正", "更正"]
    assert rows[1][4] == "11 → ∅" and rows[0][4] == "∅ → 11"
    times = [r[0] for r in rows]
    assert times == sorted(times, reverse=True)
    assert {r[1] for r in rows} == {"测试审阅"}
    # What changed stays readable: a finding's long message does not push 旧 → 新 away.
    header = dlg.table.horizontalHeader()
    assert header.sectionSize(2) <= 320 and header.sectionSize(4) >= header.sectionSize(2) // 2
    dlg.close()
