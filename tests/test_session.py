"""The review model without Qt: reports, notes with per-report undo, year pairs, events."""

from __future__ import annotations

from pathlib import Path

from core.model import Finding, Report
from core.pipeline import Analysis
from core.session import (
    Event,
    NotesChanged,
    NullPort,
    PairsChanged,
    ReportChanged,
    ReportsAdded,
    ReportsCleared,
    ReviewSession,
    note_target,
)


class _Recorder(NullPort):
    """The session's port, remembering what it was told to write."""

    def __init__(self) -> None:
        self.notes: list[tuple[str, str, object]] = []
        self.pairs: list[tuple[str, bool, str | None]] = []
        self.actions: list[str] = []

    def write_note(self, sha: str, target: str, ann: object, by: str, action: str) -> None:
        self.notes.append((sha, target, ann))
        self.actions.append(action)

    def write_pair(self, sha: str, manual: bool, previous: str | None, by: str, action: str) -> None:
        self.pairs.append((sha, manual, previous))


def _analysis(name: str, agency: str | None, year: int | None, sha: str) -> Analysis:
    rep = Report(file=name, sha256=sha, agency=agency, year=year, template="2021")
    rep.findings = [Finding("row_sum", "error", "合计不符", "applications", [("new_received", "total")])]
    return Analysis(None, rep)


def _session(port: _Recorder | None = None) -> tuple[ReviewSession, list[Event], list[tuple[str, str, object]]]:
    port = port or _Recorder()
    s = ReviewSession(port, reviewer=lambda: "李审阅")
    events: list[Event] = []
    s.subscribe(events.append)
    return s, events, port.notes


def test_reports_and_pairs_are_announced() -> None:
    s, events, _ = _session()
    s.add([("a/2023.txt", _analysis("2023", "洪泽区人民政府", 2023, "a"))])
    s.add([("a/2024.txt", _analysis("2024", "洪泽区人民政府", 2024, "b"))])
    kinds = [type(e) for e in events]
    assert kinds == [ReportsAdded, ReportsAdded, PairsChanged]
    cur = s.entry_of_path("a/2024.txt")
    assert cur is not None
    prev = s.previous_of(cur.report)
    assert prev is not None and prev.year == 2023
    todo = s.pairs_to_check()
    assert [(e.path, p.sha256) for e, p in todo] == [("a/2024.txt", "a")]
    extra = Finding("carry_over", "error", "结转不符", "applications", [("carried_over", "total")])
    s.set_cross_year(cur, prev, [extra])
    assert events[-1] == ReportChanged("b")
    assert [f.rule for f in cur.report.findings] == ["row_sum", "carry_over"]
    assert not s.pairs_to_check()
    # Recomputed again: the cross-year findings are not added twice.
    s.recompute("b")
    assert [f.rule for f in cur.report.findings] == ["row_sum", "carry_over"]
    s.clear()
    assert events[-2:] == [ReportsCleared(), PairsChanged()] and not s.entries()


def test_undo_is_per_report_and_written_through() -> None:
    s, events, written = _session()
    s.add([("a.txt", _analysis("a", "甲", 2024, "A")), ("b.txt", _analysis("b", "乙", 2024, "B"))])
    f = s.entry_of_path("a.txt").report.findings[0]  # type: ignore[union-attr]
    assert s.edit_note("A", note_target(f), status="已确认")
    assert not s.edit_note("A", note_target(f), status="已确认")  # no change, no step
    assert s.edit_note("B", "report", comment="看过")
    assert s.note("A", note_target(f)).reviewer == "李审阅"  # type: ignore[union-attr]
    assert events[-1] == NotesChanged("B", "report")
    # Undo on A undoes A's change, though B's came later.
    assert s.undo("A") == ("A", note_target(f))
    assert s.status("A", note_target(f)) == "" and s.comment("B", "report") == "看过"
    assert s.undo("A") is None and s.can_undo("B")
    assert s.redo("A") == ("A", note_target(f)) and s.status("A", note_target(f)) == "已确认"
    assert s.undo() == ("A", note_target(f))  # the last change anywhere
    assert written[-1] == ("A", note_target(f), None)  # the store is told to delete it


