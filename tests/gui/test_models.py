"""The table models over hand-made reports: layout, colours, and Qt's model contract."""

from __future__ import annotations

from PySide6.QtCore import Qt

from core.formats import load_formats
from core.model import Cell, Finding, Loc, Report
from core.pipeline import Analysis
from gui.findings_model import FINDING_ROLE, FindingsModel
from gui.labels import ERROR_BG, WARNING_BG
from gui.queue_model import Entry, QueueFilter, QueueModel
from gui.table_model import KEY_ROLE, LOC_ROLE, STATE_ROLE, TableModel, finding_indexes


def make_report(sha: str = "a" * 64, year: int = 2023, agency: str = "某某县人民政府") -> Report:
    cols = [
        "natural_person",
        "commercial",
        "research",
        "social_welfare",
        "legal_service",
        "other_org",
        "total",
    ]
    apps = {
        "new_received": {c: Cell(1, "1", Loc(start=10 + i, end=11 + i)) for i, c in enumerate(cols)},
        "result.disclosed": {c: Cell(None, "", Loc(start=40, end=40), status="blank") for c in cols},
        "result.total": {
            c: Cell(2, "2", Loc(page=1, bbox=(10, 20, 30, 40)), inferred=(c == "total")) for c in cols
        },
    }
    findings = [
        Finding(
            "row_sum",
            "error",
            "总计不等于各列之和",
            "applications",
            [("new_received", "total")],
            6,
            1,
            Loc(start=16, end=17),
        ),
        Finding("blank_cell", "warning", "空白单元格", "applications", [("result.disclosed", "commercial")]),
        Finding("section_missing", "info", "缺少章节", None),
    ]
    return Report(
        file="x.txt",
        sha256=sha,
        source_format="txt",
        template="2021",
        agency=agency,
        year=year,
        tables={"applications": apps},
        findings=findings,
    )


def test_table_model_contract_and_layout(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rep = make_report()
    model = TableModel(rep, "applications")
    qtmodeltester.check(model)
    assert model.present
    # The format's rows all appear, missing ones marked, not dropped; only the 2019-style
    # fallback row (六)其他处理, which this report does not use, is left out.
    rows = load_formats()["2021"].tables["applications"].rows
    assert [model.row_id(r) for r in range(model.rowCount())] == [r.id for r in rows if r.id != "result.other"]
    assert model.columnCount() == 7
    assert model.headerData(0, Qt.Orientation.Horizontal) == "自然人"
    carried = next(r for r in range(model.rowCount()) if model.row_id(r) == "carried_over")
    assert model.is_missing_row(carried)
    assert "[" in model.headerData(carried, Qt.Orientation.Vertical)
    assert model.data(model.index(carried, 0), STATE_ROLE) == "missing_row"

    err = model.index_of("new_received", "total")
    assert model.data(err, Qt.ItemDataRole.BackgroundRole).color() == ERROR_BG
    assert "总计不等于" in model.data(err, Qt.ItemDataRole.ToolTipRole)
    warn = model.index_of("result.disclosed", "commercial")
    assert model.data(warn, Qt.ItemDataRole.BackgroundRole).color() == WARNING_BG
    blank = model.index_of("result.disclosed", "research")
    assert model.data(blank, STATE_ROLE) == "blank"
    assert model.data(blank, Qt.ItemDataRole.BackgroundRole).style() == Qt.BrushStyle.BDiagPattern
    inferred = model.index_of("result.total", "total")
    assert model.data(inferred, Qt.ItemDataRole.FontRole).italic()
    assert model.data(inferred, LOC_ROLE) == Loc(page=1, bbox=(10, 20, 30, 40))
    assert model.data(inferred, KEY_ROLE) == ("result.total", "total")
    assert [model.data(i, KEY_ROLE) for i in finding_indexes(model, rep.findings[0])] == [
        ("new_received", "total")
    ]


def test_missing_table_and_article20(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rep = make_report()
    reviews = TableModel(rep, "reviews")
    qtmodeltester.check(reviews)
    assert not reviews.present
    art = TableModel(rep, "article20")
    qtmodeltester.check(art)
    # article20 rows have their own columns: the union is shown, foreign cells greyed.
    assert art.columnCount() == 5


def test_findings_model(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rep = make_report()
    notes = {f"finding:{rep.findings[0].key()}": ("已确认", "核对原件")}
    model = FindingsModel(rep, lambda t: notes.get(t, ("", "")))
    qtmodeltester.check(model)
    assert model.rowCount() == 3
    assert model.data(model.index(0, FindingsModel.SEVERITY)) == "错误"
    assert model.data(model.index(0, FindingsModel.STATUS)) == "已确认"
    assert model.data(model.index(0, FindingsModel.NOTE)) == "核对原件"
    assert model.data(model.index(1, 0), FINDING_ROLE) is rep.findings[1]
    model.set_report(None)
    assert model.rowCount() == 0


def test_queue_model_filter_sort(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    statuses = {"b" * 64: "已确认"}
    model = QueueModel(lambda sha: statuses.get(sha, ""))
    model.add(Entry("/r/a.txt", Analysis(None, make_report("a" * 64, 2023, "甲县"))))
    model.add(Entry("/r/b.txt", Analysis(None, make_report("b" * 64, 2022, "乙县"))))
    clean = make_report("c" * 64, 2021, "丙县")
    clean.findings = []
    model.add(Entry("/r/c.txt", Analysis(None, clean)))
    bad = Report(file="d.pdf", sha256="d" * 64, error="文件为空（0 字节）")
    model.add(Entry("/r/d.pdf", Analysis(None, bad)))
    qtmodeltester.check(model)
    proxy = QueueFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 4
    proxy.set_text("乙县")
    assert proxy.rowCount() == 1
    proxy.set_text("")
    proxy.set_severity("error")
    assert proxy.rowCount() == 3  # two with error findings, one unreadable
    proxy.set_severity("open")
    assert proxy.rowCount() == 3
    proxy.set_severity("all")
    proxy.sort(QueueModel.YEAR, Qt.SortOrder.AscendingOrder)
    years = [proxy.data(proxy.index(r, QueueModel.YEAR)) for r in range(proxy.rowCount())]
    assert years == ["—", "2021", "2022", "2023"]
    assert model.data(model.index(1, QueueModel.STATUS)) == "已确认"
    # Adding the same path again replaces the row.
    model.add(Entry("/r/a.txt", Analysis(None, make_report("a" * 64, 2023, "甲县"))))
    assert model.rowCount() == 4
