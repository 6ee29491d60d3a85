"""Finding ids and the re-check after corrections, on real reports (core only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from core.check import check
from core.corrections import (
    Correction,
    CorrectionError,
    candidate_corrections,
    parse_cell_id,
    parse_value,
)
from core.finding_ids import assign_ids, base_id
from core.pipeline import Analysis, analyze
from tests.corpus import corpus_path

ROOT = Path(__file__).resolve().parents[1]
REAL = corpus_path("real")
SEEDS = corpus_path("seeds")
EXPECTED = ROOT / "tests" / "expected"
HONGZE = REAL / "2023_huaian-hongze-district.pdf"
# Reports with two narrative_sum findings. (2024 上海市科委 had a pair too; one of them was a
# 其中包括 list of examples short of its total, no contradiction, and is no longer raised.)
PAIRS = ("2012_fujian-pingtan-county.txt", "2021_fujian-pingtan-finance-bureau.txt")


def _reports() -> list[Path]:
    """Every report with hand-read expectations (tests/expected), plus the rest of the corpus."""
    names = {p.name.removesuffix(".json") for p in EXPECTED.glob("*/*.json")}
    files = sorted(p for p in [*REAL.iterdir(), *SEEDS.iterdir()]
                   if p.suffix in (".txt", ".pdf", ".html") and not p.name.startswith("."))
    have = {p.name for p in files} | {p.stem for p in files}  # pdf/ labels are named by stem
    assert names <= have, "every expected report is checked"
    return files


# --------------------------------------------------------------------------- ids


def test_ids_unique_and_stable_on_every_report() -> None:
    seen = 0
    for path in _reports():
        one, two = analyze(path).report, analyze(path).report
        ids = [f.id for f in one.findings]
        assert all(ids) and len(set(ids)) == len(ids), path.name
        assert ids == [f.id for f in two.findings], path.name
        assert [d["id"] for d in json.loads(json.dumps(one.to_dict()))["findings"]] == ids
        seen += len(ids)
    assert seen > 100


@pytest.mark.parametrize("name", PAIRS)
def test_two_narrative_sums_of_one_report_get_two_ids(name: str) -> None:
    rep = analyze(REAL / name).report
    ns = [f for f in rep.findings if f.rule == "narrative_sum"]
    assert len(ns) == 2
    assert ns[0].id != ns[1].id
    # the old key was shared: that is what the ids fix
    assert ns[0].key() != ns[1].key()


def test_id_ignores_message_and_order_but_not_cells() -> None:
    rep = analyze(HONGZE).report
    f = next(f for f in rep.findings if f.rule == "review_sum")
    fid = f.id
    f.message = "另一种措辞"
    f.cells = list(reversed(f.cells))
    assert base_id(f) == fid
    f.cells = f.cells[1:]
    assert base_id(f) != fid


def test_identical_facts_get_suffixes_by_position() -> None:
    rep = analyze(REAL / PAIRS[0]).report
    f = next(f for f in rep.findings if f.rule == "narrative_sum")
    twin = type(f)(**{**f.__dict__, "loc": type(f.loc)(start=(f.loc.start or 0) + 500, end=(f.loc.end or 0) + 500)})
    findings = [twin, f]
    assign_ids(findings)
    assert f.id == base_id(f) and twin.id == base_id(f) + "~2"


# --------------------------------------------------------------------------- recheck


def test_correction_explaining_a_sum_removes_it_and_keeps_the_printed_value() -> None:
    a = analyze(HONGZE)
    before = {f.id: f for f in a.report.findings}
    review = next(f for f in a.report.findings if f.rule == "review_sum" and ("review", "total") in f.cells)
    after = check(a, [Correction("reviews", "review", "total", 11, "张三", "2026-11-29T10:00:00+08:00", "原件核对")])
    ids = {f.id for f in after.findings}
    assert review.id not in ids
    assert ids == set(before) - {review.id}  # every other finding keeps its id
    cell = after.tables["reviews"]["review"]["total"]
    assert cell.value == 11 and cell.raw == "0"
    assert cell.to_dict()["corrected"] == {"original": 0, "original_raw": "0", "by": "张三",
                                           "at": "2026-11-29T10:00:00+08:00", "reason": "原件核对"}
    # the input is untouched
    assert a.report.tables["reviews"]["review"]["total"].value == 0
    assert any(f.id == review.id for f in a.report.findings)


def test_an_analysis_from_a_worker_process_can_be_rechecked() -> None:
    """The window analyses in worker processes: the kept context must survive pickling."""
    import pickle

    a = pickle.loads(pickle.dumps(analyze(HONGZE)))
    after = check(a, [Correction("reviews", "review", "total", 11)])
    assert not any(f.rule == "review_sum" and ("review", "total") in f.cells for f in after.findings)


def test_a_wrong_correction_makes_a_new_finding() -> None:
    a = analyze(HONGZE)
    after = check(a, [Correction("reviews", "review", "upheld", 3)])
    sums = [f for f in after.findings if f.rule == "review_sum" and ("review", "total") in f.cells]
    assert len(sums) == 1 and sums[0].expected == 4 and sums[0].actual == 0


def test_blank_marks_a_cell_printed_empty() -> None:
    a = analyze(HONGZE)
    after = check(a, [Correction("reviews", "review", "pending", parse_value("blank"))])
    cell = after.tables["reviews"]["review"]["pending"]
    assert cell.value is None and cell.status == "blank" and cell.corrected is not None
    assert any(f.rule == "blank_cell" and ("review", "pending") in f.cells for f in after.findings)


@pytest.mark.parametrize("name", ["2021_fujian-pingtan-zone.txt", "2023_fujian-pingtan-zone.txt"])
def test_picking_an_ambiguous_candidate_fills_the_cells_and_rechecks(name: str) -> None:
    a = analyze(REAL / name)
    amb = next(f for f in a.report.findings if f.rule == "ambiguous_digits" and f.table == "applications")
    assert amb.candidates and len(amb.candidates) >= 2
    for index in range(len(amb.candidates)):
        corrections = candidate_corrections(amb, index, by="李四")
        after = check(a, corrections)
        row = amb.cells[0][0]
        got = [after.tables["applications"][row][c].value for _, c in amb.cells]
        assert got == [int(x) for x in amb.candidates[index]]
        assert all(after.tables["applications"][row][c].corrected for _, c in amb.cells)
        assert amb.id not in {f.id for f in after.findings}  # settled
    with pytest.raises(CorrectionError):
        candidate_corrections(amb, len(amb.candidates))


def test_a_missing_row_can_be_entered() -> None:
    a = analyze(HONGZE)
    missing = next(f for f in a.report.findings if f.rule == "missing_row")
    row = missing.cells[0][0]
    after = check(a, [Correction("applications", row, c, 0) for _, c in missing.cells])
    assert missing.id not in {f.id for f in after.findings}
    assert after.tables["applications"][row]["total"].value == 0
    assert after.tables["applications"][row]["total"].corrected.original is None  # type: ignore[union-attr]


def test_a_correction_of_a_cell_the_format_lacks_is_kept_and_listed() -> None:
    a = analyze(HONGZE)
    stray = Correction("applications", "result.no_such_row", "total", 5, "张三")
    after = check(a, [stray, Correction("reviews", "review", "total", 11)])
    assert after.orphan_corrections == [{**stray.to_doc(), "why": after.orphan_corrections[0]["why"]}]  # type: ignore[index]
    assert "result.no_such_row" in after.orphan_corrections[0]["why"]  # type: ignore[index]
    assert after.tables["reviews"]["review"]["total"].value == 11
    assert "orphan_corrections" in after.to_dict()


def test_recheck_runs_cross_year_rules_with_last_years_report() -> None:
    cur, prev = analyze(REAL / "2024_fujian-pingtan-zone.txt"), analyze(REAL / "2023_fujian-pingtan-zone.txt")
    cell = cur.report.tables["applications"]["carried_over"]["total"]
    last = prev.report.tables["applications"]["carry_forward"]["total"]
    assert last.value is not None
    wrong = check(cur, [Correction("applications", "carried_over", "total", last.value + 7)], previous=prev.report)
    assert any(f.rule == "carry_over" and ("carried_over", "total") in f.cells for f in wrong.findings)
    right = check(cur, [Correction("applications", "carried_over", "total", last.value)], previous=prev.report)
    assert not any(f.rule == "carry_over" and ("carried_over", "total") in f.cells for f in right.findings)
    assert cell.value is not None  # the original reading is untouched


def test_cell_ids_and_values_are_validated() -> None:
    assert parse_cell_id("applications/result.total/natural_person") == ("applications", "result.total", "natural_person")
    for bad in ("applications/result.total", "a/b/c/d", "", "a/b c/d"):
        with pytest.raises(CorrectionError):
            parse_cell_id(bad)
    assert parse_value("１２") == 12 and parse_value("1,234") == 1234 and parse_value("2.5") == 2.5
    for bad in ("abc", "1e5", "--1", ""):
        with pytest.raises(CorrectionError):
            parse_value(bad)


def test_unreadable_report_lists_corrections_as_orphans(tmp_path: Path) -> None:
    bad = tmp_path / "x.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    a = analyze(bad)
    assert isinstance(a, Analysis) and a.report.error
    after = check(a, [Correction("reviews", "review", "total", 1)])
    assert after.orphan_corrections and after.orphan_corrections[0]["cell"] == "reviews/review/total"
