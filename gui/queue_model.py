"""The queue of opened reports: a table model over ``Analysis`` results and its filter."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush

from core.model import Report
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
from gui.labels import ERROR_BG, STATUS_COLORS
from gui.pair_ctl import pair_line

_Index = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1


class QueueModel(QAbstractTableModel):
    """The opened reports. Painting a queue of 200 asks ``data`` thousands of times, so
    each row's values are computed once (when the row arrives or its report changes) and
    ``data`` is a lookup; rows arrive in batches, one ``beginInsertRows`` per batch."""

    FILE, AGENCY, YEAR, FORMAT, ERRORS, WARNINGS, STATUS = range(7)

    def __init__(self, status_of: Callable[[str], str] | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._entries: list[Entry] = []
        self._rows_of_path: dict[str, int] = {}
        # Per row: (display values, sort values, counts) for the columns before STATUS.
        self._cache: list[_Row] = []
        # Review status comes from the annotations, which the model does not own.
        self._status_of = status_of or (lambda sha: "")
        # The report's year pairing, a line of its tooltip (gui.pair_ctl.pair_line).
        self._pair_of: Callable[[Report], str] = lambda report: ""

    def observe(self, session: ReviewSession) -> None:
        """Follow the review session: its reports, their counts and their review status."""
        self._status_of = lambda sha: review_text(session, sha)
        self._pair_of = lambda report: pair_line(session, report)
        session.subscribe(self._on_event)

    def _on_event(self, event: Event) -> None:
        if isinstance(event, ReportsAdded):
            self.add_many(list(event.entries))
        elif isinstance(event, ReportsCleared):
            self.clear()
        elif isinstance(event, ReportChanged):
            self.refresh_reports([e.report for e in self._entries if e.report.sha256 == event.sha])
        elif isinstance(event, NotesChanged | SignoffChanged | ReviewStateChanged):
            self.refresh_status(event.sha)
        elif isinstance(event, NotesLoaded):
            self.refresh_status()
        elif isinstance(event, PairsChanged) and self._entries:
            last = self.index(len(self._entries) - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, [Qt.ItemDataRole.ToolTipRole])

    # access ---------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry(self, row: int) -> Entry:
        return self._entries[row]

    def row_of_path(self, path: str) -> int:
        return self._rows_of_path.get(path, -1)

    def counts(self, row: int) -> dict[str, int]:
        return self._cache[row].counts

    def add(self, entry: Entry) -> int:
        """Add or replace (same path) an entry; returns its row."""
        self.add_many([entry])
        return self._rows_of_path[entry.path]

    def add_many(self, entries: list[Entry]) -> None:
        """Add or replace (same path) entries: replaced rows change in place, new rows are
        inserted at the end in one ``beginInsertRows``."""
        new: list[Entry] = []
        pending: dict[str, int] = {}
        for e in entries:
            row = self._rows_of_path.get(e.path, -1)
            if row >= 0:
                self._entries[row] = e
                self._cache[row] = _Row.of(e, self)
                self._distinguish_names()
                self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
            elif e.path in pending:  # the same path twice in one batch: the later wins
                new[pending[e.path]] = e
            else:
                pending[e.path] = len(new)
                new.append(e)
        if not new:
            return
        first = len(self._entries)
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        for i, e in enumerate(new):
            self._entries.append(e)
            self._cache.append(_Row.of(e, self))
            self._rows_of_path[e.path] = first + i
        self.endInsertRows()
        self._distinguish_names()

    def _distinguish_names(self) -> None:
        """Reports of one agency and year are told apart by their file names: those rows
        show the part of the name that differs (…city… / …hongze-district…), which a
        column of a few characters still shows; the full name is in the tooltip."""
        groups: dict[tuple[str, int], list[int]] = {}
        for row, e in enumerate(self._entries):
            groups.setdefault((e.report.agency or "", e.report.year or 0), []).append(row)
        changed = []
        for rows in groups.values():
            names = [self._entries[r].name for r in rows]
            shown = distinct_names(names, [self._entries[r].path for r in rows])
            for r, text in zip(rows, shown, strict=True):
                cached = self._cache[r]
                if cached.display[self.FILE] != text:
                    cached.display = (text, *cached.display[1:])
                    changed.append(r)
        if changed:
            self.dataChanged.emit(self.index(min(changed), self.FILE), self.index(max(changed), self.FILE))

    def clear(self) -> None:
        self.beginResetModel()
        self._entries.clear()
        self._cache.clear()
        self._rows_of_path.clear()
        self.endResetModel()

    def refresh_report(self, report: Report) -> None:
        """The report's findings changed (cross-year checks): recount its row."""
        self.refresh_reports([report])

    def refresh_reports(self, reports: list[Report]) -> None:
        ids = {id(r) for r in reports}
        rows = [row for row, e in enumerate(self._entries) if id(e.report) in ids]
        for row in rows:
            self._cache[row] = _Row.of(self._entries[row], self)
        if rows:
            self._distinguish_names()
            # One signal for the span: the views repaint once, not once per report.
            self.dataChanged.emit(self.index(min(rows), 0), self.index(max(rows), self.columnCount() - 1))

    def refresh_status(self, sha: str | None = None) -> None:
        rows = [row for row, e in enumerate(self._entries) if sha is None or e.report.sha256 == sha]
        if rows:
            self.dataChanged.emit(self.index(min(rows), self.STATUS), self.index(max(rows), self.STATUS))

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
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._entries):
            return None
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == self.STATUS:
                return self._status_of(self._entries[row].report.sha256)
            return self._cache[row].display[col]
        if role == SORT_ROLE:
            if col == self.STATUS:
                return self._status_of(self._entries[row].report.sha256)
            return self._cache[row].sort[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            pair = self._pair_of(self._entries[row].report)
            return f"{self._cache[row].tooltip}\n{pair}" if pair else self._cache[row].tooltip
        if role == Qt.ItemDataRole.BackgroundRole:
            return _ERROR_BRUSH if self._cache[row].error else None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            color = STATUS_COLORS.get(self._status_of(self._entries[row].report.sha256))
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (self.YEAR, self.ERRORS, self.WARNINGS):
            return _CENTRE
        return None


_CUT = "…"
_SEPARATORS = "-_ .（）()、·"


def distinct_names(names: list[str], paths: list[str]) -> list[str]:
    """Each name without the beginning and end all of ``names`` share (cut at a separator
    where there is one), marked with …; a name alone stays whole. Identical names (the same
    file name in two folders) are told apart by their folders."""
    if len(names) < 2:
        return list(names)
    if len(set(names)) == 1:
        return [f"{Path(p).parent.name}/{n}" for n, p in zip(names, paths, strict=True)]
    prefix = os.path.commonprefix(names)
    suffix = os.path.commonprefix([n[::-1] for n in names])[::-1]
    shortest = min(len(n) for n in names)
    if len(prefix) + len(suffix) > shortest:  # overlapping: keep the suffix whole
        suffix = suffix[len(prefix) + len(suffix) - shortest:]
    # Back to the last separator, so words are not cut in half (2024_huaian- not 2024_huaian-c).
    cut = max((prefix.rfind(c) for c in _SEPARATORS), default=-1)
    prefix = prefix[: cut + 1] if cut >= 0 else ""
    at = min((i for i, c in enumerate(suffix) if c in _SEPARATORS), default=-1)
    suffix = suffix[at:] if at >= 0 else ""
    middles = [n[len(prefix): len(n) - len(suffix)] for n in names]
    if not all(middles):
        return list(names)
    return [(_CUT if prefix else "") + m + (_CUT if suffix else "") for m in middles]


def review_text(session: ReviewSession, sha: str) -> str:
    """The queue's 审阅 column: the report's one review state, as the header and the sheets
    say it (待审阅 / 退回整改 / 已重新提交 / 审阅通过); while pending, how many of its findings
    carry a status follows it ("待审阅 · 已标注 2/5"). Read from the session, which owns it."""
    state = session.review_state_label(sha)
    if session.review_state(sha) != "pending":
        return state
    entry = session.entry_of_sha(sha)
    findings = entry.report.findings if entry is not None else []
    notes = session.notes_of(sha)
    marked = sum(1 for f in findings if (a := notes.get(note_target(f))) is not None and a.status)
    if not marked:
        return state
    return state + " · " + QCoreApplication.translate("QueueModel", "marked %1/%2").replace("%1", str(marked)) \
        .replace("%2", str(len(findings)))


_CENTRE = int(Qt.AlignmentFlag.AlignCenter)
_ERROR_BRUSH = QBrush(ERROR_BG)


@dataclass
class _Row:
    display: tuple[Any, ...]
    sort: tuple[Any, ...]
    counts: dict[str, int]
    tooltip: str
    error: bool

    @staticmethod
    def of(e: Entry, model: QueueModel) -> _Row:
        r = e.report
        counts = r.counts()
        if r.error:
            fmt = QCoreApplication.translate("QueueModel", "unreadable")
        else:
            fmt = r.template if r.template != "unknown" else QCoreApplication.translate("QueueModel", "unknown")
        errors, warnings = counts.get("error", 0), counts.get("warning", 0)
        name = e.name
        return _Row(
            display=(name, r.agency or "—", str(r.year) if r.year else "—", fmt, errors, warnings),
            sort=(name, r.agency or "", r.year or 0, fmt, errors, warnings),
            counts=counts,
            # The format's column is hidden in the pane: the tooltip says it.
            tooltip=r.error or f"{e.path}\n{r.agency or '—'} · {r.year or '—'} · "
            + QCoreApplication.translate("QueueModel", "format %1").replace("%1", fmt),
            error=bool(r.error),
        )


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
        counts = model.counts(source_row)
        if self._severity == "error":
            return counts.get("error", 0) > 0 or bool(r.error)
        if self._severity == "warning":
            return counts.get("warning", 0) > 0
        if self._severity == "open":
            return not model.data(model.index(source_row, QueueModel.STATUS))
        return True
