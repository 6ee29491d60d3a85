"""DOCX reader: body order, merged cells once at top-left, offsets, refusal of bad packages."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import docx
import pytest

from core.document import Document, ReadError
from core.readers.docx import read_docx
from tests.corpus import corpus_path

TEMPLATE = corpus_path("real/_reference/template_2021_blank_format.docx")


def _grid(doc: Document, grid: int) -> dict[tuple[int, int], str]:
    assert doc.tokens is not None
    return {(t.row, t.col): t.text for t in doc.tokens if t.grid == grid}  # type: ignore[misc]


def _assert_offsets(doc: Document) -> None:
    assert doc.tokens
    for tok in doc.tokens:
        assert tok.loc is not None and tok.loc.start is not None and tok.loc.end is not None
        assert doc.text[tok.loc.start : tok.loc.end] == tok.text
        assert tok.loc.start == 0 or doc.text[tok.loc.start - 1] == "\n"


# --- the blank 2021 template ---------------------------------------------------------------


def test_template_order_and_tables() -> None:
    doc = read_docx(TEMPLATE)
    assert doc.source_format == "docx"
    assert doc.encoding is None
    lines = doc.text.split("\n")
    assert lines[0] == "政府信息公开工作年度报告格式模板"
    # Tables sit between their section headings, in body order.
    order = [
        lines.index(s)
        for s in ("二、主动公开政府信息情况", "第二十条第（一）项", "三、收到和处理政府信息公开申请情况")
    ]
    assert order == sorted(order)
    assert lines[-1] == "（文字描述，收取信息处理费情况在此处报告。）"
    assert sorted({t.grid for t in doc.tokens or []}) == [0, 1, 2]
    _assert_offsets(doc)


def test_template_applications_grid() -> None:
    doc = read_docx(TEMPLATE)
    cells = _grid(doc, 1)
    assert cells[(0, 0)].startswith("（本列数据的勾稽关系为")
    # gridSpan=3 + vMerge: once at (0, 0), never repeated below.
    assert (1, 0) not in cells and (2, 0) not in cells
    assert cells[(0, 3)] == "申请人情况"
    assert (cells[(1, 3)], cells[(1, 4)], cells[(1, 9)]) == ("自然人", "法人或其他组织", "总计")
    assert [cells[(2, c)] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert cells[(3, 0)] == "一、本年新收政府信息公开申请数量"
    assert [cells[(3, c)] for c in range(3, 10)] == [""] * 7  # blank template: empty values
    assert cells[(5, 0)] == "三、本年度办理结果"
    assert cells[(5, 1)] == "（一）予以公开"
    assert cells[(7, 1)] == "（三）不予公开" and cells[(7, 2)] == "1.属于国家秘密"
    assert (8, 1) not in cells and cells[(8, 2)] == "2.其他法律行政法规禁止公开"
    total_rows = [r for (r, c), text in cells.items() if text == "（七）总计"]
    assert total_rows and cells[(total_rows[0] + 1, 0)] == "四、结转下年度继续办理"
    empty = [t for t in doc.tokens or [] if t.grid == 1 and t.text == ""]
    assert all(t.loc is not None and t.loc.start == t.loc.end for t in empty)


def test_template_article20_and_reviews() -> None:
    doc = read_docx(TEMPLATE)
    art20 = _grid(doc, 0)
    assert art20[(0, 0)] == "第二十条第（一）项"
    assert [art20[(1, c)] for c in range(4)] == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert art20[(2, 0)] == "规章" and art20[(2, 1)] == ""  # "　" placeholder reads as blank
    reviews = _grid(doc, 2)
    assert reviews[(0, 0)] == "行政复议" and reviews[(0, 5)] == "行政诉讼"
    assert reviews[(1, 5)] == "未经复议直接起诉" and reviews[(1, 10)] == "复议后起诉"
    assert (2, 0) not in reviews  # vMerge continuation of 结果维持
    assert reviews[(2, 5)] == "结果维持"


# --- generated documents -------------------------------------------------------------------


def _build(tmp_path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("某某局2024年政府信息公开工作年度报告")
    d.add_paragraph("一、总体情况")
    d.add_paragraph("本年度收到申请3件。")
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = d.add_table(rows=4, cols=5)
    t.cell(0, 0).merge(t.cell(1, 1)).text = "项目"  # 2×2 block
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人"
    t.cell(0, 4).merge(t.cell(1, 4)).text = "总计"
    t.cell(1, 2).text = "自然人"
    t.cell(1, 3).text = "商业企业"
    t.cell(2, 0).merge(t.cell(3, 0)).text = "三、办理结果"
    for r, row in ((2, ["（一）予以公开", "2", "", "2"]), (3, ["（二）部分公开", "1", "　", "1"])):
        for c, value in enumerate(row, start=1):
            t.cell(r, c).text = value
    label = t.cell(2, 1)
    label.paragraphs[0].text = "（一）予以"
    label.add_paragraph("公开")  # a label split over two paragraphs
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    d.add_paragraph("无。")
    path = tmp_path / "gen.docx"
    d.save(str(path))
    return path


def test_generated_merged_cells(tmp_path: Path) -> None:
    doc = read_docx(_build(tmp_path))
    cells = _grid(doc, 0)
    assert cells == {
        (0, 0): "项目", (0, 2): "申请人", (0, 4): "总计",
        (1, 2): "自然人", (1, 3): "商业企业",
        (2, 0): "三、办理结果", (2, 1): "（一）予以公开", (2, 2): "2", (2, 3): "", (2, 4): "2",
        (3, 1): "（二）部分公开", (3, 2): "1", (3, 3): "", (3, 4): "1",
    }  # fmt: skip
    _assert_offsets(doc)
    lines = doc.text.split("\n")
    assert lines[:4] == [
        "某某局2024年政府信息公开工作年度报告",
        "一、总体情况",
        "本年度收到申请3件。",
        "三、收到和处理政府信息公开申请情况",
    ]
    assert lines[4] == "项目"
    assert lines[-2:] == ["四、政府信息公开行政复议、行政诉讼情况", "无。"]


def test_nested_layout_table(tmp_path: Path) -> None:
    d = docx.Document()
    d.add_paragraph("标题")
    outer = d.add_table(rows=1, cols=1)
    cell = outer.cell(0, 0)
    cell.paragraphs[0].text = "外层说明"
    inner = cell.add_table(rows=2, cols=2)
    for r in range(2):
        for c in range(2):
            inner.cell(r, c).text = f"{r}{c}"
    d.add_paragraph("结尾")
    path = tmp_path / "nested.docx"
    d.save(str(path))
    doc = read_docx(path)
    assert _grid(doc, 0) == {(0, 0): "00", (0, 1): "01", (1, 0): "10", (1, 1): "11"}
    assert {t.grid for t in doc.tokens or []} == {0}
    assert doc.text.split("\n") == ["标题", "外层说明", "00", "01", "10", "11", "结尾"]
    _assert_offsets(doc)


# --- bad input -----------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.docx"
    path.write_bytes(b"")
    with pytest.raises(ReadError, match="文件为空"):
        read_docx(path)


def test_random_bytes(tmp_path: Path) -> None:
    path = tmp_path / "random.docx"
    path.write_bytes(b"PK\x03\x04" + os.urandom(5000))
    with pytest.raises(ReadError, match="DOCX 文件已损坏"):
        read_docx(path)


def test_truncated_zip(tmp_path: Path) -> None:
    data = TEMPLATE.read_bytes()
    path = tmp_path / "truncated.docx"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="DOCX 文件已损坏"):
        read_docx(path)


def test_corrupt_member(tmp_path: Path) -> None:
    path = tmp_path / "corrupt.docx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 3]  # broken XML
            dst.writestr(info, body)
    with pytest.raises(ReadError):
        read_docx(path)


def test_zip_that_is_not_a_docx(tmp_path: Path) -> None:
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("hello.txt", "你好")
    with pytest.raises(ReadError, match="不是 Word 文档"):
        read_docx(path)


def test_zip_bomb_ratio(tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        dst.writestr("word/media/zeros.bin", b"\0" * (20 * 1024 * 1024))
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_docx(path)


def test_zip_bomb_total_size(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import core.readers.docx as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 100_000)
    with pytest.raises(ReadError, match="压缩炸弹"):
        read_docx(TEMPLATE)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_docx(tmp_path / "nope.docx")
