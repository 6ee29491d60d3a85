"""Scans read by OCR against the text layer they were made from.

The scans are made in the test session by tests/scangen.py from text-layer PDFs kept in
the repo (the bundled samples, the real reports under tests/corpus/real): rendered at
150 dpi, grey, turned by up to 1°, noisy, saved as JPEG pages of an image-only PDF. Made
rather than committed: a noisy JPEG page is ~250 KB, the generator is deterministic
and takes about a second a report. The truth is the original's text-layer reading.

OCR costs 2–5 s a page here, so each scan is read once per module (``reports``) and the
OCR cache is kept in a module-wide user-data folder. The real report of the default
suite is 2023 洪泽区 (5 pages, a real review_sum fault); the two other real reports run
under ``slow``.
"""

from __future__ import annotations

import os
import struct
import sys
import zlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scangen import save_scan, scan_pages  # noqa: E402

from core.model import Report  # noqa: E402
from core.pipeline import analyze, check_file, read_document, source_kind  # noqa: E402
from core.runner import check_paths  # noqa: E402

SAMPLES = ROOT / "resources" / "samples"
REAL = ROOT / "tests" / "corpus" / "real"
CLEAN = SAMPLES / "示例-一致的报告.pdf"
FAULTY = SAMPLES / "示例-有问题的报告.pdf"
HONGZE_2023 = REAL / "2023_huaian-hongze-district.pdf"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One user-data folder (and so one OCR cache) for the module."""
    return tmp_path_factory.mktemp("ocr-home")


@pytest.fixture(autouse=True)
def _user_data(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWDESK_HOME", str(home))


@pytest.fixture(scope="module")
def scans(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("scans")
    made = {}
    for src in (FAULTY, HONGZE_2023):
        made[src.name] = out / f"scan-{src.stem}.pdf"
        save_scan(src, made[src.name])
    return made


def _cell_agreement(truth: Report, read: Report) -> tuple[int, int, list[str]]:
    total = same = 0
    wrong = []
    for t, rows in truth.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                total += 1
                got = read.tables.get(t, {}).get(r, {}).get(c)
                if got is not None and got.value == cell.value and got.status == cell.status:
                    same += 1
                else:
                    wrong.append(f"{t}/{r}/{c}: {cell.raw!r} read as {got.raw if got else None!r}")
    return same, total, wrong


def _faults(rep: Report, severities: tuple[str, ...] = ("error",)) -> set[tuple[str, str | None, tuple]]:
    return {(f.rule, f.table, tuple(map(tuple, f.cells))) for f in rep.findings if f.severity in severities}


def _assert_like_text_layer(original: Path, scan: Path) -> Report:
    truth = check_file(original)
    read = check_file(scan)
    assert read.error is None and read.ocr, read.error
    assert (read.template, read.year, read.agency) == (truth.template, truth.year, truth.agency)
    same, total, wrong = _cell_agreement(truth, read)
    assert total > 50 and same / total >= 0.99, wrong
    # Every fault the text layer finds is found again, and no error it does not raise.
    assert _faults(truth) <= _faults(read, ("error", "warning")), _faults(truth) - _faults(read)
    extra = _faults(read) - _faults(truth)
    assert not extra, extra
    # Each value cell carries its confidence, and its box is where the text layer's is.
    by_key = {
        (t, r, c): cell
        for t, rows in truth.tables.items()
        for r, cols in rows.items()
        for c, cell in cols.items()
    }
    boxed = 0
    for t, rows in read.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                if not cell.raw:
                    continue
                assert cell.ocr is not None and 0.0 <= cell.ocr["confidence"] <= 1.0
                want = by_key.get((t, r, c))
                if want and want.loc and want.loc.bbox and cell.loc and cell.loc.bbox:
                    assert cell.loc.page == want.loc.page
                    # The same ruled cell, found in the image (a 1° turn moves it a few points).
                    cx = (cell.loc.bbox[0] + cell.loc.bbox[2]) / 2
                    wx = (want.loc.bbox[0] + want.loc.bbox[2]) / 2
                    cy = (cell.loc.bbox[1] + cell.loc.bbox[3]) / 2
                    wy = (want.loc.bbox[1] + want.loc.bbox[3]) / 2
                    assert abs(cx - wx) < 12 and abs(cy - wy) < 12, (t, r, c, cell.loc, want.loc)
                    boxed += 1
    assert boxed > 50
    return read


@pytest.mark.slow  # OCR of real pages: seconds each; the full suite (CI) runs it
def test_real_scanned_report_reads_like_its_text_layer(scans: dict[str, Path]) -> None:
    read = _assert_like_text_layer(HONGZE_2023, scans[HONGZE_2023.name])
    # The real fault of this report: 复议 总计 printed 0 against 10+1+0+0.
    assert any(f.rule == "review_sum" and f.severity == "error" for f in read.findings)
    d = read.to_dict()
    assert d["ocr"] is True and d["source_format"] == "pdf"
    cell = d["tables"]["applications"]["new_received"]["total"]
    assert cell["value"] == 21 and set(cell["ocr"]) == {"confidence"}


@pytest.mark.slow  # several seconds (OCR or the window offscreen); the full suite runs it
def test_second_reading_comes_from_the_cache(
    scans: dict[str, Path], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scan = scans[FAULTY.name]
    check_file(scan)  # OCR'd (or already cached by an earlier test)
    assert list((home / "ocr-cache").rglob("*.json"))
    from core.readers import ocr

    def no_engine() -> None:
        raise AssertionError("the OCR engine was asked for: the cache was not used")

    monkeypatch.setattr(ocr, "get_engine", no_engine)
    again = check_file(scan)
    assert again.ocr and any(f.rule == "column_sum" for f in again.findings)


@pytest.mark.slow  # OCR of real pages: seconds each; the full suite (CI) runs it
def test_faulty_sample_scan(scans: dict[str, Path]) -> None:
    _assert_like_text_layer(FAULTY, scans[FAULTY.name])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["2024_huaian-city.pdf", "2024_huaian-hongze-district.pdf"])
def test_more_real_scans(name: str, tmp_path: Path) -> None:
    scan = tmp_path / f"scan-{name}"
    save_scan(REAL / name, scan, seed=7)
    _assert_like_text_layer(REAL / name, scan)


@pytest.mark.slow
@pytest.mark.parametrize(
    "poor",
    [
        # once read a faint "1" as "m" at 0.98 inside a shared recognition strip, and the
        # row's other numbers slid one column left, every one of them sure
        # (core/readers/ocr_rec.py now reads such a crop again alone)
        {"dpi": 80, "quality": 30, "noise": 12, "seed": 1},
        # once put one "0" of a row with the two-line label above it, and the row's numbers
        # slid a column: 4 and 0 swapped, a false column_sum error (image._rows: bands)
        {"dpi": 110, "quality": 30, "noise": 16, "seed": 4},
    ],
    ids=["80dpi", "110dpi"],
)
def test_a_poor_scan_says_where_it_is_unsure_and_misreads_nothing_silently(
    poor: dict[str, int], tmp_path: Path
) -> None:
    """The real 洪泽区 report as a poor scan (JPEG, noise): cells may be lost, but no cell
    holds a wrong number without being marked uncertain."""
    from core.ocr_review import is_uncertain

    scan = tmp_path / "poor scan 洪泽区.pdf"
    save_scan(HONGZE_2023, scan, **poor)
    truth, read = check_file(HONGZE_2023), check_file(scan)
    right = silent = 0
    wrong = []
    for t, rows in truth.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                got = read.tables.get(t, {}).get(r, {}).get(c)
                if got is not None and got.value == cell.value and got.status == cell.status:
                    right += 1
                elif got is not None and got.value is not None and not is_uncertain(got):
                    silent += 1
                    wrong.append(f"{t}/{r}/{c}: {cell.value} read as {got.value} ({got.ocr})")
    assert right > 150, right  # most of the report is still read
    assert silent == 0, wrong
    assert not [f for f in read.findings if f.rule == "column_sum" and f.severity == "error"]  # the report adds up


@pytest.mark.slow
def test_rows_whose_labels_ocr_misread_are_still_read_and_the_repair_is_noted(tmp_path: Path) -> None:
    """The faulty sample as a poor scan (80 dpi, JPEG quality 30): OCR reads "1.属于国家秘密"
    as "1.周于国家秘图" and two more labels wrongly. Put right from the format's labels, their
    rows are read with their numbers, and the report's notes say what was changed."""
    scan = tmp_path / "poor scan 示例.pdf"
    save_scan(FAULTY, scan, dpi=80, quality=30, noise=12, seed=1)
    doc = read_document(scan)
    notes = [n for n in doc.notes if n.startswith("文字识别读错的表格行名")]
    assert notes and "“1.周于国家秘图”→“1.属于国家秘密”" in notes[0], doc.notes
    read, truth = check_file(scan), check_file(FAULTY)
    for row in ("result.withheld.state_secret", "result.withheld.enforcement_file", "result.withheld.query_matter"):
        got = read.tables["applications"].get(row)
        assert got is not None, row
        want = truth.tables["applications"][row]
        assert {c: cell.value for c, cell in got.items()} == {c: cell.value for c, cell in want.items()}, row
    assert not [f for f in read.findings if f.rule == "missing_row" and "国家秘密" in f.message]


