"""The comparison of two versions of a real report (沭阳县 2025, one fault corrected and a
sentence rewritten in the revision)."""

from __future__ import annotations

from pathlib import Path

from core.pipeline import check_file
from core.versions import changed_cells, changed_text
from gui.version_view import VersionView
from tests.test_versions import _versions

OLD = "一是政策解读多样性需进一步加强"
NEW = "一是政策解读的形式和渠道需进一步丰富"


def _pair(tmp_path: Path):  # type: ignore[no-untyped-def]
    v1, v2 = _versions(tmp_path)
    text = v2.read_text(encoding="utf-8")
    assert text.count(OLD) == 1
    v2.write_text(text.replace(OLD, NEW), encoding="utf-8")
    return check_file(v2), check_file(v1)


def test_changed_cells_and_text(tmp_path: Path) -> None:
    newer, older = _pair(tmp_path)
    cells = changed_cells(newer, older)
    assert [(c.table, c.row, c.col, c.old, c.new) for c in cells] == [("reviews", "review", "total", 60, 61)]
    (change,) = changed_text(newer, older)
    assert change.section == "problems"
    assert any(OLD in s for s in change.removed) and any(NEW in s for s in change.added)


def test_version_view_shows_fixed_persisting_and_changes(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    newer, older = _pair(tmp_path)
    view = VersionView(newer, older)
    qtbot.addWidget(view)
    view.show()
    statuses = [view.findings.item(r, 0).text() for r in range(view.findings.rowCount())]
    assert statuses.count("已整改") == 1 and statuses.count("仍存在") == 3
    assert view.cell_table.rowCount() == 1 and view.cell_table.item(0, 1).text() == "60"
    assert view.cell_table.item(0, 2).text() == "61"
    assert NEW in view.text_view.toPlainText() and OLD in view.text_view.toPlainText()
