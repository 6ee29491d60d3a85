"""Year pairing as a reviewer meets it: which report is compared with which, pairing and
unpairing by hand, the choice kept in the store, one grouping in the overview (issue 11)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMenu

from core.annotations import AnnotationStore
from core.rules.registry import CROSS_YEAR_RULES
from tests.corpus import real
from tests.gui.conftest import new_window, wait_loaded

HONGZE = [real("2023_huaian-hongze-district.pdf"), real("2024_huaian-hongze-district.pdf")]
CITY = real("2024_huaian-city.pdf")
SAMPLE_FAULTY = Path(__file__).resolve().parents[2] / "resources" / "samples" / "示例-有问题的报告.txt"


def _window(qtbot):  # type: ignore[no-untyped-def]
    return new_window(qtbot)


def _open_hongze(qtbot, w) -> None:  # type: ignore[no-untyped-def]
    w.open_paths([str(p) for p in [*HONGZE, CITY]])
    wait_loaded(qtbot, w, 3)
    qtbot.waitUntil(lambda: not w.tasks, timeout=30000)  # the cross-year pass too
    w.open_report_path(str(HONGZE[1]))


def _cross_year(w) -> list[str]:  # type: ignore[no-untyped-def]
    return [f.rule for f in w.current.report.findings if f.rule in CROSS_YEAR_RULES]


def _action(menu: QMenu, text: str):  # type: ignore[no-untyped-def]
    for act in menu.actions():
        if act.text().startswith(text):
            return act
    raise AssertionError(f"no menu entry {text!r} in {[a.text() for a in menu.actions()]}")


def _row_labels(ov) -> list[str]:  # type: ignore[no-untyped-def]
    return [ov.verticalHeaderItem(r).text() for r in range(ov.rowCount())]


def _cells(ov, row: int) -> dict[str, str]:  # type: ignore[no-untyped-def]
    out = {}
    for c in range(ov.columnCount()):
        item = ov.item(row, c)
        if item is not None:
            out[ov.horizontalHeaderItem(c).text()] = item.text()
    return out


def _queue_tooltip(w, path) -> str:  # type: ignore[no-untyped-def]
    row = w.queue_model.row_of_path(str(path))
    return str(w.queue_model.data(w.queue_model.index(row, 0), Qt.ItemDataRole.ToolTipRole))


# A popup menu asks the offscreen platform for the keyboard, which it cannot give.
@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard$")
def test_pair_unpair_and_pair_again_by_hand(qtbot, _isolated_home) -> None:  # type: ignore[no-untyped-def]
    w = _window(qtbot)
    _open_hongze(qtbot, w)
    cur = w.current
    prev_entry = w.session.entry_of_path(str(HONGZE[0]))
    assert cur.report.agency == "淮安市洪泽区人民政府" and prev_entry.report.agency == "洪泽区人民政府"

    # Paired automatically: the cross-year rules ran against last year's report.
    assert w.session.previous_of(cur.report) is prev_entry.report
    assert set(cur.cross_year) == {prev_entry.sha}  # carry_over, in_force_rollforward … ran
    assert "year_jump" in _cross_year(w)  # 行政许可 550 → 9487
    w.centre_tabs.setCurrentWidget(w.compare)
    header = w.compare.header.text()
    assert "对比：2023_huaian-hongze-district.pdf (2023) ↔ 2024_huaian-hongze-district.pdf (2024)" in header
    assert "自动配对" in header and w.compare.tabs.count() >= 1
    assert "2023_huaian-hongze-district.pdf (2023)" in _queue_tooltip(w, HONGZE[1])
    assert "未配对" in _queue_tooltip(w, CITY)

    # The overview: 洪泽区 in one row (two names, one body), 淮安市 its own; no false 缺失.
    w.centre_tabs.setCurrentWidget(w.overview)
    ov = w.overview
    labels = _row_labels(ov)
    assert labels == ["淮安市人民政府", "淮安市洪泽区人民政府"]
    hongze = _cells(ov, labels.index("淮安市洪泽区人民政府"))
    assert set(hongze) == {"2023", "2024"}
    assert "缺失" not in "".join(hongze.values()) and "↔ 2023" in hongze["2024"]
    assert set(_cells(ov, labels.index("淮安市人民政府"))) == {"2024"}

    # Unpaired by hand from the queue's context menu: last year's findings go at once.
    menu = w.pairing.menu_for(cur)
    assert "2023_huaian-hongze-district.pdf (2023)" in menu.actions()[0].text()
    _action(menu, "取消配对").trigger()
    assert w.session.previous_of(cur.report) is None
    assert _cross_year(w) == [] and not cur.cross_year
    assert not [f for f in cur.report.findings if f.rule == "year_jump"]
    w.centre_tabs.setCurrentWidget(w.compare)
    assert "未配对：2024_huaian-hongze-district.pdf (2024)" in w.compare.header.text()
    assert "手动取消配对" in w.compare.header.text()
    assert w.compare.tabs.count() == 0 and w.compare.auto_button.isEnabled()
    assert "手动取消配对" in _queue_tooltip(w, HONGZE[1])
    w.refresh_overview()
    w.centre_tabs.setCurrentWidget(w.overview)
    hongze = _cells(ov, _row_labels(ov).index("淮安市洪泽区人民政府"))
    assert set(hongze) == {"2023", "2024"} and "未配对" in hongze["2024"]

    # Undo brings the pairing back; redo unpairs again.
    w.undo()
    assert w.session.previous_of(cur.report) is prev_entry.report
    qtbot.waitUntil(lambda: "year_jump" in _cross_year(w), timeout=10000)
    w.redo()
    assert w.session.previous_of(cur.report) is None and _cross_year(w) == []

    # Paired by hand again: the candidates are the reports of 2023 only.
    menu = w.pairing.menu_for(cur)
    sub = _action(menu, "与上一年度报告配对").menu()
    assert [a.text().split(" · ")[0] for a in sub.actions()] == ["2023_huaian-hongze-district.pdf (2023)"]
    sub.actions()[0].trigger()
    assert w.session.previous_of(cur.report) is prev_entry.report
    qtbot.waitUntil(lambda: "year_jump" in _cross_year(w), timeout=10000)
    w.centre_tabs.setCurrentWidget(w.compare)
    assert "↔ 2024_huaian-hongze-district.pdf (2024)" in w.compare.header.text()
    assert "手动配对" in w.compare.header.text()
    assert any("year_jump" in w.compare.findings.item(i).text() or "变化超过" in w.compare.findings.item(i).text()
               for i in range(w.compare.findings.count()))

    # The comparison's 配对… button lists the same choice, the current one checked.
    pair_menu = w.compare.pair_button.menu()
    pair_menu.aboutToShow.emit()
    assert [a.isChecked() for a in pair_menu.actions()] == [True]
    # The queue's context menu opens on the row under the mouse.
    seen: list[str] = []

    def close_popup() -> None:
        popup = QApplication.activePopupWidget()
        seen.extend(a.text() for a in popup.actions())
        popup.close()

    QTimer.singleShot(300, close_popup)
    view = w.queue_view
    row = w.queue_proxy.mapFromSource(w.queue_model.index(w.queue_model.row_of_path(str(HONGZE[0])), 0))
    view.customContextMenuRequested.emit(view.visualRect(row).center())
    assert "是 2024_huaian-hongze-district.pdf (2024) 的上一年度报告" in seen

    # Last: unpaired again, and the window closed.
    w.compare.unpair_button.click()
    assert _cross_year(w) == []
    sha = cur.sha
    w.close()

    # The choice is the store's, with its history.
    store = AnnotationStore(_isolated_home / "annotations.json")
    assert store.manual_pairs() == {sha: None}
    fields = [(h.field, h.new) for h in store.history(sha)]
    assert fields[-1] == ("pair", "不配对") and len(fields) >= 4
    store.close()

    # A new window on the same store: the reports stay unpaired, no cross-year findings.
    w2 = _window(qtbot)
    _open_hongze(qtbot, w2)
    assert w2.session.pair_info(w2.current.report).manual
    assert w2.session.previous_of(w2.current.report) is None and _cross_year(w2) == []
    w2.centre_tabs.setCurrentWidget(w2.compare)
    assert "手动取消配对" in w2.compare.header.text()
    # Automatic again, from the comparison's button: paired and checked.
    w2.compare.auto_button.click()
    assert w2.session.previous_of(w2.current.report) is not None
    qtbot.waitUntil(lambda: "year_jump" in _cross_year(w2), timeout=10000)
    assert "自动配对" in w2.compare.header.text()
    w2.close()


def test_overview_rows_follow_the_series(window, qtbot) -> None:  # type: ignore[no-untyped-def]
    names = [
        "2014_fujian-pingtan-zone.txt",  # 平潭综合实验区管委会
        "2015_fujian-pingtan-zone.txt",  # 平潭综合实验区
        "2013_fujian-pingtan-local-tax-bureau.txt",  # another body of the zone
        "2023_shaanxi-wuqi-county-excerpt.txt",  # excerpts without an agency …
        "2008_zhejiang-wenzhou-lucheng-drc-excerpt.txt",
        "2009_shanghai-city-traditional-excerpt.txt",  # … two of one series by file name
        "2012_shanghai-city-traditional-excerpt.txt",
    ]
    window.open_paths([str(real(n)) for n in names])
    wait_loaded(qtbot, window, len(names))
    window.centre_tabs.setCurrentWidget(window.overview)
    ov = window.overview
    labels = _row_labels(ov)
    assert len(labels) == 5, labels
    zone = _cells(ov, labels.index("平潭综合实验区"))
    assert set(zone) == {"2014", "2015"}  # 管委会 and 实验区: one row
    assert "↔ 2014" in zone["2015"]
    assert "平潭综合实验区地方税务局" in labels
    # Without an agency: one row per file-name series, never one lump, no false 缺失; the
    # row says no agency was found and, for a series of several files, that it is one
    # (never one copy's file name standing for both).
    series = "未识别机关：文件名含“shanghai-city”（2 个文件）"
    single = ["未识别机关：2008_zhejiang-wenzhou-lucheng-drc-excerpt.txt", "未识别机关：2023_shaanxi-wuqi-county-excerpt.txt"]
    assert {series, *single} <= set(labels), labels
    shanghai = _cells(ov, labels.index(series))
    assert set(shanghai) == {"2009", "2010", "2011", "2012"}
    assert shanghai["2010"] == shanghai["2011"] == "缺失"  # really missing between 2009 and 2012
    head = ov.verticalHeaderItem(labels.index(series)).toolTip()
    assert "2009_shanghai-city-traditional-excerpt.txt" in head and "2012_shanghai-city-traditional-excerpt.txt" in head
    for label in single:
        assert "缺失" not in "".join(_cells(ov, labels.index(label)).values())

    # A body renamed is one series by the reviewer's word: paired by hand, one row.
    tax = window.session.entry_of_path(str(real("2013_fujian-pingtan-local-tax-bureau.txt")))
    zone14 = window.session.entry_of_path(str(real("2014_fujian-pingtan-zone.txt")))
    window.open_report_path(zone14.path)
    menu = window.pairing.menu_for(zone14)
    sub = _action(menu, "与上一年度报告配对").menu()
    _action(sub, "2013_fujian-pingtan-local-tax-bureau.txt (2013)").trigger()
    assert window.session.previous_of(zone14.report) is tax.report
    window.centre_tabs.setCurrentWidget(window.overview)
    labels = _row_labels(ov)
    assert "平潭综合实验区地方税务局" not in labels and len(labels) == 4
    zone = _cells(ov, labels.index("平潭综合实验区"))
    assert set(zone) == {"2013", "2014", "2015"} and "↔ 2013（手动）" in zone["2014"]


def test_signed_report_keeps_its_pairing(qtbot, _isolated_home) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    sha = hashlib.sha256(HONGZE[1].read_bytes()).hexdigest()
    store = AnnotationStore(_isolated_home / "annotations.json")
    store.sign(sha, "问题已说明", "李审阅", "王复核")
    store.close()
    w = _window(qtbot)
    _open_hongze(qtbot, w)
    assert w.current.sha == sha and "year_jump" in _cross_year(w)
    _action(w.pairing.menu_for(w.current), "取消配对").trigger()
    # The store refuses (signed); the window takes the change back and says why.
    qtbot.waitUntil(lambda: w.session.previous_of(w.current.report) is not None, timeout=5000)
    assert not w.session.pair_info(w.current.report).manual
    assert "签字锁定" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: "year_jump" in _cross_year(w), timeout=10000)
    assert not w.session.can_undo(sha)
    w.close()


def test_byte_identical_files_are_flagged_as_duplicates(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    w = _window(qtbot)
    first = tmp_path / "甲" / "2024年报.txt"
    second = tmp_path / "乙" / "2024年报（副本）.txt"
    for f in (first, second):
        f.parent.mkdir()
        shutil.copy(SAMPLE_FAULTY, f)
    w.open_paths([str(first), str(second)])
    wait_loaded(qtbot, w, 2)
    w.centre_tabs.setCurrentWidget(w.overview)
    ov = w.overview
    texts = [ov.item(r, c).text() for r in range(ov.rowCount()) for c in range(ov.columnCount()) if ov.item(r, c)]
    assert any("⚠ 2 个相同文件" in t for t in texts), texts
    tips = [ov.item(r, c).toolTip() for r in range(ov.rowCount()) for c in range(ov.columnCount()) if ov.item(r, c)]
    assert any("内容完全相同" in t and str(first) in t and str(second) in t for t in tips), tips
    w.close()
