"""Folder overview: agencies × years, which reports are there and which year is missing."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from core.session import Entry, group_key
from gui.labels import BLANK_BG, ERROR_BG, STATUS_COLORS, WARNING_BG

PATH_ROLE = Qt.ItemDataRole.UserRole + 30


class OverviewWidget(QTableWidget):
    open_requested = Signal(str)  # path of the report to open

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setWordWrap(True)
        self.cellActivated.connect(self._activated)
        self.cellClicked.connect(self._activated)

    def refresh(self, entries: list[Entry], status_of: Callable[[str], str]) -> None:
        # One row per agency as ``core.crossyear.agency_key`` normalises it (the pairing's
        # key), reports without a recognised agency by their folder, not lumped together.
        grid: dict[str, dict[int, list[Entry]]] = {}
        years: set[int] = set()
        undated: dict[str, list[Entry]] = {}
        names: dict[str, str] = {}
        for e in entries:
            agency = group_key(e.report, e.path)
            if e.report.agency:
                names.setdefault(agency, e.report.agency)
            if e.report.year:
                grid.setdefault(agency, {}).setdefault(e.report.year, []).append(e)
                years.add(e.report.year)
            else:
                undated.setdefault(agency, []).append(e)
                grid.setdefault(agency, {})
        cols = list(range(min(years), max(years) + 1)) if years else []
        has_undated = bool(undated)
        agencies = sorted(grid)
        self.clear()
        self.setRowCount(len(agencies))
        self.setColumnCount(len(cols) + (1 if has_undated else 0))
        self.setHorizontalHeaderLabels([str(y) for y in cols] + ([self.tr("year?")] if has_undated else []))
        self.setVerticalHeaderLabels([names.get(a, a) for a in agencies])
        missing = QBrush(BLANK_BG, Qt.BrushStyle.BDiagPattern)
        for r, agency in enumerate(agencies):
            own = sorted(grid[agency])
            for c, year in enumerate(cols):
                found = grid[agency].get(year, [])
                if found:
                    self.setItem(r, c, self._item(found, status_of))
                elif own and own[0] < year < own[-1]:
                    # A gap between two years the agency did report: the missing year.
                    item = QTableWidgetItem(self.tr("missing"))
                    item.setBackground(missing)
                    item.setToolTip(
                        self.tr("No report of %1 for %2").replace("%1", names.get(agency, agency)).replace("%2", str(year))
                    )
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.setItem(r, c, item)
            if has_undated and agency in undated:
                self.setItem(r, len(cols), self._item(undated[agency], status_of))
        self.resizeColumnsToContents()
        self.resizeRowsToContents()

    def _item(self, found: list[Entry], status_of: Callable[[str], str]) -> QTableWidgetItem:
        lines = []
        errors = warnings = 0
        statuses = []
        for e in found:
            counts = e.report.counts()
            errors += counts.get("error", 0)
            warnings += counts.get("warning", 0)
            statuses.append(status_of(e.report.sha256))
        lines.append(self.tr("E%1 W%2").replace("%1", str(errors)).replace("%2", str(warnings)))
        done = [s for s in statuses if s]
        lines.append(" / ".join(sorted(set(done))) if done else self.tr("unreviewed"))
        if len(found) > 1:
            lines.append(self.tr("%1 files").replace("%1", str(len(found))))
        item = QTableWidgetItem("\n".join(lines))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setToolTip("\n".join(e.path for e in found))
        item.setData(PATH_ROLE, found[0].path)
        if any(e.report.error for e in found) or errors:
            item.setBackground(QBrush(ERROR_BG))
        elif warnings:
            item.setBackground(QBrush(WARNING_BG))
        else:
            item.setBackground(QBrush(QColor("#d4edda")))
        if len(set(done)) == 1 and done[0] in STATUS_COLORS:
            item.setForeground(QBrush(STATUS_COLORS[done[0]]))
        return item

    def _activated(self, row: int, col: int) -> None:
        item = self.item(row, col)
        path = item.data(PATH_ROLE) if item else None
        if path:
            self.open_requested.emit(str(path))
