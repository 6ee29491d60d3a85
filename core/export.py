"""Review sheets: the engine's findings with the reviewer's notes, as XLSX, CSV or HTML.

Pure Python (no Qt). What a sheet shows (layout, words, the HTML page) is decided in
core/sheet.py; the PDF sheet is that same HTML printed by the GUI layer (gui/export_pdf.py)
and reaches ``export`` as its ``pdf`` argument, so core never imports Qt. Each item is one checked report and its notes, ``target -> Annotation`` as
``AnnotationStore.for_report`` returns them.

Report text is untrusted: it is always written as text, never as a formula (CSV/XLSX
formula injection: a cell ``=HYPERLINK(...)`` would run when the sheet is opened), and
always escaped in HTML.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from core.annotations import REPORT_TARGET, STATUSES, Annotation, cell_target
from core.atomic import TargetLocked, write_atomically
from core.labels import INFERRED_CELL, MISSING_ROW, SEVERITY_LABELS, UNREVIEWED, severity_label, table_short
from core.model import SEVERITIES, Finding, Report
from core.rules.registry import rule_name
from core.sheet import (
    COLOURS,
    ORPHAN_NOTE,
    REVIEW_STATES,
    UNSIGNED,
    History,
    Item,
    actors,
    cell_marks,
    cells_text,
    col_label,
    confirmed_cells,
    corrected_cells,
    correction_text,
    display_name,
    finding_note,
    history_field,
    history_value,
    loc_text,
    newest_first,
    note_text,
    orphan_notes,
    orphan_text,
    review_state,
    review_status,
    row_label,
    sheet_html,
    sorted_findings,
    status_counts,
    table_ids,
    table_layout,
    target_text,
    template_name,
    time_text,
    value_text,
    worst,
)


class PdfWriter(Protocol):
    """The PDF printer of the GUI layer (gui/export_pdf.export_pdf), handed in by a caller
    that may use Qt."""

    def __call__(self, items: list[Item], path: Path, reviewer: str = "", history: History | None = None) -> None: ...

FILL_ERROR = COLOURS["error"].lstrip("#")
FILL_WARNING = COLOURS["warning"].lstrip("#")
FILL_BLANK = COLOURS["blank"].lstrip("#")
FILL_HEADER = COLOURS["header"].lstrip("#")
FILL_CORRECTED = COLOURS["corrected"].lstrip("#")
CORRECTED_FONT = "1F4E79"  # a corrected cell's value: dark blue
HEADER_FONT = "微软雅黑"  # present on Chinese Windows for Excel and WPS; both fall back sanely elsewhere

# A cell starting with one of these is read as a formula (or DDE) by Excel, WPS or LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# 规则: the rule's Chinese name; 规则编号: its id, for filters and scripts.
FINDING_HEADERS = ["文件", "级别", "规则", "规则编号", "表", "单元格", "位置", "说明", "期望", "实际",
                   "审阅状态", "审阅批注", "批注人", "批注时间"]

_CELL_TEXT_LIMIT = 32767  # Excel's maximum characters in a cell


def finding_row(report: Report, notes: dict[str, Annotation], f: Finding) -> list[Any]:
    """One line of the findings list: FINDING_HEADERS order."""
    ann = finding_note(notes, f)
    return [
        report.file,
        severity_label(f.severity),
        rule_name(f.rule),
        f.rule,
        table_short(f.table),
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
    return [report.file, SEVERITY_LABELS["error"], rule_name("file_error"), "file_error", "", "", "",
            f"无法读取：{report.error}", "", "", UNREVIEWED, "", "", ""]


def orphan_row(report: Report, o: dict[str, Any]) -> list[Any]:
    """A note whose finding this reading no longer has: listed with its text, never dropped."""
    which = f"问题编号 {o['finding']}" if o.get("finding") else f"旧版批注键 {o.get('legacy_key', '')}"
    return [report.file, "", ORPHAN_NOTE, "", "", "", "", f"{ORPHAN_NOTE}：批注所指的问题本次未再出现（{which}）",
            "", "", o.get("status", ""), o.get("comment", ""), o.get("by", ""), o.get("at", "")]


def _plain(v: Any) -> Any:
    """Numbers stay numbers; anything else becomes readable text."""
    if v is None or isinstance(v, bool):
        return "" if v is None else str(v)
    if isinstance(v, int | float):
        return v
    return value_text(v)



def write_sheet_file(path: str | Path, write: Callable[[Path], None]) -> None:
    """A review sheet written atomically (core.atomic): a failed export leaves no half file.
    The PDF sheet (gui/export_pdf.py) is written through here too."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # mkstemp makes the file owner-only; a review sheet is meant to be passed on.
        write_atomically(path, write, mode=_sheet_mode(path))
    except TargetLocked as exc:
        raise PermissionError(f"无法写入 {path}：文件可能正在 Excel/WPS 中打开，请关闭后重试。") from exc



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


