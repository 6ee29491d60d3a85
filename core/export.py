"""Review sheets: the engine's findings with the reviewer's notes, as XLSX, CSV or HTML.

Pure Python (no Qt); the PDF sheet is printed by the GUI layer (gui/export_pdf.py).
Each item is one checked report and its notes, ``target -> Annotation`` as
``AnnotationStore.for_report`` returns them.

Report text is untrusted: it is always written as text, never as a formula (CSV/XLSX
formula injection: a cell ``=HYPERLINK(...)`` would run when the sheet is opened), and
always escaped in HTML.
"""

from __future__ import annotations

import contextlib
import csv
import html
import os
import re
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from core.annotations import STATUSES, Annotation, cell_target, finding_target
from core.formats import TableDef, load_formats
from core.model import SEVERITIES, Finding, Report

Item = tuple[Report, dict[str, Annotation]]

SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}
UNREVIEWED = "未标注"
TABLE_SHORT = {"article20": "主动公开", "applications": "依申请", "reviews": "复议诉讼"}
TABLE_ORDER = ("article20", "applications", "reviews")

FILL_ERROR = "FFC7CE"
FILL_WARNING = "FFEB9C"
FILL_BLANK = "D9D9D9"
FILL_HEADER = "DDEBF7"
HEADER_FONT = "微软雅黑"  # present on Chinese Windows for Excel and WPS; both fall back sanely elsewhere

# A cell starting with one of these is read as a formula (or DDE) by Excel, WPS or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

FINDING_HEADERS = ["文件", "级别", "规则", "表", "单元格", "位置", "说明", "期望", "实际",
                   "审阅状态", "审阅批注", "批注人", "批注时间"]

_CELL_TEXT_LIMIT = 32767  # Excel's maximum characters in a cell


# --------------------------------------------------------------------------- shared model


@dataclass(frozen=True)
class Layout:
    """A table as laid out for reading: format order and labels, ids when unknown."""

    table_id: str
    title: str
    rows: list[tuple[str, str]]  # (row id, label)
    cols: list[tuple[str, str]]  # (column id, label)
    present_rows: frozenset[str]


def _table_def(report: Report, table_id: str) -> TableDef | None:
    fmt = load_formats().get(report.template)
    return fmt.tables.get(table_id) if fmt else None


def table_layout(report: Report, table_id: str) -> Layout:
    data = report.tables.get(table_id, {})
    tdef = _table_def(report, table_id)
    rows: list[tuple[str, str]] = []
    cols: dict[str, str] = {}
    if tdef:
        present = frozenset(data)
        # A row the format let another take the place of is not missing (2021's (六)其他处理).
        rows = [(r.id, r.label) for r in tdef.rows if not (data and tdef.stood_in_for(r.id, present))]
        for c in tdef.columns:
            cols.setdefault(c.id, c.label)
        # article20 has no table-wide columns: each row brings its own, so take their union.
        for r in tdef.rows:
            for col_def in r.columns:
                cols.setdefault(col_def.id, col_def.label)
    known_rows = {r for r, _ in rows}
    rows += [(r, r) for r in data if r not in known_rows]  # extra rows: show them, by id
    for r_cells in data.values():
        for col_id in r_cells:
            cols.setdefault(col_id, col_id)
    title = tdef.title if tdef else table_id
    return Layout(table_id, title, rows, list(cols.items()), frozenset(data))


def row_label(report: Report, table_id: str | None, row_id: str) -> str:
    tdef = _table_def(report, table_id) if table_id else None
    if tdef:
        with contextlib.suppress(KeyError):
            return tdef.row(row_id).label
    return row_id


def col_label(report: Report, table_id: str | None, row_id: str, col_id: str) -> str:
    tdef = _table_def(report, table_id) if table_id else None
    if tdef:
        with contextlib.suppress(KeyError):
            label = tdef.column_label(row_id, col_id)
            if label != col_id:
                return label
        for c in tdef.columns:
            if c.id == col_id:
                return c.label
    return col_id


