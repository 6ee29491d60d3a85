"""What a reviewer does with the numbers, in the window, in sequence, on real reports:
correct a cell by typing over it, pick a candidate split, undo and redo, see a note whose
finding went away, sign off and unlock, read the history, export the sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QLineEdit

from core.model import Finding
from gui.findings_model import FINDING_ROLE
from gui.table_model import CORRECTED_ROLE
from tests.gui.conftest import corpus_file, new_window, wait_loaded

ZONE_2020 = "real/2020_fujian-pingtan-zone.txt"  # 「自然人」列：(七)总计为 20，但各项之和为 26
ZONE_2023 = "real/2023_fujian-pingtan-zone.txt"  # ambiguous_digits with two candidate splits
COUNTY_2012 = "real/2012_fujian-pingtan-county.txt"  # two narrative_sum findings


def _open(window, qtbot, rel: str) -> None:  # type: ignore[no-untyped-def]
    window.open_paths([str(corpus_file(rel))])
    wait_loaded(qtbot, window, 1)
    qtbot.waitUntil(lambda: window.current is not None, timeout=5000)


def _select(window, pred) -> Finding:  # type: ignore[no-untyped-def]
    """Click the findings list's row of the first finding ``pred`` accepts."""
    for row in range(window.findings_proxy.rowCount()):
        f = window.findings_proxy.data(window.findings_proxy.index(row, 0), FINDING_ROLE)
        if pred(f):
            window.select_finding_row(row)
            return f
    raise AssertionError("no such finding in the list")


def _listed(window) -> list[Finding]:  # type: ignore[no-untyped-def]
    m = window.findings_model
    return [m.finding(r) for r in range(m.rowCount())]


def _sum_finding(f: Finding) -> bool:
    return f.rule == "column_sum" and ("result.total", "natural_person") in f.cells


def _type_into_cell(window, qtbot, table: str, row: str, col: str, text: str):  # type: ignore[no-untyped-def]
    """Select the cell, then type over it and press Enter, as a reviewer does."""
    pane = window.table_panes[table]
    window.table_tabs.setCurrentWidget(pane)
    window._attach_table(pane)
    idx = pane.model.index_of(row, col)
    pane.view.setCurrentIndex(idx)
    pane.view.setFocus()
    qtbot.keyClick(pane.view, text[0])  # the first key opens the editor, with that key in it
    assert pane.view.state() == QAbstractItemView.State.EditingState, "typing opened an editor"
    editors = [e for e in pane.view.viewport().findChildren(QLineEdit) if e.isVisible()]
    assert len(editors) == 1
    editor = editors[0]
    qtbot.keyClicks(editor, text[1:])  # offscreen, the focus does not follow: type into it
    assert editor.text() == text
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # the delegate commits on the next turn of the event loop (a queued call)
    qtbot.waitUntil(lambda: pane.view.state() != QAbstractItemView.State.EditingState, timeout=2000)
    return pane.model.index_of(row, col)


