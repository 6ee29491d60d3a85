"""The PDF review sheet: core/sheet.py's HTML, laid out and printed by Qt page by page.

What the sheet says (header, findings with their notes, tables with faulty and corrected
cells marked, the review record, the cover of a queue) is ``core.sheet``'s, the same HTML
the HTML export writes. This module only puts it on A4 pages: a queue of several reports
gets the cover first; each report starts on a new page, with its name in a running header
and its own page numbers (第 2 / 5 页 counts within the report), so the pages of one report
can be handed on or filed by themselves.

Each part (the cover, each report) is its own ``QTextDocument`` paginated to the body of
the page; a ``QPainter`` on the ``QPdfWriter`` draws its pages one by one with the header
and footer around them. The bundled CJK font is used by name, and Qt embeds (a subset of)
it in the PDF, so Chinese prints anywhere and the text stays extractable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QTextBlock,
    QTextCursor,
    QTextDocument,
    QTextFrame,
    QTextTable,
)

from core.export import write_sheet_file
from core.sheet import (
    PAGE_BREAK,
    SHEET_TITLE,
    History,
    Item,
    cover_html,
    legend_html,
    report_html,
    report_title,
    sheet_head_html,
)

_app: QGuiApplication | None = None

DPI = 300
MARGIN_MM = 12  # the printable area's margin on every side
HEADER_MM = 9  # running header band (name of the report), inside the margin
FOOTER_MM = 7  # footer band (page numbers)
COVER_NAME = "审阅汇总"
KEEP_TO_END = "签字"  # a heading whose section (to the end of the report) stays on one page
MAX_MOVES = 200  # page-break insertions per part: a guard, far above what a report needs


def _ensure_app() -> None:
    """The headless ``main.py check --out x.pdf`` has no application yet: make one."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    from gui.app import ensure_display

    ensure_display()
    _app = QGuiApplication(["reviewdesk-export"])


# The sheet's style for paper, in what Qt's rich text understands: point sizes, and no
# font list (the document's default font, the bundled CJK one, is the one embedded).
# Cell colours come with the HTML itself (bgcolor), so they need no rule here. Nothing is
# bold: the bundled font has no bold face, and Qt's synthetic bold draws each glyph twice,
# which text extraction (pdfplumber, a reader's search) then reads as doubled characters.
_PRINT_CSS = """
body { font-size: 9pt; }
h1, h2, h3, th, b { font-weight: normal; }
h1 { font-size: 16pt; text-align: center; } h2 { font-size: 13pt; }
h3 { font-size: 10.5pt; margin-top: 1em; margin-bottom: 0.3em; }  /* Qt takes em, not pt, here */
table { border-collapse: collapse; margin-bottom: 0.5em; }
th, td { border: 1px solid #777; padding: 2px; }
th { background-color: #ddebf7; }
td.num { text-align: right; }
.id { font-size: 7pt; color: #555555; }
.note { font-size: 7.5pt; color: #444444; }
.orig { font-size: 7.5pt; color: #444444; }
.missing { color: #666666; }
.more { color: #555555; }
.unsigned { color: #9c0006; }
"""


@dataclass(frozen=True)
class Part:
    """One run of pages with its own header name and page count: the cover, or a report."""

    name: str
    html: str


def _mm(mm: float) -> float:
    return mm / 25.4 * DPI


def parts(items: list[Item], reviewer: str, today: str, history: History | None,
          cover: bool | None) -> list[Part]:
    history = history or {}
    if cover is None:
        cover = len(items) > 1
    out = []
    if cover:
        out.append(Part(COVER_NAME, cover_html(items, today)))
    head = f"<h1>{SHEET_TITLE}</h1>" + sheet_head_html(reviewer, today)
    for i, (report, notes) in enumerate(items):
        # The title and legend open the sheet of a single report; after a cover they are there.
        top = head if i == 0 and not cover else legend_html()
        out.append(Part(report_title(report),
                        top + report_html(report, notes, reviewer, today, history.get(report.sha256, []))))
    if not out:
        out.append(Part(SHEET_TITLE, head + "<p>（没有报告）</p>"))
    return out


def export_pdf(items: list[Item], path: str | Path, reviewer: str = "", history: History | None = None,
               cover: bool | None = None) -> None:
    """Write the review sheet(s) of ``items`` as one PDF: a cover for several reports
    (or as ``cover`` says), then each report from a new page with its own header and page
    numbers. ``history``: sha256 -> the store's history, summarised in each report's record."""
    _ensure_app()
    from gui.fonts import cjk_family

    family = cjk_family()
    # Atomically, as every sheet (core.export.write_sheet_file): no half PDF on a failure.
    write_sheet_file(path, lambda tmp: _print(items, tmp, family, reviewer, history, cover))


