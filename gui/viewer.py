"""The original: PDF pages rendered by QtPdf, scanned image files (PNG, JPEG, TIFF pages)
as their pictures, everything else as the decoded plain text.

The PDF view draws pages itself from ``QPdfDocument.render`` so that the highlight box
(PDF points, top-left origin, as the engine gives locs) is painted exactly on the page
and the current page and box can be checked by tests.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QPainter,
    QPen,
    QPixmap,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTextEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.document import IMAGE_SUFFIXES, Document
from core.model import Loc
from core.readers.image import points_per_pixel, upright_gray, upright_size
from gui.labels import HIGHLIGHT

ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)


def _tool_button(text: str) -> QToolButton:
    button = QToolButton()
    button.setText(text)
    return button


def utf16_offset(text: str, offset: int) -> int:
    """Python offsets count code points; QTextDocument counts UTF-16 units."""
    head = text[:offset]
    return offset + sum(1 for ch in head if ord(ch) > 0xFFFF)


class ImagePages:
    """The pages of an image file (TIFF frames), as QtPdf's calls: count, size in points,
    render. Points as the OCR reader counts them (``points_per_pixel``), so its boxes fit."""

    def __init__(self, path: str) -> None:
        from PIL import Image

        self.path = path
        with Image.open(path) as im:
            self.sizes = []
            for i in range(getattr(im, "n_frames", 1)):
                im.seek(i)
                ppp = points_per_pixel(im)
                w, h = upright_size(im)  # as the reader sees it: a sideways photo turned by its EXIF tag
                self.sizes.append(QSizeF(w * ppp, h * ppp))
        self._cached: tuple[int, QImage] | None = None

    def pageCount(self) -> int:  # noqa: N802 - QPdfDocument's names
        return len(self.sizes)

    def pagePointSize(self, index: int) -> QSizeF:  # noqa: N802
        return self.sizes[index] if 0 <= index < len(self.sizes) else QSizeF()

    def render(self, index: int, size: QSize) -> QImage:
        if self._cached is None or self._cached[0] != index:
            from PIL import Image

            with Image.open(self.path) as im:
                im.seek(index)
                gray = upright_gray(im)
            w, h = gray.size
            image = QImage(gray.tobytes(), w, h, w, QImage.Format.Format_Grayscale8).copy()
            self._cached = (index, image)
        return self._cached[1].scaled(
            size, Qt.AspectRatioMode.IgnoreAspectRatio, Qt.TransformationMode.SmoothTransformation
        )


class PdfPageView(QWidget):
    """One page at a time, with zoom, page navigation and a highlight box (a PDF, or the
    pages of a scanned image file)."""

    page_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pdf = QPdfDocument(self)
        self.images: ImagePages | None = None  # an image file's pages, shown instead of the PDF
        self.page = 1  # 1-based, like the engine's locs
        self.zoom = 1.0
        self.highlight: tuple[float, float, float, float] | None = None
        self._label = QLabel()
        self._label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._label.setBackgroundRole(self._label.backgroundRole())
        self._scroll = QScrollArea()
        self._scroll.setWidget(self._label)
        self._scroll.setWidgetResizable(True)
        self._scroll.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._scroll.setStyleSheet("QScrollArea { background: #808080; }")

        self._prev = _tool_button("◀")
        self._prev.setToolTip(self.tr("Previous page (PgUp)"))
        self._next = _tool_button("▶")
        self._next.setToolTip(self.tr("Next page (PgDown)"))
        self._spin = QSpinBox()
        self._spin.setMinimum(1)
        self._count = QLabel()
        self._zoom_out = _tool_button("−")
        self._zoom_out.setToolTip(self.tr("Zoom out (Ctrl+-)"))
        self._zoom_in = _tool_button("+")
        self._zoom_in.setToolTip(self.tr("Zoom in (Ctrl++)"))
        self._zoom_label = QLabel()
        self._fit = _tool_button("↔")
        self._fit.setToolTip(self.tr("Fit page width"))
        bar = QHBoxLayout()
        bar.setContentsMargins(2, 2, 2, 2)
        for w in (self._prev, self._spin, self._count, self._next):
            bar.addWidget(w)
        bar.addStretch(1)
        for w in (self._zoom_out, self._zoom_label, self._zoom_in, self._fit):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(bar)
        lay.addWidget(self._scroll, 1)

        self._prev.clicked.connect(lambda: self.show_page(self.page - 1))
        self._next.clicked.connect(lambda: self.show_page(self.page + 1))
        self._spin.valueChanged.connect(self._spin_changed)
        self._zoom_in.clicked.connect(lambda: self.step_zoom(1))
        self._zoom_out.clicked.connect(lambda: self.step_zoom(-1))
        self._fit.clicked.connect(lambda: self.fit_width())
        # Fitted to the width (as a document opens) until the reviewer zooms: a pane made
        # narrower or wider refits the page instead of cutting it off.
        self._fitting = True
        self._refit = QTimer(self, singleShot=True, interval=120)
        self._refit.timeout.connect(self.fit_width)

    @property
    def pages(self) -> QPdfDocument | ImagePages:
        return self.images if self.images is not None else self.pdf

    def load(self, path: str, image: bool = False) -> bool:
        """Show a PDF, or (``image``, or by its suffix) the pages of an image file."""
        self.pdf.close()
        self.images = None
        if image or path.lower().endswith(IMAGE_SUFFIXES):
            try:
                self.images = ImagePages(path)
                ok = self.images.pageCount() > 0
            except (OSError, ValueError, SyntaxError):  # what Pillow raises on a bad file
                self.images = None
                ok = False
        else:
            ok = self.pdf.load(path) == QPdfDocument.Error.None_
        self.highlight = None
        self.page = 1
        self._spin.blockSignals(True)
        self._spin.setMaximum(max(1, self.pages.pageCount()))
        self._spin.setValue(1)
        self._spin.blockSignals(False)
        self._count.setText(f"/ {self.pages.pageCount()}")
        if ok:
            self.fit_width(render=False)
        self._render()
        return ok

    def fit_width(self, render: bool = True) -> None:
        """Zoom so the page fills the viewport's width (a new document opens this way)."""
        self._fitting = True
        if self.pages.pageCount() <= 0:
            return
        width_pt = self.pages.pagePointSize(self.page - 1).width()
        avail = self._scroll.viewport().width() - 24
        if width_pt > 0 and avail > 100:
            self.zoom = max(ZOOMS[0], min(ZOOMS[-1], avail / (width_pt * self._scale())))
        if render:
            self._render()

    def page_count(self) -> int:
        return self.pages.pageCount()

    def _spin_changed(self, value: int) -> None:
        if value != self.page:
            self.show_page(value)

    def show_page(self, page: int, highlight: tuple[float, float, float, float] | None = None) -> None:
        count = self.pages.pageCount()
        if count <= 0:
            return
        self.page = max(1, min(page, count))
        self.highlight = highlight
        self._spin.blockSignals(True)
        self._spin.setValue(self.page)
        self._spin.blockSignals(False)
        self._render()
        self.page_changed.emit(self.page)

    def clear_highlight(self) -> None:
        if self.highlight is not None:
            self.highlight = None
            self._render()

    def show_loc(self, loc: Loc) -> None:
        if loc.page is None:
            return
        self.show_page(loc.page, loc.bbox)
        if loc.bbox:
            x0, top, x1, bottom = (v * self.zoom * self._scale() for v in loc.bbox)
            off = self._page_offset()
            # Centre the box in the viewport, with some margin.
            self._scroll.ensureVisible(
                int(off.x() + (x0 + x1) / 2),
                int(off.y() + (top + bottom) / 2),
                int((x1 - x0) / 2 + 60),
                int((bottom - top) / 2 + 120),
            )

    def step_zoom(self, step: int) -> None:
        i = min(range(len(ZOOMS)), key=lambda k: abs(ZOOMS[k] - self.zoom))
        self.set_zoom(ZOOMS[max(0, min(len(ZOOMS) - 1, i + step))])

    def set_zoom(self, zoom: float) -> None:
        """Zoom around the highlight box when there is one (the red box stays in view),
        else around the middle of what is shown, never around the top-left corner."""
        anchor = self._zoom_anchor()
        self._fitting = False
        self._refit.stop()  # a refit still pending from a resize would undo the zoom asked for
        self.zoom = zoom
        self._render()
        if anchor is not None:
            self._centre_on(anchor)
            # The scroll area takes the new page size on its next layout pass: again then.
            QTimer.singleShot(0, lambda: self._centre_on(anchor))

    def _zoom_anchor(self) -> QPointF | None:
        """The point of the page (in points) to keep in the middle of the view."""
        if self.pages.pageCount() <= 0:
            return None
        if self.highlight:
            x0, top, x1, bottom = self.highlight
            return QPointF((x0 + x1) / 2, (top + bottom) / 2)
        factor = self.zoom * self._scale()
        vp = self._scroll.viewport()
        off = self._page_offset()
        x = self._scroll.horizontalScrollBar().value() + vp.width() / 2 - off.x()
        y = self._scroll.verticalScrollBar().value() + vp.height() / 2 - off.y()
        return QPointF(x / factor, y / factor)

    def _centre_on(self, point: QPointF) -> None:
        self._label.resize(self._label.sizeHint().expandedTo(self._scroll.viewport().size()))
        factor = self.zoom * self._scale()
        vp = self._scroll.viewport()
        off = self._page_offset()
        self._scroll.horizontalScrollBar().setValue(int(off.x() + point.x() * factor - vp.width() / 2))
        self._scroll.verticalScrollBar().setValue(int(off.y() + point.y() * factor - vp.height() / 2))

    def highlight_in_view(self) -> QRectF | None:
        """Where the highlight box is in the viewport's coordinates (for tests)."""
        if not self.highlight:
            return None
        factor = self.zoom * self._scale()
        off = self._page_offset()
        x0, top, x1, bottom = (v * factor for v in self.highlight)
        dx = off.x() - self._scroll.horizontalScrollBar().value()
        dy = off.y() - self._scroll.verticalScrollBar().value()
        return QRectF(x0 + dx, top + dy, x1 - x0, bottom - top)

    def viewport_rect(self) -> QRectF:
        return QRectF(self._scroll.viewport().rect())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._fitting and event.size().width() != event.oldSize().width():
            self._refit.start()

    def _scale(self) -> float:
        # Points to device-independent pixels at 100 %: the screen's logical DPI.
        return self.logicalDpiX() / 72.0

    def _page_offset(self) -> QPointF:
        pix = self._label.pixmap()
        if pix is None or pix.isNull():
            return QPointF(0, 0)
        dpr = pix.devicePixelRatio()
        w, h = pix.width() / dpr, pix.height() / dpr
        return QPointF(max(0.0, (self._label.width() - w) / 2), max(0.0, (self._label.height() - h) / 2))

    def rendered_image(self) -> QImage:
        """The current page as drawn, highlight included (for tests and screenshots)."""
        pix = self._label.pixmap()
        return pix.toImage() if pix is not None else QImage()

    def _render(self) -> None:
        self._zoom_label.setText(f"{round(self.zoom * 100)}%")
        count = self.pages.pageCount()
        self._prev.setEnabled(self.page > 1)
        self._next.setEnabled(self.page < count)
        if count <= 0:
            self._label.setText(self.tr("No page to show"))
            return
        size_pt = self.pages.pagePointSize(self.page - 1)
        dpr = self.devicePixelRatioF()
        factor = self.zoom * self._scale()
        size = QSize(
            max(1, int(size_pt.width() * factor * dpr)), max(1, int(size_pt.height() * factor * dpr))
        )
        image = self.pages.render(self.page - 1, size)
        if image.isNull():
            self._label.setText(self.tr("This page could not be rendered"))
            return
        image = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
        # Pages with transparent backgrounds would show the grey scroll area through.
        page = QImage(image.size(), QImage.Format.Format_ARGB32_Premultiplied)
        page.fill(Qt.GlobalColor.white)
        painter = QPainter(page)
        painter.drawImage(0, 0, image)
        if self.highlight:
            x0, top, x1, bottom = (v * factor * dpr for v in self.highlight)
            rect = QRectF(x0, top, x1 - x0, bottom - top).adjusted(-3 * dpr, -3 * dpr, 3 * dpr, 3 * dpr)
            fill = QColor(HIGHLIGHT)
            fill.setAlpha(50)
            painter.fillRect(rect, fill)
            painter.setPen(QPen(HIGHLIGHT, 2.5 * dpr))
            painter.drawRect(rect)
        painter.end()
        pix = QPixmap.fromImage(page)
        pix.setDevicePixelRatio(dpr)
        self._label.setPixmap(pix)


