"""Page geometry shared by the PDF reader and the scan reader: the characters and ruling
lines of one page, turned pages put back on the page as stored, and the cells of ruled
tables found from them (pdfplumber's ``TableFinder`` fed through a small stand-in page),
tables cut by a page break stitched back into one grid.

A reader fills ``PageData`` (the PDF reader from pdfium's text and vector paths, the scan
reader from OCR'd lines and the rules found in the image) and calls ``read_tables``.
Coordinates follow pdfplumber: PDF points, top-left origin (top = page top - y).
Nothing here opens a file: readers import it, it imports no reader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pdfplumber.table import TableFinder

from core.document import Token
from core.model import Loc

PAGE_SEPARATOR = "\n\f\n"

# Guards against pathological pages: table finding is skipped (with a note) beyond these.
MAX_TABLE_CHARS = 20_000
MAX_EDGES = 5_000

# Column edges of two table pieces on consecutive pages match within this (points).
STITCH_TOLERANCE = 5.0

# Words only the three standard tables use, Simplified and Traditional. A page that
# holds any of them is searched for tables.
_TABLE_MARKERS = re.compile(
    "第二十条|第二十條|信息内容|信息內容|申请人情况|申請人情況|本年新收|予以公开|予以公開"
    "|结转下年度|結轉下年度|上年结转|上年結轉|不予处理|不予處理|无法提供|無法提供"
    "|本年制发|本年制發|处理决定数量|處理決定數量|本年收费金额|本年收費金額"
    "|结果维持|結果維持|尚未审结|尚未審結|复议后起诉|復議後起訴|未经复议|未經復議"
)

# Page numbers as WPS/Word print them ('- 3 -', '— 3 —', '第3页'); when one falls inside
# a table cell it is no part of the table.
_FOOTER = re.compile(
    r"^\s*(?:[-—–－―‒~～]+\s*\d{1,4}\s*[-—–－―‒~～]+|第\s*\d{1,4}\s*页(?:\s*[/，,]?\s*共\s*\d{1,4}\s*页)?)\s*$"
)
_FINDER_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
}


@dataclass
class Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    index: int  # offset into Document.text


@dataclass
class Rule:
    """A visible ruling segment (stroked, or a thin filled bar)."""

    orientation: str  # "h" | "v"
    pos: float  # x for vertical, top for horizontal
    start: float  # top / x0
    end: float  # bottom / x1


@dataclass
class PageData:
    number: int  # 1-based
    width: float
    height: float
    text: str
    boxes: list[tuple[int, float, float, float, float] | None]
    chars: list[Char] = field(default_factory=list)
    usable: bool = True
    # A page read by OCR (core/readers/image.py): its ruling edges and rules found in the
    # image, and the confidence of each character by its offset in Document.text.
    ocr_edges: tuple[list[dict[str, Any]], list[Rule]] | None = None
    ocr_conf: dict[int, float] | None = None
    # The page as read (``width``, ``height``, ``chars``: the table finder's frame) is the
    # page as shown turned ``turn`` degrees clockwise: an OCR'd page scanned on its side, or
    # a text page with /Rotate. ``boxes`` — and every loc — are on the page as shown
    # (image.to_page_frame maps them).
    turn: int = 0
    # Row labels OCR misread and core/readers/ocr_labels.py put right: (as read, as put).
    ocr_repairs: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class _CellOut:
    col: int
    text: str
    bbox: tuple[float, float, float, float]
    start: int | None
    end: int | None


@dataclass
class _Piece:
    """One table as found on one page."""

    page: int
    page_height: float
    xs: list[float]  # left edges of the columns
    left: float
    right: float
    top: float
    bottom: float
    rows: list[list[_CellOut]]
    only_if_continued: bool = False  # from a page read just to catch a cut table




class TooManyObjects(Exception):
    """A page with more drawing than any report's: its tables are not searched (a note says so)."""


# A page's ruling edges (pdfplumber's shape) and the subset visibly drawn, by the reader.
EdgeSource = Callable[["PageData"], tuple[list[dict[str, Any]], list["Rule"]]]