MAX_CELLS_LISTED = 4  # a column_sum names a whole column; the sheet marks them all anyway


def cells_text(report: Report, f: Finding) -> str:
    parts = []
    for row_id, col_id in f.cells[:MAX_CELLS_LISTED]:
        r = row_label(report, f.table, row_id)
        parts.append(f"{r} / {col_label(report, f.table, row_id, col_id)}" if col_id else r)
    more = len(f.cells) - MAX_CELLS_LISTED
    return "；".join(parts) + (f" 等共 {len(f.cells)} 格" if more > 0 else "")


def loc_text(f: Finding) -> str:
    if f.loc is None:
        return ""
    if f.loc.page is not None:
        return f"第{f.loc.page}页"
    if f.loc.start is not None:
        return f"字符 {f.loc.start}–{f.loc.end}"
    return ""


def table_name(table_id: str | None) -> str:
    if not table_id:
        return ""
    return TABLE_SHORT.get(table_id, table_id)


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


def sorted_findings(report: Report) -> list[Finding]:
    order = {s: i for i, s in enumerate(SEVERITIES)}
    return sorted(report.findings, key=lambda f: order.get(f.severity, len(order)))


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


def finding_row(report: Report, notes: dict[str, Annotation], f: Finding) -> list[Any]:
    """One line of the findings list: FINDING_HEADERS order."""
    ann = finding_note(notes, f)
    return [
        report.file,
        SEVERITY_LABELS.get(f.severity, f.severity),
        f.rule,
        table_name(f.table),
        cells_text(report, f),
        loc_text(f),
        f.message,
        _plain(f.expected),
        _plain(f.actual),
        review_status(notes, f),
        ann.comment if ann else "",
        ann.reviewer if ann else "",
        ann.updated if ann else "",
    ]


def error_row(report: Report) -> list[Any]:
    """A file that could not be read has no findings; list it all the same."""
    return [report.file, SEVERITY_LABELS["error"], "file_error", "", "", "",
            f"无法读取：{report.error}", "", "", UNREVIEWED, "", "", ""]


def _plain(v: Any) -> Any:
    """Numbers stay numbers; anything else becomes readable text."""
    if v is None or isinstance(v, bool):
        return "" if v is None else str(v)
    if isinstance(v, int | float):
        return v
    return value_text(v)


