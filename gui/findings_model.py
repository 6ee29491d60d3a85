"""The findings of one report: severity, rule, table, message, review status and note."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from core.model import Finding, Report
from core.session import note_target
from gui.labels import SEVERITY_ORDER, STATUS_COLORS, rule_label, severity_color, severity_label, table_label

_Index = QModelIndex | QPersistentModelIndex
FINDING_ROLE = Qt.ItemDataRole.UserRole + 20
SORT_ROLE = Qt.ItemDataRole.UserRole + 21


def finding_target(f: Finding) -> str:
    return note_target(f)


class FindingsModel(QAbstractTableModel):
    SEVERITY, RULE, TABLE, MESSAGE, STATUS, NOTE = range(6)

    def __init__(
        self,
        report: Report | None = None,
        annotation_of: Callable[[str], tuple[str, str]] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._findings: list[Finding] = []
        # target -> (status, comment), looked up in the annotation cache on demand.
        self._annotation_of = annotation_of or (lambda target: ("", ""))
        if report is not None:
            self.set_report(report)

    def set_report(self, report: Report | None) -> None:
        self.beginResetModel()
        self._findings = list(report.findings) if report else []
        self.endResetModel()

    def finding(self, row: int) -> Finding:
        return self._findings[row]

    def row_of_key(self, key: str) -> int:
        for i, f in enumerate(self._findings):
            if f.key() == key:
                return i
        return -1

    def refresh_notes(self) -> None:
        if self._findings:
            self.dataChanged.emit(self.index(0, self.STATUS), self.index(len(self._findings) - 1, self.NOTE))

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._findings)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return [
                self.tr("Severity"),
                self.tr("Rule"),
                self.tr("Table"),
                self.tr("Message"),
                self.tr("Review"),
                self.tr("Note"),
            ][section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._findings):
            return None
        f = self._findings[index.row()]
        col = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, SORT_ROLE):
            if col == self.SEVERITY:
                if role == SORT_ROLE:
                    return SEVERITY_ORDER.get(f.severity, 9)
                return severity_label(f.severity)
            if col == self.RULE:
                return rule_label(f.rule)
            if col == self.TABLE:
                return table_label(f.table) if f.table else ""
            if col == self.MESSAGE:
                # In a later version of a report (core.versions): still there since the older one, or new.
                since = {"persisting": self.tr("[Persisting] "), "new": self.tr("[New] ")}.get(f.since_version or "", "")
                return since + f.message
            status, comment = self._annotation_of(finding_target(f))
            return status if col == self.STATUS else comment
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [f"{rule_label(f.rule)} ({f.rule})" if col == self.RULE else f.message]
            if f.expected is not None or f.actual is not None:
                parts.append(
                    self.tr("expected %1, found %2")
                    .replace("%1", str(f.expected))
                    .replace("%2", str(f.actual))
                )
            if f.quote:
                parts.append(f"「{f.quote}」")
            return "\n".join(parts)
        if role == Qt.ItemDataRole.BackgroundRole and col == self.SEVERITY:
            color = severity_color(f.severity)
            return QBrush(color) if color else None
        if role == Qt.ItemDataRole.ForegroundRole and col == self.STATUS:
            color = STATUS_COLORS.get(self._annotation_of(finding_target(f))[0])
            return QBrush(color) if color else None
        if role == FINDING_ROLE:
            return f
        return None
