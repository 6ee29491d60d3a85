"""The reviewer's store beyond plain notes: notes by finding id and orphans, corrections
with undo, sign-off lock, history, migration of schema-1 stores, the journal, and the
headless round trip (main.py correct → check --store) with an exported sheet read back."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import core.annotations as annotations
from core.annotations import (
    Annotation,
    AnnotationStore,
    NoReviewer,
    ReportLocked,
    annotate,
    cell_target,
    correction_target,
    finding_target,
)
from core.check import check
from core.corrections import Correction, candidate_corrections
from core.finding_ids import legacy_key
from core.pipeline import analyze
from core.session import ReviewSession, StorePort
from tests.corpus import corpus_path

ROOT = Path(__file__).resolve().parents[1]
REAL = corpus_path("real")
HONGZE = REAL / "2023_huaian-hongze-district.pdf"
PINGTAN_2012 = REAL / "2012_fujian-pingtan-county.txt"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "annotations.json"


def _note(sha: str, fid: str, status: str, comment: str) -> Annotation:
    return Annotation(sha, finding_target(fid), status, comment, "张三")


def test_two_findings_of_one_rule_keep_separate_notes(db: Path) -> None:
    rep = analyze(PINGTAN_2012).report
    a, b = [f for f in rep.findings if f.rule == "narrative_sum"]
    store = AnnotationStore(db)
    store.save(_note(rep.sha256, a.id, "已确认", "第一句确有矛盾"))
    store.save(_note(rep.sha256, b.id, "已排除", "第二句范围不同"))
    again = analyze(PINGTAN_2012).report  # a re-run
    out = annotate(again, AnnotationStore(db).review_of(rep.sha256))
    notes = {f.id: f.note for f in out.findings if f.note}
    assert notes[a.id]["comment"] == "第一句确有矛盾" and notes[b.id]["comment"] == "第二句范围不同"
    assert out.orphan_notes == []
    assert json.loads(json.dumps(out.to_dict()))["findings"][[f.id for f in out.findings].index(a.id)]["note"] == {
        "status": "已确认", "comment": "第一句确有矛盾", "by": "张三", "at": notes[a.id]["at"]}


def test_note_survives_a_rerun_and_is_an_orphan_when_its_finding_goes(db: Path) -> None:
    a = analyze(HONGZE)
    f = next(f for f in a.report.findings if f.rule == "review_sum" and ("review", "total") in f.cells)
    store = AnnotationStore(db)
    store.save(_note(a.report.sha256, f.id, "需整改", "总计应为 11"))
    rerun = annotate(analyze(HONGZE).report, store.review_of(a.report.sha256))
    assert next(x for x in rerun.findings if x.id == f.id).note["comment"] == "总计应为 11"  # type: ignore[index]
    store.set_correction(a.report.sha256, Correction("reviews", "review", "total", 11, "张三", reason="原件核对"))
    after = annotate(check(a, store.corrections(a.report.sha256)), store.review_of(a.report.sha256))
    assert f.id not in {x.id for x in after.findings}
    assert after.orphan_notes == [{"finding": f.id, "status": "需整改", "comment": "总计应为 11", "by": "张三",
                                   "at": after.orphan_notes[0]["at"]}]  # type: ignore[index]
    assert not any(x.note for x in after.findings)  # never moved onto another finding
    assert store.get(a.report.sha256, finding_target(f.id)) is not None  # never lost


def test_undo_and_redo_of_a_correction(db: Path) -> None:
    """The session's one undo stack; the store records each undo and redo as an act of its own."""
    a = analyze(HONGZE)
    sha = a.report.sha256
    store = AnnotationStore(db)
    s = ReviewSession(StorePort(store), reviewer=lambda: "张三")
    s.add([(str(HONGZE), a)])
    s.correct(sha, [Correction("reviews", "review", "total", 11)])
    assert check(a, store.corrections(sha)).tables["reviews"]["review"]["total"].value == 11
    s.undo(sha)
    assert store.corrections(sha) == []
    assert check(a, store.corrections(sha)).tables["reviews"]["review"]["total"].value == 0
    s.redo(sha)
    assert [c.value for c in store.corrections(sha)] == [11]
    hist = store.history(sha, [correction_target("reviews", "review", "total")])
    assert [(e.new, e.action, e.by) for e in hist] == [("11", "", "张三"), ("", "undo", "张三"), ("11", "redo", "张三")]
    assert not hasattr(store, "revert") and not hasattr(annotations, "UndoStack")


