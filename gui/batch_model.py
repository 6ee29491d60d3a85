"""The batch view's table: one row per roster unit (not per file), over ``BatchDoc.units``.

Display text comes from core.batchdocs.model (the same words the 通报 and the workbook print);
sorting is by the value (scores and counts as numbers, an unranked unit after the ranked).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from core.batchdocs.model import UnitRow
from gui.labels import ERROR_BG, WARNING_BG

SORT_ROLE = Qt.ItemDataRole.UserRole + 40
STATUS_ROLE = Qt.ItemDataRole.UserRole + 41  # the contract's status word, for the filter
_Index = QModelIndex | QPersistentModelIndex
_STATUS_BG = {"missing": ERROR_BG, "late": WARNING_BG}


class BatchTableModel(QAbstractTableModel):
    UNIT, CATEGORY, STATUS, PUBLISHED, DEADLINE_MET, TEMPLATE, ERRORS, WARNINGS, REVIEW, SCORE, RANK, GRADE = range(12)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.units: list[UnitRow] = []
        self._texts: list[tuple[str, ...]] = []
        self.headers = [self.tr("Unit"), self.tr("Category"), self.tr("Status"), self.tr("Published"),
                        self.tr("On time"), self.tr("Format"), self.tr("Errors"), self.tr("Warnings"),
                        self.tr("Review"), self.tr("Score"), self.tr("Rank"), self.tr("Grade")]

    def set_units(self, units: list[UnitRow], texts: list[tuple[str, ...]] | None = None,
                  changed: list[int] | None = None) -> None:
        """Show ``units``. The same units in the same order (a live update: a finding confirmed,
        a date entered) change only the rows that differ, by dataChanged; a reset would make
        the view and its proxy forget and re-measure every row (the selection, the scroll).
        ``texts`` (``row_texts``) and ``changed`` (``changed_rows`` against the units shown)
        may be made off the GUI thread: for 1,000 units they are most of the work."""
        if texts is None:
            texts = [row_texts(u) for u in units]
        if not self.same_units(units):
            self.beginResetModel()
            self.units, self._texts = list(units), texts
            self.endResetModel()
            return
        if changed is None:
            changed = changed_rows(self.units, units)
        self.units, self._texts = list(units), texts
        last = len(self.headers) - 1
        for first, end in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(end, last))

    def same_units(self, units: list[UnitRow]) -> bool:
        return bool(units) and len(units) == len(self.units) and all(
            a.unit == b.unit for a, b in zip(self.units, units, strict=True))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self.units)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.headers[section]
        return None

    def unit_at(self, row: int) -> UnitRow | None:
        return self.units[row] if 0 <= row < len(self.units) else None

    def _sort_key(self, row: int, col: int) -> Any:
        u = self.units[row]
        if col == self.ERRORS:
            return u.errors
        if col == self.WARNINGS:
            return u.warnings
        if col == self.SCORE:
            return u.score if u.score is not None else -1.0
        if col == self.RANK:
            return u.rank if u.rank is not None else 1_000_000
        return self._texts[row][col]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        u = self.units[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts[index.row()][col]
        if role == SORT_ROLE:
            return self._sort_key(index.row(), col)
        if role == STATUS_ROLE:
            return u.status
        if role == Qt.ItemDataRole.BackgroundRole and col == self.STATUS and u.status in _STATUS_BG:
            return QBrush(QColor(_STATUS_BG[u.status]))
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == self.SCORE and u.deductions:
                return "\n".join(f"{d.get('item', '')} {float(d.get('points', 0)):+g}" for d in u.deductions)
            if col == self.UNIT and u.files:
                return "\n".join(u.files)
            if col == self.DEADLINE_MET and u.deadline:
                return self.tr("Deadline %1").replace("%1", u.deadline)
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.ERRORS, self.WARNINGS, self.SCORE, self.RANK):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


def row_texts(u: UnitRow) -> tuple[str, ...]:
    """The displayed words of a unit's row, in column order (any thread: no Qt)."""
    counted = bool(u.sha256s)
    return (u.unit, u.category, u.status_label, u.published, u.deadline_met, u.template,
            str(u.errors) if counted else "", str(u.warnings) if counted else "",
            u.review_state if counted else "", u.score_text, u.rank_text, u.grade)


def changed_rows(old: list[UnitRow], new: list[UnitRow]) -> list[int]:
    """Rows whose unit differs in anything shown (texts, tooltips, colour): any thread."""
    return [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b]


def _runs(rows: list[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs of consecutive rows: one signal per run."""
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r - 1:
            runs[-1] = (runs[-1][0], r)
        else:
            runs.append((r, r))
    return runs


class BatchFilterProxy(QSortFilterProxyModel):
    """Filter by a text in the unit's name or category and by status; sort by value."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.text = ""
        self.status = ""  # "" for every status

    def set_filter(self, text: str | None = None, status: str | None = None) -> None:
        self.beginFilterChange()
        if text is not None:
            self.text = text.strip()
        if status is not None:
            self.status = status
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, row: int, parent: _Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, BatchTableModel)
        u = model.unit_at(row)
        if u is None:
            return False
        if self.status and u.status != self.status:
            return False
        return not self.text or self.text in u.unit or self.text in u.category
