"""The crash handler, installed first thing in ``main.py``.

An uncaught exception (at top level, in a Qt slot, or in a thread) is written with its
traceback to ``user_data_dir()/logs/crash-*.log``. The reviewer never sees a traceback:

- in the window: a plain dialog saying what happened, where the log is, and a
  「复制详情」 button that copies the details for a bug report;
- headless (``main.py check``, ``--self-test``, or ``REVIEWDESK_NO_CRASH_DIALOG=1``): one
  Chinese line on stderr naming the log.

A second exception while handling the first (say, the dialog itself fails) is not
handled again: it goes to the log, or failing that to Python's default hook.

This module imports no Qt at import time, so ``check`` stays light.
"""

from __future__ import annotations

import datetime as _dt
import os
import platform
import sys
import tempfile
import threading
import traceback
from pathlib import Path
from types import TracebackType

_state = {"headless": True, "handling": False, "installed": False}
_last_log: list[Path] = []


def dialogs_enabled() -> bool:
    return not _state["headless"] and os.environ.get("REVIEWDESK_NO_CRASH_DIALOG", "") in ("", "0")


def logs_dir() -> Path:
    try:
        from core.paths import user_data_dir

        path = user_data_dir() / "logs"
        path.mkdir(parents=True, exist_ok=True)
        return path
    except OSError:  # a read-only or full home must not hide the crash itself
        path = Path(tempfile.gettempdir()) / "reviewdesk-logs"
        path.mkdir(parents=True, exist_ok=True)
        return path


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    try:
        from core import __version__
    except ImportError:  # pragma: no cover - core is always there
        __version__ = "?"
    head = [
        f"ReviewDesk {__version__}",
        f"time: {_dt.datetime.now().isoformat(timespec='seconds')}",
        f"python: {sys.version.split()[0]}  platform: {platform.platform()}",
        f"frozen: {bool(getattr(sys, 'frozen', False))}  argv: {sys.argv!r}",
        "",
    ]
    qt = sys.modules.get("PySide6")
    if qt is not None:
        head.insert(3, f"PySide6: {getattr(qt, '__version__', '?')}")
    return "\n".join(head) + "".join(traceback.format_exception(exc_type, exc, tb))


def write_log(text: str) -> Path:
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = logs_dir()
    path = folder / f"crash-{stamp}-{os.getpid()}.log"
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
        fh.write("\n")
    _last_log[:] = [path]
    return path


def handle(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    """``sys.excepthook``: log, then tell the reviewer plainly."""
    if issubclass(exc_type, KeyboardInterrupt):
        sys.__excepthook__(exc_type, exc, tb)
        return
    if _state["handling"]:  # an exception while reporting one: log it, never loop
        try:
            write_log("(while handling an earlier crash)\n" + details(exc_type, exc, tb))
        except Exception:  # noqa: BLE001 - last resort below
            sys.__excepthook__(exc_type, exc, tb)
        return
    _state["handling"] = True
    try:
        text = details(exc_type, exc, tb)
        try:
            path: Path | None = write_log(text)
        except OSError:
            path = None
        where = f"详情已写入 {path}" if path else "日志无法写入"
        if dialogs_enabled() and _show_dialog(text, path):
            return
        sys.stderr.write(f"年报审阅台出现内部错误（{exc_type.__name__}），{where}。\n")
        sys.stderr.flush()
    finally:
        _state["handling"] = False


def _thread_hook(args: threading.ExceptHookArgs) -> None:
    if args.exc_value is None:
        return
    handle(args.exc_type, args.exc_value, args.exc_traceback)


def install(headless: bool) -> None:
    """Install the hooks; ``headless`` turns the dialog off (one stderr line instead)."""
    _state["headless"] = headless
    if _state["installed"]:
        return
    _state["installed"] = True
    sys.excepthook = handle
    threading.excepthook = _thread_hook


def set_headless(headless: bool) -> None:
    _state["headless"] = headless


def _show_dialog(text: str, path: Path | None) -> bool:
    """A modal dialog when a QApplication with widgets exists; False when it cannot be shown."""
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError:
        return False
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return False
    dialog = CrashDialog.build(text, path)
    dialog.exec()
    return True


class CrashDialog:
    """Factory for the crash dialog (kept out of module scope so Qt is imported lazily)."""

    @staticmethod
    def build(text: str, path: Path | None):  # type: ignore[no-untyped-def]
        from PySide6.QtWidgets import (
            QApplication,
            QDialog,
            QDialogButtonBox,
            QLabel,
            QPlainTextEdit,
            QPushButton,
            QVBoxLayout,
        )

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
            QApplication.clipboard().setText(text)
            copy.setText("已复制")

        copy.clicked.connect(do_copy)
        buttons.accepted.connect(dialog.accept)
        lay.addWidget(buttons)
        return dialog
