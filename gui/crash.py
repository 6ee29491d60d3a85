"""The crash dialog: what the window shows when core/crash.py catches an uncaught exception.

Only the dialog lives here (the hook, the recursion guard and the log are Qt-free, in
core/crash.py). ``enable_dialog`` registers it; main.py does so for the window.
"""

from __future__ import annotations

from pathlib import Path

import PySide6
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from core import crash


def show_dialog(text: str, path: Path | None) -> bool:
    """A modal dialog when a QApplication with widgets exists; False when it cannot be shown."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    CrashDialog.build(text, path).exec()
    return True


def enable_dialog() -> None:
    crash.set_dialog(show_dialog)
    crash.add_detail(f"PySide6: {PySide6.__version__}  Qt: {qVersion()}")


class CrashDialog:
    """Factory for the crash dialog."""

    @staticmethod
    def build(text: str, path: Path | None) -> QDialog:
        dialog = QDialog()
        dialog.setObjectName("crashDialog")
        dialog.setWindowTitle("年报审阅台：内部错误")
        lay = QVBoxLayout(dialog)
        where = f"详情已写入：{path}" if path else "日志无法写入磁盘。"
        msg = QLabel(
            "程序遇到了一个内部错误。已保存的批注不受影响；"
            "如果窗口工作不正常，请关闭后重新打开。\n"
            f"{where}\n如需报告问题，请点「复制详情」，把内容发给维护人员。"
        )
        msg.setWordWrap(True)
        msg.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # the path can be copied
        msg.setObjectName("crashMessage")
        lay.addWidget(msg)
        box = QPlainTextEdit(text)
        box.setReadOnly(True)
        box.setObjectName("crashDetails")
        box.setMinimumSize(560, 180)
        lay.addWidget(box)
        buttons = QDialogButtonBox()
        copy = QPushButton("复制详情")
        copy.setObjectName("copyDetails")
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        close = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.AcceptRole)
        close.setDefault(True)

        def do_copy() -> None:
            details = text if path is None else f"{text}\nlog file: {path}"
            QApplication.clipboard().setText(details)
            copy.setText("已复制")

        copy.clicked.connect(do_copy)
        buttons.accepted.connect(dialog.accept)
        lay.addWidget(buttons)
        return dialog
