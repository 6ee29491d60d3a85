"""What every review sheet shows: one table layout, rule names, places a person can find."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import openpyxl
import pytest

from core.cli import format_human
from core.export import FINDING_HEADERS, export_csv, export_html, export_xlsx
from core.labels import MISSING_ROW
from core.model import Loc
from core.paths import resources_dir
from core.pipeline import analyze
from core.rules.registry import rule_name
from core.sheet import loc_text, sheet_html, table_layout

SAMPLES = resources_dir() / "samples"
CLEAN_PDF = SAMPLES / "示例-一致的报告.pdf"
CLEAN_TXT = SAMPLES / "示例-一致的报告.txt"
FAULTY_TXT = SAMPLES / "示例-有问题的报告.txt"


@pytest.mark.parametrize("path", [CLEAN_PDF, CLEAN_TXT])
def test_clean_2021_report_has_no_missing_row(path: Path) -> None:
    """The 2021 format's fallback row "(六)其他处理" (for 2019-style reports) is not missing
    from a report that uses the three rows it stands for: the engine says so, the sheet too."""
    report = analyze(path).report
    assert report.template == "2021" and not report.findings
    lay = table_layout(report, "applications")
    assert [r.id for r in lay.rows if not r.present] == []
    assert "result.other" not in {r.id for r in lay.rows}
    assert {"result.other.no_correction", "result.other.no_fee", "result.other.other"} <= {r.id for r in lay.rows}
    page = sheet_html([(report, {})])
    assert MISSING_ROW not in page and "缺失" not in page


def test_a_missing_row_is_marked(tmp_path: Path) -> None:
    report = analyze(CLEAN_TXT).report
    del report.tables["applications"]["carry_forward"]
    lay = table_layout(report, "applications")
    assert [r.id for r in lay.rows if not r.present] == ["carry_forward"]
    assert "四、结转下年度继续办理" + MISSING_ROW in sheet_html([(report, {})])


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def test_text_findings_give_the_line_a_person_can_find() -> None:
    analysis = analyze(FAULTY_TXT)
    doc, report = analysis.document, analysis.report
    assert doc is not None
    for f in report.findings:
        assert f.loc is not None and f.loc.start is not None
        assert f.loc.line == _line_of(doc.text, f.loc.start)
        assert loc_text(f) == f"第{f.loc.line}行"
    total = next(f for f in report.findings if f.rule == "column_sum")
    # The line shown is the line of the (七)总计 row in the text the viewer shows.
    assert "(七)总计" in doc.text.split("\n")[total.loc.line - 1].replace("（", "(").replace("）", ")")  # type: ignore[union-attr]
    # Cells carry their line too; the JSON contract only gains a key.
    cell = report.tables["applications"]["result.total"]["total"]
    d = cell.to_dict()["loc"]
    assert set(d) == {"start", "end", "line"} and d["line"] == _line_of(doc.text, d["start"])
    assert Loc.from_dict(d) == cell.loc


def test_pdf_findings_give_the_page() -> None:
    report = analyze(SAMPLES / "示例-有问题的报告.pdf").report
    f = next(f for f in report.findings if f.rule == "column_sum")
    assert f.loc is not None and f.loc.page is not None and f.loc.line is None
    assert loc_text(f) == f"第{f.loc.page}页"
    assert "line" not in json.dumps(f.to_dict()["loc"])


def test_sheets_name_rules_in_chinese_and_keep_the_id(tmp_path: Path) -> None:
    report = analyze(FAULTY_TXT).report
    items = [(report, {})]
    export_xlsx(items, tmp_path / "s.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["问题清单"]
    rows = [dict(zip(FINDING_HEADERS, [c.value for c in r], strict=True)) for r in ws.iter_rows(min_row=2)]
    total = next(r for r in rows if r["规则编号"] == "column_sum")
    assert total["规则"] == "总计与分项不符" == rule_name("column_sum")
    assert re.fullmatch(r"第\d+行", total["位置"])
    assert all(not re.search(r"字符|\d+–\d+", r["位置"] or "") for r in rows)

    export_csv(items, tmp_path / "s.csv")
    with (tmp_path / "s.csv").open(encoding="utf-8-sig", newline="") as fh:
        crow = next(r for r in csv.DictReader(fh) if r["规则编号"] == "blank_cell")
    assert crow["规则"] == "单元格未填"

    export_html(items, tmp_path / "s.html")
    page = (tmp_path / "s.html").read_text(encoding="utf-8")
    # The printed sheet names rules in Chinese only (the id is in the JSON and the 规则编号 column).
    assert "总计与分项不符" in page and "column_sum" not in page

    human = format_human(report)
    assert "总计与分项不符（column_sum）" in human and re.search(r"第\d+行", human)


def test_no_raw_status_or_column_id_in_sheet_text(tmp_path: Path) -> None:
    report = analyze(FAULTY_TXT).report
    page = sheet_html([(report, {})])
    visible = re.sub(r"<[^>]+>", " ", page)
    for word in ("blank", "placeholder", "not_a_number", "natural_person", "decisions"):
        assert not re.search(rf"(?<![\w.]){word}(?![\w])", visible.split("</style>")[-1]), word
