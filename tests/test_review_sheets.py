"""The review record on the sheets (issue 10): corrected values beside the printed ones,
each finding's place and note, notes whose finding is gone, the history and both
signatures — on real reports from tests/corpus, read back with openpyxl and as HTML."""

from __future__ import annotations

import re
from pathlib import Path

import openpyxl
import pytest

from core.annotations import HistoryEntry
from core.export import FINDING_HEADERS, SUMMARY_HEADERS, export_html, export_xlsx
from core.sheet import HISTORY_SHOWN, cover_html, queue_summary, report_html, report_title
from tests.review_queue import CONCLUSION, NOTED, SIGNED, UNTOUCHED, Queue, reviewed_queue


@pytest.fixture(scope="module")
def queue(tmp_path_factory: pytest.TempPathFactory) -> Queue:
    return reviewed_queue(tmp_path_factory.mktemp("store") / "annotations.json")


def _rows(ws) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_xlsx_shows_corrections_history_and_both_signatures(tmp_path: Path, queue: Queue) -> None:
    out = tmp_path / "审阅表.xlsx"
    export_xlsx(queue.items, out, reviewer="王审阅", history=queue.history)
    wb = openpyxl.load_workbook(out)

    # The printed value beside the corrected one, with who, when, why and where.
    corr = _rows(wb["更正"])
    assert len(corr) == 1
    c = corr[0]
    assert str(c["文件"]).endswith(SIGNED) and (c["表"], c["行"], c["列"]) == ("复议诉讼", "行政复议", "总计")
    assert (c["原报值"], c["原文"], c["更正值"]) == (0, "0", 11)
    assert (c["更正人"], c["原因"]) == ("张三", "与原件核对") and re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d", str(c["更正时间"]))
    assert c["原文位置"] == "第4页"

    # The table sheet keeps the number (11, a number) and marks the cell with what was printed.
    table = wb["1.复议诉讼-洪泽区人民政府"]
    cell = next(x for row in table.iter_rows() for x in row if x.comment and "审阅更正" in x.comment.text)
    assert cell.value == 11 and "原报为“0”，更正为 11" in cell.comment.text and "与原件核对" in cell.comment.text
    assert cell.fill.fgColor.rgb[-6:] == "C6E0B4" and cell.font.bold

    # Both signatures, or a clear 未签字.
    summary = {str(r["文件"]).rsplit("/", 1)[-1]: r for r in _rows(wb["概要"])}
    assert set(SUMMARY_HEADERS) == set(summary[SIGNED])
    s = summary[SIGNED]
    assert (s["签字"], s["审阅结论"], s["签字审阅人"], s["复核人"]) == ("已签字", CONCLUSION, "张三", "李四")
    assert (s["更正数"], s["问题已不存在的批注数"]) == (1, 1)
    assert summary[NOTED]["签字"] == summary[UNTOUCHED]["签字"] == "未签字"
    sign = {str(r["文件"]).rsplit("/", 1)[-1]: r for r in _rows(wb["签字"])}
    assert (sign[SIGNED]["审阅人"], sign[SIGNED]["复核人"]) == ("张三", "李四")
    assert sign[SIGNED]["审阅结论"] == CONCLUSION and "复议总计印错" in str(sign[SIGNED]["问题已不存在的批注"])
    assert sign[NOTED]["审阅结论"] == "未签字" and sign[NOTED]["审阅人"] is None

    # The history: every change, newest first per report, readable targets.
    hist = [r for r in _rows(wb["审阅记录"]) if str(r["文件"]).endswith(SIGNED)]
    assert [r["项目"] for r in hist][0] == "签字"  # signed last, listed first
    assert {r["项目"] for r in hist} == {"签字", "审阅状态", "批注", "状态", "更正值"}
    value = next(r for r in hist if r["项目"] == "更正值")
    assert (value["对象"], value["新值"], value["操作人"], value["原因"]) == ("复议诉讼 行政复议 / 总计", "11", "张三", "与原件核对")
    assert any(r["对象"] == f"问题 {queue.gone.id}（问题已不存在）" for r in hist)

    # Findings: each with its place and note; the orphan note listed with its text.
    findings = [dict(zip(FINDING_HEADERS, r, strict=True)) for r in wb["问题清单"].iter_rows(min_row=2, values_only=True)]
    noted = next(r for r in findings if r["审阅批注"] == "第一句确有矛盾")
    assert noted["审阅状态"] == "已确认" and noted["批注人"] == "王五" and re.fullmatch(r"第\d+行", str(noted["位置"]))
    assert all(re.fullmatch(r"第\d+页", str(r["位置"])) for r in findings
               if str(r["文件"]).endswith(SIGNED) and r["规则编号"] == "review_sum")
    orphan = next(r for r in findings if r["规则"] == "问题已不存在")
    assert str(orphan["文件"]).endswith(SIGNED) and orphan["审阅批注"] == "复议总计印错"
    assert orphan["审阅状态"] == "需整改" and queue.gone.id in str(orphan["说明"])