def edge(orientation: str, pos: float, start: float, end: float) -> dict[str, Any]:
    """An edge in the shape pdfplumber's TableFinder expects."""
    if orientation == "h":
        return {
            "x0": start,
            "x1": end,
            "top": pos,
            "bottom": pos,
            "doctop": pos,
            "width": end - start,
            "height": 0.0,
            "orientation": "h",
            "object_type": "line",
        }
    return {
        "x0": pos,
        "x1": pos,
        "top": start,
        "bottom": end,
        "doctop": start,
        "width": 0.0,
        "height": end - start,
        "orientation": "v",
        "object_type": "line",
    }



# --------------------------------------------------------------------------- turned pages


def to_page_frame(
    box: tuple[float, float, float, float], turn: int, width: float, height: float
) -> tuple[float, float, float, float]:
    """A box on the upright page (``width`` × ``height``, turned ``turn`` degrees clockwise
    from the page as stored) → the same box on the page as stored: locs are on the page
    the reviewer opens (the contract's PDF points), whatever turn was needed to read it."""
    u0, v0, u1, v1 = box
    if turn == 90:
        return (v0, width - u1, v1, width - u0)
    if turn == 180:
        return (width - u1, height - v1, width - u0, height - v0)
    if turn == 270:
        return (height - v1, u0, height - v0, u1)
    return box


def tokens_to_page_frame(tokens: list[Token], pages: list[PageData]) -> None:
    """Table cells of turned pages, found on the upright page, put back on the page as stored."""
    turned = {p.number: p for p in pages if p.turn}
    for token in tokens:
        loc = token.loc
        data = turned.get(loc.page or 0) if loc is not None else None
        if loc is not None and data is not None and loc.bbox is not None:
            token.loc = replace(loc, bbox=to_page_frame(loc.bbox, data.turn, data.width, data.height))



# --------------------------------------------------------------------------- tables


