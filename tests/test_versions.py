"""Versions of one report (one body, one year): persisting / new / fixed, and one SHA-256 is
one report. The versions are a real report (沭阳县 2025) with faults planted and then
corrected, as a returned report comes back."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from core.model import Report
from core.pipeline import check_file, sha256_of
from core.versions import apply_versions, compare_versions, link_versions, merge_identical
from tests.corpus import real

ROOT = Path(__file__).resolve().parents[1]
REVIEW_ROW = "| 27 | 10 | 9 | 15 | 61 |"
DISCLOSED = "| 予以公开 | 290 | 1 | 0 | 0 | 3 | 0 | 294 |"
DATE = "2026年1月23日"


def _run(*args: str) -> list[dict]:
    proc = subprocess.run(
        [sys.executable, "main.py", "check", "--json", "--quiet", *args],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=300,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return [json.loads(line) for line in proc.stdout.splitlines()]


def _versions(tmp_path: Path) -> tuple[Path, Path]:
    """v1 with two faults (复议 总计 61→60, 予以公开 总计 294→295); v2, published later,
    with the first corrected and the second left."""
    text = real("2025_suqian-shuyang-county.txt").read_text(encoding="utf-8")
    assert text.count(REVIEW_ROW) == 1 and text.count(DISCLOSED) == 1 and DATE in text
    both = text.replace(DISCLOSED, DISCLOSED.replace("294", "295"))
    v1 = tmp_path / "沭阳县2025年报-第一稿.txt"
    v1.write_text(both.replace(REVIEW_ROW, "| 27 | 10 | 9 | 15 | 60 |"), encoding="utf-8")
    v2 = tmp_path / "沭阳县2025年报-修改稿.txt"
    v2.write_text(both.replace(DATE, "2026年1月28日"), encoding="utf-8")
    return v1, v2


def test_a_revision_shows_what_was_fixed_and_what_persists(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    # Given newest first: the publication dates order them, not the order given.
    second, first = _run(str(v2), str(v1))
    assert first["file"] == str(v1) and "version_of" not in first
    assert all("since_version" not in f for f in first["findings"])
    assert second["version_of"] == sha256_of(v1) == first["sha256"]
    old = {f["rule"]: f for f in first["findings"]}
    assert {"review_sum", "row_sum", "column_sum"} <= set(old)
    assert second["fixed"] == [{"id": old["review_sum"]["id"], "rule": "review_sum",
                                "message": old["review_sum"]["message"]}]
    status = {f["rule"]: f["since_version"] for f in second["findings"]}
    assert status == {"row_sum": "persisting", "column_sum": "persisting", "narrative_table": "persisting"}
    # One body's two versions are neither a copy of each other nor of another body.
    assert not [f for r in (first, second) for f in r["findings"]
                if f["rule"] in ("text_reused", "copied_text", "tables_unchanged")]


def test_a_new_fault_in_the_revision_is_new(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    row = "| 本年新收政府信息公开申请数量 | 705 | 3 | 0 | 0 | 5 | 0 | 713 |"
    text = v2.read_text(encoding="utf-8")
    assert text.count(row) == 1
    v2.write_text(text.replace(row, row.replace("713", "714")), encoding="utf-8")
    newer, older = check_file(v2), check_file(v1)
    diff = compare_versions(newer, older)
    assert diff.new and {f.rule for f in diff.new} <= {"row_sum", "balance", "narrative_table"}
    assert ("new_received", "total") in diff.new[0].cells
    assert [f.rule for f in diff.fixed] == ["review_sum"]
    # The same fact with another number (复议 总计 60 → 62) is the same finding: persisting.
    v2.write_text(text.replace(REVIEW_ROW, "| 27 | 10 | 9 | 15 | 62 |"), encoding="utf-8")
    diff = compare_versions(check_file(v2), older)
    assert diff.new == [] and diff.fixed == []
    assert "review_sum" in {f.rule for f in diff.persisting}


def test_a_dismissed_finding_that_went_is_not_fixed(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    older, newer = check_file(v1), check_file(v2)
    (gone,) = [f for f in older.findings if f.rule == "review_sum"]
    gone.note = {"status": "已排除", "comment": "误报", "by": "张三", "at": "2026-02-01T10:00:00"}
    diff = compare_versions(newer, older)
    assert diff.fixed == []
    assert [(f.rule, why) for f, why in diff.unverified] == [("review_sum", "审阅人已排除（误报），不算整改")]


def test_a_finding_whose_cells_were_not_read_is_not_fixed(tmp_path: Path) -> None:
    v1, v2 = _versions(tmp_path)
    # The revision prints the 复议 总计 empty: its check cannot run, which proves nothing.
    v2.write_text(v2.read_text(encoding="utf-8").replace(REVIEW_ROW, "| 27 | 10 | 9 | 15 |  |"), encoding="utf-8")
    older, newer = check_file(v1), check_file(v2)
    links = apply_versions([older, newer])
    assert [(link.newer, link.older) for link in links] == [(newer, older)]
    assert newer.fixed == []
    d = newer.to_dict()
    assert d["fixed"] == [] and [g["rule"] for g in d["gone_unverified"]] == ["review_sum"]
    assert "review/total" in d["gone_unverified"][0]["why"]


def test_identical_files_are_one_report(tmp_path: Path) -> None:
    v1, _ = _versions(tmp_path)
    twin = tmp_path / "sub" / "同一文件.txt"
    twin.parent.mkdir()
    shutil.copy(v1, twin)
    reps = _run(str(v1), str(twin))
    assert len(reps) == 1
    assert reps[0]["file"] == str(v1) and reps[0]["also"] == [str(twin)]
    assert "version_of" not in reps[0]


def test_merge_identical_keeps_the_first_and_names_the_others() -> None:
    a, b, c = Report("a.txt", "s1"), Report("b.txt", "s1"), Report("c.txt", "s2")
    unread = Report("d.txt", "", error="文件不存在")
    assert merge_identical([a, b, c, unread, b]) == [a, c, unread]
    assert a.also == ["b.txt"]


def test_versions_in_different_formats(tmp_path: Path) -> None:
    """平潭 2024 published as a web page and as text: one report in two files of different
    bytes, so two versions (same date: the one added first is the older)."""
    html, txt = real("2024_fujian-pingtan-zone.html"), real("2024_fujian-pingtan-zone.txt")
    first, second = _run(str(html), str(txt))
    assert first["source_format"] == "html" and second["source_format"] == "txt"
    assert second["version_of"] == first["sha256"] and "version_of" not in first
    assert all(f["since_version"] in ("persisting", "new") for f in second["findings"])
    assert second["fixed"] == []
    assert not [f for r in (first, second) for f in r["findings"] if f["rule"] == "text_reused"]


def test_the_same_fault_quoted_in_another_format_persists() -> None:
    """A fault without cells is identified by its place; in the HTML and the text of one
    report it stands at another offset and is quoted a little differently (时间:… against
    发布时间: …): still the same fault, neither fixed in one file nor new in the other."""
    from core.model import Finding, Loc

    html, txt = check_file(real("2024_fujian-pingtan-zone.html")), check_file(real("2024_fujian-pingtan-zone.txt"))
    html.findings.append(Finding("late_publication", "warning", "逾期", quote="时间:2025-03-10", loc=Loc(start=43, end=56)))
    txt.findings.append(Finding("late_publication", "warning", "逾期", quote="发布时间: 2025-03-10",
                                loc=Loc(start=30, end=46)))
    diff = compare_versions(txt, html)
    assert "late_publication" in [f.rule for f in diff.persisting]
    assert diff.fixed == [] and "late_publication" not in [f.rule for f in diff.new]


def test_link_by_hand_overrides_the_automatic_link() -> None:
    a = check_file(real("2024_fujian-pingtan-zone.html"))
    b = check_file(real("2024_fujian-pingtan-zone.txt"))
    other = check_file(real("2024_huaian-city.pdf"))
    assert [(x.newer.file, x.older.file) for x in link_versions([a, b, other])] == [(b.file, a.file)]
    assert link_versions([a, b, other], manual={b.sha256: None}) == []
    linked = link_versions([a, b, other], manual={other.sha256: a.sha256, b.sha256: None})
    assert [(x.newer.file, x.older.file) for x in linked] == [(other.file, a.file)]


def test_last_year_compared_is_its_latest_version(tmp_path: Path) -> None:
    """Two versions of 2023 (the revision published later but given first): 2024 is
    compared with the revision."""
    from core.crossyear import pair_years

    first = real("2023_fujian-pingtan-zone.txt")
    text = first.read_text(encoding="utf-8")
    assert "2024-03-08" in text
    revised = tmp_path / "2023_revised.txt"
    revised.write_text(text.replace("2024-03-08", "2024-03-20"), encoding="utf-8")
    cur = check_file(real("2024_fujian-pingtan-zone.txt"))
    a, b = check_file(first), check_file(revised)
    assert b.published == "2024-03-20"
    assert pair_years([cur], [b, a]) == [(cur, b)]
    assert pair_years([cur], [a, b]) == [(cur, b)]