def test_overview_rows_are_the_pairing_series() -> None:
    # One grouping everywhere: the overview's rows are core.crossyear's series keys.
    s, _, _ = _session()
    s.add([
        (str(Path("a") / "x.txt"), _analysis(str(Path("a") / "x.txt"), "淮安市洪泽区人民政府", 2024, "1")),
        (str(Path("b") / "y.txt"), _analysis(str(Path("b") / "y.txt"), "洪泽区人民政府", 2023, "2")),
        (str(Path("某县") / "2023_wuqi-excerpt.txt"), _analysis(str(Path("某县") / "2023_wuqi-excerpt.txt"), None, 2023, "3")),
        (str(Path("某县") / "2023_zichang-excerpt.txt"), _analysis(str(Path("某县") / "2023_zichang-excerpt.txt"), None, 2023, "4")),
    ])
    keys = s.series_keys()
    assert keys[str(Path("a") / "x.txt")] == keys[str(Path("b") / "y.txt")] == "洪泽区"
    # Excerpts without an agency: by file name, not one lump.
    assert keys[str(Path("某县") / "2023_wuqi-excerpt.txt")] == "file:wuqi"
    assert keys[str(Path("某县") / "2023_zichang-excerpt.txt")] == "file:zichang"
    assert sorted(s.groups()) == ["file:wuqi", "file:zichang", "洪泽区"]


def test_pairing_by_hand_is_one_undo_step_and_drops_stale_findings() -> None:
    port = _Recorder()
    s, events, _ = _session(port)
    chosen = port.pairs
    s.add([
        ("2023.txt", _analysis("2023.txt", "洪泽区人民政府", 2023, "a")),
        ("2024.txt", _analysis("2024.txt", "淮安市洪泽区人民政府", 2024, "b")),
        ("excerpt.txt", _analysis("excerpt.txt", None, 2023, "c")),
    ])
    cur = s.entry_of_sha("b")
    assert cur is not None
    prev = s.previous_of(cur.report)
    assert prev is not None and prev.sha256 == "a" and not s.pair_info(cur.report).manual
    assert [e.sha for e in s.pair_candidates(cur.report)] == ["a", "c"]  # same series first
    s.set_cross_year(cur, prev, [Finding("carry_over", "error", "结转不符", "applications", [("carried_over", "total")])])
    assert "carry_over" in [f.rule for f in cur.report.findings]

    # Unpaired by hand: last year's findings go at once, the store is told.
    assert s.set_pair("b", None)
    assert s.previous_of(cur.report) is None and s.pair_info(cur.report).manual
    assert "carry_over" not in [f.rule for f in cur.report.findings]
    assert chosen[-1] == ("b", True, None)
    assert events[-1] == PairsChanged(manual=True)
    assert not s.pairs_to_check()

    # Paired by hand with the excerpt: its series joins the row of the agency.
    assert s.set_pair("b", "c")
    assert s.previous_of(cur.report) is s.entry_of_sha("c").report  # type: ignore[union-attr]
    assert [(e.sha, p.sha256) for e, p in s.pairs_to_check()] == [("b", "c")]
    assert s.series_keys()["excerpt.txt"] == "洪泽区"
    assert s.next_of(s.entry_of_sha("c").report) == [cur.report]  # type: ignore[union-attr]

    # Undo walks back through the choices to the automatic pairing.
    assert s.undo("b") == ("b", "pair")
    assert s.previous_of(cur.report) is None
    assert s.undo("b") == ("b", "pair")
    assert s.previous_of(cur.report) is prev and not s.pair_info(cur.report).manual
    assert chosen[-1] == ("b", False, None)
    assert s.redo("b") == ("b", "pair") and s.previous_of(cur.report) is None

    # The store's choices, read after the reports were opened, apply too.
    s2, _, _ = _session()
    s2.add([("2023.txt", _analysis("2023.txt", "洪泽区人民政府", 2023, "a")),
            ("2024.txt", _analysis("2024.txt", "淮安市洪泽区人民政府", 2024, "b"))])
    s2.load_pairs({"b": None})
    assert s2.previous_of(s2.entry_of_sha("b").report) is None  # type: ignore[union-attr]
    assert s2.pair_info(s2.entry_of_sha("b").report).manual  # type: ignore[union-attr]


def test_views_hear_an_event_after_the_models_whatever_the_order() -> None:
    s, _, _ = _session()
    heard: list[str] = []
    s.subscribe(lambda e: heard.append("view"), view=True)  # subscribed first
    s.subscribe(lambda e: heard.append("model"))
    s.add([("a.txt", _analysis("a", "甲", 2024, "A"))])
    assert heard[:2] == ["model", "view"]
