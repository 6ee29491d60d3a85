"""Application start: one window per user, fonts, translations, style, the main window,
the first run on the bundled samples, and the session (open files, layout) across runs."""

from __future__ import annotations

import logging
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QByteArray,
    QCoreApplication,
    QEvent,
    QLibraryInfo,
    QLocale,
    QObject,
    QTimer,
    QTranslator,
)
from PySide6.QtGui import QFileOpenEvent, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter

from core.paths import APP_AUTHOR, APP_NAME, resources_dir
from gui.fonts import register_fonts, ui_font
from gui.qtlog import install_message_handler  # re-exported: main.py and the window install it

if TYPE_CHECKING:
    from gui.single_instance import SingleInstance

log = logging.getLogger("reviewdesk.qt")

_translators: list[QTranslator] = []  # kept alive for the application's lifetime


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
    # Qt's own dialogs (file dialogs, message boxes, context menus) and number formats
    # follow the language the program shows, not the system's.
    QLocale.setDefault(locale)
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
    # Qt's catalogue lags its sources: the file dialog's "&Look in:" / "Files of &type:"
    # (renamed in Qt 6.12) are missing from qtbase_zh_CN.qm and showed in English. Our
    # supplement, installed last, is searched first (resources/i18n/qtfixes_zh_CN.ts).
    fixes = QTranslator(app)
    if fixes.load(locale, "qtfixes", "_", str(resources_dir() / "i18n")):
        app.installTranslator(fixes)
        _translators.append(fixes)
    return ok


def setup_application(app: QGuiApplication) -> None:
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName("年报审阅台")
    app.setDesktopFileName("reviewdesk")  # matches build_spec/reviewdesk.desktop
    register_fonts()
    icon = resources_dir() / "icons" / "reviewdesk.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
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
    """Open the window (and the given files/folders); returns the exit code.

    A window already open for this user gets the paths instead (see ``gui.single_instance``).
    With no paths, the first run opens the bundled samples and later runs the files that
    were open when the window last closed.
    """
    install_message_handler()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    from gui.single_instance import claim

    instance = claim(paths)
    if instance is None:
        return 0  # the running window has them
    setup_application(app)
    window = start(app, paths, instance)
    install_sigterm(window)
    code = app.exec()
    instance.close()
    del window
    from core.batchdocs import chart_process
    from core.runner import shutdown_shared

    shutdown_shared()  # no worker process outlives the program
    chart_process.shutdown()
    return code


def install_sigterm(window: QMainWindow) -> QTimer:
    """SIGTERM (a logout, ``kill``, a service manager) closes the window as its close
    button would: notes saved, session kept, worker processes ended.

    Python runs a signal handler only when the interpreter gets control; inside Qt's
    event loop that is never, so a timer ticks to give it the chance."""

    def handler(_signum: int, _frame: object) -> None:
        QTimer.singleShot(0, lambda: (window.close(), QCoreApplication.quit()))

    signal.signal(signal.SIGTERM, handler)
    tick = QTimer(window)
    tick.timeout.connect(lambda: None)
    tick.start(200)
    return tick


def start(app: QApplication, paths: list[str], instance: SingleInstance | None = None) -> QMainWindow:
    """The window, shown, with its layout restored and its first files loading."""
    from gui.main_window import MainWindow

    window = MainWindow()
    restore_layout(window)
    keeper = _SessionKeeper(window)
    app.installEventFilter(keeper)  # macOS "Open with" arrives as QFileOpenEvent
    if instance is not None:
        instance.setParent(window)  # lives as long as the window
        instance.received.connect(lambda received: _bring_forward(window, received))
    window.show()
    first_run = not paths and is_first_run()
    first = [str(Path(p)) for p in paths] if paths else startup_paths()
    if first_run:
        # A new user first sees what the program finds: the faulty sample, not a clean one
        # with an empty findings list.
        window.pending_current = faulty_sample()
    elif not paths:
        # A restart returns to the report last reviewed.
        window.pending_current = last_report()
    if first:
        # A restored session is not "opened by the reviewer": the recent list stays as it was.
        window.open_paths(first, remember=bool(paths))  # type: ignore[attr-defined]
    return window