def status_counts(report: Report, notes: dict[str, Annotation]) -> dict[str, int]:
    out = {s: 0 for s in (*STATUSES, UNREVIEWED)}
    for f in report.findings:
        s = review_status(notes, f)
        out[s] = out.get(s, 0) + 1
    return out


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Write to a temp file beside ``path`` and replace it: a failed export leaves no half file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        # mkstemp makes the file owner-only; a review sheet is meant to be passed on.
        os.chmod(tmp, _sheet_mode(path))
        try:
            os.replace(tmp, path)
        except PermissionError as exc:
            raise PermissionError(f"无法写入 {path}：文件可能正在 Excel/WPS 中打开，请关闭后重试。") from exc
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _sheet_mode(path: Path) -> int:
    """An overwritten sheet keeps its permissions; a new one is readable by others (0644).

    (Not derived from the umask: reading it means setting it, which races other threads.)
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        return 0o644


# --------------------------------------------------------------------------- XLSX

_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _safe_sheet_title(base: str, used: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", "_", base).strip().strip("'") or "Sheet"
    if name.lower() == "history":  # reserved by Excel
        name = "History_"
    name = name[:31]
    candidate, n = name, 2
    while candidate.lower() in used:
        suffix = f"({n})"
        candidate = name[: 31 - len(suffix)] + suffix
        n += 1
    used.add(candidate.lower())
    return candidate


def _display_width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


class _Sheet:
    """A worksheet writer that never lets report text become a formula."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment

        self.ws = ws
        self.widths: dict[int, int] = {}
        self._wrap = Alignment(vertical="top", wrap_text=True)

    def put(self, row: int, col: int, value: Any, wrap: bool = False) -> Any:
        if value is None:
            value = ""
        if isinstance(value, bool):
            value = str(value)
        if isinstance(value, str):
            value = _ILLEGAL_XML.sub("", value)[:_CELL_TEXT_LIMIT]
        elif not isinstance(value, int | float):
            value = _ILLEGAL_XML.sub("", str(value))[:_CELL_TEXT_LIMIT]
        cell = self.ws.cell(row=row, column=col, value=value)
        if isinstance(value, str):
            # openpyxl marks "=..." as a formula; force plain text for every string.
            cell.data_type = "s"
        if wrap:
            cell.alignment = self._wrap
        text = value_text(value) if not isinstance(value, str) else value
        longest = max((_display_width(line) for line in text.split("\n")), default=0)
        self.widths[col] = max(self.widths.get(col, 0), longest)
        return cell

    def header(self, row: int, labels: list[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        font = Font(name=HEADER_FONT, bold=True)
        fill = PatternFill("solid", fgColor=FILL_HEADER)
        for j, label in enumerate(labels, start=1):
            c = self.put(row, j, label)
            c.font = font
            c.fill = fill
            c.alignment = Alignment(vertical="center", wrap_text=True)

    def fit_columns(self, minimum: int = 6, maximum: int = 60) -> None:
        from openpyxl.utils import get_column_letter

        for col, w in self.widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, minimum), maximum)

    def print_setup(self) -> None:
        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.fitToWidth = 1
        self.ws.page_setup.fitToHeight = 0
        self.ws.sheet_properties.pageSetUpPr.fitToPage = True


SUMMARY_HEADERS = ["文件", "SHA-256", "发布机关", "年度", "格式", "文件类型", "审阅人", "导出日期",
                   *(f"{SEVERITY_LABELS[s]}数" for s in SEVERITIES),
                   *STATUSES, UNREVIEWED, "报告审阅状态", "报告批注", "批注人", "批注时间", "读取错误"]