def test_a_candidate_is_one_step(db: Path) -> None:
    a = analyze(REAL / "2023_fujian-pingtan-zone.txt")
    amb = next(f for f in a.report.findings if f.rule == "ambiguous_digits" and f.table == "applications")
    store = AnnotationStore(db)
    s = ReviewSession(StorePort(store), reviewer=lambda: "李四")
    s.add([("2023_fujian-pingtan-zone.txt", a)])
    s.correct(a.report.sha256, candidate_corrections(amb, 1))
    assert len(store.corrections(a.report.sha256)) == len(amb.cells)
    s.undo(a.report.sha256)
    assert store.corrections(a.report.sha256) == []


def test_a_signed_report_is_locked_until_unlocked(db: Path) -> None:
    sha = "c" * 64
    store = AnnotationStore(db)
    store.save(Annotation(sha, "report", "已确认", "总体无误", "张三"))
    with pytest.raises(ValueError):
        store.sign(sha, "未发现问题", "张三", "张三")  # 复核人 must be a second person
    with pytest.raises(ValueError, match="审阅结论"):
        store.sign(sha, "报告数据经核对无误，同意发布", "张三", "李四")  # a conclusion of signoff.toml
    store.sign(sha, "未发现问题", "张三", "李四", "年报.pdf")
    assert store.is_locked(sha) and store.review_state(sha) == "passed"
    for edit in (lambda: store.save(Annotation(sha, "report", "需整改", "改", "王五")),
                 lambda: store.set_correction(sha, Correction("reviews", "review", "total", 1, "王五")),
                 lambda: store.delete(sha, "report", "王五"),
                 lambda: store.sign(sha, "未发现问题", "张三", "李四")):
        with pytest.raises(ReportLocked, match="签字锁定"):
            edit()
    with pytest.raises(ValueError):
        store.unlock(sha, "  ", "李四")
    store.unlock(sha, "发现复议数据需更正", by="李四")
    assert store.review_state(sha) == "pending"  # passed no longer holds
    store.save(Annotation(sha, "report", "需整改", "复议总计有误", "王五"))
    hist = store.history(sha)
    assert [(e.field, e.by) for e in hist] == [("status", "张三"), ("comment", "张三"), ("review_state", "张三"),
                                               ("signoff", "张三"), ("unlock", "李四"), ("review_state", "李四"),
                                               ("status", "王五"), ("comment", "王五")]
    assert hist[4].reason == "发现复议数据需更正" and "李四" in hist[4].old
    assert (hist[2].old, hist[2].new, hist[5].new) == ("待审阅", "审阅通过", "待审阅")
    assert hist[6].old == "已确认" and hist[6].new == "需整改"
    with pytest.raises(NoReviewer):  # no name, no record: never the OS login
        store.save(Annotation(sha, "report", "已确认", "无名"))


def test_history_per_target_and_per_report(db: Path) -> None:
    sha = "d" * 64
    store = AnnotationStore(db)
    store.save(Annotation(sha, cell_target("reviews", "review", "total"), "待核实", "一", "甲"))
    store.save(Annotation(sha, cell_target("reviews", "review", "total"), "已确认", "一", "乙"))
    store.save(Annotation(sha, "report", "", "整体", "甲"))
    store.set_correction(sha, Correction("reviews", "review", "total", 3, "乙", reason="原件"))
    cell = store.history(sha, [cell_target("reviews", "review", "total"), correction_target("reviews", "review", "total")])
    assert [(e.field, e.old, e.new) for e in cell] == [("status", "", "待核实"), ("comment", "", "一"),
                                                      ("status", "待核实", "已确认"), ("value", "", "3")]
    assert cell[-1].reason == "原件" and cell[-1].by == "乙"
    assert len(store.history(sha)) == 5 and store.history("e" * 64) == []


