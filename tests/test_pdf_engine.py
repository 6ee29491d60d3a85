"""PDF reports through the whole engine: cells and findings point at page and box."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.pipeline import check_file
from tests.corpus import real


def test_review_sum_points_at_the_total_cell_on_its_page() -> None:
    rep = check_file(real("2023_huaian-hongze-district.pdf"))
    found = {f.cells[-1]: f for f in rep.findings if f.rule == "review_sum"}
    total = rep.tables["reviews"]["review"]["total"]
    assert total.value == 0 and total.loc is not None and total.loc.page == 4
    f = found[("review", "total")]
    assert (f.expected, f.actual) == (11, 0)
    assert f.loc == total.loc  # a click on the finding lands on the printed 0
    x0, top, x1, bottom = f.loc.bbox  # type: ignore[misc]
    assert 0 < x0 < x1 < 600 and 0 < top < bottom < 850  # inside an A4 page, in points


def test_every_pdf_cell_has_a_page_and_box() -> None:
    for name in ("2024_huaian-city.pdf", "2024_huaian-hongze-district.pdf"):
        rep = check_file(real(name))
        for rows in rep.tables.values():
            for cols in rows.values():
                for cell in cols.values():
                    assert cell.loc is not None and cell.loc.page and cell.loc.bbox, (name, cell)


def test_scan_without_text_layer_is_reported_not_read_as_zeros(tmp_path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    c = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        c.rect(50, 50, 400, 600, fill=1)  # an "image" of a page: shapes, no text
        c.showPage()
    c.save()
    rep = check_file(path)
    assert rep.error is None
    assert [f.rule for f in rep.findings] == ["no_text_layer"]
    assert rep.findings[0].severity == "error"
    assert rep.tables == {}


def test_lazy_boxes_fill_in_line_with_the_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages without tables get their character boxes only when a loc needs them; once
    filled they are exactly the boxes an eager read gives, at the same offsets."""
    import core.readers.pdf as reader
    from core.pipeline import read_document
    from core.readers.pdf import page_boxes

    monkeypatch.setattr(reader, "EAGER_BOX_PAGES", 0)  # as for a long document
    doc = read_document(real("2024_huaian-city.pdf"))
    assert doc.char_boxes is not None and doc.page_starts is not None
    lazy_before = sum(1 for b in doc.char_boxes if b is not None and b[0] == 0)
    assert lazy_before > 0  # the prose pages were not measured up front
    doc.loc(0, len(doc.text))  # touches every page
    assert not [b for b in doc.char_boxes if b is not None and b[0] == 0]
    for number, start in enumerate(doc.page_starts, start=1):
        eager = page_boxes(doc.path, number, start)
        assert doc.char_boxes[start : start + len(eager)] == eager
    # A heading's box is where its characters are: on page 1, near the top.
    i = doc.text.index("淮安市人民政府")
    loc = doc.loc(i, i + 7)
    assert loc.page == 1 and loc.bbox is not None and loc.bbox[1] < 300
