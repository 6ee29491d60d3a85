"""What every review sheet shows, decided once: the table layout, the words for a finding,
and the one HTML rendering of the sheet.

The HTML sheet is written for two readers: a browser (``core/export.py`` saves it as a
self-contained page) and Qt's ``QTextDocument`` (``gui/export_pdf.py`` prints it to PDF).
So it keeps to what both understand: plain tables, ``bgcolor`` beside the class on a
coloured cell (Qt's rich text honours the attribute, a browser the class), and a page
break as an empty ``div`` with ``page-break-before``.

Beside the engine's findings each report carries the reviewer's record: corrected cells
(what the report printed beside the reviewer's value), notes on findings, notes whose
finding is gone, a history summary and both signatures. A whole queue gets a cover page.

Pure Python (no Qt). Each item is one checked report and its notes, ``target -> Annotation``
as ``AnnotationStore.for_report`` returns them; the sign-off and the orphan notes come on
the report itself (``core.annotations.annotate``), the history as ``sha256 -> entries``
(``AnnotationStore.history``).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.annotations import (
    REPORT_TARGET,
    STATUSES,
    Annotation,
    HistoryEntry,
    cell_target,
    finding_target,
    orphan_dict,
)
from core.annotations import orphan_notes as find_orphans
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
from core.model import SEVERITIES, Cell, Finding, Loc, Report
from core.numbers import number_text
from core.rules.registry import rule_name
from core.signoff import PENDING, STATES

Item = tuple[Report, dict[str, Annotation]]
History = dict[str, list[HistoryEntry]]  # sha256 -> the store's history of that report

SHEET_TITLE = "政府信息公开工作年度报告 审阅表"
# One palette for every sheet (XLSX fills are the same colours without the "#").
COLOURS = {"error": "#FFC7CE", "warning": "#FFEB9C", "blank": "#D9D9D9", "missing": "#EEEEEE",
           "na": "#F4F4F4", "header": "#DDEBF7", "corrected": "#C6E0B4"}
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


def cells_text(report: Report, f: Finding) -> str:
    """The cells a finding names, a row's label once for its cells: 本年新收 / 自然人、商业企业."""
    rows: dict[str, list[str]] = {}
    for row_id, col_id in f.cells[:MAX_CELLS_LISTED]:
        cols = rows.setdefault(row_id, [])
        if col_id:
            cols.append(col_label(report, f.table, row_id, col_id))
    parts = [row_label(report, f.table, r) + (" / " + "、".join(cols) if cols else "") for r, cols in rows.items()]
    more = len(f.cells) - MAX_CELLS_LISTED
    return "；".join(parts) + (f" 等共 {len(f.cells)} 格" if more > 0 else "")


def loc_text(f: Finding | Cell) -> str:
    """Where to look: a page of a PDF, a line of a text report (as the viewer shows it)."""
    return place_text(f.loc)


def place_text(loc: Loc | None) -> str:
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
    return number_text(v)


def finding_note(notes: dict[str, Annotation], f: Finding) -> Annotation | None:
    """The note on a finding: from the store's notes, else the one ``annotate`` put on it."""
    ann = notes.get(finding_target(f.key()))
    if ann is None and f.note:
        n = f.note
        ann = Annotation("", finding_target(f.key()), n.get("status", ""), n.get("comment", ""),
                         n.get("by", ""), n.get("at", ""))
    return ann


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


def report_title(report: Report) -> str:
    """What a report is called on its pages: the agency and year, else the file's name."""
    if report.agency:
        return f"{report.agency} {report.year}年度" if report.year else report.agency
    return display_name(report)


def time_text(iso: str) -> str:
    """An ISO 8601 time as a reviewer reads it: 2025-03-01 10:05 (seconds and zone dropped)."""
    if len(iso) >= 16 and iso[10] == "T":
        return f"{iso[:10]} {iso[11:16]}"
    return iso


def note_text(ann: Annotation | None) -> str:
    if ann is None or not (ann.status or ann.comment):
        return ""
    head = f"【{ann.status}】" if ann.status else ""
    who = "，".join(x for x in (ann.reviewer, time_text(ann.updated)) if x)
    return f"{head}{ann.comment}" + (f"（{who}）" if who else "")


def cell_text(cell: Any) -> str:
    """A cell as printed: its number, else its raw text (a placeholder such as "/")."""
    if cell is None:
        return ""
    return value_text(cell.value) if cell.value is not None else cell.raw