def test_a_row_of_numbers_between_two_label_lines_stays_one_row() -> None:
    """Numbers centred on a two-line label, each a pixel or two off by scan noise: all of
    them one row, in column order, none with the label line above."""
    from core.readers.image import _rows
    from core.readers.ocr import OcrLine

    # As read from a 110 dpi scan of 2023 洪泽区 (pixels): the label's centre is 1158.5, the
    # numbers' 1171, but one "0" sits 2 px higher (1170): just within half a line of the label.
    label_1 = OcrLine("（二）部分公开（区分处理的，只计这一情形，不", 0.95, (222, 1147, 641, 1170))
    label_2 = OcrLine("计其他情形）", 0.94, (215, 1173, 324, 1202))
    boxes = [(666, 1154, 694, 1188), (729, 1154, 756, 1188), (787, 1154, 816, 1188), (846, 1154, 875, 1188),
             (906, 1152, 934, 1188), (965, 1154, 993, 1188), (1029, 1154, 1057, 1189)]
    digits = [OcrLine(t, 1.0, box) for t, box in zip("4000004", boxes, strict=True)]
    rows = _rows([label_1, label_2, *digits])
    texts = [" ".join(line.text for line in row) for row in rows]
    assert "4 0 0 0 0 0 4" in texts, texts
    assert texts[0] == label_1.text and texts[-1] == label_2.text