def test_typing_a_number_corrects_rechecks_marks_and_undoes(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2020)
    sha = window.current.sha
    before_errors = window.current.report.counts().get("error", 0)
    counts_before = dict(window.queue_model.counts(0))
    f = _select(window, _sum_finding)
    # The finding's cell is where the reviewer types; its place in the original is boxed.
    window.note_panel.reason.setText("原件第3页核对")
    idx = _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "26")

    # re-checked at once: the finding is gone, the counts follow, the printed value is kept
    assert f.id not in {g.id for g in _listed(window)}
    # ... and the rules ran again on the corrected table: the balance of 自然人 now shows
    # that 一、本年新收 20 does not carry to a total of 26 (the next thing to look at)
    assert any(g.rule == "balance" and ("result.total", "natural_person") in g.cells for g in _listed(window))
    errors = window.current.report.counts().get("error", 0)
    assert errors == sum(1 for g in _listed(window) if g.severity == "error") == before_errors
    cell = window.current.report.tables["applications"]["result.total"]["natural_person"]
    assert cell.value == 26 and cell.raw == "20" and cell.corrected is not None
    assert cell.corrected.reason == "原件第3页核对"
    assert window.review.last_round_trip_ms is not None  # its time: scripts/bench_gui.py, not a test
    # marked, and its tooltip says what the report printed, who, when and why
    model = window.table_panes["applications"].model
    assert model.data(idx, CORRECTED_ROLE) is not None
    assert model.data(idx) == "26"
    tip = model.data(idx, Qt.ItemDataRole.ToolTipRole)
    assert "20" in tip and "26" in tip and "原件第3页核对" in tip and "原报" in tip
    # the note panel shows it too, and the selection stayed on the cell
    assert window.table_panes["applications"].view.currentIndex() == idx
    assert "原报 20" in window.note_panel.correction_label.text()
    assert "更正 26" in window.note_panel.correction_label.text()
    # the queue's error count follows by itself
    qrow = window.queue_model.index(0, 0)
    assert window.queue_model.counts(qrow.row()) == window.current.report.counts()

    # stored through the store thread, keyed by sha256 + cell id
    window.ctl.flush()
    stored = window.ctl._store.corrections(sha)
    assert [(c.cell_id, c.value) for c in stored] == [("applications/result.total/natural_person", 26)]

    # one undo history with the notes: a note, then undo twice, redo twice
    window.set_status("已确认", "report")
    window.undo()
    assert window.session.status(sha) == ""
    window.undo()
    assert f.id in {g.id for g in _listed(window)}
    assert window.current.report.tables["applications"]["result.total"]["natural_person"].value == 20
    assert model.data(model.index_of("result.total", "natural_person"), CORRECTED_ROLE) is None
    window.redo()
    assert f.id not in {g.id for g in _listed(window)}
    window.ctl.flush()
    assert [c.value for c in window.ctl._store.corrections(sha)] == [26]

    # "blank" marks a cell printed empty; a word that is not a number is refused, said why
    _type_into_cell(window, qtbot, "applications", "result.total", "commercial", "blank")
    assert window.current.report.tables["applications"]["result.total"]["commercial"].value is None
    # the queue's counts follow the re-checked findings by themselves
    assert window.queue_model.counts(0) == window.current.report.counts() != counts_before
    _type_into_cell(window, qtbot, "applications", "result.total", "research", "abc")
    assert window.current.report.tables["applications"]["result.total"]["research"].corrected is None
    assert "不是数字" in window.statusBar().currentMessage()


def test_a_candidate_split_is_one_click_and_one_undo(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2023)
    amb = _select(window, lambda f: f.rule == "ambiguous_digits" and f.table == "applications"
                  and f.cells[0][0] == "result.disclosed")
    choices = window.note_panel.candidates
    assert choices.count() == len(amb.candidates) == 2
    assert "/".join(amb.candidates[1]) in choices.item(1).text()
    assert window.note_panel.candidates_box.isVisibleTo(window.note_panel)
    rect = choices.visualItemRect(choices.item(1))
    qtbot.mouseClick(choices.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    table = window.current.report.tables["applications"]["result.disclosed"]
    assert [table[c].value for _r, c in amb.cells] == [int(x) for x in amb.candidates[1]]
    assert amb.id not in {f.id for f in _listed(window)}
    window.undo()  # all of the split's cells at once
    table = window.current.report.tables["applications"]["result.disclosed"]
    assert all(table[c].corrected is None for _r, c in amb.cells)
    assert amb.id in {f.id for f in _listed(window)}


def test_a_note_whose_finding_goes_is_shown_as_no_longer_found(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2020)
    f = _select(window, _sum_finding)
    window.save_comment("总计应为26，见原件")
    _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "26")
    # not lost, not moved onto another finding
    assert all(window.review.annotation_pair(f"finding:{g.id}")[1] != "总计应为26，见原件" for g in _listed(window))
    assert [a.comment for a in window.session.orphan_notes(window.current.sha)] == ["总计应为26，见原件"]
    window.select_report_target()
    text = window.note_panel.orphans_label.text()
    assert "问题已不存在" in text and "总计应为26，见原件" in text
    assert window.note_panel.orphans_label.isVisibleTo(window.note_panel)
    # taken back, the finding returns and its note with it
    window.undo()
    assert window.review.annotation_pair(f"finding:{f.id}")[1] == "总计应为26，见原件"
    assert window.session.orphan_notes(window.current.sha) == []


