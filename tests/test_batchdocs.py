"""The batch outputs read back: the 通报 DOCX with python-docx, the batch workbook with
openpyxl, the batch PDF's text; their unit rows, scores, ranks, 等次 and 问题清单 equal to the
batch object the engine made of real reports (not only present), charts in both, no formula."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from core.batchdocs import write_batch
from core.batchdocs.model import UNREVIEWED, build, place_text, status_label
from core.rules.registry import rule_name
from tests.helpers.batchobj import real_batch


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return real_batch(tmp_path_factory.mktemp("roster"))


@pytest.fixture(scope="module")
def outputs(batch: tuple[dict[str, Any], list[dict[str, Any]]],
            tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("out")
    paths = {}
    for suffix in ("docx", "xlsx", "pdf"):
        paths[suffix] = folder / f"通报.{suffix}"
        write_batch(batch[0], batch[1], paths[suffix])
    return paths


def _units(batch: tuple[dict[str, Any], list[dict[str, Any]]]) -> list[dict[str, Any]]:
    return batch[0]["batch"]["units"]


def _expected_findings(batch: tuple[dict[str, Any], list[dict[str, Any]]]) -> list[tuple[str, ...]]:
    """(unit, rule's Chinese name, message, place, status) of every finding of every unit's
    reports, straight from the report objects."""
    by_sha = {r["sha256"]: r for r in batch[1]}
    rows = []
    for u in _units(batch):
        for sha in u["reports"]:
            for f in by_sha[sha]["findings"]:
                rows.append((u["unit"], rule_name(f["rule"]), f["message"], place_text(f),
                             (f.get("note") or {}).get("status") or UNREVIEWED))
    return rows


def test_the_batch_is_the_one_the_tests_mean(batch: tuple[dict[str, Any], list[dict[str, Any]]]) -> None:
    """The cases the outputs must show are in the engine's object: 缺报, 逾期, findings, ranks."""
    units = {u["unit"]: u for u in _units(batch)}
    assert units["上海市=HYPERLINK(\"x\")局"]["status"] == "missing"
    assert units["平潭综合实验区"]["status"] == "late"
    assert any(u.get("rank") for u in units.values())
    assert len(_expected_findings(batch)) >= 8


# --------------------------------------------------------------------------- XLSX

def _sheet_rows(ws: Any) -> list[list[Any]]:
    return [[c.value for c in row] for row in ws.iter_rows(min_row=2)]


def test_workbook_summary_equals_the_batch(batch: Any, outputs: dict[str, Path]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(outputs["xlsx"])
    assert wb.sheetnames == ["汇总", "问题清单", "得分", "缺报逾期", "图表"]
    header = [c.value for c in wb["汇总"][1]]
    got = [dict(zip(header, r, strict=True)) for r in _sheet_rows(wb["汇总"])]
    units = _units(batch)
    assert [g["单位"] for g in got] == [u["unit"] for u in units]
    for g, u in zip(got, units, strict=True):
        assert g["类别"] == u["category"]
        assert g["报送状态"] == status_label(u["status"])
        assert (g["发布日期"] or None) == u["published"]
        assert g["截止日期"] == u["deadline"]
        assert (g["错误数"], g["警告数"], g["提示数"]) == (u["counts"]["error"], u["counts"]["warning"],
                                                       u["counts"]["info"])
        assert g["得分"] == u["score"]
        assert (g["排名"] or None) == u.get("rank")
        assert g["等次"] == u["band"]
        assert (g["暂定"] == "是") == u["provisional"]


def test_workbook_findings_equal_the_reports(batch: Any, outputs: dict[str, Path]) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(outputs["xlsx"])["问题清单"]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["单位", "规则", "级别", "说明", "位置", "状态", "批注"]
    got = [(r[0], r[1], r[3], r[4] or "", r[5]) for r in _sheet_rows(ws)]
    assert got == _expected_findings(batch)


def test_workbook_scores_carry_every_deduction(batch: Any, outputs: dict[str, Path]) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(outputs["xlsx"])["得分"]
    by_unit: dict[str, list[tuple[str, float]]] = {}
    for r in _sheet_rows(ws):
        if r[6]:
            by_unit.setdefault(r[0], []).append((r[6], r[7]))
    for u in _units(batch):
        assert by_unit.get(u["unit"], []) == [(d["item"], d["points"]) for d in u["deductions"]]
    evidence = [r[8] for r in _sheet_rows(ws) if r[6]]
    assert all(evidence), "every deduction names its evidence"
    assert any("缺报" in e for e in evidence)


def test_workbook_coverage_sheet_and_native_charts(batch: Any, outputs: dict[str, Path]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(outputs["xlsx"])
    listed = {(r[0], r[2]) for r in _sheet_rows(wb["缺报逾期"])}
    expected = {(u["unit"], status_label(u["status"])) for u in _units(batch)
                if u["status"] in ("missing", "late", "date_unknown")}
    assert listed == expected
    late = next(r for r in _sheet_rows(wb["缺报逾期"]) if r[2] == "逾期")
    assert late[5] == (date.fromisoformat(late[4]) - date.fromisoformat(late[3])).days > 0
    charts = wb["图表"]._charts
    assert len(charts) == 3
    # The coverage chart's data: the counts of the batch, by status word, on the 图表 sheet.
    ws = wb["图表"]
    shown = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 6)}
    statuses = [u["status"] for u in _units(batch)]
    assert shown == {status_label(s): statuses.count(s) for s in ("submitted", "late", "missing", "date_unknown")}
    assert {type(c).__name__ for c in charts} == {"BarChart"}


def test_workbook_has_no_formula_and_keeps_formula_like_text(batch: Any, outputs: dict[str, Path]) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(outputs["xlsx"])
    for ws in wb:
        for row in ws.iter_rows():
            for c in row:
                assert c.data_type != "f", f"{ws.title}!{c.coordinate} is a formula: {c.value!r}"
    names = [r[0] for r in _sheet_rows(wb["汇总"])]
    assert '上海市=HYPERLINK("x")局' in names and "+洪泽区交通运输局" in names


def test_workbook_rows_grow_with_wrapped_text(outputs: dict[str, Path]) -> None:
    import openpyxl

    ws = openpyxl.load_workbook(outputs["xlsx"])["问题清单"]
    width = ws.column_dimensions["D"].width
    longest = max(range(2, ws.max_row + 1), key=lambda r: len(ws.cell(r, 4).value or ""))
    assert len(ws.cell(longest, 4).value) > width  # it wraps at this width…
    assert (ws.row_dimensions[longest].height or 0) >= 30  # …and its row is at least two lines


# --------------------------------------------------------------------------- DOCX

def _docx_tables(path: Path) -> tuple[Any, list[list[list[str]]]]:
    import docx

    d = docx.Document(str(path))
    return d, [[[c.text for c in row.cells] for row in t.rows] for t in d.tables]


def test_docx_score_table_equals_the_batch(batch: Any, outputs: dict[str, Path]) -> None:
    _, tables = _docx_tables(outputs["docx"])
    score = next(t for t in tables if t[0] == ["类别", "单位", "得分", "排名", "等次", "扣分情况"])
    got = {r[1]: r for r in score[1:]}
    units = _units(batch)
    assert sorted(got) == sorted(u["unit"] for u in units)
    for u in units:
        row = got[u["unit"]]
        assert row[0] == u["category"]
        assert row[2] == f"{u['score']:g}" + ("（暂定）" if u["provisional"] else "")
        assert row[3] == (str(u["rank"]) if u.get("rank") else "—")
        assert row[4] == u["band"]
        for d in u["deductions"]:
            assert d["item"] in row[5]


def test_docx_annex_lists_each_units_findings(batch: Any, outputs: dict[str, Path]) -> None:
    import docx

    d = docx.Document(str(outputs["docx"]))
    # Walk the body in order: a unit's heading, then its 问题清单 table.
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    got: list[tuple[str, ...]] = []
    unit = None
    annex = False
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph):
            if block.text == "各单位年度报告问题清单":
                annex = True
            elif annex and block.style.name == "Heading 2":
                unit = block.text.split("、", 1)[1]
        elif annex and isinstance(block, Table):
            rows = [[c.text for c in r.cells] for r in block.rows]
            assert rows[0] == ["序号", "问题", "位置", "状态", "备注"]
            for r in rows[1:]:
                rule, message = r[1].split("：", 1)
                got.append((unit, rule, message, r[2], r[3]))
    assert got == [tuple(x) for x in _expected_findings(batch)]


