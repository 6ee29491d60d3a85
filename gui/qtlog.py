"""Qt's own messages into Python logging, at their own level (as qutebrowser's utils/qtlog.py).

Without this, Qt writes its warnings to stderr, which a windowed build does not have, and
they are lost; with it they land in the program log (core/logsetup.py) under the logger
``qt`` (``qt.<category>`` for categorised messages such as ``qt.qpa.fonts``).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QMessageLogContext, QtMsgType, qInstallMessageHandler

LEVELS = {
    QtMsgType.QtDebugMsg: logging.DEBUG,
    QtMsgType.QtInfoMsg: logging.INFO,
    QtMsgType.QtWarningMsg: logging.WARNING,
    QtMsgType.QtCriticalMsg: logging.ERROR,
    QtMsgType.QtFatalMsg: logging.CRITICAL,
}


def logger_for(context: QMessageLogContext | None) -> logging.Logger:
    category = getattr(context, "category", None) if context is not None else None
    if category and category != "default":
        return logging.getLogger(f"qt.{category}")
    return logging.getLogger("qt")


def qt_message_handler(mode: QtMsgType, context: QMessageLogContext | None, message: str) -> None:
    level = LEVELS.get(mode, logging.WARNING)
    where = ""
    if context is not None and getattr(context, "file", None):
        where = f" ({context.file}:{context.line}, {context.function})"
    logger_for(context).log(level, "%s%s", message, where)


def install_message_handler() -> None:
    qInstallMessageHandler(qt_message_handler)
