"""A scanned value out of its column (issue 17 §4): the row is uncertain, never a confident
arithmetic error.

The real 2023 洪泽区 report, rasterised as a scan (tests/scangen.py) with the ruling of its
applications table's first page erased (a scan whose faint rules the table finder cannot
see: the values are then read in order along each printed line), and on one row the
自然人 value "10" of 「本机关不掌握相关政府信息」 moved out past the table's right edge —
a value dropped from its place and a stray one beyond the row, as on the real scan of the
issue. The row then reads "0 0 0 0 0 10 10": each value one column left of where it
stands, at full confidence, and the 自然人 and 其他 column sums fail. The opposite case:
the same scan with nothing moved reads the row right, and the report's real review_sum
fault stays a confident error in both.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from scangen import save_scan  # noqa: E402

from core.check import check  # noqa: E402
from core.corrections import Correction  # noqa: E402
from core.model import Report  # noqa: E402
from core.ocr_review import is_uncertain  # noqa: E402
from core.pipeline import analyze, check_file  # noqa: E402
from core.readers.image import ocr_cells  # noqa: E402
from core.readers.ocr import UNCERTAIN_BELOW  # noqa: E402

HONGZE_2023 = ROOT / "tests" / "corpus" / "real" / "2023_huaian-hongze-district.pdf"
DPI = 150
ROW = "result.unavailable.not_held"  # 10 0 0 0 0 0 10 in the report
ARITHMETIC = {"column_sum", "row_sum", "balance", "review_sum"}


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ocr-home")


@pytest.fixture(autouse=True)
def _user_data(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REVIEWDESK_HOME", str(home))


@pytest.fixture(scope="module")
def truth() -> Report:
    return check_file(HONGZE_2023)


def _unruled(image: Image.Image) -> Image.Image:
    """The page with its long horizontal and vertical rules whitened (text left as is)."""
    from core.readers.ocr import _cv2

    cv2 = _cv2()
    a = np.asarray(image).copy()
    dark = (a < 160).astype(np.uint8)
    across = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (60, 1)))
    down = cv2.morphologyEx(dark, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, 60)))
    a[cv2.dilate(across | down, np.ones((3, 3), np.uint8)) > 0] = 255
    return Image.fromarray(a)


def _moved(image: Image.Image, box: tuple[float, float, float, float], to_x: float) -> Image.Image:
    """The ink inside ``box`` (points) moved right so that its cell starts at ``to_x``."""
    k = DPI / 72
    a = np.asarray(image).copy()
    x0, y0, x1, y1 = (int(round(v * k)) + d for v, d in zip(box, (3, 3, -3, -3), strict=True))
    dx = int(round((to_x - box[0]) * k))
    ink = a[y0:y1, x0:x1].copy()
    a[y0:y1, x0:x1] = 255
    a[y0:y1, x0 + dx : x1 + dx] = np.minimum(a[y0:y1, x0 + dx : x1 + dx], ink)
    return Image.fromarray(a)


def _scan(truth: Report, out: Path, move: bool) -> Path:
    row = truth.tables["applications"][ROW]
    first, last = row["natural_person"].loc, row["total"].loc
    assert first and first.bbox and last and last.bbox and first.page and first.page == last.page
    page, box, right = first.page - 1, first.bbox, last.bbox[2]

    def edit(i: int, image: Image.Image) -> Image.Image:
        if i != page:
            return image
        image = _unruled(image)
        # past the 总计 column, by a little more than a cell's gap
        return _moved(image, box, right + 10) if move else image

    save_scan(HONGZE_2023, out, seed=3, edit=edit)
    return out


@pytest.fixture(scope="module")
def moved(truth: Report, tmp_path_factory: pytest.TempPathFactory) -> Report:
    return check_file(_scan(truth, tmp_path_factory.mktemp("scan") / "moved.pdf", move=True))


def _errors(rep: Report) -> set[tuple[str, str | None]]:
    return {(f.rule, f.cells[0][1] if f.cells else None) for f in rep.findings if f.severity == "error" and f.rule in ARITHMETIC}


def test_a_value_out_of_its_column_makes_its_row_uncertain_not_a_confident_error(moved: Report, truth: Report) -> None:
    table = moved.tables["applications"]
    cells = table[ROW]
    # The failure was produced: each value stands one column left of its place, surely read.
    assert [c.raw for c in cells.values()] == ["0", "0", "0", "0", "0", "10", "10"]
    assert all(c.ocr and c.ocr["confidence"] >= UNCERTAIN_BELOW for c in cells.values())
    # The report adds up (its text layer raises no column_sum), the row as read does not.
    want = truth.tables["applications"]
    assert not [e for e in _errors(truth) if e[0] == "column_sum"]
    assert table["result.total"]["natural_person"].value == want["result.total"]["natural_person"].value
    assert (cells["natural_person"].value, cells["other_org"].value) != (
        want[ROW]["natural_person"].value, want[ROW]["other_org"].value)
    # …and are no confident error: the row's cells are uncertain, named, and the checks doubts.
    assert not [e for e in _errors(moved) if e[0] != "review_sum"], _errors(moved)
    assert all(is_uncertain(c) and c.ocr and c.ocr.get("misplaced") for c in cells.values())
    doubts = [f for f in moved.findings if f.rule == "ocr_uncertain" and f.table == "applications"]
    assert {f.cells[0] for f in doubts} == {(ROW, "natural_person"), (ROW, "other_org")}, doubts
    assert all(f.severity == "warning" and "位置不在本列" in f.message for f in doubts)
    rows = [f for f in moved.findings if f.rule == "row_misaligned" and f.cells and f.cells[0][0] == ROW]
    assert len(rows) == 1 and rows[0].severity == "warning"
    assert rows[0].cells == [(ROW, c) for c in cells]
    assert "「自然人」格的“0”（位于「商业企业」列）" in rows[0].message
    assert "「总计」格的“10”（位于表格各列之外）" in rows[0].message
    # No other row of the report is taken for misplaced, and the real fault is still an error.
    assert not [f for f in moved.findings if f.rule == "row_misaligned" and f not in rows]
    assert {e for e in _errors(moved) if e[0] == "review_sum"} == {e for e in _errors(truth) if e[0] == "review_sum"} != set()
    # The 识别核对 panel's list (ocr_cells, then is_uncertain) holds the slid cells to confirm.
    todo = [(t, r, c) for t, r, c, cell in ocr_cells(moved) if is_uncertain(cell)]
    assert {("applications", ROW, c) for c in cells} <= set(todo)


def test_the_reviewers_corrections_settle_a_slid_row(truth: Report, tmp_path: Path) -> None:
    """Put right by the reviewer (10 under 自然人, 0 under 其他 and 总计 10), the row is
    certain again: no doubt, no row_misaligned, and the sums add up."""
    scan = _scan(truth, tmp_path / "moved.pdf", move=True)  # the module's OCR cache reads it again
    analysis = analyze(scan)
    want = {c: cell.value for c, cell in truth.tables["applications"][ROW].items()}
    fixes = [
        Correction(table="applications", row=ROW, col=c, value=v, by="审阅人", at="2026-12-08T01:00:00", reason="对照原图")
        for c, v in want.items()
    ]
    after = check(analysis, fixes)
    assert not [f for f in after.findings if f.rule in ("row_misaligned", "ocr_uncertain") and f.table == "applications"]
    assert not [e for e in _errors(after) if e[0] != "review_sum"]


@pytest.mark.slow  # a second OCR of the report
def test_an_aligned_scan_keeps_its_real_fault_and_marks_nothing(truth: Report, tmp_path: Path) -> None:
    read = check_file(_scan(truth, tmp_path / "aligned.pdf", move=False))
    assert [c.raw for c in read.tables["applications"][ROW].values()] == ["10", "0", "0", "0", "0", "0", "10"]
    assert not [
        (t, r, c) for t, rows in read.tables.items() for r, cols in rows.items() for c, cell in cols.items()
        if cell.ocr and cell.ocr.get("misplaced")
    ]
    assert not [f for f in read.findings if f.rule in ("row_misaligned", "ocr_uncertain")]
    assert _errors(read) == _errors(truth) and ("review_sum", "upheld") in _errors(read)
