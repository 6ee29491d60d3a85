"""Offline OCR of page images: text with a box and a confidence per character, and the
ruling lines of tables found in the image.

The engine is RapidOCR (PP-OCRv6 small Chinese models, shipped inside its wheel) on
onnxruntime: no network, ever — the model files are named explicitly, so the library's
download-on-first-use path is never taken. One engine per process, created on first
use (importing this module costs nothing; numpy/OpenCV/onnxruntime load only then).

Results are cached per file (SHA-256 of its bytes) in the user-data folder, versioned by
engine, models and the settings below, so a report is OCR'd once.

Coordinates here are image pixels (top-left origin); the readers turn them into PDF
points (``pixels * 72 / dpi``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from core.atomic import write_atomically
from core.readers.ocr_rec import quiet_cv2 as _cv2
from core.readers.ocr_rec import recognise

log = logging.getLogger(__name__)

# --- settings (data, measured in scripts/bench_ocr.py; see docs/benchmarks.md) ------------

# Resolution pages are rendered at for OCR. 150 dpi reads table digits of a 10.5 pt font
# as well as 200 dpi (docs/benchmarks.md) at ~60 % of the pixels.
OCR_DPI = 150
# Longest side the text detector sees. The recogniser still crops each line from the full
# 150 dpi image, so digits keep their resolution; the detector only has to find the lines.
# At 1280 px it finds every table cell of the fixtures, as at full size (1754), for less
# CPU and memory; at 1120 it lost one cell of 386, at 960 seventeen (docs/benchmarks.md, "OCR").
DET_MAX_SIDE = 1280
# Images larger than this are shrunk before anything else (the library's own guard).
MAX_SIDE = 2000
# onnxruntime threads per engine. One file alone: all cores (2 threads on 2 cores halve a
# page's time, docs/benchmarks.md). A batch runner with one worker per core sets
# REVIEWDESK_OCR_THREADS=1 in its workers (set_threads before the first page).
THREADS = int(os.environ.get("REVIEWDESK_OCR_THREADS", "0")) or max(1, min(4, os.cpu_count() or 1))
# Lines the recogniser scores below this are dropped as noise (the library's default is
# 0.5; kept lower so that an uncertain digit is read and flagged, not silently lost).
MIN_LINE_SCORE = 0.3
# A cell read with less confidence than this takes part in checks only as a doubt: a
# failed check on it is ``ocr_uncertain`` (a warning), not an arithmetic error. Clean
# digits of a 150 dpi scan score ≥ 0.95 (median 0.998 on the rasterised fixtures); a
# digit confused with another (3/8, 1/7, 0/6 after noise) scores 0.6–0.9.
UNCERTAIN_BELOW = 0.93

# Bounds for hostile or merely enormous inputs. Pages beyond MAX_PAGES or after the time
# budget are not read and are named in the report.
MAX_PAGES = int(os.environ.get("REVIEWDESK_OCR_MAX_PAGES", "60"))
TIME_BUDGET_S = float(os.environ.get("REVIEWDESK_OCR_BUDGET_S", "300"))
# An image with more pixels than this is refused before it is decoded (a 600 dpi A3 scan
# is 70 MP); Pillow's own decompression-bomb guard stops at twice its 89 MP default.
MAX_PIXELS = 100_000_000

CACHE_VERSION = 4  # 2: empty ruled cells re-read; 3: filled blocks skipped; 4: shared strips, turned pages


@dataclass
class OcrChar:
    text: str
    conf: float
    box: tuple[float, float, float, float]  # x0, top, x1, bottom (pixels)


@dataclass
class OcrLine:
    text: str
    conf: float
    box: tuple[float, float, float, float]
    chars: list[OcrChar] = field(default_factory=list)


@dataclass
class OcrPage:
    """One page image read: its size, text lines and ruling segments (all in pixels)."""

    width: int
    height: int
    lines: list[OcrLine]
    # (orientation "h"|"v", position, start, end) in pixels, after deskewing
    rules: list[tuple[str, float, float, float]]
    angle: float = 0.0  # degrees the image was turned to straighten it
    seconds: float = 0.0
    # Degrees (0, 90, 180, 270) the page image was turned clockwise to read it (a page
    # scanned sideways or upside down); ``width``, ``height``, lines and rules are those
    # of the turned, upright image.
    turn: int = 0

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(d: dict[str, Any]) -> OcrPage:
        lines = [
            OcrLine(
                line["text"],
                line["conf"],
                tuple(line["box"]),  # type: ignore[arg-type]
                [OcrChar(c["text"], c["conf"], tuple(c["box"])) for c in line["chars"]],  # type: ignore[arg-type]
            )
            for line in d["lines"]
        ]
        rules = [(r[0], r[1], r[2], r[3]) for r in d["rules"]]
        return OcrPage(
            d["width"], d["height"], lines, rules, d.get("angle", 0.0), d.get("seconds", 0.0), d.get("turn", 0)
        )


class OcrUnavailable(Exception):
    """The OCR engine cannot be loaded (not installed, models missing)."""


# --- progress -------------------------------------------------------------------------------

# Called as progress(pages_done, pages_total, file_name) after each OCR'd page. The runner
# sets it in its worker processes and forwards the calls to the window.
_progress: Callable[[int, int, str], None] | None = None


def set_threads(threads: int) -> None:
    """onnxruntime threads for the engine this process will create (no effect once created)."""
    global THREADS
    THREADS = max(1, threads)


def set_progress_callback(callback: Callable[[int, int, str], None] | None) -> None:
    global _progress
    _progress = callback


def report_progress(done: int, total: int, name: str) -> None:
    if _progress is not None:
        try:
            _progress(done, total, name)
        except Exception:  # noqa: BLE001 - a broken listener must not stop the reading
            log.exception("OCR progress callback failed")


# --- engine ----------------------------------------------------------------------------------

_engine: Any = None
_engine_error: str | None = None
_lock = threading.Lock()


def _models_dir() -> Path:
    import rapidocr

    return Path(rapidocr.__file__).resolve().parent / "models"


def engine_id() -> str:
    """Engine, version and models: part of the cache key."""
    try:
        from importlib.metadata import version

        ver = version("rapidocr")
    except Exception:  # noqa: BLE001 - frozen builds may lack metadata
        ver = "bundled"
    return f"rapidocr-{ver}-PP-OCRv6-small-dpi{OCR_DPI}-det{DET_MAX_SIDE}-v{CACHE_VERSION}"


def _params() -> dict[str, Any]:
    models = _models_dir()
    return {
        "Global.log_level": "error",
        "Global.use_cls": False,  # pages are upright; deskewing handles the small tilt of a scan
        "Global.return_word_box": True,
        "Global.text_score": MIN_LINE_SCORE,
        "Global.max_side_len": MAX_SIDE,
        "Det.limit_type": "max",
        "Det.limit_side_len": DET_MAX_SIDE,
        # Lines are recognised by ocr_rec (shared strips), not by the library's loop.
        "EngineConfig.onnxruntime.intra_op_num_threads": THREADS,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
        # Explicit model files: the library then never looks for (or downloads) others.
        "Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
        "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
        "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx"),
    }


def get_engine() -> Any:
    """The process's one engine; raises OcrUnavailable with the reason when it cannot load."""
    global _engine, _engine_error
    with _lock:
        if _engine is not None:
            return _engine
        if _engine_error is not None:
            raise OcrUnavailable(_engine_error)
        try:
            logging.getLogger("RapidOCR").setLevel(logging.ERROR)
            _cv2()
            from rapidocr import RapidOCR

            for name in ("PP-OCRv6_det_small.onnx", "PP-OCRv6_rec_small.onnx"):
                if not (_models_dir() / name).is_file():
                    raise FileNotFoundError(name)
            _engine = RapidOCR(params=_params())
        except Exception as exc:  # noqa: BLE001 - missing package or model: OCR off, say why
            _engine_error = f"文字识别组件无法加载（{type(exc).__name__}: {exc}）"
            raise OcrUnavailable(_engine_error) from None
        return _engine