class TextView(QPlainTextEdit):
    """The decoded text, read-only, as plain text: no markup, scripts or remote loading."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self._text = ""
        self.highlight: tuple[int, int] | None = None  # python offsets into Document.text

    def set_text(self, text: str) -> None:
        self._text = text
        self.highlight = None
        self.setExtraSelections([])
        self.setPlainText(text)

    def show_range(self, start: int, end: int) -> None:
        start = max(0, min(start, len(self._text)))
        end = max(start, min(end, len(self._text)))
        self.highlight = (start, end)
        cur = QTextCursor(self.document())
        cur.setPosition(utf16_offset(self._text, start))
        cur.setPosition(utf16_offset(self._text, end), QTextCursor.MoveMode.KeepAnchor)
        sel = QTextEdit.ExtraSelection()
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#ffd54f"))
        fmt.setForeground(QColor("#000000"))
        sel.format = fmt  # type: ignore[attr-defined]
        sel.cursor = cur  # type: ignore[attr-defined]
        self.setExtraSelections([sel])
        self.setTextCursor(cur)
        self.centerCursor()

    def clear_highlight(self) -> None:
        self.highlight = None
        self.setExtraSelections([])
        cur = self.textCursor()
        cur.clearSelection()
        self.setTextCursor(cur)

    def selected_range(self) -> tuple[int, int]:
        cur = self.textCursor()
        return cur.selectionStart(), cur.selectionEnd()


class SourceView(QStackedWidget):
    """Either the PDF view or the text view, whichever suits the document."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.empty = QLabel(self.tr("Open a report: File ▸ Open file… or drop files here"))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setTextFormat(Qt.TextFormat.PlainText)  # shows file errors: never markup
        self.pdf_view = PdfPageView()
        self.text_view = TextView()
        self.addWidget(self.empty)
        self.addWidget(self.pdf_view)
        self.addWidget(self.text_view)
        self.document: Document | None = None

    def show_waiting(self, line: str) -> None:
        """With no report on screen: what is being read (``line``), or, when nothing is,
        the invitation to open a report again."""
        if self.document is not None or self.currentWidget() is not self.empty:
            return
        self.empty.setText(line or self.tr("Open a report: File ▸ Open file… or drop files here"))

    def show_document(self, doc: Document | None, message: str = "") -> None:
        self.document = doc
        if doc is None:
            self.empty.setText(message or self.tr("Nothing to show"))
            self.setCurrentWidget(self.empty)
            return
        if doc.source_format in ("pdf", "image") and self.pdf_view.load(doc.path, doc.source_format == "image"):
            self.setCurrentWidget(self.pdf_view)
            return
        self.text_view.set_text(doc.text)
        self.setCurrentWidget(self.text_view)

    def clear_highlight(self) -> None:
        """No box or marked text left from an earlier finding or cell."""
        self.pdf_view.clear_highlight()
        self.text_view.clear_highlight()

    def show_loc(self, loc: Loc | None) -> None:
        if loc is None or self.document is None:
            return
        if self.currentWidget() is self.pdf_view:
            if loc.page is not None:
                self.pdf_view.show_loc(loc)
            return
        if loc.start is not None:
            self.text_view.show_range(loc.start, loc.end if loc.end is not None else loc.start + 1)
