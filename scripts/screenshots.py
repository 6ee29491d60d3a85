"""The README's screenshots, from a real window (run under Xvfb, not offscreen):

    Xvfb :99 -screen 0 1600x950x24 &
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py review docs/screenshot-review.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py pdf docs/screenshot-pdf.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py correction docs/screenshot-correction.png

``pdf`` selects the real review_sum fault of 洪泽区 2023 (its 复议 总计 printed 0) so the
box lands on the PDF page; ``review`` the seed report whose (七)总计 says 6 where its
result rows add up to 3, with a reviewer's note; ``correction`` the real 平潭综合实验区 2020
report whose 「自然人」(七)总计 printed 20 where its rows add up to 26: the reviewer types 26
over the cell (with a reason), the rules run again, and the cell's tooltip says what the
report printed, who corrected it, when and why.
User data goes to a throwaway folder: nothing of the real reviewer's is touched.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import real, seed_files  # noqa: E402


def main(which: str, out: str) -> int:
    os.environ["REVIEWDESK_HOME"] = tempfile.mkdtemp()
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    from gui.app import setup_application
    from gui.main_window import MainWindow

    app = QApplication([])
    setup_application(app)
    w = MainWindow()
    w.setGeometry(0, 0, 1600, 950)
    w.show()

    def wait(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def wait_until(cond: Callable[[], bool], timeout: float = 60) -> None:
        start = time.time()
        while not cond():
            wait(50)
            if time.time() - start > timeout:
                raise SystemExit("timed out waiting for the window")

    wait_until(lambda: w.ctl.is_loaded)
    if which == "pdf":
        names = ["2023_huaian-hongze-district.pdf", "2024_huaian-hongze-district.pdf", "2024_huaian-city.pdf"]
        files = [str(real(n)) for n in names]
    elif which == "correction":
        files = [str(real("2020_fujian-pingtan-zone.txt")), str(real("2019_fujian-pingtan-zone.txt"))]
    else:  # the five seed reports, the one with a wrong (七)总计 first
        files = [str(p) for p in seed_files()]
        files.insert(0, files.pop(1))
    w.open_paths(files)
    wait_until(lambda: w.queue_model.rowCount() == len(files) and not w.tasks)
    w.open_report_path(files[0])
    wait(300)
    rep = w.current.report
    if which == "correction":
        return _correction_shot(app, w, wait, out)
    if which == "pdf":
        finding = next(f for f in rep.findings if f.rule == "review_sum" and f.cells[0][0] == "review")
    else:
        finding = next(f for f in rep.findings if f.severity == "error" and f.table)
    row = w.findings_model.row_of_key(finding.key())
    w.select_finding_row(w.findings_proxy.mapFromSource(w.findings_model.index(row, 0)).row())
    w.findings_view.setFocus()
    if which != "pdf":
        w.set_status("需整改")
        w.save_comment("表格总计与各项之和不符，请核对原表。")
    wait(1500)  # QPdfView/page rendering paints asynchronously
    app.primaryScreen().grabWindow(0).save(out)
    w.close()
    return 0


def _correction_shot(app, w, wait, out: str) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QToolTip

    from gui import settings

    settings.set_reviewer_name("张审阅")
    rep = w.current.report
    finding = next(f for f in rep.findings if f.rule == "column_sum" and ("result.total", "natural_person") in f.cells)
    row = w.findings_model.row_of_key(finding.key())
    w.select_finding_row(w.findings_proxy.mapFromSource(w.findings_model.index(row, 0)).row())
    w.save_comment("总计应为 26：原件表格各项之和为 26，已更正。")
    pane = w.table_panes["applications"]
    idx = pane.model.index_of("result.total", "natural_person")
    pane.view.setCurrentIndex(idx)
    w.note_panel.reason.setText("原件各项合计为 26")
    w.review.edit_cell("applications", "result.total", "natural_person", "26")
    idx = pane.model.index_of("result.total", "natural_person")
    pane.view.scrollTo(idx)
    wait(400)
    rect = pane.view.visualRect(idx)
    tip = pane.model.data(idx, 3)  # Qt.ToolTipRole
    # beside the cell, to its left: the mark and the note panel's 原报 … → 更正 … stay in sight
    QToolTip.showText(pane.view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(-520, 6)), tip, pane.view)
    wait(1200)
    g = w.frameGeometry()
    image = app.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height()).toImage()
    # 256 colours without dithering (dither noise would not compress); 0: smallest file
    flags = Qt.ImageConversionFlag.ThresholdDither | Qt.ImageConversionFlag.AvoidDither
    image.convertToFormat(QImage.Format.Format_Indexed8, flags).save(out, "PNG", 0)
    w.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("pdf", "review", "correction"):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
