"""The review model without Qt: reports, notes with per-report undo, year pairs, events."""

from __future__ import annotations

from pathlib import Path

from core.model import Finding, Report
from core.pipeline import Analysis
from core.session import Event, ReviewSession, group_key, note_target


def _analysis(name: str, agency: str | None, year: int | None, sha: str) -> Analysis:
    rep = Report(file=name, sha256=sha, agency=agency, year=year, template="2021")
    rep.findings = [Finding("row_sum", "error", "合计不符", "applications", [("new_received", "total")])]
    return Analysis(None, rep)


def _session() -> tuple[ReviewSession, list[Event], list[tuple[str, str, object]]]:
    written: list[tuple[str, str, object]] = []
    s = ReviewSession(persist=lambda sha, target, ann: written.append((sha, target, ann)))
    s.reviewer = lambda: "李审阅"
    events: list[Event] = []
    s.subscribe(events.append)
    return s, events, written


def test_reports_and_pairs_are_announced() -> None:
    s, events, _ = _session()
    s.add([("a/2023.txt", _analysis("2023", "洪泽区人民政府", 2023, "a"))])
    s.add([("a/2024.txt", _analysis("2024", "洪泽区人民政府", 2024, "b"))])
    kinds = [e.kind for e in events]
    assert kinds == ["reports_added", "reports_added", "pairs_changed"]
    cur = s.entry_of_path("a/2024.txt")
    assert cur is not None
    prev = s.previous_of(cur.report)
    assert prev is not None and prev.year == 2023
    todo = s.pairs_to_check()
    assert [(e.path, p.sha256) for e, p in todo] == [("a/2024.txt", "a")]
    extra = Finding("carry_over", "error", "结转不符", "applications", [("carried_over", "total")])
    s.set_cross_year(cur, prev, [extra])
    assert events[-1] == Event("report_changed", "b")
    assert [f.rule for f in cur.report.findings] == ["row_sum", "carry_over"]
    assert not s.pairs_to_check()
    # Recomputed again: the cross-year findings are not added twice.
    s.recompute("b")
    assert [f.rule for f in cur.report.findings] == ["row_sum", "carry_over"]
    s.clear()
    assert [e.kind for e in events[-2:]] == ["reports_cleared", "pairs_changed"] and not s.entries()


def test_undo_is_per_report_and_written_through() -> None:
    s, events, written = _session()
    s.add([("a.txt", _analysis("a", "甲", 2024, "A")), ("b.txt", _analysis("b", "乙", 2024, "B"))])
    f = s.entry_of_path("a.txt").report.findings[0]  # type: ignore[union-attr]
    assert s.edit_note("A", note_target(f), status="已确认")
    assert not s.edit_note("A", note_target(f), status="已确认")  # no change, no step
    assert s.edit_note("B", "report", comment="看过")
    assert s.note("A", note_target(f)).reviewer == "李审阅"  # type: ignore[union-attr]
    assert events[-1] == Event("notes_changed", ("B", "report"))
    # Undo on A undoes A's change, though B's came later.
    assert s.undo("A") == ("A", note_target(f))
    assert s.status("A", note_target(f)) == "" and s.comment("B", "report") == "看过"
    assert s.undo("A") is None and s.can_undo("B")
    assert s.redo("A") == ("A", note_target(f)) and s.status("A", note_target(f)) == "已确认"
    assert s.undo() == ("A", note_target(f))  # the last change anywhere
    assert written[-1] == ("A", note_target(f), None)  # the store is told to delete it


def test_overview_groups_by_agency_key_or_folder() -> None:
    a = Report(file="x", sha256="1", agency="淮安市洪泽区人民政府", year=2024)
    b = Report(file="y", sha256="2", agency=None, year=2024)
    assert group_key(b, str(Path("某县") / "y.txt")) == "〔某县〕"
    assert group_key(a, "x.txt")