# One line of 11 pt text, Chinese included, as Excel, WPS and LibreOffice draw it (points).
LINE_PT = 15.0


class _Sheet:
    """A worksheet writer that never lets report text become a formula.

    Layout for paper as well as the screen: columns fitted to their text (wrapped ones to
    at most ``wrap_max``), each row as high as its wrapped text needs (Excel grows rows on
    opening, LibreOffice and WPS do not: without a height their wrapped lines were drawn
    over the next row), the heading rows repeated on every printed page."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.styles import Alignment

        self.ws = ws
        self.widths: dict[int, int] = {}
        self._wrap = Alignment(vertical="top", wrap_text=True)
        self._top = Alignment(vertical="top")
        self._wrapped: dict[int, list[tuple[int, str]]] = {}  # row -> (column, text) of its wrapped cells
        self._wrap_cols: set[int] = set()

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
        text = value_text(value) if not isinstance(value, str) else value
        # Top-aligned, wrapped or not: a row grown for one cell's lines reads from its top.
        cell.alignment = self._wrap if wrap else self._top
        if wrap:
            self._wrapped.setdefault(row, []).append((col, text))
            self._wrap_cols.add(col)
        longest = max((_display_width(line) for line in text.split("\n")), default=0)
        self.widths[col] = max(self.widths.get(col, 0), longest)
        return cell

    def put_row(self, row: int, values: list[Any], wrap: tuple[int, ...] = ()) -> None:
        """``values`` from column 1 on; the 1-based columns in ``wrap`` wrap their text."""
        for j, v in enumerate(values, start=1):
            self.put(row, j, v, wrap=j in wrap)

    def header(self, row: int, labels: list[str]) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        font = Font(name=HEADER_FONT, bold=True)
        fill = PatternFill("solid", fgColor=FILL_HEADER)
        for j, label in enumerate(labels, start=1):
            c = self.put(row, j, label)
            c.font = font
            c.fill = fill
            c.alignment = Alignment(vertical="center", wrap_text=True)
            self._wrapped.setdefault(row, []).append((j, label))

    def fit_columns(self, minimum: int = 6, maximum: int = 60, wrap_max: int = 40,
                    caps: dict[int, int] | None = None) -> None:
        from openpyxl.utils import get_column_letter

        for col, w in self.widths.items():
            top = min(wrap_max, maximum) if col in self._wrap_cols else maximum
            top = (caps or {}).get(col, top)
            self.ws.column_dimensions[get_column_letter(col)].width = min(max(w + 2, minimum), top)

    def column_width(self, col: int) -> float:
        from openpyxl.utils import get_column_letter

        return float(self.ws.column_dimensions[get_column_letter(col)].width or 8.43)

    def fit_rows(self) -> None:
        """Each row with wrapped text as high as its longest cell's lines (never lower
        than a height set before, such as the room for a signature)."""
        for row, cells in self._wrapped.items():
            lines = max(wrapped_lines(text, self.column_width(col)) for col, text in cells)
            if lines <= 1:
                continue
            dim = self.ws.row_dimensions[row]
            dim.height = max(float(dim.height or 0), lines * LINE_PT + 3)

    def finish(self, freeze: str | None = "B2", minimum: int = 6, maximum: int = 60, wrap_max: int = 40,
               fit_width: bool = True, caps: dict[int, int] | None = None) -> None:
        """Headers kept in view, columns fitted to their text (``caps``: a column's own
        maximum), rows to their wrapped text, printed landscape (one page wide, or across
        pages when ``fit_width`` is False)."""
        if freeze:
            self.ws.freeze_panes = freeze
        self.fit_columns(minimum, maximum, wrap_max, caps)
        self.fit_rows()
        self.print_setup(freeze, fit_width)

    def print_setup(self, freeze: str | None = None, fit_width: bool = True) -> None:
        from openpyxl.utils.cell import coordinate_from_string

        self.ws.page_setup.orientation = "landscape"
        self.ws.page_setup.paperSize = self.ws.PAPERSIZE_A4
        if freeze:
            # The rows and columns kept in view on screen head every printed page too.
            col, row = coordinate_from_string(freeze)
            if row > 1:
                self.ws.print_title_rows = f"1:{row - 1}"
            if not fit_width and col != "A":
                self.ws.print_title_cols = "A:A"
        if fit_width:
            self.ws.page_setup.fitToWidth = 1
            self.ws.page_setup.fitToHeight = 0
            self.ws.sheet_properties.pageSetUpPr.fitToPage = True
        else:
            # Too many columns for one page at a readable size: printed at full size across
            # pages (the first column and the heading on each), not shrunk to one page.
            self.ws.sheet_properties.pageSetUpPr.fitToPage = False
            self.ws.page_setup.scale = 80  # 9 pt: still easy to read, fewer pages
            self.ws.page_setup.pageOrder = "overThenDown"


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes in a wrapping column ``width`` characters wide. A
    Chinese character is drawn about 1.8 digits wide at 11 pt (LibreOffice, WPS and Excel
    fall back to a CJK face of that size); one character of the width is the cell's padding."""
    room = max(1.0, width - 1)
    return sum(max(1, math.ceil(_print_width(line) / room)) for line in text.split("\n"))


