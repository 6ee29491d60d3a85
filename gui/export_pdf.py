"""The PDF review sheet: core/sheet.py's HTML sheet, printed by Qt itself.

The sheet (header, findings with their status and notes, tables with faulty cells marked,
signature line) is the one ``core.sheet.sheet_html`` writes for the HTML export too; this
module only lays it out on A4 pages. The bundled CJK font is used by name, and Qt embeds (a
subset of) it in the PDF so Chinese prints anywhere.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from core.sheet import SHEET_TITLE, Item, sheet_html

_app: QGuiApplication | None = None


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
h1 { font-size: 15pt; text-align: center; } h2 { font-size: 12pt; } h3 { font-size: 10.5pt; }
table { border-collapse: collapse; }
th, td { border: 1px solid #777; padding: 2px; }
th { background-color: #ddebf7; }
td.num { text-align: right; }
.id { font-size: 7pt; color: #555555; white-space: nowrap; }
.rule { white-space: nowrap; }
.note { font-size: 7.5pt; color: #444444; }
.missing { color: #666666; }
"""


def export_pdf(items: list[Item], path: str | Path, reviewer: str = "") -> None:
    """Write the review sheet(s) of ``items`` as one PDF, each report starting a new page."""
    _ensure_app()
    from gui.fonts import cjk_family

    family = cjk_family()
    writer = QPdfWriter(str(path))
    writer.setTitle(SHEET_TITLE)
    writer.setCreator("年报审阅台 ReviewDesk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    doc = QTextDocument()
    font = QFont(family)
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setHtml(sheet_html(items, reviewer, today, css=_PRINT_CSS))
    # No page size of our own: print_() then lays the text out on the writer's page at
    # its resolution, so point sizes come out as points on paper.
    doc.print_(writer)