def counts_text(report: Report) -> str:
    counts = report.counts()
    return "　".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)}" for s in SEVERITIES)


# --------------------------------------------------------------------------- the review record

ORPHAN_NOTE = "问题已不存在"  # a note whose finding this reading no longer has
UNSIGNED = "未签字"
HISTORY_SHOWN = 12  # newest entries printed per report; the XLSX sheet keeps them all
HISTORY_FIELDS = {"status": "状态", "comment": "批注", "value": "更正值", "confirm": "确认读数", "signoff": "签字",
                  "unlock": "解锁", "review_state": "审阅状态", "migrated": "批注迁移", "pair": "跨年配对"}
HISTORY_ACTIONS = {"undo": "撤销", "redo": "重做"}
# The report's one review state (the contract's review_state), as the window says it.
REVIEW_STATES = dict(STATES)


def printed_text(cell: Cell) -> str:
    """What the report printed in a corrected cell (its raw text, or 空)."""
    c = cell.corrected
    if c is None:
        return cell_text(cell)
    return c.original_raw.strip() or ("空" if c.original is None else value_text(c.original))


def corrected_value_text(cell: Cell) -> str:
    return value_text(cell.value) or "空"


def correction_text(cell: Cell) -> str:
    """A corrected cell's note: what the report printed, who changed it, when and why."""
    c = cell.corrected
    if c is None:
        return ""
    return (f"审阅更正：原报为“{printed_text(cell)}”，更正为 {corrected_value_text(cell)}"
            f"（{'，'.join(x for x in (c.by, time_text(c.at), c.reason) if x)}）")


def corrected_cells(report: Report) -> list[tuple[str, str, str, Cell]]:
    """(table, row, col, cell) of every corrected cell, in the tables' order (a reading
    confirmed as read is not one: ``confirmed_cells``)."""
    return [(t, r, c, cell) for t in table_ids(report) for r, cols in report.tables[t].items()
            for c, cell in cols.items() if cell.corrected is not None]


def confirmed_cells(report: Report) -> list[tuple[str, str, str, Cell]]:
    """(table, row, col, cell) of every reading the reviewer confirmed unchanged."""
    return [(t, r, c, cell) for t in table_ids(report) for r, cols in report.tables[t].items()
            for c, cell in cols.items() if cell.confirmed is not None]


def orphan_notes(report: Report, notes: dict[str, Annotation]) -> list[dict[str, Any]]:
    """Notes whose finding this reading does not have: ``annotate``'s list when the report
    went through it, else ``core.annotations.orphan_notes`` (the one test) on the notes."""
    if report.orphan_notes is not None:
        return report.orphan_notes
    return [orphan_dict(a) for a in find_orphans(notes, [f.key() for f in report.findings])]


def orphan_text(o: dict[str, Any]) -> str:
    head = f"【{o.get('status')}】" if o.get("status") else ""
    who = "，".join(x for x in (str(o.get("by") or ""), time_text(str(o.get("at") or ""))) if x)
    return f"{head}{o.get('comment', '')}" + (f"（{who}）" if who else "")


def target_text(report: Report, target: str) -> str:
    """A history target as a reviewer reads it."""
    kind, _, rest = target.partition(":")
    if kind == "finding":
        f = next((f for f in report.findings if f.key() == rest), None)
        return f"问题 {rule_name(f.rule)}：{f.message[:40]}" if f else f"问题 {rest}（{ORPHAN_NOTE}）"
    if kind in ("cell", "correction"):
        parts = rest.replace("/", ":").split(":")
        if len(parts) == 3:
            t, r, c = parts
            return f"{table_short(t)} {row_label(report, t, r)} / {col_label(report, t, r, c)}"
    if kind == "legacy":
        return f"旧版批注（{ORPHAN_NOTE}）"
    if target == REPORT_TARGET:
        return "整份报告"
    if target == "pair":
        return "与上一年度报告的配对"
    return target


def history_value(field: str, text: str) -> str:
    if field in ("value", "confirm") and text == "blank":
        return "空"
    return text


def history_field(e: HistoryEntry) -> str:
    """What an entry changed; an undo or redo says so (撤销 更正值)."""
    what = HISTORY_FIELDS.get(e.field, e.field)
    return f"{HISTORY_ACTIONS[e.action]} {what}" if e.action in HISTORY_ACTIONS else what


