"""PDF reader: text and per-character boxes from pypdfium2, table cells from ruling lines.

Speed matters (a batch holds hundreds of reports), so everything comes from pdfium:

* text and loose character boxes (they match pdfplumber's char boxes to 0.01 pt);
* ruling lines, walked from the page's path objects (a few ms per page).

Table structure is found by pdfplumber's ``TableFinder`` fed with those pdfium edges
through a small stand-in page, which skips pdfminer's page parsing (70-100 ms a page,
the bulk of pdfplumber's cost). Only pages whose text carries the standard tables'
markers (and a ruled page right after one) are searched.

Coordinates follow pdfplumber: PDF points, top-left origin (top = page top - y).
"""

from __future__ import annotations

import ctypes
import logging
import math
import re
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pdfplumber.table import TableFinder

from core.document import Document, ReadError, Token
from core.model import Loc

PAGE_SEPARATOR = "\n\f\n"

# Guards against pathological pages: table finding is skipped (with a note) beyond these.
MAX_TABLE_CHARS = 20_000
MAX_PAGE_OBJECTS = 5_000
MAX_EDGES = 5_000

# A fill-only path thinner than this is a ruling line drawn as a filled rectangle.
THIN = 3.0
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
_CID = re.compile(r"\(cid:\d+\)")

_FINDER_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
}


@dataclass
class _Char:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    index: int  # offset into Document.text


@dataclass
class _Rule:
    """A visible ruling segment (stroked, or a thin filled bar)."""

    orientation: str  # "h" | "v"
    pos: float  # x for vertical, top for horizontal
    start: float  # top / x0
    end: float  # bottom / x1


@dataclass
class _PageData:
    number: int  # 1-based
    width: float
    height: float
    text: str
    boxes: list[tuple[int, float, float, float, float] | None]
    chars: list[_Char] = field(default_factory=list)
    usable: bool = True
    # A page read by OCR (core/readers/image.py): its ruling edges and rules found in the
    # image, and the confidence of each character by its offset in Document.text.
    ocr_edges: tuple[list[dict[str, Any]], list[_Rule]] | None = None
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


# --------------------------------------------------------------------------- opening


@contextmanager
def _quiet() -> Iterator[None]:
    """Keep library warnings and pdfminer log noise away from the caller."""
    logger = logging.getLogger("pdfminer")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logger.setLevel(level)