def test_docx_overview_names_missing_and_late_units(batch: Any, outputs: dict[str, Path]) -> None:
    d, _ = _docx_tables(outputs["docx"])
    text = "\n".join(p.text for p in d.paragraphs)
    units = _units(batch)
    missing = [u["unit"] for u in units if u["status"] == "missing"]
    assert f"缺报{len(missing)}个" in text
    assert "缺报单位：" + "、".join(missing) + "。" in text
    assert "逾期单位：平潭综合实验区。" in text
    assert d.paragraphs[0].text == "关于2024年度政府信息公开工作年度报告审阅情况的通报"
    assert d.paragraphs[1].text == "（草稿）"  # not issued: a draft says so


def test_an_issued_batch_says_so(batch: Any, tmp_path: Path) -> None:
    import docx
    import openpyxl

    issued = {"batch": {**batch[0]["batch"], "issued": {"id": "a1b2c3", "at": "2026-12-08T01:02:03+08:00",
                                                           "by": "张三", "file": "x.json"}}}
    write_batch(issued, batch[1], tmp_path / "定稿.docx")
    write_batch(issued, batch[1], tmp_path / "定稿.xlsx")
    assert docx.Document(str(tmp_path / "定稿.docx")).paragraphs[1].text == "（定稿（编号 a1b2c3，2026-12-08））"
    assert openpyxl.load_workbook(tmp_path / "定稿.xlsx").properties.description.startswith("定稿（编号 a1b2c3")


