"""Application start: fonts, translations, style, the main window."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator, qInstallMessageHandler
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from core.paths import APP_AUTHOR, APP_NAME, resources_dir
from gui.fonts import register_fonts, ui_font

log = logging.getLogger("reviewdesk.qt")

_translators: list[QTranslator] = []  # kept alive for the application's lifetime


def _qt_message(mode: object, context: object, message: str) -> None:
    # Qt's own warnings go to Python logging instead of stderr noise.
    log.debug("%s", message)


def ensure_display() -> None:
    """Headless use (CI, ``main.py check --out x.pdf``) needs the offscreen platform."""
    if (
        sys.platform.startswith("linux")
        and not os.environ.get("DISPLAY")
        and not os.environ.get("WAYLAND_DISPLAY")
    ):
        if not os.environ.get("QT_QPA_PLATFORM"):  # unset or empty
            os.environ["QT_QPA_PLATFORM"] = "offscreen"


def install_translations(app: QCoreApplication, locale: QLocale | None = None) -> bool:
    """Load the app's .qm (and Qt's own) for the locale; Chinese by default."""
    locale = locale or QLocale(os.environ.get("REVIEWDESK_LANG", "zh_CN"))
    ok = False
    ours = QTranslator(app)
    if ours.load(locale, "reviewdesk", "_", str(resources_dir() / "i18n")):
        app.installTranslator(ours)
        _translators.append(ours)
        ok = True
    qt_tr = QTranslator(app)
    if qt_tr.load(locale, "qtbase", "_", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(qt_tr)
        _translators.append(qt_tr)
    return ok


def setup_application(app: QGuiApplication) -> None:
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("年报审阅台")
    register_fonts()
    if isinstance(app, QApplication):
        app.setFont(ui_font())
        qss = resources_dir() / "styles" / "app.qss"
        if qss.exists():
            app.setStyleSheet(qss.read_text(encoding="utf-8"))
    install_translations(app)
    _warm_up_fonts()


def _warm_up_fonts() -> None:
    # The first Chinese text laid out loads the 5 MB CJK face and builds glyph caches;
    # doing it before the window shows keeps that pause out of the reviewer's first click.
    from PySide6.QtGui import QFontMetrics

    QFontMetrics(ui_font()).horizontalAdvance("年报审阅台政府信息公开工作年度报告申请办理复议诉讼第二十条")


def run(paths: list[str]) -> int:
    """Open the window (and the given files/folders); returns the exit code."""
    qInstallMessageHandler(_qt_message)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    setup_application(app)
    from gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if paths:
        window.open_paths([str(Path(p)) for p in paths])
    return app.exec()
