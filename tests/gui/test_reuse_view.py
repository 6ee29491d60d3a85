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