def _check_bytes(path: Path) -> bytes:
    """Read the file and reject what is plainly not a whole PDF.

    pdfium repairs truncated files silently (it rebuilds the xref by scanning), which
    would hand the reviewer half a report as if it were all of it; the missing %%EOF
    at the end is the reliable sign of a cut-off download.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法打开文件：{path.name}（{exc.strerror or exc}）") from None
    if not data:
        raise ReadError(f"文件为空：{path.name}")
    if b"%PDF-" not in data[:1024]:
        raise ReadError(f"不是 PDF 文件（缺少 %PDF 文件头）：{path.name}")
    if b"%%EOF" not in data[-2048:]:
        raise ReadError(f"PDF 文件不完整（可能下载中断或已损坏）：{path.name}")
    _check_streams(data, path.name)
    return data


MAX_STREAM_BYTES = 128 * 1024 * 1024  # no stream of a report inflates to this (an A4 300 dpi RGB scan is 26 MB)
_STREAM = re.compile(rb"stream\r?\n")


def _check_streams(data: bytes, name: str) -> None:
    """Refuse a compressed stream that inflates beyond reason (a "PDF bomb").

    pdfium inflates a whole content stream in memory and aborts the process when that
    fails, so a 1 MB file could kill the program. Each Flate stream is inflated here
    first with a bound on its output, which costs memory only up to the bound.
    """
    for m in _STREAM.finditer(data):
        if b"FlateDecode" not in data[max(0, m.start() - 400) : m.start()]:
            continue
        end = data.find(b"endstream", m.end())
        if end < 0:
            continue
        inflater = zlib.decompressobj()
        pending, total = data[m.end() : end], 0
        try:
            # In slices, so that measuring a bomb never holds more than a slice of it.
            while pending and total <= MAX_STREAM_BYTES:
                total += len(inflater.decompress(pending, 4 * 2**20))
                pending = inflater.unconsumed_tail
        except zlib.error:
            continue  # pdfium will judge a damaged stream itself
        if total > MAX_STREAM_BYTES:
            raise ReadError(
                f"PDF 中有一个数据流解压后超过 {MAX_STREAM_BYTES // 2**20} MB，不像正常的报告（疑似恶意文件），未读取：{name}"
            )


def _open(data: bytes, name: str) -> pdfium.PdfDocument:
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if exc.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise ReadError(f"PDF 已加密，无法读取：{name}") from None
        raise ReadError(f"PDF 文件已损坏，无法读取：{name}") from None
    except Exception:  # noqa: BLE001 - any pdfium failure is a broken file to the reviewer
        raise ReadError(f"PDF 文件已损坏，无法读取：{name}") from None
    return pdf


# --------------------------------------------------------------------------- text

# A report-sized PDF gets all its boxes at once (re-opening the file for a late loc costs
# more than measuring a few pages); a long one only its table pages, the rest on demand.
EAGER_BOX_PAGES = 24
# A character whose box has not been computed yet (page 0 never exists).
LAZY_BOX: tuple[int, float, float, float, float] = (0, 0.0, 0.0, 0.0, 0.0)


def _is_garbage(ch: str) -> bool:
    """Characters that mean the font has no usable Unicode mapping."""
    o = ord(ch)
    return 0xE000 <= o <= 0xF8FF or o >= 0xF0000 or o == 0xFFFD or (o < 0x20 and ch not in "\n\t")


def _page_text(page: pdfium.PdfPage, number: int, offset: int, with_boxes: bool = True) -> _PageData:
    """The page's text with one box (or None) per character.

    ``offset`` is where this page's text will start in Document.text, so that each
    char can remember its place for token locs. Without ``with_boxes`` the text is the
    same but every real character gets ``LAZY_BOX`` (boxes are most of a page's cost,
    and only table pages and the few places findings point at need them).
    """
    left, bottom, right, top_edge = page.get_mediabox()
    width, height = right - left, top_edge - bottom
    # A page with /Rotate is read in its own frame (where its text runs as drawn) and its
    # boxes are given as the page is shown — as pdfplumber and the viewer give them.
    rotation = page.get_rotation()
    turn = (360 - rotation) % 360
    shown = _shown(turn, width, height)
    if rotation:
        # pdfium orders a turned page's text as shown (a page turned half round comes out
        # backwards): read it as drawn. The document is ours, in memory; the rotation is
        # put back at once, for rendering.
        page.set_rotation(0)
    try:
        textpage = page.get_textpage()
    finally:
        if rotation:
            page.set_rotation(rotation)
    try:
        n = textpage.count_chars()
        raw = textpage.raw
        out: list[str] = []
        boxes: list[tuple[int, float, float, float, float] | None] = []
        chars: list[_Char] = []
        garbage = 0
        i = 0
        while i < n:
            code = pdfium_c.FPDFText_GetUnicode(raw, i)
            generated = bool(pdfium_c.FPDFText_IsGenerated(raw, i))
            if code == 0x0D:
                # pdfium ends lines with \r\n; the viewer wants plain \n.
                if i + 1 < n and pdfium_c.FPDFText_GetUnicode(raw, i + 1) == 0x0A:
                    i += 1
                code = 0x0A
            ch, extra = _decode(raw, i, code, n)
            first = i
            i += extra + 1  # a surrogate pair is one character; its low half is skipped
            if ch == "\n" or generated:
                out.append(ch)
                boxes.append(None)
                continue
            if _is_garbage(ch) or pdfium_c.FPDFText_HasUnicodeMapError(raw, first) == 1:
                garbage += 1
            if not with_boxes:
                out.append(ch)
                boxes.append(LAZY_BOX)
                continue
            x0, y0, x1, y1 = _char_box(textpage, first)
            box = (x0 - left, top_edge - y1, x1 - left, top_edge - y0)
            out.append(ch)
            boxes.append((number, *shown(box)))
            if not ch.isspace():
                chars.append(_Char(out[-1], *box, index=offset + len(out) - 1))
    finally:
        textpage.close()
    text = "".join(out)
    data = _PageData(number, width, height, text, boxes, chars, turn=turn)
    data.usable = _usable(text, garbage)
    return data


def _shown(
    turn: int, width: float, height: float
) -> Callable[[tuple[float, float, float, float]], tuple[float, float, float, float]]:
    """Box on the page as drawn (``width`` × ``height``) → box on the page as shown."""
    if not turn:
        return lambda box: box
    return lambda box: to_page_frame(box, turn, width, height)


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


def tokens_to_page_frame(tokens: list[Token], pages: list[_PageData]) -> None:
    """Table cells of turned pages, found on the upright page, put back on the page as stored."""
    turned = {p.number: p for p in pages if p.turn}
    for token in tokens:
        loc = token.loc
        data = turned.get(loc.page or 0) if loc is not None else None
        if loc is not None and data is not None and loc.bbox is not None:
            token.loc = replace(loc, bbox=to_page_frame(loc.bbox, data.turn, data.width, data.height))


def _char_box(textpage: pdfium.PdfTextPage, i: int) -> tuple[float, float, float, float]:
    """The char's box (left, bottom, right, top), pdfium page space.

    The loose box (font ascent to descent) is what pdfplumber reports, so it is the
    default; but for glyphs set vertically or rotated pdfium stretches it over the
    whole line (200 pt tall for a 10 pt character), so the tight glyph box is used.
    """
    loose = textpage.get_charbox(i, loose=True)
    size = pdfium_c.FPDFText_GetFontSize(textpage.raw, i) or 12.0
    m = pdfium_c.FS_MATRIX()
    if pdfium_c.FPDFText_GetMatrix(textpage.raw, i, ctypes.byref(m)):
        scale = max(math.hypot(m.a, m.b), math.hypot(m.c, m.d))
        if scale > 0:
            size *= scale  # the font size pdfium reports is before the text matrix
    if loose[2] - loose[0] <= 2 * size + 1 and loose[3] - loose[1] <= 2 * size + 1:
        return loose
    return textpage.get_charbox(i, loose=False)


def _decode(raw: Any, i: int, code: int, n: int) -> tuple[str, int]:
    """The character at ``i`` and how many extra indices it used (a surrogate pair)."""
    if 0xD800 <= code < 0xDC00 and i + 1 < n:
        low = pdfium_c.FPDFText_GetUnicode(raw, i + 1)
        if 0xDC00 <= low < 0xE000:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), 1
    if code == 0 or 0xD800 <= code < 0xE000:
        return "\ufffd", 0
    return chr(code), 0


def _usable(text: str, garbage: int) -> bool:
    """A page counts as having text when most of its visible characters are real."""
    visible = sum(1 for ch in text if not ch.isspace())
    if visible == 0:
        return False
    cid = sum(len(m.group()) for m in _CID.finditer(text))
    return (garbage + cid) / visible < 0.5


# --------------------------------------------------------------------------- ruling lines

Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def _matrix(obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """The matrix applying ``inner`` first, then ``outer``."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer  # noqa: N806 - matrix notation
    return (
        a * A + b * C,
        a * B + b * D,
        c * A + d * C,
        c * B + d * D,
        e * A + f * C + E,
        e * B + f * D + F,
    )