def test_a_schema_1_store_is_migrated(db: Path) -> None:
    """A store written by the old code: finding notes keyed rule|table|cells."""
    pair = analyze(PINGTAN_2012).report
    hongze = analyze(HONGZE).report
    f = next(f for f in hongze.findings if f.rule == "review_sum" and ("review", "total") in f.cells)
    a, _ = [x for x in pair.findings if x.rule == "narrative_sum"]
    docs = {
        "1": Annotation(hongze.sha256, "finding:" + legacy_key(f), "需整改", "复议总计错", "张三").to_doc(),
        "2": Annotation(pair.sha256, "finding:" + legacy_key(a), "已确认", "两句共用的旧键", "张三").to_doc(),
        "3": Annotation(hongze.sha256, "report", "待核实", "整体", "张三").to_doc(),
    }
    db.write_text(json.dumps({"annotations": docs, "meta": {"1": {"schema_version": 1}}}, ensure_ascii=False), "utf-8")
    store = AnnotationStore(db)
    assert store.recovery_message is None
    assert json.loads(db.read_text("utf-8"))["meta"]["1"]["schema_version"] == annotations.SCHEMA_VERSION
    assert store.resolve_legacy(hongze) == 1  # exactly one finding has that key
    assert store.get(hongze.sha256, finding_target(f.id)).comment == "复议总计错"  # type: ignore[union-attr]
    assert store.resolve_legacy(pair) == 0  # two findings share it: an orphan, never guessed
    out = annotate(pair, store.review_of(pair.sha256))
    assert not any(x.note for x in out.findings)
    assert out.orphan_notes and out.orphan_notes[0]["comment"] == "两句共用的旧键"
    assert store.get(hongze.sha256, "report") is not None


def test_journal_second_process_and_torn_tail(db: Path) -> None:
    one, two = AnnotationStore(db), AnnotationStore(db)
    one.save(Annotation("a" * 64, "report", "待核实", "一", "甲"))
    assert two.get("a" * 64, "report") is not None  # read from the journal's tail
    journal = db.with_name(db.name + ".journal")
    size = journal.stat().st_size
    with open(journal, "ab") as fh:
        fh.write(b'0badc0de {"ops": [["put", "annotations", "99", {"sha')  # a writer killed mid-record
    three = AnnotationStore(db)  # the torn record is ignored without a word
    assert three.recovery_message is None
    two.save(Annotation("a" * 64, "finding:x", "已确认", "二", "乙"))
    assert journal.stat().st_size > size
    assert set(AnnotationStore(db).for_report("a" * 64)) == {"report", "finding:x"}
    assert set(one.for_report("a" * 64)) == {"report", "finding:x"}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", timeout=300)


