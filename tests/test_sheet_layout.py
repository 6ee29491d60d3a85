"""The XLSX sheet on paper (issue 16 §4): a spreadsheet program that does not grow rows on
opening (LibreOffice, WPS) drew a row's wrapped text over the next one, and 概要's 28
columns were shrunk to one page width. Rows get their height from their wrapped text,
cells read from the top, 概要 prints at a readable size across pages with 文件 and the
heading on each, the other sheets one page wide with their heading repeated."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.utils import get_column_letter

from core.export import LINE_PT, export_xlsx, wrapped_lines
from tests.review_queue import reviewed_queue


def _sheet(tmp_path: Path) -> openpyxl.Workbook:
    q = reviewed_queue(tmp_path / "notes.json")
    out = tmp_path / "sheet.xlsx"
    export_xlsx(q.items, out, reviewer="王五", history=q.history)
    return openpyxl.load_workbook(out)


def _width(ws, col: int) -> float:  # type: ignore[no-untyped-def]
    return float(ws.column_dimensions[get_column_letter(col)].width or 8.43)


def test_every_row_is_as_high_as_its_wrapped_text(tmp_path: Path) -> None:
    wb = _sheet(tmp_path)
    checked = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            lines = max((wrapped_lines(str(c.value), _width(ws, c.column)) for c in row
                         if c.value not in (None, "") and c.alignment.wrap_text), default=1)
            if lines <= 1:
                continue
            height = ws.row_dimensions[row[0].row].height
            assert height is not None and height >= lines * LINE_PT, (ws.title, row[0].row, lines, height)
            checked += 1
    # 问题清单's messages, 依申请's long row labels, the record's paths: many rows wrap.
    assert checked > 20
    titles = {ws.title for ws in wb.worksheets}
    assert "问题清单" in titles and any("依申请" in t for t in titles)


def test_cells_read_from_the_top_of_a_grown_row(tmp_path: Path) -> None:
    ws = _sheet(tmp_path)["问题清单"]
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if c.value not in (None, ""):
                assert c.alignment.vertical == "top", (c.coordinate, c.value)


def test_summary_prints_readable_across_pages_and_lists_one_page_wide(tmp_path: Path) -> None:
    wb = _sheet(tmp_path)
    summary = wb["概要"]
    assert summary.max_column >= 28  # the content is kept: every column
    assert not summary.sheet_properties.pageSetUpPr.fitToPage
    assert (summary.page_setup.scale or 100) >= 80
    assert summary.print_title_cols == "$A:$A" and summary.print_title_rows == "$1:$1"
    findings = wb["问题清单"]
    assert findings.sheet_properties.pageSetUpPr.fitToPage and findings.page_setup.fitToWidth == 1
    assert findings.print_title_rows == "$1:$1"
    # One page wide at a readable scale: the columns together stay within about 1.5 pages.
    total = sum(_width(findings, c) for c in range(1, findings.max_column + 1))
    assert total <= 200, total
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
