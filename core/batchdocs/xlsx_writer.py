"""The batch workbook (XLSX): 汇总, 问题清单, 得分, 缺报逾期 and 图表 with native Excel charts.

Every text cell goes through ``core.export._Sheet.put``, which writes strings as strings: a
unit name or a report's sentence starting with = + - @ stays text and never becomes a formula.
The charts are openpyxl chart objects over ranges of the 图表 sheet, so they stay editable in
Excel and WPS; the workbook holds no formula at all. Row heights follow the wrapped text
(Excel does not grow a row for wrapped text it did not lay out itself).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from core.batchdocs.charts import BAR_LIMIT, RULE_LIMIT
from core.batchdocs.docx_writer import score_order
from core.batchdocs.model import BatchDoc, evidence_text, status_label
from core.export import _display_width, _Sheet, write_sheet_file

SUMMARY_HEADERS = ["单位", "类别", "报送状态", "发布日期", "截止日期", "按期发布", "格式", "文件",
                   "错误数", "警告数", "提示数", "审阅状态", "得分", "暂定", "排名", "等次"]
FINDING_HEADERS = ["单位", "规则", "级别", "说明", "位置", "状态", "批注", "更正值", "文件", "问题编号"]
SCORE_HEADERS = ["单位", "类别", "得分", "暂定", "排名", "等次", "扣分项", "扣分", "依据"]
COVERAGE_HEADERS = ["单位", "类别", "报送状态", "截止日期", "发布日期", "逾期天数"]
LINE_POINTS = 15.0  # one line of 11-point text


def _yes(flag: bool) -> str:
    return "是" if flag else ""


def _fit_rows(sh: _Sheet, wrapped: tuple[int, ...], first: int, last: int) -> None:
    """Set each row's height from its wrapped cells' text and their columns' widths."""
    from openpyxl.utils import get_column_letter

    ws = sh.ws
    widths = {c: (ws.column_dimensions[get_column_letter(c)].width or 10) for c in wrapped}
    for r in range(first, last + 1):
        lines = 1
        for c in wrapped:
            v = ws.cell(row=r, column=c).value
            if not isinstance(v, str) or not v:
                continue
            per_line = max(1, int(widths[c]) - 1)
            lines = max(lines, sum(max(1, math.ceil(_display_width(part) / per_line)) for part in v.split("\n")))
        if lines > 1:
            ws.row_dimensions[r].height = min(409, lines * LINE_POINTS)  # 409: Excel's tallest row


def _summary(wb: Any, bd: BatchDoc) -> None:
    sh = _Sheet(wb.create_sheet("汇总"))
    sh.header(1, SUMMARY_HEADERS)
    for i, u in enumerate(bd.units, start=2):
        sh.put_row(i, [u.unit, u.category, u.status_label, u.published, u.deadline, u.deadline_met,
                       u.template, "\n".join(u.files), u.errors, u.warnings, u.infos, u.review_state,
                       u.score if u.score is not None else "", _yes(u.provisional),
                       u.rank if u.rank is not None else "", u.grade], wrap=(8,))
    sh.finish(maximum=40)
    _fit_rows(sh, (8,), 2, len(bd.units) + 1)


def _findings(wb: Any, bd: BatchDoc) -> None:
    sh = _Sheet(wb.create_sheet("问题清单"))
    sh.header(1, FINDING_HEADERS)
    for i, f in enumerate(bd.findings, start=2):
        sh.put_row(i, [f.unit, f.rule_name, f.severity, f.message, f.place, f.status, f.note, f.corrected,
                       f.file, f.finding_id], wrap=(4, 7, 8))
    sh.finish(maximum=60)
    _fit_rows(sh, (4, 7, 8), 2, len(bd.findings) + 1)


