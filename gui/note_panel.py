"""The annotation editor for the current target (report, finding or cell).

Besides the status and comment it shows what the reviewer has done to the target's
numbers: a cell's correction (原报 … → 更正 …) with the reason field the next
correction takes, an ``ambiguous_digits`` finding's candidate splits as one-click
buttons, notes whose finding is gone and corrections whose cell is gone (never hidden),
the way to the history, and the lock of a signed report."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from core.annotations import STATUSES, Annotation


class NotePanel(QGroupBox):
    """Shows one target's status and comment; emits edits, never writes itself."""

    status_chosen = Signal(str)
    comment_saved = Signal(str)
    candidate_chosen = Signal(int)  # index into the finding's candidates
    history_requested = Signal()
    uncorrect_requested = Signal()  # take back the selected cell's correction

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Review note"), parent)
        self.target_label = QLabel()
        self.target_label.setWordWrap(True)
        # The whole finding, read in place: in a scroll area at most four lines high, so a
        # long finding scrolls (never cut after two lines) and never pushes the fields below
        # into each other.
        self.target_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.target_scroll = QScrollArea()
        self.target_scroll.setWidget(self.target_label)
        self.target_scroll.setWidgetResizable(True)
        self.target_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.target_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        line = self.target_label.fontMetrics().lineSpacing()
        self.target_scroll.setMinimumHeight(2 * line + 4)
        self.target_scroll.setMaximumHeight(4 * line + 6)
        self.status = QComboBox()
        self.status.addItem(self.tr("(no status)"), "")
        for i, s in enumerate(STATUSES, start=1):
            self.status.addItem(f"{s}  (Ctrl+{i})", s)
        self.comment = QPlainTextEdit()
        self.comment.setPlaceholderText(self.tr("Comment (Ctrl+M to edit, Ctrl+Enter to save)"))
        self.comment.setTabChangesFocus(True)
        # The comment gives way first when the panel is short (it scrolls).
        self.comment.setMinimumHeight(2 * self.comment.fontMetrics().lineSpacing() + 12)
        self.save_button = QPushButton(self.tr("Save note"))
        self.meta = QLabel()
        self.meta.setStyleSheet("color: #666;")
        # A signed report: said once, above everything, while the fields are read-only.
        self.lock_label = QLabel()
        self.lock_label.setWordWrap(True)
        self.lock_label.setStyleSheet("background: #e8f0fe; color: #0b3d91; padding: 3px;")
        self.lock_label.hide()
        # The selected cell's correction: 原报 … → 更正 …, who, when, why.
        self.correction_label = QLabel()
        self.correction_label.setWordWrap(True)
        self.correction_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.correction_label.setStyleSheet("color: #0b4fb3;")
        self.uncorrect_button = QPushButton(self.tr("Take back correction"))
        self.uncorrect_button.clicked.connect(self.uncorrect_requested)
        corr_row = QHBoxLayout()
        corr_row.addWidget(self.correction_label, 1)
        corr_row.addWidget(self.uncorrect_button)
        self.correction_box = QWidget()
        self.correction_box.setLayout(corr_row)
        corr_row.setContentsMargins(0, 0, 0, 0)
        self.correction_box.hide()
        # Optional: the reason the next correction takes (typing a number + Enter suffices).
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("Reason for the next correction (optional)"))
        self.reason.setClearButtonEnabled(True)
        # An ambiguous_digits finding's candidate splits (up to a dozen): one click (or
        # Enter) on one takes it. A wrapping list, so a dozen never widens the window.
        self.candidates = QListWidget()
        self.candidates.setFlow(QListView.Flow.LeftToRight)
        self.candidates.setWrapping(True)
        self.candidates.setResizeMode(QListView.ResizeMode.Adjust)
        self.candidates.setSpacing(2)
        self.candidates.setFixedHeight(2 * self.candidates.fontMetrics().lineSpacing() + 16)
        self.candidates.setToolTip(self.tr("Take this split: fills the finding's cells and re-checks (one undo step)"))
        self.candidates.itemClicked.connect(lambda item: self.candidate_chosen.emit(self.candidates.row(item)))
        self.candidates.itemActivated.connect(lambda item: self.candidate_chosen.emit(self.candidates.row(item)))
        self.candidates_box = QWidget()
        box = QVBoxLayout(self.candidates_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("Candidate splits (click one to take it):")))
        box.addWidget(self.candidates)
        self.candidates_box.hide()
        # Notes whose finding is gone, corrections whose cell is gone.
        self.orphans_label = QLabel()
        self.orphans_label.setWordWrap(True)
        self.orphans_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.orphans_label.setStyleSheet("color: #777;")
        self.orphans_label.hide()
        self.history_button = QPushButton(self.tr("History…"))
        self.history_button.setToolTip(self.tr("Who changed what and when, for this target and the whole report"))
        self.history_button.clicked.connect(self.history_requested)
        self._form = form = QFormLayout()
        form.addRow(self.tr("Target:"), self.target_scroll)
        form.addRow(self.tr("Status:"), self.status)
        form.addRow(self.tr("Reason:"), self.reason)
        lay = QVBoxLayout(self)
        lay.addWidget(self.lock_label)
        lay.addLayout(form)
        lay.addWidget(self.correction_box)
        lay.addWidget(self.candidates_box)
        lay.addWidget(self.comment, 1)
        lay.addWidget(self.orphans_label)
        row = QHBoxLayout()
        row.addWidget(self.meta, 1)
        row.addWidget(self.history_button)
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
        self.target_label.setToolTip(description)
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

    def show_correction(self, text: str) -> None:
        """The selected cell's correction (empty: none)."""
        self.correction_label.setText(text)
        self.correction_box.setVisible(bool(text))

    def show_candidates(self, candidates: list[str]) -> None:
        """One entry per candidate split (``12/3/45``); none: hidden."""
        self.candidates.clear()
        for i, text in enumerate(candidates):
            self.candidates.addItem(self.tr("Split %1: %2").replace("%1", str(i + 1)).replace("%2", text))
        self.candidates_box.setVisible(bool(candidates) and not self.comment.isReadOnly())

    def show_orphans(self, lines: list[str]) -> None:
        self.orphans_label.setText("\n".join(lines))
        self.orphans_label.setVisible(bool(lines))

    def set_locked(self, message: str) -> None:
        """A signed report: everything read-only but the history, with the reason shown."""
        locked = bool(message)
        self.lock_label.setText(message)
        self.lock_label.setVisible(locked)
        self.status.setEnabled(not locked)
        self.comment.setReadOnly(locked)
        self.save_button.setEnabled(not locked)
        # What cannot be used while locked makes room for the banner.
        self._form.setRowVisible(self.reason, not locked)
        self.uncorrect_button.setVisible(not locked)
        if locked:
            self.candidates_box.hide()
        else:
            self.candidates_box.setVisible(self.candidates.count() > 0)

    def is_dirty(self) -> bool:
        return self.isEnabled() and not self.comment.isReadOnly() and self.comment.toPlainText() != self._saved_text

    def save_comment(self) -> None:
        text = self.comment.toPlainText().strip()
        self._saved_text = self.comment.toPlainText()
        self.comment_saved.emit(text)

    def _status_changed(self, _index: int) -> None:
        if not self._loading:
            self.status_chosen.emit(str(self.status.currentData() or ""))
