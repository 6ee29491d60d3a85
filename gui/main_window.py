"""The window a reviewer spends the day in: queue | original | tables, findings below."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
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
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.crossyear import pair_years
from core.model import Finding, Loc, Report, union_loc
from core.pipeline import Analysis, collect_files
from gui import loader, settings
from gui.annotations_ctl import STATUSES, AnnotationController
from gui.compare import CompareWidget
from gui.findings_model import FINDING_ROLE, FindingsModel, finding_target
from gui.findings_model import SORT_ROLE as FINDING_SORT_ROLE
from gui.labels import TABLE_IDS, rule_label, table_label
from gui.loader import analyze_many, cross_year_many
from gui.note_panel import NotePanel
from gui.overview import OverviewWidget
from gui.queue_model import Entry, QueueFilter, QueueModel
from gui.table_model import LOC_ROLE, STATE_ROLE, TableModel, cells_loc, finding_indexes
from gui.tasks import Task, run_task, start_task
from gui.viewer import SourceView

log = logging.getLogger(__name__)

FILE_FILTER = "*.pdf *.html *.htm *.txt *.docx"


class _CellDelegate(QStyledItemDelegate):
    """Selected cells that a finding names keep their error/warning colour, framed in the
    selection colour, instead of disappearing under the plain selection fill: selecting a
    finding must still show which cells are wrong."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[operator]
        if not selected or index.data(STATE_ROLE) not in ("error", "warning"):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        opt.state = opt.state & ~QStyle.StateFlag.State_Selected  # type: ignore[assignment,operator]
        super().paint(painter, opt, index)
        painter.save()
        painter.setPen(QPen(option.palette.color(QPalette.ColorRole.Highlight), 3))
        painter.drawRect(option.rect.adjusted(1, 1, -2, -2))
        painter.restore()


