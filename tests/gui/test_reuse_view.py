"""The side-by-side view of a copy: a real report whose 五 took half of another body's."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl

from core.pipeline import check_file
from gui.reuse_view import REUSED_BG, ReuseView
from tests.corpus import real
from tests.test_reuse import _five, _with_five


def _pair(tmp_path: Path):  # type: ignore[no-untyped-def]
    hongze = check_file(real("2024_huaian-hongze-district.pdf"))
    theirs = next(s.text for s in hongze.sections if s.id == "problems").removeprefix("及改进情况")
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    half = theirs[: theirs.index("。", len(theirs) // 2) + 1]
    copy = tmp_path / "2024_copy.txt"
    copy.write_text(_with_five(text, half + _five(text)), encoding="utf-8")
    return check_file(copy), hongze, half


def test_reused_sentences_are_highlighted_on_both_sides(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine, other, half = _pair(tmp_path)
    view = ReuseView(mine, other, "problems")
    qtbot.addWidget(view)
    view.show()
    left, right = view.data.left, view.data.right
    # Left: the copied sentences marked, 平潭's own not; right: the half that was taken.
    assert any(r for _, r in left) and any(not r for _, r in left)
    assert [s for s, r in left if r] == [s for s, r in right if r]
    assert any(not r for _, r in right)  # the half of 洪泽's 五 that was not taken
    assert 0.3 < view.data.left_share < 0.8 and view.data.right_share > 0.3
    assert REUSED_BG in view.left.toHtml().lower() or "#ffe08a" in view.left.toHtml().lower()
    assert "见于另一份报告" in view.left_head.text()
    with qtbot.waitSignal(view.sentence_activated) as got:
        n = next(i for i, (_, r) in enumerate(right) if r)
        view.right.anchorClicked.emit(QUrl(f"s:{n}"))
    assert got.args == [other.sha256, right[n][0]]


def test_an_empty_part_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    mine, other, _ = _pair(tmp_path)
    view = ReuseView(mine, other, "fees")  # no such part in a 2021 report
    qtbot.addWidget(view)
    assert view.data.left == [] and "该部分为空" in view.left.toPlainText()


def test_a_finding_opens_the_view_of_its_two_reports(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from core.crossyear import series_keys
    from core.reuse import apply_text_reuse
    from gui.reuse_view import view_for_finding

    mine, other, _ = _pair(tmp_path)
    reports = [other, mine]
    apply_text_reuse(reports, series_keys(reports))
    (f,) = [f for f in mine.findings if f.rule == "text_reused"]
    by_sha = {r.sha256: r for r in reports}
    view = view_for_finding(f, mine, by_sha.get)
    assert view is not None and view.other is other and view.data.section == "problems"
    qtbot.addWidget(view)
    assert view_for_finding(f, mine, lambda sha: None) is None  # the other report is not open
    late = next(x for x in mine.findings if x.rule != "text_reused")
    assert view_for_finding(late, mine, by_sha.get) is None


def test_the_window_opens_the_copy_of_its_selected_finding(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """报告 ▸ 雷同文字对照… on a 2024 report whose 五 is 2023's: the two 五 side by side, and a
    click on a sentence of the report on screen shows it in the original."""
    import shutil

    from core.normalize import fold
    from gui import reuse_view
    from tests.gui.conftest import new_window, wait_loaded

    last = real("2023_fujian-pingtan-zone.txt")
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    old_five = _five(last.read_text(encoding="utf-8")).replace("2024", "2025").replace("2023", "2024")
    (tmp_path / "2024_fujian-pingtan-zone.txt").write_text(_with_five(text, old_five), encoding="utf-8")
    shutil.copy(last, tmp_path)
    w = new_window(qtbot)
    w.open_paths([str(tmp_path)])
    wait_loaded(qtbot, w, 2)
    entry = next(e for e in w.session.entries() if e.report.year == 2024)
    w.show_entry(entry)
    qtbot.waitUntil(lambda: any(f.rule == "copied_text" for f in w.current.report.findings), timeout=20000)
    model = w.findings_model
    row = next(r for r in range(model.rowCount()) if model.finding(r).rule == "copied_text")
    w.select_finding_row(w.findings_proxy.mapFromSource(model.index(row, 0)).row())
    view = reuse_view.show_for_window(w)
    assert view is not None
    qtbot.addWidget(view)
    assert view.other.year == 2023 and view.data.section == "problems"
    assert all(r for _, r in view.data.left) and view.data.left_share > 0.95
    sentence = view.data.left[1][0]
    view.left.anchorClicked.emit(QUrl("s:1"))
    start, end = w.source.text_view.selected_range()
    shown = w.source.text_view.toPlainText()[start:end]
    assert len(shown) >= 10 and sentence[:10] in fold(shown)  # the sentence, as the original prints it
    # Nothing to show for a finding that is not a copy.
    other_row = next(r for r in range(model.rowCount()) if model.finding(r).rule != "copied_text")
    w.select_finding_row(w.findings_proxy.mapFromSource(model.index(other_row, 0)).row())
    assert reuse_view.show_for_window(w) is None