def _paths(page: pdfium.PdfPage) -> Iterator[tuple[Any, Matrix]]:
    """Every path object of the page (form XObjects opened) with its page matrix."""
    stack: list[tuple[Any, bool, Matrix]] = [(page.raw, True, _IDENTITY)]
    seen = 0
    while stack:
        holder, is_page, parent = stack.pop()
        count = (
            pdfium_c.FPDFPage_CountObjects(holder) if is_page else pdfium_c.FPDFFormObj_CountObjects(holder)
        )
        for k in range(count):
            obj = (
                pdfium_c.FPDFPage_GetObject(holder, k)
                if is_page
                else pdfium_c.FPDFFormObj_GetObject(holder, k)
            )
            seen += 1
            if seen > MAX_PAGE_OBJECTS:
                raise _TooBig
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _compose(_matrix(obj), parent)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, False, _compose(_matrix(obj), parent)))


class _TooBig(Exception):
    """A page with more drawing objects than table finding should face."""


def _subpaths(obj: Any, m: Matrix) -> list[list[tuple[float, float]]]:
    """The path's straight polylines in page space (Béziers break a polyline)."""
    a, b, c, d, e, f = m
    out: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    x = ctypes.c_float()
    y = ctypes.c_float()
    for k in range(pdfium_c.FPDFPath_CountSegments(obj)):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, k)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        pt = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or kind != pdfium_c.FPDF_SEGMENT_LINETO:
            if len(current) > 1:
                out.append(current)
            current = [pt]
        else:
            current.append(pt)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and current:
            current.append(current[0])
    if len(current) > 1:
        out.append(current)
    return out


def _edge(orientation: str, pos: float, start: float, end: float) -> dict[str, Any]:
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


