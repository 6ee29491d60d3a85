"""The PDF reader on the three real reports and on generated edge cases."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pdfplumber
import pytest

from core.document import Document, ReadError, Token
from core.readers.pdf import read_pdf
from tests.corpus import corpus_path

EXPECTED = Path(__file__).parent / "expected" / "pdf"
HZ23 = corpus_path("real/2023_huaian-hongze-district.pdf")
HZ24 = corpus_path("real/2024_huaian-hongze-district.pdf")
CITY = corpus_path("real/2024_huaian-city.pdf")
REAL_PDFS = [HZ23, HZ24, CITY]

APP_COLS = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
]
REVIEW_COLS = ["upheld", "corrected", "other", "pending", "total"]
_NUM = re.compile(r"^-?\d+(\.\d+)?$")


@pytest.fixture(scope="module")
def docs() -> dict[str, Document]:
    return {p.stem: read_pdf(p) for p in REAL_PDFS}


def _grid_with(doc: Document, word: str) -> list[Token]:
    assert doc.tokens
    grids = {t.grid for t in doc.tokens if word in t.text}
    assert len(grids) == 1, f"{word!r} in grids {grids}"
    g = grids.pop()
    return [t for t in doc.tokens if t.grid == g]


def _rows(tokens: list[Token]) -> dict[int, dict[int, Token]]:
    rows: dict[int, dict[int, Token]] = {}
    for t in tokens:
        assert t.row is not None and t.col is not None
        rows.setdefault(t.row, {})[t.col] = t
    return rows


def _row_of(tokens: list[Token], label: str) -> dict[int, Token]:
    rows = _rows(tokens)
    hits = [r for r in rows.values() if any(label in t.text for t in r.values())]
    assert len(hits) == 1, f"{label!r}: {len(hits)} rows"
    return hits[0]


def _numbers(row: dict[int, Token]) -> list[float]:
    return [float(row[c].text) for c in sorted(row) if _NUM.match(row[c].text)]


# --------------------------------------------------------------------------- real PDFs


def test_text_and_pages(docs: dict[str, Document]) -> None:
    d = docs[HZ23.stem]
    assert d.source_format == "pdf" and d.encoding is None
    assert d.page_count == 5 and d.pages_without_text == []
    assert "2023 年政府信息公开工作年度报告" in d.text
    assert "六、其他需要报告的事项" in d.text
    assert d.text.count("\f") == 4
    assert "\r" not in d.text
    assert docs[CITY.stem].page_count == 6
    assert "全年收取政府信息公开信息处理费 3940 元" in docs[CITY.stem].text


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_char_boxes_aligned(docs: dict[str, Document], pdf: Path) -> None:
    d = docs[pdf.stem]
    assert d.char_boxes is not None and len(d.char_boxes) == len(d.text)
    for ch, box in zip(d.text, d.char_boxes, strict=True):
        if ch in "\n\f":
            assert box is None
    # Every separator char has no box; every CJK character has one.
    assert all(
        b is not None for ch, b in zip(d.text, d.char_boxes, strict=True) if "\u4e00" <= ch <= "\u9fff"
    )


def test_char_boxes_match_pdfplumber(docs: dict[str, Document]) -> None:
    d = docs[CITY.stem]
    word = "行政处罚"
    start = d.text.index(word, d.text.index("第二十条"))
    loc = d.loc(start, start + len(word))
    assert loc.page == 4 and loc.bbox is not None
    with pdfplumber.open(CITY) as pdf:
        words = [w for w in pdf.pages[3].extract_words() if w["text"] == word]
    assert words, "pdfplumber finds the word"
    w = words[0]
    for mine, theirs in zip(loc.bbox, (w["x0"], w["top"], w["x1"], w["bottom"]), strict=True):
        assert abs(mine - theirs) < 1.0
    # Each char individually, too.
    with pdfplumber.open(CITY) as pdf:
        chars = [c for c in pdf.pages[3].chars if c["text"] == "罚"]
    box = d.char_boxes[start + 3]
    assert box is not None and box[0] == 4
    assert any(abs(box[1] - c["x0"]) < 0.5 and abs(box[2] - c["top"]) < 0.5 for c in chars)


def test_applications_numbers_in_grid(docs: dict[str, Document]) -> None:
    app = _grid_with(docs[CITY.stem], "本年新收")
    row = _row_of(app, "本年新收")
    assert [row[c].text for c in range(3, 10)] == ["3001", "53", "0", "0", "61", "4", "3119"]
    assert row[3].loc is not None and row[3].loc.page == 4
    total = _row_of(app, "（七）总计")
    assert [total[c].text for c in range(3, 10)] == ["2932", "53", "0", "0", "61", "4", "3050"]
    assert total[3].loc is not None and total[3].loc.page == 5
    carry = _row_of(app, "结转下年度")
    assert carry[0].text == "四、结转下年度继续办理" and carry[9].text == "103"
    # the bbox is the cell's, and the number's characters lie inside it
    cell = row[9]
    assert cell.loc is not None and cell.loc.bbox is not None and cell.loc.start is not None
    x0, top, x1, bottom = cell.loc.bbox
    inner = docs[CITY.stem].loc(cell.loc.start, cell.loc.end or 0).bbox
    assert inner is not None
    assert x0 - 1 <= inner[0] and inner[2] <= x1 + 1 and top - 1 <= inner[1] and inner[3] <= bottom + 1


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_grids_agree_with_hand_labels(docs: dict[str, Document], pdf: Path) -> None:
    """Every number of the applications and reviews tables, in order, as hand-labelled."""
    label = json.loads((EXPECTED / f"{pdf.stem}.json").read_text(encoding="utf-8"))
    d = docs[pdf.stem]
    app = _grid_with(d, "本年新收")
    got = [_numbers(r) for _, r in sorted(_rows(app).items())]
    got = [n for n in got if len(n) == 7]
    want = [[float(v[c]) for c in APP_COLS] for v in label["tables"]["applications"].values()]
    assert got == want
    reviews = _grid_with(d, "复议后起诉")
    nums = [n for _, r in sorted(_rows(reviews).items()) if len(n := _numbers(r)) == 15]
    want15 = [float(v[c]) for v in label["tables"]["reviews"].values() for c in REVIEW_COLS]
    assert nums == [want15]


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_vertical_label_joined(docs: dict[str, Document], pdf: Path) -> None:
    app = _grid_with(docs[pdf.stem], "本年新收")
    hits = [t for t in app if t.text == "三、本年度办理结果"]
    assert len(hits) == 1
    assert hits[0].col == 0
    row = _row_of(app, "予以公开")
    assert hits[0].row == next(iter(row.values())).row


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_split_tables_stitched(docs: dict[str, Document], pdf: Path) -> None:
    d = docs[pdf.stem]
    app = _grid_with(d, "本年新收")
    pages = {t.loc.page for t in app if t.loc}
    assert len(pages) == 2
    rows = sorted({t.row for t in app if t.row is not None})
    assert rows == list(range(len(rows)))  # one continuous numbering
    # the applicant columns keep their index across the page break
    first = _row_of(app, "本年新收")
    last = _row_of(app, "结转下年度")
    assert sorted(c for c in first if c >= 3) == sorted(c for c in last if c >= 3)
    # the article 20 table is cut too, and joined (two columns continue under four)
    a20 = _grid_with(d, "行政事业性收费")
    assert len({t.loc.page for t in a20 if t.loc}) == 2
    assert any(t.text == "规章" for t in a20)
    # three standard tables, no phantom ones from paragraph backgrounds
    assert {t.grid for t in d.tokens or []} == {0, 1, 2}


def test_missing_border_cell_read(docs: dict[str, Document]) -> None:
    # p.3 of 2023: the continued article 20 table opens with a '信息内容' cell whose
    # borders are not drawn; pdfplumber alone drops it.
    a20 = _grid_with(docs[HZ23.stem], "行政事业性收费")
    p3 = [t for t in a20 if t.loc and t.loc.page == 3]
    assert p3[0].text == "信息内容" and p3[0].col == 0


@pytest.mark.parametrize("pdf", REAL_PDFS, ids=lambda p: p.stem)
def test_no_footers_in_tokens(docs: dict[str, Document], pdf: Path) -> None:
    d = docs[pdf.stem]
    assert re.search(r"- ?\d ?-", d.text)  # the page numbers are in the text...
    assert not any(
        re.fullmatch(r"\s*[-—]\s*\d+\s*[-—]\s*", t.text) for t in d.tokens or []
    )  # ...not in cells


def test_reviews_header_and_inconsistent_row(docs: dict[str, Document]) -> None:
    rev = _grid_with(docs[HZ23.stem], "复议后起诉")
    rows = _rows(rev)
    assert rows[0][0].text == "行政复议"
    data = [r for r in rows.values() if len(_numbers(r)) == 15][0]
    assert [data[c].text for c in range(15)] == "10 1 0 0 0 0 0 0 0 0 5 0 0 0 0".split()


# --------------------------------------------------------------------------- generated PDFs


def _cjk_canvas(path: Path, **kw: object):  # noqa: ANN202 - reportlab type
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842), **kw)
    c.setFont("STSong-Light", 10)
    return c


def _merged_table_pdf(path: Path) -> None:
    """A ruled 4x4 table: a 2-row vertical label in column 0, a 2-column header span."""
    c = _cjk_canvas(path)
    c.drawString(72, 800, "三、收到和处理政府信息公开申请情况")
    xs = [100, 200, 300, 400, 500]
    ys = [700, 670, 640, 610, 580]  # PDF y (bottom-up): rows 0..3
    c.setLineWidth(0.8)
    for y in (ys[0], ys[1], ys[2], ys[3], ys[4]):
        if y == ys[2]:  # row 1/2 boundary is missing under the merged label in column 0
            c.line(xs[1], y, xs[4], y)
        else:
            c.line(xs[0], y, xs[4], y)
    for i, x in enumerate(xs):
        if i == 2:  # the header spans columns 1-2: no rule between them in row 0
            c.line(x, ys[1], x, ys[4])
        else:
            c.line(x, ys[0], x, ys[4])
    c.drawString(xs[0] + 5, ys[1] + 10, "项目")
    c.drawString(xs[1] + 5, ys[1] + 10, "申请人情况")
    c.drawString(xs[3] + 5, ys[1] + 10, "总计")
    c.drawString(xs[0] + 5, ys[2] + 10, "本年")  # the merged label, rows 1-2
    c.drawString(xs[0] + 5, ys[3] + 10, "新收")
    for r, vals in ((1, ("1", "2", "3")), (2, ("4", "", "6")), (3, ("7", "8", "9"))):
        for k, v in enumerate(vals):
            if v:
                c.drawString(xs[k + 1] + 5, ys[r + 1] + 10, v)
    c.drawString(xs[0] + 5, ys[4] + 10, "予以公开")
    c.showPage()
    c.save()


def test_generated_table_with_merged_cells(tmp_path: Path) -> None:
    pdf = tmp_path / "merged.pdf"
    _merged_table_pdf(pdf)
    d = read_pdf(pdf)
    assert d.pages_without_text == []
    assert "收到和处理" in d.text
    assert d.tokens is not None
    cells = {(t.row, t.col): t.text for t in d.tokens}
    assert cells[(0, 0)] == "项目"
    assert cells[(0, 1)] == "申请人情况"
    assert (0, 2) not in cells  # covered by the header span: once, at its top-left
    assert cells[(0, 3)] == "总计"
    assert cells[(1, 0)] == "本年新收"  # the two-row label, once
    assert (2, 0) not in cells
    assert cells[(2, 2)] == ""  # a real blank cell comes back empty, not missing
    assert [cells[(1, c)] for c in (1, 2, 3)] == ["1", "2", "3"]
    assert cells[(3, 0)] == "予以公开"
    assert len([t for t in d.tokens if t.text == "申请人情况"]) == 1
    tok = next(t for t in d.tokens if t.text == "本年新收")
    assert tok.loc is not None and tok.loc.page == 1
    assert tok.loc.bbox == pytest.approx((100, 842 - 670, 200, 842 - 610), abs=1)


def test_image_only_pdf(tmp_path: Path) -> None:
    from reportlab.pdfgen import canvas

    pdf = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(pdf), pagesize=(595, 842))
    c.rect(100, 100, 300, 500, fill=1)
    c.showPage()
    c.rect(50, 50, 100, 100)
    c.showPage()
    c.save()
    d = read_pdf(pdf)
    assert d.pages_without_text == [1, 2]
    assert d.text == "" and d.page_count == 2
    assert not d.tokens


def test_mixed_scan_pages(tmp_path: Path) -> None:
    pdf = tmp_path / "mixed.pdf"
    c = _cjk_canvas(pdf)
    c.drawString(72, 800, "政府信息公开工作年度报告")
    c.showPage()
    c.rect(100, 100, 300, 500, fill=1)
    c.showPage()
    c.save()
    d = read_pdf(pdf)
    assert d.pages_without_text == [2]
    assert "年度报告" in d.text


def test_encrypted_pdf(tmp_path: Path) -> None:
    pdf = tmp_path / "locked.pdf"
    c = _cjk_canvas(pdf, encrypt="secret")
    c.drawString(72, 800, "保密")
    c.showPage()
    c.save()
    with pytest.raises(ReadError, match="已加密"):
        read_pdf(pdf)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = HZ23.read_bytes()
    pdf = tmp_path / "half.pdf"
    pdf.write_bytes(data[: len(data) // 2])
    with pytest.raises(ReadError, match="不完整"):
        read_pdf(pdf)


def test_random_bytes(tmp_path: Path) -> None:
    bad = tmp_path / "noise.pdf"
    bad.write_bytes(os.urandom(4096))
    with pytest.raises(ReadError, match="不是 PDF"):
        read_pdf(bad)


def test_corrupt_body(tmp_path: Path) -> None:
    bad = tmp_path / "corrupt.pdf"
    bad.write_bytes(b"%PDF-1.7\n" + os.urandom(4096) + b"\n%%EOF\n")
    with pytest.raises(ReadError):
        read_pdf(bad)


def test_missing_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(ReadError):
        read_pdf(tmp_path / "nope.pdf")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ReadError, match="为空"):
        read_pdf(empty)


def test_footer_inside_table_dropped(tmp_path: Path) -> None:
    """A page number printed inside a ruled table (a row of its own, or in a cell)."""
    pdf = tmp_path / "footer.pdf"
    c = _cjk_canvas(pdf)
    xs = [100, 300, 500]
    ys = [700, 670, 640, 600]
    for y in ys:
        c.line(xs[0], y, xs[2], y)
    for x in xs:
        c.line(x, ys[0], x, ys[3])
    c.drawString(105, 680, "本年新收")
    c.drawString(305, 680, "21")
    c.drawString(105, 655, "上年结转")
    c.drawString(105, 645, "- 3 -")  # second line of a cell
    c.drawString(305, 650, "0")
    c.drawString(280, 615, "— 3 —")  # a row holding nothing but the page number
    c.showPage()
    c.save()
    d = read_pdf(pdf)
    texts = [t.text for t in d.tokens or []]
    assert texts == ["本年新收", "21", "上年结转", "0"]
    assert "— 3 —" in d.text  # the viewer's text keeps it
    assert any("页码" in n for n in d.notes)


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_a_page_with_rotate_is_read_and_boxed_as_it_is_shown(rotation: int, tmp_path: Path) -> None:
    """A text page whose /Rotate turns it for display (a landscape table, or a page turned
    in Acrobat): its table is read as drawn, and every box is on the page as shown — where
    pdfplumber (the contract's reference) and the viewer put its characters."""
    import pypdfium2 as pdfium

    from core.pipeline import check_file

    faulty = corpus_path("../../resources/samples/示例-有问题的报告.pdf")
    turned = tmp_path / f"页面旋转 {rotation}.pdf"
    pdf = pdfium.PdfDocument(str(faulty))
    pdf[1].set_rotation(rotation)
    pdf.save(str(turned))
    pdf.close()
    truth, read = check_file(faulty), check_file(turned)
    assert {k: v for k, v in read.tables.items()} .keys() == truth.tables.keys()
    for table, rows in truth.tables.items():
        for row, cols in rows.items():
            assert {c: cell.value for c, cell in read.tables[table][row].items()} == {
                c: cell.value for c, cell in cols.items()}, (table, row)
    assert {(f.rule, f.severity) for f in read.findings} == {(f.rule, f.severity) for f in truth.findings}
    cell = read.tables["applications"]["result.total"]["natural_person"]
    assert cell.value == 13 and cell.loc and cell.loc.page == 2 and cell.loc.bbox
    x0, top, x1, bottom = cell.loc.bbox
    with pdfplumber.open(turned) as pp:
        page = pp.pages[1]
        assert page.rotation == rotation
        inside = [ch for ch in page.chars if x0 - 1 <= ch["x0"] and ch["x1"] <= x1 + 1
                  and top - 1 <= ch["top"] and ch["bottom"] <= bottom + 1]
    assert sorted(ch["text"] for ch in inside) == ["1", "3"], inside
    # A text loc (a finding's quote) is on the page as shown too: inside the page.
    doc = read_pdf(turned)
    boxes = [b for b in doc.char_boxes or [] if b and b[0] == 2]
    w, h = (842, 595) if rotation in (90, 270) else (595, 842)
    assert boxes and all(-1 <= b[1] and b[3] <= w + 1 and -1 <= b[2] and b[4] <= h + 1 for b in boxes)
