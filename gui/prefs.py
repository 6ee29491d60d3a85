"""Preferences: the reviewer's name (also in the status bar; asked at a session's first mark)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLineEdit, QWidget

from gui import settings
from gui.review_ctl import ReviewerPrompt


class PreferencesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.name = QLineEdit(settings.reviewer_name())
        self.name.setPlaceholderText(self.tr("Your name, printed on notes and review sheets"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow(self.tr("Reviewer:"), self.name)
        form.addRow(buttons)
        self.setMinimumWidth(360)

    def accept(self) -> None:
        name = self.name.text().strip()
        prompt = getattr(self.parent(), "reviewer", None)
        if isinstance(prompt, ReviewerPrompt) and name:
            prompt.use(name)  # the session's reviewer from now on, and remembered
        else:
            settings.set_reviewer_name(name)
        super().accept()
