"""The side-by-side view of a copy (gui/reuse_view.py), from a real dialog under Xvfb:

    Xvfb :14 -screen 0 1400x800x24 &
    DISPLAY=:14 .venv/bin/python scripts/screenshot_reuse.py docs/screenshot-reuse.png
    DISPLAY=:14 .venv/bin/python scripts/screenshot_reuse.py docs/screenshot-versions.png versions [TAB]

The copy is planted as in tests/gui/test_reuse_view.py: 平潭综合实验区 2024 whose 五 begins
with half of 淮安市洪泽区 2024's 五. The versions as in tests/gui/test_version_view.py: 沭阳县
2025 with two faults, and its revision with one corrected and a sentence rewritten (TAB: 0
the findings, 1 the cells, 2 the text). User data goes to a throwaway folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.corpus import real  # noqa: E402


def versions(out: str, tab: int) -> int:
    from PySide6.QtWidgets import QApplication

    from core.pipeline import check_file
    from gui.app import setup_application
    from gui.version_view import VersionView
    from tests.gui.test_version_view import NEW, OLD
    from tests.test_versions import _versions

    app = QApplication([])
    setup_application(app)
    v1, v2 = _versions(Path(tempfile.mkdtemp()))
    v2.write_text(v2.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    view = VersionView(check_file(v2), check_file(v1))
    view.tabs.setCurrentIndex(tab)
    view.resize(1200, 520)
    view.show()
    for _ in range(20):
        app.processEvents()
    view.grab().save(out)
    return 0


def main(out: str) -> int:
    os.environ["REVIEWDESK_HOME"] = tempfile.mkdtemp()
    from PySide6.QtWidgets import QApplication

    from core.pipeline import check_file
    from gui.app import setup_application
    from gui.reuse_view import ReuseView
    from tests.test_reuse import _five, _with_five

    app = QApplication([])
    setup_application(app)
    hongze = check_file(real("2024_huaian-hongze-district.pdf"))
    theirs = next(s.text for s in hongze.sections if s.id == "problems").removeprefix("及改进情况")
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    half = theirs[: theirs.index("。", len(theirs) // 2) + 1]
    copy = Path(tempfile.mkdtemp()) / "2024_fujian-pingtan-zone.txt"
    copy.write_text(_with_five(text, half + _five(text)), encoding="utf-8")
    view = ReuseView(check_file(copy), hongze, "problems")
    view.resize(1300, 620)
    view.show()
    for _ in range(20):
        app.processEvents()
    view.grab().save(out)
    return 0


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "versions":
        raise SystemExit(versions(sys.argv[1], int(sys.argv[3]) if len(sys.argv) > 3 else 0))
    raise SystemExit(main(sys.argv[1]))