def _print(items: list[Item], path: Path, family: str, reviewer: str, history: History | None,
           cover: bool | None) -> None:
    writer = QPdfWriter(str(path))
    writer.setTitle(SHEET_TITLE)
    writer.setCreator("年报审阅台 ReviewDesk")
    writer.setResolution(DPI)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
            QPageLayout.Unit.Millimeter,
        )
    )
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    area = writer.pageLayout().paintRectPixels(DPI)
    width, height = float(area.width()), float(area.height())
    body = QRectF(0, _mm(HEADER_MM), width, height - _mm(HEADER_MM) - _mm(FOOTER_MM))

    font = QFont(family)
    font.setPointSizeF(9)
    small = QFont(family)
    small.setPointSizeF(7.5)

    painter = QPainter()
    if not painter.begin(writer):
        raise OSError(f"无法写入 {path}")
    try:
        first = True
        for part in parts(items, reviewer, today, history, cover):
            doc = paginate(part.html, font, writer, body.size())
            pages = max(doc.pageCount(), 1)
            for index in range(pages):
                if not first:
                    writer.newPage()
                first = False
                _draw_body(painter, doc, index, body)
                _draw_frame(painter, small, part.name, f"第 {index + 1} / {pages} 页", width, height)
    finally:
        painter.end()


def _document(html: str, font: QFont, device: QPdfWriter, size: QSizeF) -> QTextDocument:
    """The part laid out at the printer's resolution (point sizes are points on paper) and
    cut into pages of the body's size; Qt moves a line or table row that would straddle a
    page to the next one, and repeats a table's ``thead`` there."""
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(device)
    doc.setDefaultFont(font)
    doc.setDocumentMargin(_mm(1))
    doc.setDefaultStyleSheet(_PRINT_CSS)
    doc.setHtml(html)
    doc.setPageSize(size)
    return doc


# --------------------------------------------------------------------------- pagination
#
# Qt splits a table row over two pages line by line, and then (QTextLayout::draw keeps the
# last line *above* the clip) also draws that row's last line of the first page again,
# clipped out of sight, just above the body of the next: invisible on paper but read by
# any text extraction or search. So no row is left split: a row that would straddle a page
# moves to the next one (its table is cut there and its heading row repeated), a heading
# never stays alone at the foot of a page, and the signature section keeps together.
# Each move is made in the sheet's own HTML and the part laid out again.

_TOKENS = re.compile(r"<table\b[^>]*>|</table>|<tr\b|<thead>|</thead>|<h[1-6]\b")


@dataclass
class _Table:
    start: int
    tag: str  # the opening tag, repeated when the table is cut
    end: int = -1
    nested: bool = False  # in or around another table: never cut (the cover's layout)
    rows: list[int] = field(default_factory=list)  # where each of its own <tr> starts
    thead: str = ""


@dataclass
class _Html:
    """Where the tables, their rows and the headings of a part's HTML start, in document
    order: the same order as Qt's frames and blocks, so that the i-th table here is the
    i-th ``QTextTable`` there."""

    tables: list[_Table]
    headings: list[int]


def _scan(html: str) -> _Html:
    tables: list[_Table] = []
    headings: list[int] = []
    open_: list[_Table] = []
    thead_at = -1
    for m in _TOKENS.finditer(html):
        tok = m.group()
        if tok.startswith("<table"):
            t = _Table(m.start(), tok, nested=bool(open_))
            if open_:
                open_[-1].nested = True
            tables.append(t)
            open_.append(t)
        elif tok == "</table>" and open_:
            open_.pop().end = m.end()
        elif tok == "<tr" and open_:
            open_[-1].rows.append(m.start())
        elif tok == "<thead>":
            thead_at = m.start()
        elif tok == "</thead>" and open_ and thead_at >= 0:
            open_[-1].thead = html[thead_at:m.end()]
            thead_at = -1
        elif tok.startswith("<h"):
            headings.append(m.start())
    return _Html(tables, headings)


def _qt_tables(frame: QTextFrame) -> list[QTextTable]:
    out: list[QTextTable] = []
    for child in frame.childFrames():
        if isinstance(child, QTextTable):
            out.append(child)
        out += _qt_tables(child)
    return out


def _cell_blocks(table: QTextTable, row: int, col: int) -> list[QTextBlock]:
    cell = table.cellAt(row, col)
    block, last = cell.firstCursorPosition().block(), cell.lastCursorPosition().block()
    out = [block]
    while block.isValid() and block != last:
        block = block.next()
        out.append(block)
    return out