# --- image preparation -------------------------------------------------------------------------


def _deskew(gray: Any) -> tuple[Any, float]:
    """Turn a slightly tilted scan (≤ 2°) upright: table rules must be straight to be found.

    The angle is the one whose horizontal projection of dark pixels is most peaked
    (text lines and rules line up with the rows), searched on a reduced copy.
    """
    import numpy as np

    cv2 = _cv2()

    h, w = gray.shape
    scale = 800.0 / max(h, w)
    small = cv2.resize(gray, (max(1, int(w * scale)), max(1, int(h * scale))), interpolation=cv2.INTER_AREA)
    ink = (small < 160).astype(np.float32)
    if ink.sum() < 50:
        return gray, 0.0
    centre = (small.shape[1] / 2, small.shape[0] / 2)

    def peak(angle: float) -> float:
        m = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, m, (small.shape[1], small.shape[0]), flags=cv2.INTER_NEAREST)
        rows = turned.sum(axis=1)
        return float((rows**2).sum())

    best = max((a / 10 for a in range(-20, 21, 2)), key=peak)
    best = max((best + a / 20 for a in range(-2, 3)), key=peak)
    if abs(best) < 0.05:
        return gray, 0.0
    m = cv2.getRotationMatrix2D((w / 2, h / 2), best, 1.0)
    turned = cv2.warpAffine(gray, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    return turned, best


def _ink(gray: Any) -> Any:
    """Dark pixels (255) against the local background: robust to grey paper and shading."""
    cv2 = _cv2()
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)


