"""The window's session finds what ``check`` and ``batch`` find after checking, over the open
reports: text reused from another open report, versions (仍存在/新出现/已整改), identical
files. Real reports of the corpus with a copy or a revision planted (as tests/test_reuse.py
and tests/test_versions.py do)."""

from __future__ import annotations

from pathlib import Path

from core.pipeline import analyze, sha256_of
from core.session import ReportChanged, ReviewSession
from tests.corpus import real
from tests.test_reuse import _hongze_five, _with_five
from tests.test_versions import _versions


def _open(session: ReviewSession, *paths: Path) -> None:
    session.add([(str(p), analyze(p)) for p in paths])


def _rules(session: ReviewSession, path: Path, *rules: str) -> list[tuple[str, str | None]]:
    e = session.entry_of_path(str(path))
    assert e is not None
    return [(f.rule, (f.reuse or {}).get("role")) for f in e.report.findings if f.rule in rules]


def test_text_reused_across_open_reports_comes_and_goes(tmp_path: Path) -> None:
    src, body = _hongze_five()
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    copy = tmp_path / "2024_fujian-pingtan-zone.txt"
    copy.write_text(_with_five(text, body), encoding="utf-8")
    session = ReviewSession()
    events: list[object] = []
    session.subscribe(events.append)
    _open(session, src)
    assert _rules(session, src, "text_reused") == []
    _open(session, copy)
    assert _rules(session, copy, "text_reused") == [("text_reused", "copy")]
    assert _rules(session, src, "text_reused") == [("text_reused", "source")]
    found = next(f for f in session.entry_of_path(str(copy)).report.findings if f.rule == "text_reused")
    assert found.id and found.source and found.source["sha256"] == sha256_of(src)
    # The source's findings changed too: its list is told.
    assert ReportChanged(sha256_of(src)) in events
    # Opened again (the same path replaced): found once, not twice.
    _open(session, copy)
    assert _rules(session, copy, "text_reused") == [("text_reused", "copy")]


def test_reuse_findings_survive_a_correction(tmp_path: Path) -> None:
    from core.corrections import Correction

    src, body = _hongze_five()
    text = real("2024_fujian-pingtan-zone.txt").read_text(encoding="utf-8")
    copy = tmp_path / "2024_fujian-pingtan-zone.txt"
    copy.write_text(_with_five(text, body), encoding="utf-8")
    session = ReviewSession(reviewer=lambda: "张三")
    _open(session, src, copy)
    e = session.entry_of_path(str(copy))
    assert e is not None
    table, rows = next(iter(e.report.tables.items()))
    row, cols = next(iter(rows.items()))
    col, cell = next(iter(cols.items()))
    session.correct(e.sha, [Correction(table, row, col, (cell.value or 0) + 1)])
    assert _rules(session, copy, "text_reused") == [("text_reused", "copy")]


def test_a_newer_version_shows_persisting_new_and_fixed(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    session = ReviewSession()
    _open(session, v2)
    newer = session.entry_of_path(str(v2))
    assert newer is not None and newer.report.version_of is None
    _open(session, v1)  # opened after: the publication dates order them
    assert newer.report.version_of == sha256_of(v1)
    assert session.version_of(newer.sha) is session.entry_of_path(str(v1))
    status = {f.since_version for f in newer.report.findings}
    assert "persisting" in status and None not in status
    assert [f["rule"] for f in newer.report.fixed or []], newer.report.fixed
    older = session.entry_of_path(str(v1))
    assert older is not None and older.report.version_of is None
    assert all(f.since_version is None for f in older.report.findings)


def test_a_dismissed_finding_that_went_is_not_fixed(tmp_path: Path) -> None:
    from core.session import note_target

    v1, v2 = _versions(tmp_path)
    session = ReviewSession(reviewer=lambda: "张三")
    _open(session, v1, v2)
    newer, older = session.entry_of_path(str(v2)), session.entry_of_path(str(v1))
    assert newer is not None and older is not None
    gone = {f["id"] for f in newer.report.fixed or []}
    assert gone
    f = next(f for f in older.report.findings if f.id in gone)
    session.edit_note(older.sha, note_target(f), status="已排除")
    # Marked on the older version: the newer's list follows (as check --store does).
    assert f.id not in {x["id"] for x in newer.report.fixed or []}
    assert f.id in {x["id"] for x in newer.report.fixed_unverified or []}


def test_identical_files_are_one_report(tmp_path: Path) -> None:
    src = real("2025_suqian-shuyang-county.txt")
    twin = tmp_path / "副本.txt"
    twin.write_bytes(src.read_bytes())
    session = ReviewSession()
    _open(session, src, twin)
    a, b = session.entry_of_path(str(src)), session.entry_of_path(str(twin))
    assert a is not None and b is not None
    assert a.report.also == [str(twin)] and b.report.also == [str(src)]
    # Not a version of itself, nor a copy of itself.
    assert a.report.version_of is None and b.report.version_of is None
    assert _rules(session, twin, "text_reused", "copied_text") == []