def _print_width(text: str) -> float:
    return sum(1.8 if ord(ch) > 0x2E7F else 1.0 for ch in text)


SUMMARY_HEADERS = ["文件", "SHA-256", "发布机关", "年度", "格式", "文件类型", "经手人", "导出日期",
                   *(f"{SEVERITY_LABELS[s]}数" for s in SEVERITIES),
                   *STATUSES, UNREVIEWED, "报告批注状态", "报告批注", "批注人", "批注时间", "读取错误",
                   "审阅状态", "签字", "审阅结论", "签字审阅人", "复核人", "签字时间", "更正数", "确认读数",
                   ORPHAN_NOTE + "的批注数",
                   "检查程序版本"]  # engine_version: which program and rules judged (issue 20 §6)


def export_xlsx(items: list[Item], path: Path, reviewer: str = "", history: History | None = None) -> None:
    """Summary sheet (with the sign-off), one sheet per table per report (corrected cells
    marked, the printed value in their comment), a findings sheet (with notes whose finding
    is gone), and when the store holds any: corrections, the history and the signatures."""
    from openpyxl import Workbook

    wb = Workbook()
    used: set[str] = set()
    summary = _Sheet(wb.active)
    summary.ws.title = _safe_sheet_title("概要", used)
    _xlsx_summary(summary, items, history or {})

    multi = len(items) > 1
    for i, (report, notes) in enumerate(items, start=1):
        for table_id in table_ids(report):
            base = table_short(table_id)
            if multi:
                who = report.agency or Path(report.file).stem
                base = f"{i}.{base}-{who}"
            ws = wb.create_sheet(_safe_sheet_title(base, used))
            _xlsx_table(_Sheet(ws), report, notes, table_id)

    findings = _Sheet(wb.create_sheet(_safe_sheet_title("问题清单", used)))
    _xlsx_findings(findings, items)
    xlsx_review_record(wb, used, items, history or {})
    write_sheet_file(Path(path), lambda tmp: wb.save(tmp))


def _signoff_values(report: Report) -> list[str]:
    """签字, 审阅结论, 审阅人, 复核人, 签字时间: a report nobody signed says 未签字."""
    s = report.signoff
    if not s:
        return [UNSIGNED, "", "", "", ""]
    return ["已签字", s.get("conclusion", ""), s.get("reviewer", ""), s.get("second_reviewer", ""),
            time_text(s.get("at", ""))]


def _xlsx_summary(sh: _Sheet, items: list[Item], history: History) -> None:
    """One row per report; its 经手人 and signatures are its own record's, never the
    exporting user's name."""
    from openpyxl.styles import PatternFill

    unsigned = PatternFill("solid", fgColor=FILL_WARNING)
    sh.header(1, SUMMARY_HEADERS)
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    for i, (report, notes) in enumerate(items, start=2):
        counts = report.counts()
        statuses = status_counts(report, notes)
        rep = notes.get(REPORT_TARGET)
        values: list[Any] = [
            report.file, report.sha256, report.agency or "", report.year if report.year else "",
            template_name(report), report.source_format or "",
            "、".join(actors(report, notes, history.get(report.sha256, []))), today,
            *(counts.get(s, 0) for s in SEVERITIES),
            *(statuses[s] for s in (*STATUSES, UNREVIEWED)),
            rep.status if rep else "", rep.comment if rep else "",
            rep.reviewer if rep else "", rep.updated if rep else "", report.error or "",
            REVIEW_STATES[review_state(report)], *_signoff_values(report),
            len(corrected_cells(report)), len(confirmed_cells(report)), len(orphan_notes(report, notes)),
            _engine_version(),
        ]
        for j, v in enumerate(values, start=1):
            cell = sh.put(i, j, v, wrap=SUMMARY_HEADERS[j - 1] in ("文件", "报告批注", "审阅结论", "读取错误"))
            if v == UNSIGNED:
                cell.fill = unsigned
    sh.ws.column_dimensions["B"].width = 20  # the digest is for matching, not for reading
    sh.widths.pop(2, None)
    # 28 columns: printed at a readable size across pages, 文件 and the heading on each.
    sh.finish(wrap_max=30, fit_width=False)


