"""The window's menus and keyboard shortcuts, declared in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from core.annotations import STATUSES
from gui import help as help_pages
from gui import reuse_view, version_view

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
    # QCoreApplication.translate with the context spelled out: pyside6-lupdate cannot tell
    # the context of a `tr = w.tr` alias and would file these strings under no class.
    mb = w.menuBar()
    m_file = mb.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    _action(w, QCoreApplication.translate("MainWindow", "Open file…"), w.choose_files, ["Ctrl+O"], m_file)
    _action(w, QCoreApplication.translate("MainWindow", "Open folder…"), w.choose_folder, ["Ctrl+Shift+O"], m_file)
    w.recent_menu = m_file.addMenu(QCoreApplication.translate("MainWindow", "Recent"))
    w.fill_recent()
    m_file.addSeparator()
    m_export = m_file.addMenu(QCoreApplication.translate("MainWindow", "Export"))
    _action(w, QCoreApplication.translate("MainWindow", "Current report…"), lambda: w.choose_export(False), ["Ctrl+E"], m_export)
    _action(w, QCoreApplication.translate("MainWindow", "Whole queue…"), lambda: w.choose_export(True), ["Ctrl+Shift+E"], m_export)
    m_file.addSeparator()
    _action(w, QCoreApplication.translate("MainWindow", "Preferences…"), w.show_preferences, ["Ctrl+,"], m_file)
    _action(w, QCoreApplication.translate("MainWindow", "Close queue"), w.clear_queue, None, m_file)
    _action(w, QCoreApplication.translate("MainWindow", "Quit"), w.close, ["Ctrl+Q"], m_file)

    m_edit = mb.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    w.undo_action = _action(w, QCoreApplication.translate("MainWindow", "Undo"), w.undo, None, m_edit)
    w.undo_action.setShortcuts(QKeySequence.StandardKey.Undo)
    w.redo_action = _action(w, QCoreApplication.translate("MainWindow", "Redo"), w.redo, ["Ctrl+Shift+Z", "Ctrl+Y"], m_edit)
    w.undo_action.setEnabled(False)  # enabled as the session gets changes (MainWindow)
    w.redo_action.setEnabled(False)

    m_review = mb.addMenu(QCoreApplication.translate("MainWindow", "&Review"))
    _action(w, QCoreApplication.translate("MainWindow", "Next finding"), lambda: w.step_finding(1), ["F8", "J"], m_review)
    _action(w, QCoreApplication.translate("MainWindow", "Previous finding"), lambda: w.step_finding(-1), ["Shift+F8", "K"], m_review)
    _action(w, QCoreApplication.translate("MainWindow", "Next report"), lambda: w.step_report(1), ["Ctrl+PgDown"], m_review)
    _action(w, QCoreApplication.translate("MainWindow", "Previous report"), lambda: w.step_report(-1), ["Ctrl+PgUp"], m_review)
    m_review.addSeparator()
    for i, status in enumerate(STATUSES, start=1):
        _action(
            w,
            QCoreApplication.translate("MainWindow", "Mark selection: %1").replace("%1", status),
            lambda _c=False, s=status: w.set_status(s),
            [f"Ctrl+{i}"],
            m_review,
        )
    _action(w, QCoreApplication.translate("MainWindow", "Clear status"), lambda: w.set_status(""), ["Ctrl+0"], m_review)
    m_report = m_review.addMenu(QCoreApplication.translate("MainWindow", "Mark whole report"))
    for i, status in enumerate(STATUSES, start=1):
        _action(w, status, lambda _c=False, s=status: w.set_status(s, "report"), [f"Ctrl+Shift+{i}"], m_report)
    _action(w, QCoreApplication.translate("MainWindow", "Comment…"), w.focus_comment, ["Ctrl+M"], m_review)
    _action(w, QCoreApplication.translate("MainWindow", "Review the report itself"), w.select_report_target, ["Ctrl+R"], m_review)

    # The report's own review: history, sign-off and its lock (gui.review_ctl).
    m_rep = mb.addMenu(QCoreApplication.translate("MainWindow", "Re&port"))
    _action(w, QCoreApplication.translate("MainWindow", "Review history…"), w.review.show_history, ["Ctrl+H"], m_rep)
    m_rep.addSeparator()
    _action(w, QCoreApplication.translate("MainWindow", "Sign off…"), w.review.sign_off, None, m_rep)
    _action(w, QCoreApplication.translate("MainWindow", "Unlock…"), w.review.unlock, None, m_rep)
    m_rep.addSeparator()
    # The copy a copied_text / text_reused finding speaks of, side by side (gui.reuse_view).
    _action(w, QCoreApplication.translate("ReuseView", "Copied text side by side…"),
            lambda: reuse_view.show_for_window(w), None, m_rep)
    # The report against its older version open in the queue (gui.version_view).
    _action(w, QCoreApplication.translate("VersionView", "Compare with the older version…"),
            lambda: version_view.show_for_window(w), None, m_rep)

    m_view = mb.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    _action(w, QCoreApplication.translate("MainWindow", "Original"), lambda: w.centre_tabs.setCurrentIndex(0), ["Alt+1"], m_view)
    _action(w, QCoreApplication.translate("MainWindow", "Folder overview"), lambda: w.centre_tabs.setCurrentIndex(1), ["Alt+2"], m_view)
    _action(w, QCoreApplication.translate("MainWindow", "Year comparison"), lambda: w.centre_tabs.setCurrentIndex(2), ["Alt+3"], m_view)
    m_view.addSeparator()
    _action(w, QCoreApplication.translate("MainWindow", "Zoom in"), lambda: w.source.pdf_view.step_zoom(1), ["Ctrl++", "Ctrl+="], m_view)
    _action(w, QCoreApplication.translate("MainWindow", "Zoom out"), lambda: w.source.pdf_view.step_zoom(-1), ["Ctrl+-"], m_view)
    _action(w, QCoreApplication.translate("MainWindow", "Next page"), lambda: w.step_page(1), ["PgDown"], m_view)
    _action(w, QCoreApplication.translate("MainWindow", "Previous page"), lambda: w.step_page(-1), ["PgUp"], m_view)

    m_help = mb.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    _action(w, QCoreApplication.translate("MainWindow", "Keyboard keys"), lambda: help_pages.show_keys(w), ["F1"], m_help)
    _action(w, QCoreApplication.translate("MainWindow", "What the colours mean"), lambda: help_pages.show_colours(w), None, m_help)
    _action(w, QCoreApplication.translate("MainWindow", "Where data and logs are"), lambda: help_pages.show_places(w), None, m_help)
    m_help.addSeparator()
    _action(w, QCoreApplication.translate("MainWindow", "About ReviewDesk"), lambda: help_pages.show_about(w), None, m_help)