def test_two_findings_of_one_rule_keep_separate_notes(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    _open(window, qtbot, COUNTY_2012)
    sums = [f for f in _listed(window) if f.rule == "narrative_sum"]
    assert len(sums) == 2 and sums[0].id != sums[1].id
    first = _select(window, lambda f: f.id == sums[0].id)
    window.save_comment("只批注这一条")
    other = next(f for f in sums if f.id != first.id)
    assert window.review.annotation_pair(f"finding:{first.id}")[1] == "只批注这一条"
    assert window.review.annotation_pair(f"finding:{other.id}") == ("", "")
    out = tmp_path / "two.xlsx"
    window.export(str(out), whole_queue=False)
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    wb = openpyxl.load_workbook(out)
    rows = [[c.value for c in r] for r in wb["问题清单"].iter_rows()]
    sum_rows = [r for r in rows if "narrative_sum" in r]
    assert len(sum_rows) == 2
    assert sorted("只批注这一条" in r for r in sum_rows) == [False, True]
    # the history sheet has the one note once too
    assert sum("只批注这一条" in map(str, r) for r in wb["审阅记录"].iter_rows(values_only=True)) == 1


def _accept_sign_dialog(window, conclusion: str, reviewer: str, second: str) -> None:  # type: ignore[no-untyped-def]
    def fill() -> None:
        dlg = window.review.sign_dialog
        dlg.choose(conclusion)
        dlg.reviewer.setText(reviewer)
        dlg.second.setText(second)
        dlg.accept()
        if dlg.isVisible():  # refused: say why, then close
            window._sign_error = dlg.error.text()
            dlg.reject()

    QTimer.singleShot(0, fill)
    window.review.sign_off()


def _unlock_with_reason(window, reason: str) -> None:  # type: ignore[no-untyped-def]
    def give_reason() -> None:
        dlg = window.review.unlock_dialog
        dlg.reason.setText(reason)
        dlg.accept()

    QTimer.singleShot(0, give_reason)
    window.review.unlock()


def test_sign_off_locks_until_unlocked_with_a_reason(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import openpyxl

    _open(window, qtbot, ZONE_2020)
    sha = window.current.sha
    _select(window, _sum_finding)
    _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "26")
    window.save_comment("已按原件更正")

    _accept_sign_dialog(window, "存在问题需整改", "张三", "张三")  # one person cannot sign twice
    assert not window.session.is_locked(sha) and "复核人" in window._sign_error
    _accept_sign_dialog(window, "存在问题需整改", "张三", "李四")
    assert window.session.is_locked(sha)
    assert "已签字" in window.report_info.text() and "退回整改" in window.report_info.text()
    qm = window.queue_model
    assert qm.data(qm.index(0, qm.STATUS)) == "退回整改"  # the queue says the same state

    # every way to edit is refused, with a clear message
    model = window.table_panes["applications"].model
    idx = model.index_of("result.total", "commercial")
    assert not (model.flags(idx) & Qt.ItemFlag.ItemIsEditable)
    assert not model.setData(idx, "5")
    assert window.note_panel.comment.isReadOnly() and not window.note_panel.status.isEnabled()
    assert window.note_panel.lock_label.isVisibleTo(window.note_panel)
    window.set_status("已排除", "report")
    assert window.session.status(sha) == "" and "锁定" in window.statusBar().currentMessage()
    window.undo()
    assert window.current.report.tables["applications"]["result.total"]["natural_person"].value == 26
    assert "锁定" in window.statusBar().currentMessage()

    # the window's sheet: corrected and printed values, the note, both signatures, the history
    out = tmp_path / "signed.xlsx"
    window.export(str(out), whole_queue=False)
    qtbot.waitUntil(lambda: not window.tasks, timeout=20000)
    wb = openpyxl.load_workbook(out)
    texts = [str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
    assert "更正" in wb.sheetnames and "审阅记录" in wb.sheetnames and "签字" in wb.sheetnames
    corr = wb["更正"]
    rows = [[c.value for c in r] for r in corr.iter_rows()]
    assert any(20 in r and 26 in r for r in rows) or any("20" in map(str, r) and "26" in map(str, r) for r in rows)
    assert any("张三" in t for t in texts) and any("李四" in t for t in texts)
    assert any("存在问题需整改" in t for t in texts)
    assert any("已按原件更正" in t for t in texts)
    corrected_cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
                       if c.value == 26 and c.comment is not None and "原报" in c.comment.text]
    assert corrected_cells

    # unlocked with a reason: editable again, the reason in the history
    _unlock_with_reason(window, "复核发现漏改一处")
    assert not window.session.is_locked(sha)
    assert qm.data(qm.index(0, qm.STATUS)) == "退回整改"  # unlocking does not undo the return
    assert model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert not window.note_panel.comment.isReadOnly()

    window.review.show_history()
    qtbot.waitUntil(lambda: getattr(window.review, "history_dialog", None) is not None, timeout=5000)
    dlg = window.review.history_dialog

    def shown() -> list[str]:
        return [dlg.table.item(r, c).text() for r in range(dlg.table.rowCount())
                for c in range(dlg.table.columnCount())]

    # the selected cell's own record first: its correction and its note
    assert dlg.only.isChecked()
    assert any("原报 20 → 26" in c for c in shown()) and any("已按原件更正" in c for c in shown()), (dlg.targets, dlg.entries)
    assert "复核发现漏改一处" not in shown()
    dlg.only.setChecked(False)  # the whole report: the sign-off and the unlock with its reason
    assert "复核发现漏改一处" in shown()
    assert any("张三" in c and "李四" in c for c in shown()), shown()
    dlg.close()


def test_the_corrected_mark_is_painted(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    _open(window, qtbot, ZONE_2020)
    _select(window, _sum_finding)
    idx = _type_into_cell(window, qtbot, "applications", "result.total", "natural_person", "26")
    view = window.table_panes["applications"].view
    view.clearSelection()
    view.setCurrentIndex(view.model().index(0, 0))
    view.clearSelection()
    view.scrollTo(idx)
    qtbot.wait(50)
    rect = view.visualRect(idx)
    image = view.viewport().grab().toImage()
    corner = image.pixelColor(QPoint(rect.left() + 2, rect.top() + 2))
    assert corner.blue() > 150 and corner.red() < 80  # the blue triangle (gui.table_pane)


def test_the_windows_sheet_is_the_clis_store_sheet(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Export from the window = ``main.py check FILE --store DB --out``: same corrected
    and printed values, notes, history and signatures."""
    import openpyxl

    from core.cli import run_check

    db = tmp_path / "review.json"
    w = new_window(qtbot, db)
    try:
        _open(w, qtbot, ZONE_2020)
        _select(w, _sum_finding)
        w.note_panel.reason.setText("原件核对")
        _type_into_cell(w, qtbot, "applications", "result.total", "natural_person", "26")
        _select(w, lambda f: f.rule == "balance")
        w.save_comment("本年新收应再核对")
        _accept_sign_dialog(w, "存在问题需整改", "张三", "李四")
        assert w.session.is_locked(w.current.sha)
        mine = tmp_path / "window.xlsx"
        w.export(str(mine), whole_queue=False)
        qtbot.waitUntil(lambda: not w.tasks, timeout=20000)
        w.ctl.flush()
    finally:
        w.close()
    cli = tmp_path / "cli.xlsx"
    run_check([str(corpus_file(ZONE_2020)), "--store", str(db), "--out", str(cli), "--quiet", "--jobs", "1"])

    def sheets(path: Path) -> dict[str, list[tuple[object, ...]]]:
        wb = openpyxl.load_workbook(path)
        return {ws.title: [r for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}

    a, b = sheets(mine), sheets(cli)
    assert a.keys() == b.keys()
    assert {"更正", "审阅记录", "签字"} <= a.keys()
    for name in a:
        for ra, rb in zip(a[name], b[name], strict=True):
            assert ra == rb, (name, [(x, y) for x, y in zip(ra, rb, strict=False) if x != y])
    texts = [str(v) for rows in a.values() for r in rows for v in r if v is not None]
    assert any("本年新收应再核对" in t for t in texts)
    assert any("原件核对" in t for t in texts)


def test_a_missing_row_can_be_entered_cell_by_cell(qtbot) -> None:  # type: ignore[no-untyped-def]
    """洪泽区 2023 lacks a row of the applications table: its cells are editable, and
    entering one makes the row appear (the others stay missing) after the re-check."""
    from core.runner import analyze_item
    from core.session import ReviewSession
    from gui.table_model import TableModel

    pdf = corpus_file("real/2023_huaian-hongze-district.pdf")
    s = ReviewSession(reviewer=lambda: "测试审阅")
    s.add([(str(pdf), analyze_item((str(pdf), pdf.name)))])
    e = s.entries()[0]
    missing = next(f for f in e.report.findings if f.rule == "missing_row" and f.table == "applications")
    row_id, col_id = missing.cells[0]

    def edit(table: str, row: str, col: str, text: str) -> bool:
        from core.corrections import Correction, parse_value

        return s.correct(e.sha, [Correction(table, row, col, parse_value(text))])

    model = TableModel(e.report, "applications", edit=edit)
    idx = model.index_of(row_id, col_id)
    assert model.is_missing_row(idx.row()) and model.flags(idx) & Qt.ItemFlag.ItemIsEditable
    assert model.setData(idx, "0")
    model.refresh()
    assert not model.is_missing_row(idx.row())
    assert model.data(idx, CORRECTED_ROLE) is not None and model.data(idx) == "0"
    assert missing.id not in {f.id for f in e.report.findings}


def test_corrections_and_the_lock_come_back_in_the_next_window(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.main_window import MainWindow

    db = tmp_path / "review.json"

    def window() -> MainWindow:
        return new_window(qtbot, db)

    w = window()
    _open(w, qtbot, ZONE_2020)
    _select(w, _sum_finding)
    _type_into_cell(w, qtbot, "applications", "result.total", "natural_person", "26")
    _accept_sign_dialog(w, "问题已说明", "张三", "李四")
    w.close()

    w = window()
    try:
        _open(w, qtbot, ZONE_2020)
        sha = w.current.sha
        qtbot.waitUntil(lambda: w.session.is_locked(sha), timeout=5000)
        cell = w.current.report.tables["applications"]["result.total"]["natural_person"]
        assert cell.value == 26 and cell.raw == "20"
        assert not any(_sum_finding(f) for f in _listed(w))
        model = w.table_panes["applications"].model
        assert not (model.flags(model.index_of("result.total", "commercial")) & Qt.ItemFlag.ItemIsEditable)
        assert "张三" in w.report_info.text()
    finally:
        w.close()


def test_schema_1_notes_find_their_finding_or_stay_orphans(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An old store's notes (keyed rule|table|cells) are resolved once per opened report:
    the one that names a single finding lands on it; the one two narrative_sum findings
    share is never guessed — it shows as 问题已不存在, with its text."""
    import json

    from core.annotations import Annotation
    from core.finding_ids import legacy_key
    from core.pipeline import analyze

    zone, county = corpus_file(ZONE_2020), corpus_file(COUNTY_2012)
    rz, rc = analyze(zone).report, analyze(county).report
    total = next(f for f in rz.findings if _sum_finding(f))
    pair = next(f for f in rc.findings if f.rule == "narrative_sum")
    docs = {
        "1": Annotation(rz.sha256, "finding:" + legacy_key(total), "需整改", "旧库的批注", "张三").to_doc(),
        "2": Annotation(rc.sha256, "finding:" + legacy_key(pair), "已确认", "两句共用的旧键", "张三").to_doc(),
    }
    db = tmp_path / "old.json"
    db.write_text(json.dumps({"annotations": docs, "meta": {"1": {"schema_version": 1}}}, ensure_ascii=False),
                  "utf-8")
    w = new_window(qtbot, db)
    try:
        w.open_paths([str(zone), str(county)])
        wait_loaded(qtbot, w, 2)
        qtbot.waitUntil(lambda: w.session.comment(rz.sha256, f"finding:{total.id}") == "旧库的批注", timeout=5000)
        assert [a.comment for a in w.session.orphan_notes(rz.sha256)] == []
        assert [a.comment for a in w.session.orphan_notes(rc.sha256)] == ["两句共用的旧键"]
        sums = [f for f in w.session.entry_of_sha(rc.sha256).report.findings if f.rule == "narrative_sum"]
        assert all(w.session.comment(rc.sha256, f"finding:{f.id}") == "" for f in sums)
        w.open_report_path(str(county))
        assert "两句共用的旧键" in w.note_panel.orphans_label.text()
    finally:
        w.close()


def test_signed_first_in_another_window_this_window_takes_that_sign_off(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """Two reviewers have the same report open; the other window signs first. When this
    one signs too, the store refuses: the window does not stay locked under its own names
    but shows the sign-off the store has, and says why its own was not taken. The other
    window then unlocks it: this window's unlock is refused the same way, and it follows."""
    from core.annotations import AnnotationStore

    _open(window, qtbot, ZONE_2020)
    sha = window.current.sha
    other = AnnotationStore()  # the other window's store: the same file
    other.sign(sha, "未发现问题", "王五", "赵六", "2020.txt")

    _accept_sign_dialog(window, "存在问题需整改", "张三", "李四")
    assert window.ctl.flush()
    qtbot.waitUntil(lambda: window.session.signoff(sha) is not None
                    and window.session.signoff(sha).reviewer == "王五", timeout=5000)
    assert window.session.is_locked(sha)
    assert "王五" in window.note_panel.lock_label.text() and "张三" not in window.note_panel.lock_label.text()
    assert "锁定" in window.statusBar().currentMessage()
    assert AnnotationStore().review_of(sha).signoff.reviewer == "王五"  # nothing of ours in the store

    other.unlock(sha, "复核后重新审阅", by="王五")
    _unlock_with_reason(window, "我也要解锁")
    assert window.ctl.flush()
    qtbot.waitUntil(lambda: not window.session.is_locked(sha), timeout=5000)
    assert AnnotationStore().review_of(sha).signoff is None