def _xlsx_table(sh: _Sheet, report: Report, notes: dict[str, Annotation], table_id: str) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill

    fills = {k: PatternFill("solid", fgColor=v) for k, v in
             (("error", FILL_ERROR), ("warning", FILL_WARNING), ("blank", FILL_BLANK),
              ("corrected", FILL_CORRECTED))}
    lay = table_layout(report, table_id)
    data = report.tables.get(table_id, {})
    marks = cell_marks(report)

    title = sh.put(1, 1, f"{lay.title}（{display_name(report)}）")
    title.font = Font(name=HEADER_FONT, bold=True, size=12)
    sh.widths.pop(1, None)  # the title spans columns; don't size column A by it
    sh.header(2, ["项目", *(label for _, label in lay.cols)])

    for i, row in enumerate(lay.rows, start=3):
        row_id, label = row.id, row.label
        lab = sh.put(i, 1, label + ("" if row.present else MISSING_ROW), wrap=True)
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
            extra = INFERRED_CELL if cell is not None and cell.inferred else ""
            if cell is not None and cell.corrected is not None:
                extra = correction_text(cell)
                xl.font = Font(color=CORRECTED_FONT, bold=True)
                xl.fill = fills["corrected"]  # a finding's colour, if any, wins below
            elif blank and not found:
                xl.fill = fills["blank"]
            _mark(xl, found, note, fills, Comment, extra=extra, notes=notes)
    sh.finish("B3", maximum=40)


def _mark(xl: Any, found: list[Finding], note: Annotation | None, fills: dict[str, Any],
          comment_cls: Any, extra: str = "", notes: dict[str, Annotation] | None = None) -> None:
    """Colour a cell by its worst finding and attach the messages and the reviewer's notes."""
    sev = worst(found)
    if sev:
        xl.fill = fills[sev]
    lines = []
    for f in found:
        lines.append(f"[{severity_label(f.severity)}·{rule_name(f.rule)}] {f.message}")
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


_FINDING_WRAP = frozenset({"文件", "规则", "说明", "审阅批注", "单元格", "位置", "批注时间"})


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
        rows += [("", orphan_row(report, o)) for o in orphan_notes(report, notes)]
        for severity, values in rows:
            for j, v in enumerate(values, start=1):
                c = sh.put(r, j, v, wrap=FINDING_HEADERS[j - 1] in _FINDING_WRAP)
                if j == 2 and severity in fills:
                    c.fill = fills[severity]
            r += 1
    if r > 2:
        sh.ws.auto_filter.ref = f"A1:{get_column_letter(len(FINDING_HEADERS))}{r - 1}"
    # One landscape page wide at about 70 %: the message gets the room, the rest wraps narrow.
    sh.finish("C2", maximum=20, wrap_max=20, caps={FINDING_HEADERS.index("说明") + 1: 30})


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

    write_sheet_file(Path(path), write)


# --------------------------------------------------------------------------- HTML


def export_html(items: list[Item], path: Path, reviewer: str = "", history: History | None = None) -> None:
    """A self-contained printable page (core/sheet.py), the same one the PDF prints: each
    report with its review record (corrections, notes, history summary, signatures)."""
    today = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    page = sheet_html(items, reviewer, today, history=history)

    def write(tmp: Path) -> None:
        tmp.write_text(page, encoding="utf-8")

    write_sheet_file(Path(path), write)


# --------------------------------------------------------------------------- dispatch

