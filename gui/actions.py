"""The window's menus and keyboard shortcuts, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from core.annotations import STATUSES

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def _action(
    w: MainWindow, text: str, slot: Callable[..., Any], shortcuts: list[str] | None = None, menu: QMenu | None = None
) -> QAction:
    act = QAction(text, w)
    if shortcuts:
        act.setShortcuts([QKeySequence(s) for s in shortcuts])
    act.triggered.connect(slot)
    if menu is not None:
        menu.addAction(act)
    w.addAction(act)  # shortcuts work even when the menu bar is hidden
    return act


def build_actions(w: MainWindow) -> None:
    tr = w.tr
    mb = w.menuBar()
    m_file = mb.addMenu(tr("&File"))
    _action(w, tr("Open file…"), w.choose_files, ["Ctrl+O"], m_file)
    _action(w, tr("Open folder…"), w.choose_folder, ["Ctrl+Shift+O"], m_file)
    w.recent_menu = m_file.addMenu(tr("Recent"))
    w.fill_recent()
    m_file.addSeparator()
    m_export = m_file.addMenu(tr("Export"))
    _action(w, tr("Current report…"), lambda: w.choose_export(False), ["Ctrl+E"], m_export)
    _action(w, tr("Whole queue…"), lambda: w.choose_export(True), ["Ctrl+Shift+E"], m_export)
    m_file.addSeparator()
    _action(w, tr("Preferences…"), w.show_preferences, ["Ctrl+,"], m_file)
    _action(w, tr("Close queue"), w.clear_queue, None, m_file)
    _action(w, tr("Quit"), w.close, ["Ctrl+Q"], m_file)

    m_edit = mb.addMenu(tr("&Edit"))
    w.undo_action = _action(w, tr("Undo"), w.undo, None, m_edit)
    w.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
    w.redo_action = _action(w, tr("Redo"), w.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], m_edit)
    w.undo_action.setEnabled(False)  # enabled as the session gets changes (MainWindow)
    w.redo_action.setEnabled(False)

    m_review = mb.addMenu(tr("&Review"))
    _action(w, tr("Next finding"), lambda: w.step_finding(1), ["F8", "J"], m_review)
    _action(w, tr("Previous finding"), lambda: w.step_finding(-1), ["Shift+F8", "K"], m_review)
    _action(w, tr("Next report"), lambda: w.step_report(1), ["Ctrl+PgDown"], m_review)
    _action(w, tr("Previous report"), lambda: w.step_report(-1), ["Ctrl+PgUp"], m_review)
    m_review.addSeparator()
    for i, status in enumerate(STATUSES, start=1):
        _action(
            w,
            tr("Mark selection: %1").replace("%1", status),
            lambda _c=False, s=status: w.set_status(s),
            [f"Ctrl+{i}"],
            m_review,
        )
    _action(w, tr("Clear status"), lambda: w.set_status(""), ["Ctrl+0"], m_review)
    m_report = m_review.addMenu(tr("Mark whole report"))
    for i, status in enumerate(STATUSES, start=1):
        _action(w, status, lambda _c=False, s=status: w.set_status(s, "report"), [f"Ctrl+Shift+{i}"], m_report)
    _action(w, tr("Comment…"), w.focus_comment, ["Ctrl+M"], m_review)
    _action(w, tr("Review the report itself"), w.select_report_target, ["Ctrl+R"], m_review)

    # The report's own review: history, sign-off and its lock (gui.review_ctl).
    m_rep = mb.addMenu(tr("Re&port"))
    _action(w, tr("Review history…"), w.review.show_history, ["Ctrl+H"], m_rep)
    m_rep.addSeparator()
    _action(w, tr("Sign off…"), w.review.sign_off, None, m_rep)
    _action(w, tr("Unlock…"), w.review.unlock, None, m_rep)

    m_view = mb.addMenu(tr("&View"))
    _action(w, tr("Original"), lambda: w.centre_tabs.setCurrentIndex(0), ["Alt+1"], m_view)
    _action(w, tr("Folder overview"), lambda: w.centre_tabs.setCurrentIndex(1), ["Alt+2"], m_view)
    _action(w, tr("Year comparison"), lambda: w.centre_tabs.setCurrentIndex(2), ["Alt+3"], m_view)
    m_view.addSeparator()
    _action(w, tr("Zoom in"), lambda: w.source.pdf_view.step_zoom(1), ["Ctrl++", "Ctrl+="], m_view)
    _action(w, tr("Zoom out"), lambda: w.source.pdf_view.step_zoom(-1), ["Ctrl+-"], m_view)
    _action(w, tr("Next page"), lambda: w.step_page(1), ["PgDown"], m_view)
    _action(w, tr("Previous page"), lambda: w.step_page(-1), ["PgUp"], m_view)
