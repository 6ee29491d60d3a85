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
from functools import partial
from pathlib import Path
from typing import Any, Protocol

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from core.document import Document, ReadError
from core.readers.geometry import (
    MAX_EDGES,
    PAGE_SEPARATOR,
    Char,
    EdgeSource,
    PageData,
    Rule,
    TooManyObjects,
    edge,
    read_tables,
    to_page_frame,
    tokens_to_page_frame,
    wants_tables,
)

# Guards against pathological pages: table finding is skipped (with a note) beyond this.
MAX_PAGE_OBJECTS = 5_000
# A fill-only path thinner than this is a ruling line drawn as a filled rectangle.
THIN = 3.0

_CID = re.compile(r"\(cid:\d+\)")



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


def _page_text(page: pdfium.PdfPage, number: int, offset: int, with_boxes: bool = True) -> PageData:
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
        chars: list[Char] = []
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
                chars.append(Char(out[-1], *box, index=offset + len(out) - 1))
    finally:
        textpage.close()
    text = "".join(out)
    data = PageData(number, width, height, text, boxes, chars, turn=turn)
    data.usable = _usable(text, garbage)
    return data


def _shown(
    turn: int, width: float, height: float
) -> Callable[[tuple[float, float, float, float]], tuple[float, float, float, float]]:
    """Box on the page as drawn (``width`` × ``height``) → box on the page as shown."""
    if not turn:
        return lambda box: box
    return lambda box: to_page_frame(box, turn, width, height)


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
                raise TooManyObjects
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
                yield obj, _compose(_matrix(obj), parent)
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                stack.append((obj, False, _compose(_matrix(obj), parent)))




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


def _page_edges(
    page: pdfium.PdfPage, top_edge: float, left: float
) -> tuple[list[dict[str, Any]], list[Rule]]:
    """Edges for the table finder, and the subset that is visibly drawn.

    WPS paints white rectangles behind paragraph lines and cell backgrounds; their
    outlines are kept as edges (a table cut by a page break often has no drawn bottom
    line, only its cells' fills) but they are not *rules*: rows not crossed by rules are
    dropped later, which removes the phantom 'tables' made of paragraph backgrounds.
    """
    edges: list[dict[str, Any]] = []
    rules: list[Rule] = []
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
            raise TooManyObjects
    return edges, rules


def _stroked_edges(pts: list[tuple[float, float]], edges: list[dict[str, Any]], rules: list[Rule]) -> None:
    for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False):
        if abs(y1 - y0) < 0.5 and abs(x1 - x0) >= 1:
            lo, hi = sorted((x0, x1))
            edges.append(edge("h", y0, lo, hi))
            rules.append(Rule("h", y0, lo, hi))
        elif abs(x1 - x0) < 0.5 and abs(y1 - y0) >= 1:
            lo, hi = sorted((y0, y1))
            edges.append(edge("v", x0, lo, hi))
            rules.append(Rule("v", x0, lo, hi))


def _filled_edges(pts: list[tuple[float, float]], edges: list[dict[str, Any]], rules: list[Rule]) -> None:
    xs = [p[0] for p in pts]
    ys = [p[1] for p in pts]
    x0, x1, top, bottom = min(xs), max(xs), min(ys), max(ys)
    w, h = x1 - x0, bottom - top
    if not _axis_aligned(pts):
        return
    if h < THIN and w >= 1:  # a horizontal bar: a ruling line
        y = (top + bottom) / 2
        edges.append(edge("h", y, x0, x1))
        rules.append(Rule("h", y, x0, x1))
    elif w < THIN and h >= 1:
        x = (x0 + x1) / 2
        edges.append(edge("v", x, top, bottom))
        rules.append(Rule("v", x, top, bottom))
    elif w >= 1 and h >= 1:
        # A background: its top and bottom close cells whose border is not drawn (a
        # table cut by a page break); its sides are left out, they would split merged
        # header cells wherever WPS painted two fills side by side.
        edges.extend([edge("h", top, x0, x1), edge("h", bottom, x0, x1)])


def _axis_aligned(pts: list[tuple[float, float]]) -> bool:
    return all(
        abs(x1 - x0) < 0.5 or abs(y1 - y0) < 0.5 for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False)
    )


# --------------------------------------------------------------------------- tables


# --------------------------------------------------------------------------- entry point


class PageScanner(Protocol):
    """OCR for the pages of one PDF that have no text layer (core.readers.image.ScanReader,
    handed in by core.pipeline: the PDF reader itself knows no OCR)."""

    def pdf_page(self, page: pdfium.PdfPage, pdata: PageData, offset: int) -> PageData: ...

    def finish(self, doc: Document, pages: list[PageData]) -> None: ...


# (the file's bytes, its name, its page count) -> the scanner of that file's pages
ScannerFactory = Callable[[bytes, str, int], PageScanner]


def read_pdf(path: Path, scanner: ScannerFactory | None = None) -> Document:
    """Read a PDF: text, per-character boxes and the cells of its ruled tables; pages
    without a text layer read by ``scanner``'s OCR when one is given.

    Raises ReadError for files that are not PDFs, are cut off, damaged or encrypted.
    A PDF without a text layer comes back with empty text and ``pages_without_text``.
    """
    path = Path(path)
    data = _check_bytes(path)
    with _quiet():
        pdf = _open(data, path.name)
        try:
            return _read(pdf, path, data, scanner)
        except ReadError:
            raise
        except Exception:  # noqa: BLE001 - pdfium/pdfplumber internals must not escape
            raise ReadError(f"PDF 文件已损坏，无法读取：{path.name}") from None
        finally:
            pdf.close()


def _read(pdf: pdfium.PdfDocument, path: Path, raw: bytes, scanner: ScannerFactory | None) -> Document:
    scans = scanner(raw, path.name, len(pdf)) if scanner is not None else None
    notes: list[str] = []
    pages: list[PageData] = []
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
                if scans is not None:
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
    wanted = {p.number for p in pages if wants_tables(p)}
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
        box_source=partial(page_boxes, str(path)),
    )
    if scans is not None:
        scans.finish(doc, pages)
    if len(without) == len(pages):
        doc.text, doc.char_boxes = "", []
        return doc
    doc.tokens = read_tables(pages, notes, _edges_of(pdf))
    if any(p.turn for p in pages if p.usable):
        tokens_to_page_frame(doc.tokens, pages)
    return doc


def _edges_of(pdf: pdfium.PdfDocument) -> EdgeSource:
    """A page's ruling edges, walked from its vector paths (for ``geometry.read_tables``)."""

    def page_edges(data: PageData) -> tuple[list[dict[str, Any]], list[Rule]]:
        page = pdf[data.number - 1]
        try:
            left, _bottom, _right, top_edge = page.get_mediabox()
            return _page_edges(page, top_edge, left)
        finally:
            page.close()

    return page_edges


def _fill_boxes(pdf: pdfium.PdfDocument, number: int, offset: int) -> PageData:
    page = pdf[number - 1]
    try:
        return _page_text(page, number, offset, with_boxes=True)
    finally:
        page.close()


def page_boxes(path: str, number: int, offset: int) -> list[tuple[int, float, float, float, float] | None]:
    """One page's character boxes, for a Document read with lazy boxes (its ``box_source``)."""
    data = _check_bytes(Path(path))
    with _quiet():
        pdf = _open(data, Path(path).name)
        try:
            return _fill_boxes(pdf, number, offset).boxes
        finally:
            pdf.close()