class _StandInPage:
    """What pdfplumber's TableFinder reads from a page: the edges the reader found, the size."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)
        self.chars: list[dict[str, Any]] = []


def wants_tables(data: PageData) -> bool:
    return data.usable and bool(_TABLE_MARKERS.search(data.text))


def _find_pieces(data: PageData, notes: list[str], page_edges: EdgeSource | None) -> list[_Piece]:
    if len(data.chars) > MAX_TABLE_CHARS:
        notes.append(f"第 {data.number} 页字符过多，未识别表格")
        return []
    if data.ocr_edges is not None:  # an OCR'd page: the rules found in its image
        edges, rules = data.ocr_edges
        if len(edges) > MAX_EDGES:
            notes.append(f"第 {data.number} 页线条过多，未识别表格")
            return []
    else:
        assert page_edges is not None
        try:
            edges, rules = page_edges(data)
        except TooManyObjects:
            notes.append(f"第 {data.number} 页图形对象过多，未识别表格")
            return []
    if not edges:
        return []
    # The stand-in gives TableFinder the only things it reads from a page (edges, size).
    finder = TableFinder(_StandInPage(edges, data.width, data.height), _FINDER_SETTINGS)  # type: ignore[arg-type]
    pieces = []
    for table in finder.tables:
        piece = _piece(table, data, rules, notes)
        if piece is not None:
            pieces.append(piece)
    pieces.sort(key=lambda p: (p.top, p.left))
    return pieces


def _piece(table: Any, data: PageData, rules: list[Rule], notes: list[str]) -> _Piece | None:
    cells: list[tuple[float, float, float, float]] = list(table.cells)
    xs = sorted({c[0] for c in cells})
    tops = sorted({c[1] for c in cells})
    left, top, right, bottom = table.bbox
    v_rules = [r for r in rules if r.orientation == "v" and left - 3 <= r.pos <= right + 3]
    bounds = tops[1:] + [bottom]
    col_right = xs[1:] + [right]
    by_pos = {(c[1], c[0]): c for c in cells}
    rows: list[list[_CellOut]] = []
    for r, (row_top, row_bottom) in enumerate(zip(tops, bounds, strict=True)):
        if not _ruled(v_rules, (row_top + row_bottom) / 2):
            continue  # a paragraph's white background, not a table row
        row = _row_cells(data, cells, by_pos, xs, col_right, row_top, row_bottom, r)
        if row is None:  # nothing but a page footer
            notes.append(f"第 {data.number} 页表格中的页码已忽略")
            continue
        rows.append(row)
    if not rows or sum(len(r) for r in rows) < 2:
        return None
    return _Piece(data.number, data.height, xs, left, right, top, bottom, rows)


def _ruled(v_rules: list[Rule], y: float) -> bool:
    """A row is real when at least two drawn vertical rules cross its middle."""
    xs = {round(r.pos) for r in v_rules if r.start - 1 <= y <= r.end + 1}
    return len(xs) >= 2


def _row_cells(
    data: PageData,
    cells: list[tuple[float, float, float, float]],
    by_pos: dict[tuple[float, float], tuple[float, float, float, float]],
    xs: list[float],
    col_right: list[float],
    row_top: float,
    row_bottom: float,
    r: int,
) -> list[_CellOut] | None:
    out: list[_CellOut] = []
    footer_seen = False
    for col, (x0, x1) in enumerate(zip(xs, col_right, strict=True)):
        bbox = by_pos.get((row_top, x0))
        if bbox is None:
            # pdfplumber leaves a position empty when a merged cell covers it, and also
            # when a border is missing (e.g. the top-left cell of a table continued from
            # the previous page). Only the second kind is read, and only if it has text.
            if _covered(cells, (x0 + x1) / 2, (row_top + row_bottom) / 2):
                continue
            bbox = (x0, row_top, x1, row_bottom)
            text, start, end, footer = _cell_text(data.chars, bbox)
            footer_seen = footer_seen or footer
            if not text:
                continue
        else:
            text, start, end, footer = _cell_text(data.chars, bbox)
            footer_seen = footer_seen or footer
        out.append(_CellOut(col, text, bbox, start, end))
    if footer_seen and all(c.text == "" for c in out):
        return None
    # A page number centred on the page may straddle a column rule: judge the row whole,
    # but only a row of at most two filled cells ('—', '3', '—' across three cells is
    # more likely placeholders in a data row than a page number).
    filled = [c.text for c in out if c.text]
    if 0 < len(filled) <= 2 and _FOOTER.match("".join(filled)):
        return None
    return out


def _covered(cells: list[tuple[float, float, float, float]], x: float, y: float) -> bool:
    return any(c[0] <= x <= c[2] and c[1] <= y <= c[3] for c in cells)


def _cell_text(
    chars: list[Char], bbox: tuple[float, float, float, float]
) -> tuple[str, int | None, int | None, bool]:
    """The cell's text, its offsets in Document.text and whether a footer was dropped.

    Lines are joined without a space: CJK labels wrap anywhere (vertical labels are one
    character a line) and numbers never carry a space; only ASCII words get one.
    """
    x0, top, x1, bottom = bbox
    inside = [c for c in chars if x0 <= (c.x0 + c.x1) / 2 < x1 and top <= (c.top + c.bottom) / 2 < bottom]
    if not inside:
        return "", None, None, False
    lines = _lines(inside)
    kept: list[list[Char]] = []
    footer = False
    for line in lines:
        if _FOOTER.match("".join(c.text for c in line)):
            footer = True
        else:
            kept.append(line)
    text = _join([c for line in kept for c in line], [len(line) for line in kept])
    used = [c.index for line in kept for c in line]
    if not used:
        return "", None, None, footer
    return text, min(used), max(used) + 1, footer


def _lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines, top to bottom, each left to right."""
    ordered = sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0))
    lines: list[list[Char]] = []
    centre = 0.0
    for c in ordered:
        mid = (c.top + c.bottom) / 2
        height = max(c.bottom - c.top, 1.0)
        if lines and abs(mid - centre) <= height * 0.5:
            lines[-1].append(c)
        else:
            lines.append([c])
            centre = mid
    return [sorted(line, key=lambda c: c.x0) for line in lines]


