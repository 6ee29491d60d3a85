"""One table tab: the view of a report's table, or a plain notice when it has none.

Cells are edited in place — F2, a double click, or simply typing a number and Enter —
and a corrected cell carries a blue corner mark (see ``CellDelegate``)."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPoint, Qt
from PySide6.QtGui import QBrush, QPainter, QPalette, QPen, QPolygon, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from gui.table_model import CORRECTED_FG, CORRECTED_ROLE, STATE_ROLE, TableModel

MARK = 9  # the corrected cell's corner triangle, in pixels


class CellDelegate(QStyledItemDelegate):
    """Selected cells that a finding names keep their error/warning colour, framed in the
    selection colour, instead of disappearing under the plain selection fill: selecting a
    finding must still show which cells are wrong."""

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        self._paint_cell(painter, option, index)
        if index.data(CORRECTED_ROLE) is not None:
            # The reviewer's value: a blue triangle in the top-left corner (the legend's ◤).
            r = option.rect  # type: ignore[attr-defined]
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QBrush(CORRECTED_FG))
            tl = r.topLeft()
            painter.drawPolygon(QPolygon([tl, QPoint(tl.x() + MARK, tl.y()), QPoint(tl.x(), tl.y() + MARK)]))
            painter.restore()

    def _paint_cell(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        state = option.state  # type: ignore[attr-defined]
        selected = bool(state & QStyle.StateFlag.State_Selected)
        if not selected or index.data(STATE_ROLE) not in ("error", "warning"):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        opt.state = state & ~QStyle.StateFlag.State_Selected  # type: ignore[attr-defined]
        super().paint(painter, opt, index)
        painter.save()
        palette = option.palette  # type: ignore[attr-defined]
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 3))
        painter.drawRect(option.rect.adjusted(1, 1, -2, -2))  # type: ignore[attr-defined]
        painter.restore()


COLUMN_MAX = 96  # px: a number column's widest; 本年处理决定数量 → 本年处理…
LABEL_MIN = 120  # px
LABEL_SHARE = 0.4  # of the pane, for the row labels


class TablePane(QStackedWidget):
    def __init__(self, table_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table_id = table_id
        self.view = QTableView()
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setWordWrap(False)
        self.view.horizontalHeader().setDefaultSectionSize(72)
        # One line per row, fixed: cheaper than measuring every row (ResizeToContents).
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 6)
        self.view.setItemDelegate(CellDelegate(self.view))
        # Typing a number over a cell corrects it, as in a spreadsheet; F2 / double click too.
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        self.notice = QLabel()
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.notice.setWordWrap(True)
        self.addWidget(self.view)
        self.addWidget(self.notice)
        self.model: TableModel | None = None
        # Long row labels (三)不予公开 2.其他法律行政法规禁止公开 are cut at the end (the whole
        # label is the tooltip), so a narrow pane still shows several columns of numbers.
        self.view.verticalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.horizontalHeader().setTextElideMode(Qt.TextElideMode.ElideRight)

    def fit_columns(self) -> None:
        """Columns as wide as their contents, but none wider than COLUMN_MAX (the heading
        is then cut; its tooltip has it whole); the row labels at most LABEL_SHARE of the pane."""
        self.view.resizeColumnsToContents()
        for col in range(self.view.model().columnCount() if self.view.model() is not None else 0):
            if self.view.columnWidth(col) > COLUMN_MAX:
                self.view.setColumnWidth(col, COLUMN_MAX)
        self._fit_labels()

    def _fit_labels(self) -> None:
        self.view.verticalHeader().setMaximumWidth(max(LABEL_MIN, min(320, int(self.width() * LABEL_SHARE))))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()
