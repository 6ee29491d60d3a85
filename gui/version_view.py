"""Two versions of one report compared (core/versions.py): what the revision fixed, what is
still there, what is new; the cells and the sentences that changed."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMainWindow,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from core.formats import cell_label
from core.model import Report
from core.rules.registry import rule_name
from core.versions import changed_cells, changed_text, compare_versions

FIXED_BG = "#d8f0d0"
NEW_BG = "#ffd6d6"


def _value(v: object) -> str:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


class VersionView(QDialog):
    def __init__(self, newer: Report, older: Report, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.newer, self.older = newer, older
        self.diff = compare_versions(newer, older)
        self.cells = changed_cells(newer, older)
        self.text = changed_text(newer, older)
        self.setWindowTitle(self.tr("Compare versions"))
        head = QLabel(self.tr("%1 (published %2) → %3 (published %4): %5 fixed, %6 still there, %7 new")
                      .replace("%1", older.file).replace("%2", older.published or "?")
                      .replace("%3", newer.file).replace("%4", newer.published or "?")
                      .replace("%5", str(len(self.diff.fixed))).replace("%6", str(len(self.diff.persisting)))
                      .replace("%7", str(len(self.diff.new))))
        head.setWordWrap(True)
        head.setTextFormat(Qt.TextFormat.PlainText)  # file names come from disk
        self.tabs = QTabWidget()
        self.findings = self._findings_table()
        self.cell_table = self._cells_table()
        self.text_view = QTextBrowser()
        self.text_view.setHtml(self._text_html())
        self.tabs.addTab(self.findings, self.tr("Findings"))
        self.tabs.addTab(self.cell_table, self.tr("Changed cells (%1)").replace("%1", str(len(self.cells))))
        self.tabs.addTab(self.text_view, self.tr("Changed text"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(1100, 600)

    def _findings_table(self) -> QTableWidget:
        rows = ([(self.tr("Fixed"), f, FIXED_BG) for f in self.diff.fixed]
                + [(self.tr("Still there"), f, "") for f in self.diff.persisting]
                + [(self.tr("New"), f, NEW_BG) for f in self.diff.new]
                + [(self.tr("Gone, not shown fixed"), f, "") for f, _ in self.diff.unverified])
        table = QTableWidget(len(rows), 3)
        table.setHorizontalHeaderLabels([self.tr("Status"), self.tr("Rule"), self.tr("Finding")])
        for i, (status, f, bg) in enumerate(rows):
            for j, text in enumerate((status, rule_name(f.rule), f.message)):
                item = QTableWidgetItem(text)
                if bg:
                    item.setBackground(QBrush(QColor(bg)))
                table.setItem(i, j, item)
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    def _cells_table(self) -> QTableWidget:
        table = QTableWidget(len(self.cells), 3)
        table.setHorizontalHeaderLabels([self.tr("Cell"), self.tr("Older version"), self.tr("Newer version")])
        for i, c in enumerate(self.cells):
            label = cell_label(self.newer.template, c.table, c.row, c.col)
            for j, text in enumerate((label, _value(c.old), _value(c.new))):
                table.setItem(i, j, QTableWidgetItem(text))
        table.horizontalHeader().setStretchLastSection(True)
        table.resizeColumnsToContents()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return table

    def _text_html(self) -> str:
        if not self.text:
            return "<p><i>" + html.escape(self.tr("The text is the same in both versions.")) + "</i></p>"
        out = []
        for change in self.text:
            out.append(f"<h3>{html.escape(change.title)}</h3>")
            out += [f"<p style='background-color:{NEW_BG};text-decoration:line-through'>− {html.escape(s)}</p>"
                    for s in change.removed]
            out += [f"<p style='background-color:{FIXED_BG}'>+ {html.escape(s)}</p>" for s in change.added]
        return "".join(out)


def show_for_window(w: QMainWindow) -> VersionView | None:
    """报告 ▸ 版本对照: the report on screen against the older version of it that is open
    (the session's versions, as ``check`` links them); a status message when there is none."""
    from PySide6.QtCore import QCoreApplication

    cur = getattr(w, "current", None)
    session = getattr(w, "session", None)
    # With the reviewer's notes on the older version: a dismissed finding that went is no fix,
    # here as in the findings list and the batch.
    older = session.older_version(cur.report.sha256) if cur is not None and session is not None else None
    if cur is None or older is None:
        w.statusBar().showMessage(QCoreApplication.translate(
            "VersionView", "This report has no older version open in the queue"), 8000)
        return None
    view = VersionView(cur.report, older, w)
    view.show()
    return view
