"""The queue pane: the opened reports with a text filter and a severity filter.

Only the reviewer's own moves (a click, Enter, the arrow keys, Ctrl+PgUp/PgDown) choose a
report; a filter that hides the row on screen, or sorting, moves the view's current row
but never switches the report silently.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from core.session import Entry
from gui.queue_model import QueueFilter, QueueModel


class ElideDelegate(QStyledItemDelegate):
    """A column's own elide mode (the view has one for all its columns)."""

    def __init__(self, mode: Qt.TextElideMode, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode

    def initStyleOption(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = self.mode


def shown_text(view: QTableView, row: int, col: int) -> str:
    """A queue cell's text as drawn at the column's width (elided by its mode)."""
    idx = view.model().index(row, col)
    text = str(idx.data() or "")
    delegate = view.itemDelegateForColumn(col)
    mode = delegate.mode if isinstance(delegate, ElideDelegate) else view.textElideMode()
    room = view.columnWidth(col) - 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)
    return view.fontMetrics().elidedText(text, mode, room)


class QueuePane(QWidget):
    chosen = Signal(object)  # the Entry the reviewer chose

    def __init__(self, shown_path: Callable[[], str | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._shown_path = shown_path  # the report on screen, kept selected through filters
        self.model = QueueModel(parent=self)
        self.proxy = QueueFilter(self)
        self.proxy.setSourceModel(self.model)
        view = self.view = QTableView()
        view.setModel(self.proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.verticalHeader().hide()
        view.setWordWrap(False)
        # Files of one agency share long prefixes: cut in the middle, keep the end and suffix.
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        # An agency's name is told apart by its start (淮安市洪泽区… / 淮安市人民政府): cut at the end.
        self._agency_delegate = ElideDelegate(Qt.TextElideMode.ElideRight, view)
        view.setItemDelegateForColumn(QueueModel.AGENCY, self._agency_delegate)
        hh = view.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # Who and which year first, then the file (two scans of one year differ there).
        hh.moveSection(hh.visualIndex(QueueModel.AGENCY), 0)
        hh.moveSection(hh.visualIndex(QueueModel.YEAR), 1)
        # The file name takes what is left; the review column stays in view.
        hh.setSectionResizeMode(QueueModel.FILE, QHeaderView.ResizeMode.Stretch)
        # The format is in the report's header line and the row's tooltip: its column gives
        # its room to the file name.
        view.setColumnHidden(QueueModel.FORMAT, True)
        hh.setStretchLastSection(False)
        hh.setMinimumSectionSize(28)
        # The short columns as wide as their header or widest value, never cut ("2…4"); the
        # agency holds a county government's whole name (淮安市洪泽区人民政府).
        fm = hh.fontMetrics()
        samples = {QueueModel.YEAR: "2024", QueueModel.FORMAT: "2021", QueueModel.ERRORS: "99",
                   QueueModel.WARNINGS: "99", QueueModel.STATUS: "已标注 9/9", QueueModel.AGENCY: "某市某区政府"}
        for col, sample in samples.items():
            header = str(self.model.headerData(col, Qt.Orientation.Horizontal))
            view.setColumnWidth(col, max(fm.horizontalAdvance(header), fm.horizontalAdvance(sample)) + 18)
        view.clicked.connect(self._chosen)
        view.activated.connect(self._chosen)
        view.selectionModel().currentRowChanged.connect(self._current_moved)
        self._filtering = False

        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(self.tr("Filter: file, agency, year"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.textChanged.connect(lambda text: self._filter(self.proxy.set_text, text))
        self.severity_combo = QComboBox()
        for label, key in (
            (self.tr("All"), "all"),
            (self.tr("With errors"), "error"),
            (self.tr("With warnings"), "warning"),
            (self.tr("Not reviewed"), "open"),
        ):
            self.severity_combo.addItem(label, key)
        self.severity_combo.currentIndexChanged.connect(
            lambda _i: self._filter(self.proxy.set_severity, str(self.severity_combo.currentData()))
        )
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(self.filter_edit, 1)
        row.addWidget(self.severity_combo)
        lay.addLayout(row)
        # The files being read, before they join the queue (a scan: seconds a page).
        self.pending_label = QLabel()
        self.pending_label.setStyleSheet("background: #fff8e1; color: #5d4037; padding: 3px;")
        self.pending_label.setWordWrap(True)
        self.pending_label.hide()
        lay.addWidget(self.pending_label)
        lay.addWidget(view, 1)

    def show_pending(self, lines: list[str]) -> None:
        self.pending_label.setText("\n".join(lines))
        self.pending_label.setVisible(bool(lines))

    def select_path(self, path: str) -> Entry | None:
        """Select a report's row (when the filter shows it); its entry, or None."""
        row = self.model.row_of_path(path)
        if row < 0:
            return None
        idx = self.proxy.mapFromSource(self.model.index(row, 0))
        sm = self.view.selectionModel()
        self._filtering = True
        try:
            if idx.isValid():
                sm.setCurrentIndex(
                    idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
            else:
                sm.clearSelection()
        finally:
            self._filtering = False
        return self.model.entry(row)

    def step(self, step: int) -> None:
        n = self.proxy.rowCount()
        if n == 0:
            return
        cur = self.view.currentIndex()
        row = max(0, min(n - 1, cur.row() + step if cur.isValid() else 0))
        idx = self.proxy.index(row, 0)
        self.view.setCurrentIndex(idx)
        self._chosen(idx)

    def _filter(self, apply: Callable[[str], None], value: str) -> None:
        self._filtering = True
        try:
            apply(value)
        finally:
            self._filtering = False
        path = self._shown_path()
        if path is not None:
            self.select_path(path)

    def _chosen(self, index: QModelIndex) -> None:
        if index.isValid():
            self.chosen.emit(self.model.entry(self.proxy.mapToSource(index).row()))

    def _current_moved(self, current: QModelIndex, _previous: QModelIndex) -> None:
        # Keyboard moves open the report; a filter's or a sort's moves do not.
        if self._filtering or not current.isValid() or not self.view.hasFocus():
            return
        self._chosen(current)