def test_html_report_carries_its_own_record(tmp_path: Path, queue: Queue) -> None:
    out = tmp_path / "审阅表.html"
    export_html(queue.items, out, history=queue.history)
    page = out.read_text("utf-8")
    # Each report's record stands in its own section, before the next report begins.
    signed_at = page.index(report_title(queue.signed))
    noted_at = page.index(f"<h2>{report_title(queue.noted)}</h2>")
    record = page[signed_at:noted_at]
    assert '原报 0 →</span><br>更正 11' in record and 'class="num corrected"' in record
    assert "审阅更正（原报值与更正值）" in record and "与原件核对" in record
    assert "问题已不存在的批注" in record and "复议总计印错" in record
    assert f"审阅结论</th><td>{CONCLUSION}" in record and "复核人</th><td>李四" in record
    assert "审阅人签字" in record and "复核人签字" in record
    assert "未签字：本报告尚无审阅结论" in page[noted_at:]
    # A queue gets a cover page first.
    assert page.index("报告审阅状态") < signed_at


def test_history_summary_is_capped_newest_first(queue: Queue) -> None:
    report, notes = queue.items[0]
    many = [HistoryEntry(report.sha256, "report", "comment", f"旧{i}", f"新{i}", "张三", f"2026-01-01T10:{i:02d}:00+08:00",
                         seq=i) for i in range(HISTORY_SHOWN + 5)]
    page = report_html(report, notes, history=many)
    newest = HISTORY_SHOWN + 4
    assert f"旧{newest} → 新{newest}" in page and f"新{newest - HISTORY_SHOWN}" not in page
    assert page.index(f"新{newest}<") < page.index(f"新{newest - 1}<")
    assert "另有较早的记录 5 条" in page


def test_cover_counts_reports_findings_and_rules(queue: Queue) -> None:
    q = queue_summary(queue.items)
    # The one review state of each report (the contract's review_state): 问题已说明 passed it.
    assert q.states == {"pending": 2, "returned": 0, "resubmitted": 0, "passed": 1}
    assert [r.file for r in q.unreviewed] == [queue.untouched.file]
    reports = [r for r, _ in queue.items]
    assert sum(q.severities.values()) == sum(len(r.findings) for r in reports)
    assert {rule for rule, _, _ in q.rules} == {f.rule for r in reports for f in r.findings}
    page = cover_html(queue.items, "2026-11-29 21:00")
    assert "尚未审阅的报告（无批注、无签字）：1 份" in page and report_title(queue.untouched) in page
    assert "正文分项之和不符" in page  # rule names in Chinese, from the registry


def test_a_recheck_keeps_the_line_of_text_findings(queue: Queue) -> None:
    """Sheets print 第N行 for a text report, also after a re-check (not a character offset)."""
    for f in queue.noted.findings:
        if f.loc is not None and f.loc.start is not None:
            assert f.loc.line is not None, f.rule