def find_rules(gray: Any, binary: Any = None) -> list[tuple[str, float, float, float]]:
    """Ruling segments of the image: long thin runs of dark pixels, by morphology."""
    cv2 = _cv2()
    h, w = gray.shape
    if binary is None:
        binary = _ink(gray)
    out: list[tuple[str, float, float, float]] = []
    for orientation, kernel_size in (("h", (max(20, w // 30), 1)), ("v", (1, max(20, h // 60)))):
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, kernel_size)
        mask = cv2.morphologyEx(binary, cv2.MORPH_OPEN, kernel)
        # Close gaps a scan leaves in a rule (noise, a faint stretch).
        close = (9, 1) if orientation == "h" else (1, 9)
        mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, close))
        n, _labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for k in range(1, n):
            x, y, bw, bh, _area = (int(v) for v in stats[k])
            if orientation == "h" and bw >= kernel_size[0] and bh <= 12:
                out.append(("h", y + bh / 2, float(x), float(x + bw)))
            elif orientation == "v" and bh >= kernel_size[1] and bw <= 12:
                out.append(("v", x + bw / 2, float(y), float(y + bh)))
    return out


def _quad_size(quad: Any) -> tuple[float, float]:
    """Width and height of a detected box (four corners, clockwise from top-left)."""
    import numpy as np

    w = max(float(np.linalg.norm(quad[0] - quad[1])), float(np.linalg.norm(quad[2] - quad[3])))
    h = max(float(np.linalg.norm(quad[0] - quad[3])), float(np.linalg.norm(quad[1] - quad[2])))
    return w, h


def _read_lines(gray: Any, quads: list[Any]) -> list[OcrLine]:
    """Recognise the text in each box of the page (four corners each, pixels)."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    quads = [np.asarray(q, dtype=np.float32) for q in quads]
    # The library's own crop (a perspective warp; a box 1.5× taller than wide is turned).
    crops = [get_rotate_crop_image(gray, q) for q in quads]
    # The library's recogniser session and alphabet (rapidocr 3.10, pinned): its loop over
    # lines is replaced by ocr_rec's strips, its model and decoding table are used as they are.
    rec = get_engine()._load_rec_model()
    read = recognise(rec.session, rec.postprocess_op.character, crops)
    lines: list[OcrLine] = []
    for quad, line in zip(quads, read, strict=True):
        if not line.text or line.conf < MIN_LINE_SCORE:
            continue
        xs, ys = quad[:, 0], quad[:, 1]
        box = (float(xs.min()), float(ys.min()), float(xs.max()), float(ys.max()))
        w, h = _quad_size(quad)
        turned = w > 0 and h / w >= 1.5  # the crop was turned: its x runs down the page
        chars = []
        for c in line.chars:
            if turned:
                span = box[3] - box[1]
                cbox = (box[0], box[1] + c.x0 * span, box[2], box[1] + c.x1 * span)
            else:
                span = box[2] - box[0]
                cbox = (box[0] + c.x0 * span, box[1], box[0] + c.x1 * span, box[3])
            chars.append(OcrChar(c.text, c.conf, cbox))
        lines.append(OcrLine(line.text, line.conf, box, chars))
    return lines


def ocr_gray(gray: Any) -> OcrPage:
    """OCR one greyscale page image (numpy uint8, H×W)."""
    import numpy as np

    started = time.monotonic()
    h, w = gray.shape
    if float(np.std(gray)) < 2.0:  # a blank page: nothing to read, skip the engine
        return OcrPage(w, h, [], [], 0.0, time.monotonic() - started)
    gray, angle = _deskew(gray)
    gray, turn, lines = _read_upright(gray)
    binary = _ink(gray)
    rules = find_rules(gray, binary)
    lines += _reread_cells(gray, binary, rules, lines)
    h, w = gray.shape
    return OcrPage(w, h, lines, rules, angle, time.monotonic() - started, turn)


# A page is taken as scanned sideways when at least this many of its text boxes stand
# upright (2.5× taller than wide: a line of text on its side) and they outnumber the lying
# ones twice over; it is turned a quarter and read again.
SIDEWAYS_MIN_BOXES = 8
# A page whose lines of four characters or more read with a median confidence below this
# may be upside down: it is also read turned half round, and the reading surer by 0.1 or
# more is kept. Upright report pages read at 0.99–1.00, upside-down ones at 0.5–0.7.
UPSIDE_DOWN_BELOW = 0.8


def _detect(gray: Any) -> list[Any]:
    """Text boxes of the page (four corners each). Detection only; recognition is ours
    (_read_lines). Every call names its steps: the library keeps a call's choices."""
    cv2 = _cv2()
    found = get_engine()(cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR), use_det=True, use_cls=False, use_rec=False)
    quads = getattr(found, "boxes", None)
    return list(quads) if quads is not None else []


