"""The batch view: one row per roster unit with its status, date, deadline, format, counts,
review state and score; filter, sort, a double click opens the unit's report; the charts
beside the table; live update when the batch is recomputed.

The charts are core.batchdocs.charts' matplotlib figures drawn on the Agg canvas in a worker
PROCESS (core.batchdocs.chart_process) and shown as QImages: the same pixels as in the 通报
and the PDF, no second drawing path. Not a thread: matplotlib's text layout and rasterising
keep the GIL for tens of milliseconds at a time, which the window felt as stalls of up to
280 ms on a 1,000-unit batch. (matplotlib's QtAgg canvas would draw on the GUI thread.)

A refresh is one background task in two steps: the batch itself (``snapshot``) and its rows,
shown as soon as they are made (the first frame does not wait for the charts), then the
charts. A newer refresh makes an older one's results stale and they are dropped. Live
updates are coalesced: the first change starts a short timer and later ones ride on it, and
changes that come while a refresh is computing make exactly one more refresh after it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.batchdocs import chart_process
from core.batchdocs.model import BatchDoc, UnitRow, build, status_label, words
from gui.batch_model import BatchFilterProxy, BatchTableModel, changed_rows, row_texts
from gui.batch_model import BatchTableModel as M
from gui.tasks import Task, run_task, single_thread_pool

log = logging.getLogger(__name__)

VIEW_DPI = 96  # the charts beside the table: screen resolution, not print


Chart = tuple[str, str, QImage]  # (id, title, image)


@dataclass
class Rendered:
    """What a refresh hands to the GUI thread: the rows, then the charts' pixels."""

    doc: BatchDoc
    batch: dict[str, Any]
    reports: list[dict[str, Any]]
    charts: list[Chart]  # empty until the chart process has drawn them
    coverage: dict[str, int]  # counted in the worker: nothing over all units runs on the GUI thread
    texts: list[tuple[str, ...]] | None = None  # the rows' words, made in the worker
    changed: list[int] | None = None  # rows that differ from those shown when the refresh began


def rows(batch: Mapping[str, Any], reports: list[dict[str, Any]], shown: list[UnitRow] | None = None) -> Rendered:
    """Off the GUI thread: the rows of the batch, their texts, and which differ from the
    units ``shown`` (when they are the same units: a live update); no charts yet."""
    doc = build(batch, reports)
    texts = [row_texts(u) for u in doc.units]
    same = shown is not None and [u.unit for u in shown] == [u.unit for u in doc.units]
    changed = changed_rows(shown, doc.units) if shown is not None and same else None
    return Rendered(doc, dict(batch), reports, [], doc.coverage_counts(), texts, changed)


def images(pixels: list[tuple[str, str, bytes, int, int]]) -> list[Chart]:
    # copy(): the QImage must own its pixels once ``pixels`` is gone (QImage is safe off the GUI thread).
    return [(cid, title, QImage(data, w, h, 4 * w, QImage.Format.Format_RGBA8888).copy())
            for cid, title, data, w, h in pixels]


def _figure(doc: BatchDoc, figure: str | None) -> tuple[str, str] | None:
    return (figure, doc.figure_names.get(figure, figure)) if figure else None


class ChartLabel(QLabel):
    """A chart fitted to the width of the panel (never wider than drawn), kept sharp by
    scaling the drawn image, not the shown one, on each resize."""

    def __init__(self) -> None:
        super().__init__()
        self.image = QImage()
        self.setMinimumWidth(80)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_image(self, image: QImage) -> None:
        self.image = image
        self._fit()

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self.image.isNull():
            return
        width = min(self.width(), self.image.width())
        if self.pixmap() is not None and not self.pixmap().isNull() and self.pixmap().width() == width:
            return
        scaled = self.image.scaledToWidth(max(1, width), Qt.TransformationMode.SmoothTransformation)
        self.setFixedHeight(scaled.height())
        self.setPixmap(QPixmap.fromImage(scaled))


Source = Callable[[], tuple[Mapping[str, Any], list[dict[str, Any]]]]


