"""The 帮助 menu: the keys, what the colours mean, where data and logs are, and 关于.

The keys are read from the window's own actions (gui/actions.py), so the list is never
out of date; the colours from gui/labels.py, the ones the views paint with.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

from core import __version__
from core.logsetup import log_dir
from core.paths import user_data_dir
from gui.labels import BLANK_BG, ERROR_BG, STATUS_COLORS, WARNING_BG

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def keys_html(w: QWidget) -> str:
    """Every action of the window that has a key, as a table (menu text, keys)."""
    rows = []
    for act in w.actions():
        if not isinstance(act, QAction) or not act.shortcuts():
            continue
        keys = " / ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
        rows.append(f"<tr><td>{html.escape(act.text().replace('&', ''))}</td><td><b>{html.escape(keys)}</b></td></tr>")
    return "<table cellspacing=4>" + "".join(rows) + "</table>"


def colours_html() -> str:
    def swatch(colour: str) -> str:
        return f"<span style='background:{colour}'>&nbsp;&nbsp;&nbsp;&nbsp;</span>"

    rows = [
        (swatch(ERROR_BG.name()), QCoreApplication.translate("Help", "Error: a check failed (a total that does not add up, a missing table …)")),
        (swatch(WARNING_BG.name()), QCoreApplication.translate("Help", "Warning: worth a look, may be right (a placeholder, an uncertain OCR reading …)")),
        (swatch(BLANK_BG.name()), QCoreApplication.translate("Help", "Hatched grey: the report printed this cell empty")),
        ("<span style='color:#0b4fb3'>◤ <b>12</b></span>", QCoreApplication.translate("Help", "Blue bold number: corrected by the reviewer; the printed value is in the tooltip")),
        ("✎", QCoreApplication.translate("Help", "The cell or finding has a note")),
        ("┆ / 识?", QCoreApplication.translate("Help", "Read by OCR / read by OCR with little confidence: compare with the page")),
        ("<span style='color:#e62828'>▭</span>", QCoreApplication.translate("Help", "Red box in the original: where the selected finding or cell is")),
    ]
    rows += [
        (f"<span style='color:{c.name()}'><b>{html.escape(name)}</b></span>", QCoreApplication.translate("Help", "Review status of a finding or report"))
        for name, c in STATUS_COLORS.items()
    ]
    return "<table cellspacing=4>" + "".join(f"<tr><td>{a}</td><td>{html.escape(b)}</td></tr>" for a, b in rows) + "</table>"


def places_html() -> str:
    data = user_data_dir()
    items = [
        (QCoreApplication.translate("Help", "Notes, corrections and sign-offs"), data / "annotations.json"),
        (QCoreApplication.translate("Help", "Settings"), data / "settings.ini"),
        (QCoreApplication.translate("Help", "Log files"), log_dir()),
    ]
    return "<table cellspacing=4>" + "".join(
        f"<tr><td>{html.escape(label)}</td><td><a href='{QUrl.fromLocalFile(str(path.parent if path.suffix else path)).toString()}'>"
        f"{html.escape(str(path))}</a></td></tr>"
        for label, path in items
    ) + "</table>"


class HelpDialog(QDialog):
    """One page of help (keys, colours or places), links to folders open in the file manager."""

    def __init__(self, title: str, body: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(QDesktopServices.openUrl)
        self.browser.setHtml(body)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.browser)
        lay.addWidget(buttons)
        self.resize(620, 460)


def show_keys(w: MainWindow) -> HelpDialog:
    d = HelpDialog(QCoreApplication.translate("Help", "Keyboard keys"), keys_html(w), w)
    d.open()
    return d


def show_colours(w: MainWindow) -> HelpDialog:
    d = HelpDialog(QCoreApplication.translate("Help", "What the colours mean"), colours_html(), w)
    d.open()
    return d


def show_places(w: MainWindow) -> HelpDialog:
    d = HelpDialog(QCoreApplication.translate("Help", "Where data and logs are"), places_html(), w)
    d.open()
    return d


def about_text() -> str:
    return QCoreApplication.translate("Help",
        "<b>ReviewDesk</b> version %1<br>Reads the annual reports on government information "
        "disclosure, checks their tables and lets a reviewer note, correct and sign off."
    ).replace("%1", html.escape(__version__)) + _judge_line()


def _judge_line() -> str:
    """Which program and rules judge (the engine_version every report object carries), so an
    assessor can match a finding to the rules that produced it, and when this build was made.
    The identifier is not translated."""
    from core.engine_version import build_date, engine_version

    day = build_date()
    built = (QCoreApplication.translate("Help", "Built on %1").replace("%1", html.escape(day)) if day
             else QCoreApplication.translate("Help", "Running from source"))
    return f"<br>{built}<br><small>engine_version: {html.escape(engine_version())}</small>"


def show_about(w: MainWindow) -> None:
    QMessageBox.about(w, QCoreApplication.translate("Help", "About ReviewDesk"), about_text())
