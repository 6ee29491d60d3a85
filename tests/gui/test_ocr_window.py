"""A scanned report under review in the window: pages read in the workers with progress,
the faulty cell boxed on the page image, OCR'd cells marked, the crop beside the value,
confirm and correct through the session and the store.

The scan is made in the test session from the faulty sample (tests/scangen.py) at 100 dpi
with heavy noise, so that some of its readings are uncertain (confidence < 0.93) while
every fault of the text layer is still found. OCR of its two pages takes ~8 s here; the
module shares one OCR cache, so the tests after the first read it from there.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer

from core.annotations import AnnotationStore
from core.model import Finding
from core.ocr_review import is_uncertain
from core.readers.image import ocr_cells

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from scangen import save_scan  # noqa: E402

from tests.gui.conftest import new_window  # noqa: E402

FAULTY = ROOT / "resources" / "samples" / "示例-有问题的报告.pdf"
FAULTY_CELL = ("applications", "result.total", "natural_person")  # 13 printed where the rows sum to 12


@pytest.fixture(scope="module")
def module_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-window-home")


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scan") / "scan-faulty.pdf"
    save_scan(FAULTY, out, dpi=100, quality=35, noise=14)
    return out


@pytest.fixture
def scan_window(qtbot, module_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """A window whose workers share the module's OCR cache (they are spawned with this
    REVIEWDESK_HOME), with a store of its own."""
    from core import runner

    monkeypatch.setenv("REVIEWDESK_HOME", str(module_home))
    runner.shutdown_shared()  # workers of an earlier test carry that test's home
    w = new_window(qtbot, tmp_path / "annotations.json")
    yield w
    w.close()


class Ticks:
    """The longest gap between ticks of a 10 ms timer, and what the progress bar said."""

    def __init__(self, window) -> None:  # type: ignore[no-untyped-def]
        self.window = window
        self.last = time.perf_counter()
        self.longest = 0.0
        self.texts: set[str] = set()
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now
        if self.window.progress.isVisible():
            self.texts.add(self.window.progress.format())


def _open_scan(qtbot, w, scan: Path) -> Ticks:  # type: ignore[no-untyped-def]
    qtbot.wait(300)  # first paint and the workers' start-up are not the load's
    ticks = Ticks(w)
    w.open_paths([str(scan)])
    qtbot.waitUntil(lambda: w.current is not None and not w.tasks, timeout=120000)
    ticks.timer.stop()
    return ticks


@pytest.mark.slow  # OCR of real pages: seconds each; the full suite (CI) runs it
def test_scanned_report_under_review(scan_window, qtbot, scan: Path) -> None:  # type: ignore[no-untyped-def]
    w = scan_window
    ticks = _open_scan(qtbot, w, scan)
    report = w.current.report
    assert report.ocr and not report.error
    print(f"\nlongest event-loop stall while the scan was read: {ticks.longest * 1000:.0f} ms")
    # The pages were read in a worker process, and the progress bar said so page by page.
    assert w.loader.runner.started
    assert any(t.startswith("文字识别 第 ") and t.endswith("页 – scan-faulty.pdf") for t in ticks.texts), ticks.texts

    # The faulty cell: its finding clicked, its box on the page image.
    f = next(f for f in report.findings if f.rule == "column_sum" and f.severity == "error"
             and FAULTY_CELL[2] in {c for _, c in f.cells})
    w.select_finding(f)
    cell = report.tables[FAULTY_CELL[0]][FAULTY_CELL[1]][FAULTY_CELL[2]]
    pv = w.source.pdf_view
    assert w.source.currentWidget() is pv
    assert cell.loc is not None and pv.page == cell.loc.page
    assert pv.highlight is not None
    hx0, htop, hx1, hbottom = pv.highlight
    x0, top, x1, bottom = cell.loc.bbox  # type: ignore[misc]
    assert hx0 <= x0 and htop <= top and hx1 >= x1 and hbottom >= bottom  # the cell inside the box
    img = pv.rendered_image()
    scale = pv.zoom * pv.logicalDpiX() / 72.0 * img.devicePixelRatio()
    edge = img.pixelColor(int((hx0 + hx1) / 2 * scale), int(htop * scale - 3 * img.devicePixelRatio()))
    assert edge.red() > 180 and edge.green() < 120, "the box is painted on the page image"

    # OCR'd cells are marked; the uncertain ones differently; the tooltip says so.
    pane = w.table_panes["applications"]
    model = pane.model
    idx = model.index_of(*FAULTY_CELL[1:])
    assert model.data(idx, 1) is not None  # DecorationRole: the 识 badge
    assert "文字识别，置信度" in model.data(idx, 3)  # ToolTipRole

    # "Next to confirm" steps to the least confident reading; its crop is shown.
    todo = [(t, r, c) for t, r, c, cl in ocr_cells(report) if is_uncertain(cl)]
    assert todo, "the noisy scan should leave some reading uncertain"
    # A second doubt, less confident than any the engine left, so that the order (least
    # confident first) and the step to the next one are seen whatever the engine scored.
    second = next((t, r, c) for t, r, c, cl in ocr_cells(report)
                  if not is_uncertain(cl) and cl.value is not None and (t, r, c) != FAULTY_CELL)
    report.tables[second[0]][second[1]][second[2]].ocr["confidence"] = 0.31  # type: ignore[index]
    todo = [(t, r, c) for t, r, c, cl in ocr_cells(report) if is_uncertain(cl)]
    assert todo[0] == second and len(todo) >= 2
    assert w.ocr.next_uncertain() == todo[0]
    assert w.ocr.key == todo[0]
    assert w.side_tabs.currentWidget() is w.ocr_scroll
    qtbot.waitUntil(lambda: w.ocr_panel.crop.pixmap() is not None and not w.ocr_panel.crop.pixmap().isNull(),
                    timeout=10000)
    doubt = report.tables[todo[0][0]][todo[0][1]][todo[0][2]]
    assert w.ocr_panel.value.text() == doubt.raw
    assert f"{doubt.ocr['confidence']:.2f}" in w.ocr_panel.confidence.text()
    t, r, c = todo[0]
    badge_before = model.data(model.index_of(r, c), 1).cacheKey()

    # Confirm: a confirmation of the value as read (never a correction), stored, re-checked.
    assert w.ocr.confirm()
    corr = w.session.corrections(report.sha256)[f"{t}/{r}/{c}"]
    assert corr.confirmed and corr.value == doubt.value
    now = w.current.report.tables[t][r][c]
    assert now.confirmed is not None and now.corrected is None and not is_uncertain(now)
    assert now.to_dict()["confirmed"]["by"] == "测试审阅" and "corrected" not in now.to_dict()
    assert "corrected cells" not in w.report_info.text() and "更正" not in w.report_info.text()
    model = w.table_panes[t].model
    assert model.data(model.index_of(r, c), 1).cacheKey() != badge_before
    assert "确认" in model.data(model.index_of(r, c), 3)
    assert "确认" in w.ocr_panel.state.text()
    assert not w.ocr_panel.confirm_button.isEnabled()
    assert w.ocr.uncertain() == todo[1:]


@pytest.mark.slow
def test_confirming_a_doubt_restores_the_error(scan_window, qtbot, scan: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The faulty cell read with little confidence: its column_sum is an ocr_uncertain
    doubt; confirmed as read, it is the plain error again; the store has the correction."""
    w = scan_window
    _open_scan(qtbot, w, scan)
    entry = w.current
    sha = entry.sha
    cell = entry.report.tables[FAULTY_CELL[0]][FAULTY_CELL[1]][FAULTY_CELL[2]]
    assert cell.ocr is not None
    cell.ocr["confidence"] = 0.61  # as a degraded scan would read it (tests/test_ocr.py does the same)
    # A re-check with a harmless confirmation elsewhere sees the doubt.
    other = next((t, r, c) for t, r, c, cl in ocr_cells(entry.report)
                 if (t, r, c) != FAULTY_CELL and not is_uncertain(cl) and cl.value is not None)
    w.select_cell(*other)
    assert w.ocr.confirm()
    rules = {(f.rule, f.severity) for f in entry.report.findings if FAULTY_CELL[1:] in [tuple(x) for x in f.cells]}
    assert ("ocr_uncertain", "warning") in rules and ("column_sum", "error") not in rules

    # The doubt's finding brings its reading into the OCR panel.
    doubt = next(f for f in entry.report.findings if f.rule == "ocr_uncertain")
    w.select_finding(doubt)
    assert w.ocr.key == FAULTY_CELL and w.side_tabs.currentWidget() is w.ocr_scroll
    assert w.ocr_panel.confirm_button.isEnabled()
    w.ocr_panel.confirm_button.click()
    rules = {(f.rule, f.severity) for f in entry.report.findings if FAULTY_CELL[1:] in [tuple(x) for x in f.cells]}
    assert ("column_sum", "error") in rules and ("ocr_uncertain", "warning") not in rules
    finding = next(f for f in entry.report.findings if f.rule == "column_sum" and FAULTY_CELL[2] in
                   {c for _, c in f.cells})
    assert isinstance(finding, Finding)

    # Correct another reading to a typed value.
    w.select_cell(*other)
    w.ocr._ask_value = lambda current: "7"
    assert w.ocr.correct()
    assert w.current.report.tables[other[0]][other[1]][other[2]].value == 7

    # Everything reached the store.
    assert w.ctl.flush()
    store_path = tmp_path / "annotations.json"
    w.ctl.close()
    store = AnnotationStore(store_path)
    try:
        got = {c.cell_id: (c.value, c.confirmed or c.reason) for c in store.corrections(sha)}
    finally:
        store.close()
    assert got["/".join(FAULTY_CELL)] == (13, True)
    assert got["/".join(other)] == (7, "按原文更正识别结果")