class TablePane(QStackedWidget):
    """One table tab: the view, or a plain notice when the report has no such table."""

    def __init__(self, table_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_id = table_id
        self.view = QTableView()
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setDefaultSectionSize(72)
        # One line per row, fixed: cheaper than measuring every row (ResizeToContents).
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.view.setItemDelegate(_CellDelegate(self.view))
        self.notice = QLabel()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.addWidget(self.view)
        self.addWidget(self.notice)
        self.model: TableModel | None = None


class MainWindow(QMainWindow):
    def __init__(self, store_path: Path | None = None) -> None:
        super().__init__()
        self.setWindowTitle(self.tr("ReviewDesk — annual report review"))
        self.resize(1500, 920)
        self.setAcceptDrops(True)
        self.ctl = AnnotationController(store_path, self)
        self.current: Entry | None = None
        self.current_target = "report"
        self.tasks: list[Task] = []
        self._loading_total = 0
        self._loading_done = 0
        # Analyses received from the loader, added to the queue in one batch per flush.
        self._pending: list[tuple[str, Analysis]] = []
        self._pool_warming = False
        # Loads asked for before the window's first paint wait for it (see paintEvent).
        self._painted = False
        self._waiting: list[Task] = []

        self._build_queue()
        self._build_centre()
        self._build_tables()
        self._build_findings()
        self._build_layout()
        self._build_status_bar()
        self._build_actions()

        self.ctl.changed.connect(self._annotation_changed)
        self.ctl.loaded.connect(self._annotations_loaded)
        self.ctl.recovered.connect(self._store_recovered)
        self.ctl.failed.connect(
            lambda msg: self.statusBar().showMessage(self.tr("Annotation store error: %1").replace("%1", msg))
        )
        # The overview is rebuilt at most every half second while a folder loads.
        self._overview_timer = QTimer(self, singleShot=True, interval=500)
        self._overview_timer.timeout.connect(self.refresh_overview)
        self._progress_timer = QTimer(self, singleShot=True, interval=100)
        self._progress_timer.timeout.connect(self._paint_progress)
        # Reports arrive one by one; the queue takes them in batches at most every 50 ms,
        # so the views lay out and repaint once per batch instead of once per report.
        self._flush_timer = QTimer(self, singleShot=True, interval=50)
        self._flush_timer.timeout.connect(self._flush_pending)
        self._attach_timer = QTimer(self, singleShot=True, interval=1)
        self._attach_timer.timeout.connect(self._attach_current_table)

    # construction ---------------------------------------------------------------------
    def _build_queue(self) -> None:
        self.queue_model = QueueModel(lambda sha: self.ctl.status(sha, "report"), self)
        self.queue_proxy = QueueFilter(self)
        self.queue_proxy.setSourceModel(self.queue_model)
        self.queue_view = QTableView()
        self.queue_view.setModel(self.queue_proxy)
        self.queue_view.setSortingEnabled(True)
        self.queue_view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.queue_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.queue_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.queue_view.verticalHeader().hide()
        hh = self.queue_view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setStretchLastSection(True)
        self.queue_view.setColumnWidth(QueueModel.FILE, 120)
        self.queue_view.setColumnWidth(QueueModel.AGENCY, 110)
        for col in (QueueModel.YEAR, QueueModel.FORMAT, QueueModel.ERRORS, QueueModel.WARNINGS):
            self.queue_view.setColumnWidth(col, 42)
        self.queue_view.selectionModel().currentRowChanged.connect(self._queue_row_changed)
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter: file, agency, year"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(self.queue_proxy.set_text)
        self.severity_combo = QComboBox()
        for label, key in (
            (self.tr("All"), "all"),
            (self.tr("With errors"), "error"),
            (self.tr("With warnings"), "warning"),
            (self.tr("Not reviewed"), "open"),
        ):
            self.severity_combo.addItem(label, key)
        self.severity_combo.currentIndexChanged.connect(
            lambda _i: self.queue_proxy.set_severity(str(self.severity_combo.currentData()))
        )

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
        self.report_info = QLabel()
        self.report_info.setWordWrap(True)
        self.report_info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

    def _build_findings(self) -> None:
        self.findings_model = FindingsModel(annotation_of=self._annotation_pair, parent=self)
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
        self.note_panel = NotePanel()
        self.note_panel.status_chosen.connect(lambda s: self.set_status(s))
        self.note_panel.comment_saved.connect(self.save_comment)

    def _build_layout(self) -> None:
        left = QWidget()
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.severity_combo)
        ll.addLayout(row)
        ll.addWidget(self.queue_view, 1)

        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.report_info)
        rl.addWidget(self.table_tabs, 1)

        self.top_split = QSplitter(Qt.Orientation.Horizontal)
        self.top_split.addWidget(left)
        self.top_split.addWidget(self.centre_tabs)
        self.top_split.addWidget(right)
        self.top_split.setSizes([440, 560, 540])

        self.bottom_split = QSplitter(Qt.Orientation.Horizontal)
        self.bottom_split.addWidget(self.findings_view)
        self.bottom_split.addWidget(self.note_panel)
        self.bottom_split.setSizes([1100, 400])

        self.main_split = QSplitter(Qt.Orientation.Vertical)
        self.main_split.addWidget(self.top_split)
        self.main_split.addWidget(self.bottom_split)
        self.main_split.setSizes([620, 300])
        self.setCentralWidget(self.main_split)

    def _build_status_bar(self) -> None:
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(260)
        self.progress.setFormat("%v / %m")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.cancel_tasks)
        self.statusBar().addPermanentWidget(self.progress)
        self.statusBar().addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    def _action(self, text: str, slot: Any, shortcuts: list[str] | None = None, menu: Any = None) -> QAction:
        act = QAction(text, self)
        if shortcuts:
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
        act.triggered.connect(slot)
        if menu is not None:
            menu.addAction(act)
        self.addAction(act)  # shortcuts work even when the menu bar is hidden
        return act

    def _build_actions(self) -> None:
        mb = self.menuBar()
        m_file = mb.addMenu(self.tr("&File"))
        self._action(self.tr("Open file…"), self.choose_files, ["Ctrl+O"], m_file)
        self._action(self.tr("Open folder…"), self.choose_folder, ["Ctrl+Shift+O"], m_file)
        self.recent_menu = m_file.addMenu(self.tr("Recent"))
        self._fill_recent()
        m_file.addSeparator()
        m_export = m_file.addMenu(self.tr("Export"))
        self._action(self.tr("Current report…"), lambda: self.choose_export(False), ["Ctrl+E"], m_export)
        self._action(self.tr("Whole queue…"), lambda: self.choose_export(True), ["Ctrl+Shift+E"], m_export)
        m_file.addSeparator()
        self._action(self.tr("Preferences…"), self.show_preferences, ["Ctrl+,"], m_file)
        self._action(self.tr("Close queue"), self.clear_queue, None, m_file)
        self._action(self.tr("Quit"), self.close, ["Ctrl+Q"], m_file)

        m_edit = mb.addMenu(self.tr("&Edit"))
        undo = self.ctl.undo_stack.createUndoAction(self, self.tr("Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        redo = self.ctl.undo_stack.createRedoAction(self, self.tr("Redo"))
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        m_edit.addAction(undo)
        m_edit.addAction(redo)
        self.undo_action, self.redo_action = undo, redo

        m_review = mb.addMenu(self.tr("&Review"))
        self._action(self.tr("Next finding"), lambda: self.step_finding(1), ["F8", "J"], m_review)
        self._action(self.tr("Previous finding"), lambda: self.step_finding(-1), ["Shift+F8", "K"], m_review)
        self._action(self.tr("Next report"), lambda: self.step_report(1), ["Ctrl+PgDown"], m_review)
        self._action(self.tr("Previous report"), lambda: self.step_report(-1), ["Ctrl+PgUp"], m_review)
        m_review.addSeparator()
        for i, status in enumerate(STATUSES, start=1):
            self._action(
                self.tr("Mark selection: %1").replace("%1", status),
                lambda _c=False, s=status: self.set_status(s),
                [f"Ctrl+{i}"],
                m_review,
            )
        self._action(self.tr("Clear status"), lambda: self.set_status(""), ["Ctrl+0"], m_review)
        m_report = m_review.addMenu(self.tr("Mark whole report"))
        for i, status in enumerate(STATUSES, start=1):
            self._action(
                status, lambda _c=False, s=status: self.set_status(s, "report"), [f"Ctrl+Shift+{i}"], m_report
            )
        self._action(self.tr("Comment…"), self.focus_comment, ["Ctrl+M"], m_review)
        self._action(self.tr("Review the report itself"), self.select_report_target, ["Ctrl+R"], m_review)
        m_view = mb.addMenu(self.tr("&View"))
        self._action(self.tr("Original"), lambda: self.centre_tabs.setCurrentIndex(0), ["Alt+1"], m_view)
        self._action(
            self.tr("Folder overview"), lambda: self.centre_tabs.setCurrentIndex(1), ["Alt+2"], m_view
        )
        self._action(
            self.tr("Year comparison"), lambda: self.centre_tabs.setCurrentIndex(2), ["Alt+3"], m_view
        )
        m_view.addSeparator()
        self._action(
            self.tr("Zoom in"), lambda: self.source.pdf_view.step_zoom(1), ["Ctrl++", "Ctrl+="], m_view
        )
        self._action(self.tr("Zoom out"), lambda: self.source.pdf_view.step_zoom(-1), ["Ctrl+-"], m_view)
        self._action(self.tr("Next page"), lambda: self._step_page(1), ["PgDown"], m_view)
        self._action(self.tr("Previous page"), lambda: self._step_page(-1), ["PgUp"], m_view)

    def _step_page(self, step: int) -> None:
        pv = self.source.pdf_view
        if self.source.currentWidget() is pv:
            pv.show_page(pv.page + step)

    # opening -------------------------------------------------------------------------
    def _fill_recent(self) -> None:
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
        self._fill_recent()

    def choose_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Open reports"), "", self.tr("Reports (%1)").replace("%1", FILE_FILTER)
        )
        if files:
            self.open_paths(files)

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Open a folder of reports"))
        if folder:
            self.open_paths([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def open_paths(self, paths: list[str]) -> Task | None:
        """Analyse files and folders in the background; each report joins the queue as it is done."""
        paths = [str(p) for p in paths if p]
        if not paths:
            return None
        settings.add_recent(paths)
        self._fill_recent()

        def work(task: Task) -> int:
            files = collect_files(paths)
            task.progress(0, len(files), None)
            for i, (f, analysis) in enumerate(analyze_many(files, lambda: task.cancelled), start=1):
                task.progress(i, len(files), (str(f), analysis))
            task.check()
            return len(files)

        task: Task | None = None

        def progress(done: int, total: int, payload: Any) -> None:
            if payload is None:
                self._loading_total += total
                self._update_progress()
                return
            self._loading_done += 1
            self._update_progress()
            self._pending.append(payload)
            if self.current is None:
                self._flush_pending()  # the first report is shown at once
            elif not self._flush_timer.isActive():
                self._flush_timer.start()

        def finished(result: Any) -> None:
            self._flush_pending()
            self._task_finished(task)
            if result is None:
                self.statusBar().showMessage(self.tr("Loading cancelled"), 5000)
            else:
                self.statusBar().showMessage(self.tr("%1 reports loaded").replace("%1", str(result)), 5000)
            self.check_cross_year_all()

        def failed(exc: BaseException) -> None:
            self._flush_pending()
            self._task_finished(task)
            self.statusBar().showMessage(self.tr("Loading failed: %1").replace("%1", str(exc)))

        wait = self.isVisible() and not self._painted
        task = run_task(work, finished, failed, progress, defer=wait)
        if wait:
            self._waiting.append(task)
        self.tasks.append(task)
        self._update_progress()
        return task

    def _update_progress(self) -> None:
        busy = bool(self.tasks)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        # QProgressBar.setValue repaints synchronously; at one report per 20 ms that alone
        # would stall the window, so the bar's numbers are refreshed at most 10 times a second.
        if not self._progress_timer.isActive():
            self._progress_timer.start()

    def _paint_progress(self) -> None:
        # No count to show (the cross-year checks after a load): a busy bar, not "0 / 1".
        self.progress.setMaximum(self._loading_total)
        self.progress.setValue(self._loading_done)

    def _task_finished(self, task: Task | None) -> None:
        if task in self.tasks:
            self.tasks.remove(task)
        if not self.tasks:
            self._loading_total = self._loading_done = 0
        self._update_progress()

    def cancel_tasks(self) -> None:
        for t in list(self.tasks):
            t.cancel()
        self.statusBar().showMessage(self.tr("Cancelling…"), 3000)

    def _add_analysis(self, path: str, analysis: Analysis) -> None:
        self._pending.append((path, analysis))
        self._flush_pending()

    def _flush_pending(self) -> None:
        """Move the analyses received so far into the queue, in one batch."""
        self._flush_timer.stop()
        if not self._pending:
            return
        batch, self._pending = self._pending, []
        current_path = self.current.path if self.current is not None else None
        self.queue_model.add_many([Entry(path, analysis) for path, analysis in batch])
        # Opened reports live as long as the queue; moving them out of the collector's
        # reach keeps full collections (100 ms with a folder's worth) off the GUI thread.
        gc.freeze()
        if self.current is None:
            self.open_report_path(batch[0][0])
        elif current_path is not None and any(path == current_path for path, _a in batch):
            self.show_entry(self.queue_model.entry(self.queue_model.row_of_path(current_path)))
        self._overview_timer.start()

    def open_report_path(self, path: str) -> None:
        row = self.queue_model.row_of_path(path)
        if row < 0:
            return
        proxy_idx = self.queue_proxy.mapFromSource(self.queue_model.index(row, 0))
        if proxy_idx.isValid():
            self.queue_view.setCurrentIndex(proxy_idx)
        else:  # filtered out: show it anyway
            self.show_entry(self.queue_model.entry(row))
        if self.centre_tabs.currentWidget() is self.overview:
            self.centre_tabs.setCurrentWidget(self.source)

    def clear_queue(self) -> None:
        self.cancel_tasks()
        self._pending.clear()
        self.queue_model.clear()
        self.show_entry(None)
        self.refresh_overview()

    # showing a report ---------------------------------------------------------------
    def _queue_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid():
            return
        entry = self.queue_model.entry(self.queue_proxy.mapToSource(current).row())
        if self.current is None or entry.path != self.current.path or entry is not self.current:
            self.show_entry(entry)

    def show_entry(self, entry: Entry | None) -> None:
        self._autosave_comment()
        self.current = entry
        report = entry.report if entry else None
        doc = entry.analysis.document if entry else None
        self.source.show_document(doc, report.error or "" if report else "")
        self.findings_model.set_report(report)
        for table_id, pane in self.table_panes.items():
            self._fill_table(pane, report, table_id)
        self._update_info()
        self.current_target = "report"
        self._show_note()
        if self.centre_tabs.currentWidget() is self.compare:
            self.refresh_compare()
        title = self.tr("ReviewDesk — annual report review")
        self.setWindowTitle(f"{entry.name} — {title}" if entry else title)

    def _fill_table(self, pane: TablePane, report: Report | None, table_id: str) -> None:
        stale = pane.model
        if stale is not None and stale is not pane.view.model():
            stale.deleteLater()  # built for an earlier report, never shown
        if report is None or table_id not in report.tables:
            pane.model = None
            old = pane.view.model()
            pane.view.setModel(None)
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
            return
        model = TableModel(report, table_id, lambda target: self.ctl.comment(report.sha256, target), self)
        pane.model = model
        if self.table_tabs.currentWidget() is pane:
            # Laid out and painted on the next turn of the event loop, after the rest of
            # the report: two shorter pauses instead of one long one.
            self._attach_timer.start()
        missing = sum(1 for r in range(model.rowCount()) if model.is_missing_row(r))
        label = table_label(table_id)
        i = self.table_tabs.indexOf(pane)
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
        pane.view.verticalHeader().setMaximumWidth(320)
        # Sized once here; the ResizeToContents mode would measure every cell again on
        # each layout pass and data change.
        pane.view.resizeColumnsToContents()
        pane.setCurrentWidget(pane.view)

    def _update_info(self) -> None:
        e = self.current
        if e is None:
            self.report_info.setText("")
            return
        r = e.report
        if r.error:
            self.report_info.setText(f"<b>{e.name}</b><br><span style='color:#c0392b'>{r.error}</span>")
            return
        counts = r.counts()
        status = self.ctl.status(r.sha256, "report") or self.tr("unreviewed")
        fmt = r.template if r.template != "unknown" else self.tr("unknown")
        self.report_info.setText(
            self.tr("<b>%1</b> · %2 · %3 · format %4<br>errors %5 · warnings %6 · review: %7")
            .replace("%1", r.agency or e.name)
            .replace("%2", str(r.year or "?"))
            .replace("%3", (r.source_format or "").upper())
            .replace("%4", fmt)
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
        self.current_target = finding_target(f)
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

    def _cell_changed(self, pane: TablePane, index: QModelIndex) -> None:
        if pane.model is None or not index.isValid() or self.current is None:
            return
        self._autosave_comment()
        self.current_target = pane.model.target(index.row(), index.column())
        loc = pane.model.data(index, LOC_ROLE)
        self._show_loc(loc if isinstance(loc, Loc) else None)
        self._show_note()

    def _show_loc(self, loc: Loc | None) -> None:
        if loc is None:
            return
        if self.centre_tabs.currentWidget() is not self.source:
            self.centre_tabs.setCurrentWidget(self.source)
        self.source.show_loc(loc)

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
        n = self.queue_proxy.rowCount()
        if n == 0:
            return
        cur = self.queue_view.currentIndex()
        row = max(0, min(n - 1, cur.row() + step if cur.isValid() else 0))
        self.queue_view.setCurrentIndex(self.queue_proxy.index(row, 0))

    def select_report_target(self) -> None:
        self._autosave_comment()
        self.current_target = "report"
        self.findings_view.clearSelection()
        self._show_note()

    # annotations ------------------------------------------------------------------
    def _annotation_pair(self, target: str) -> tuple[str, str]:
        if self.current is None:
            return ("", "")
        ann = self.ctl.get(self.current.report.sha256, target)
        return (ann.status, ann.comment) if ann else ("", "")

    def _describe_target(self, target: str) -> str:
        if target == "report":
            return self.tr("The whole report")
        if target.startswith("finding:") and self.current is not None:
            key = target[len("finding:") :]
            for f in self.current.report.findings:
                if f.key() == key:
                    return self.tr("Finding %1: %2").replace("%1", rule_label(f.rule)).replace("%2", f.message)
        if target.startswith("cell:"):
            _c, table_id, row_id, col_id = target.split(":", 3)
            pane = self.table_panes.get(table_id)
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

    def _show_note(self) -> None:
        if self.current is None or not self.current.report.sha256:
            self.note_panel.setEnabled(False)
            self.note_panel.show_target("", None)
            self.note_panel.setEnabled(False)
            return
        ann = self.ctl.get(self.current.report.sha256, self.current_target)
        self.note_panel.show_target(self._describe_target(self.current_target), ann)

    def set_status(self, status: str, target: str | None = None) -> None:
        if self.current is None:
            return
        self.ctl.edit(
            self.current.report.sha256,
            target or self.current_target,
            status=status,
            file_name=self.current.name,
        )

    def save_comment(self, text: str, target: str | None = None) -> None:
        if self.current is None:
            return
        self.ctl.edit(
            self.current.report.sha256,
            target or self.current_target,
            comment=text,
            file_name=self.current.name,
        )
        self.statusBar().showMessage(self.tr("Note saved"), 2000)

    def _autosave_comment(self) -> None:
        # Moving on with an unsaved comment keeps it: the reviewer's words are never lost.
        if self.current is not None and self.note_panel.is_dirty():
            self.note_panel.save_comment()

    def focus_comment(self) -> None:
        if self.current is None:
            return
        self.note_panel.comment.setFocus()
        self.note_panel.comment.selectAll()

    def _annotation_changed(self, sha: str, target: str) -> None:
        self.queue_model.refresh_status(sha)
        if self.current is not None and self.current.report.sha256 == sha:
            self.findings_model.refresh_notes()
            for pane in self.table_panes.values():
                if pane.model is not None:
                    pane.model.refresh_notes()
            if target == self.current_target and not self.note_panel.is_dirty():
                self._show_note()
            self._update_info()
        self._overview_timer.start()

    def _annotations_loaded(self) -> None:
        self.queue_model.refresh_status()
        if self.current is not None:
            self.findings_model.refresh_notes()
            self._show_note()
            self._update_info()

    def _store_recovered(self, message: str) -> None:
        # Not a modal box: the reviewer should know, but must not be stopped.
        self.statusBar().showMessage(self.tr("Annotations: %1").replace("%1", message))
        log.warning("annotation store recovered: %s", message)

    def check_cross_year_all(self) -> Task | None:
        """Run the engine's cross-year rules over the whole queue, in the worker processes.

        Started when a load finishes: every report whose last year's report is in the queue
        gets its cross-year findings, so the queue's counts and a whole-queue export have
        them, not only the reports the reviewer opened. Pairs already checked are skipped.
        """
        entries = [e for e in self.queue_model.entries() if not e.report.error]
        by_report = {id(e.report): e for e in entries}
        todo = [
            (by_report[id(c)], c, p)
            for c, p in pair_years([e.report for e in entries], [])
            if p.sha256 not in by_report[id(c)].checked_prev
        ]
        if not todo:
            return None
        for e, _c, p in todo:
            e.checked_prev.add(p.sha256)
        pairs = [(c, p) for _e, c, p in todo]

        def work(task: Task) -> list[list[Finding]]:
            return cross_year_many(pairs, lambda: task.cancelled)

        task: Task | None = None

        def done(result: Any) -> None:
            self._task_finished(task)
            found = result or []
            for e, _c, p in todo[len(found) :]:
                e.checked_prev.discard(p.sha256)  # cancelled before its turn: check again later
            self._apply_cross_year([(e, fs) for (e, _c, _p), fs in zip(todo, found, strict=False)])

        def failed(exc: BaseException) -> None:
            self._task_finished(task)
            for e, _c, p in todo:
                e.checked_prev.discard(p.sha256)
            # Logged only: the per-report findings stand, and a later load tries these pairs again.
            log.error("cross-year check failed", exc_info=exc)

        task = run_task(work, done, failed)
        self.tasks.append(task)
        self._update_progress()
        return task

    def _apply_cross_year(self, results: list[tuple[Entry, list[Finding]]]) -> None:
        changed = []
        for e, findings in results:
            row = self.queue_model.row_of_path(e.path)
            if findings and row >= 0 and self.queue_model.entry(row) is e:
                e.report.findings.extend(findings)  # on the GUI thread: models read reports here
                changed.append(e.report)
        if not changed:
            return
        self.queue_model.refresh_reports(changed)
        cur = self.current.report if self.current is not None else None
        if cur is not None and any(r is cur for r in changed):
            self.findings_model.set_report(cur)
            for table_id, pane in self.table_panes.items():
                self._fill_table(pane, cur, table_id)
            self._update_info()
        if self.centre_tabs.currentWidget() is self.compare:
            self.refresh_compare()
        self._overview_timer.start()

    # overview and comparison ----------------------------------------------------------
    def _centre_tab_changed(self, _index: int) -> None:
        if self.centre_tabs.currentWidget() is self.overview:
            self.refresh_overview()
        elif self.centre_tabs.currentWidget() is self.compare:
            self.refresh_compare()

    def refresh_overview(self) -> None:
        if self.centre_tabs.currentWidget() is self.overview or not self.tasks:
            self.overview.refresh(self.queue_model.entries(), lambda sha: self.ctl.status(sha, "report"))

    def previous_year(self, report: Report) -> Report | None:
        if not report.agency or not report.year:
            return None
        for e in self.queue_model.entries():
            r = e.report
            if r.agency == report.agency and r.year == report.year - 1 and not r.error:
                return r
        return None

    def refresh_compare(self) -> None:
        r = self.current.report if self.current else None
        self.compare.set_pair(r, self.previous_year(r) if r else None)

    # export --------------------------------------------------------------------------
    def choose_export(self, whole_queue: bool) -> None:
        if not self.queue_model.rowCount() or (not whole_queue and self.current is None):
            return
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export review sheet"),
            "",
            self.tr("Excel (*.xlsx);;PDF review sheet (*.pdf);;HTML (*.html);;CSV (*.csv)"),
        )
        if path:
            self.export(path, whole_queue)

    def export_items(self, whole_queue: bool) -> list[tuple[Report, dict[str, Any]]]:
        entries = self.queue_model.entries() if whole_queue else ([self.current] if self.current else [])
        return [(e.report, self.ctl.for_report(e.report.sha256)) for e in entries]

    def export(self, path: str, whole_queue: bool) -> Task:
        items = self.export_items(whole_queue)
        reviewer = settings.reviewer_name()
        suffix = Path(path).suffix.lower()

        def work(task: Task) -> str:
            task.progress(0, 1, None)
            if suffix == ".pdf":
                from gui.export_pdf import export_pdf

                export_pdf(items, path, reviewer=reviewer)
            else:
                from core.export import export

                export(items, path, reviewer=reviewer)
            task.progress(1, 1, None)
            return path

        task: Task | None = None

        def done(result: Any) -> None:
            self._task_finished(task)
            self.statusBar().showMessage(self.tr("Exported to %1").replace("%1", str(result)), 8000)

        def failed(exc: BaseException) -> None:
            self._task_finished(task)
            log.error("export failed", exc_info=exc)
            self.statusBar().showMessage(self.tr("Export failed: %1").replace("%1", str(exc)))

        def progress(done_n: int, total: int, _payload: Any) -> None:
            self._loading_total = max(self._loading_total, total)
            self._loading_done = done_n
            self._update_progress()

        task = run_task(work, done, failed, progress)
        self.tasks.append(task)
        self._update_progress()
        return task

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
        waiting, self._waiting = self._waiting, []
        for task in waiting:
            start_task(task)
        self._warm_pool()

    def _warm_pool(self) -> None:
        # Worker processes start (and load the engine) off the GUI thread once the window
        # is up, so the first folder does not wait for them.
        if self._pool_warming:
            return
        self._pool_warming = True
        if not loader.pool_started():
            run_task(
                lambda _t: loader.warm_up(),
                None,
                lambda exc: log.warning("worker pool warm-up failed: %s", exc),
            )

    def closeEvent(self, event: QCloseEvent) -> None:
        self._autosave_comment()
        self.cancel_tasks()
        # A cancelled load stops after its current file (well under a second).
        QThreadPool.globalInstance().waitForDone(5000)
        self.ctl.close()
        super().closeEvent(event)