def test_headless_round_trip_and_sheet(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    store = tmp_path / "审阅库.json"
    plain = _run("check", "--json", str(HONGZE))
    before = json.loads(plain.stdout)
    assert "signoff" not in before and "orphan_notes" not in before
    review = next(f for f in before["findings"] if f["rule"] == "review_sum" and ["review", "total"] in f["cells"])

    s = AnnotationStore(store)
    s.save(Annotation(before["sha256"], finding_target(review["id"]), "需整改", "复议总计印错", "张三"))
    s.close()
    done = _run("correct", str(HONGZE), "--cell", "reviews/review/total", "--value", "11",
                "--reason", "与原件核对", "--reviewer", "张三", "--store", str(store))
    assert done.returncode == 1, done.stderr  # another review_sum error remains
    assert "Traceback" not in done.stderr and "review_sum" in done.stdout

    s = AnnotationStore(store)
    s.sign(before["sha256"], "问题已说明", "张三", "李四", HONGZE.name)
    s.close()
    sheet = tmp_path / "审阅表.xlsx"
    after_run = _run("check", "--json", "--store", str(store), "--out", str(sheet), str(HONGZE))
    assert after_run.returncode == 1, after_run.stderr
    after = json.loads(after_run.stdout)
    total = after["tables"]["reviews"]["review"]["total"]
    assert total["value"] == 11 and total["corrected"]["original"] == 0
    assert total["corrected"]["original_raw"] == "0" and total["corrected"]["by"] == "张三"
    assert total["corrected"]["reason"] == "与原件核对"
    assert review["id"] not in {f["id"] for f in after["findings"]}
    assert after["orphan_notes"][0]["finding"] == review["id"]
    assert after["signoff"]["reviewer"] == "张三" and after["signoff"]["second_reviewer"] == "李四"
    # without --store: exactly as before
    assert json.loads(_run("check", "--json", str(HONGZE)).stdout) == before

    wb = load_workbook(sheet)
    corr = wb["更正"]
    rows = list(corr.iter_rows(min_row=2, values_only=True))
    assert rows[0][4] == 0 and rows[0][6] == 11 and rows[0][7] == "张三"
    hist = [r for r in wb["审阅记录"].iter_rows(min_row=2, values_only=True)]
    assert {r[2] for r in hist} >= {"状态", "批注", "更正值", "签字"}
    sign = list(wb["签字"].iter_rows(min_row=2, values_only=True))[0]
    assert sign[1] == "问题已说明" and sign[2] == "张三" and sign[3] == "李四"
    assert "复议总计印错" in (sign[7] or "")
    table = next(ws for ws in wb.worksheets if ws.title.startswith("复议诉讼"))
    marked = [c for row in table.iter_rows() for c in row if c.comment and "原报为“0”" in c.comment.text]
    assert marked and marked[0].value == 11

    page = tmp_path / "审阅表.html"
    assert _run("check", "--store", str(store), "--out", str(page), str(HONGZE)).returncode == 1
    text = page.read_text("utf-8")
    assert "审阅更正" in text and "与原件核对" in text and "审阅记录" in text
    assert "问题已说明" in text and "复核人：李四" in text and "复议总计印错" in text

    # bad input: exit 2, a message, no traceback
    for args, words in ((["--cell", "reviews/nope/total", "--value", "1"], "没有单元格"),
                        (["--cell", "reviews/review/total", "--value", "十一"], "不是数字"),
                        (["--cell", "reviews/review/total", "--value", "1"], "签字锁定")):
        bad = _run("correct", str(HONGZE), *args, "--reviewer", "王五", "--store", str(store))
        assert bad.returncode == 2 and words in bad.stderr and "Traceback" not in bad.stderr
    missing = _run("correct", str(tmp_path / "无.pdf"), "--cell", "reviews/review/total", "--value", "1",
                   "--store", str(store))
    assert missing.returncode == 2 and "找不到" in missing.stderr


def test_check_without_store_reads_no_store_not_even_for_its_sheet(tmp_path: Path) -> None:
    """The contract: without --store, check reads no store. A note in the reviewer's own
    store (the default one) must not reach `check --out`'s sheet; with --store it does."""
    import openpyxl

    from core.cli import run_check

    rep = analyze(HONGZE).report
    finding = next(f for f in rep.findings if f.rule == "review_sum")
    own = AnnotationStore()  # the default store: REVIEWDESK_HOME of this test
    store_file = own.path
    own.save(Annotation(rep.sha256, finding_target(finding.id), "已确认", "私人批注-不应外泄", "张三"))
    own.close()

    def sheet_text(*extra: str) -> str:
        out = tmp_path / f"sheet{len(extra)}.xlsx"
        assert run_check([str(HONGZE), "--quiet", "--jobs", "1", "--out", str(out), *extra]) == 1
        wb = openpyxl.load_workbook(out)
        return "\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value)

    assert "私人批注-不应外泄" not in sheet_text()
    assert "私人批注-不应外泄" in sheet_text("--store", str(store_file))