def test_docx_has_the_charts_and_the_official_layout(outputs: dict[str, Path]) -> None:
    import docx
    from docx.oxml.ns import qn

    d = docx.Document(str(outputs["docx"]))
    assert len(d.inline_shapes) == 4  # coverage, scores, findings by rule, 本年新收申请数 by unit and year
    for shape in d.inline_shapes:
        assert shape.width > 0 and shape.height > shape.width / 5  # not squashed
    blobs = [p.image.blob for p in d.part.package.image_parts]
    assert all(b.startswith(b"\x89PNG") for b in blobs) and len(blobs) == 4
    captions = [p.text for p in d.paragraphs if p.text.startswith("图")]
    assert captions[-1] == "图4  本年新收申请数（各单位2023、2024年）"
    normal = d.styles["Normal"]
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert normal.font.size.pt == 16
    assert d.styles["Heading 1"].element.rPr.rFonts.get(qn("w:eastAsia")) == "黑体"
    assert d.styles["Heading 2"].element.rPr.rFonts.get(qn("w:eastAsia")) == "楷体_GB2312"
    footer_xml = d.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    section = d.sections[0]
    assert round(section.top_margin.mm) == 37 and round(section.left_margin.mm) == 28


def test_docx_of_a_batch_with_no_findings(tmp_path: Path) -> None:
    """An empty batch (no units) still makes a readable 通报, not a traceback."""
    import docx

    write_batch({"batch": {"year": 2024, "units": [], "rubric": {}, "unmatched_reports": [], "figures": {}}},
                [], tmp_path / "空.docx")
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "空.docx")).paragraphs)
    assert "应报送单位0个" in text and "未发现问题" in text


# --------------------------------------------------------------------------- PDF and dispatch

def test_pdf_has_the_summary_and_each_units_list(batch: Any, outputs: dict[str, Path]) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(outputs["pdf"]))
    try:
        pages = [pdf[i].get_textpage().get_text_bounded() for i in range(len(pdf))]
    finally:
        pdf.close()
    first = pages[0]
    assert "关于2024年度政府信息公开工作年度报告审阅情况的通报" in first
    units_with = [u["unit"] for u in _units(batch) if u["counts"]["error"] + u["counts"]["warning"]
                  + u["counts"]["info"]]
    # Each unit with findings has its own page, under the annex title, headed by its name.
    heads = [p.splitlines()[2] for p in pages[1:] if p.splitlines()[1:2] == ["附件：各单位年度报告问题清单"]]
    assert [h.split("（")[0] for h in heads] == units_with
    assert "— 1 —" in first


def test_unknown_suffix_is_refused_clearly(batch: Any, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="不支持的批量输出格式 .odt"):
        write_batch(batch[0], batch[1], tmp_path / "x.odt")
    assert not list(tmp_path.iterdir())