def _sideways(quads: list[Any]) -> bool:
    import numpy as np

    standing = lying = 0
    for q in quads:
        w, h = _quad_size(np.asarray(q, dtype=np.float32))
        if h >= 2.5 * w and h >= 60:
            standing += 1
        elif w >= 2.5 * h:
            lying += 1
    return standing >= SIDEWAYS_MIN_BOXES and standing >= 2 * lying


def _wordy_conf(lines: list[OcrLine]) -> float:
    """Median confidence of the lines of four characters or more. Short lines do not
    count: a "0" reads as "0" upside down too, and a table page is mostly such cells."""
    confs = sorted(line.conf for line in lines if len(line.text) >= 4)
    return confs[len(confs) // 2] if confs else 0.0


def _read_upright(gray: Any) -> tuple[Any, int, list[OcrLine]]:
    """The page turned upright (by quarter turns), how far it was turned (degrees
    clockwise), and its text lines. Costs nothing more on an upright page that reads well."""
    cv2 = _cv2()
    turn = 0
    quads = _detect(gray)
    if _sideways(quads):
        gray, turn = cv2.rotate(gray, cv2.ROTATE_90_CLOCKWISE), 90
        quads = _detect(gray)
    lines = _read_lines(gray, quads)
    if len(lines) >= 5 and _wordy_conf(lines) < UPSIDE_DOWN_BELOW:
        flipped = cv2.rotate(gray, cv2.ROTATE_180)
        other = _read_lines(flipped, _detect(flipped))
        if _wordy_conf(other) >= _wordy_conf(lines) + 0.1:
            gray, turn, lines = flipped, (turn + 180) % 360, other
    return gray, turn, lines


# A ruled cell with at least this much ink (pixels, rules excluded) holds something.
MIN_CELL_INK = 20
# More ruled cells than this on a page is not a report's table: no second look.
MAX_REREAD_CELLS = 400


def _reread_cells(
    gray: Any, binary: Any, rules: list[tuple[str, float, float, float]], lines: list[OcrLine]
) -> list[OcrLine]:
    """Recognise ruled cells that hold ink but where the detector found no text.

    The detector at reduced size can miss a lone thin glyph (a "1" in a wide cell); a
    blank read there would be a false blank_cell or a misaligned row. Each such cell is
    cropped to its ink and read by the recogniser (no detection), all of a page's together.
    """
    cv2 = _cv2()
    cells = _ruled_cells(rules)[:MAX_REREAD_CELLS]
    quads: list[list[tuple[float, float]]] = []
    for x0, y0, x1, y1 in cells:
        if any(_overlaps(line.box, (x0, y0, x1, y1)) for line in lines):
            continue
        ix0, iy0, ix1, iy1 = int(x0) + 4, int(y0) + 4, int(x1) - 3, int(y1) - 3
        if ix1 - ix0 < 6 or iy1 - iy0 < 6:
            continue
        inside = binary[iy0:iy1, ix0:ix1]
        ink = int(cv2.countNonZero(inside))
        if ink < MIN_CELL_INK or ink > 0.5 * inside.size:
            continue  # empty, or a filled block (a shading, a picture), not writing
        ys, xs = inside.nonzero()
        bx0, by0 = ix0 + int(xs.min()), iy0 + int(ys.min())
        bx1, by1 = ix0 + int(xs.max()) + 1, iy0 + int(ys.max()) + 1
        if by1 - by0 < 6:
            continue  # a speck or a stroke of a rule, not a glyph
        pad = 4
        left, top = max(0, bx0 - pad), max(0, by0 - pad)
        right, bottom = min(gray.shape[1], bx1 + pad), min(gray.shape[0], by1 + pad)
        quads.append([(left, top), (right, top), (right, bottom), (left, bottom)])
    # All of a page's second looks are read together (they share strips).
    return _read_lines(gray, quads) if quads else []


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _ruled_cells(rules: list[tuple[str, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Rectangles closed by four rules: between neighbouring horizontal rule positions and
    neighbouring vertical ones, where both verticals cross the row and both horizontals
    span the column (so a merged cell is never cut into pieces)."""
    hs = [r for r in rules if r[0] == "h"]
    vs = [r for r in rules if r[0] == "v"]
    ys = _cluster(sorted(r[1] for r in hs))
    cells = []
    for top, bottom in zip(ys, ys[1:], strict=False):
        if bottom - top < 10:
            continue
        mid_y = (top + bottom) / 2
        xs = _cluster(sorted(r[1] for r in vs if r[2] - 3 <= mid_y <= r[3] + 3))
        for left, right in zip(xs, xs[1:], strict=False):
            if right - left < 10:
                continue
            mid_x = (left + right) / 2
            closed = all(
                any(abs(r[1] - y) <= 4 and r[2] - 3 <= mid_x <= r[3] + 3 for r in hs) for y in (top, bottom)
            )
            if closed:
                cells.append((left, top, right, bottom))
    return cells


def _cluster(values: list[float], gap: float = 4.0) -> list[float]:
    """Sorted positions merged where they lie within ``gap`` of each other."""
    out: list[list[float]] = []
    for v in values:
        if out and v - out[-1][-1] <= gap:
            out[-1].append(v)
        else:
            out.append([v])
    return [sum(group) / len(group) for group in out]


# --- cache -----------------------------------------------------------------------------------


def cache_dir() -> Path:
    from core.paths import user_data_dir

    return user_data_dir() / "ocr-cache" / engine_id()


class PageCache:
    """The OCR'd pages of one file, keyed by the file's SHA-256; written after each page."""

    def __init__(self, sha256: str) -> None:
        self.sha256 = sha256
        self.pages: dict[str, dict[str, Any]] = {}
        self.path: Path | None = None
        if not sha256 or os.environ.get("REVIEWDESK_OCR_CACHE") == "off":
            return
        try:
            self.path = cache_dir() / f"{sha256}.json"
            if self.path.is_file():
                self.pages = json.loads(self.path.read_text(encoding="utf-8")).get("pages", {})
        except (OSError, ValueError):
            self.pages = {}  # a damaged cache entry is read again, never trusted

    def get(self, key: str) -> OcrPage | None:
        d = self.pages.get(key)
        if d is None:
            return None
        try:
            return OcrPage.from_json(d)
        except (KeyError, TypeError, IndexError, ValueError):
            return None

    def put(self, key: str, page: OcrPage) -> None:
        self.pages[key] = page.to_json()
        if self.path is None:
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            payload = json.dumps({"engine": engine_id(), "pages": self.pages}, ensure_ascii=False)
            write_atomically(self.path, lambda tmp: tmp.write_text(payload, encoding="utf-8"))
        except OSError:
            log.warning("OCR cache not written: %s", self.path)


# --- reading many pages within bounds ----------------------------------------------------------


@dataclass
class Budget:
    """Pages and seconds one file may spend on OCR; what was left unread, and why."""

    name: str
    total: int
    started: float = field(default_factory=time.monotonic)
    done: int = 0
    skipped: list[int] = field(default_factory=list)
    reason: str = ""

    def allows(self, number: int) -> bool:
        if self.done >= MAX_PAGES:
            self.reason = f"超过单个文件最多识别 {MAX_PAGES} 页的上限"
        elif time.monotonic() - self.started > TIME_BUDGET_S:
            self.reason = f"识别用时超过 {TIME_BUDGET_S:.0f} 秒的上限"
        else:
            return True
        self.skipped.append(number)
        return False

    def finished(self) -> None:
        self.done += 1
        report_progress(self.done, self.total, self.name)

    def message(self) -> str | None:
        if not self.skipped:
            return None
        return f"第 {page_ranges(self.skipped)} 页未做文字识别（{self.reason}），这些页的内容未被检查"


def page_ranges(pages: list[int]) -> str:
    """[1, 2, 3, 7] -> '1–3、7'."""
    out: list[str] = []
    run: list[int] = []
    for p in sorted(pages):
        if run and p == run[-1] + 1:
            run.append(p)
            continue
        if run:
            out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [p]
    if run:
        out.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return "、".join(out)