def export_xlsx(items: list[Item], path: Path, reviewer: str = "") -> None:
    """Summary sheet, one sheet per table per report, and a findings sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    used: set[str] = set()
    summary = _Sheet(wb.active)
    summary.ws.title = _safe_sheet_title("概要", used)
    _xlsx_summary(summary, items, reviewer)

    multi = len(items) > 1
    for i, (report, notes) in enumerate(items, start=1):
        for table_id in _table_ids(report):
            base = table_name(table_id)
            if multi:
                who = report.agency or Path(report.file).stem
                base = f"{i}.{base}-{who}"
            ws = wb.create_sheet(_safe_sheet_title(base, used))
            _xlsx_table(_Sheet(ws), report, notes, table_id)

    findings = _Sheet(wb.create_sheet(_safe_sheet_title("问题清单", used)))
    _xlsx_findings(findings, items)
    _write_atomically(Path(path), lambda tmp: wb.save(tmp))


def _table_ids(report: Report) -> list[str]:
    return [t for t in TABLE_ORDER if t in report.tables] + [t for t in report.tables if t not in TABLE_ORDER]


def _xlsx_summary(sh: _Sheet, items: list[Item], reviewer: str) -> None:
    sh.header(1, SUMMARY_HEADERS)
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    for i, (report, notes) in enumerate(items, start=2):
        counts = report.counts()
        statuses = status_counts(report, notes)
        rep = notes.get("report")
        values: list[Any] = [
            report.file, report.sha256, report.agency or "", report.year if report.year else "",
            template_name(report), report.source_format or "", reviewer, today,
            *(counts.get(s, 0) for s in SEVERITIES),
            *(statuses[s] for s in (*STATUSES, UNREVIEWED)),
            rep.status if rep else "", rep.comment if rep else "",
            rep.reviewer if rep else "", rep.updated if rep else "", report.error or "",
        ]
        for j, v in enumerate(values, start=1):
            sh.put(i, j, v, wrap=SUMMARY_HEADERS[j - 1] == "报告批注")
    sh.ws.freeze_panes = "B2"
    sh.fit_columns()
    sh.ws.column_dimensions["B"].width = 20  # the digest is for matching, not for reading
    sh.print_setup()


def _xlsx_table(sh: _Sheet, report: Report, notes: dict[str, Annotation], table_id: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    fills = {k: PatternFill("solid", fgColor=v) for k, v in
             (("error", FILL_ERROR), ("warning", FILL_WARNING), ("blank", FILL_BLANK))}
    lay = table_layout(report, table_id)
    data = report.tables.get(table_id, {})
    marks = cell_marks(report)

    title = sh.put(1, 1, f"{lay.title}（{display_name(report)}）")
    title.font = Font(name=HEADER_FONT, bold=True, size=12)
    sh.widths.pop(1, None)  # the title spans columns; don't size column A by it
    sh.header(2, ["项目", *(label for _, label in lay.cols)])

    for i, (row_id, label) in enumerate(lay.rows, start=3):
        missing = row_id not in lay.present_rows
        lab = sh.put(i, 1, label + ("（报告中缺此行）" if missing else ""), wrap=True)
        row_findings = marks.get((table_id, row_id, ""), [])
        _mark(lab, row_findings, notes.get(cell_target(table_id, row_id, "")), fills, Comment, notes=notes)
        for j, (col_id, _) in enumerate(lay.cols, start=2):
            cell = data.get(row_id, {}).get(col_id)
            if cell is None:
                value: Any = ""
            elif cell.value is not None:
                value = cell.value
            else:
                value = cell.raw  # a placeholder such as "/" or the unreadable text, as printed
            xl = sh.put(i, j, value)
            found = marks.get((table_id, row_id, col_id), [])
            note = notes.get(cell_target(table_id, row_id, col_id))
            blank = cell is not None and cell.value is None
            extra = "此值由连写数字按本行算术拆分推断" if cell is not None and cell.inferred else ""
            if blank and not found:
                xl.fill = fills["blank"]
            _mark(xl, found, note, fills, Comment, extra=extra, notes=notes)
    sh.ws.freeze_panes = "B3"
    sh.fit_columns(maximum=40)
    sh.print_setup()


def _mark(xl: Any, found: list[Finding], note: Annotation | None, fills: dict[str, Any],
          comment_cls: Any, extra: str = "", notes: dict[str, Annotation] | None = None) -> None:
    """Colour a cell by its worst finding and attach the messages and the reviewer's notes."""
    sev = worst(found)
    if sev:
        xl.fill = fills[sev]
    lines = []
    for f in found:
        lines.append(f"[{SEVERITY_LABELS.get(f.severity, f.severity)}] {f.message}")
        fn = note_text(finding_note(notes or {}, f))
        if fn:
            lines.append(f"  审阅：{fn}")
    cn = note_text(note)
    if cn:
        lines.append(f"单元格批注：{cn}")
    if extra:
        lines.append(extra)
    if lines:
        text = _ILLEGAL_XML.sub("", "\n".join(lines))[:_CELL_TEXT_LIMIT]
        c = comment_cls(text, "年报审阅台")
        c.width = 360
        c.height = min(60 + 18 * text.count("\n") + len(text) // 2, 400)
        xl.comment = c


def _xlsx_findings(sh: _Sheet, items: list[Item]) -> None:
    from openpyxl.styles import PatternFill
    from openpyxl.utils import get_column_letter

    fills = {"error": PatternFill("solid", fgColor=FILL_ERROR),
             "warning": PatternFill("solid", fgColor=FILL_WARNING)}
    sh.header(1, FINDING_HEADERS)
    r = 2
    for report, notes in items:
        rows: list[tuple[str, list[Any]]] = [(f.severity, finding_row(report, notes, f))
                                             for f in sorted_findings(report)]
        if report.error:
            rows.insert(0, ("error", error_row(report)))
        for severity, values in rows:
            for j, v in enumerate(values, start=1):
                c = sh.put(r, j, v, wrap=FINDING_HEADERS[j - 1] in ("说明", "审阅批注", "单元格"))
                if j == 2 and severity in fills:
                    c.fill = fills[severity]
            r += 1
    sh.ws.freeze_panes = "C2"
    if r > 2:
        sh.ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_HEADERS))}{r - 1}"
    sh.fit_columns(maximum=50)
    sh.print_setup()