def _scores(wb: Any, bd: BatchDoc) -> None:
    sh = _Sheet(wb.create_sheet("得分"))
    sh.header(1, SCORE_HEADERS)
    r = 2
    for u in score_order(bd):
        head = [u.unit, u.category, u.score if u.score is not None else "", _yes(u.provisional),
                u.rank if u.rank is not None else "", u.grade]
        if not u.deductions:
            sh.put_row(r, [*head, "", "", ""])
            r += 1
        for d in u.deductions:
            points = d.get("points")
            sh.put_row(r, [*head, str(d.get("item", "")), points if isinstance(points, int | float) else "",
                           evidence_text(d, bd)], wrap=(9,))
            r += 1
    sh.finish(maximum=60)
    _fit_rows(sh, (9,), 2, r - 1)


def _days_late(published: str, deadline: str) -> int | str:
    from datetime import date

    try:
        return (date.fromisoformat(published) - date.fromisoformat(deadline)).days
    except ValueError:
        return ""


def _coverage(wb: Any, bd: BatchDoc) -> None:
    sh = _Sheet(wb.create_sheet("缺报逾期"))
    sh.header(1, COVERAGE_HEADERS)
    r = 2
    for status in ("missing", "late", "date_unknown"):
        for u in bd.units_with(status):
            sh.put_row(r, [u.unit, u.category, u.status_label, u.deadline, u.published,
                           _days_late(u.published, u.deadline) if status == "late" else ""])
            r += 1
    sh.finish(maximum=50)


def _charts(wb: Any, bd: BatchDoc) -> None:
    """Three native charts, each over its own small table on this sheet."""
    from openpyxl.chart import BarChart, Reference

    ws = wb.create_sheet("图表")
    sh = _Sheet(ws)

    def block(col: int, title: str, rows: list[tuple[str, float]], anchor: str, horizontal: bool) -> None:
        sh.put(1, col, title)
        sh.put(1, col + 1, "数值")
        for i, (name, value) in enumerate(rows, start=2):
            sh.put(i, col, name)
            sh.put(i, col + 1, value)
        chart = BarChart()
        chart.type = "bar" if horizontal else "col"
        chart.title = title
        chart.legend = None
        chart.height = max(7.5, 0.5 * len(rows) + 2)
        chart.width = 16
        data = Reference(ws, min_col=col + 1, min_row=1, max_row=max(2, len(rows) + 1))
        cats = Reference(ws, min_col=col, min_row=2, max_row=max(2, len(rows) + 1))
        chart.add_data(data, titles_from_data=True)
        chart.set_categories(cats)
        if horizontal:
            chart.y_axis.scaling.orientation = "minMax"
            chart.x_axis.scaling.orientation = "maxMin"  # first row on top, as the table
        ws.add_chart(chart, anchor)

    cov = bd.coverage_counts()
    block(1, "报送情况", [(status_label(k), v) for k, v in cov.items()], "J2", horizontal=False)
    scored = [u for u in bd.units if u.score is not None]
    if len(scored) <= BAR_LIMIT:
        rows = [(u.unit, u.score or 0.0) for u in sorted(scored, key=lambda u: (-(u.score or 0), u.unit))]
        block(4, "各单位得分", rows, "J20", horizontal=True)
    else:
        bands = [name for name, _ in bd.bands]
        block(4, "得分分布（按等次）", [(b, sum(1 for u in scored if u.grade == b)) for b in bands], "J20",
              horizontal=False)
    by_rule = bd.findings_by_rule()
    if len(by_rule) > RULE_LIMIT:
        by_rule = by_rule[: RULE_LIMIT - 1] + [("其他", sum(c for _, c in by_rule[RULE_LIMIT - 1:]))]
    block(7, "问题按规则分布", [(n, c) for n, c in by_rule], "J40", horizontal=True)
    sh.fit_columns(maximum=30)


def write_xlsx(bd: BatchDoc, path: Path | str) -> None:
    """Write the batch workbook for ``bd`` to ``path`` (atomically)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, bd)
    _findings(wb, bd)
    _scores(wb, bd)
    _coverage(wb, bd)
    _charts(wb, bd)
    wb.properties.title = bd.title
    wb.properties.description = f"{bd.stage}; engine {bd.engine_version}"
    write_sheet_file(Path(path), lambda tmp: wb.save(str(tmp)))