def _move(html: str, doc: QTextDocument) -> str | None:
    """The HTML with one page break added where the layout of ``doc`` first needs one, or None."""
    layout = doc.documentLayout()
    page = doc.pageSize().height()
    spot = _scan(html)

    def page_of(y: float) -> int:
        return int(y // page)

    def movable(top: float) -> bool:  # already at the head of a page: moving it would not help
        return top - page_of(top) * page > page * 0.08

    fixes: list[tuple[float, str]] = []  # (where in the layout, the HTML with the break)
    qt_tables = _qt_tables(doc.rootFrame())
    if len(qt_tables) == len(spot.tables):
        for qt, t in zip(qt_tables, spot.tables, strict=True):
            if t.nested or len(t.rows) != qt.rows():
                continue
            head = qt.format().headerRowCount()
            for r in range(head, qt.rows()):
                rects = [layout.blockBoundingRect(b) for c in range(qt.columns()) for b in _cell_blocks(qt, r, c)]
                top, bottom = min(x.top() for x in rects), max(x.bottom() for x in rects)
                if page_of(top) == page_of(bottom - 1) or bottom - top > page * 0.8 or not movable(top):
                    continue
                if r == head:  # the first row: the table moves whole, with its heading
                    at = _heading_before(html, t.start)
                    fixes.append((top, html[:at] + PAGE_BREAK + html[at:]))
                else:
                    cut = t.rows[r]
                    fixes.append((top, html[:cut] + "</table>" + PAGE_BREAK + t.tag + t.thead + html[cut:]))
                break
    headings = [b for b in _blocks(doc) if b.blockFormat().headingLevel() > 0]
    if len(headings) == len(spot.headings):
        end = layout.blockBoundingRect(doc.lastBlock()).bottom()
        for block, at in zip(headings, spot.headings, strict=True):
            if QTextCursor(block).currentTable() is not None:
                continue
            rect = layout.blockBoundingRect(block)
            nxt = block.next()
            alone = nxt.isValid() and page_of(layout.blockBoundingRect(nxt).top()) != page_of(rect.top())
            split_end = (block.text().strip() == KEEP_TO_END and page_of(end - 1) != page_of(rect.top())
                         and end - rect.top() < page * 0.9)
            if (alone or split_end) and movable(rect.top()):
                fixes.append((rect.top(), html[:at] + PAGE_BREAK + html[at:]))
    return min(fixes, key=lambda f: f[0])[1] if fixes else None


def _blocks(doc: QTextDocument) -> list[QTextBlock]:
    out, block = [], doc.begin()
    while block.isValid():
        out.append(block)
        block = block.next()
    return out


_HEADING_BEFORE = re.compile(r"<h[1-6][^>]*>(?:(?!</?h[1-6]).)*</h[1-6]>\s*$", re.S)


def _heading_before(html: str, at: int) -> int:
    """Where a heading standing right before ``at`` starts (else ``at``): they move together."""
    m = _HEADING_BEFORE.search(html[max(0, at - 400):at])
    return at - (len(html[max(0, at - 400):at]) - m.start()) if m else at


def paginate(html: str, font: QFont, device: QPdfWriter, size: QSizeF) -> QTextDocument:
    """``html`` laid out on pages of ``size`` with no table row split over two pages."""
    doc = _document(html, font, device, size)
    for _ in range(MAX_MOVES):
        moved = _move(html, doc)
        if moved is None:
            break
        html = moved
        doc = _document(html, font, device, size)
    return doc


def _draw_body(painter: QPainter, doc: QTextDocument, index: int, body: QRectF) -> None:
    """Page ``index`` of ``doc`` into ``body`` (what QTextDocument.print_ does per page)."""
    painter.save()
    painter.translate(body.left(), body.top() - index * body.height())
    view = QRectF(0, index * body.height(), body.width(), body.height())
    painter.setClipRect(view)
    ctx = QAbstractTextDocumentLayout.PaintContext()
    ctx.clip = view
    ctx.palette.setColor(QPalette.ColorRole.Text, QColor(Qt.GlobalColor.black))
    doc.documentLayout().draw(painter, ctx)
    painter.restore()


def _draw_frame(painter: QPainter, font: QFont, name: str, page: str, width: float, height: float) -> None:
    """The running header (the report's name, the sheet's title) and the page number."""
    painter.save()
    painter.setFont(font)
    painter.setPen(QPen(QColor("#333333")))
    metrics = QFontMetricsF(font, painter.device())
    line_y = _mm(HEADER_MM) - _mm(2.5)
    base = line_y - _mm(1.2)
    title_w = metrics.horizontalAdvance(SHEET_TITLE)
    left = metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, width - title_w - _mm(8))
    painter.drawText(QPointF(0, base), left)
    painter.drawText(QPointF(width - title_w, base), SHEET_TITLE)
    painter.setPen(QPen(QColor("#999999"), _mm(0.2)))
    painter.drawLine(QPointF(0, line_y), QPointF(width, line_y))
    painter.setPen(QPen(QColor("#333333")))
    page_w = metrics.horizontalAdvance(page)
    painter.drawText(QPointF((width - page_w) / 2, height - _mm(1.5)), page)
    painter.restore()
