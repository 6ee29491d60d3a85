"""The reviewer's marks on the report on screen: the note panel, status, comment, undo.

Notes live in the review session (``core.session.ReviewSession``); this controller
connects them to what is on screen: which target (the report, a finding, a cell) the
note panel shows, and undo/redo that acts on the report on screen, or brings the report
it acts on to the screen and says so.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt

from core.rules.registry import rule_name
from core.session import note_target
from gui.labels import table_label

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class ReviewController(QObject):
    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.session = window.session

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
            panel.setEnabled(False)
            return
        target = self.w.current_target
        panel.show_target(self.describe_target(target), self.session.note(sha, target))

    def _edit(self, target: str | None, **change: str) -> None:
        cur = self.w.current
        if cur is None:
            return
        self.session.edit_note(
            cur.report.sha256, target or self.w.current_target, file_name=cur.name, **change
        )

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
        done = step(sha) if sha else None
        if done is None:
            done = step(None)
            if done is None:
                bar.showMessage(self.tr("Nothing to undo") if undo else self.tr("Nothing to redo"), 3000)
                return
            entry = self.session.entry_of_sha(done[0])
            if entry is not None:
                self.w.open_report_path(entry.path)
                text = self.tr("Undone in %1") if undo else self.tr("Redone in %1")
                bar.showMessage(text.replace("%1", entry.name), 8000)
                return
        bar.showMessage(self.tr("Undone") if undo else self.tr("Redone"), 3000)
