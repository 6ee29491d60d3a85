"""The README's screenshots, from a real window (run under Xvfb, not offscreen):

    Xvfb :99 -screen 0 1600x950x24 &
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py review docs/screenshot-review.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py pdf docs/screenshot-pdf.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py compare docs/screenshot-compare.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py ocr docs/screenshot-ocr.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py correction docs/screenshot-correction.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py signoff docs/screenshot-signoff.png
    DISPLAY=:99 .venv/bin/python scripts/screenshots.py history docs/screenshot-history.png

``pdf`` selects the real review_sum fault of 洪泽区 2023 (its 复议 总计 printed 0) so the
box lands on the PDF page; ``review`` the seed report whose (七)总计 says 6 where its
result rows add up to 3, with a reviewer's note; ``compare`` 洪泽区 2024 (淮安市洪泽区人民政府)
against 2023 (洪泽区人民政府), paired as one agency, on the 第二十条 table; ``ocr`` a scan of
the faulty sample (tests/scangen.py, 100 dpi, noisy: a few readings uncertain), its
column_sum fault boxed on the page image and its least confident reading in the OCR panel,
about to be confirmed; ``correction`` the real 平潭综合实验区 2020 report whose 「自然人」
(七)总计 printed 20 where its rows add up to 26: the reviewer types 26 over the cell (with a
reason), the rules run again, and the cell's tooltip says what the report printed, who
corrected it, when and why. ``signoff``: the same report's 签字确认 dialog, its unresolved
errors listed and 未发现问题 not offered; ``history``: its 审阅记录 after a correction, its
undo and its redo, each an entry of its own.
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
    w.setGeometry(0, 0, 1600, 1000 if which == "ocr" else 950)
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
    if which in ("pdf", "compare"):
        names = ["2023_huaian-hongze-district.pdf", "2024_huaian-hongze-district.pdf", "2024_huaian-city.pdf"]
        files = [str(real(n)) for n in names]
    elif which in ("correction", "signoff", "history"):
        files = [str(real("2020_fujian-pingtan-zone.txt")), str(real("2019_fujian-pingtan-zone.txt"))]
    elif which == "ocr":
        sys.path.insert(0, str(ROOT / "tests"))
        from scangen import save_scan

        scan = Path(os.environ["REVIEWDESK_HOME"]) / "扫描件-有问题的报告.pdf"
        save_scan(ROOT / "resources" / "samples" / "示例-有问题的报告.pdf", scan, dpi=100, quality=35, noise=14)
        files = [str(scan)]
    else:  # the five seed reports, the one with a wrong (七)总计 first
        files = [str(p) for p in seed_files()]
        files.insert(0, files.pop(1))
    w.open_paths(files)
    wait_until(lambda: w.queue_model.rowCount() == len(files) and not w.tasks, timeout=180)
    if which == "compare":
        return _compare(app, w, files[1], out, wait)
    w.open_report_path(files[0])
    wait(300)
    rep = w.current.report
    if which == "correction":
        return _correction_shot(app, w, wait, out)
    if which in ("signoff", "history"):
        return _record_shot(app, w, wait, out, which)
    if which == "pdf":
        finding = next(f for f in rep.findings if f.rule == "review_sum" and f.cells[0][0] == "review")
    elif which == "ocr":
        w.top_split.setSizes([250, 560, 790])  # one file in the queue: room for the table
        w.bottom_split.setSizes([900, 700])
        wait(400)  # the page refits to the new width first; then a closer look
        w.source.pdf_view.set_zoom(1.0)
        w.ocr.next_uncertain()  # the panel shows the least confident reading...
        wait(500)
        finding = next(f for f in rep.findings if f.rule == "column_sum" and f.severity == "error")
    else:
        finding = next(f for f in rep.findings if f.severity == "error" and f.table)
    row = w.findings_model.row_of_key(finding.key())
    w.select_finding_row(w.findings_proxy.mapFromSource(w.findings_model.index(row, 0)).row())
    w.findings_view.setFocus()
    if which == "ocr":
        # ...while the fault is boxed on the page (selecting a finding leaves the panel be).
        w.side_tabs.setCurrentWidget(w.ocr_scroll)  # the panel sits in a scroll area
        w.ocr_panel.confirm_button.setFocus()
        w.ocr_panel.confirm_button.setDown(True)
    elif which != "pdf":
        w.reviewer.use("张审阅")  # the session's reviewer, as given at its first mark
        w.set_status("需整改")
        w.save_comment("表格总计与各项之和不符，请核对原表。")
    wait(1500)  # QPdfView/page rendering paints asynchronously
    app.primaryScreen().grabWindow(0).save(out)
    if which == "ocr":
        # The scan's noise makes a true-colour PNG ~700 KB; 256 colours keep the red box.
        from PIL import Image

        with Image.open(out) as shot:
            small = shot.convert("RGB").quantize(256, Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
        small.save(out, optimize=True)
    w.close()
    return 0


def _compare(app, w, path: str, out: str, wait: Callable[[int], None]) -> int:  # type: ignore[no-untyped-def]
    """The year comparison of 洪泽区 2024 with its 2023 report, on 第二十条 (the year_jump)."""
    from PySide6.QtCore import QPoint

    w.open_report_path(path)
    w.centre_tabs.setCurrentWidget(w.compare)
    w.top_split.setSizes([470, 930, 200])
    w.main_split.setSizes([700, 250])
    tabs = w.compare.tabs
    for i in range(tabs.count()):
        if "第二十条" in tabs.tabText(i):
            tabs.setCurrentIndex(i)
    wait(800)
    # The queue entry's pairing menu, open beside its row.
    view = w.queue_view
    idx = w.queue_proxy.mapFromSource(w.queue_model.index(w.queue_model.row_of_path(path), 0))
    rect = view.visualRect(idx)
    menu = w.pairing.menu_for(w.current)
    # Below the rows of both the queue and the comparison's table, covering neither.
    menu.popup(view.viewport().mapToGlobal(QPoint(rect.left() + 30, 300)))
    wait(300)
    sub = next(a for a in menu.actions() if a.menu() is not None)
    menu.setActiveAction(sub)  # its list of last year's reports opens beside it
    wait(800)
    app.primaryScreen().grabWindow(0, 0, 0, 1600, 950).save(out)
    menu.close()
    w.close()
    return 0


def _correction_shot(app, w, wait, out: str) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QToolTip

    w.reviewer.use("张审阅")  # the session's reviewer, as given at its first mark
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


def _record_shot(app, w, wait, out: str, which: str) -> int:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTimer

    w.reviewer.use("张审阅")
    if which == "signoff":
        def grab() -> None:
            dlg = w.review.sign_dialog
            dlg.choose("存在问题需整改")
            dlg.second.setText("李复核")
            wait(300)
            dlg.grab().save(out, "PNG")
            dlg.reject()

        QTimer.singleShot(800, grab)
        w.review.sign_off()
        w.close()
        return 0
    w.note_panel.reason.setText("原件各项合计为 26")
    w.review.edit_cell("applications", "result.total", "natural_person", "11")
    wait(1100)  # a second apart: each entry carries its own time
    w.undo()
    wait(1100)
    w.review.edit_cell("applications", "result.total", "natural_person", "26")
    wait(1100)
    w.undo()
    wait(1100)
    w.redo()
    w.review.show_history()
    start = time.time()
    while getattr(w.review, "history_dialog", None) is None and time.time() - start < 20:
        wait(50)
    dlg = w.review.history_dialog
    dlg.only.setChecked(False)
    dlg.resize(980, 300)
    wait(500)
    dlg.grab().save(out, "PNG")
    dlg.close()
    w.close()
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("pdf", "review", "compare", "ocr", "correction", "signoff", "history"):
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
