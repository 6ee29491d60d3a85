"""The annotation editor for the current target (report, finding or cell)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from core.annotations import STATUSES, Annotation


class NotePanel(QGroupBox):
    """Shows one target's status and comment; emits edits, never writes itself."""

    status_chosen = Signal(str)
    comment_saved = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Review note"), parent)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QComboBox()
        self.status.addItem(self.tr("(no status)"), "")
        for i, s in enumerate(STATUSES, start=1):
            self.status.addItem(f"{s}  (Ctrl+{i})", s)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Comment (Ctrl+M to edit, Ctrl+Enter to save)"))
        self.comment.setTabChangesFocus(True)
        self.save_button = QPushButton(self.tr("Save note"))
        self.meta = QLabel()
        self.meta.setStyleSheet("color: #666;")
        form = QFormLayout()
        form.addRow(self.tr("Target:"), self.target_label)
        form.addRow(self.tr("Status:"), self.status)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.comment, 1)
        row = QHBoxLayout()
        row.addWidget(self.meta, 1)
        row.addWidget(self.save_button)
        lay.addLayout(row)
        self._loading = False
        self._saved_text = ""
        self.status.currentIndexChanged.connect(self._status_changed)
        self.save_button.clicked.connect(self.save_comment)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            sc = QShortcut(QKeySequence(keys), self.comment)
            sc.setContext(Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(self.save_comment)
        self.setEnabled(False)

    def show_target(self, description: str, ann: Annotation | None) -> None:
        self._loading = True
        self.setEnabled(True)
        self.target_label.setText(description)
        status = ann.status if ann else ""
        i = self.status.findData(status)
        self.status.setCurrentIndex(max(0, i))
        self._saved_text = ann.comment if ann else ""
        self.comment.setPlainText(self._saved_text)
        if ann and (ann.reviewer or ann.updated):
            who = ann.reviewer or self.tr("(anonymous)")
            self.meta.setText(f"{who} · {ann.updated.replace('T', ' ')[:19]}")
        else:
            self.meta.setText("")
        self._loading = False

    def is_dirty(self) -> bool:
        return self.isEnabled() and self.comment.toPlainText() != self._saved_text

    def save_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        self._saved_text = self.comment.toPlainText()
        self.comment_saved.emit(text)

    def _status_changed(self, _index: int) -> None:
        if not self._loading:
            self.status_chosen.emit(str(self.status.currentData() or ""))