@pytest.mark.slow
def test_scanned_tiff_shows_its_pages_with_the_box(scan_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """An image file is shown as its pictures (not as OCR'd text), the box on the page."""
    from scangen import scan_pages

    pages = scan_pages(FAULTY, dpi=150, seed=2)
    tiff = tmp_path / "scan-faulty.tif"
    pages[0].save(tiff, save_all=True, append_images=pages[1:], dpi=(150, 150), compression="tiff_lzw")
    w = scan_window
    _open_scan(qtbot, w, tiff)
    report = w.current.report
    pv = w.source.pdf_view
    assert w.source.currentWidget() is pv and pv.images is not None and pv.page_count() == 2
    f = next(f for f in report.findings if f.rule == "column_sum" and f.severity == "error")
    w.select_finding(f)
    assert pv.highlight is not None and pv.page == report.tables[f.table][f.cells[0][0]][f.cells[0][1]].loc.page
    hx0, htop, hx1, _ = pv.highlight
    img = pv.rendered_image()
    scale = pv.zoom * pv.logicalDpiX() / 72.0 * img.devicePixelRatio()
    edge = img.pixelColor(int((hx0 + hx1) / 2 * scale), int(htop * scale - 3 * img.devicePixelRatio()))
    assert edge.red() > 180 and edge.green() < 120


def test_the_window_shows_a_sideways_photo_upright(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The page the window shows is the picture the reader read: a photo stored sideways
    with EXIF Orientation 6 is shown upright (portrait), at the size the reader's boxes use."""
    from PIL import Image
    from PySide6.QtCore import QSize

    from gui.viewer import ImagePages

    upright = Image.new("L", (300, 420), 255)
    upright.paste(0, (20, 20, 120, 40))  # a dark bar at the top left of the upright page
    exif = Image.Exif()
    exif[0x0112] = 6
    photo = tmp_path / "照片 侧放.jpg"
    upright.transpose(Image.Transpose.ROTATE_90).save(photo, exif=exif, dpi=(72, 72))
    pages = ImagePages(str(photo))
    size = pages.pagePointSize(0)
    assert (size.width(), size.height()) == (300, 420)
    image = pages.render(0, QSize(300, 420))
    assert image.pixelColor(60, 30).lightness() < 80 and image.pixelColor(280, 400).lightness() > 200


@pytest.mark.slow
def test_a_table_page_scanned_on_its_side_under_review(scan_window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The reviewer opens a scan whose table page went through the scanner on its side:
    the faults are those of the upright scan, the faulty cell's box stands on the sideways
    page where its "13" is (taller than wide), and the crop to confirm reads upright."""
    from PIL import Image
    from scangen import scan_pages

    pages = scan_pages(FAULTY, dpi=150, seed=5)
    pages[1] = pages[1].transpose(Image.Transpose.ROTATE_90)
    sideways = tmp_path / "扫描 第2页横置.pdf"
    pages[0].save(sideways, save_all=True, append_images=pages[1:], resolution=150)

    w = scan_window
    _open_scan(qtbot, w, sideways)
    report = w.current.report
    assert report.ocr and not report.error
    assert {(f.rule, f.severity) for f in report.findings if f.severity == "error"} == {
        ("column_sum", "error"), ("balance", "error")}
    assert any("第 2 页扫描时横置" in n for n in w.current.analysis.document.notes)
    f = next(f for f in report.findings if f.rule == "column_sum" and FAULTY_CELL[2] in {c for _, c in f.cells})
    w.select_finding(f)
    pv = w.source.pdf_view
    assert pv.page == 2 and pv.highlight is not None
    x0, top, x1, bottom = pv.highlight
    assert bottom - top > x1 - x0, pv.highlight  # a cell of the turned table: standing on its side

    w.select_cell(*FAULTY_CELL)
    w.side_tabs.setCurrentWidget(w.ocr_scroll)
    qtbot.waitUntil(lambda: w.ocr_panel.crop.pixmap() is not None and not w.ocr_panel.crop.pixmap().isNull(),
                    timeout=10000)
    crop = w.ocr_panel.crop.pixmap()
    assert crop.width() > crop.height(), (crop.width(), crop.height())  # shown upright, as it reads
