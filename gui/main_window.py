"""The window a reviewer spends the day in: queue | original | tables, findings below.

A shell: it lays out the views, and the views follow the review session
(``core.session.ReviewSession``) by observing it. Opening and the cross-year pass are
``gui.load_ctl``, exports ``gui.export_ctl``, background work ``gui.ops``, the menus
``gui.actions``, the queue ``gui.queue_pane``, the notes ``gui.review_ctl``; what is
left here is the layout and the report on screen (original, tables, findings).
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QThreadPool,
    QTimer,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QPaintEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.document import SOURCE_SUFFIXES
from core.model import Finding, Loc, Report, union_loc
from core.session import (
    Entry,
    Event,
    NotesChanged,
    NotesLoaded,
    PairsChanged,
    ReportChanged,
    ReportsAdded,
    ReportsCleared,
    ReviewSession,
    ReviewStateChanged,
    SignoffChanged,
    note_target,
)
from gui import settings
from gui.actions import build_actions
from gui.annotations_ctl import AnnotationController
from gui.batch_ctl import attach as attach_batch
from gui.compare import CompareWidget
from gui.export_ctl import ExportController
from gui.findings_model import FINDING_ROLE, FindingsModel
from gui.findings_model import SORT_ROLE as FINDING_SORT_ROLE
from gui.labels import TABLE_IDS, table_label
from gui.load_ctl import LoadController
from gui.note_panel import NotePanel
from gui.ocr_panel import OcrController, OcrPanel
from gui.ops import Operations
from gui.overview import OverviewWidget
from gui.pair_ctl import PairController
from gui.queue_pane import QueuePane
from gui.review_ctl import ReviewController, ReviewerPrompt
from gui.table_model import LOC_ROLE, TableModel, cells_loc, finding_indexes
from gui.table_pane import TablePane
from gui.tasks import Task, run_task
from gui.viewer import SourceView

log = logging.getLogger(__name__)

FILE_FILTER = " ".join(f"*{suffix}" for suffix in SOURCE_SUFFIXES)


def default_size() -> QSize:
    """1500×920, or what the screen has room for (a 1280×720 laptop: the status bar with the
    reviewer's name and the findings must stay on the screen, frame included)."""
    size = QSize(1500, 920)
    screen = QGuiApplication.primaryScreen()
    if screen is not None:
        room = screen.availableGeometry().size() * 0.95
        size = size.boundedTo(room)
    return size


class MainWindow(QMainWindow):
    recent_menu: QMenu
    undo_action: QAction
    redo_action: QAction

    def __init__(self, store_path: Path | None = None) -> None:
        super().__init__()
        # Qt adds the application's display name (年报审阅台) to every window title itself;
        # the title says only what is open, or nothing.
        self.setWindowTitle("")
        self.resize(default_size())
        self.setAcceptDrops(True)
        self.current: Entry | None = None
        self.current_target = "report"
        self._painted = False
        # The report to show once it is loaded (the one last reviewed, at a restart).
        self.pending_current: str | None = None

        self.ops = Operations(self, self.statusBar())
        self.progress, self.cancel_button = self.ops.progress, self.ops.cancel_button
        # Loads asked for before the window's first paint wait for it (see paintEvent).
        self.ops.hold = lambda: self.isVisible() and not self._painted
        # Who is reviewing: asked at the first mark of a session (gui.review_ctl).
        self.reviewer = ReviewerPrompt(self)
        # The store behind the session's one persistence port, given at construction.
        self.ctl = AnnotationController(store_path, self)
        self.session = ReviewSession(self.ctl, reviewer=self.reviewer.name)
        # Text reuse across the open reports (~0.2 s over 200) in a worker thread, not here.
        self.session.set_background(self._in_background)
        self.ctl.attach(self.session)
        self.loader = LoadController(self.session, self.ops, self.statusBar(), self)
        self.loader.recent_changed.connect(self.fill_recent)
        self.exporter = ExportController(self, self.session, self.ops, self.statusBar(), self.ctl.read_reviews)
        self.review = ReviewController(self)

        self._build_queue()
        self._build_centre()
        self._build_tables()
        self._build_findings()
        self._build_layout()
        build_actions(self)
        self._build_ocr()
        self.pairing = PairController(self)
        self.batch = attach_batch(self)  # the batch tab and menu (gui/batch_ctl.py)

        self.ctl.recovered.connect(self._store_recovered)
        self.ctl.failed.connect(
            lambda msg: self.statusBar().showMessage(self.tr("Annotation store error: %1").replace("%1", msg))
        )
        # The overview is rebuilt at most every half second while a folder loads.
        self._overview_timer = QTimer(self, singleShot=True, interval=500)
        self._overview_timer.timeout.connect(self.refresh_overview)
        self._attach_timer = QTimer(self, singleShot=True, interval=1)
        self._attach_timer.timeout.connect(self._attach_current_table)
        # A view of the models: it hears each event after the queue model, in any order.
        self.session.subscribe(self._on_session_event, view=True)
        self.loader.pending_changed.connect(self._pending_changed)
        self.queue_model.observe(self.session)

    @property
    def tasks(self) -> list[Task]:
        return self.ops.tasks

    # construction ---------------------------------------------------------------------
    def _in_background(self, work: Callable[[], Any], done: Callable[[Any], None]) -> None:
        run_task(lambda _t: work(), done, lambda exc: log.error("text reuse failed", exc_info=exc))

    def _build_queue(self) -> None:
        self.queue_pane = QueuePane(lambda: self.current.path if self.current is not None else None)
        self.queue_pane.chosen.connect(self._entry_chosen)
        # The pane's parts by the names the rest of the window (and its tests) use.
        self.queue_model, self.queue_proxy = self.queue_pane.model, self.queue_pane.proxy
        self.queue_view = self.queue_pane.view
        self.filter_edit, self.severity_combo = self.queue_pane.filter_edit, self.queue_pane.severity_combo

    def _build_centre(self) -> None:
        self.source = SourceView()
        self.overview = OverviewWidget()
        self.overview.open_requested.connect(self.open_report_path)
        self.compare = CompareWidget()
        self.centre_tabs = QTabWidget()
        self.centre_tabs.addTab(self.source, self.tr("Original"))
        self.centre_tabs.addTab(self.overview, self.tr("Folder overview"))
        self.centre_tabs.addTab(self.compare, self.tr("Year comparison"))
        self.centre_tabs.currentChanged.connect(self._centre_tab_changed)

    def _build_tables(self) -> None:
        self.table_tabs = QTabWidget()
        self.table_panes: dict[str, TablePane] = {}
        for table_id in TABLE_IDS:
            pane = TablePane(table_id)
            self.table_panes[table_id] = pane
            self.table_tabs.addTab(pane, table_label(table_id))
            pane.view.clicked.connect(lambda cur, p=pane: self._cell_changed(p, cur))
        # A table's view gets its model when its tab is shown: one table laid out and
        # painted when a report opens, not all of them.
        self.table_tabs.currentChanged.connect(lambda _i: self._attach_current_table())
        # What the cells' marks mean; the corrected mark is the reviewer's own.
        # Under the tables: what the cells' colours and marks mean.
        # Each item is kept whole: the label wraps between items only. Qt's rich text does
        # not honour white-space:nowrap on a span, and Chinese may break between any two
        # characters, so the characters of an item are joined by WORD JOINER (U+2060).
        self.legend_words = [self.tr("error"), self.tr("warning"), self.tr("corrected by the reviewer"),
                             self.tr("note"), self.tr("type a number over a cell to correct it")]
        marks = ["<span style='background:#f8c4c0'>&nbsp;&nbsp;&nbsp;</span>",
                 "<span style='background:#ffe2a8'>&nbsp;&nbsp;&nbsp;</span>",
                 "<span style='color:#0b4fb3'>◤&nbsp;<b>12</b></span>", "✎", ""]
        items = [(f"{m}&nbsp;" if m else "") + "\u2060".join(html.escape(w)) for m, w in zip(marks, self.legend_words, strict=True)]
        self.table_legend = QLabel(" &nbsp; ".join(items))
        self.table_legend.setTextFormat(Qt.TextFormat.RichText)
        self.table_legend.setWordWrap(True)  # never what sets the window's minimum width
        self.table_legend.setStyleSheet("color: #555;")
        self.report_info = QLabel()
        self.report_info.setWordWrap(True)
        self.report_info.setTextFormat(Qt.TextFormat.RichText)
        self.report_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_findings(self) -> None:
        self.findings_model = FindingsModel(annotation_of=self.review.annotation_pair, parent=self)
        self.findings_proxy = QSortFilterProxyModel(self)
        self.findings_proxy.setSourceModel(self.findings_model)
        self.findings_proxy.setSortRole(FINDING_SORT_ROLE)
        self.findings_view = QTableView()
        self.findings_view.setModel(self.findings_proxy)
        self.findings_view.setSortingEnabled(True)
        # Errors first; the proxy's sort is stable, so the engine's order holds within a severity.
        self.findings_view.sortByColumn(FindingsModel.SEVERITY, Qt.SortOrder.AscendingOrder)
        self.findings_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.findings_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.findings_view.verticalHeader().hide()
        self.findings_view.setWordWrap(False)
        hh = self.findings_view.horizontalHeader()
        hh.setSectionResizeMode(FindingsModel.MESSAGE, QHeaderView.ResizeMode.Stretch)
        self.findings_view.setColumnWidth(FindingsModel.SEVERITY, 56)
        self.findings_view.setColumnWidth(FindingsModel.RULE, 130)
        self.findings_view.setColumnWidth(FindingsModel.TABLE, 80)
        self.findings_view.setColumnWidth(FindingsModel.STATUS, 64)
        self.findings_view.setColumnWidth(FindingsModel.NOTE, 160)
        self.findings_view.selectionModel().currentRowChanged.connect(self._finding_row_changed)
        self.findings_view.clicked.connect(lambda idx: self._finding_row_changed(idx, QModelIndex()))
        # Double-click / Enter on a copied_text or text_reused finding: the copy side by side.
        self.findings_view.activated.connect(self._finding_activated)
        self.note_panel = NotePanel()
        self.note_panel.status_chosen.connect(lambda s: self.set_status(s))
        self.note_panel.comment_saved.connect(self.save_comment)
        self.note_panel.candidate_chosen.connect(self.review.choose_candidate)
        self.note_panel.history_requested.connect(self.review.show_history)
        self.note_panel.uncorrect_requested.connect(self.review.uncorrect)

    def _build_layout(self) -> None:
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.report_info)
        rl.addWidget(self.table_tabs, 1)
        rl.addWidget(self.table_legend)

        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.addWidget(self.queue_pane)
        self.top_split.addWidget(self.centre_tabs)
        self.top_split.addWidget(right)
        # Shares that hold at 1280×720 too: the queue's columns, a page, a table of 7 columns.
        self.top_split.setSizes([480, 420, 600])

        self.bottom_split = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_split.addWidget(self.findings_view)
        self.bottom_split.addWidget(self.note_panel)
        self.bottom_split.setSizes([1100, 400])

        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.bottom_split)
        self.main_split.setSizes([620, 300])
        self.setCentralWidget(self.main_split)

    def step_page(self, step: int) -> None:
        pv = self.source.pdf_view
        if self.source.currentWidget() is pv:
            pv.show_page(pv.page + step)

    # the session's announcements -------------------------------------------------------
    def _on_session_event(self, event: Event) -> None:
        cur = self.current
        if isinstance(event, ReportsAdded):
            added: list[Entry] = list(event.entries)
            if self.pending_current is not None and any(e.path == self.pending_current for e in added):
                path, self.pending_current = self.pending_current, None
                self.open_report_path(path)
            elif cur is None:
                self.open_report_path(added[0].path)
            elif any(e.path == cur.path for e in added):
                self.show_entry(self.session.entry_of_path(cur.path))
            self._overview_timer.start()
        elif isinstance(event, ReportsCleared):
            self.show_entry(None)
            self.refresh_overview()
        elif isinstance(event, ReportChanged):
            self.undo_action.setEnabled(self.session.can_undo())
            self.redo_action.setEnabled(self.session.can_redo())
            if cur is not None and cur.report.sha256 == event.sha:
                self._show_report_views(cur.report)
                if not self.note_panel.is_dirty():
                    self._show_note()
            self._overview_timer.start()
        elif isinstance(event, SignoffChanged):
            if cur is not None and cur.report.sha256 == event.sha:
                for pane in self.table_panes.values():
                    if pane.view.state() == QAbstractItemView.State.EditingState:
                        pane.view.closePersistentEditor(pane.view.currentIndex())
                    if pane.model is not None:
                        pane.model.refresh_notes()
                self._update_info()
                self._show_note()
        elif isinstance(event, ReviewStateChanged):
            if cur is not None and cur.report.sha256 == event.sha:
                self._update_info()
        elif isinstance(event, PairsChanged):
            if self.centre_tabs.currentWidget() is self.compare:
                self.refresh_compare()
            self.undo_action.setEnabled(self.session.can_undo())
            self.redo_action.setEnabled(self.session.can_redo())
            self._overview_timer.start()
        elif isinstance(event, NotesChanged):
            sha, target = event.sha, event.target
            self.undo_action.setEnabled(self.session.can_undo())
            self.redo_action.setEnabled(self.session.can_redo())
            if cur is not None and cur.report.sha256 == sha:
                self.findings_model.refresh_notes()
                for pane in self.table_panes.values():
                    if pane.model is not None:
                        pane.model.refresh_notes()
                if target == self.current_target and not self.note_panel.is_dirty():
                    self._show_note()
                self._update_info()
            self._overview_timer.start()
        elif isinstance(event, NotesLoaded) and cur is not None:
            self.findings_model.refresh_notes()
            self._show_note()
            self._update_info()

    # opening -------------------------------------------------------------------------
    def fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = settings.recent_paths()
        for p in recent:
            act = self.recent_menu.addAction(p)
            act.triggered.connect(lambda _c=False, p=p: self.open_paths([p]))
        if recent:
            self.recent_menu.addSeparator()
            self.recent_menu.addAction(self.tr("Clear list"), self._clear_recent)
        self.recent_menu.setEnabled(bool(recent))

    def _clear_recent(self) -> None:
        settings.clear_recent()
        self.fill_recent()

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open reports"), settings.dialog_folder("open"),
            self.tr("Reports (%1)").replace("%1", FILE_FILTER),
        )
        if files:
            settings.remember_dialog_folder("open", files[0])
            self.open_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Open a folder of reports"), settings.dialog_folder("open")
        )
        if folder:
            settings.remember_dialog_folder("open", folder)
            self.open_paths([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def open_paths(self, paths: list[str], remember: bool = True) -> Task | None:
        """Analyse files and folders in the background; each report joins the queue as it is done."""
        return self.loader.open_paths(paths, remember)

    def _pending_changed(self) -> None:
        """Files being read: listed above the queue with their pages; while nothing is on
        screen yet, the centre says what is being read instead of "open a report"."""
        lines = self.loader.pending_lines()
        self.queue_pane.show_pending(lines)
        self.source.show_waiting(lines[0] if lines and self.current is None else "")

    def open_report_path(self, path: str) -> None:
        entry = self.queue_pane.select_path(path)
        if entry is None:
            return
        if self.current is not entry:
            self.show_entry(entry)  # shown even when the filter hides its row
        self._bring_up_original()

    def clear_queue(self) -> None:
        self.loader.clear()

    # showing a report ---------------------------------------------------------------
    def _bring_up_original(self) -> None:
        if self.centre_tabs.currentWidget() is self.overview:
            self.centre_tabs.setCurrentWidget(self.source)

    def _entry_chosen(self, entry: Entry) -> None:
        if entry is not self.current:
            self.show_entry(entry)
        self._bring_up_original()

    def show_entry(self, entry: Entry | None) -> None:
        self._autosave_comment()
        self.current = entry
        report = entry.report if entry else None
        doc = entry.analysis.document if entry else None
        self.source.show_document(doc, report.error or "" if report else "")
        self._show_report_views(report)
        self.ocr.set_entry(entry)
        self.current_target = "report"
        self._show_note()
        self.setWindowTitle(entry.name if entry else "")

    def _show_report_views(self, report: Report | None) -> None:
        self.findings_model.set_report(report)
        for table_id, pane in self.table_panes.items():
            self._fill_table(pane, report, table_id)
        self._update_info()
        if self.centre_tabs.currentWidget() is self.compare:
            self.refresh_compare()

    def _fill_table(self, pane: TablePane, report: Report | None, table_id: str) -> None:
        label = table_label(table_id)
        i = self.table_tabs.indexOf(pane)
        if report is not None and pane.model is not None and pane.model.report is report and pane.model.present:
            # The same report re-checked (a correction): refreshed in place, so the
            # reviewer's selection and current cell stay.
            pane.model.refresh()
            missing = any(pane.model.is_missing_row(r) for r in range(pane.model.rowCount()))
            self.table_tabs.setTabText(i, f"{label} ⚠" if missing else label)
            return
        stale = pane.model
        if stale is not None and stale is not pane.view.model():
            stale.deleteLater()  # built for an earlier report, never shown
        if report is None or table_id not in report.tables:
            pane.model = None
            old = pane.view.model()
            pane.view.setModel(None)  # type: ignore[arg-type]
            if old is not None:
                old.deleteLater()
            if report is None:
                pane.notice.setText("")
            elif report.error:
                pane.notice.setText(self.tr("The file could not be read."))
            elif report.template == "2008":
                pane.notice.setText(self.tr("The 2008 format has no statistical tables."))
            else:
                pane.notice.setText(self.tr("This table is missing from the report."))
            pane.setCurrentWidget(pane.notice)
            self.table_tabs.setTabText(i, label)
            return
        sha = report.sha256
        model = TableModel(
            report, table_id, lambda target: self.session.comment(sha, target), self,
            edit=self.review.edit_cell, locked=lambda: self.session.is_locked(sha),
        )
        pane.model = model
        if self.table_tabs.currentWidget() is pane:
            # Laid out and painted on the next turn of the event loop, after the rest of
            # the report: two shorter pauses instead of one long one.
            self._attach_timer.start()
        missing = any(model.is_missing_row(r) for r in range(model.rowCount()))
        self.table_tabs.setTabText(i, f"{label} ⚠" if missing else label)

    def _attach_current_table(self) -> None:
        pane = self.table_tabs.currentWidget()
        if isinstance(pane, TablePane):
            self._attach_table(pane)

    def _attach_table(self, pane: TablePane) -> None:
        """Give the pane's view its model (once per report), sized to the contents once."""
        model = pane.model
        if model is None or pane.view.model() is model:
            return
        old = pane.view.model()
        pane.view.setModel(model)
        if old is not None:
            old.deleteLater()
        pane.view.selectionModel().currentChanged.connect(
            lambda cur, _prev, p=pane: self._cell_changed(p, cur)
        )
        # Sized once here; the ResizeToContents mode would measure every cell again on
        # each layout pass and data change.
        pane.fit_columns()
        pane.setCurrentWidget(pane.view)

    def _update_info(self) -> None:
        e = self.current
        if e is None:
            self.report_info.setText("")
            return
        r = e.report
        # Rich text for the layout; every value from a file or the engine is escaped.
        esc = html.escape
        if r.error:
            self.report_info.setText(f"<b>{esc(e.name)}</b><br><span style='color:#c0392b'>{esc(r.error)}</span>")
            return
        counts = r.counts()
        # The one review state, as the queue and the sheets say it.
        status = esc(self.session.review_state_label(r.sha256))
        signed = self.session.signoff(r.sha256)
        if signed is not None:
            status += " · " + self.tr("<span style='color:#0b3d91'>signed off by %1 / %2 — locked</span>") \
                .replace("%1", esc(signed.reviewer)).replace("%2", esc(signed.second_reviewer))
        marks = list(self.session.corrections(r.sha256).values())
        n_corr = sum(not c.confirmed for c in marks)  # a confirmation is not a correction
        if n_corr:
            status += " · " + self.tr("%1 corrected cells").replace("%1", str(n_corr))
        if len(marks) > n_corr:
            status += " · " + self.tr("%1 readings confirmed").replace("%1", str(len(marks) - n_corr))
        fmt = r.template if r.template != "unknown" else self.tr("unknown")
        self.report_info.setText(
            self.tr("<b>%1</b> · %2 · %3 · format %4<br>errors %5 · warnings %6 · review: %7")
            .replace("%1", esc(r.agency or e.name))
            .replace("%2", str(r.year or "?"))
            .replace("%3", esc((r.source_format or "").upper()))
            .replace("%4", esc(fmt))
            .replace("%5", str(counts.get("error", 0)))
            .replace("%6", str(counts.get("warning", 0)))
            .replace("%7", status)
        )

    # findings and cells -----------------------------------------------------------
    def _finding_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        f = self.findings_proxy.data(current, FINDING_ROLE)
        if isinstance(f, Finding):
            self.select_finding(f)

    def select_finding(self, f: Finding) -> None:
        """Select the finding's cells and bring its place in the original into view."""
        if self.current is None:
            return
        self._autosave_comment()
        self.current_target = note_target(f)
        report = self.current.report
        if f.table and f.table in self.table_panes:
            pane = self.table_panes[f.table]
            self.table_tabs.setCurrentWidget(pane)
            self._attach_table(pane)
            if pane.model is not None:
                sel = QItemSelection()
                idxs = finding_indexes(pane.model, f)
                for idx in idxs:
                    sel.select(idx, idx)
                pane.view.selectionModel().select(sel, QItemSelectionModel.SelectionFlag.ClearAndSelect)
                if idxs:
                    pane.view.scrollTo(idxs[0])
        loc = f.loc or union_loc(list(cells_loc(report, f)))
        self._show_loc(loc)
        self._show_note()
        self._ocr_finding_selected(f)

    def _cell_changed(self, pane: TablePane, index: QModelIndex) -> None:
        if pane.model is None or not index.isValid() or self.current is None:
            return
        self._autosave_comment()
        self.current_target = pane.model.target(index.row(), index.column())
        self._ocr_cell_changed(pane, index)
        loc = pane.model.data(index, LOC_ROLE)
        self._show_loc(loc if isinstance(loc, Loc) else None)
        self._show_note()

    def _show_loc(self, loc: Loc | None) -> None:
        if loc is None:
            # Nothing to point at: no box left from the finding before.
            self.source.clear_highlight()
            return
        if self.centre_tabs.currentWidget() is not self.source:
            self.centre_tabs.setCurrentWidget(self.source)
        self.source.show_loc(loc)

    def _finding_activated(self, _index: QModelIndex) -> None:
        f = self.selected_finding()
        if f is not None and f.rule in ("copied_text", "text_reused"):
            from gui import reuse_view

            self.reuse_dialog = reuse_view.show_for_window(self)

    def selected_finding(self) -> Finding | None:
        idx = self.findings_view.currentIndex()
        f = self.findings_proxy.data(idx, FINDING_ROLE) if idx.isValid() else None
        return f if isinstance(f, Finding) else None

    def select_finding_row(self, row: int) -> None:
        idx = self.findings_proxy.index(row, 0)
        if idx.isValid():
            self.findings_view.setCurrentIndex(idx)
            self.findings_view.scrollTo(idx)

    def step_finding(self, step: int) -> None:
        n = self.findings_proxy.rowCount()
        if n == 0:
            return
        cur = self.findings_view.currentIndex()
        row = cur.row() + step if cur.isValid() else (0 if step > 0 else n - 1)
        self.select_finding_row(max(0, min(n - 1, row)))
        self.findings_view.setFocus()

    def step_report(self, step: int) -> None:
        self.queue_pane.step(step)

    def select_report_target(self) -> None:
        self._autosave_comment()
        self.current_target = "report"
        self.findings_view.clearSelection()
        self._show_note()

    # OCR'd cells (gui.ocr_panel) -------------------------------------------------------
    def _build_ocr(self) -> None:
        """The OCR panel, a tab beside the note panel."""
        self.ocr_panel = OcrPanel()
        self.ocr = OcrController(self.session, self.ocr_panel, self)
        self.ocr.cell_requested.connect(self.select_cell)
        self.side_tabs = QTabWidget()
        at = self.bottom_split.indexOf(self.note_panel)
        sizes = self.bottom_split.sizes()
        self.bottom_split.replaceWidget(at, self.side_tabs)
        self.side_tabs.addTab(self.note_panel, self.tr("Note"))
        # In a scroll area: the panel's own minimum (crop, buttons, legend) must not set the
        # window's, or a small screen could not hold the window.
        self.ocr_scroll = QScrollArea()
        self.ocr_scroll.setWidget(self.ocr_panel)
        self.ocr_scroll.setWidgetResizable(True)
        self.ocr_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.side_tabs.addTab(self.ocr_scroll, self.tr("OCR check"))
        self.bottom_split.setSizes(sizes)

    def _ocr_cell_changed(self, pane: TablePane, index: QModelIndex) -> None:
        if pane.model is None or self.current is None or not self.current.report.ocr:
            return
        self.ocr.show_cell(pane.table_id, pane.model.row_id(index.row()), pane.model.col_id(index.column()))
        cell = pane.model.cell(index.row(), index.column())
        if cell is not None and cell.ocr is not None:
            self.side_tabs.setCurrentWidget(self.ocr_scroll)

    def _ocr_finding_selected(self, f: Finding) -> None:
        """A doubt about a reading brings that reading into the OCR panel; any other finding the notes."""
        if f.rule == "ocr_uncertain" and f.table and f.cells:
            self.ocr.show_cell(f.table, *f.cells[0])
            self.side_tabs.setCurrentWidget(self.ocr_scroll)
        else:
            self.side_tabs.setCurrentWidget(self.note_panel)

    def select_cell(self, table: str, row: str, col: str) -> None:
        """Bring a table cell on screen and select it (its box on the page, the OCR panel follow)."""
        pane = self.table_panes.get(table)
        if pane is None:
            return
        self.table_tabs.setCurrentWidget(pane)
        self._attach_table(pane)
        if pane.model is None:
            return
        idx = pane.model.index_of(row, col)
        if idx.isValid():
            pane.view.setCurrentIndex(idx)
            pane.view.scrollTo(idx)
            self._cell_changed(pane, idx)

    # notes (gui.review_ctl) ------------------------------------------------------------
    def set_status(self, status: str, target: str | None = None) -> None:
        self.review.set_status(status, target)

    def save_comment(self, text: str, target: str | None = None) -> None:
        self.review.save_comment(text, target)

    def focus_comment(self) -> None:
        self.review.focus_comment()

    def undo(self) -> None:
        self.review.undo_redo(undo=True)

    def redo(self) -> None:
        self.review.undo_redo(undo=False)

    def _show_note(self) -> None:
        self.review.show_note()

    def _autosave_comment(self) -> None:
        self.review.autosave()

    def _store_recovered(self, message: str) -> None:
        # Not a modal box: the reviewer should know, but must not be stopped.
        self.statusBar().showMessage(self.tr("Annotations: %1").replace("%1", message))
        log.warning("annotation store recovered: %s", message)

    # overview and comparison ----------------------------------------------------------
    def _centre_tab_changed(self, _index: int) -> None:
        if self.centre_tabs.currentWidget() is self.overview:
            self.refresh_overview()
        elif self.centre_tabs.currentWidget() is self.compare:
            self.refresh_compare()

    def refresh_overview(self) -> None:
        if self.centre_tabs.currentWidget() is self.overview or not self.tasks:
            s = self.session
            self.overview.refresh(s.entries(), s.status, s.series_keys(), s.pair_info)

    def refresh_compare(self) -> None:
        r = self.current.report if self.current else None
        info = self.session.pair_info(r) if r else None
        self.compare.set_pair(r, info.previous if info else None, info)

    # export --------------------------------------------------------------------------
    def choose_export(self, whole_queue: bool) -> None:
        self.exporter.choose(self._export_entries(whole_queue))

    def _export_entries(self, whole_queue: bool) -> list[Entry]:
        if whole_queue:
            return self.session.entries()
        return [self.current] if self.current is not None else []

    def export(self, path: str, whole_queue: bool) -> Task:
        return self.exporter.export(path, self._export_entries(whole_queue))

    # misc ------------------------------------------------------------------------------
    def show_preferences(self) -> None:
        from gui.prefs import PreferencesDialog

        PreferencesDialog(self).exec()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._painted:
            QTimer.singleShot(400, self._after_first_paint)  # should no paint come

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            # Runs once the whole first paint is done (a timer fires after this event).
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        """The window's first paint lays out and draws every widget (100+ ms on a busy
        machine); a load started at launch and the worker processes' start-up would
        compete with it for the CPU and the GIL, so they start right after it."""
        if self._painted:
            return
        self._painted = True
        self.ops.release()
        self.loader.warm_pool()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._autosave_comment()
        self.ops.cancel_all()
        # A cancelled load stops after its current file (well under a second).
        QThreadPool.globalInstance().waitForDone(5000)
        self.loader.shutdown()
        self.ctl.close()
        super().closeEvent(event)
