"""The batch view: its rows equal the batch object's units, filter and sort, the charts shown,
click-through to the report, and live re-scoring in the window when a finding is dismissed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from core.batchdocs.model import status_label
from tests.corpus import real
from tests.gui.conftest import wait_loaded
from tests.helpers.batchobj import real_batch

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return real_batch(tmp_path_factory.mktemp("roster"))


def _shown(view: Any) -> list[list[str]]:
    m = view.proxy
    return [[m.data(m.index(r, c)) for c in range(m.columnCount())] for r in range(m.rowCount())]


def test_rows_equal_the_units_and_filter_and_sort(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import BatchTableModel as M
    from gui.batch_view import BatchView

    view = BatchView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        view.show_batch(*batch)
    units = batch[0]["batch"]["units"]
    rows = _shown(view)
    assert [r[M.UNIT] for r in rows] == [u["unit"] for u in units]  # the roster's order
    for r, u in zip(rows, units, strict=True):
        assert r[M.STATUS] == status_label(u["status"])
        assert r[M.PUBLISHED] == (u["published"] or "")
        assert r[M.SCORE] == f"{u['score']:g}" + ("（暂定）" if u["provisional"] else "")
        assert r[M.RANK] == (str(u["rank"]) if u.get("rank") else "—")
        assert r[M.GRADE] == u["band"]
        if u["reports"]:
            assert (r[M.ERRORS], r[M.WARNINGS]) == (str(u["counts"]["error"]), str(u["counts"]["warning"]))
    # Filter by status: the two 缺报 units.
    view.status_combo.setCurrentIndex(view.status_combo.findData("missing"))
    assert sorted(r[M.UNIT] for r in _shown(view)) == sorted(u["unit"] for u in units if u["status"] == "missing")
    view.status_combo.setCurrentIndex(0)
    view.filter_edit.setText("淮安")
    assert {r[M.UNIT] for r in _shown(view)} == {"淮安市洪泽区人民政府", "淮安市人民政府"}
    view.filter_edit.clear()
    # Sort by score, highest first: numbers, not text ("10" before "8").
    view.table.sortByColumn(M.SCORE, Qt_descending())
    scores = [u["score"] for u in sorted(units, key=lambda u: -u["score"])]
    assert [float(r[M.SCORE].split("（")[0]) for r in _shown(view)] == scores
    # The three charts are shown, with pixels.
    assert set(view.chart_labels) == {"coverage", "score", "rules"}
    for label in view.chart_labels.values():
        assert not label.image.isNull() and label.image.width() > 300
        assert not label.pixmap().isNull()


def Qt_descending() -> Any:  # noqa: N802
    from PySide6.QtCore import Qt

    return Qt.SortOrder.DescendingOrder


def test_choosing_a_figure_adds_its_chart(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_view import BatchView

    view = BatchView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        view.show_batch(*batch)
    names = {view.figure_combo.itemData(i): view.figure_combo.itemText(i) for i in range(view.figure_combo.count())}
    assert names["applications_received"] == "本年新收申请数"
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        view.figure_combo.setCurrentIndex(view.figure_combo.findData("applications_received"))
    assert "figure:applications_received" in view.chart_labels
    assert "本年新收申请数" in view.chart_labels["figure:applications_received"].toolTip()


def test_double_click_asks_for_the_units_report(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_view import BatchView

    view = BatchView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        view.show_batch(*batch)
    units = batch[0]["batch"]["units"]
    row = next(i for i, u in enumerate(units) if u["unit"] == "平潭综合实验区")
    with qtbot.waitSignal(view.report_requested, timeout=2000) as sig:
        view.table.activated.emit(view.proxy.index(row, 0))
    assert sig.args == [units[row]["files"][0]]
    # A 缺报 unit has no report to open: nothing is asked.
    missing = next(i for i, u in enumerate(units) if u["status"] == "missing")
    with qtbot.assertNotEmitted(view.report_requested):
        view.table.activated.emit(view.proxy.index(missing, 0))


def test_window_batch_tab_rescores_when_a_finding_is_dismissed(window, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_model import BatchTableModel as M

    files = [real("2024_huaian-hongze-district.pdf"), real("2024_shanghai-stcsm-kewei.txt")]
    window.open_paths([str(f) for f in files])
    wait_loaded(qtbot, window, 2)
    view = window.batch.view
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        window.batch.action.trigger()  # 批量 ▸ 批量视图: the tab comes up and computes
    assert window.centre_tabs.currentWidget() is view
    rows = {r[M.UNIT]: r for r in _shown(view)}
    assert set(rows) == {"淮安市洪泽区人民政府", "上海市科委"}
    before = view.rendered.doc.units
    hongze = next(u for u in before if u.unit == "淮安市洪泽区人民政府")
    assert hongze.provisional and hongze.deductions
    # Dismiss every finding of the 洪泽 report: it costs nothing any more, and the view says so.
    entry = window.session.entry_of_sha(hongze.sha256s[0])
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        for f in entry.report.findings:
            window.session.edit_note(entry.report.sha256, f"finding:{f.key()}", status="已排除")
    after = next(u for u in view.rendered.doc.units if u.unit == "淮安市洪泽区人民政府")
    assert after.score == 10.0 and not after.provisional and after.score > (hongze.score or 0)
    assert next(r for r in _shown(view) if r[M.UNIT] == "淮安市洪泽区人民政府")[M.SCORE] == "10"
    # Click-through opens the report in the window.
    row = next(i for i, r in enumerate(_shown(view)) if r[M.UNIT] == "上海市科委")
    view.table.activated.emit(view.proxy.index(row, 0))
    assert window.current.report.sha256 == next(u for u in after_units(view) if u.unit == "上海市科委").sha256s[0]
    assert window.centre_tabs.currentWidget() is window.source


def after_units(view: Any) -> list[Any]:
    return view.rendered.doc.units


def test_entered_publication_date_is_kept_and_rescored(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A fact no file shows (the 洪泽区 2024 report has no date): entered in the batch view, it
    goes to the store and the unit is dated (in time for a government's 3月31日)."""
    files = [real("2024_huaian-hongze-district.pdf")]
    window.open_paths([str(f) for f in files])
    wait_loaded(qtbot, window, 1)
    ctl, view = window.batch, window.batch.view
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        ctl.show()
    unit = view.rendered.doc.units[0]
    assert unit.status == "date_unknown" and unit.published == ""
    assert not ctl.set_fact(unit.sha256s[0], "published", "2025-13-40")  # not a date: refused
    with qtbot.waitSignal(view.refreshed, timeout=30000):
        assert ctl.set_fact(unit.sha256s[0], "published", "2025-02-10")
    unit = view.rendered.doc.units[0]
    assert (unit.status, unit.published, unit.deadline_met) == ("submitted", "2025-02-10", "是")
    stored: list[Any] = []
    window.ctl.on_store(lambda store: store.batch_facts(), stored.append)
    qtbot.waitUntil(lambda: bool(stored), timeout=5000)
    assert stored[0][unit.sha256s[0]]["published"] == "2025-02-10"


