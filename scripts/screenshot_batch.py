"""Screenshots of the batch: the batch view in the real window, and the first two pages of
the 通报 (converted by LibreOffice, only to look; nothing in the tests needs it).

    Xvfb :13 -screen 0 1600x950x24 &
    DISPLAY=:13 .venv/bin/python scripts/screenshot_batch.py view docs/screenshot-batch.png
    .venv/bin/python scripts/screenshot_batch.py notice docs/screenshot-notice.png   # soffice, pdftoppm

``view``: the real 2024 reports of 平潭, 洪泽区, 淮安市 and 上海市科委 (with their 2023 reports
for the year-on-year checks) under a roster of six units (tests/helpers/batchobj.py), two of
which have no report (缺报) and one a deadline it missed (逾期); the batch tab with its
charts and the figure chart of 本年新收申请数. ``notice``: the 通报 DOCX of the same batch,
its first two pages side by side. User data goes to a throwaway folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import real  # noqa: E402
from tests.helpers.batchobj import PREVIOUS, ROSTER, real_batch, write_roster  # noqa: E402


def view(out: str) -> int:
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

    def wait_until(cond: Callable[[], bool], timeout: float = 120) -> None:
        start = time.time()
        while not cond():
            wait(50)
            if time.time() - start > timeout:
                raise SystemExit("timed out waiting for the window")

    wait_until(lambda: w.ctl.is_loaded)
    files = [str(real(n)) for _, _, n, _, _ in ROSTER if n] + [str(real(n)) for n in PREVIOUS]
    w.open_paths(files)
    wait_until(lambda: w.queue_model.rowCount() == len(files) and not w.tasks)
    roster = write_roster(Path(os.environ["REVIEWDESK_HOME"]) / "名册.csv")
    w.batch.year.setValue(2024)
    v = w.batch.view
    done = []
    v.refreshed.connect(lambda: done.append(1))
    w.batch.load_roster(str(roster))
    wait_until(lambda: bool(done) and not v.busy())
    done.clear()
    v.figure_combo.setCurrentIndex(v.figure_combo.findData("applications_received"))
    wait_until(lambda: bool(done) and not v.busy())
    w.main_split.setSizes([860, 40])
    w.top_split.setSizes([230, 1370, 0])
    wait(200)
    v.split.setSizes([900, 470])
    v.select_unit("平潭综合实验区")
    wait(800)
    app.primaryScreen().grabWindow(0, 0, 0, 1600, 950).save(out)
    w.close()
    return 0


def notice(out: str) -> int:
    from datetime import date

    from PIL import Image

    from core.batchdocs.docx_writer import write_docx
    from core.batchdocs.model import build

    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        raise SystemExit("needs LibreOffice (soffice) and poppler-utils (pdftoppm)")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        batch, reports = real_batch(folder)
        docx = folder / "tongbao.docx"
        write_docx(build(batch, reports), docx, issuer="某某市人民政府办公室", when=date(2026, 12, 8))
        subprocess.run([soffice, "--headless", "--convert-to", "pdf", "--outdir", str(folder), str(docx)],
                       check=True, capture_output=True, timeout=300)
        subprocess.run([pdftoppm, "-r", "70", "-f", "1", "-l", "2", "-png", str(folder / "tongbao.pdf"),
                        str(folder / "page")], check=True, timeout=120)
        pages = [Image.open(p) for p in sorted(folder.glob("page-*.png"))]
        sheet = Image.new("RGB", (sum(p.width for p in pages) + 20, max(p.height for p in pages)), "#888888")
        x = 0
        for p in pages:
            sheet.paste(p, (x, 0))
            x += p.width + 20
        sheet.save(out, optimize=True)
    return 0


if __name__ == "__main__":
    which, target = sys.argv[1], sys.argv[2]
    raise SystemExit(view(target) if which == "view" else notice(target))