def newest_first(entries: list[HistoryEntry]) -> list[HistoryEntry]:
    """In the order they were recorded (each entry carries the time it happened)."""
    return sorted(entries, key=lambda e: e.seq, reverse=True)


def review_state(report: Report) -> str:
    """The report's one review state (``core.annotations.annotate`` puts the store's on
    it): a key of REVIEW_STATES; pending where the store gave none."""
    return report.review_state or PENDING


def untouched(report: Report, notes: dict[str, Annotation]) -> bool:
    """Nobody has marked the report yet: no sign-off, note, correction or confirmation."""
    if report.signoff:
        return False
    marked = any(a.status or a.comment for a in notes.values())
    return not (marked or corrected_cells(report) or confirmed_cells(report) or orphan_notes(report, notes)
                or any(f.note for f in report.findings))


def actors(report: Report, notes: dict[str, Annotation], history: Iterable[HistoryEntry] = ()) -> list[str]:
    """The names that acted on this report — its history, notes, corrections and
    confirmations — in the order they first acted. Never the exporting user's preference."""
    names: dict[str, None] = {}
    for e in sorted(history, key=lambda e: e.seq):
        if e.by and e.field != "migrated":
            names.setdefault(e.by)
    for a in sorted(notes.values(), key=lambda a: a.updated):
        if a.reviewer and (a.status or a.comment):
            names.setdefault(a.reviewer)
    for *_, cell in corrected_cells(report):
        if cell.corrected and cell.corrected.by:
            names.setdefault(cell.corrected.by)
    for *_, cell in confirmed_cells(report):
        if cell.confirmed and cell.confirmed.get("by"):
            names.setdefault(cell.confirmed["by"])
    return list(names)


@dataclass(frozen=True)
class QueueSummary:
    """The cover page's figures for a queue of reports."""

    reports: int
    states: dict[str, int]  # REVIEW_STATES key (the contract's review_state) -> reports
    unreadable: int
    severities: dict[str, int]  # severity -> findings
    rules: list[tuple[str, dict[str, int], int]]  # (rule id, severity -> findings, reports), most first
    unreviewed: list[Report]


def queue_summary(items: list[Item]) -> QueueSummary:
    states = {k: 0 for k in REVIEW_STATES}
    severities: dict[str, int] = {s: 0 for s in SEVERITIES}
    by_rule: dict[str, dict[str, int]] = {}
    reports_of: dict[str, set[str]] = {}
    unreviewed: list[Report] = []
    for report, notes in items:
        states[review_state(report)] += 1
        if untouched(report, notes):
            unreviewed.append(report)
        for f in report.findings:
            severities[f.severity] = severities.get(f.severity, 0) + 1
            counts = by_rule.setdefault(f.rule, {s: 0 for s in SEVERITIES})
            counts[f.severity] = counts.get(f.severity, 0) + 1
            reports_of.setdefault(f.rule, set()).add(report.sha256 + report.file)
    rules = sorted(((r, c, len(reports_of[r])) for r, c in by_rule.items()),
                   key=lambda x: (-sum(x[1].values()), SEVERITY_ORDER.get(worst_severity(x[1]), 9), x[0]))
    return QueueSummary(len(items), states, sum(1 for r, _ in items if r.error), severities, rules, unreviewed)


