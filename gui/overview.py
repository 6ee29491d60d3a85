"""Folder overview: agencies × years, which reports are there and which year is missing.

Rows are the year pairing's series (``ReviewSession.series_keys``: ``core.crossyear``'s
agency key, reports without an agency by file name or folder, series paired by hand
joined); each cell says which last-year report its report is compared with."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import PurePath

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem, QWidget

from core.crossyear import group_key
from core.model import Report
from core.session import Entry, PairInfo
from gui.labels import BLANK_BG, ERROR_BG, STATUS_COLORS, WARNING_BG
from gui.pair_ctl import report_label

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
        self._pairing: Callable[[Report], PairInfo] | None = None
        self._copies: dict[str, list[str]] = {}

    def refresh(
        self,
        entries: list[Entry],
        status_of: Callable[[str], str],
        keys: Mapping[str, str],
        pairing: Callable[[Report], PairInfo] | None = None,
    ) -> None:
        """``keys``: path -> row (the session's ``series_keys``, the one grouping of the
        year pairing); ``pairing``: how a report is paired (the session's ``pair_info``)."""
        self._pairing = pairing
        # Byte-identical files (one SHA-256) opened under several names: flagged where they show.
        by_sha: dict[str, list[str]] = {}
        for e in entries:
            if e.report.sha256:
                by_sha.setdefault(e.report.sha256, []).append(e.path)
        self._copies = {sha: paths for sha, paths in by_sha.items() if len(paths) > 1}
        members: dict[str, list[Entry]] = {}
        grid: dict[str, dict[int, list[Entry]]] = {}
        years: set[int] = set()
        undated: dict[str, list[Entry]] = {}
        names: dict[str, tuple[int, str]] = {}
        for e in entries:
            agency = keys.get(e.path) or group_key(e.report)
            members.setdefault(agency, []).append(e)
            if e.report.agency and (e.report.year or 0) >= names.get(agency, (-1, ""))[0]:
                names[agency] = (e.report.year or 0, e.report.agency)  # the latest name
            if e.report.year:
                grid.setdefault(agency, {}).setdefault(e.report.year, []).append(e)
                years.add(e.report.year)
            else:
                undated.setdefault(agency, []).append(e)
                grid.setdefault(agency, {})
        cols = list(range(min(years), max(years) + 1)) if years else []
        has_undated = bool(undated)
        labels = {a: names[a][1] if a in names else self._row_label(a, members[a]) for a in grid}
        # Agencies first, then the rows of reports without one.
        agencies = sorted(grid, key=lambda a: (a not in names, labels[a]))
        self.clear()
        self.setRowCount(len(agencies))
        self.setColumnCount(len(cols) + (1 if has_undated else 0))
        self.setHorizontalHeaderLabels([str(y) for y in cols] + ([self.tr("year?")] if has_undated else []))
        self.setVerticalHeaderLabels([labels[a] for a in agencies])
        for r, agency in enumerate(agencies):
            if agency not in names:
                # Which files the row stands for: its label names none of them alone.
                head = self.verticalHeaderItem(r)
                if head is not None:
                    head.setToolTip("\n".join(PurePath(e.path).name for e in members[agency]))
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
                        self.tr("No report of %1 for %2").replace("%1", labels[agency]).replace("%2", str(year))
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
        copies = {e.report.sha256 for e in found if e.report.sha256 in self._copies}
        if copies:
            n = sum(len(self._copies[sha]) for sha in copies)
            lines.append(self.tr("⚠ %1 identical files").replace("%1", str(n)))
        tips = []
        for sha in sorted(copies):
            tips.append(self.tr("Identical content (same SHA-256), opened as:"))
            tips += ["  " + p for p in self._copies[sha]]
        for e in found:
            tips.append(e.path)
            pair = self._pair_text(e.report)
            if pair:
                tips.append("  " + pair[1])
                if len(found) == 1:
                    lines.append(pair[0])
        item = QTableWidgetItem("\n".join(lines))
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        item.setToolTip("\n".join(tips))
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

    def _pair_text(self, report: Report) -> tuple[str, str] | None:
        """(short line for the cell, sentence for the tooltip) about the report's pairing."""
        if self._pairing is None or report.error:
            return None
        info = self._pairing(report)
        if info.previous is not None:
            year = str(info.previous.year or "?")
            if info.manual:
                short = self.tr("↔ %1 (by hand)").replace("%1", year)
                long = self.tr("Compared with %1, paired by hand").replace("%1", report_label(info.previous))
            else:
                short = self.tr("↔ %1").replace("%1", year)
                long = self.tr("Compared with %1").replace("%1", report_label(info.previous))
            return short, long
        if info.manual:
            return self.tr("unpaired"), self.tr("Unpaired by hand: not compared with last year's report")
        return None

    def _row_label(self, key: str, members: list[Entry]) -> str:
        """A row of reports without a recognised agency, said as such: no agency found, the
        files grouped by the part of their names the years share (or their folder), and how
        many files; never one copy's file name standing for several files."""
        n = len(members)
        if key.startswith("file:"):
            if n == 1:
                return self.tr("No agency found: %1").replace("%1", PurePath(members[0].path).name)
            return self.tr("No agency found: files named “…%1…” (%2 files)") \
                .replace("%1", key.removeprefix("file:")).replace("%2", str(n))
        if key.startswith("folder:"):
            folder = PurePath(key.removeprefix("folder:"))
            return self.tr("No agency found: folder %1 (%2 files)") \
                .replace("%1", "/".join(folder.parts[-2:]) or ".").replace("%2", str(n))
        return key

    def _activated(self, row: int, col: int) -> None:
        item = self.item(row, col)
        path = item.data(PATH_ROLE) if item else None
        if path:
            self.open_requested.emit(str(path))
