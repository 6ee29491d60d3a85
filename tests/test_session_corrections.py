"""The review session's corrections without Qt, on a real report read as the window reads
it (a worker process of the shared runner): re-check, one undo history with the notes,
the lock of a signed report, notes whose finding is gone."""

from __future__ import annotations

import pickle

import pytest

from core.annotations import ReportLocked
from core.corrections import Correction
from core.crossyear import cross_year_findings
from core.runner import analyze_item
from core.session import Event, NullPort, ReportChanged, ReviewSession, SignoffChanged, note_target
from tests.corpus import corpus_path

ZONE_2020 = corpus_path("real/2020_fujian-pingtan-zone.txt")
CELL = "applications/result.total/natural_person"


def _session() -> tuple[ReviewSession, list[Event], list[tuple[str, dict[str, Correction | None], str]]]:
    # What a worker sends back, pickled as the runner's processes do.
    analysis = pickle.loads(pickle.dumps(analyze_item((str(ZONE_2020), ZONE_2020.name))))
    assert analysis.context is not None, "the runner keeps what recheck needs"
    written: list[tuple[str, dict[str, Correction | None], str]] = []

    class Port(NullPort):
        def write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, by: str,
                              action: str) -> None:
            written.append((sha, cells, file_name))

    s = ReviewSession(Port(), reviewer=lambda: "李审阅")
    events: list[Event] = []
    s.subscribe(events.append)
    s.add([(str(ZONE_2020), analysis)])
    return s, events, written


def test_a_correction_rechecks_in_place_and_undoes_with_the_notes() -> None:
    s, events, written = _session()
    e = s.entries()[0]
    report = e.report
    total = next(f for f in report.findings if f.rule == "column_sum" and ("result.total", "natural_person") in f.cells)
    s.edit_note(e.sha, note_target(total), comment="总计应为26")
    assert s.correct(e.sha, [Correction("applications", "result.total", "natural_person", 26, reason="原件")],
                     file_name=e.name)
    assert e.report is report  # the same object: the year pairs and the views hold it
    assert total.id not in {f.id for f in report.findings}
    cell = report.tables["applications"]["result.total"]["natural_person"]
    assert (cell.value, cell.raw, cell.corrected.by, cell.corrected.reason) == (26, "20", "李审阅", "原件")  # type: ignore[union-attr]
    assert e.printed_tables["applications"]["result.total"]["natural_person"].value == 20
    assert written[-1][1][CELL].value == 26  # type: ignore[union-attr]
    assert events[-1] == ReportChanged(e.sha)
    # the note stays on its finding's id: listed as gone, never moved
    assert [a.comment for a in s.orphan_notes(e.sha)] == ["总计应为26"]
    # one history: the correction is undone first, then the note
    assert s.undo(e.sha) == (e.sha, "cell:applications:result.total:natural_person")
    assert total.id in {f.id for f in report.findings}
    assert written[-1][1] == {CELL: None}
    assert s.orphan_notes(e.sha) == []
    assert s.undo(e.sha) is not None and s.comment(e.sha, note_target(total)) == ""
    s.redo(e.sha)
    s.redo(e.sha)
    assert s.corrections(e.sha)[CELL].value == 26
    # the same value again is no new step
    assert not s.correct(e.sha, [Correction("applications", "result.total", "natural_person", 26, reason="原件")])


def test_a_signed_report_refuses_every_edit_until_unlocked() -> None:
    s, events, _ = _session()
    e = s.entries()[0]
    s.correct(e.sha, [Correction("applications", "result.total", "natural_person", 26)])
    with pytest.raises(ValueError):
        s.sign(e.sha, "问题已说明", "张三", "张三")
    s.sign(e.sha, "问题已说明", "张三", "李四", file_name=e.name)
    assert SignoffChanged(e.sha) in events
    with pytest.raises(ReportLocked):
        s.correct(e.sha, [Correction("applications", "result.total", "commercial", 1)])
    with pytest.raises(ReportLocked):
        s.edit_note(e.sha, "report", status="已确认")
    with pytest.raises(ReportLocked):
        s.undo(e.sha)
    assert s.corrections(e.sha)[CELL].value == 26
    with pytest.raises(ValueError):
        s.unlock(e.sha, " ")
    s.unlock(e.sha, "复核要求修改")
    assert s.undo(e.sha) is not None and s.corrections(e.sha) == {}


def test_a_correction_whose_cell_is_gone_is_listed() -> None:
    s, _, _ = _session()
    e = s.entries()[0]
    s.load_review(e.sha, [], [Correction("applications", "no_such_row", "total", 3)], None)
    assert [o["cell"] for o in e.report.orphan_corrections or []] == ["applications/no_such_row/total"]


def test_a_pdf_from_the_runner_can_be_corrected_and_keeps_its_boxes() -> None:
    """A PDF's analysis is slimmed for the trip from the worker (no character boxes); the
    re-check runs on it, and a finding that stays keeps the box of the first reading."""
    pdf = corpus_path("real/2023_huaian-hongze-district.pdf")
    analysis = pickle.loads(pickle.dumps(analyze_item((str(pdf), pdf.name))))
    assert analysis.context is not None and analysis.context.doc.char_boxes is None
    s = ReviewSession(reviewer=lambda: "李审阅")
    s.add([(str(pdf), analysis)])
    e = s.entries()[0]
    before = {f.id: f.loc for f in e.report.findings}
    review = next(f for f in e.report.findings if f.rule == "review_sum" and ("review", "total") in f.cells)
    s.correct(e.sha, [Correction("reviews", "review", "total", 11)])
    after = {f.id: f.loc for f in e.report.findings}
    assert review.id not in after
    kept = [i for i in after if i in before and before[i] is not None]
    assert kept and all(after[i] is not None and after[i].page == before[i].page for i in kept)  # type: ignore[union-attr]


def test_correcting_last_years_report_reruns_this_years_cross_year_rules() -> None:
    """2023 and 2024 洪泽区 are paired; a correction of 2023's 结转下年度 must show at once
    in 2024's carry-over check, and its undo must take that finding away again."""
    paths = [corpus_path("real/2023_huaian-hongze-district.pdf"), corpus_path("real/2024_huaian-hongze-district.pdf")]
    s = ReviewSession(reviewer=lambda: "李审阅")
    s.add([(str(p), pickle.loads(pickle.dumps(analyze_item((str(p), p.name))))) for p in paths])
    for entry, prev in s.pairs_to_check():  # what the window's cross-year pass does
        s.set_cross_year(entry, prev, cross_year_findings(entry.report, prev))
    old, new = s.entries()
    assert s.previous_of(new.report) is old.report
    assert not [f for f in new.report.findings if f.rule == "carry_over"]
    printed = old.report.tables["applications"]["carry_forward"]["total"].value
    assert s.correct(old.sha, [Correction("applications", "carry_forward", "total", printed + 5)], file_name=old.name)
    carry = [f for f in new.report.findings if f.rule == "carry_over"]
    assert carry and carry[0].actual != carry[0].expected
    s.undo(old.sha)
    assert not [f for f in new.report.findings if f.rule == "carry_over"]