def test_uncertain_reading_is_a_doubt_not_an_error(scans: dict[str, Path]) -> None:
    """(七)总计 自然人 of the faulty sample is 13 against 12: an error when read surely, an
    ocr_uncertain warning naming the cell when its digits were read with little confidence."""
    from core.check import check_document
    from core.model import Report as Rep
    from core.readers.ocr import UNCERTAIN_BELOW

    doc = read_document(scans[FAULTY.name])
    sure = check_document(doc, Rep(file="x", sha256=""))
    cell = sure.tables["applications"]["result.total"]["natural_person"]
    assert cell.raw == "13" and cell.ocr and cell.ocr["confidence"] >= UNCERTAIN_BELOW
    assert ("column_sum", "error") in {(f.rule, f.severity) for f in sure.findings}
    assert cell.loc and cell.loc.start is not None and cell.loc.end is not None
    for i in range(cell.loc.start, cell.loc.end):
        doc.ocr_confidence[i] = 0.61
    unsure = check_document(doc, Rep(file="x", sha256=""))
    doubts = [f for f in unsure.findings if f.rule == "ocr_uncertain"]
    assert doubts and all(f.severity == "warning" for f in doubts)
    assert all(f.cells[0] == ("result.total", "natural_person") for f in doubts)
    assert "识别为“13”（置信度 0.61）" in doubts[0].message
    # The 自然人 column's sum and balance are doubts now; the 总计 column's are still errors.
    errors = {(f.rule, f.cells[0][1]) for f in unsure.findings if f.severity == "error"}
    assert ("column_sum", "total") in errors and not any(col == "natural_person" for _, col in errors)


