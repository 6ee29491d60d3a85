"""Scans: image files (PNG, JPEG, TIFF incl. multi-page) and PDF pages without a text
layer, OCR'd into the page data the PDF reader builds from a text layer.

An OCR'd page becomes the same thing a text page is — text with a box per character,
ruling lines (found in the image) for the same table finder — so sections, tables,
rules, click-to-source boxes and exports work unchanged. Boxes are PDF points on the
page image: for a PDF page its own points; for an image file ``pixels * 72 / dpi`` with
the file's own resolution, or 72 dpi when it states none (points = pixels)
(``points_per_pixel``).

Also the core side of the window's "confirm an OCR'd cell" step: ``ocr_cells``,
``crop_box`` and ``render_crop`` give the place and the picture of a cell's reading.
"""

from __future__ import annotations

import dataclasses
import hashlib
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from core.document import Document, ReadError
from core.model import Cell, Report
from core.readers import ocr
from core.readers.geometry import (
    PAGE_SEPARATOR,
    Char,
    PageData,
    Rule,
    edge,
    read_tables,
    to_page_frame,
    tokens_to_page_frame,
)
from core.readers.ocr_labels import repair

if TYPE_CHECKING:
    import pypdfium2 as pdfium
    from PIL import Image as PILImage

# A resolution outside this range in an image's header is not a scan's: treated as absent.
PLAUSIBLE_DPI = (50.0, 1200.0)
DEFAULT_DPI = 72.0  # no resolution stated: one point per pixel
# An image without a stated resolution is brought to about an A4 page at OCR_DPI.
OCR_LONG_SIDE = round(11.69 * ocr.OCR_DPI)
# PDF pages are rendered with at most this many pixels (a poster-sized page is shrunk).
MAX_RENDER_PIXELS = 12_000_000


# --- an OCR'd page as page data ------------------------------------------------------------------


def page_data(page: ocr.OcrPage, number: int, points_per_px: float, offset: int) -> PageData:
    """The page's text in reading order, a box per character (points), and its rules."""
    k = points_per_px
    width, height = page.width * k, page.height * k  # of the upright page
    repairs: list[tuple[str, str]] = []
    rows = _rows([_repaired(line, repairs) for line in page.lines])
    out: list[str] = []
    boxes: list[tuple[int, float, float, float, float] | None] = []
    chars: list[Char] = []
    conf: dict[int, float] = {}
    for r, row in enumerate(rows):
        if r:
            out.append("\n")
            boxes.append(None)
        for i, line in enumerate(row):
            if i:
                out.append(" ")  # cells side by side on one visual row
                boxes.append(None)
            for c in line.chars:
                x0, top, x1, bottom = (c.box[0] * k, c.box[1] * k, c.box[2] * k, c.box[3] * k)
                index = offset + len(out)
                out.append(c.text)
                boxes.append((number, *to_page_frame((x0, top, x1, bottom), page.turn, width, height)))
                chars.append(Char(c.text, x0, top, x1, bottom, index=index))
                conf[index] = round(c.conf, 4)
    text = "".join(out)
    edges: list[dict[str, Any]] = []
    rules: list[Rule] = []
    for orientation, pos, start, end in page.rules:
        edges.append(edge(orientation, pos * k, start * k, end * k))
        rules.append(Rule(orientation, pos * k, start * k, end * k))
    data = PageData(number, width, height, text, boxes, chars, turn=page.turn, ocr_repairs=repairs)
    # Only symbols (a block read as "■", a rule as "—"): nothing was read.
    data.usable = any(ch.isalnum() for ch in text)
    data.ocr_edges = (edges, rules)
    data.ocr_conf = conf
    return data


def _repaired(line: ocr.OcrLine, repairs: list[tuple[str, str]]) -> ocr.OcrLine:
    """The line with a misread row label put right (ocr_labels), noted in ``repairs``."""
    fixed = repair(line.text)
    if fixed is None or len(fixed) != len(line.text) or len(line.chars) != len(line.text):
        return line
    repairs.append((line.text, fixed))
    chars = [dataclasses.replace(c, text=t) for c, t in zip(line.chars, fixed, strict=True)]
    return dataclasses.replace(line, text=fixed, chars=chars)


