"""What every review sheet shows, decided once: the table layout, the words for a finding,
and the one HTML rendering of the sheet.

The HTML sheet is written for two readers: a browser (``core/export.py`` saves it as a
self-contained page) and Qt's ``QTextDocument`` (``gui/export_pdf.py`` prints it to PDF).
So it keeps to what both understand: plain tables, ``bgcolor`` beside the class on a
coloured cell (Qt's rich text honours the attribute, a browser the class), and a page
break as an empty ``div`` with ``page-break-before``.

Pure Python (no Qt). Each item is one checked report and its notes, ``target -> Annotation``
as ``AnnotationStore.for_report`` returns them.
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.annotations import REPORT_TARGET, STATUSES, Annotation, cell_target, finding_target
from core.formats import TableDef, load_formats
from core.labels import (
    INFERRED_CELL,
    MISSING_ROW,
    SEVERITY_LABELS,
    SEVERITY_ORDER,
    TABLE_IDS,
    TABLE_TITLES,
    UNREVIEWED,
    severity_label,
    table_short,
)
from core.model import SEVERITIES, Finding, Report
from core.rules.registry import rule_name

Item = tuple[Report, dict[str, Annotation]]

SHEET_TITLE = "政府信息公开工作年度报告 审阅表"
# One palette for every sheet (XLSX fills are the same colours without the "#").
COLOURS = {"error": "#FFC7CE", "warning": "#FFEB9C", "blank": "#D9D9D9", "missing": "#EEEEEE",
           "na": "#F4F4F4", "header": "#DDEBF7"}
MAX_CELLS_LISTED = 4  # a column_sum names a whole column; the sheet marks them all anyway


# --------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class RowLayout:
    id: str
    label: str
    columns: frozenset[str]  # the columns this row has (article20's rows differ)
    present: bool  # the report has this row; absent = the engine reports it missing


@dataclass(frozen=True)
class Layout:
    """A table as laid out for reading: format order and labels, ids where unknown."""

    table_id: str
    title: str
    rows: tuple[RowLayout, ...]
    cols: tuple[tuple[str, str], ...]  # (column id, label), the union over the rows


def _table_def(report: Report, table_id: str | None) -> TableDef | None:
    fmt = load_formats().get(report.template)
    return fmt.tables.get(table_id) if fmt and table_id else None


def table_layout(report: Report, table_id: str) -> Layout:
    """The one layout of a table, for the window and every sheet.

    A fallback row (``replaces`` in the format, e.g. the 2021 format's single
    "(六)其他处理" line of 2019-style reports) shows only when the report has it: when it
    is absent the report used the rows it stands for, and nothing is missing.
    """
    data = report.tables.get(table_id, {})
    tdef = _table_def(report, table_id)
    rows: list[RowLayout] = []
    cols: dict[str, str] = {}
    if tdef:
        for c in tdef.columns:
            cols.setdefault(c.id, c.label)
        for r in tdef.rows:
            if r.replaces and r.id not in data:
                continue
            rows.append(RowLayout(r.id, r.label, frozenset(c.id for c in r.columns), r.id in data))
            for c in r.columns:
                cols.setdefault(c.id, c.label)
    known = {r.id for r in rows} | ({r.id for r in tdef.rows} if tdef else set())
    for row_id, cells in data.items():  # rows the format does not name: show them, by id
        if row_id not in known:
            rows.append(RowLayout(row_id, row_id, frozenset(cells), True))
        for col_id in cells:
            cols.setdefault(col_id, col_id)
    title = tdef.title if tdef else TABLE_TITLES.get(table_id, table_id)
    return Layout(table_id, title, tuple(rows), tuple(cols.items()))


def table_ids(report: Report) -> list[str]:
    return [t for t in TABLE_IDS if t in report.tables] + [t for t in report.tables if t not in TABLE_IDS]


def row_label(report: Report, table_id: str | None, row_id: str) -> str:
    tdef = _table_def(report, table_id)
    if tdef:
        with contextlib.suppress(KeyError):
            return tdef.row(row_id).label
    return row_id


def col_label(report: Report, table_id: str | None, row_id: str, col_id: str) -> str:
    tdef = _table_def(report, table_id)
    if tdef:
        with contextlib.suppress(KeyError):
            return tdef.column_label(row_id, col_id)
        for c in (*tdef.columns, *(c for r in tdef.rows for c in r.columns)):
            if c.id == col_id:
                return c.label
    return col_id


# --------------------------------------------------------------------------- words


def rule_text(rule_id: str) -> str:
    """The rule as a person and a machine read it: 总计与分项不符（column_sum）."""
    name = rule_name(rule_id)
    return name if name == rule_id else f"{name}（{rule_id}）"


def cells_text(report: Report, f: Finding) -> str:
    parts = []
    for row_id, col_id in f.cells[:MAX_CELLS_LISTED]:
        r = row_label(report, f.table, row_id)
        parts.append(f"{r} / {col_label(report, f.table, row_id, col_id)}" if col_id else r)
    more = len(f.cells) - MAX_CELLS_LISTED
    return "；".join(parts) + (f" 等共 {len(f.cells)} 格" if more > 0 else "")


def loc_text(f: Finding) -> str:
    """Where to look: a page of a PDF, a line of a text report (as the viewer shows it)."""
    loc = f.loc
    if loc is None:
        return ""
    if loc.page is not None:
        return f"第{loc.page}页"
    if loc.line is not None:
        return f"第{loc.line}行"
    if loc.start is not None:
        return f"第{loc.start}字"
    return ""


def value_text(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, list | tuple):
        return "、".join(value_text(x) for x in v)
    return str(v)


def finding_note(notes: dict[str, Annotation], f: Finding) -> Annotation | None:
    return notes.get(finding_target(f.key()))


def review_status(notes: dict[str, Annotation], f: Finding) -> str:
    ann = finding_note(notes, f)
    return ann.status if ann and ann.status else UNREVIEWED


def status_counts(report: Report, notes: dict[str, Annotation]) -> dict[str, int]:
    out = {s: 0 for s in (*STATUSES, UNREVIEWED)}
    for f in report.findings:
        s = review_status(notes, f)
        out[s] = out.get(s, 0) + 1
    return out


def sorted_findings(report: Report) -> list[Finding]:
    return sorted(report.findings, key=lambda f: SEVERITY_ORDER.get(f.severity, len(SEVERITY_ORDER)))


def cell_marks(report: Report) -> dict[tuple[str, str, str], list[Finding]]:
    """(table, row, col) -> the findings naming that cell; col "" means the whole row."""
    marks: dict[tuple[str, str, str], list[Finding]] = {}
    for f in report.findings:
        if not f.table:
            continue
        for row_id, col_id in f.cells:
            marks.setdefault((f.table, row_id, col_id or ""), []).append(f)
    return marks


def worst(findings: Iterable[Finding]) -> str | None:
    sev = {f.severity for f in findings}
    for s in ("error", "warning"):
        if s in sev:
            return s
    return None


def template_name(report: Report) -> str:
    fmt = load_formats().get(report.template)
    return fmt.name if fmt else "未识别"


def display_name(report: Report) -> str:
    return Path(report.file).name or report.file


def note_text(ann: Annotation | None) -> str:
    if ann is None or not (ann.status or ann.comment):
        return ""
    head = f"【{ann.status}】" if ann.status else ""
    who = "，".join(x for x in (ann.reviewer, ann.updated) if x)
    return f"{head}{ann.comment}" + (f"（{who}）" if who else "")


def cell_text(cell: Any) -> str:
    """A cell as printed: its number, else its raw text (a placeholder such as "/")."""
    if cell is None:
        return ""
    return value_text(cell.value) if cell.value is not None else cell.raw


def counts_text(report: Report) -> str:
    counts = report.counts()
    return "　".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)}" for s in SEVERITIES)


# --------------------------------------------------------------------------- HTML

CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;
  margin:24px;color:#222;font-size:14px}
h1{font-size:20px;margin:0 0 8px;text-align:center} h2{font-size:17px;margin:20px 0 8px}
h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}
th,td{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left}
th{background-color:#ddebf7} td.num{text-align:right;white-space:nowrap}
.error{background-color:#ffc7ce} .warning{background-color:#ffeb9c} .blank{background-color:#d9d9d9}
.missing{background-color:#eeeeee;color:#666} .na{background-color:#f4f4f4}
.id{color:#555;font-size:11px;white-space:nowrap} .rule{white-space:nowrap}
.meta th{width:9em} .note{color:#444;font-size:13px} .legend span{padding:0 8px;margin-right:8px;border:1px solid #999}
.sign{margin-top:28px}
@media print{body{margin:0} th,td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

# (heading, width in % of the page): widths fixed so that on A4 the message gets the room
# and a rule id fits its column whole.
FINDING_COLUMNS = (("级别", 6), ("规则", 19), ("位置", 18), ("说明", 26), ("期望", 6), ("实际", 6),
                   ("审阅状态", 9), ("审阅批注", 10))
PAGE_BREAK = '<div style="page-break-before:always"></div>'


def _e(value: Any) -> str:
    text = value if isinstance(value, str) else value_text(value)
    return html.escape(text).replace("\n", "<br>")


def _td(text: str, cls: str = "", tip: str = "", raw: bool = False) -> str:
    """A cell; a coloured one carries ``bgcolor`` too, for Qt's rich text."""
    colour = next((COLOURS[c] for c in cls.split() if c in COLOURS), "")
    attrs = (f' class="{cls}"' if cls else "") + (f' bgcolor="{colour}"' if colour else "") + tip
    return f"<td{attrs}>{text if raw else _e(text)}</td>"