def _page_edges(
    page: pdfium.PdfPage, top_edge: float, left: float
) -> tuple[list[dict[str, Any]], list[_Rule]]:
    """Edges for the table finder, and the subset that is visibly drawn.

    WPS paints white rectangles behind paragraph lines and cell backgrounds; their
    outlines are kept as edges (a table cut by a page break often has no drawn bottom
    line, only its cells' fills) but they are not *rules*: rows not crossed by rules are
    dropped later, which removes the phantom 'tables' made of paragraph backgrounds.
    """
    edges: list[dict[str, Any]] = []
    rules: list[_Rule] = []
    fill_mode = ctypes.c_int()
    stroke = ctypes.c_int()
    for obj, m in _paths(page):
        pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill_mode), ctypes.byref(stroke))
        stroked, filled = bool(stroke.value), fill_mode.value != 0
        if not stroked and not filled:
            continue
        for poly in _subpaths(obj, m):
            pts = [(x - left, top_edge - y) for x, y in poly]
            if stroked:
                _stroked_edges(pts, edges, rules)
            else:
                _filled_edges(pts, edges, rules)
        if len(edges) > MAX_EDGES:
            raise _TooBig
    return edges, rules


def _stroked_edges(pts: list[tuple[float, float]], edges: list[dict[str, Any]], rules: list[_Rule]) -> None:
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1:
            lo, hi = sorted((x0, x1))
            edges.append(_edge("h", y0, lo, hi))
            rules.append(_Rule("h", y0, lo, hi))
        elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1:
            lo, hi = sorted((y0, y1))
            edges.append(_edge("v", x0, lo, hi))
            rules.append(_Rule("v", x0, lo, hi))


def _filled_edges(pts: list[tuple[float, float]], edges: list[dict[str, Any]], rules: list[_Rule]) -> None:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, bottom - top
    if not _axis_aligned(pts):
        return
    if h < THIN and w >= 1:  # a horizontal bar: a ruling line
        y = (top + bottom) / 2
        edges.append(_edge("h", y, x0, x1))
        rules.append(_Rule("h", y, x0, x1))
    elif w < THIN and h >= 1:
        x = (x0 + x1) / 2
        edges.append(_edge("v", x, top, bottom))
        rules.append(_Rule("v", x, top, bottom))
    elif w >= 1 and h >= 1:
        # A background: its top and bottom close cells whose border is not drawn (a
        # table cut by a page break); its sides are left out, they would split merged
        # header cells wherever WPS painted two fills side by side.
        edges.extend([_edge("h", top, x0, x1), _edge("h", bottom, x0, x1)])


def _axis_aligned(pts: list[tuple[float, float]]) -> bool:
    return all(
        abs(x1 - x0) < 0.5 or abs(y1 - y0) < 0.5 for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False)
    )


# --------------------------------------------------------------------------- tables


class _StandInPage:
    """What pdfplumber's TableFinder reads from a page, filled from pdfium."""

    def __init__(self, edges: list[dict[str, Any]], width: float, height: float) -> None:
        self.edges = edges
        self.bbox = (0.0, 0.0, width, height)
        self.chars: list[dict[str, Any]] = []


def _wants_tables(data: _PageData) -> bool:
    return data.usable and bool(_TABLE_MARKERS.search(data.text))


def _find_pieces(page: pdfium.PdfPage | None, data: _PageData, notes: list[str]) -> list[_Piece]:
    if len(data.chars) > MAX_TABLE_CHARS:
        notes.append(f"第 {data.number} 页字符过多，未识别表格")
        return []
    if data.ocr_edges is not None:  # an OCR'd page: the rules found in its image
        edges, rules = data.ocr_edges
        if len(edges) > MAX_EDGES:
            notes.append(f"第 {data.number} 页线条过多，未识别表格")
            return []
    else:
        assert page is not None
        left, _bottom, _right, top_edge = page.get_mediabox()
        try:
            edges, rules = _page_edges(page, top_edge, left)
        except _TooBig:
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


def _piece(table: Any, data: _PageData, rules: list[_Rule], notes: list[str]) -> _Piece | None:
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


def _ruled(v_rules: list[_Rule], y: float) -> bool:
    """A row is real when at least two drawn vertical rules cross its middle."""
    xs = {round(r.pos) for r in v_rules if r.start - 1 <= y <= r.end + 1}
    return len(xs) >= 2


