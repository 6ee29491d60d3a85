"""The reviewer's marks on the report on screen: the note panel, status, comment, undo,
sign-off — and who is reviewing.

Notes live in the review session (``core.session.ReviewSession``); this controller
connects them to what is on screen: which target (the report, a finding, a cell) the
note panel shows, and undo/redo that acts on the report on screen, or brings the report
it acts on to the screen and says so. ``ReviewerPrompt`` is the session's source of the
reviewer's name: asked at the first mark of a session (prefilled with the remembered
one), shown always in the status bar, changed there with one click.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QToolButton, QWidget

from core.annotations import HistoryEntry, NoReviewer, ReportLocked, cell_target, correction_target
from core.corrections import Correction, CorrectionError, candidate_corrections, cell_id, parse_value
from core.model import Finding, Report
from core.rules.registry import rule_name
from core.session import note_target
from core.signoff import NO_REVIEWER
from gui import settings
from gui.labels import table_label
from gui.review_dialogs import HistoryDialog, ReviewerDialog, SignOffDialog, UnlockDialog

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class ReviewerPrompt(QObject):
    """Who is reviewing. ``name()`` is the session's reviewer source: the first mark of a
    session asks (the remembered name prefilled); cancelling refuses the mark. The OS
    login is never offered."""

    changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._parent = parent
        self._name = settings.reviewer_name()
        self._confirmed = False  # asked (or set) in this session

    @property
    def current(self) -> str:
        """The name shown (remembered or given); not necessarily confirmed this session."""
        return self._name

    def name(self) -> str:
        if not self._confirmed:
            answer = self.ask(self._name)
            if not answer:
                return ""
            self.use(answer)
        return self._name

    def use(self, name: str) -> None:
        """The reviewer of this session from now on (remembered for the next)."""
        name = name.strip()
        if not name:
            return
        self._name, self._confirmed = name, True
        settings.set_reviewer_name(name)
        self.changed.emit(name)

    def change(self) -> None:
        answer = self.ask(self._name)
        if answer:
            self.use(answer)

    def ask(self, name: str) -> str:
        dlg = ReviewerDialog(name, self._parent)
        self.dialog = dlg  # for tests: the open dialog
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return ""
        return dlg.name.text().strip()


class ReviewController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.session = window.session
        self.last_round_trip_ms: float | None = None  # the last correction: edit → re-checked views
        # Always in the status bar: who is reviewing; one click changes it.
        self.reviewer_button = QToolButton()
        self.reviewer_button.setAutoRaise(True)
        self.reviewer_button.clicked.connect(window.reviewer.change)
        window.reviewer.changed.connect(lambda name: self._show_reviewer())
        window.statusBar().addPermanentWidget(self.reviewer_button)
        self._show_reviewer()

    def _show_reviewer(self) -> None:
        name = self.w.reviewer.current
        self.reviewer_button.setText(
            self.tr("Reviewer: %1").replace("%1", name) if name else self.tr("Reviewer: (not set)"))
        self.reviewer_button.setToolTip(self.tr("Recorded with every mark you make; click to change"))

    def _sha(self) -> str:
        return self.w.current.report.sha256 if self.w.current is not None else ""

    def annotation_pair(self, target: str) -> tuple[str, str]:
        ann = self.session.note(self._sha(), target)
        return (ann.status, ann.comment) if ann else ("", "")

    def describe_target(self, target: str) -> str:
        if target == "report":
            return self.tr("The whole report")
        cur = self.w.current
        if target.startswith("finding:") and cur is not None:
            for f in cur.report.findings:
                if note_target(f) == target:
                    return self.tr("Finding %1: %2").replace("%1", rule_name(f.rule)).replace("%2", f.message)
        if target.startswith("cell:"):
            _c, table_id, row_id, col_id = target.split(":", 3)
            pane = self.w.table_panes.get(table_id)
            if pane and pane.model:
                idx = pane.model.index_of(row_id, col_id)
                if idx.isValid():
                    row = pane.model.headerData(idx.row(), Qt.Orientation.Vertical)
                    col = pane.model.headerData(idx.column(), Qt.Orientation.Horizontal)
                    return (
                        self.tr("Cell %1 / %2 / %3")
                        .replace("%1", table_label(table_id))
                        .replace("%2", str(row))
                        .replace("%3", str(col))
                    )
        return target

    def show_note(self) -> None:
        panel = self.w.note_panel
        sha = self._sha()
        if not sha:
            panel.show_target("", None)
            panel.show_correction("")
            panel.show_candidates([])
            panel.show_orphans([])
            panel.set_locked("")
            panel.setEnabled(False)
            return
        target = self.w.current_target
        panel.show_target(self.describe_target(target), self.session.note(sha, target))
        panel.show_correction(self._correction_text(sha, target))
        f = self._finding_of(target)
        cands = f.candidates if f is not None and f.rule == "ambiguous_digits" and f.candidates else []
        panel.show_candidates(["/".join(c) for c in cands])
        panel.show_orphans(self._orphan_lines(sha))
        panel.set_locked(self.lock_message(sha))

    def lock_message(self, sha: str) -> str:
        s = self.session.signoff(sha)
        if s is None:
            return ""
        return (
            self.tr("Signed off by %1 and %2 (%3): %4. Locked — unlock it (Report menu) to change anything.")
            .replace("%1", s.reviewer).replace("%2", s.second_reviewer)
            .replace("%3", s.at.replace("T", " ")[:16]).replace("%4", s.conclusion)
        )

    def _finding_of(self, target: str) -> Finding | None:
        cur = self.w.current
        if cur is None or not target.startswith("finding:"):
            return None
        return next((f for f in cur.report.findings if note_target(f) == target), None)

    def _cell_of(self, target: str) -> tuple[str, str, str] | None:
        if not target.startswith("cell:"):
            return None
        _c, t, r, c = target.split(":", 3)
        return t, r, c

    def _correction_text(self, sha: str, target: str) -> str:
        cell = self._cell_of(target)
        cur = self.w.current
        if cell is None or cur is None:
            return ""
        corr = self.session.correction(sha, cell_id(*cell))
        if corr is None:
            return ""
        c = cur.report.tables.get(cell[0], {}).get(cell[1], {}).get(cell[2])
        k = c.corrected if c is not None else None
        printed = (k.original_raw or ("" if k.original is None else str(k.original))) if k else ""
        value = "" if corr.value is None else str(corr.value)
        text = (
            self.tr("Printed %1 → corrected %2 (%3, %4)")
            .replace("%1", printed or self.tr("(nothing)"))
            .replace("%2", value or self.tr("blank"))
            .replace("%3", corr.by or self.tr("(anonymous)"))
            .replace("%4", corr.at.replace("T", " ")[:16])
        )
        return text + (self.tr("; reason: %1").replace("%1", corr.reason) if corr.reason else "")

    def _orphan_lines(self, sha: str) -> list[str]:
        """Notes whose finding is gone and corrections whose cell is gone: listed, never dropped."""
        lines = []
        for ann in self.session.orphan_notes(sha):
            text = "；".join(x for x in (ann.status, ann.comment) if x)
            lines.append(self.tr("Finding no longer found — note: %1 (%2)").replace("%1", text)
                         .replace("%2", ann.reviewer or self.tr("(anonymous)")))
        cur = self.w.current
        for o in (cur.report.orphan_corrections or []) if cur is not None else []:
            lines.append(self.tr("Correction without its cell: %1 = %2 (%3)")
                         .replace("%1", str(o.get("cell", "")))
                         .replace("%2", "blank" if o.get("value") is None else str(o.get("value")))
                         .replace("%3", str(o.get("why", ""))))
        return lines

    # corrections ------------------------------------------------------------------------
    def edit_cell(self, table: str, row: str, col: str, text: str) -> bool:
        """A cell typed over in the table view: record the correction, re-check at once."""
        cur = self.w.current
        if cur is None:
            return False
        bar = self.w.statusBar()
        try:
            value = parse_value(text) if text.strip() else None  # empty (or spaces) = printed empty
        except CorrectionError as exc:
            bar.showMessage(str(exc), 8000)
            return False
        reason = self.w.note_panel.reason.text().strip()
        # Who corrects is asked first (the session's first mark opens a dialog): the time shown
        # is the re-check's, not the reviewer's typing (5 s read as 重新检查用时 5142 毫秒).
        if not self.w.reviewer.name():
            bar.showMessage(NO_REVIEWER, 8000)
            return False
        t0 = time.perf_counter()
        if not self._correct(cur.report.sha256, [Correction(table, row, col, value, reason=reason)], cur.name):
            return False
        self.last_round_trip_ms = (time.perf_counter() - t0) * 1000
        self.w.note_panel.reason.clear()
        self.w.current_target = cell_target(table, row, col)
        self.show_note()
        bar.showMessage(
            self.tr("Corrected; re-checked in %1 ms").replace("%1", f"{self.last_round_trip_ms:.0f}"), 5000
        )
        return True

    def _correct(self, sha: str, corrections: list[Correction], file_name: str, remove: tuple[str, ...] = ()) -> bool:
        try:
            return self.session.correct(sha, corrections, file_name=file_name, remove=remove)
        except (ReportLocked, CorrectionError, NoReviewer) as exc:
            self.w.statusBar().showMessage(str(exc), 8000)
            return False

    def choose_candidate(self, index: int) -> None:
        """One click on a candidate split of the selected ambiguous_digits finding."""
        cur = self.w.current
        f = self._finding_of(self.w.current_target)
        if cur is None or f is None:
            return
        reason = self.w.note_panel.reason.text().strip()
        try:
            corrections = candidate_corrections(f, index, reason=reason)
        except CorrectionError as exc:
            self.w.statusBar().showMessage(str(exc), 8000)
            return
        if self._correct(cur.report.sha256, corrections, cur.name):
            self.w.note_panel.reason.clear()
            first = corrections[0]  # the finding is settled: the note panel follows its first cell
            self.w.current_target = cell_target(first.table, first.row, first.col)
            self.w.statusBar().showMessage(
                self.tr("Split %1 taken; re-checked").replace("%1", "/".join((f.candidates or [[]])[index])), 5000
            )
            self.show_note()

    def uncorrect(self) -> None:
        cur = self.w.current
        cell = self._cell_of(self.w.current_target)
        if cur is None or cell is None:
            return
        if self._correct(cur.report.sha256, [], cur.name, remove=(cell_id(*cell),)):
            self.show_note()

    # sign-off -----------------------------------------------------------------------------
    def sign_off(self) -> None:
        cur = self.w.current
        if cur is None or cur.report.error:
            return
        if self.session.is_locked(cur.sha):
            self.w.statusBar().showMessage(self.lock_message(cur.sha), 8000)
            return
        open_errors = [f"{rule_name(f.rule)}：{f.message}" for f in self.session.unresolved(cur.sha)]
        # 审阅人 is the reviewer of this session, each time the dialog opens.
        dlg = SignOffDialog(self.w.reviewer.current, cur.name, open_errors, self.w)

        def accept() -> None:
            try:
                self.session.sign(cur.sha, *dlg.values(), file_name=cur.name)
            except ValueError as exc:  # SignOffError, ReportLocked: the one message
                dlg.error.setText(str(exc))
                return
            QDialog.accept(dlg)

        dlg.accept = accept  # type: ignore[method-assign]
        self.sign_dialog = dlg  # for tests: the open dialog
        dlg.exec()

    def unlock(self) -> None:
        cur = self.w.current
        if cur is None or not self.session.is_locked(cur.sha):
            self.w.statusBar().showMessage(self.tr("This report is not signed off."), 5000)
            return
        dlg = UnlockDialog(self.w)
        self.unlock_dialog = dlg
        if dlg.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.session.unlock(cur.sha, dlg.reason.text())
        except ValueError as exc:
            self.w.statusBar().showMessage(str(exc), 8000)
            return
        self.w.statusBar().showMessage(
            self.tr("Unlocked: the report can be changed again; the reason is in the history."), 8000
        )

    # history ------------------------------------------------------------------------------
    def history_targets(self) -> list[str] | None:
        target = self.w.current_target
        if target.startswith("finding:"):
            return [target]
        cell = self._cell_of(target)
        if cell is not None:
            return [target, correction_target(*cell)]
        return None

    def show_history(self) -> None:
        """The 审阅记录 of the report, the selected finding's or cell's own first."""
        cur = self.w.current
        if cur is None or not cur.sha:
            return
        targets = self.history_targets()
        name = cur.name

        def done(entries: list[HistoryEntry] | None) -> None:
            describe = {e.target: self._describe_history_target(e.target) for e in entries or []}
            dlg = HistoryDialog(name, entries or [], describe, targets, self.w, printed=self._printed(cur.report))
            self.history_dialog = dlg
            dlg.open()

        self.w.ctl.history(cur.sha, None, done)

    @staticmethod
    def _printed(report: Report) -> dict[str, str]:
        """correction target -> the printed text of each corrected cell."""
        out = {}
        for t, rows in report.tables.items():
            for r, cols in rows.items():
                for c, cell in cols.items():
                    k = cell.corrected
                    if k is not None:
                        out[correction_target(t, r, c)] = k.original_raw or (
                            "" if k.original is None else str(k.original))
        return out

    def _describe_history_target(self, target: str) -> str:
        if target.startswith("correction:"):
            t, r, c = target.removeprefix("correction:").split("/")
            return self.tr("Correction: %1").replace("%1", self.describe_target(cell_target(t, r, c)))
        if target.startswith("finding:") and self._finding_of(target) is None:
            return self.tr("Finding no longer found (%1)").replace("%1", target.removeprefix("finding:"))
        return self.describe_target(target)

    def _edit(self, target: str | None, **change: str) -> None:
        cur = self.w.current
        if cur is None:
            return
        try:
            self.session.edit_note(
                cur.report.sha256, target or self.w.current_target, file_name=cur.name, **change
            )
        except (ReportLocked, NoReviewer) as exc:
            self.w.statusBar().showMessage(str(exc), 8000)

    def set_status(self, status: str, target: str | None = None) -> None:
        self._edit(target, status=status)

    def save_comment(self, text: str, target: str | None = None) -> None:
        self._edit(target, comment=text)
        self.w.statusBar().showMessage(self.tr("Note saved"), 2000)

    def autosave(self) -> None:
        # Moving on with an unsaved comment keeps it: the reviewer's words are never lost.
        if self.w.current is not None and self.w.note_panel.is_dirty():
            self.w.note_panel.save_comment()

    def focus_comment(self) -> None:
        if self.w.current is None:
            return
        self.w.note_panel.comment.setFocus()
        self.w.note_panel.comment.selectAll()

    def undo_redo(self, undo: bool) -> None:
        """Undo/redo acts on the report on screen; with nothing of it left, on the last
        change elsewhere, whose report is then brought on screen with a word about it."""
        self.autosave()
        bar = self.w.statusBar()
        sha = self._sha()
        step = self.session.undo if undo else self.session.redo
        try:
            done = step(sha) if sha else None
            elsewhere = done is None
            if done is None:
                done = step(None)
        except (ReportLocked, NoReviewer) as exc:
            bar.showMessage(str(exc), 8000)
            return
        if done is None:
            bar.showMessage(self.tr("Nothing to undo") if undo else self.tr("Nothing to redo"), 3000)
            return
        if elsewhere:
            entry = self.session.entry_of_sha(done[0])
            if entry is not None:
                self.w.open_report_path(entry.path)
                text = self.tr("Undone in %1") if undo else self.tr("Redone in %1")
                bar.showMessage(text.replace("%1", entry.name), 8000)
                return
        if done[1].startswith("cell:"):
            self.w.current_target = done[1]
        self.show_note()
        bar.showMessage(self.tr("Undone") if undo else self.tr("Redone"), 3000)
