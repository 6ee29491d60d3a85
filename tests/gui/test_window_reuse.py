"""Copies and versions in the window, as ``check`` and ``batch`` find them: the session's
batch-wide passes over the open reports, and the batch view scoring from them (one path:
its scores equal ``batch --json``'s for the same files and store)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QAction

from core.batch.roster import load_roster
from tests.corpus import corpus_path, real
from tests.gui.conftest import new_window, wait_loaded
from tests.test_reuse import _hongze_five, _with_five

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def _copy_folder(tmp_path: Path) -> Path:
    """洪泽区 2024 and 平潭 2024 with 洪泽's part 五 taken into it (tests/test_batch.py's case)."""
    src, body = _hongze_five()
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / src.name).write_bytes(src.read_bytes())
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    (folder / "2024_pingtan-zone-copy.txt").write_text(_with_five(text, body), encoding="utf-8")
    return folder


def _cli_batch(folder: Path, roster: str, store: Path, home: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["REVIEWDESK_HOME"] = str(home)
    got = subprocess.run([sys.executable, "main.py", "batch", str(folder), "--year", "2024", "--roster", roster,
                          "--store", str(store), "--json", "--quiet", "--jobs", "1"],
                         cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert got.returncode in (0, 1), got.stderr
    return json.loads(got.stdout.splitlines()[-1])["batch"]


def _scores(batch: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {u["unit"]: (u["status"], u["score"], sorted((d["item_id"], d["points"]) for d in u["deductions"]))
            for u in batch["units"]}


def test_the_window_finds_the_copy_and_scores_it_as_batch_does(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    folder = _copy_folder(tmp_path)
    store = tmp_path / "store.json"
    w = new_window(qtbot, store)
    try:
        files = sorted(folder.iterdir())
        w.open_paths([str(f) for f in files])
        wait_loaded(qtbot, w, 2, timeout=60000)
        copy = w.session.entry_of_path(str(folder / "2024_pingtan-zone-copy.txt"))

        def reused() -> list[Any]:
            return [f for f in copy.report.findings if f.rule == "text_reused"]

        qtbot.waitUntil(lambda: bool(reused()), timeout=30000)  # the pass runs in a worker
        assert [f.reuse["role"] for f in reused()] == ["copy"]
        roster = str(corpus_path("batch/roster_2024.csv"))
        w.batch.roster = load_roster(roster)
        view = w.batch.view
        with qtbot.waitSignal(view.refreshed, timeout=60000):
            w.batch.show()
        mine = view.rendered.batch["batch"]
        copier = next(u for u in mine["units"] if u["unit"] == "平潭综合实验区")
        original = next(d for d in copier["deductions"] if d["item_id"] == "original")
        assert original["points"] == -1 and original["evidence"][0]["rule"] == "text_reused"
    finally:
        w.close()
    assert _scores(mine) == _scores(_cli_batch(folder, roster, store, tmp_path / "home"))


def _row_of(w: Any, rule: str) -> int:
    from gui.findings_model import FINDING_ROLE

    m = w.findings_proxy
    return next(r for r in range(m.rowCount()) if m.data(m.index(r, 0), FINDING_ROLE).rule == rule)


def test_enter_on_a_reused_finding_opens_the_copy_side_by_side(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.reuse_view import ReuseView

    folder = _copy_folder(tmp_path)
    copy = folder / "2024_pingtan-zone-copy.txt"
    window.open_paths([str(f) for f in sorted(folder.iterdir())])
    wait_loaded(qtbot, window, 2, timeout=60000)
    entry = window.session.entry_of_path(str(copy))
    qtbot.waitUntil(lambda: any(f.rule == "text_reused" for f in entry.report.findings), timeout=30000)
    window.open_report_path(str(copy))
    qtbot.waitUntil(lambda: window.current is not None and window.current.report is entry.report, timeout=10000)
    qtbot.waitUntil(lambda: window.findings_proxy.rowCount() > 0, timeout=10000)
    row = _row_of(window, "text_reused")
    window.findings_view.setCurrentIndex(window.findings_proxy.index(row, 0))
    window.findings_view.activated.emit(window.findings_proxy.index(row, 0))
    view = window.reuse_dialog
    assert isinstance(view, ReuseView) and view.isVisible()
    assert view.mine is entry.report and view.other.file.endswith("2024_huaian-hongze-district.pdf")
    left, right = view.reused_count()
    assert left > 0 and right > 0
    view.close()
    # Another finding: nothing opens.
    window.reuse_dialog = None
    other = next(r for r in range(window.findings_proxy.rowCount()) if r != row)
    window.findings_view.setCurrentIndex(window.findings_proxy.index(other, 0))
    window.findings_view.activated.emit(window.findings_proxy.index(other, 0))
    assert window.reuse_dialog is None


def test_compare_versions_action_opens_the_newer_against_the_older(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.version_view import VersionView
    from tests.test_versions import _versions

    v1, v2 = _versions(tmp_path)
    window.open_paths([str(v1), str(v2)])
    wait_loaded(qtbot, window, 2, timeout=60000)
    action = next(a for a in window.findChildren(QAction) if a.text() == "版本对照…")
    window.open_report_path(str(v1))
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == str(v1), timeout=10000)
    action.trigger()  # the first version has no older one: said, nothing opens
    assert not [d for d in window.findChildren(VersionView) if d.isVisible()]
    assert "没有" in window.statusBar().currentMessage()
    window.open_report_path(str(v2))
    qtbot.waitUntil(lambda: window.current is not None and window.current.path == str(v2), timeout=10000)
    newer = window.current.report
    assert newer.version_of == window.session.entry_of_path(str(v1)).sha
    # The findings list says what persists (仍存在) as check does.
    assert {f.since_version for f in newer.findings} == {"persisting"}
    m = window.findings_proxy
    shown = [m.data(m.index(r, 3)) for r in range(m.rowCount())]
    assert shown and all(t.startswith("［仍存在］") for t in shown), shown
    action.trigger()
    (view,) = [d for d in window.findChildren(VersionView) if d.isVisible()]
    assert view.newer is newer and view.older.file == window.session.entry_of_path(str(v1)).report.file
    assert [f.rule for f in view.diff.fixed] == ["review_sum"]
    view.close()
    # The reviewer dismisses the first version's review_sum as a false alarm: its going is no
    # fix, in the dialog as in the report's fixed list.
    older = window.session.entry_of_path(str(v1))
    gone = next(f for f in older.report.findings if f.rule == "review_sum")
    window.session.edit_note(older.sha, f"finding:{gone.id}", status="已排除")
    assert not newer.fixed
    action.trigger()
    view = next(d for d in window.findChildren(VersionView) if d.isVisible())
    assert not view.diff.fixed and [f.rule for f, _ in view.diff.unverified] == ["review_sum"]
    view.close()