def sheet_html(items: list[Item], reviewer: str = "", today: str = "", css: str = CSS) -> str:
    """The review sheet of ``items`` as one HTML page, each report from a new page.

    ``css`` is the page's style sheet: the browser's by default; the PDF printer gives
    its own (point sizes for paper, and no font list, so Qt keeps its embedded CJK font).
    """
    head = (f"<p>导出时间：{_e(today)}" if today else "<p>") + (f"　审阅人：{_e(reviewer)}" if reviewer else "") + "</p>"
    legend = ('<p class="legend">图例：' + "".join(
        f'<span class="{k}" style="background-color:{COLOURS[k]}">&nbsp;{w}&nbsp;</span>　'
        for k, w in (("error", "错误"), ("warning", "警告"), ("blank", "空白或占位符"), ("missing", "报告缺此行")))
        + "斜体：由连写数字按行内算术推断的数值</p>")
    reports = [report_html(report, notes, reviewer, today) for report, notes in items] or ["<p>（没有报告）</p>"]
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{SHEET_TITLE}</title>", f"<style>{css}</style></head><body>",
        f"<h1>{SHEET_TITLE}</h1>", head, legend,
        PAGE_BREAK.join(reports),
        "</body></html>",
    ])


def report_html(report: Report, notes: dict[str, Annotation], reviewer: str = "", today: str = "") -> str:
    """One report: its header, the findings with the reviewer's notes, its tables, a signature line."""
    rep = notes.get(REPORT_TARGET)
    statuses = status_counts(report, notes)
    meta: list[tuple[str, Any]] = [
        ("文件", report.file), ("SHA-256", report.sha256), ("发布机关", report.agency or "—"),
        ("年度", report.year or "—"), ("格式", template_name(report)),
        ("审阅人", reviewer or (rep.reviewer if rep else "")), ("导出日期", today),
        ("问题数", counts_text(report)),
        ("审阅状态", "　".join(f"{s} {n}" for s, n in statuses.items())),
        ("报告审阅结论", rep.status if rep and rep.status else UNREVIEWED),
        ("报告批注", note_text(rep)),
    ]
    if report.error:
        meta.append(("读取错误", report.error))
    parts = ['<div class="report">', f"<h2>{_e(display_name(report))}</h2>",
             '<table class="meta" cellspacing="0" cellpadding="3">']
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in meta]
    parts.append("</table>")
    parts.append("<h3>问题清单</h3>")
    parts.append(_findings_html(report, notes))
    marks = cell_marks(report)
    for table_id in table_ids(report):
        parts.append(_table_html(report, notes, table_id, marks))
    parts.append('<p class="sign">审阅人签字：______________　　日期：______________</p></div>')
    return "\n".join(parts)


