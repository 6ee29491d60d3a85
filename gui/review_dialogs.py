"""The sign-off, unlock and history dialogs of a report (the store's words, shown).

The dialogs only ask and show; ``gui.review_ctl`` decides and writes through the session.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from core.annotations import HistoryEntry
from core.signoff import CONCLUSIONS


class ReviewerDialog(QDialog):
    """审阅人: who is making the marks of this session (recorded with each of them)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Who is reviewing?"))
        intro = QLabel(self.tr("Your name is recorded with every note, correction, confirmation and signature "
                               "you make. It is remembered for the next session."))
        intro.setWordWrap(True)
        self.name = QLineEdit(name)
        self.name.setPlaceholderText(self.tr("Your name"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda text: ok.setEnabled(bool(text.strip())))
        ok.setEnabled(bool(name.strip()))
        form = QFormLayout(self)
        form.addRow(intro)
        form.addRow(self.tr("Reviewer:"), self.name)
        form.addRow(self.buttons)
        self.setMinimumWidth(400)
        self.name.selectAll()
        self.name.setFocus()


class SignOffDialog(QDialog):
    """签字确认: 审阅结论 (chosen, never proposed), 审阅人, 复核人 (two different people),
    with the report's unresolved errors listed; a conclusion that requires none is not
    offered while any remain (the session refuses it too: ``core.signoff.validate``)."""

    def __init__(self, reviewer: str, file_name: str, unresolved: list[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sign off"))
        unresolved = unresolved or []
        self.conclusion = QComboBox()
        self.conclusion.setPlaceholderText(self.tr("Choose a conclusion…"))
        model = self.conclusion.model()
        for c in CONCLUSIONS:
            self.conclusion.addItem(c.text, c.text)
            if c.clean and unresolved:
                item = model.item(self.conclusion.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
                item.setToolTip(self.tr("Not while errors are unresolved"))
        self.conclusion.setCurrentIndex(-1)  # no default: the reviewer chooses
        self.reviewer = QLineEdit(reviewer)
        self.second = QLineEdit()
        self.second.setPlaceholderText(self.tr("A second person who checked the review"))
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c0392b;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        intro = QLabel(self.tr("Sign off %1. It is then locked against edits until unlocked with a reason.")
                       .replace("%1", file_name))
        intro.setWordWrap(True)
        form.addRow(intro)
        self.unresolved = QListWidget()
        self.unresolved.setWordWrap(True)  # a finding's message whole, not cut at the edge
        self.unresolved.addItems(unresolved)
        self.unresolved.setMaximumHeight(160)
        if unresolved:
            head = QLabel(self.tr("%1 errors not yet dismissed or corrected:").replace("%1", str(len(unresolved))))
            head.setStyleSheet("color: #c0392b; font-weight: bold;")
            form.addRow(head)
            form.addRow(self.unresolved)
        else:
            self.unresolved.hide()
            form.addRow(QLabel(self.tr("No unresolved errors.")))
        form.addRow(self.tr("Conclusion:"), self.conclusion)
        form.addRow(self.tr("Reviewer:"), self.reviewer)
        form.addRow(self.tr("Second reviewer:"), self.second)
        form.addRow(self.error)
        form.addRow(self.buttons)
        self.setMinimumWidth(560)
        self.second.setFocus()

    def choose(self, text: str) -> None:
        self.conclusion.setCurrentIndex(self.conclusion.findData(text))

    def values(self) -> tuple[str, str, str]:
        chosen = self.conclusion.currentData()
        return (str(chosen) if chosen else "", self.reviewer.text().strip(), self.second.text().strip())


class UnlockDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unlock"))
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Why the signed report must change (kept in the history)"))
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Said in the dialog, which stays open: an empty reason is a slip, not a cancel.
        self.message = QLabel()
        self.message.setStyleSheet("color: #c0392b;")
        self.message.hide()
        form = QFormLayout(self)
        form.addRow(self.tr("Reason:"), self.reason)
        form.addRow(self.message)
        form.addRow(self.buttons)
        self.setMinimumWidth(420)

    def accept(self) -> None:
        if not self.reason.text().strip():
            self.message.setText(self.tr("Write why the report must change: the reason is kept in the history."))
            self.message.show()
            self.reason.setFocus()
            return
        super().accept()


def _when(at: str) -> str:
    return at.replace("T", " ")[:19]


class HistoryDialog(QDialog):
    """审阅记录: who, when, what, old → new, why — newest first (in the order they
    happened: an undo or redo is an entry of its own, at its own time). ``targets``: the
    selected finding's or cell's own entries, shown first; the box widens to the report."""

    COLUMNS = ("When", "Who", "What", "Field", "Old → new", "Reason")

    def __init__(
        self,
        title: str,
        entries: list[HistoryEntry],
        describe: dict[str, str],
        targets: list[str] | None = None,
        parent: QWidget | None = None,
        printed: dict[str, str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Review history — %1").replace("%1", title))
        self.entries = sorted(entries, key=lambda e: e.seq, reverse=True)
        self.describe = describe
        # correction target -> what the report printed: a first correction reads 原报 20 → 26
        self.printed = printed or {}
        self.targets = set(targets) if targets else None
        self.only = QCheckBox(self.tr("Only the selected item"))
        self.only.setChecked(self.targets is not None)
        self.only.setEnabled(self.targets is not None)
        self.only.toggled.connect(self._fill)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setHorizontalHeaderLabels([self._header(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty = QLabel(self.tr("Nothing recorded yet."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.only)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.empty)
        lay.addWidget(buttons)
        self.resize(900, 420)
        self._fill()

    def _header(self, name: str) -> str:
        return {
            "When": self.tr("When"), "Who": self.tr("Who"), "What": self.tr("What"),
            "Field": self.tr("Field"), "Old → new": self.tr("Old → new"), "Reason": self.tr("Reason"),
        }[name]

    def _field(self, name: str) -> str:
        return {
            "status": self.tr("status"), "comment": self.tr("comment"), "value": self.tr("correction"),
            "signoff": self.tr("sign-off"), "unlock": self.tr("unlock"), "migrated": self.tr("note moved"),
            "confirm": self.tr("confirmation"), "review_state": self.tr("review state"), "pair": self.tr("pairing"),
        }.get(name, name)

    def _action(self, e: HistoryEntry) -> str:
        """撤销 状态 / 重做 更正: an undo is said as one."""
        what = self._field(e.field)
        if e.action == "undo":
            return self.tr("Undo %1").replace("%1", what)
        if e.action == "redo":
            return self.tr("Redo %1").replace("%1", what)
        return what

    def shown(self) -> list[HistoryEntry]:
        if self.only.isChecked() and self.targets is not None:
            return [e for e in self.entries if e.target in self.targets]
        return self.entries

    def _fill(self) -> None:
        rows = self.shown()
        self.table.setRowCount(len(rows))
        for i, e in enumerate(rows):
            old = e.old or "∅"
            if e.field == "value" and not e.old and not e.action and e.target in self.printed:
                old = self.tr("printed %1").replace("%1", self.printed[e.target] or "∅")
            new = e.new or "∅"
            cells = (_when(e.at), e.by, self.describe.get(e.target, e.target), self._action(e),
                     f"{old} → {new}", e.reason)
            for j, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(i, j, item)
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        # A finding's whole message would push 旧 → 新 off the dialog: it is cut (the tooltip
        # has it all) so that what changed stays readable.
        header.resizeSection(2, min(header.sectionSize(2), 320))
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.empty.setVisible(not rows)
