"""A scanned value out of its column, in the window: the 识别核对 panel lists the slid
row's cells to confirm (read at full confidence, they had nothing to confirm before) and
says why each is in doubt. The scan is the one of tests/test_ocr_columns.py."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from core.ocr_review import is_uncertain
from core.pipeline import check_file
from core.readers.image import ocr_cells
from tests.gui.conftest import new_window
from tests.test_ocr_columns import HONGZE_2023, ROW, _scan


@pytest.mark.slow  # OCR of a real report in the window's workers
def test_the_panel_lists_the_cells_of_a_slid_row_to_confirm(qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from core import runner

    monkeypatch.setenv("REVIEWDESK_HOME", str(tmp_path / "home"))
    runner.shutdown_shared()  # workers of an earlier test carry that test's home
    scan = _scan(check_file(HONGZE_2023), tmp_path / "moved.pdf", move=True)
    w = new_window(qtbot, tmp_path / "annotations.json")
    try:
        w.open_paths([str(scan)])
        qtbot.waitUntil(lambda: w.current is not None and not w.tasks, timeout=180000)
        report = w.current.report
        row = report.tables["applications"][ROW]
        assert all(c.ocr and c.ocr["confidence"] >= 0.93 for c in row.values())  # surely read
        todo = w.ocr.uncertain()
        assert {("applications", ROW, c) for c in row} <= set(todo), todo
        assert todo == [(t, r, c) for t, r, c, cell in ocr_cells(report) if is_uncertain(cell)]
        w.ocr.show_cell("applications", ROW, "natural_person")
        assert w.ocr_panel.state.text() == "位置不在本列（本行数值可能错了列）：请对照原图，确认或更正。"
        assert w.ocr_panel.value.text() == row["natural_person"].raw
        shot = os.environ.get("REVIEWDESK_SHOT")
        if shot:  # for a person to look at (docs/testing.md: what a person sees)
            w.side_tabs.setCurrentWidget(w.ocr_scroll)
            qtbot.wait(1500)  # the crop is rendered in a worker
            w.grab().save(shot)
        # Confirmed as read, a cell leaves the list; the others of the row stay.
        assert w.ocr.confirm()
        left = w.ocr.uncertain()
        assert ("applications", ROW, "natural_person") not in left
        assert ("applications", ROW, "commercial") in left
    finally:
        w.close()