def _rows(lines: list[ocr.OcrLine]) -> list[list[ocr.OcrLine]]:
    """Lines grouped into visual rows (top to bottom), each row left to right.

    First into bands: lines whose centres lie within a third of a line's height of the
    previous one (a table row's numbers, a few pixels of scan noise apart). Rows are then
    made of whole bands, so noise cannot put some of a row's numbers with the label line
    above them and the rest in a row of their own (a row of 4 0 0 0 0 4 under a two-line
    label once read as "…不 0" and "4 0 0 0 0 4", and the numbers slid a column).
    """

    def mid(ln: ocr.OcrLine) -> float:
        return (ln.box[1] + ln.box[3]) / 2

    def height(ln: ocr.OcrLine) -> float:
        return max(ln.box[3] - ln.box[1], 1.0)

    bands: list[list[ocr.OcrLine]] = []
    for line in sorted(lines, key=lambda ln: (mid(ln), ln.box[0])):
        if bands and mid(line) - mid(bands[-1][-1]) <= min(height(line), height(bands[-1][-1])) / 3:
            bands[-1].append(line)
        else:
            bands.append([line])
    rows: list[list[ocr.OcrLine]] = []
    centre = row_height = 0.0
    for band in bands:
        b_mid = sorted(mid(ln) for ln in band)[len(band) // 2]
        b_height = min(height(ln) for ln in band)
        if rows and abs(b_mid - centre) <= min(b_height, row_height) * 0.5:
            rows[-1].extend(band)
        else:
            rows.append(list(band))
            centre, row_height = b_mid, b_height
    return [sorted(row, key=lambda ln: ln.box[0]) for row in rows]


# --- scanned pages of a PDF ---------------------------------------------------------------------


class ScanReader:
    """OCR for the pages of one file that have no text layer, within the file's budget."""

    def __init__(self, raw: bytes, name: str, total: int) -> None:
        self.raw = raw  # hashed only if a page needs OCR: a text PDF pays nothing
        self.name = name
        self.budget = ocr.Budget(name, total)
        self.cache: ocr.PageCache | None = None
        self.unavailable: str | None = None
        self.unavailable_pages: list[int] = []
        self.empty: list[int] = []
        self.read: list[int] = []
        self.conf: dict[int, float] = {}

    def _page(self, key: str, number: int, image: Any) -> ocr.OcrPage | None:
        """The OCR of one page image (from the cache when read before); None when not read."""
        if self.unavailable is not None:
            self.unavailable_pages.append(number)
            return None
        if not self.budget.allows(number):
            return None
        if self.cache is None:
            self.cache = ocr.PageCache(hashlib.sha256(self.raw).hexdigest() if self.raw else "")
        page = self.cache.get(key)
        if page is None:
            try:  # a blank page is known blank without loading the engine
                page = ocr.ocr_gray(image() if callable(image) else image)
            except ocr.OcrUnavailable as exc:
                self.unavailable = str(exc)
                self.unavailable_pages.append(number)
                return None
            self.cache.put(key, page)
        self.budget.finished()
        return page

    def pdf_page(self, page: pdfium.PdfPage, pdata: PageData, offset: int) -> PageData:
        """A PDF page without a text layer: its OCR'd page data, or ``pdata`` when not read."""
        width, height = pdata.width, pdata.height
        if pdata.turn in (90, 270):  # /Rotate: the page is rendered, and read, as shown
            width, height = height, width
        scale = min(ocr.OCR_DPI / 72.0, (MAX_RENDER_PIXELS / max(1.0, width * height)) ** 0.5)

        def render() -> Any:
            bitmap = page.render(scale=scale, grayscale=True)
            array = bitmap.to_numpy()
            return array[:, :, 0].copy() if array.ndim == 3 else array.copy()

        result = self._page(f"pdf:{pdata.number}", pdata.number, render)
        if result is None:
            return pdata
        image_width = result.height if result.turn in (90, 270) else result.width  # as rendered
        data = page_data(result, pdata.number, width / max(1, image_width), offset)
        if not data.usable:
            self.empty.append(pdata.number)
            return pdata
        self.read.append(pdata.number)
        self.conf.update(data.ocr_conf or {})
        return data

    def finish(self, doc: Document, pages: list[PageData]) -> None:
        doc.ocr_pages = list(self.read)
        doc.ocr_confidence = dict(self.conf)
        doc.pages_without_text = [p.number for p in pages if not p.usable]
        said: list[str] = []
        if self.unavailable_pages:
            said.append(f"第 {ocr.page_ranges(self.unavailable_pages)} 页未做文字识别：{self.unavailable}")
        if self.empty:
            said.append(f"第 {ocr.page_ranges(self.empty)} 页文字识别未读出任何文字（空白页或图像无法辨认）")
        skipped = self.budget.message()
        if skipped:
            said.append(skipped)
        doc.ocr_unread = "；".join(said) or None
        if self.read:
            doc.notes.append(f"第 {ocr.page_ranges(self.read)} 页没有文字层，已做文字识别")
        repairs = [(p.number, old, new) for p in pages for old, new in p.ocr_repairs]
        if repairs:
            shown = "；".join(f"第 {n} 页“{old}”→“{new}”" for n, old, new in repairs[:6])
            more = f"等 {len(repairs)} 处" if len(repairs) > 6 else ""
            doc.notes.append(f"文字识别读错的表格行名已按报告格式的行名校正：{shown}{more}")
        doc.ocr_turns = {p.number: p.turn for p in pages if p.turn and p.ocr_edges is not None}
        for turn, how in ((90, "横置（顺时针转 90° 后识别）"), (180, "倒置（转 180° 后识别）"),
                          (270, "横置（逆时针转 90° 后识别）")):  # fmt: skip
            turned = [page for page, t in doc.ocr_turns.items() if t == turn]
            if turned:
                doc.notes.append(f"第 {ocr.page_ranges(turned)} 页扫描时{how}")


# --- image files ---------------------------------------------------------------------------------


@dataclass
class _Frame:
    gray: Any  # numpy uint8, reduced for OCR
    points_per_px: float  # of the reduced image


def _open_image(path: Path, data: bytes) -> PILImage.Image:
    import io

    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = ocr.MAX_PIXELS  # Pillow refuses at twice this, warns above it
    try:
        with warnings.catch_warnings():  # the warning's case is refused below, with a message
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError:
        raise ReadError(
            f"图像尺寸过大，超过 {ocr.MAX_PIXELS // 1_000_000} 百万像素的上限，未读取：{path.name}"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError):
        raise ReadError(f"图像文件已损坏或格式无法识别：{path.name}") from None
    w, h = im.size
    if w * h > ocr.MAX_PIXELS:
        raise ReadError(
            f"图像过大（{w}×{h} 像素），超过 {ocr.MAX_PIXELS // 1_000_000} 百万像素的上限，未读取：{path.name}"
            "（请以 300 dpi 以下的分辨率重新扫描）"
        )
    if w < 16 or h < 16:
        raise ReadError(f"图像过小（{w}×{h} 像素），不是一页扫描件：{path.name}")
    return im


def _dpi(im: PILImage.Image) -> float:
    raw = im.info.get("dpi")
    try:
        dpi = float(raw[0]) if raw else 0.0
    except (TypeError, ValueError, IndexError):
        dpi = 0.0
    return dpi if PLAUSIBLE_DPI[0] <= dpi <= PLAUSIBLE_DPI[1] else 0.0


def points_per_pixel(im: PILImage.Image) -> float:
    """Points per pixel of an image file's own pixels (its loc boxes are in these points)."""
    return 72.0 / (_dpi(im) or DEFAULT_DPI)


def _turn(im: PILImage.Image) -> Any:
    """The transpose that shows the image upright, from its EXIF orientation (a phone's
    photo of a page is stored sideways with a tag saying so); None when upright.

    Everything that maps pixels to points — the reading, the crop, the window's page —
    goes through the upright picture, so boxes land where the reviewer sees the text."""
    from PIL import Image

    try:
        value = im.getexif().get(0x0112, 1)  # Orientation
    except Exception:  # noqa: BLE001 - a damaged EXIF block: take the pixels as they are
        return None
    return {
        2: Image.Transpose.FLIP_LEFT_RIGHT,
        3: Image.Transpose.ROTATE_180,
        4: Image.Transpose.FLIP_TOP_BOTTOM,
        5: Image.Transpose.TRANSPOSE,
        6: Image.Transpose.ROTATE_270,
        7: Image.Transpose.TRANSVERSE,
        8: Image.Transpose.ROTATE_90,
    }.get(value)


def upright_size(im: PILImage.Image) -> tuple[int, int]:
    """The frame's size as shown upright (width and height swap for a quarter turn)."""
    from PIL import Image

    w, h = im.size
    quarter = {Image.Transpose.TRANSPOSE, Image.Transpose.ROTATE_270, Image.Transpose.TRANSVERSE,
               Image.Transpose.ROTATE_90}  # fmt: skip
    return (h, w) if _turn(im) in quarter else (w, h)


def upright_gray(im: PILImage.Image) -> PILImage.Image:
    """The current frame in grey, upright."""
    turn = _turn(im)
    gray = im.convert("L")
    return gray.transpose(turn) if turn is not None else gray


def _frame(im: PILImage.Image, name: str) -> _Frame:
    import numpy as np
    from PIL import Image

    w, h = im.size
    dpi = _dpi(im)
    reduce = ocr.OCR_DPI / dpi if dpi else OCR_LONG_SIDE / max(w, h)
    reduce = min(1.0, reduce)
    target = (max(1, round(w * reduce)), max(1, round(h * reduce)))
    turn = _turn(im)
    try:
        if reduce < 1.0 and im.format == "JPEG":
            im.draft("L", target)  # decode at a reduced scale: a fraction of the memory
        frame = im.convert("L")
        if frame.size != target:
            frame = frame.resize(target, Image.Resampling.LANCZOS)
        if turn is not None:
            frame = frame.transpose(turn)
    except (OSError, ValueError, SyntaxError) as exc:
        raise ReadError(f"图像文件已损坏或不完整，无法解码：{name}（{exc}）") from None
    scale_back = upright_size(im)[0] / frame.size[0]  # reduced pixels -> original pixels
    return _Frame(np.asarray(frame, dtype=np.uint8), points_per_pixel(im) * scale_back)


def read_image(path: Path) -> Document:
    """OCR an image file (every frame of a multi-page TIFF is a page) into a Document."""
    from PIL import ImageSequence

    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"无法打开文件：{path.name}（{exc.strerror or exc}）") from None
    im = _open_image(path, data)
    frames = getattr(im, "n_frames", 1) or 1
    scans = ScanReader(data, path.name, frames)
    pages: list[PageData] = []
    texts: list[str] = []
    boxes: list[tuple[int, float, float, float, float] | None] = []
    starts: list[int] = []
    offset = 0
    for number, frame in enumerate(ImageSequence.Iterator(im), start=1):
        if frame.size[0] * frame.size[1] > ocr.MAX_PIXELS:
            raise ReadError(
                f"图像第 {number} 页过大，超过 {ocr.MAX_PIXELS // 1_000_000} 百万像素的上限，未读取：{path.name}"
            )
        if number > 1:
            texts.append(PAGE_SEPARATOR)
            boxes.extend([None] * len(PAGE_SEPARATOR))
            offset += len(PAGE_SEPARATOR)
        got: list[_Frame] = []

        def image(frame: PILImage.Image = frame, got: list[_Frame] = got) -> Any:
            got.append(_frame(frame, path.name))
            return got[0].gray

        result = scans._page(f"image:{number}", number, image)
        ppp = got[0].points_per_px if got else _points_of(frame, result)
        w_px, h_px = upright_size(frame)
        w_pt, h_pt = w_px * points_per_pixel(frame), h_px * points_per_pixel(frame)
        if result is None:
            pdata = PageData(number, w_pt, h_pt, "", [], usable=False)
        else:
            pdata = page_data(result, number, ppp, offset)
            if pdata.usable:
                scans.read.append(number)
                scans.conf.update(pdata.ocr_conf or {})
            else:
                scans.empty.append(number)
        starts.append(offset)
        texts.append(pdata.text)
        boxes.extend(pdata.boxes)
        offset += len(pdata.text)
        pages.append(pdata)
    notes: list[str] = []
    doc = Document(
        path=str(path),
        source_format="image",
        text="".join(texts),
        page_count=len(pages),
        char_boxes=boxes,
        page_starts=starts,
        notes=notes,
    )
    scans.finish(doc, pages)
    if not doc.ocr_pages:
        doc.text, doc.char_boxes = "", []
        return doc
    doc.tokens = read_tables(pages, notes)
    tokens_to_page_frame(doc.tokens, pages)
    return doc


