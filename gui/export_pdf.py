"""The PDF review sheet, printed by Qt itself: one report per page run, ready to sign.

Header (file, agency, year, format, reviewer, date, signature line), the findings with
their status and notes, and the tables with faulty cells marked. The bundled CJK font is
used by name, and Qt embeds (a subset of) it in the PDF so Chinese prints anywhere.
"""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QFont, QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument

from core.annotations import Annotation, finding_target
from core.model import Report
from gui.labels import SEVERITY_ORDER, TABLE_IDS

_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_TABLES = {
    "article20": "第二十条 主动公开",
    "applications": "收到和处理政府信息公开申请",
    "reviews": "行政复议、行政诉讼",
}
_FILL = {"error": "#f8c4c0", "warning": "#ffe2a8"}

_app: QGuiApplication | None = None


def _ensure_app() -> None:
    """The headless ``main.py check --out x.pdf`` has no application yet: make one."""
    global _app
    if QGuiApplication.instance() is not None:
        return
    from gui.app import ensure_display

    ensure_display()
    _app = QGuiApplication(["reviewdesk-export"])


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _cell_text(cell: Any) -> str:
    if cell is None:
        return ""
    return cell.raw if cell.raw else ("" if cell.value is None else str(cell.value))


def report_html(report: Report, notes: dict[str, Annotation], reviewer: str) -> str:
    """One report's sheet as simple HTML that QTextDocument lays out."""
    from gui.table_model import layout_for

    rep_note = notes.get("report")
    counts = report.counts()
    out = [
        f"<h2>政府信息公开工作年度报告 审阅单</h2>"
        f"<table class='head' width='100%' cellpadding='3'>"
        f"<tr><td width='18%'><b>文件</b></td><td colspan='3'>{_e(Path(report.file).name)}</td></tr>"
        f"<tr><td><b>发布机关</b></td><td>{_e(report.agency or '—')}</td>"
        f"<td width='14%'><b>年度</b></td><td>{_e(report.year or '—')}</td></tr>"
        f"<tr><td><b>格式</b></td><td>{_e(report.template)}</td>"
        f"<td><b>SHA-256</b></td><td><small>{_e(report.sha256[:16])}…</small></td></tr>"
        f"<tr><td><b>问题</b></td><td>错误 {counts.get('error', 0)} · 警告 {counts.get('warning', 0)} · "
        f"提示 {counts.get('info', 0)}</td>"
        f"<td><b>审阅结论</b></td><td>{_e(rep_note.status if rep_note else '未审阅')}</td></tr>"
        f"<tr><td><b>审阅人</b></td><td>{_e(reviewer or (rep_note.reviewer if rep_note else ''))}</td>"
        f"<td><b>日期</b></td><td>{date.today().isoformat()}</td></tr>"
        "</table>"
    ]
    if rep_note and rep_note.comment:
        out.append(f"<p><b>审阅意见：</b>{_e(rep_note.comment)}</p>")
    if report.error:
        out.append(f"<p style='color:#c0392b'><b>无法读取：</b>{_e(report.error)}</p>")
    out.append("<h3>发现的问题</h3>")
    findings = sorted(report.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, 9))
    if findings:
        out.append(
            "<table class='grid' width='100%' cellspacing='0' cellpadding='3'>"
            "<tr><th width='7%'>级别</th><th width='16%'>规则</th><th>说明</th>"
            "<th width='9%'>状态</th><th width='22%'>批注</th></tr>"
        )
        for f in findings:
            ann = notes.get(finding_target(f.key()))
            bg = _FILL.get(f.severity, "#ffffff")
            out.append(
                f"<tr><td bgcolor='{bg}'>{_SEVERITY.get(f.severity, f.severity)}</td><td>{_e(f.rule)}</td>"
                f"<td>{_e(f.message)}</td><td>{_e(ann.status if ann else '')}</td>"
                f"<td>{_e(ann.comment if ann else '')}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p>未发现问题。</p>")
    for table_id in TABLE_IDS:
        if table_id not in report.tables:
            continue
        rows, cols = layout_for(report, table_id)
        worst: dict[tuple[str, str], str] = {}
        for f in report.findings:
            if f.table == table_id and f.severity in _FILL:
                for key in f.cells:
                    if worst.get(key) != "error":
                        worst[key] = f.severity
        data = report.tables[table_id]
        out.append(f"<h3>{_e(_TABLES.get(table_id, table_id))}</h3>")
        out.append("<table class='grid' width='100%' cellspacing='0' cellpadding='2'><tr><th></th>")
        out.extend(f"<th><small>{_e(label)}</small></th>" for _cid, label in cols)
        out.append("</tr>")
        for spec in rows:
            missing = spec.id not in data
            label = _e(spec.label) + (" <b>[缺失]</b>" if missing else "")
            out.append(f"<tr><td><small>{label}</small></td>")
            for cid, _label in cols:
                cell = data.get(spec.id, {}).get(cid)
                sev = worst.get((spec.id, cid))
                note = notes.get(f"cell:{table_id}:{spec.id}:{cid}")
                attrs = f" bgcolor='{_FILL[sev]}'" if sev else (" bgcolor='#eeeeee'" if missing else "")
                text = _e(_cell_text(cell))
                if cell is not None and cell.inferred:
                    text = f"<i>{text}</i>"
                if note and (note.comment or note.status):
                    text += f"<br><small>✎{_e(note.status)} {_e(note.comment)}</small>"
                out.append(f"<td align='right'{attrs}>{text}</td>")
            out.append("</tr>")
        out.append("</table>")
    out.append(
        "<p><small>红底：错误涉及的单元格；黄底：警告；斜体：由行内算术推断的数值；灰底：报告缺少的行。</small></p>"
        "<br><table width='100%' cellpadding='6'><tr>"
        "<td width='50%'>审阅人签字：______________________</td>"
        "<td>日期：____________________</td></tr></table>"
    )
    return "".join(out)


_CSS = """
body { font-size: 9pt; }
h2 { font-size: 15pt; text-align: center; }
h3 { font-size: 11pt; margin-top: 10px; }
table.grid { border-collapse: collapse; }
table.grid td, table.grid th { border: 1px solid #555; }
th { background-color: #e8e8e8; }
"""


def export_pdf(
    items: list[tuple[Report, dict[str, Annotation]]], path: str | Path, reviewer: str = ""
) -> None:
    """Write the review sheet(s) of ``items`` as one PDF, each report starting a new page."""
    _ensure_app()
    from gui.fonts import cjk_family

    family = cjk_family()
    writer = QPdfWriter(str(path))
    writer.setTitle("政府信息公开工作年度报告 审阅单")
    writer.setCreator("年报审阅台 ReviewDesk")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    parts = [report_html(rep, notes, reviewer) for rep, notes in items] or ["<p>（没有报告）</p>"]
    body = "<div style='page-break-before: always'></div>".join(parts)
    doc = QTextDocument()
    doc.setDefaultStyleSheet(_CSS)
    font = QFont(family)
    font.setPointSizeF(9)
    doc.setDefaultFont(font)
    doc.setHtml(f"<html><body>{body}</body></html>")
    # No page size of our own: print_() then lays the text out on the writer's page at
    # its resolution, so point sizes come out as points on paper.
    doc.print_(writer)