def export(items: list[Item], path: Path | str, reviewer: str = "", pdf: PdfWriter | None = None,
           history: History | None = None) -> None:
    """Write the review sheet in the format the suffix names.

    ``.pdf`` needs ``pdf``, the printer of the GUI layer (gui/export_pdf.export_pdf), which
    the caller that may use Qt hands in; core itself never imports it.
    ``history``: sha256 -> the store's history of that report, for the review record.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        export_xlsx(items, path, reviewer=reviewer, history=history)
    elif suffix == ".csv":
        export_csv(items, path)
    elif suffix in (".html", ".htm"):
        export_html(items, path, reviewer=reviewer, history=history)
    elif suffix == ".pdf":
        if pdf is None:  # PDF printing is Qt's: only a caller with the window layer can
            raise ValueError("此处不能写 PDF 审阅表（需要图形界面部分）；请用 .xlsx、.html 或 .csv")
        pdf(items, path, reviewer, history=history)
    else:
        raise ValueError(f"不支持的导出格式 {suffix or '(无扩展名)'}：请用 .xlsx、.csv、.html 或 .pdf")


# --------------------------------------------------------------------------- review record

CORRECTION_HEADERS = ["文件", "表", "行", "列", "原报值", "原文", "更正值", "更正人", "更正时间", "原因", "原文位置"]
HISTORY_HEADERS = ["文件", "对象", "项目", "原值", "新值", "操作人", "时间", "原因"]
SIGN_HEADERS = ["文件", "审阅结论", "审阅人", "复核人", "签字时间", "审阅人签名", "复核人签名",
                ORPHAN_NOTE + "的批注"]


def has_review_record(report: Report, notes: dict[str, Annotation], history: History) -> bool:
    return bool(corrected_cells(report) or history.get(report.sha256) or report.signoff
                or orphan_notes(report, notes) or report.orphan_corrections)


def xlsx_review_record(wb: Any, used: set[str], items: list[Item], history: History) -> None:
    """Three sheets: corrections (printed value beside the reviewer's), the history of
    every change (newest first), and the sign-off with both signatures or 未签字 — when
    the store holds any of these for the reports (a sheet of plain findings stays as it was)."""
    if not any(has_review_record(r, n, history) for r, n in items):
        return
    corr = _Sheet(wb.create_sheet(_safe_sheet_title("更正", used)))
    corr.header(1, CORRECTION_HEADERS)
    r = 2
    for report, _ in items:
        for t, row_id, col_id, cell in corrected_cells(report):
            c = cell.corrected
            assert c is not None
            values = [report.file, table_short(t), row_label(report, t, row_id), col_label(report, t, row_id, col_id),
                      _plain(c.original), c.original_raw, _plain(cell.value), c.by, time_text(c.at), c.reason,
                      loc_text(cell)]
            corr.put_row(r, values, wrap=(1, 10))
            r += 1
        for o in report.orphan_corrections or []:
            values = [report.file, "", str(o.get("cell", "")), "", "", "", _plain(o.get("value")), o.get("by", ""),
                      time_text(str(o.get("at", ""))), f"单元格已不存在：{o.get('why', '')}；{o.get('reason', '')}", ""]
            corr.put_row(r, values, wrap=(1, 10))
            r += 1
    corr.finish(maximum=40, wrap_max=30)

    hist = _Sheet(wb.create_sheet(_safe_sheet_title("审阅记录", used)))
    hist.header(1, HISTORY_HEADERS)
    r = 2
    for report, _ in items:
        for e in newest_first(history.get(report.sha256, [])):
            values = [report.file, target_text(report, e.target), history_field(e),
                      history_value(e.field, e.old), history_value(e.field, e.new), e.by, time_text(e.at), e.reason]
            hist.put_row(r, values, wrap=(1, 2, 4, 5, 8))
            r += 1
    hist.finish(maximum=40, wrap_max=30)

    sign = _Sheet(wb.create_sheet(_safe_sheet_title("签字", used)))
    sign.header(1, SIGN_HEADERS)
    for i, (report, notes) in enumerate(items, start=2):
        s = report.signoff
        orphans = "；".join(orphan_text(o) for o in orphan_notes(report, notes))
        head = ([s.get("conclusion", ""), s.get("reviewer", ""), s.get("second_reviewer", ""), time_text(s.get("at", ""))]
                if s else [UNSIGNED, "", "", ""])
        values = [report.file, *head, "", "", orphans]
        sign.put_row(i, values, wrap=(1, 2, 8))
        sign.ws.row_dimensions[i].height = 36  # room for handwritten signatures
    sign.finish(None, minimum=12, maximum=50, wrap_max=30)


def _engine_version() -> str:
    from core.engine_version import engine_version

    return engine_version()