@pytest.mark.slow  # OCR of real pages: seconds each; the full suite (CI) runs it
def test_pdf_with_one_scanned_page_gets_ocr_on_that_page_only(tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    scanned = tmp_path / "scan.pdf"
    save_scan(CLEAN, scanned)
    mixed = tmp_path / "mixed.pdf"
    out = pdfium.PdfDocument.new()
    out.import_pages(pdfium.PdfDocument(str(CLEAN)), [0])
    out.import_pages(pdfium.PdfDocument(str(scanned)), [1])
    out.save(str(mixed))
    doc = read_document(mixed)
    assert doc.ocr_pages == [2] and doc.pages_without_text == []
    read = check_file(mixed)
    truth = check_file(CLEAN)
    same, total, wrong = _cell_agreement(truth, read)
    assert same == total, wrong
    assert not [f for f in read.findings if f.severity in ("error", "warning")], read.findings


def test_boxes_on_a_turned_page_go_back_to_the_page_as_stored() -> None:
    """to_page_frame undoes OpenCV's quarter and half turns: a mark's box on the upright
    image is the mark's box on the stored one."""
    import numpy as np

    from core.readers.image import to_page_frame
    from core.readers.ocr import _cv2

    cv2 = _cv2()
    stored = np.zeros((30, 40), dtype=np.uint8)  # 40 wide, 30 high
    stored[5:8, 10:14] = 255  # x 10–14, y 5–8
    for turn, how in ((90, cv2.ROTATE_90_CLOCKWISE), (180, cv2.ROTATE_180), (270, cv2.ROTATE_90_COUNTERCLOCKWISE)):
        upright = cv2.rotate(stored, how)
        ys, xs = np.nonzero(upright)
        box = (float(xs.min()), float(ys.min()), float(xs.max() + 1), float(ys.max() + 1))
        h, w = upright.shape
        assert to_page_frame(box, turn, w, h) == (10.0, 5.0, 14.0, 8.0), turn
    assert to_page_frame((1.0, 2.0, 3.0, 4.0), 0, 40, 30) == (1.0, 2.0, 3.0, 4.0)


@pytest.mark.slow  # OCR of two pages, and of one of them twice
@pytest.mark.parametrize("turned", ["sideways", "upside down"])
def test_a_page_scanned_sideways_or_upside_down_is_read_and_boxed_where_it_stands(turned: str, tmp_path: Path) -> None:
    """The consistent sample as an image-only PDF whose table page was fed into the
    scanner on its side (or upside down), no tag saying so: the page is read upright, its
    table checked like the others, and each cell's box is on the page as it is stored —
    where the reviewer sees it in the viewer."""
    from PIL import Image

    pages = scan_pages(CLEAN, dpi=150, seed=5)
    how = Image.Transpose.ROTATE_90 if turned == "sideways" else Image.Transpose.ROTATE_180  # ROTATE_90: a quarter turn counter-clockwise
    pages[1] = pages[1].transpose(how)
    scan = tmp_path / f"扫描 {turned}.pdf"
    pages[0].save(scan, save_all=True, append_images=pages[1:], resolution=150)

    truth, read = check_file(CLEAN), check_file(scan)
    assert read.ocr and read.error is None, read.error
    same, total, wrong = _cell_agreement(truth, read)
    assert same == total, wrong
    assert not [f for f in read.findings if f.severity == "error"], read.findings
    cell = read.tables["applications"]["result.total"]["natural_person"]
    want = truth.tables["applications"]["result.total"]["natural_person"]
    assert cell.loc and want.loc and cell.loc.bbox and want.loc.bbox and cell.loc.page == want.loc.page == 2
    x0, top, x1, bottom = want.loc.bbox
    width, height = 1241 * 72 / 150, 1754 * 72 / 150  # the upright page, in points
    if turned == "sideways":  # turned counter-clockwise: (x, y) stands at (y, width - x)
        expected = (top, width - x1, bottom, width - x0)
    else:
        expected = (width - x1, height - bottom, width - x0, height - top)
    centre = ((cell.loc.bbox[0] + cell.loc.bbox[2]) / 2, (cell.loc.bbox[1] + cell.loc.bbox[3]) / 2)
    assert abs(centre[0] - (expected[0] + expected[2]) / 2) < 12, (cell.loc.bbox, expected)
    assert abs(centre[1] - (expected[1] + expected[3]) / 2) < 12, (cell.loc.bbox, expected)
    # The reviewer is told, and the confirm step's crop of the cell is shown upright.
    from core.readers.image import render_crop

    doc = read_document(scan)
    turn = 90 if turned == "sideways" else 180
    assert doc.ocr_turns == {2: turn}
    assert any("第 2 页扫描时" in n for n in doc.notes), doc.notes
    stored = render_crop(scan, 2, cell.loc.bbox, dpi=200)
    shown = render_crop(scan, 2, cell.loc.bbox, dpi=200, turn=doc.ocr_turns[2])
    assert shown.size == (stored.size if turn == 180 else stored.size[::-1])
    assert shown.size[0] > shown.size[1]  # a table cell, wider than tall, as it reads


@pytest.mark.slow  # OCR of two pages
def test_a_scanned_page_with_rotate_is_boxed_as_it_is_shown(tmp_path: Path) -> None:
    """An image-only PDF whose second page carries /Rotate 90 (shown on its side): the page
    is rendered as shown, read upright, and its boxes are on the page as shown — where the
    text layer's cell stands once the page is turned the same way."""
    import pypdfium2 as pdfium

    scan = tmp_path / "scan.pdf"
    save_scan(CLEAN, scan)
    turned = tmp_path / "扫描 页面旋转90.pdf"
    pdf = pdfium.PdfDocument(str(scan))
    pdf[1].set_rotation(90)
    pdf.save(str(turned))
    pdf.close()
    truth, read = check_file(CLEAN), check_file(turned)
    same, total, wrong = _cell_agreement(truth, read)
    assert same == total, wrong
    cell = read.tables["applications"]["result.total"]["natural_person"]
    want = truth.tables["applications"]["result.total"]["natural_person"]
    assert cell.loc and cell.loc.bbox and want.loc and want.loc.bbox
    x0, top, x1, bottom = want.loc.bbox
    height = 842  # the page as drawn; shown turned a quarter clockwise: (x, y) → (height - y, x)
    expected = (height - bottom, x0, height - top, x1)
    centre = ((cell.loc.bbox[0] + cell.loc.bbox[2]) / 2, (cell.loc.bbox[1] + cell.loc.bbox[3]) / 2)
    assert abs(centre[0] - (expected[0] + expected[2]) / 2) < 12, (cell.loc.bbox, expected)
    assert abs(centre[1] - (expected[1] + expected[3]) / 2) < 12, (cell.loc.bbox, expected)


@pytest.mark.slow  # OCR of a page
@pytest.mark.parametrize("orientation", [6, 8, 3])
def test_a_photo_stored_sideways_is_read_upright_as_its_exif_tag_says(orientation: int, tmp_path: Path) -> None:
    """A phone stores a photo of a page as the sensor saw it and tags the turn that shows
    it upright (EXIF Orientation 6: turn 90° clockwise; 8: counter-clockwise; 3: 180°).
    The reader, the crop of the confirm step and the window's page all show it upright, so
    the table is read and its boxes land on the picture the reviewer sees."""
    from PIL import Image, ImageOps

    from core.readers.image import render_crop, upright_gray, upright_size

    upright = scan_pages(CLEAN, dpi=150, seed=3)[1]
    stored = upright.transpose(
        {6: Image.Transpose.ROTATE_90, 8: Image.Transpose.ROTATE_270, 3: Image.Transpose.ROTATE_180}[orientation]
    )
    exif = Image.Exif()
    exif[0x0112] = orientation
    photo = tmp_path / f"手机拍照 方向{orientation}.jpg"
    stored.save(photo, quality=92, exif=exif, dpi=(150, 150))
    with Image.open(photo) as im:
        assert ImageOps.exif_transpose(im).size == upright.size  # the fixture is what a phone writes
        assert upright_size(im) == upright.size
        assert upright_gray(im).size == upright.size

    # One page of the report (the one with (七)总计): its text is read, and the box of the
    # 12 after (七)总计 is where the text layer has that cell (points: 150 dpi stated).
    doc = read_document(photo)
    assert doc.ocr_pages == [1] and not doc.ocr_unread, doc.ocr_unread
    at = doc.text.index("(七)总计")
    line = doc.text[at : doc.text.index("\n", at)]
    assert line.split()[1] == "12", line
    digit = at + line.index(" 12") + 1
    box = doc.char_boxes[digit]
    want = check_file(CLEAN).tables["applications"]["result.total"]["natural_person"].loc
    assert box and want and want.bbox and want.page == 2
    _, x0, top, x1, bottom = box
    assert want.bbox[0] - 6 <= x0 and x1 <= want.bbox[2] + 6, (box, want.bbox)
    assert abs((top + bottom) / 2 - (want.bbox[1] + want.bbox[3]) / 2) < 10, (box, want.bbox)
    picture = render_crop(photo, 1, (x0 - 4, top - 4, x1 + 4, bottom + 4), dpi=200)
    assert picture.getextrema()[0] < 100  # the digits are in the crop: ink, not paper



@pytest.mark.slow  # several seconds (OCR or the window offscreen); the full suite runs it
def test_image_files_multipage_tiff_and_png(tmp_path: Path) -> None:
    """The consistent sample as a 2-page TIFF (150 dpi stated) and its table page as a PNG
    without a resolution: read as images, boxes in points on the page image."""
    from core.readers.image import crop_box, ocr_cells, render_crop

    pages = scan_pages(CLEAN, dpi=150, seed=3)
    tiff = tmp_path / "report.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(150, 150), compression="tiff_lzw")
    assert source_kind(tiff, tiff.read_bytes()[:8]) == "image"
    from core.readers import ocr

    calls: list[tuple[int, int, str]] = []
    ocr.set_progress_callback(lambda done, total, name: calls.append((done, total, name)))
    try:
        read = check_file(tiff)
    finally:
        ocr.set_progress_callback(None)
    assert calls == [(1, 2, "report.tif"), (2, 2, "report.tif")]  # one call per page read
    truth = check_file(CLEAN)
    assert read.source_format == "image" and read.ocr and read.error is None
    same, total, wrong = _cell_agreement(truth, read)
    assert same / total >= 0.99, wrong
    assert not [f for f in read.findings if f.severity == "error"], read.findings
    total_cell = read.tables["applications"]["result.total"]["total"]
    want = truth.tables["applications"]["result.total"]["total"]
    assert total_cell.loc and want.loc and total_cell.loc.page == want.loc.page == 2
    assert abs(total_cell.loc.bbox[0] - want.loc.bbox[0]) < 12  # type: ignore[index]
    # The window's confirm step: the cell's place and its picture.
    cells = ocr_cells(read)
    assert cells and all(c[3].ocr for c in cells)
    page, box = crop_box(total_cell)  # type: ignore[misc]
    picture = render_crop(tiff, page, box, dpi=200)
    assert picture.size[0] > 20 and picture.getextrema()[0] < 100  # the digits are in it

    png = tmp_path / "page2.png"
    pages[1].save(png)  # no resolution stated: one point per pixel
    doc = read_document(png)
    assert doc.source_format == "image" and doc.ocr_pages == [1]
    at = doc.text.index("(七)总计")
    box = doc.char_boxes[at + 1]  # type: ignore[index]
    original = check_file(CLEAN).tables["applications"]["result.total"]["natural_person"].loc
    assert box and box[0] == 1 and original and original.bbox
    assert abs(box[2] - original.bbox[1] * 150 / 72) < 25  # the row's top, in pixels of the 150 dpi image


# --- bad input: clear messages, bounded time and memory, the batch goes on --------------------------


def _png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG that claims width×height pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def test_bad_images_give_clear_messages_and_the_batch_goes_on(tmp_path: Path) -> None:
    from tests.test_hostile import assert_clean, run_bounded

    huge = _png_header_only(tmp_path / "huge.png", 30000, 30000)
    o = run_bounded(huge)
    r = assert_clean(o, readable=False)
    assert "像素" in r["error"] and "上限" in r["error"], r
    assert o.result  # refused from the header (the message names the pixel limit), nothing decoded
    # Between our bound and Pillow's own (twice its limit): refused by size, with the size.
    r = assert_clean(run_bounded(_png_header_only(tmp_path / "big.png", 12000, 12500)), readable=False)
    assert "12000×12500" in r["error"], r

    corrupt = tmp_path / "corrupt.jpg"
    buf = tmp_path / "ok.jpg"
    scan_pages(CLEAN)[0].save(buf, quality=60)
    corrupt.write_bytes(buf.read_bytes()[:4000])  # a JPEG cut off after its first rows
    r = assert_clean(run_bounded(corrupt))
    assert r["error"] is None or "图像" in r["error"], r

    garbage = tmp_path / "garbage.png"
    garbage.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    r = assert_clean(run_bounded(garbage), readable=False)
    assert "图像" in r["error"]

    renamed = tmp_path / "notes.png"
    renamed.write_text("这不是图片", encoding="utf-8")
    r = assert_clean(run_bounded(renamed), readable=False)
    assert "不是 PNG" in r["error"]

    # A batch with all of them and a good report: the good one is still checked.
    good = SAMPLES / "示例-一致的报告.txt"
    reports = check_paths([(str(p), p.name) for p in (huge, garbage, renamed, good)], jobs=2)
    assert [bool(x.error) for x in reports] == [True, True, True, False]


def test_photo_of_something_else(tmp_path: Path) -> None:
    """A picture with some words that are no report: told so, quickly."""
    from PIL import Image, ImageDraw

    from tests.test_hostile import assert_clean, run_bounded

    im = Image.new("L", (1200, 900), 200)
    draw = ImageDraw.Draw(im)
    for k in range(12):
        draw.ellipse((50 + 80 * k, 100 + 40 * (k % 5), 200 + 80 * k, 300 + 30 * (k % 4)), fill=40 + 15 * k)
    draw.text((100, 700), "HOLIDAY 2024 BEACH", fill=0, font_size=60)
    photo = tmp_path / "photo.jpg"
    im.save(photo, quality=80)
    o = run_bounded(photo)
    r = assert_clean(o)
    assert (
        r["error"] and ("不像" in r["error"] or "未识别" in r["error"]) or r["rules"] == ["no_text_layer"]
    ), r


@pytest.mark.slow  # several seconds (OCR or the window offscreen); the full suite runs it
def test_long_scan_is_bounded_and_says_what_was_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """200 scanned pages: the page limit stops the reading and the report names the rest."""
    from tests.test_hostile import assert_clean, run_bounded

    first = scan_pages(CLEAN, dpi=100)[0]
    long_scan = tmp_path / "200_pages.pdf"
    first.save(long_scan, "PDF", save_all=True, append_images=[first] * 199, resolution=100)
    monkeypatch.setenv("REVIEWDESK_OCR_MAX_PAGES", "3")
    o = run_bounded(long_scan, timeout=90)
    r = assert_clean(o)
    assert "no_text_layer" in r["rules"], r
    doc_msg = _no_text_message(long_scan)
    assert "第 4–200 页未做文字识别" in doc_msg and "上限" in doc_msg, doc_msg

    monkeypatch.setenv("REVIEWDESK_OCR_MAX_PAGES", "60")
    monkeypatch.setenv("REVIEWDESK_OCR_BUDGET_S", "0")
    o = run_bounded(long_scan, timeout=60)
    assert_clean(o)
    assert o.seconds < 30


def _no_text_message(path: Path) -> str:
    import json
    import subprocess

    code = (
        "import sys, json; sys.path.insert(0, sys.argv[1]);"
        "from core.pipeline import check_file;"
        "r = check_file(sys.argv[2]);"
        "print(json.dumps([f.message for f in r.findings if f.rule == 'no_text_layer'], ensure_ascii=False))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(path)],
        capture_output=True,
        encoding="utf-8",
        check=True,
        timeout=90,
        env=dict(os.environ),
    )
    return " ".join(json.loads(out.stdout.strip().splitlines()[-1]))


def test_image_suffixes_and_magic() -> None:
    assert source_kind(Path("a.PNG"), b"\x89PNG\r\n\x1a\n") == "image"
    assert source_kind(Path("scan"), b"\xff\xd8\xff\xe0\x00\x10JF") == "image"  # a JPEG without suffix
    assert source_kind(Path("a.tiff"), b"II*\x00\x08\x00\x00\x00") == "image"
    assert source_kind(Path("a.tif"), b"MM\x00*\x00\x00\x00\x08") == "image"
    r = analyze(Path(__file__).parent / "nonexistent.jpg").report
    assert r.error and r.source_format == "image"