# --------------------------------------------------------------------------- CSV


def csv_safe(value: Any) -> Any:
    """Text that a spreadsheet would run as a formula gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def export_csv(items: list[Item], path: Path) -> None:
    """The findings, one row each; UTF-8 with BOM so Excel opens the Chinese right."""

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(FINDING_HEADERS)
            for report, notes in items:
                if report.error:
                    w.writerow([csv_safe(v) for v in error_row(report)])
                for f in sorted_findings(report):
                    w.writerow([csv_safe(v) for v in finding_row(report, notes, f)])

    _write_atomically(Path(path), write)


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC","Source Han Sans SC",SimSun,sans-serif;
  margin:24px;color:#222;font-size:14px}
h1{font-size:20px;margin:0 0 8px} h2{font-size:17px;margin:20px 0 8px;border-bottom:2px solid #888}
h3{font-size:15px;margin:16px 0 6px}
table{border-collapse:collapse;margin:6px 0 12px;width:100%}
th,td{border:1px solid #999;padding:3px 6px;vertical-align:top;text-align:left}
th{background:#ddebf7} td.num{text-align:right;white-space:nowrap}
.error{background:#ffc7ce} .warning{background:#ffeb9c} .blank{background:#d9d9d9}
.meta th{width:9em} .note{color:#444;font-size:13px} .legend span{padding:0 8px;margin-right:8px;border:1px solid #999}
.sign{margin-top:28px} .report{page-break-after:always} .report:last-child{page-break-after:auto}
@media print{body{margin:0} th{-webkit-print-color-adjust:exact;print-color-adjust:exact}
  td{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
"""


def _e(value: Any) -> str:
    return html.escape(value_text(value) if not isinstance(value, str) else value).replace("\n", "<br>")


def export_html(items: list[Item], path: Path, reviewer: str = "") -> None:
    """A self-contained printable page: per report a header, findings with notes, tables."""
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           "<title>政府信息公开年报审阅表</title>", f"<style>{_CSS}</style></head><body>",
           "<h1>政府信息公开工作年度报告 审阅表</h1>",
           f"<p>导出时间：{_e(today)}" + (f"　审阅人：{_e(reviewer)}" if reviewer else "") + "</p>",
           '<p class="legend">图例：<span class="error">错误</span><span class="warning">警告</span>'
           '<span class="blank">空白</span></p>']
    for report, notes in items:
        out.append(_html_report(report, notes, reviewer, today))
    out.append("</body></html>")
    page = "\n".join(out)
    def write(tmp: Path) -> None:
        tmp.write_text(page, encoding="utf-8")

    _write_atomically(Path(path), write)