def _points_of(frame: PILImage.Image, result: ocr.OcrPage | None) -> float:
    """Points per OCR pixel of a cached page (the reduced size is the cached width)."""
    if result is None or not result.width:
        return points_per_pixel(frame)
    read_width = result.height if result.turn in (90, 270) else result.width  # before the OCR's own turn
    return points_per_pixel(frame) * upright_size(frame)[0] / read_width


# --- the window's confirm step ---------------------------------------------------------------------


def ocr_cells(report: Report) -> list[tuple[str, str, str, Cell]]:
    """(table, row, column, cell) of every cell read by OCR, least confident first."""
    out = [
        (t, r, c, cell)
        for t, rows in report.tables.items()
        for r, cols in rows.items()
        for c, cell in cols.items()
        if cell.ocr is not None
    ]
    return sorted(out, key=lambda x: x[3].ocr["confidence"] if x[3].ocr else 1.0)


def crop_box(cell: Cell, margin: float = 6.0) -> tuple[int, tuple[float, float, float, float]] | None:
    """The page and the box (PDF points, with a margin) to show beside an OCR'd value."""
    if cell.loc is None or cell.loc.page is None or cell.loc.bbox is None:
        return None
    x0, top, x1, bottom = cell.loc.bbox
    return cell.loc.page, (max(0.0, x0 - margin), max(0.0, top - margin), x1 + margin, bottom + margin)


