"""How a cell read by OCR looks in a table: a small badge and a line of its tooltip.

Marks, not colours alone: the error/warning backgrounds are the findings' colours, so
the reading's state rides on a small mark of its own at the cell's left edge. On a scan
every cell is read by OCR, so the plain mark is quiet — a dotted blue-grey bar — and only
what needs the reviewer stands out: an amber "识?" outlined in dark amber (read with
little confidence: to confirm), a green "✓" (confirmed or corrected by the reviewer).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen, QPixmap

from core.model import Cell
from core.ocr_review import is_uncertain

# state -> (text, fill, outline, text colour); "read" is the dotted bar
_BADGES = {
    "doubt": ("识?", QColor("#ffc24a"), QColor("#a15c00"), QColor("#3d2600")),
    "settled": ("✓", QColor("#d5efd8"), QColor("#2e7d32"), QColor("#1b5e20")),
}
READ_MARK = QColor("#6f8fb8")
_cache: dict[str, QPixmap] = {}


def ocr_state(cell: Cell | None) -> str | None:
    """None (not read by OCR), "doubt" (to confirm), "settled" (confirmed or corrected), "read"."""
    if cell is None or cell.ocr is None:
        return None
    if getattr(cell, "corrected", None) or getattr(cell, "confirmed", None):
        return "settled"
    return "doubt" if is_uncertain(cell) else "read"


def is_confirmed(cell: Cell) -> bool:
    """Confirmed as read (``Cell.confirmed``), which is not a correction."""
    return getattr(cell, "confirmed", None) is not None


def ocr_badge(cell: Cell | None) -> QPixmap | None:
    state = ocr_state(cell)
    if state is None:
        return None
    pix = _cache.get(state)
    if pix is None and state == "read":
        pix = QPixmap(4 * 2, 15 * 2)
        pix.setDevicePixelRatio(2.0)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        for y in range(1, 14, 3):  # a dotted bar: read by OCR, nothing to do
            p.fillRect(QRectF(1, y, 2, 2), READ_MARK)
        p.end()
        _cache[state] = pix
    if pix is None:
        text, fill, outline, ink = _BADGES[state]
        font = QFont()
        font.setPointSizeF(max(7.0, font.pointSizeF() * 0.8))
        font.setBold(True)
        width = 15 + 8 * (len(text) - 1)
        pix = QPixmap(width * 2, 15 * 2)
        pix.setDevicePixelRatio(2.0)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setPen(QPen(outline, 1.6 if state == "doubt" else 1.0))
        p.setBrush(fill)
        p.drawRoundedRect(QRectF(0.8, 0.8, width - 1.6, 13.4), 3, 3)
        p.setFont(font)
        p.setPen(ink)
        p.drawText(QRectF(0, 0, width, 15), Qt.AlignmentFlag.AlignCenter, text)
        p.end()
        _cache[state] = pix
    return pix


def ocr_tooltip(cell: Cell | None) -> str | None:
    """The tooltip's line for a cell read by OCR (the legend of its badge)."""
    state = ocr_state(cell)
    if state is None or cell is None or cell.ocr is None:
        return None
    translate = QCoreApplication.translate  # context "ocr" (resources/i18n)
    text = translate("ocr", "Read by OCR, confidence %1").replace("%1", f"{cell.ocr['confidence']:.2f}")
    if state == "doubt":
        text += translate("ocr", " — uncertain: compare with the page and confirm or correct it")
    elif state == "settled":
        text += translate("ocr", " — confirmed as read") if is_confirmed(cell) else translate("ocr", " — corrected by the reviewer")
    return text
