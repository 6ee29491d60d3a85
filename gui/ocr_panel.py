"""The OCR panel: the piece of the page image beside the value read, and the reviewer's say.

For the table cell selected, when OCR read it: the crop of the page around the cell
(``core.readers.image.crop_box`` / ``render_crop``, rendered off the GUI thread), the
value as read and its confidence, and three buttons:

- 确认 — the reading is right: a correction to the same value, reason "按原文确认"
  (docs/store.md), so the re-check treats the cell as certain: an ``ocr_uncertain``
  doubt resting on it turns back into the plain error if the arithmetic still fails;
- 更正… — the reviewer types the value the page shows;
- 下一个待确认 — the next uncertain reading, least confident first (``ocr_cells`` order).

Corrections go through the review session (``ReviewSession.correct``), which writes them
to the store on its thread and re-checks the report; the tables, findings and this panel
follow its ``report_changed`` announcement.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QFont, QImage, QPixmap
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from core.annotations import NoReviewer, ReportLocked
from core.corrections import Correction, CorrectionError, parse_value
from core.model import Cell
from core.ocr_columns import is_misplaced
from core.ocr_review import is_uncertain
from core.readers.image import crop_box, ocr_cells, render_crop
from core.session import Entry, Event, ReportChanged, ReportsCleared, ReviewSession
from core.sheet import table_layout
from gui.labels import table_label
from gui.ocr_marks import is_confirmed, ocr_state
from gui.tasks import Task, run_task, single_thread_pool

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

log = logging.getLogger(__name__)

CORRECT_REASON = "按原文更正识别结果"
CROP_DPI = 200
CropKey = tuple[str, str, str]  # (table, row, col)


def to_qimage(image: PILImage) -> QImage:
    """A greyscale PIL image as a QImage that owns its pixels."""
    gray = image.convert("L")
    w, h = gray.size
    data = gray.tobytes()
    return QImage(data, w, h, w, QImage.Format.Format_Grayscale8).copy()


class OcrPanel(QWidget):
    """The widget; what it shows is set by ``OcrController``."""

    confirm_clicked = Signal()
    correct_clicked = Signal()
    next_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.crop = QLabel()
        self.crop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.crop.setMinimumHeight(70)
        self.crop.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.crop.setStyleSheet("QLabel { background: white; border: 1px solid #b0b0b0; }")
        self.value = QLabel()
        big = QFont()
        big.setPointSizeF(big.pointSizeF() * 1.6)
        big.setBold(True)
        self.value.setFont(big)
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        self.confidence = QLabel()
        self.confidence.setTextFormat(Qt.TextFormat.PlainText)
        self.confidence.setWordWrap(True)
        self.state = QLabel()
        self.state.setTextFormat(Qt.TextFormat.PlainText)
        self.state.setWordWrap(True)
        self.legend = QLabel(self.tr("In the tables: ┆ read by OCR · 识? uncertain, to confirm · ✓ confirmed"))
        self.legend.setStyleSheet("color: #606060;")
        self.legend.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Confirm"))
        self.confirm_button.setToolTip(self.tr("The value read is what the page shows"))
        self.correct_button = QPushButton(self.tr("Correct…"))
        self.correct_button.setToolTip(self.tr("Enter the value the page shows"))
        self.next_button = QPushButton(self.tr("Next to confirm"))
        self.next_button.setToolTip(self.tr("The next uncertain reading, least confident first"))
        self.confirm_button.clicked.connect(self.confirm_clicked)
        self.correct_button.clicked.connect(self.correct_clicked)
        self.next_button.clicked.connect(self.next_clicked)

        read = QHBoxLayout()
        read.addWidget(QLabel(self.tr("Read as:")))
        read.addWidget(self.value)
        read.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(self.correct_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.title)
        lay.addWidget(self.crop, 1)
        lay.addLayout(read)
        lay.addWidget(self.confidence)
        lay.addWidget(self.state)
        lay.addLayout(buttons)
        lay.addWidget(self.legend)
        self.show_nothing(self.tr("Select a cell read by OCR (marked 识) to compare it with the page."))

    def show_nothing(self, text: str) -> None:
        self.title.setText(text)
        self.crop.clear()
        self.crop.setText("")
        self.value.setText("")
        self.confidence.setText("")
        self.state.setText("")
        self.confirm_button.setEnabled(False)
        self.correct_button.setEnabled(False)

    def set_pixmap(self, image: QImage | None) -> None:
        if image is None or image.isNull():
            self.crop.setText(self.tr("The page image could not be shown"))
            return
        pix = QPixmap.fromImage(image)
        room = self.crop.contentsRect().size() - QSize(8, 8)
        # Fitted to the room, enlarged up to 3× (a digit of a 100 dpi scan is a few pixels).
        factor = min(3.0, room.width() / max(1, pix.width()), room.height() / max(1, pix.height()))
        if factor > 0 and abs(factor - 1.0) > 0.05:
            pix = pix.scaled(QSize(round(pix.width() * factor), round(pix.height() * factor)),
                             Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        self.crop.setPixmap(pix)


class OcrController(QObject):
    """Follows the cell selected in the window and the session's changes; acts on the panel's buttons."""

    # (table, row, col): the window brings that cell on screen and selects it.
    cell_requested = Signal(str, str, str)

    def __init__(self, session: ReviewSession, panel: OcrPanel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.panel = panel
        self.entry: Entry | None = None
        self.key: CropKey | None = None
        self._image: QImage | None = None
        self._image_key: tuple[str, CropKey, Any] | None = None
        self._pool = single_thread_pool()  # pdfium is not for two threads at once
        self._ask_value: Callable[[str], str | None] = self._dialog_value
        panel.confirm_clicked.connect(self.confirm)
        panel.correct_clicked.connect(self.correct)
        panel.next_clicked.connect(self.next_uncertain)
        session.subscribe(self._on_event, view=True)

    # what is shown --------------------------------------------------------------------
    def set_entry(self, entry: Entry | None) -> None:
        self.entry = entry
        self.key = None
        self._refresh()

    def show_cell(self, table: str, row: str, col: str) -> None:
        self.key = (table, row, col)
        self._refresh()

    def cell(self) -> Cell | None:
        if self.entry is None or self.key is None:
            return None
        t, r, c = self.key
        return self.entry.report.tables.get(t, {}).get(r, {}).get(c)

    def uncertain(self) -> list[CropKey]:
        """The readings still to confirm, least confident first."""
        if self.entry is None or not self.entry.report.ocr:
            return []
        return [(t, r, c) for t, r, c, cell in ocr_cells(self.entry.report) if is_uncertain(cell)]

    def _on_event(self, event: Event) -> None:
        if isinstance(event, ReportChanged) and self.entry is not None and event.sha == self.entry.sha:
            self._refresh()
        elif isinstance(event, ReportsCleared):
            self.set_entry(None)

    def _refresh(self) -> None:
        p = self.panel
        todo = self.uncertain()
        p.next_button.setText(self.tr("Next to confirm (%1)").replace("%1", str(len(todo))))
        p.next_button.setEnabled(bool(todo))
        entry, cell = self.entry, self.cell()
        if entry is None or not entry.report.ocr:
            p.show_nothing(self.tr("This report was not read by OCR."))
            return
        if cell is None or cell.ocr is None or self.key is None:
            p.show_nothing(self.tr("Select a cell read by OCR (marked 识) to compare it with the page."))
            return
        p.title.setText(self.tr("%1 / %2 / %3 on page %4").replace("%1", table_label(self.key[0]))
                        .replace("%2", self._labels()[0]).replace("%3", self._labels()[1])
                        .replace("%4", str(cell.loc.page if cell.loc and cell.loc.page else "?")))
        corrected = getattr(cell, "corrected", None)
        read = corrected.original_raw if corrected else cell.raw
        p.value.setText(read or "∅")
        conf = cell.ocr["confidence"]
        p.confidence.setText(self.tr("Read by OCR, confidence %1").replace("%1", f"{conf:.2f}"))
        state = ocr_state(cell)
        if state == "doubt" and is_misplaced(cell):
            # read surely but standing in another column on the page: the row may have slid
            p.state.setText(self.tr("Out of its column on the page (the row may have slid): "
                                    "compare with the page, then confirm or correct it."))
            p.state.setStyleSheet("color: #a15c00; font-weight: bold;")
        elif state == "doubt":
            p.state.setText(self.tr("Uncertain: compare with the page, then confirm or correct it."))
            p.state.setStyleSheet("color: #a15c00; font-weight: bold;")
        elif state == "settled" and cell.confirmed is not None:
            p.state.setText(self.tr("Confirmed as read by %1").replace("%1", cell.confirmed.get("by") or "?"))
            p.state.setStyleSheet("color: #2e7d32;")
        elif state == "settled" and corrected is not None:
            p.state.setText(self.tr("Corrected to %1 by %2").replace("%1", str(cell.value))
                            .replace("%2", corrected.by or "?"))
            p.state.setStyleSheet("color: #2e7d32;")
        else:
            p.state.setText("")
            p.state.setStyleSheet("")
        p.confirm_button.setEnabled(not is_confirmed(cell))
        p.correct_button.setEnabled(True)
        self._load_crop(entry, self.key, cell)

    def _labels(self) -> tuple[str, str]:
        """The row's and the column's labels in the format (the ids when it has none)."""
        if self.entry is None or self.key is None:
            return "", ""
        t, r, c = self.key
        lay = table_layout(self.entry.report, t)
        row = next((x.label for x in lay.rows if x.id == r), r)
        col = next((label for cid, label in lay.cols if cid == c), c)
        return row, col

    def _load_crop(self, entry: Entry, key: CropKey, cell: Cell) -> None:
        box = crop_box(cell)
        ident = (entry.path, key, box)
        if ident == self._image_key:
            self.panel.set_pixmap(self._image)
            return
        self._image_key = ident
        if box is None:
            self.panel.set_pixmap(None)
            return
        page, bbox = box
        path = entry.path
        doc = entry.analysis.document
        turn = doc.ocr_turns.get(page, 0) if doc is not None else 0  # a page scanned on its side: upright
        self.panel.crop.setText(self.tr("Loading the page image…"))

        def work(_task: Task) -> QImage:
            return to_qimage(render_crop(path, page, bbox, dpi=CROP_DPI, turn=turn))

        def done(image: Any) -> None:
            if self._image_key != ident:
                return  # another cell was chosen meanwhile
            self._image = image if isinstance(image, QImage) else None
            self.panel.set_pixmap(self._image)

        def failed(exc: BaseException) -> None:
            log.warning("crop of %s failed: %s", path, exc)
            if self._image_key == ident:
                self._image = None
                self.panel.set_pixmap(None)

        run_task(work, done, failed, pool=self._pool)

    # the reviewer's say ------------------------------------------------------------------
    def _correct_to(self, value: int | float | None, reason: str) -> bool:
        if self.entry is None or self.key is None:
            return False
        t, r, c = self.key
        try:
            return self.session.correct(self.entry.sha, [Correction(t, r, c, value, reason=reason)],
                                        file_name=self.entry.name)
        except (ReportLocked, NoReviewer) as exc:  # a signed report: the window's status bar says why
            self._say(str(exc))
            return False

    def confirm(self) -> bool:
        """The value as read is right: a confirmation (the cell's ``confirmed``), never a
        correction; it replaces a correction of the cell, if there was one."""
        cell = self.cell()
        if cell is None or cell.ocr is None or self.entry is None or self.key is None:
            return False
        corrected = getattr(cell, "corrected", None)
        value = corrected.original if corrected else cell.value
        t, r, c = self.key
        try:
            return self.session.confirm(self.entry.sha, t, r, c, value, file_name=self.entry.name)
        except (ReportLocked, NoReviewer) as exc:  # the window's status bar says why
            self._say(str(exc))
            return False

    def _say(self, text: str) -> None:
        window = self.parent()
        if isinstance(window, QMainWindow):
            window.statusBar().showMessage(text, 8000)

    def correct(self) -> bool:
        cell = self.cell()
        if cell is None or cell.ocr is None:
            return False
        text = self._ask_value(str(cell.value) if cell.value is not None else "")
        if text is None:
            return False
        try:
            value = parse_value(text)
        except CorrectionError as exc:
            QMessageBox.warning(self.panel, self.tr("Not a value"), str(exc))
            return False
        return self._correct_to(value, CORRECT_REASON)

    def _dialog_value(self, current: str) -> str | None:
        text, ok = QInputDialog.getText(
            self.panel, self.tr("Correct the reading"),
            self.tr("The value the page shows (empty or “blank” for a blank cell):"), text=current
        )
        return text if ok else None

    def next_uncertain(self) -> CropKey | None:
        todo = self.uncertain()
        if not todo:
            return None
        nxt = todo[(todo.index(self.key) + 1) % len(todo)] if self.key in todo else todo[0]
        self.cell_requested.emit(*nxt)
        return nxt