def _html_report(report: Report, notes: dict[str, Annotation], reviewer: str, today: str) -> str:
    counts = report.counts()
    statuses = status_counts(report, notes)
    rep = notes.get("report")
    meta = [
        ("文件", report.file), ("SHA-256", report.sha256), ("发布机关", report.agency or ""),
        ("年度", report.year or ""), ("格式", template_name(report)), ("审阅人", reviewer), ("导出日期", today),
        ("问题数", "　".join(f"{SEVERITY_LABELS[s]} {counts.get(s, 0)}" for s in SEVERITIES)),
        ("审阅状态", "　".join(f"{s} {n}" for s, n in statuses.items())),
        ("报告批注", note_text(rep)),
    ]
    if report.error:
        meta.append(("读取错误", report.error))
    parts = ['<section class="report">', f"<h2>{_e(display_name(report))}</h2>", '<table class="meta">']
    parts += [f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in meta]
    parts.append("</table>")

    parts.append("<h3>问题清单</h3>")
    findings = sorted_findings(report)
    if findings:
        heads = ["级别", "规则", "表", "单元格", "位置", "说明", "期望", "实际", "审阅状态", "审阅批注"]
        parts.append("<table><tr>" + "".join(f"<th>{h}</th>" for h in heads) + "</tr>")
        for f in findings:
            ann = finding_note(notes, f)
            sev = f.severity if f.severity in ("error", "warning") else ""
            cells = [
                (SEVERITY_LABELS.get(f.severity, f.severity), sev), (f.rule, ""), (table_name(f.table), ""),
                (cells_text(report, f), ""), (loc_text(f), ""), (f.message, ""),
                (value_text(f.expected), ""), (value_text(f.actual), ""),
                (review_status(notes, f), ""), (note_text(ann), "note"),
            ]
            parts.append("<tr>" + "".join(f'<td class="{c}">{_e(v)}</td>' if c else f"<td>{_e(v)}</td>"
                                          for v, c in cells) + "</tr>")
        parts.append("</table>")
    else:
        parts.append("<p>未发现问题。</p>")

    marks = cell_marks(report)
    for table_id in _table_ids(report):
        lay = table_layout(report, table_id)
        data = report.tables.get(table_id, {})
        parts.append(f"<h3>{_e(lay.title)}</h3><table>")
        parts.append("<tr><th>项目</th>" + "".join(f"<th>{_e(label)}</th>" for _, label in lay.cols) + "</tr>")
        for row_id, label in lay.rows:
            row_found = marks.get((table_id, row_id, ""), [])
            cls = worst(row_found) or ""
            missing = "（报告中缺此行）" if row_id not in lay.present_rows else ""
            tip = _tip(row_found, notes.get(cell_target(table_id, row_id, "")), notes)
            row = [f'<tr><td class="{cls}"{tip}>{_e(label + missing)}</td>']
            for col_id, _ in lay.cols:
                cell = data.get(row_id, {}).get(col_id)
                found = marks.get((table_id, row_id, col_id), [])
                klass = worst(found) or ("blank" if cell is not None and cell.value is None else "")
                if cell is None:
                    text = ""
                elif cell.value is not None:
                    text = value_text(cell.value)
                else:
                    text = cell.raw
                tip = _tip(found, notes.get(cell_target(table_id, row_id, col_id)), notes)
                row.append(f'<td class="num {klass}"{tip}>{_e(text)}</td>')
            parts.append("".join(row) + "</tr>")
        parts.append("</table>")
    parts.append('<p class="sign">审阅人签字：______________　　日期：______________</p></section>')
    return "\n".join(parts)


def _tip(found: list[Finding], note: Annotation | None, notes: dict[str, Annotation]) -> str:
    """The finding messages and notes as a hover title (the findings list prints them too)."""
    lines = [f.message for f in found]
    lines += [n for n in (note_text(finding_note(notes, f)) for f in found) if n]
    if note_text(note):
        lines.append(note_text(note))
    return f' title="{html.escape(chr(10).join(lines), quote=True)}"' if lines else ""


# --------------------------------------------------------------------------- dispatch

EXPORTERS = (".xlsx", ".csv", ".html", ".htm")


def export(items: list[Item], path: Path | str, reviewer: str = "") -> None:
    """Write the review sheet in the format the suffix names (.pdf is the GUI layer's)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        export_xlsx(items, path, reviewer=reviewer)
    elif suffix == ".csv":
        export_csv(items, path)
    elif suffix in (".html", ".htm"):
        export_html(items, path, reviewer=reviewer)
    else:
        raise ValueError(f"不支持的导出格式 {suffix or '(无扩展名)'}：请用 .xlsx、.csv 或 .html（PDF 由图形界面导出）")