def worst_severity(counts: dict[str, int]) -> str:
    return next((s for s in SEVERITIES if counts.get(s)), "info")


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
.missing{background-color:#eeeeee;color:#666} .na{background-color:#f4f4f4} .corrected{background-color:#c6e0b4}
.id{color:#555;font-size:11px;white-space:nowrap} .rule{white-space:nowrap}
.meta th{width:9em} .note{color:#444;font-size:13px} .legend span{padding:0 8px;margin-right:8px;border:1px solid #999}
.orig{color:#444;font-size:12px} .more{color:#555} .unsigned{color:#9c0006}
.sign{margin-top:28px} .cover h1{margin-top:40px} .figures td.num{width:5em}
@media print{body{margin:0} th,td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""

# (heading, width in % of the page): widths fixed so that on A4 the message gets the room
# and an expected/found value (a date, 2022-01-31) stays on one line. The rule is named in
# Chinese only: its id is for machines (the JSON, the XLSX/CSV 规则编号 column).
FINDING_COLUMNS = (("级别", 5), ("规则", 13), ("位置", 14), ("说明", 25), ("期望", 10), ("实际", 10),
                   ("审阅状态", 8), ("审阅批注", 15))
CORRECTION_COLUMNS = (("表", 9), ("单元格", 27), ("原文位置", 9), ("原报", 8), ("更正为", 8),
                      ("更正人", 9), ("时间", 16), ("原因", 14))
HISTORY_COLUMNS = (("时间", 16), ("操作人", 8), ("对象", 30), ("项目", 7), ("原值 → 新值", 27), ("原因", 12))
PAGE_BREAK = '<div style="page-break-before:always"></div>'


def _e(value: Any) -> str:
    text = value if isinstance(value, str) else value_text(value)
    return html.escape(text).replace("\n", "<br>")


def _td(text: str, cls: str = "", tip: str = "", raw: bool = False) -> str:
    """A cell; a coloured one carries ``bgcolor`` too, for Qt's rich text."""
    colour = next((COLOURS[c] for c in cls.split() if c in COLOURS), "")
    attrs = (f' class="{cls}"' if cls else "") + (f' bgcolor="{colour}"' if colour else "") + tip
    return f"<td{attrs}>{text if raw else _e(text)}</td>"


def _value_td(value: Any) -> str:
    """An expected/found value: one line (nowrap), so a date never breaks as 2022 / -01-3 / 1."""
    return f'<td class="num" nowrap>{_e(value_text(value))}</td>'


def _head_row(columns: tuple[tuple[str, int], ...]) -> str:
    """A table's heading row; in ``thead`` so that Qt repeats it on every page the table spans."""
    return "<thead><tr>" + "".join(f'<th width="{w}%">{h}</th>' for h, w in columns) + "</tr></thead>"


def legend_html() -> str:
    """What the colours of the tables mean."""
    return ('<p class="legend">图例：' + "".join(
        f'<span class="{k}" style="background-color:{COLOURS[k]}">&nbsp;{w}&nbsp;</span>　'
        for k, w in (("error", "错误"), ("warning", "警告"), ("blank", "空白或占位符"), ("missing", "报告缺此行"),
                     ("corrected", "审阅更正")))
        + "斜体：由连写数字按行内算术推断的数值</p>")


def sheet_head_html(reviewer: str = "", today: str = "") -> str:
    """Under the title: the export time, who exported it (not who reviewed: each report
    names its own) and the colour legend."""
    head = (f"<p>导出时间：{_e(today)}" if today else "<p>") + (f"　导出人：{_e(reviewer)}" if reviewer else "") + "</p>"
    # Which program and rules judged (issue 20 §6), so an assessor can tell them apart.
    from core.engine_version import engine_version

    head += f'<p class="judge">检查程序：{_e(engine_version())}</p>'
    return head + "\n" + legend_html()


def sheet_html(items: list[Item], reviewer: str = "", today: str = "", css: str = CSS,
               history: History | None = None, cover: bool | None = None) -> str:
    """The review sheet of ``items`` as one HTML page, each report from a new page.

    ``css`` is the page's style sheet: the browser's by default; the PDF printer gives
    its own (point sizes for paper, and no font list, so Qt keeps its embedded CJK font).
    ``history``: sha256 -> the store's history, summarised in each report's record.
    ``cover``: a cover page with the queue's figures; by default when there are several reports.
    """
    history = history or {}
    if cover is None:
        cover = len(items) > 1
    reports = [report_html(report, notes, reviewer, today, history.get(report.sha256, []))
               for report, notes in items] or ["<p>（没有报告）</p>"]
    front = [cover_html(items, today), PAGE_BREAK] if cover else []
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{SHEET_TITLE}</title>", f"<style>{css}</style></head><body>",
        *front,
        f"<h1>{SHEET_TITLE}</h1>", sheet_head_html(reviewer, today),
        PAGE_BREAK.join(reports),
        "</body></html>",
    ])


def report_html(report: Report, notes: dict[str, Annotation], reviewer: str = "", today: str = "",
                history: list[HistoryEntry] | None = None) -> str:
    """One report: its header, the findings with the reviewer's notes, its tables (corrected
    cells beside what was printed), then the review record: corrections, notes whose finding
    is gone, a history summary and both signatures (or 未签字)."""
    rep = notes.get(REPORT_TARGET)
    statuses = status_counts(report, notes)
    s = report.signoff or {}
    meta: list[tuple[str, Any]] = [
        ("文件", display_name(report)), ("SHA-256", report.sha256), ("发布机关", report.agency or "—"),
        ("年度", report.year or "—"), ("格式", template_name(report)),
        # The people of this report's own record, never the exporting user's preference.
        ("审阅人", s.get("reviewer") or "—"), ("复核人", s.get("second_reviewer") or "—"),
        ("经手人", "、".join(actors(report, notes, history or ())) or "—"), ("导出日期", today),
        ("审阅状态", REVIEW_STATES[review_state(report)]),
        ("问题数", counts_text(report)),
        ("问题处理", "　".join(f"{s} {n}" for s, n in statuses.items())),
        ("报告批注", note_text(rep)),
        ("签字", signoff_line(report)),
    ]
    if report.error:
        meta.append(("读取错误", report.error))
    parts = ['<div class="report">', f"<h2>{_e(report_title(report))}</h2>",
             '<table class="meta" width="100%" cellspacing="0" cellpadding="3">']
    parts += [f'<tr><th width="16%">{_e(k)}</th><td>{_e(v)}</td></tr>' for k, v in meta]
    parts.append("</table>")
    parts.append("<h3>问题清单</h3>")
    parts.append(_findings_html(report, notes))
    marks = cell_marks(report)
    for table_id in table_ids(report):
        parts.append(_table_html(report, notes, table_id, marks))
    parts.append(review_record_html(report, notes, history or []))
    parts.append("</div>")
    return "\n".join(parts)


def _findings_html(report: Report, notes: dict[str, Annotation]) -> str:
    findings = sorted_findings(report)
    if not findings:
        return "<p>未发现问题。</p>"
    out = ['<table class="findings" width="100%" cellspacing="0" cellpadding="3">' + _head_row(FINDING_COLUMNS)]
    for f in findings:
        sev = f.severity if f.severity in ("error", "warning") else ""
        rule = f'<span class="rule">{_e(rule_name(f.rule))}</span>'
        where = "；".join(x for x in (loc_text(f), table_short(f.table), cells_text(report, f)) if x)
        out.append("<tr>" + "".join([
            _td(severity_label(f.severity), sev), _td(rule, raw=True), _td(where), _td(f.message),
            _value_td(f.expected), _value_td(f.actual),
            _td(review_status(notes, f)), _td(note_text(finding_note(notes, f)), "note"),
        ]) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def _table_html(report: Report, notes: dict[str, Annotation], table_id: str,
                marks: dict[tuple[str, str, str], list[Finding]]) -> str:
    lay = table_layout(report, table_id)
    data = report.tables.get(table_id, {})
    # Fixed widths: a table continued on the next page keeps its columns.
    width = f"{70 / max(len(lay.cols), 1):.1f}%"
    out = [f"<h3>{_e(lay.title)}</h3>", '<table class="grid" width="100%" cellspacing="0" cellpadding="2">',
           '<thead><tr><th width="30%">项目</th>'
           + "".join(f'<th width="{width}">{_e(label)}</th>' for _, label in lay.cols) + "</tr></thead>"]
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
            corrected = cell is not None and cell.corrected is not None
            klass = worst(found) or ("corrected" if corrected else "") or (
                "blank" if cell is not None and cell.value is None else "")
            extra = INFERRED_CELL if cell is not None and cell.inferred else ""
            if cell is not None and corrected:
                extra = correction_text(cell)
                # What the report printed beside the reviewer's value: 原报 0 → 更正 11.
                text = (f'<span class="orig">原报 {_e(printed_text(cell))} →</span><br>'
                        f"更正 {_e(corrected_value_text(cell))}")
            else:
                text = _e(cell_text(cell))
                if cell is not None and cell.inferred:
                    text = f"<i>{text}</i>"
            tip = _tip(found, notes.get(cell_target(table_id, row.id, col_id)), notes, extra)
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


# --------------------------------------------------------------------------- the review record


def signoff_line(report: Report) -> str:
    """The sign-off in one line, or 未签字."""
    s = report.signoff
    if not s:
        return f"{UNSIGNED}（审阅结论、审阅人、复核人待签）"
    return (f"审阅结论：{s.get('conclusion', '')}　审阅人：{s.get('reviewer', '')}"
            f"　复核人：{s.get('second_reviewer', '')}　签字时间：{time_text(s.get('at', ''))}")


def review_record_html(report: Report, notes: dict[str, Annotation], history: list[HistoryEntry],
                       shown: int = HISTORY_SHOWN) -> str:
    """Corrections (printed beside corrected), corrections whose cell is gone, notes whose
    finding is gone, the newest ``shown`` changes, and both signatures (or 未签字)."""
    parts = ['<div class="record">']
    cells = corrected_cells(report)
    if cells:
        parts.append('<h3>审阅更正（原报值与更正值）</h3><table class="corrections" width="100%" cellspacing="0" cellpadding="2">'
                     + _head_row(CORRECTION_COLUMNS))
        for t, row_id, col_id, cell in cells:
            c = cell.corrected
            assert c is not None
            where = f"{row_label(report, t, row_id)} / {col_label(report, t, row_id, col_id)}"
            parts.append("<tr>" + "".join([
                _td(table_short(t)), _td(where), _td(loc_text(cell)), _td(printed_text(cell), "num"),
                _td(corrected_value_text(cell), "num corrected"), _td(c.by), _td(time_text(c.at)), _td(c.reason),
            ]) + "</tr>")
        parts.append("</table>")
    confirmed = confirmed_cells(report)
    if confirmed:  # readings confirmed as read: not corrections, listed apart
        parts.append('<h3>确认读数（识别结果经核对无误，未更正）</h3>'
                     '<table class="corrections" width="100%" cellspacing="0" cellpadding="2">'
                     + _head_row((("表", 12), ("单元格", 36), ("原文位置", 12), ("读数", 12), ("确认人", 12),
                                  ("时间", 16))))
        for t, row_id, col_id, cell in confirmed:
            k = cell.confirmed or {}
            where = f"{row_label(report, t, row_id)} / {col_label(report, t, row_id, col_id)}"
            parts.append("<tr>" + "".join([
                _td(table_short(t)), _td(where), _td(loc_text(cell)), _td(cell_text(cell), "num"),
                _td(k.get("by", "")), _td(time_text(k.get("at", ""))),
            ]) + "</tr>")
        parts.append("</table>")
    if report.orphan_corrections:
        parts.append('<h3>单元格已不存在的更正（引擎更新后找不到该单元格，更正保留）</h3>'
                     '<table class="orphans" width="100%" cellspacing="0" cellpadding="2">'
                     + _head_row((("单元格", 30), ("更正为", 10), ("原因", 34), ("更正人", 10), ("时间", 16))))
        parts += ["<tr>" + "".join([
            _td(str(o.get("cell", ""))), _td(value_text(o.get("value")) or "空", "num"),
            _td("；".join(x for x in (str(o.get("why") or ""), str(o.get("reason") or "")) if x)),
            _td(str(o.get("by", ""))), _td(time_text(str(o.get("at", "")))),
        ]) + "</tr>" for o in report.orphan_corrections]
        parts.append("</table>")
    orphans = orphan_notes(report, notes)
    if orphans:
        parts.append(f'<h3>{ORPHAN_NOTE}的批注（所批问题本次未再出现，批注保留）</h3>'
                     '<table class="orphans" width="100%" cellspacing="0" cellpadding="2">'
                     + _head_row((("类别", 14), ("审阅状态", 10), ("批注", 50), ("批注人", 10), ("时间", 16))))
        parts += ["<tr>" + "".join([
            _td(ORPHAN_NOTE), _td(str(o.get("status", ""))), _td(str(o.get("comment", ""))),
            _td(str(o.get("by", ""))), _td(time_text(str(o.get("at", "")))),
        ]) + "</tr>" for o in orphans]
        parts.append("</table>")
    if history:
        parts.append(history_html(report, history, shown))
    parts.append(signature_html(report))
    parts.append("</div>")
    return "\n".join(parts)


def history_html(report: Report, history: list[HistoryEntry], shown: int = HISTORY_SHOWN) -> str:
    entries = newest_first(history)
    out = ['<h3>审阅记录（最新在前）</h3><table class="history" width="100%" cellspacing="0" cellpadding="2">'
           + _head_row(HISTORY_COLUMNS)]
    for e in entries[:shown]:
        change = f"{history_value(e.field, e.old) or '（无）'} → {history_value(e.field, e.new) or '（无）'}"
        out.append("<tr>" + "".join([
            _td(time_text(e.at)), _td(e.by), _td(target_text(report, e.target)),
            _td(history_field(e)), _td(change), _td(e.reason),
        ]) + "</tr>")
    out.append("</table>")
    rest = len(entries) - shown
    if rest > 0:
        out.append(f'<p class="more">另有较早的记录 {rest} 条（完整记录见 XLSX 审阅表的“审阅记录”表）。</p>')
    return "\n".join(out)


def signature_html(report: Report) -> str:
    """Both signatures as the store has them, or a clear 未签字; then lines to sign by hand."""
    s = report.signoff
    if s:
        head = ('<h3>签字</h3><table class="signoff" width="100%" cellspacing="0" cellpadding="3">'
                + "".join(f'<tr><th width="16%">{k}</th><td>{_e(v)}</td></tr>' for k, v in (
                    ("审阅结论", s.get("conclusion", "")), ("审阅人", s.get("reviewer", "")),
                    ("复核人", s.get("second_reviewer", "")), ("签字时间", time_text(s.get("at", ""))))) + "</table>")
    else:
        head = f'<h3>签字</h3><p class="unsigned">{UNSIGNED}：本报告尚无审阅结论，审阅人、复核人均未签字。</p>'
    return head + ('\n<p class="sign">审阅人签字：______________　　复核人签字：______________'
                   "　　日期：______________</p>")


# --------------------------------------------------------------------------- cover


def cover_html(items: list[Item], today: str = "") -> str:
    """The queue's cover page: reports by review state, findings by severity and by rule,
    and the reports nobody has reviewed yet."""
    q = queue_summary(items)
    state_rows = "".join(f'<tr><td>{w}</td><td class="num">{q.states[k]}</td></tr>' for k, w in REVIEW_STATES.items())
    if q.unreadable:
        state_rows += f'<tr><td>其中无法读取</td><td class="num">{q.unreadable}</td></tr>'
    sev_rows = "".join("<tr>" + _td(SEVERITY_LABELS[s], s if s in ("error", "warning") else "")
                       + f'<td class="num">{q.severities.get(s, 0)}</td></tr>' for s in SEVERITIES)
    parts = ['<div class="cover">', f"<h1>{SHEET_TITLE}</h1>",
             f'<p align="center">{"导出时间 " + _e(today) + "　" if today else ""}'
             f"共 {q.reports} 份报告，问题 {sum(q.severities.values())} 条</p>",
             '<table class="figures" width="100%" cellspacing="0" cellpadding="0" border="0" style="margin-top:1em"><tr>'
             '<td width="48%" style="border:none">',
             f'<h3>报告审阅状态</h3><table cellspacing="0" cellpadding="3" width="100%">'
             f'<tr><th>状态</th><th width="25%">报告数</th></tr>{state_rows}</table>',
             '</td><td width="4%" style="border:none"></td><td width="48%" style="border:none">',
             f'<h3>问题级别</h3><table cellspacing="0" cellpadding="3" width="100%">'
             f'<tr><th>级别</th><th width="25%">问题数</th></tr>{sev_rows}</table>',
             "</td></tr></table>"]
    if q.rules:
        parts.append('<h3>问题按规则</h3><table class="rules" width="100%" cellspacing="0" cellpadding="3">'
                     + _head_row((("规则", 60), ("错误", 10), ("警告", 10), ("提示", 8), ("涉及报告", 12))))
        for rule, counts, n in q.rules:
            parts.append("<tr>" + "".join([
                _td(rule_name(rule)),
                *(_td(str(counts.get(s, 0)), "num") for s in SEVERITIES), _td(str(n), "num"),
            ]) + "</tr>")
        parts.append("</table>")
    parts.append(f"<h3>尚未审阅的报告（无批注、无签字）：{len(q.unreviewed)} 份</h3>")
    if q.unreviewed:
        parts.append('<table class="unreviewed" width="100%" cellspacing="0" cellpadding="3">'
                     + _head_row((("报告", 40), ("文件", 36), ("错误", 8), ("警告", 8), ("提示", 8))))
        for r in q.unreviewed:
            counts = r.counts()
            name = report_title(r) + (f"（无法读取：{r.error}）" if r.error else "")
            parts.append("<tr>" + "".join([_td(name), _td(display_name(r)),
                                           *(_td(str(counts.get(s, 0)), "num") for s in SEVERITIES)]) + "</tr>")
        parts.append("</table>")
    else:
        parts.append("<p>（全部报告均已审阅。）</p>")
    parts.append("</div>")
    return "\n".join(parts)
