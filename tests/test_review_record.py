"""A true audit record (issue 16 §1–3): who made each mark, a sign-off that says what is
true, a history that reads in order, a confirmation that is not a correction, and sheets
that name the people of each report — the sequences a reviewer goes through, on real
reports of the corpus and a real store."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

import core.annotations
import core.session
from core.annotations import AnnotationStore, NoReviewer, annotate
from core.check import check as recheck
from core.corrections import Correction
from core.export import export_html, export_xlsx
from core.pipeline import Analysis, analyze
from core.session import ReviewSession, StorePort, note_target
from core.sheet import corrected_cells
from core.signoff import SignOffError
from tests.corpus import corpus_path

ROOT = Path(__file__).resolve().parents[1]
ZONE = corpus_path("real/2020_fujian-pingtan-zone.txt")  # 自然人 总计 printed 20 against 26
CELL = ("applications", "result.total", "natural_person")


def _session(store: AnnotationStore, name: str, *analyses: tuple[Path, Analysis]) -> ReviewSession:
    s = ReviewSession(StorePort(store), reviewer=lambda: name)
    s.add([(str(p), a) for p, a in analyses])
    return s


def _total_error(s: ReviewSession, sha: str):  # type: ignore[no-untyped-def]
    e = s.entry_of_sha(sha)
    assert e is not None
    return next(f for f in e.report.findings if f.rule == "column_sum" and CELL[1:] in f.cells)


def test_two_reviewers_on_one_store_each_named_never_the_login(tmp_path: Path) -> None:
    db = tmp_path / "annotations.json"
    a = analyze(ZONE)
    sha = a.report.sha256
    one, two = AnnotationStore(db), AnnotationStore(db)
    zhang = _session(one, "张三", (ZONE, a))
    li = _session(two, "李四", (ZONE, analyze(ZONE)))
    f = _total_error(zhang, sha)
    zhang.edit_note(sha, note_target(f), status="需整改", comment="总计应为26")
    li.correct(sha, [Correction(*CELL, 26, reason="与原件核对")])
    hist = one.history(sha)
    assert [(h.field, h.by) for h in hist] == [("status", "张三"), ("comment", "张三"), ("value", "李四")]
    review = one.review_of(sha)
    assert review.notes[note_target(f)].reviewer == "张三" and review.corrections[0].by == "李四"
    # Nobody named: the mark is refused and nothing is recorded (no OS login fills in).
    nobody = ReviewSession(StorePort(one), reviewer=lambda: "")
    nobody.add([(str(ZONE), analyze(ZONE))])
    with pytest.raises(NoReviewer):
        nobody.edit_note(sha, "report", comment="无名")
    assert len(one.history(sha)) == 3 and nobody.note(sha, "report") is None
    assert not hasattr(core.annotations, "default_reviewer")
    one.close()
    two.close()


def test_signoff_with_unresolved_errors_is_refused_then_accepted(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.json")
    a = analyze(ZONE)
    sha = a.report.sha256
    s = _session(store, "张三", (ZONE, a))
    errors = s.unresolved(sha)
    assert errors and all(f.severity == "error" for f in errors)
    fixed = _total_error(s, sha)
    with pytest.raises(SignOffError, match="请选择审阅结论"):  # no default conclusion
        s.sign(sha, "", "张三", "李四")
    with pytest.raises(SignOffError, match=f"还有 {len(errors)} 个错误未处理"):
        s.sign(sha, "未发现问题", "张三", "李四")
    assert not s.is_locked(sha) and s.review_state(sha) == "pending" and store.signoff(sha) is None
    # The same refusal, word for word, from the store (one validation).
    with pytest.raises(SignOffError, match=f"还有 {len(errors)} 个错误未处理"):
        store.sign(sha, "未发现问题", "张三", "李四", open_errors=len(errors))
    # Corrected from the original, the others dismissed with a reason: now it may pass.
    s.correct(sha, [Correction(*CELL, 26, reason="与原件核对")])
    left = s.unresolved(sha)
    assert fixed.id not in {f.id for f in left}  # corrected away
    for f in left:
        s.edit_note(sha, note_target(f), status="已排除", comment="原件如此，非计算错误")
    assert s.unresolved(sha) == []
    s.sign(sha, "未发现问题", "张三", "李四", file_name=ZONE.name)
    assert s.review_state(sha) == "passed" and s.review_state_label(sha) == "审阅通过"
    assert store.review_state(sha) == "passed"
    out = annotate(recheck(a, store.corrections(sha)), store.review_of(sha)).to_dict()
    assert out["review_state"] == "passed" and out["signoff"]["conclusion"] == "未发现问题"
    store.close()


def test_returned_then_resubmitted_with_who_when_why(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.json")
    a = analyze(ZONE)
    sha = a.report.sha256
    s = _session(store, "张三", (ZONE, a))
    with pytest.raises(SignOffError):
        s.set_review_state(sha, "resubmitted", "未退回不能重新提交")
    s.sign(sha, "存在问题需整改", "张三", "李四")
    assert s.review_state(sha) == "returned"
    s.set_review_state(sha, "resubmitted", "单位已重新报送")
    assert store.review_state(sha) == "resubmitted"
    last = store.history(sha)[-1]
    assert (last.field, last.old, last.new, last.by, last.reason) == ("review_state", "退回整改", "已重新提交", "张三",
                                                                       "单位已重新报送")
    store.close()


def test_undo_and_redo_are_entries_of_their_own_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A clock that moves a minute per reading: the history must follow it, not go back.
    ticks = itertools.count()
    clock = lambda: f"2026-12-07T23:{next(ticks):02d}:00+08:00"  # noqa: E731
    monkeypatch.setattr(core.annotations, "now_iso", clock)
    monkeypatch.setattr(core.session, "now_iso", clock)
    store = AnnotationStore(tmp_path / "annotations.json")
    a = analyze(ZONE)
    sha = a.report.sha256
    s = _session(store, "张三", (ZONE, a))
    f = _total_error(s, sha)
    s.edit_note(sha, note_target(f), comment="11")
    s.undo(sha)
    s.redo(sha)
    s.correct(sha, [Correction(*CELL, 26)])
    s.undo(sha)
    hist = store.history(sha)
    assert [(h.field, h.action, h.old, h.new) for h in hist] == [
        ("comment", "", "", "11"), ("comment", "undo", "11", ""), ("comment", "redo", "", "11"),
        ("value", "", "", "26"), ("value", "undo", "26", "")]
    times = [h.at for h in hist]
    assert times == sorted(times) and len(set(times)) == len(times)  # each its own time, in order
    # The note itself is as it was written (by whom, when), restored by the redo.
    assert store.get(sha, note_target(f)).updated == hist[0].at  # type: ignore[union-attr]
    store.close()


def test_a_confirmation_is_not_a_correction(tmp_path: Path) -> None:
    store = AnnotationStore(tmp_path / "annotations.json")
    a = analyze(ZONE)
    sha = a.report.sha256
    s = _session(store, "王五", (ZONE, a))
    report = s.entry_of_sha(sha).report  # type: ignore[union-attr]
    printed = report.tables["applications"]["new_received"]["natural_person"].value
    s.confirm(sha, "applications", "new_received", "natural_person", printed)
    s.correct(sha, [Correction(*CELL, 26)])
    assert len(corrected_cells(report)) == 1
    cell = report.tables["applications"]["new_received"]["natural_person"].to_dict()
    assert cell["value"] == printed and "corrected" not in cell and cell["confirmed"]["by"] == "王五"
    again = annotate(recheck(a, store.corrections(sha)), store.review_of(sha))
    d = again.to_dict()["tables"]["applications"]
    assert "corrected" not in d["new_received"]["natural_person"] and d["new_received"]["natural_person"]["confirmed"]
    assert d["result.total"]["natural_person"]["corrected"]["by"] == "王五"
    assert [h.field for h in store.history(sha)] == ["confirm", "value"]
    out = tmp_path / "sheet.xlsx"
    export_xlsx([(again, store.for_report(sha))], out, history={sha: store.history(sha)})
    ws = load_workbook(out)["概要"]
    row = dict(zip([c.value for c in ws[1]], [c.value for c in ws[2]], strict=True))
    assert (row["更正数"], row["确认读数"]) == (1, 1)
    assert len(list(load_workbook(out)["更正"].iter_rows(min_row=2))) == 1
    page = tmp_path / "sheet.html"
    export_html([(again, store.for_report(sha))], page, history={sha: store.history(sha)})
    text = page.read_text(encoding="utf-8")
    assert "确认读数（识别结果经核对无误，未更正）" in text and "撤销" not in text
    store.close()


def test_exports_name_the_people_of_each_report(tmp_path: Path) -> None:
    """Signed by 张三 and 李四, corrected by 王五, exported by 赵六: each printed as what they did."""
    store = AnnotationStore(tmp_path / "annotations.json")
    a = analyze(ZONE)
    sha = a.report.sha256
    wang = _session(store, "王五", (ZONE, a))
    wang.correct(sha, [Correction(*CELL, 26, reason="与原件核对")])
    zhang = _session(store, "张三", (ZONE, analyze(ZONE)))
    zhang.load_review(sha, [], store.corrections(sha), None)
    zhang.sign(sha, "问题已说明", "张三", "李四", ZONE.name)
    rep = annotate(recheck(a, store.corrections(sha)), store.review_of(sha))
    items, history = [(rep, store.for_report(sha))], {sha: store.history(sha)}
    page = tmp_path / "sheet.html"
    export_html(items, page, reviewer="赵六", history=history)
    text = page.read_text(encoding="utf-8")
    assert "<th width=\"16%\">审阅人</th><td>张三</td>" in text
    assert "<th width=\"16%\">复核人</th><td>李四</td>" in text
    assert "<th width=\"16%\">经手人</th><td>王五、张三</td>" in text
    assert "<th width=\"16%\">审阅状态</th><td>审阅通过</td>" in text
    assert text.count("赵六") == 1 and "导出人：赵六" in text  # only as who exported it
    book = tmp_path / "sheet.xlsx"
    export_xlsx(items, book, reviewer="赵六", history=history)
    wb = load_workbook(book)
    row = dict(zip([c.value for c in wb["概要"][1]], [c.value for c in wb["概要"][2]], strict=True))
    assert (row["经手人"], row["签字审阅人"], row["复核人"], row["审阅状态"]) == ("王五、张三", "张三", "李四", "审阅通过")
    assert not any(c.value == "赵六" for ws in wb.worksheets for r in ws.iter_rows() for c in r)
    corr = list(wb["更正"].iter_rows(min_row=2, values_only=True))[0]
    assert corr[7] == "王五"
    store.close()


def _correct(home: Path, store: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "REVIEWDESK_HOME": str(home)}
    return subprocess.run([sys.executable, "main.py", "correct", str(ZONE), "--cell", "/".join(CELL), "--value", "26",
                           "--store", str(store), "--json", *extra], cwd=ROOT, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=300)


def test_headless_correct_takes_the_configured_name_or_refuses(tmp_path: Path) -> None:
    home, store = tmp_path / "home", tmp_path / "审阅库.json"
    home.mkdir()
    bare = _correct(home, store)
    assert bare.returncode == 2 and "--reviewer" in bare.stderr and "Traceback" not in bare.stderr
    assert not store.exists() or AnnotationStore(store).corrections(analyze(ZONE).report.sha256) == []
    (home / "reviewer.json").write_text(json.dumps({"reviewer": "孙七"}, ensure_ascii=False), encoding="utf-8")
    done = _correct(home, store)
    assert done.returncode in (0, 1), done.stderr
    cell = json.loads(done.stdout)["tables"]["applications"]["result.total"]["natural_person"]
    assert cell["corrected"]["by"] == "孙七"
    named = _correct(home, store, "--reviewer", "周八")
    assert json.loads(named.stdout)["tables"]["applications"]["result.total"]["natural_person"]["corrected"]["by"] \
        == "周八"