def _findings_html(report: Report, notes: dict[str, Annotation]) -> str:
    findings = sorted_findings(report)
    if not findings:
        return "<p>未发现问题。</p>"
    out = ['<table class="findings" cellspacing="0" cellpadding="3"><tr>'
           + "".join(f'<th width="{w}%">{h}</th>' for h, w in FINDING_COLUMNS) + "</tr>"]
    for f in findings:
        sev = f.severity if f.severity in ("error", "warning") else ""
        rule = f'<span class="rule">{_e(rule_name(f.rule))}</span><br><span class="id">{_e(f.rule)}</span>'
        where = "；".join(x for x in (loc_text(f), table_short(f.table), cells_text(report, f)) if x)
        out.append("<tr>" + "".join([
            _td(severity_label(f.severity), sev), _td(rule, raw=True), _td(where), _td(f.message),
            _td(value_text(f.expected), "num"), _td(value_text(f.actual), "num"),
            _td(review_status(notes, f)), _td(note_text(finding_note(notes, f)), "note"),
        ]) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _table_html(report: Report, notes: dict[str, Annotation], table_id: str,
                marks: dict[tuple[str, str, str], list[Finding]]) -> str:
    lay = table_layout(report, table_id)
    data = report.tables.get(table_id, {})
    out = [f"<h3>{_e(lay.title)}</h3>", '<table class="grid" cellspacing="0" cellpadding="2">',
           '<tr><th width="30%">项目</th>' + "".join(f"<th>{_e(label)}</th>" for _, label in lay.cols) + "</tr>"]
    for row in lay.rows:
        row_found = marks.get((table_id, row.id, ""), [])
        tip = _tip(row_found, notes.get(cell_target(table_id, row.id, "")), notes)
        if not row.present:
            cells = [_td(row.label + MISSING_ROW, "missing", tip)]
            cells += [_td("", "missing") for _ in lay.cols]
            out.append("<tr>" + "".join(cells) + "</tr>")
            continue
        cells = [_td(row.label, worst(row_found) or "", tip)]
        for col_id, _ in lay.cols:
            if col_id not in row.columns and col_id not in data.get(row.id, {}):
                cells.append(_td("", "na"))  # this row has no such column
                continue
            cell = data.get(row.id, {}).get(col_id)
            found = marks.get((table_id, row.id, col_id), [])
            klass = worst(found) or ("blank" if cell is not None and cell.value is None else "")
            tip = _tip(found, notes.get(cell_target(table_id, row.id, col_id)), notes,
                       INFERRED_CELL if cell is not None and cell.inferred else "")
            text = _e(cell_text(cell))
            if cell is not None and cell.inferred:
                text = f"<i>{text}</i>"
            note = note_text(notes.get(cell_target(table_id, row.id, col_id)))
            if note:
                text += f'<br><span class="note">✎{_e(note)}</span>'
            cells.append(_td(text, f"num {klass}".strip(), tip, raw=True))
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _tip(found: list[Finding], note: Annotation | None, notes: dict[str, Annotation], extra: str = "") -> str:
    """The finding messages and notes as a hover title (the findings list prints them too)."""
    lines = [f"[{rule_name(f.rule)}] {f.message}" for f in found]
    lines += [n for n in (note_text(finding_note(notes, f)) for f in found) if n]
    if note_text(note):
        lines.append(note_text(note))
    if extra:
        lines.append(extra)
    return f' title="{html.escape(chr(10).join(lines), quote=True)}"' if lines else ""