class BatchView(QWidget):
    """``snapshot``: called on the GUI thread at each refresh, returns the worker's function
    that makes ``(batch object, report objects)`` (set by gui/batch_ctl.py); or show a
    ready batch with ``show_batch``."""

    report_requested = Signal(str)  # path of the unit's report to open
    refreshed = Signal()  # a refresh has been shown (tests, the status bar)
    failed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.snapshot: Callable[[], Source] | None = None
        self.rendered: Rendered | None = None
        self._generation = 0
        self._task: Task | None = None
        # One thread for every refresh: matplotlib caches fonts and their glyphs per thread,
        # and loading CJK glyphs holds the GIL (tens of ms the window would feel) — once here.
        self._pool = single_thread_pool()
        # Owned by the view, so Qt ends it with the view on the GUI thread; a pool owned by
        # Python would be destroyed wherever the garbage collector happens to run.
        self._pool.setParent(self)
        self._timer = QTimer(self, singleShot=True, interval=300)  # edits in a burst: one refresh
        self._timer.timeout.connect(self.refresh)
        self._pending = False  # a change came while a refresh was computing: one more after it
        self._warmed = False

        self.model = BatchTableModel(self)
        self.proxy = BatchFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(BatchTableModel.UNIT, Qt.SortOrder.AscendingOrder)
        self.proxy.sort(-1)  # the roster's order until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in ((M.UNIT, 190), (M.CATEGORY, 48), (M.STATUS, 70), (M.PUBLISHED, 88), (M.DEADLINE_MET, 44),
                           (M.TEMPLATE, 120), (M.ERRORS, 44), (M.WARNINGS, 44), (M.REVIEW, 64), (M.SCORE, 84),
                           (M.RANK, 44), (M.GRADE, 48)):
            self.table.setColumnWidth(col, width)
        self.table.activated.connect(self._activated)

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter units…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda t: self.proxy.set_filter(text=t))
        self.status_combo = QComboBox()
        self.status_combo.addItem(self.tr("All statuses"), "")
        for status in words()["status"]:
            self.status_combo.addItem(status_label(status), status)
        self.status_combo.currentIndexChanged.connect(
            lambda _i: self.proxy.set_filter(status=self.status_combo.currentData()))
        self.figure_combo = QComboBox()
        self.figure_combo.addItem(self.tr("No figure chart"), "")
        self.figure_combo.currentIndexChanged.connect(lambda _i: self.refresh())
        self.summary = QLabel()
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # The tab must not widen the window's minimum (it shares the centre with the original):
        # the combos shrink to a few characters, their full text in the popup.
        for combo in (self.status_combo, self.figure_combo):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(4)
        self.filter_edit.setMinimumWidth(60)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_edit, 2)
        bar.addWidget(self.status_combo)
        bar.addWidget(self.figure_combo, 1)
        self.tools = bar  # the controller adds its buttons (roster, year, export) here

        self.chart_box = QWidget()
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_labels: dict[str, ChartLabel] = {}
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.chart_box)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(bar)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.summary)
        self.split.addWidget(left)
        self.split.addWidget(scroll)
        self.split.setSizes([800, 520])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.split)
        # An explicit small minimum: the tab shares the centre with the original, whose layout
        # (and the page's fit zoom) must not change because this tab exists.
        self.setMinimumSize(160, 120)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        super().showEvent(event)
        if not self._warmed:  # the chart process starts while the batch is computed
            self._warmed = True
            run_task(lambda _t: chart_process.warm(), pool=self._pool)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Small: a tab widget asks every page, and the window's splitters share out space by
        these hints; the batch tab must not shift the original's pane (and its fit zoom)."""
        return QSize(200, 150)

    # feeding ----------------------------------------------------------------------------
    def show_batch(self, batch: Mapping[str, Any], reports: list[dict[str, Any]]) -> None:
        """Show a batch object already made (e.g. by ``batch --json``); rendered off-thread."""
        self._start(lambda: (batch, reports))

    def schedule(self) -> None:
        """Recompute soon: the session changed a report, a note or a correction. Coalesced:
        the first change starts the timer and later ones wait for it (a storm of changes is
        not postponed for as long as it lasts); a change while a refresh computes makes one
        more refresh once that one is shown, instead of throwing its work away."""
        if self._computing():
            self._pending = True
        elif not self._timer.isActive():
            self._timer.start()

    def _computing(self) -> bool:
        return self._task is not None and not self._task.is_finished()

    def refresh(self) -> None:
        """Recompute now from ``snapshot``, or redraw the batch shown (a new figure chosen)."""
        if self.snapshot is not None:
            self._start(self.snapshot())
        elif self.rendered is not None:
            shown = self.rendered
            self._start(lambda: (shown.batch, shown.reports))

    def _start(self, source: Source) -> None:
        self._generation += 1
        generation = self._generation
        figure = self.figure_combo.currentData() or None
        self._pending = False
        if self._task is not None:
            self._task.cancel()

        # The units on screen when this refresh's rows arrive: older refreshes' are dropped
        # from now on, so these are they (the worker compares against them, not the GUI).
        on_screen = self.model.units

        def work(task: Task) -> list[Chart]:
            batch, reports = source()
            task.check()
            shown = rows(batch, reports, on_screen)
            task.check()
            # The chart job is handed over before the rows are shown, so this thread's
            # Python work (and the pickling) does not compete with the GUI thread's.
            job = chart_process.submit(shown.doc, _figure(shown.doc, figure), VIEW_DPI)
            task.progress(1, 2, shown)  # the rows are painted while the charts are drawn
            drawn = job(lambda: task.cancelled)
            task.check()
            return images(drawn or [])

        self._task = run_task(work, lambda r: self._done(generation, r), lambda e: self._failed(generation, e),
                              lambda _d, _t, r: self._rows(generation, r), pool=self._pool)

    def busy(self) -> bool:
        return self._computing() or self._timer.isActive() or self._pending

    # results ----------------------------------------------------------------------------
    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._task = None
        log.warning("batch view refresh failed: %s", exc)
        self.summary.setText(self.tr("Batch could not be computed: %1").replace("%1", str(exc)))
        self.failed.emit(str(exc))
        self._again()

    def _rows(self, generation: int, result: Rendered) -> None:
        """The rows of a refresh, shown before its charts are drawn."""
        if generation != self._generation:
            return
        charts = self.rendered.charts if self.rendered is not None else []
        result.charts = charts  # the last charts stay until the new ones come (exports read them)
        self.rendered = result
        selected = self.selected_unit()
        self.model.set_units(result.doc.units, result.texts, result.changed)
        if selected:
            self.select_unit(selected)
        self._fill_figures(result.doc)
        self.summary.setText(self._summary_text(result.doc, result.coverage))

    def _done(self, generation: int, charts: list[Chart] | None) -> None:
        if generation != self._generation or charts is None:
            return  # a newer refresh is on its way, or this one was cancelled
        self._task = None
        if self.rendered is not None:
            self.rendered.charts = charts
        self._show_charts(charts)
        self.refreshed.emit()
        self._again()

    def _again(self) -> None:
        if self._pending:
            self._pending = False
            self._timer.start()

    def _fill_figures(self, doc: BatchDoc) -> None:
        current = self.figure_combo.currentData()
        names = doc.figure_names
        if [self.figure_combo.itemData(i) for i in range(1, self.figure_combo.count())] == list(names):
            return
        self.figure_combo.blockSignals(True)
        self.figure_combo.clear()
        self.figure_combo.addItem(self.tr("No figure chart"), "")
        for fid, name in names.items():
            self.figure_combo.addItem(name, fid)
        i = self.figure_combo.findData(current)
        self.figure_combo.setCurrentIndex(max(0, i))
        self.figure_combo.blockSignals(False)

    def _show_charts(self, charts: list[Chart]) -> None:
        ids = [c[0] for c in charts]
        for cid in list(self.chart_labels):
            if cid not in ids:
                label = self.chart_labels.pop(cid)
                self.chart_layout.removeWidget(label)
                label.deleteLater()
        for i, (cid, title, image) in enumerate(charts):
            found = self.chart_labels.get(cid)
            if found is None:
                label = ChartLabel()
                label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
                self.chart_labels[cid] = label
                self.chart_layout.insertWidget(i, label)
            else:
                label = found
            label.set_image(image)
            label.setToolTip(title)
            label.setAccessibleName(title)

    def _summary_text(self, doc: BatchDoc, cov: dict[str, int]) -> str:
        parts = [f"{status_label(k)} {v}" for k, v in cov.items()]
        text = self.tr("%1 units (%2); %3 findings").replace("%1", str(len(doc.units))).replace(
            "%2", "，".join(parts)).replace("%3", str(len(doc.findings)))
        if doc.messages:
            text += "\n" + "\n".join(doc.messages[:5])
        return text

    # selection and click-through ----------------------------------------------------------
    def selected_unit(self) -> str | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        u = self.model.unit_at(self.proxy.mapToSource(rows[0]).row())
        return u.unit if u else None

    def select_unit(self, name: str) -> bool:
        for row, u in enumerate(self.model.units):
            if u.unit == name:
                index = self.proxy.mapFromSource(self.model.index(row, 0))
                if index.isValid():
                    self.table.selectRow(index.row())
                    return True
        return False

    def _activated(self, index: Any) -> None:
        u = self.model.unit_at(self.proxy.mapToSource(index).row())
        if u is not None and u.files:
            self.report_requested.emit(u.files[0])