def render_crop(
    path: str | Path, page: int, bbox: tuple[float, float, float, float], dpi: float = 200.0, turn: int = 0
) -> PILImage.Image:
    """The picture of ``bbox`` (points) on ``page`` of a PDF or image file, at ``dpi``;
    turned ``turn`` degrees clockwise (a page scanned on its side: ``Document.ocr_turns``)."""
    picture = _crop(Path(path), page, bbox, dpi)
    return picture.rotate(-turn, expand=True) if turn else picture


def _crop(path: Path, page: int, bbox: tuple[float, float, float, float], dpi: float) -> PILImage.Image:
    from PIL import Image

    data = path.read_bytes()
    x0, top, x1, bottom = bbox
    if data[:5] == b"%PDF-":
        import pypdfium2 as pdfium

        pdf = pdfium.PdfDocument(data)
        try:
            pg = pdf[page - 1]
            width, height = pg.get_size()
            crop = (max(0.0, x0), max(0.0, height - bottom), max(0.0, width - x1), max(0.0, top))
            return pg.render(scale=dpi / 72.0, crop=crop, grayscale=True).to_pil()
        finally:
            pdf.close()
    im = _open_image(path, data)
    im.seek(page - 1)
    ppp = points_per_pixel(im)
    box = (int(x0 / ppp), int(top / ppp), int(x1 / ppp) + 1, int(bottom / ppp) + 1)
    piece = upright_gray(im).crop(box)
    factor = dpi / 72.0 * ppp
    size = (max(1, round(piece.size[0] * factor)), max(1, round(piece.size[1] * factor)))
    return piece.resize(size, Image.Resampling.LANCZOS)
