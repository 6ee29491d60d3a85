"""Year pairing in the window: which report is compared with which, and pairing by hand.

The pairing itself is the session's (``ReviewSession.set_pair``/``reset_pair`` over
``core.crossyear.pair_years``); this controller offers it where the reviewer looks — a
context menu on a queue entry, the buttons of the year comparison — and, when a choice
changes the pairs, runs the cross-year rules on the new pairs at once (the session has
already dropped the findings of the pairs that no longer hold).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QObject, QPoint, Qt
from PySide6.QtWidgets import QLabel, QMenu, QWidgetAction

from core.model import Report
from core.session import Entry, Event, PairsChanged, ReviewSession

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def report_label(report: Report) -> str:
    """"<file> (2023)": how a report is named wherever the pairing is shown."""
    year = str(report.year) if report.year else "?"
    return f"{Path(report.file).name} ({year})"


def pair_line(session: ReviewSession, report: Report) -> str:
    """One line saying which report this one is compared with, and why."""
    if report.error:
        return ""
    info = session.pair_info(report)
    if info.previous is not None:
        how = QCoreApplication.translate("Pairing", "paired by hand") if info.manual else QCoreApplication.translate("Pairing", "paired automatically")
        return (
            QCoreApplication.translate("Pairing", "Compared with last year's %1 (%2)")
            .replace("%1", report_label(info.previous))
            .replace("%2", how)
        )
    if info.chosen_absent:
        return QCoreApplication.translate("Pairing", "Paired by hand with a report that is not open")
    if info.manual:
        return QCoreApplication.translate("Pairing", "Unpaired by hand: not compared with last year's report")
    return QCoreApplication.translate("Pairing", "Not paired: no report of the year before of this agency is open")


class PairController(QObject):
    """The window's pairing menus and buttons, and the cross-year pass after a change."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.w = window
        self.session = window.session
        view = window.queue_view
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._queue_menu)
        cmp = window.compare
        self._pair_menu = QMenu(cmp)
        self._pair_menu.aboutToShow.connect(self._fill_compare_menu)
        cmp.pair_button.setMenu(self._pair_menu)
        cmp.unpair_button.clicked.connect(lambda: self._unpair(self.w.current))
        cmp.auto_button.clicked.connect(lambda: self._reset(self.w.current))
        self.session.subscribe(self._on_event, view=True)

    # the session ---------------------------------------------------------------------
    def _on_event(self, event: Event) -> None:
        if isinstance(event, PairsChanged) and event.manual:
            # New pairs are checked now; the session already took away the old ones' findings.
            self.w.loader.check_cross_year()

    # menus ---------------------------------------------------------------------------
    def menu_for(self, entry: Entry, parent: QMenu | None = None) -> QMenu:
        """The pairing menu of one report (the queue's context menu)."""
        menu = parent if parent is not None else QMenu(self.w)
        rep = entry.report
        menu.addAction(self._line(menu, pair_line(self.session, rep)))
        if rep.error:
            return menu
        menu.addSeparator()
        sub = menu.addMenu(QCoreApplication.translate("Pairing", "Pair with last year's report"))
        self._fill_candidates(sub, entry)
        state = self.session.pair_info(rep)
        unpair = menu.addAction(QCoreApplication.translate("Pairing", "Unpair"))
        unpair.setEnabled(state.previous is not None or (state.manual and state.chosen_absent))
        unpair.triggered.connect(lambda: self._unpair(entry))
        auto = menu.addAction(QCoreApplication.translate("Pairing", "Pair automatically again"))
        auto.setEnabled(state.manual)
        auto.triggered.connect(lambda: self._reset(entry))
        for nxt in self.session.next_of(rep):
            text = QCoreApplication.translate("Pairing", "Last year's report of %1").replace("%1", report_label(nxt))
            menu.addAction(self._line(menu, text))
        return menu

    @staticmethod
    def _line(menu: QMenu, text: str) -> QWidgetAction:
        """A line of the menu that informs: readable (not greyed out like a disabled
        entry), not clickable."""
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names come from the disk
        label.setContentsMargins(10, 4, 10, 4)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        act = QWidgetAction(menu)
        act.setDefaultWidget(label)
        act.setText(text)
        return act

    def _fill_candidates(self, menu: QMenu, entry: Entry) -> None:
        menu.clear()
        rep = entry.report
        prev = self.session.previous_of(rep)
        candidates = self.session.pair_candidates(rep)
        for cand in candidates:
            agency = cand.report.agency or QCoreApplication.translate("Pairing", "agency unknown")
            act = menu.addAction(f"{report_label(cand.report)} · {agency}")
            act.setCheckable(True)
            act.setChecked(cand.report is prev)
            act.triggered.connect(lambda _c=False, e=entry, c=cand: self.pair(e, c))
        if not candidates:
            year = str(rep.year - 1) if rep.year else "?"
            none = menu.addAction(QCoreApplication.translate("Pairing", "No report of %1 is open").replace("%1", year))
            none.setEnabled(False)

    def _fill_compare_menu(self) -> None:
        if self.w.current is not None:
            self._fill_candidates(self._pair_menu, self.w.current)
        else:
            self._pair_menu.clear()

    def _queue_menu(self, pos: QPoint) -> None:
        view = self.w.queue_view
        idx = view.indexAt(pos)
        if not idx.isValid():
            return
        entry = self.w.queue_model.entry(self.w.queue_proxy.mapToSource(idx).row())
        menu = self.menu_for(entry)
        menu.exec(view.viewport().mapToGlobal(pos))
        menu.deleteLater()

    # the reviewer's choices -------------------------------------------------------------
    def pair(self, entry: Entry, previous: Entry) -> None:
        if self.session.set_pair(entry.sha, previous.sha):
            self._say(QCoreApplication.translate("Pairing", "%1 is now compared with %2").replace("%1", report_label(entry.report))
                      .replace("%2", report_label(previous.report)))

    def _unpair(self, entry: Entry | None) -> None:
        if entry is not None and self.session.set_pair(entry.sha, None):
            self._say(QCoreApplication.translate("Pairing", "%1 is no longer compared with last year's report").replace(
                "%1", report_label(entry.report)))

    def _reset(self, entry: Entry | None) -> None:
        if entry is not None and self.session.reset_pair(entry.sha):
            self._say(pair_line(self.session, entry.report))

    def _say(self, text: str) -> None:
        self.w.statusBar().showMessage(text, 8000)