def _row_cells(
    data: _PageData,
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
    chars: list[_Char], bbox: tuple[float, float, float, float]
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
    kept: list[list[_Char]] = []
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


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Chars grouped into visual lines, top to bottom, each left to right."""
    ordered = sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0))
    lines: list[list[_Char]] = []
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


def _join(chars: list[_Char], line_lengths: list[int]) -> str:
    """Concatenate, with a space only between ASCII words set apart on the page."""
    out: list[str] = []
    ends = set()
    pos = 0
    for n in line_lengths:
        pos += n
        ends.add(pos)
    prev: _Char | None = None
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


def read_pdf(path: Path) -> Document:
    """Read a PDF: text, per-character boxes and the cells of its ruled tables.

    Raises ReadError for files that are not PDFs, are cut off, damaged or encrypted.
    A PDF without a text layer comes back with empty text and ``pages_without_text``.
    """
    path = Path(path)
    data = _check_bytes(path)
    with _quiet():
        pdf = _open(data, path.name)
        try:
            return _read(pdf, path, data)
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - pdfium/pdfplumber internals must not escape
            raise ReadError(f"PDF 文件已损坏，无法读取：{path.name}") from None
        finally:
            pdf.close()


def _read(pdf: pdfium.PdfDocument, path: Path, raw: bytes = b"") -> Document:
    from core.readers.image import ScanReader  # OCR of pages without a text layer

    scans = ScanReader(raw, path.name, len(pdf))
    notes: list[str] = []
    pages: list[_PageData] = []
    texts: list[str] = []
    boxes: list[tuple[int, float, float, float, float] | None] = []
    starts: list[int] = []
    offset = 0
    for i in range(len(pdf)):
        page = pdf[i]
        try:
            if i:
                texts.append(PAGE_SEPARATOR)
                boxes.extend([None] * len(PAGE_SEPARATOR))
                offset += len(PAGE_SEPARATOR)
            pdata = _page_text(page, i + 1, offset, with_boxes=len(pdf) <= EAGER_BOX_PAGES)
            if not pdata.usable:  # garbage text would only mislead the matcher
                pdata.text, pdata.boxes, pdata.chars = "", [], []
                pdata = scans.pdf_page(page, pdata, offset)  # OCR'd if it can be
            starts.append(offset)
            texts.append(pdata.text)
            boxes.extend(pdata.boxes)
            offset += len(pdata.text)
            pages.append(pdata)
        finally:
            page.close()
    # Table pages (and the page after each, for a table cut by a page break) get their
    # character boxes now: the table finder needs them. Others get them when asked.
    wanted = {p.number for p in pages if _wants_tables(p)}
    for data in pages if len(pdf) > EAGER_BOX_PAGES else []:
        if data.ocr_edges is not None:
            continue  # an OCR'd page has its boxes already
        if data.usable and (data.number in wanted or data.number - 1 in wanted):
            full = _fill_boxes(pdf, data.number, starts[data.number - 1])
            data.boxes, data.chars = full.boxes, full.chars
            boxes[starts[data.number - 1] : starts[data.number - 1] + len(full.boxes)] = full.boxes
    without = [p.number for p in pages if not p.usable]
    doc = Document(
        path=str(path),
        source_format="pdf",
        text="".join(texts),
        encoding=None,
        page_count=len(pages),
        char_boxes=boxes,
        page_starts=starts,
        pages_without_text=without,
        notes=notes,
    )
    scans.finish(doc, pages)
    if len(without) == len(pages):
        doc.text, doc.char_boxes = "", []
        return doc
    doc.tokens = _read_tables(pdf, pages, notes)
    if any(p.turn for p in pages if p.usable):
        tokens_to_page_frame(doc.tokens, pages)
    return doc


def _fill_boxes(pdf: pdfium.PdfDocument, number: int, offset: int) -> _PageData:
    page = pdf[number - 1]
    try:
        return _page_text(page, number, offset, with_boxes=True)
    finally:
        page.close()


def page_boxes(path: str, number: int, offset: int) -> list[tuple[int, float, float, float, float] | None]:
    """One page's character boxes, for a Document read with lazy boxes (``Document.loc``)."""
    data = _check_bytes(Path(path))
    with _quiet():
        pdf = _open(data, Path(path).name)
        try:
            return _fill_boxes(pdf, number, offset).boxes
        finally:
            pdf.close()


def _read_tables(pdf: pdfium.PdfDocument | None, pages: list[_PageData], notes: list[str]) -> list[Token]:
    """Tokens of the ruled tables of ``pages`` (``pdf`` None: every page was OCR'd from an image)."""
    wanted = {p.number for p in pages if _wants_tables(p)}
    pieces_by_page: list[list[_Piece]] = []
    for data in pages:
        follows = data.number - 1 in wanted and data.usable
        if data.number not in wanted and not follows:
            pieces_by_page.append([])
            continue
        if data.ocr_edges is not None or pdf is None:
            pieces = _find_pieces(None, data, notes)
        else:
            page = pdf[data.number - 1]
            try:
                pieces = _find_pieces(page, data, notes)
            finally:
                page.close()
        if data.number not in wanted:
            # A page after a table page is read only to catch the rest of a cut table.
            pieces = pieces[:1]
            for p in pieces:
                p.only_if_continued = True
        pieces_by_page.append(pieces)
    return _tokens(_stitch(pieces_by_page))