# --- the view's speed behaviours (issue 21 §9): charts from a process, rows first, coalesced
# updates, changed rows only. No timing asserts: what is checked is where and in what order.

@pytest.fixture
def gated_charts(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The real chart process, held back until the test opens the gate (so what is shown
    before the charts arrive can be looked at)."""
    import threading

    from core.batchdocs import chart_process

    gate = threading.Event()
    calls: list[int] = []
    real_submit = chart_process.submit

    def submit(*args: Any, **kwargs: Any) -> Any:  # what the view calls: the job, then its wait
        calls.append(1)
        wait = real_submit(*args, **kwargs)

        def gated(*wargs: Any, **wkwargs: Any) -> Any:
            gate.wait(30)
            return wait(*wargs, **wkwargs)

        return gated

    monkeypatch.setattr(chart_process, "submit", submit)
    yield gate, calls
    gate.set()


def _pixels(image: Any) -> bytes:
    return bytes(image.constBits())[: image.sizeInBytes()]


def test_charts_are_drawn_in_the_chart_process_with_the_exports_pixels(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    import os

    from core.batchdocs import chart_process
    from core.batchdocs.charts import standard_charts
    from gui.batch_view import VIEW_DPI, BatchView

    view = BatchView()
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.refreshed, timeout=60000):
        view.show_batch(*batch)
    pids = chart_process.worker_pids()
    assert pids and os.getpid() not in pids  # drawn in a process of its own
    # The same pixels core.batchdocs.charts draws here for the exports (at the view's dpi).
    expected = {}
    assert view.rendered is not None
    for c in standard_charts(view.rendered.doc):
        c.figure.set_dpi(VIEW_DPI)
        expected[c.id] = c.rgba()
    assert set(view.chart_labels) == set(expected)
    for cid, label in view.chart_labels.items():
        pixels, w, h = expected[cid]
        assert (label.image.width(), label.image.height()) == (w, h)
        assert _pixels(label.image) == pixels


def test_rows_are_shown_before_the_charts_arrive(qtbot, batch, gated_charts) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_view import BatchView

    gate, _calls = gated_charts
    view = BatchView()
    qtbot.addWidget(view)
    emitted: list[int] = []
    view.refreshed.connect(lambda: emitted.append(1))
    view.show_batch(*batch)
    units = batch[0]["batch"]["units"]
    qtbot.waitUntil(lambda: view.proxy.rowCount() == len(units), timeout=30000)
    assert not view.chart_labels and not emitted and view.busy()  # the charts are still being drawn
    assert view.summary.text()
    gate.set()
    qtbot.waitUntil(lambda: bool(emitted), timeout=60000)
    assert set(view.chart_labels) == {"coverage", "score", "rules"}


def test_changes_while_computing_make_one_more_refresh_not_a_lost_one(qtbot, batch, gated_charts) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_view import BatchView

    gate, _calls = gated_charts
    view = BatchView()
    qtbot.addWidget(view)
    snapshots: list[int] = []

    def snapshot() -> Any:
        snapshots.append(1)
        return lambda: batch

    view.snapshot = snapshot
    emitted: list[int] = []
    view.refreshed.connect(lambda: emitted.append(1))
    view.refresh()
    qtbot.waitUntil(lambda: view.proxy.rowCount() > 0, timeout=30000)
    for _ in range(10):  # a storm of changes while the charts are drawn
        view.schedule()
        qtbot.wait(50)
    assert len(snapshots) == 1  # nothing started over while the first refresh computes
    gate.set()
    # The first refresh was shown (not thrown away), and the storm made exactly one more: wait
    # for the second (between the two the view is briefly idle, so "not busy" alone raced on a
    # loaded machine), then past the coalescing window, and count again.
    qtbot.waitUntil(lambda: len(emitted) >= 2 and not view.busy(), timeout=60000)
    qtbot.wait(600)
    assert len(emitted) == 2 and len(snapshots) == 2


def test_a_long_storm_of_changes_does_not_postpone_the_refresh(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    from gui.batch_view import BatchView

    view = BatchView()
    qtbot.addWidget(view)
    snapshots: list[int] = []

    def snapshot() -> Any:
        snapshots.append(1)
        return lambda: batch

    view.snapshot = snapshot
    for _ in range(12):  # a change every 100 ms, each sooner than the 300 ms timer
        view.schedule()
        qtbot.wait(100)
    assert snapshots  # a refresh began during the storm, not only after it ended
    qtbot.waitUntil(lambda: not view.busy(), timeout=60000)


def test_a_live_update_changes_only_the_rows_that_differ(qtbot, batch) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from core.batchdocs.model import build
    from gui.batch_model import BatchTableModel

    model = BatchTableModel()
    units = build(*batch).units
    model.set_units(units)
    changed = list(units)
    changed[1] = dataclasses.replace(units[1], score=1.0, score_text="1")
    resets: list[int] = []
    ranges: list[tuple[int, int]] = []
    model.modelReset.connect(lambda: resets.append(1))
    model.dataChanged.connect(lambda a, b, _roles: ranges.append((a.row(), b.row())))
    model.set_units(changed)
    assert not resets and ranges == [(1, 1)]
    assert model.data(model.index(1, BatchTableModel.SCORE)) == "1"
    # Other units (a roster change): the model is reset.
    model.set_units(changed[:-1])
    assert resets == [1] and model.rowCount() == len(units) - 1
