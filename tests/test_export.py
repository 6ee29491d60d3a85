"""core.export: review sheets built from hand-made reports, read back with openpyxl and csv."""

from __future__ import annotations

import csv
import html
import os
from pathlib import Path

import openpyxl
import pytest

from core.annotations import Annotation, cell_target, finding_target
from core.export import (
    FILL_BLANK,
    FILL_ERROR,
    FILL_WARNING,
    FINDING_HEADERS,
    _safe_sheet_title,
    export,
    export_csv,
    export_html,
    export_xlsx,
)
from core.model import Cell, Finding, Loc, Report

SHA = "c" * 64
EVIL = ['=HYPERLINK("http://evil.example","点我")', "-1+2", "+SUM(A1:A2)", "@cmd", "\t=1", "\r=1"]


def _cells(values: dict[str, int | None]) -> dict[str, Cell]:
    return {c: Cell(v, "" if v is None else str(v), status="ok" if v is not None else "blank")
            for c, v in values.items()}


def make_report(agency: str = "某某区人民政府", file: str = "reports/某某区2024年报.pdf",
                sha: str = SHA) -> Report:
    zero = {c: 0 for c in ("commercial", "research", "social_welfare", "legal_service", "other_org")}
    tables = {
        "applications": {
            "new_received": _cells({"natural_person": 3, **zero, "total": 6}),  # wrong total: 3 ≠ 6
            "carried_over": _cells({"natural_person": None, **zero, "total": 0}),  # a blank cell
        },
        "reviews": {"review": _cells({"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1})},
        "article20": {
            "rules": {"issued": Cell(2, "2"), "repealed": Cell(None, EVIL[0], status="not_a_number"),
                      "in_force": Cell(5, "5")},
            "fees": {"amount": Cell(1.5, "1.5", unit="万元")},
        },
    }
    findings = [
        Finding("row_sum", "error", "本年新收 总计应为 3，实为 6", "applications",
                [("new_received", "total")], 3, 6, Loc(page=3, bbox=(1, 2, 3, 4))),
        Finding("blank_cell", "warning", "上年结转 自然人 为空", "applications",
                [("carried_over", "natural_person")], None, None, Loc(start=10, end=12)),
        Finding("not_a_number", "error", f"规章 本年废止件数 不是数字：{EVIL[0]}", "article20",
                [("rules", "repealed")], None, EVIL[0]),
        Finding("missing_row", "error", "缺少 (七)总计 行", "applications", [("result.total", "")]),
        Finding("narrative_sum", "info", "-1+2", None, [], EVIL[1], "@cmd"),
    ]
    return Report(file=file, sha256=sha, source_format="pdf", template="2021", agency=agency,
                  year=2024, tables=tables, findings=findings)


def make_notes(report: Report) -> dict[str, Annotation]:
    f0, f1 = report.findings[0], report.findings[1]
    notes = [
        Annotation(report.sha256, "report", "需整改", "表格合计多处错误", "张三", "2025-03-01T10:00:00+08:00"),
        Annotation(report.sha256, finding_target(f0.key()), "已确认", "已电话核实，总计应为3", "张三",
                   "2025-03-01T10:05:00+08:00"),
        Annotation(report.sha256, finding_target(f1.key()), "已排除", "=CMD|' /C calc'!A0", "李四",
                   "2025-03-01T10:06:00+08:00"),
        Annotation(report.sha256, cell_target("reviews", "review", "upheld"), "待核实", "与正文核对", "李四",
                   "2025-03-01T10:07:00+08:00"),
    ]
    return {n.target: n for n in notes}


@pytest.fixture
def items() -> list[tuple[Report, dict[str, Annotation]]]:
    r = make_report()
    return [(r, make_notes(r))]


def _fill(cell: openpyxl.cell.cell.Cell) -> str:
    return (cell.fill.fgColor.rgb or "")[-6:] if cell.fill and cell.fill.fill_type == "solid" else ""


def _find(ws, text: str):  # type: ignore[no-untyped-def]
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(f"{text!r} not in {ws.title}")


def _assert_no_formulas(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"


# --------------------------------------------------------------------------- XLSX


def test_xlsx_sheets_fills_and_comments(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "sheet.xlsx"
    export_xlsx(items, out, reviewer="王审阅")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["概要", "主动公开", "依申请", "复议诉讼", "问题清单"]

    app = wb["依申请"]
    assert app.freeze_panes == "B3"
    # Row and column labels come from the 2021 format definition.
    row = _find(app, "一、本年新收政府信息公开申请数量").row
    header = [c.value for c in app[2]]
    assert header[:2] == ["项目", "自然人"] and header[-1] == "总计"
    total = app.cell(row=row, column=header.index("总计") + 1)
    assert total.value == 6 and _fill(total) == FILL_ERROR
    assert "本年新收 总计应为 3，实为 6" in total.comment.text
    assert "已电话核实，总计应为3" in total.comment.text and "已确认" in total.comment.text
    blank_row = _find(app, "二、上年结转政府信息公开申请数量").row
    blank = app.cell(row=blank_row, column=2)
    assert blank.value is None or blank.value == ""
    assert _fill(blank) == FILL_WARNING  # a finding's colour wins over the plain blank grey
    assert "上年结转 自然人 为空" in blank.comment.text and "已排除" in blank.comment.text
    missing = _find(app, "(七)总计（报告中缺此行）")
    assert _fill(missing) == FILL_ERROR and "缺少 (七)总计 行" in missing.comment.text
    assert app.cell(row=row, column=2).value == 3 and _fill(app.cell(row=row, column=2)) == ""
    assert app["A2"].font.name == "微软雅黑" and app["A2"].font.bold

    rev = wb["复议诉讼"]
    upheld = rev.cell(row=_find(rev, "行政复议").row, column=2)
    assert upheld.value == 1 and "与正文核对" in upheld.comment.text and "待核实" in upheld.comment.text

    art = wb["主动公开"]
    rules_row = _find(art, "规章").row
    art_header = [c.value for c in art[2]]
    repealed = art.cell(row=rules_row, column=art_header.index("本年废止件数") + 1)
    assert repealed.value == EVIL[0] and repealed.data_type == "s" and _fill(repealed) == FILL_ERROR
    fees = art.cell(row=_find(art, "行政事业性收费").row, column=art_header.index("本年收费金额(单位:万元)") + 1)
    assert fees.value == 1.5


def test_xlsx_blank_cell_without_finding_is_grey(tmp_path: Path) -> None:
    r = make_report()
    r.findings = [f for f in r.findings if f.rule != "blank_cell"]
    export_xlsx([(r, {})], tmp_path / "x.xlsx")
    app = openpyxl.load_workbook(tmp_path / "x.xlsx")["依申请"]
    cell = app.cell(row=_find(app, "二、上年结转政府信息公开申请数量").row, column=2)
    assert _fill(cell) == FILL_BLANK and cell.comment is None


def test_xlsx_summary_counts(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    export_xlsx(items, tmp_path / "s.xlsx", reviewer="王审阅")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["概要"]
    head = [c.value for c in ws[1]]
    vals = dict(zip(head, [c.value for c in ws[2]], strict=True))
    assert vals["文件"] == "reports/某某区2024年报.pdf" and vals["SHA-256"] == SHA
    assert vals["发布机关"] == "某某区人民政府" and vals["年度"] == 2024
    # The people who acted on this report, never the exporting user's name.
    assert "2021" in vals["格式"] and vals["经手人"] == "张三、李四" and vals["导出日期"]
    assert "王审阅" not in [c.value for c in ws[2]] and vals["审阅状态"] == "待审阅"
    assert (vals["错误数"], vals["警告数"], vals["提示数"]) == (3, 1, 1)
    assert (vals["已确认"], vals["已排除"], vals["待核实"], vals["需整改"], vals["未标注"]) == (1, 1, 0, 0, 3)
    assert vals["报告批注状态"] == "需整改" and vals["报告批注"] == "表格合计多处错误"
    assert ws.freeze_panes == "B2" and ws["A1"].font.name == "微软雅黑"


def test_xlsx_findings_sheet(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    export_xlsx(items, tmp_path / "f.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "f.xlsx")["问题清单"]
    assert [c.value for c in ws[1]] == FINDING_HEADERS
    rows = [dict(zip(FINDING_HEADERS, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    assert [r["级别"] for r in rows] == ["错误", "错误", "错误", "警告", "提示"]  # errors first
    row_sum = next(r for r in rows if r["规则编号"] == "row_sum")
    assert row_sum["单元格"] == "一、本年新收政府信息公开申请数量 / 总计"
    assert (row_sum["期望"], row_sum["实际"], row_sum["位置"]) == (3, 6, "第3页")
    assert (row_sum["审阅状态"], row_sum["批注人"]) == ("已确认", "张三")
    assert row_sum["审阅批注"] == "已电话核实，总计应为3"
    blank = next(r for r in rows if r["规则编号"] == "blank_cell")
    assert blank["审阅批注"] == "=CMD|' /C calc'!A0"  # kept verbatim, as text
    assert next(r for r in rows if r["规则编号"] == "narrative_sum")["审阅状态"] == "未标注"
    assert ws.freeze_panes == "C2"


def test_xlsx_never_writes_a_formula(tmp_path: Path) -> None:
    r = make_report(agency=EVIL[0], file=EVIL[1])
    r.tables["applications"]["new_received"]["natural_person"] = Cell(None, EVIL[2], status="not_a_number")
    r.tables["extra"] = {EVIL[3]: {EVIL[4]: Cell(None, EVIL[5], status="not_a_number")}}
    r.findings += [Finding(rule, "warning", text, "applications", [("new_received", "natural_person")], text, text)
                   for rule, text in zip(["a", "b", "c", "d", "e", "f"], EVIL, strict=True)]
    notes = {finding_target(f.key()): Annotation(SHA, finding_target(f.key()), "待核实", EVIL[i % 6], "=1+1")
             for i, f in enumerate(r.findings)}
    out = tmp_path / "evil.xlsx"
    export_xlsx([(r, notes)], out, reviewer="=1+1")
    _assert_no_formulas(out)
    wb = openpyxl.load_workbook(out)
    texts = {c.value for ws in wb.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    assert EVIL[0] in texts and "-1+2" in texts and "=1+1" in texts  # kept verbatim, as text
    # Also at the XML level: no <f> element anywhere.
    import zipfile

    with zipfile.ZipFile(out) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert b"<f>" not in z.read(name) and b"<f " not in z.read(name)


def test_xlsx_many_reports_get_unique_safe_sheet_names(tmp_path: Path) -> None:
    reports = [make_report(agency="国家[某]部/司:处*?" + "很长的名字" * 5, sha=f"{i:064d}") for i in range(3)]
    reports.append(make_report(agency=None, file="x/无机关.pdf", sha="d" * 64))  # type: ignore[arg-type]
    export_xlsx([(r, {}) for r in reports], tmp_path / "m.xlsx")
    names = openpyxl.load_workbook(tmp_path / "m.xlsx").sheetnames
    assert len(names) == len({n.lower() for n in names}) == 1 + 4 * 3 + 1
    assert all(len(n) <= 31 and not set("[]:*?/\\") & set(n) for n in names)
    assert any(n.startswith("4.依申请-无机关") for n in names)


def test_safe_sheet_title() -> None:
    used: set[str] = set()
    assert _safe_sheet_title("a" * 40, used) == "a" * 31
    assert _safe_sheet_title("A" * 40, used) == "A" * 28 + "(2)"
    assert _safe_sheet_title("'x'", used) == "x"
    assert _safe_sheet_title("", used) == "Sheet"
    assert _safe_sheet_title("history", used) == "History_"


def test_xlsx_unknown_template_uses_ids(tmp_path: Path) -> None:
    r = make_report()
    r.template = "unknown"
    export_xlsx([(r, {})], tmp_path / "u.xlsx")
    app = openpyxl.load_workbook(tmp_path / "u.xlsx")["依申请"]
    assert [c.value for c in app[2]][:2] == ["项目", "natural_person"]
    assert _find(app, "new_received").row == 3


def test_xlsx_report_with_read_error(tmp_path: Path) -> None:
    r = Report(file="坏.pdf", sha256="e" * 64, error="文件已加密")
    export_xlsx([(r, {})], tmp_path / "e.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "e.xlsx")
    assert wb.sheetnames == ["概要", "问题清单"]
    assert "文件已加密" in wb["问题清单"].cell(row=2, column=FINDING_HEADERS.index("说明") + 1).value


# --------------------------------------------------------------------------- CSV


def test_csv_bom_rows_and_no_formulas(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "f.csv"
    export_csv(items, out)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == FINDING_HEADERS and len(rows) == 1 + 5
    by_rule = {r[FINDING_HEADERS.index("规则编号")]: dict(zip(FINDING_HEADERS, r, strict=True)) for r in rows[1:]}
    assert by_rule["row_sum"]["审阅状态"] == "已确认" and by_rule["row_sum"]["期望"] == "3"
    assert by_rule["blank_cell"]["审阅批注"] == "'=CMD|' /C calc'!A0"
    assert by_rule["narrative_sum"]["说明"] == "'-1+2" and by_rule["narrative_sum"]["实际"] == "'@cmd"
    for r in rows[1:]:
        for v in r:
            assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), v


def test_csv_evil_everywhere(tmp_path: Path) -> None:
    r = make_report(agency=EVIL[0], file=EVIL[0])
    r.findings = [Finding(t, "error", t, None, [], t, t) for t in EVIL]
    export_csv([(r, {})], tmp_path / "e.csv")
    with (tmp_path / "e.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    for row in rows[1:]:
        for v in row:
            assert not v or v[0] not in "=+-@\t\r", repr(v)
    assert rows[1][0] == "'" + EVIL[0]


# --------------------------------------------------------------------------- HTML


def test_html_is_self_contained_and_escaped(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    r, notes = items[0]
    r.findings.append(Finding("x", "warning", "<script>alert(1)</script>", None))
    out = tmp_path / "sheet.html"
    export_html(items, out)
    page = out.read_text("utf-8")
    assert '<meta charset="utf-8">' in page
    assert "<script>alert" not in page and html.escape("<script>alert(1)</script>") in page
    assert "src=" not in page and "<link" not in page  # nothing to fetch: prints offline
    assert "某某区人民政府" in page and SHA in page
    assert "本年新收 总计应为 3，实为 6" in page and "已电话核实，总计应为3" in page
    assert "表格合计多处错误" in page  # the report-level note
    assert 'class="num error"' in page and 'class="num warning"' in page
    assert "一、本年新收政府信息公开申请数量" in page and "审阅人签字" in page


# --------------------------------------------------------------------------- dispatch


@pytest.mark.parametrize("suffix", [".xlsx", ".XLSX", ".csv", ".html", ".htm"])
def test_export_dispatch(tmp_path: Path, items, suffix: str) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"out{suffix}"
    export(items, str(out), reviewer="r")  # the GUI passes a str
    assert out.stat().st_size > 0
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temp file left


@pytest.mark.parametrize("name", ["out.pdf", "out.txt", "out"])
def test_export_rejects_other_suffixes(tmp_path: Path, items, name: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        export(items, tmp_path / name)
    assert not (tmp_path / name).exists()


def test_export_empty_list(tmp_path: Path) -> None:
    export([], tmp_path / "e.xlsx")
    export([], tmp_path / "e.csv")
    export([], tmp_path / "e.html")
    assert openpyxl.load_workbook(tmp_path / "e.xlsx").sheetnames == ["概要", "问题清单"]


def test_long_cell_lists_are_shortened(tmp_path: Path) -> None:
    r = make_report()
    col = [(f"result.withheld.{k}", "total") for k in ("state_secret", "law_forbidden", "three_safety",
                                                          "third_party", "internal_affairs", "process_info")]
    r.findings = [Finding("column_sum", "error", "列合计不符", "applications", col, 1, 2)]
    export_csv([(r, {})], tmp_path / "c.csv")
    with (tmp_path / "c.csv").open(encoding="utf-8-sig", newline="") as fh:
        row = dict(zip(FINDING_HEADERS, list(csv.reader(fh))[1], strict=True))
    assert row["单元格"].endswith("等共 6 格") and row["单元格"].count("；") == 3


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_sheet_is_readable_by_others_and_keeps_existing_mode(tmp_path: Path, items) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "s.xlsx"
    export(items, out)
    assert out.stat().st_mode & 0o777 == 0o644  # not mkstemp's owner-only 0600
    out.chmod(0o664)
    export(items, out)
    assert out.stat().st_mode & 0o777 == 0o664
