"""The queue of opened reports: a table model over ``Analysis`` results and its filter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from core.model import Report
from core.pipeline import Analysis
from gui.labels import ERROR_BG, STATUS_COLORS

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass
class Entry:
    """One opened file and what the engine made of it."""

    path: str
    analysis: Analysis

    @property
    def report(self) -> Report:
        return self.analysis.report

    @property
    def name(self) -> str:
        return Path(self.path).name


class QueueModel(QAbstractTableModel):
    FILE, AGENCY, YEAR, FORMAT, ERRORS, WARNINGS, STATUS = range(7)

    def __init__(self, status_of: Callable[[str], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        # Review status comes from the annotations, which the model does not own.
        self._status_of = status_of or (lambda sha: "")

    # access ---------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def row_of_path(self, path: str) -> int:
        for i, e in enumerate(self._entries):
            if e.path == path:
                return i
        return -1

    def add(self, entry: Entry) -> int:
        """Add or replace (same path) an entry; returns its row."""
        row = self.row_of_path(entry.path)
        if row >= 0:
            self._entries[row] = entry
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            return row
        row = len(self._entries)
        self.beginInsertRows(QModelIndex(), row, row)
        self._entries.append(entry)
        self.endInsertRows()
        return row

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self.endResetModel()

    def refresh_report(self, report: Report) -> None:
        for row, e in enumerate(self._entries):
            if e.report is report:
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def refresh_status(self, sha: str | None = None) -> None:
        for row, e in enumerate(self._entries):
            if sha is None or e.report.sha256 == sha:
                idx = self.index(row, self.STATUS)
                self.dataChanged.emit(idx, idx)

    # model ----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._entries)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("File"),
                self.tr("Agency"),
                self.tr("Year"),
                self.tr("Format"),
                self.tr("Errors"),
                self.tr("Warnings"),
                self.tr("Review"),
            ][section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._entries):
            return None
        e = self._entries[index.row()]
        r = e.report
        col = index.column()
        counts = r.counts()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == self.FILE:
                return e.name
            if col == self.AGENCY:
                return r.agency or ("" if role == SORT_ROLE else "—")
            if col == self.YEAR:
                if role == SORT_ROLE:
                    return r.year or 0
                return str(r.year) if r.year else "—"
            if col == self.FORMAT:
                if r.error:
                    return self.tr("unreadable")
                return r.template if r.template != "unknown" else self.tr("unknown")
            if col == self.ERRORS:
                return counts.get("error", 0)
            if col == self.WARNINGS:
                return counts.get("warning", 0)
            if col == self.STATUS:
                return self._status_of(r.sha256)
        if role == Qt.ItemDataRole.ToolTipRole:
            if r.error:
                return r.error
            return e.path
        if role == Qt.ItemDataRole.BackgroundRole and r.error:
            return QBrush(ERROR_BG)
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            color = STATUS_COLORS.get(self._status_of(r.sha256))
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.YEAR, self.ERRORS, self.WARNINGS):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None


class QueueFilter(QSortFilterProxyModel):
    """Text filter over file/agency/year and a severity filter: all | error | warning | open."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._severity = "all"
        self.setSortRole(SORT_ROLE)
        self.setDynamicSortFilter(True)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text.strip().lower()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_severity(self, severity: str) -> None:
        self.beginFilterChange()
        self._severity = severity
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        model = self.sourceModel()
        if not isinstance(model, QueueModel):
            return True
        e = model.entry(source_row)
        r = e.report
        if self._text:
            hay = " ".join([e.path, r.agency or "", str(r.year or "")]).lower()
            if self._text not in hay:
                return False
        counts = r.counts()
        if self._severity == "error":
            return counts.get("error", 0) > 0 or bool(r.error)
        if self._severity == "warning":
            return counts.get("warning", 0) > 0
        if self._severity == "open":
            return not model.data(model.index(source_row, QueueModel.STATUS))
        return True
