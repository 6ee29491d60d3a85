"""Two years of one agency side by side, differences highlighted, cross-year findings listed.

The header says which two reports are compared and whether the pairing was automatic or
the reviewer's; its buttons pair by hand (``gui.pair_ctl`` fills and answers them)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from core.model import Cell, Report
from core.session import PairInfo
from gui.labels import (
    BLANK_BG,
    CROSS_YEAR_RULES,
    DIFF_BG,
    TABLE_IDS,
    rule_label,
    severity_color,
    severity_label,
    table_label,
)
from gui.pair_ctl import report_label
from gui.table_model import layout_for


def _text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    return cell.raw if cell.raw else ("" if cell.value is None else str(cell.value))


class CompareWidget(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.PlainText)  # agency names come from files
        self.header.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.pair_button = QPushButton(self.tr("Pair with…"))
        self.pair_button.setToolTip(self.tr("Choose last year's report to compare this one with"))
        self.unpair_button = QPushButton(self.tr("Unpair"))
        self.unpair_button.setToolTip(self.tr("Do not compare this report with last year's"))
        self.auto_button = QPushButton(self.tr("Pair automatically"))
        self.auto_button.setToolTip(self.tr("Forget the choice made by hand: pair by agency and year"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.pair_button, self.unpair_button, self.auto_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        self.tabs = QTabWidget()
        self.findings = QListWidget()
        self.findings.setWordWrap(True)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tabs)
        split.addWidget(self.findings)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 0)
        split.setCollapsible(0, False)
        # The tables get the room: the list of cross-year findings is a few lines at most
        # (its own size hint would otherwise take most of the height).
        line = self.findings.fontMetrics().height() + 4
        self.findings.setMaximumHeight(6 * line)
        split.setSizes([1000, 3 * line])
        self.split = split
        lay = QVBoxLayout(self)
        lay.addWidget(self.header)
        lay.addLayout(buttons)
        lay.addWidget(split, 1)
        self.diff_count = 0
        self.set_pair(None, None)

    def set_pair(self, current: Report | None, previous: Report | None, info: PairInfo | None = None) -> None:
        """Show ``current`` against ``previous``; ``info`` says how they were paired."""
        self.tabs.clear()
        self.findings.clear()
        self.diff_count = 0
        manual = info is not None and info.manual
        self.pair_button.setEnabled(current is not None and not current.error)
        self.unpair_button.setEnabled(previous is not None or (info is not None and info.chosen_absent))
        self.auto_button.setEnabled(manual)
        if current is None:
            self.header.setText(self.tr("Open a report to compare it with last year's."))
            return
        if previous is None:
            if info is not None and info.chosen_absent:
                why = self.tr("The report it was paired with by hand is not open.")
            elif manual:
                why = self.tr("Unpaired by hand: the cross-year rules do not run on it.")
            else:
                why = (
                    self.tr("Last year's report of this agency (%1, %2) is not in the queue: open it too, or pair by hand.")
                    .replace("%1", current.agency or "?")
                    .replace("%2", str(current.year - 1) if current.year else "?")
                )
            self.header.setText(self.tr("Not paired: %1.").replace("%1", report_label(current)) + "\n" + why)
        else:
            how = self.tr("paired by hand") if manual else self.tr("paired automatically")
            self.header.setText(
                self.tr("Compared: %1 ↔ %2").replace("%1", report_label(previous)).replace("%2", report_label(current))
                + "\n"
                + self.tr("%1, %2. Changed cells are yellow.")
                .replace("%1", current.agency or previous.agency or "?")
                .replace("%2", how)
            )
            for table_id in TABLE_IDS:
                if table_id in current.tables or table_id in previous.tables:
                    self.tabs.addTab(self._table(current, previous, table_id), table_label(table_id))
        for f in current.findings:
            if f.rule in CROSS_YEAR_RULES:
                item = QListWidgetItem(f"[{severity_label(f.severity)}] {rule_label(f.rule)}: {f.message}")
                color = severity_color(f.severity)
                if color:
                    item.setBackground(QBrush(color))
                self.findings.addItem(item)
        if self.findings.count() == 0:
            self.findings.addItem(self.tr("No cross-year findings."))

    def _table(self, cur: Report, prev: Report, table_id: str) -> QTableWidget:
        rows, cols = layout_for(cur, table_id)
        prev_rows, prev_cols = layout_for(prev, table_id)
        # Union of the two layouts: the formats may differ between the two years.
        row_ids = [r.id for r in rows] + [r.id for r in prev_rows if r.id not in {x.id for x in rows}]
        labels = {r.id: r.label for r in prev_rows} | {r.id: r.label for r in rows}
        col_list = cols + [c for c in prev_cols if c[0] not in {x[0] for x in cols}]
        cur_t = cur.tables.get(table_id, {})
        prev_t = prev.tables.get(table_id, {})
        w = QTableWidget(len(row_ids), 2 * len(col_list))
        w.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        headers = []
        for _cid, label in col_list:
            headers += [f"{label}\n{prev.year}", f"{label}\n{cur.year}"]
        w.setHorizontalHeaderLabels(headers)
        w.setVerticalHeaderLabels([labels[r] for r in row_ids])
        hatch = QBrush(BLANK_BG, Qt.BrushStyle.BDiagPattern)
        for r, row_id in enumerate(row_ids):
            for c, (col_id, _label) in enumerate(col_list):
                a = prev_t.get(row_id, {}).get(col_id)
                b = cur_t.get(row_id, {}).get(col_id)
                items = (QTableWidgetItem(_text(a)), QTableWidgetItem(_text(b)))
                differs = (a is not None and b is not None and a.value != b.value) or (
                    (a is None) != (b is None)
                )
                for k, item in enumerate(items):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    if differs:
                        item.setBackground(QBrush(DIFF_BG))
                        self.diff_count += k  # count each differing pair once
                    elif (a if k == 0 else b) is None:
                        item.setBackground(hatch)
                    w.setItem(r, 2 * c + k, item)
        w.resizeColumnsToContents()
        return w