# --- start-up and session --------------------------------------------------------------
SESSION_KEY = "session/files"
CURRENT_KEY = "session/current"
SPLITTERS = (("layout/top", "top_split"), ("layout/bottom", "bottom_split"), ("layout/main", "main_split"))
SAMPLE_SUFFIXES = (".pdf", ".txt", ".html", ".docx")


def sample_paths() -> list[str]:
    folder = resources_dir() / "samples"
    return [str(p) for p in sorted(folder.glob("*")) if p.suffix.lower() in SAMPLE_SUFFIXES]


def faulty_sample() -> str | None:
    """The bundled sample with findings (``expected.json`` says which), a PDF first."""
    import json

    folder = resources_dir() / "samples"
    try:
        expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    faulty = [p for p in sample_paths() if not expected.get(Path(p).name, {}).get("clean", True)]
    faulty.sort(key=lambda p: (Path(p).suffix.lower() != ".pdf", p))
    return faulty[0] if faulty else None


def is_first_run() -> bool:
    """No file was ever opened and no session was ever saved."""
    from gui import settings

    return not settings.recent_paths() and not settings.settings().contains(SESSION_KEY)


def startup_paths() -> list[str]:
    """What a launch without files opens: the samples the first time, else the last session."""
    from gui import settings

    if is_first_run():
        return sample_paths()
    value = settings.settings().value(SESSION_KEY, [])
    if isinstance(value, str):
        saved = [value] if value else []
    else:
        saved = [str(v) for v in value if v] if isinstance(value, list | tuple) else []
    return [p for p in saved if Path(p).exists()]


def last_report() -> str | None:
    from gui import settings

    value = settings.settings().value(CURRENT_KEY, "")
    return str(value) if value else None


def save_session(window: QMainWindow) -> None:
    from gui import settings

    s = settings.settings()
    queue = getattr(window, "queue_model", None)
    files = [e.path for e in queue.entries()] if queue is not None else []
    s.setValue(SESSION_KEY, files)
    current = getattr(window, "current", None)
    s.setValue(CURRENT_KEY, current.path if current is not None else "")
    s.setValue("layout/geometry", window.saveGeometry())
    s.setValue("layout/state", window.saveState())
    for key, attr in SPLITTERS:
        split = getattr(window, attr, None)
        if isinstance(split, QSplitter):
            s.setValue(key, split.saveState())
    s.sync()


def restore_layout(window: QMainWindow) -> None:
    from gui import settings

    s = settings.settings()
    geometry = s.value("layout/geometry")
    if isinstance(geometry, QByteArray | bytes):
        window.restoreGeometry(QByteArray(geometry))
    state = s.value("layout/state")
    if isinstance(state, QByteArray | bytes):
        window.restoreState(QByteArray(state))
    for key, attr in SPLITTERS:
        split = getattr(window, attr, None)
        value = s.value(key)
        if isinstance(split, QSplitter) and isinstance(value, QByteArray | bytes):
            split.restoreState(QByteArray(value))


class _SessionKeeper(QObject):
    """Saves the open files and the layout when the window is about to close; on the
    application, also takes files the system asks us to open (macOS Finder)."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.window = window
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            if event.file():
                _bring_forward(self.window, [event.file()])
            return True
        if watched is self.window and event.type() == QEvent.Type.Close:
            try:
                save_session(self.window)
            except Exception:  # noqa: BLE001 - a layout that cannot be saved must not block closing
                log.exception("saving the session failed")
        return False


def _bring_forward(window: QMainWindow, paths: list[str]) -> None:
    if window.isMinimized():
        window.showNormal()
    window.raise_()
    window.activateWindow()
    if paths:
        window.open_paths(paths)  # type: ignore[attr-defined]