def test_build_accepts_the_inner_object(batch: Any) -> None:
    inner = build(batch[0]["batch"], batch[1])
    outer = build(batch[0], batch[1])
    assert [u.unit for u in inner.units] == [u.unit for u in outer.units]
    assert inner.findings == outer.findings


def test_batch_command_out_equals_its_json(tmp_path: Path) -> None:
    """`batch --json --out` end to end: the workbook and the 通报 the command writes carry the
    units, scores and ranks of the batch object it prints."""
    import json
    import subprocess
    import sys

    import docx
    import openpyxl

    from tests.corpus import real
    from tests.helpers.batchobj import PREVIOUS, ROOT, ROSTER, write_roster

    roster = write_roster(tmp_path / "名册.csv")
    files = [str(real(n)) for _, _, n, _, _ in ROSTER if n] + [str(real(n)) for n in PREVIOUS]
    outs = {}
    for suffix in ("xlsx", "docx"):
        outs[suffix] = tmp_path / f"批量.{suffix}"
        run = subprocess.run([sys.executable, "-X", "utf8", str(ROOT / "main.py"), "batch", *files, "--year", "2024",
                              "--roster", str(roster), "--json", "--out", str(outs[suffix])],
                             capture_output=True, text=True, encoding="utf-8", cwd=ROOT, check=False)
        assert run.returncode in (0, 1), run.stderr[-2000:]
        batch = json.loads(run.stdout.splitlines()[-1])["batch"]
    summary = openpyxl.load_workbook(outs["xlsx"])["汇总"]
    got = [(r[0], r[12], r[14]) for r in _sheet_rows(summary)]
    assert got == [(u["unit"], u["score"], u.get("rank")) for u in batch["units"]]
    d = docx.Document(str(outs["docx"]))
    table = next(t for t in d.tables if t.rows[0].cells[0].text == "类别")
    ranks = {r.cells[1].text: r.cells[3].text for r in table.rows[1:]}
    assert ranks == {u["unit"]: str(u["rank"]) if u.get("rank") else "—" for u in batch["units"]}


def test_a_large_batch_fits_the_pages(batch: Any, tmp_path: Path) -> None:
    """45 units (more than the charts draw one bar each for): every output is written, the
    figure chart fits a PDF page (it overflowed it once: reportlab's LayoutError)."""
    import copy
    import hashlib

    import docx

    from core.batch.build import build_batch

    reports = []
    source = [r for r in batch[1] if r["year"] == 2024 and r["findings"]]
    for i in range(45):
        r = copy.deepcopy(source[i % len(source)])
        r["agency"], r["sha256"] = f"测试市第{i + 1:02d}局", hashlib.sha256(f"u{i}".encode()).hexdigest()
        reports.append(r)
    big = {"batch": build_batch(reports, 2024, None, engine_version="test")}
    for suffix in ("pdf", "docx", "xlsx"):
        write_batch(big, reports, tmp_path / f"大.{suffix}")
    d = docx.Document(str(tmp_path / "大.docx"))
    score = next(t for t in d.tables if t.rows[0].cells[0].text == "类别")
    assert len(score.rows) == 46
    assert "得分分布（按等次）" in [p.text.split("  ", 1)[-1] for p in d.paragraphs if p.text.startswith("图")]


def test_charts_need_neither_qt_nor_pyplot(batch: Any, tmp_path: Path) -> None:
    """The headless `batch --out` draws its charts without loading Qt or pyplot (pyplot picks
    a GUI backend and keeps global figures)."""
    import json
    import subprocess
    import sys

    from tests.helpers.batchobj import ROOT

    (tmp_path / "b.json").write_text(json.dumps({"b": batch[0], "r": batch[1]}, ensure_ascii=False), encoding="utf-8")
    code = ("import json, sys; from core.batchdocs import write_batch; "
            f"d = json.loads(open({str(tmp_path / 'b.json')!r}, encoding='utf-8').read()); "
            f"write_batch(d['b'], d['r'], {str(tmp_path / 'x.pdf')!r}); "
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'matplotlib.pyplot', "
            "'matplotlib.backends.backend_qt'))))")
    run = subprocess.run([sys.executable, "-X", "utf8", "-c", code], capture_output=True, text=True,
                         encoding="utf-8", cwd=ROOT, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.strip() == "[]"
    assert (tmp_path / "x.pdf").read_bytes().startswith(b"%PDF")