def _join(chars: list[Char], line_lengths: list[int]) -> str:
    """Concatenate, with a space only between ASCII words set apart on the page."""
    out: list[str] = []
    ends = set()
    pos = 0
    for n in line_lengths:
        pos += n
        ends.add(pos)
    prev: Char | None = None
    for i, c in enumerate(chars):
        if prev is not None and prev.text.isascii() and c.text.isascii():
            new_line = i in ends
            gap = c.x0 - prev.x1
            if (new_line and prev.text.isalpha() and c.text.isalpha()) or (
                not new_line and gap > (c.bottom - c.top) * 0.25
            ):
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


# --------------------------------------------------------------------------- stitching


@dataclass
class _Grid:
    xs: list[float]
    left: float
    right: float
    pieces: list[tuple[_Piece, dict[int, int]]]  # piece and its column map into xs


def _stitch(pieces_by_page: list[list[_Piece]]) -> list[_Grid]:
    """Join a table cut by a page break back into one grid.

    The continuation is the first table of the next page, starts near its top, and
    every one of its columns lines up with a column of the piece before.
    """
    grids: list[_Grid] = []
    last_page_end: _Grid | None = None
    for pieces in pieces_by_page:
        for k, piece in enumerate(pieces):
            mapping = None
            if k == 0 and last_page_end is not None:
                mapping = _continuation(last_page_end, piece)
            if mapping is not None:
                assert last_page_end is not None
                last_page_end.pieces.append((piece, mapping))
                continue
            if piece.only_if_continued:
                continue
            grids.append(
                _Grid(
                    list(piece.xs), piece.left, piece.right, [(piece, {i: i for i in range(len(piece.xs))})]
                )
            )
        last_page_end = None
        if pieces:
            tail = pieces[-1]
            grid = grids[-1]
            if tail.bottom >= tail.page_height * 0.7 and grid.pieces[-1][0] is tail:
                last_page_end = grid
    return grids


def _continuation(grid: _Grid, piece: _Piece) -> dict[int, int] | None:
    if piece.top > piece.page_height * 0.3:
        return None
    tol = STITCH_TOLERANCE
    if abs(piece.left - grid.left) > tol or abs(piece.right - grid.right) > tol:
        return None
    mapping: dict[int, int] = {}
    for i, x in enumerate(piece.xs):
        match = [j for j, gx in enumerate(grid.xs) if abs(gx - x) <= tol]
        if not match:
            return None
        mapping[i] = match[0]
    return mapping


def _tokens(grids: list[_Grid]) -> list[Token]:
    tokens: list[Token] = []
    for g, grid in enumerate(grids):
        row_no = 0
        for piece, mapping in grid.pieces:
            for row in piece.rows:
                for cell in row:
                    loc = Loc(page=piece.page, bbox=cell.bbox, start=cell.start, end=cell.end)
                    tokens.append(Token(cell.text, loc, grid=g, row=row_no, col=mapping[cell.col]))
                row_no += 1
    return tokens



# --------------------------------------------------------------------------- entry point


def read_tables(pages: list[PageData], notes: list[str], page_edges: EdgeSource | None = None) -> list[Token]:
    """Tokens of the ruled tables of ``pages``. ``page_edges`` gives a page's ruling edges
    (the PDF reader's, from its vector paths); a page read by OCR has its own (``ocr_edges``)."""
    wanted = {p.number for p in pages if wants_tables(p)}
    pieces_by_page: list[list[_Piece]] = []
    for data in pages:
        follows = data.number - 1 in wanted and data.usable
        if data.number not in wanted and not follows:
            pieces_by_page.append([])
            continue
        pieces = _find_pieces(data, notes, None if data.ocr_edges is not None else page_edges)
        if data.number not in wanted:
            # A page after a table page is read only to catch the rest of a cut table.
            pieces = pieces[:1]
            for p in pieces:
                p.only_if_continued = True
        pieces_by_page.append(pieces)
    return _tokens(_stitch(pieces_by_page))
