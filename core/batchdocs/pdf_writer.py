"""The batch PDF for printing and signing: the 通报's content laid out by reportlab, in core.

Why reportlab and not Qt (gui/export_pdf.py prints the per-report sheets with Qt): the batch
PDF must come out of the headless ``batch --out x.pdf`` too, and core may not import Qt;
reportlab is pure Python, embeds (a subset of) the bundled CJK font from its TTC, and lays out
long tables across pages with their header repeated. After the summary (总体情况, 缺报逾期,
scores, charts), each unit with findings gets its own page(s): its 问题清单, as the per-report
sheets list them (finding, place, status, note, corrected value).
"""

from __future__ import annotations

import io
import threading
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from core.batchdocs.charts import Chart, standard_charts
from core.batchdocs.docx_writer import deduction_summary, score_order
from core.batchdocs.model import BatchDoc, status_label, words
from core.export import write_sheet_file
from core.paths import resources_dir

FONT = "WenQuanYiMicroHei"
_font_lock = threading.Lock()


def _register_font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    with _font_lock:
        if FONT not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(FONT, str(resources_dir() / "fonts" / "wqy-microhei.ttc"),
                                           subfontIndex=0))


def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK", firstLineIndent=22)
    return {
        "title": ParagraphStyle("title", parent=base, fontSize=18, leading=26, alignment=TA_CENTER,
                                firstLineIndent=0, spaceAfter=12),
        "h1": ParagraphStyle("h1", parent=base, fontSize=13, leading=22, firstLineIndent=0, spaceBefore=8),
        "h2": ParagraphStyle("h2", parent=base, fontSize=12, leading=20, firstLineIndent=0, spaceBefore=4),
        "body": base,
        "cell": ParagraphStyle("cell", parent=base, fontSize=8.5, leading=11, firstLineIndent=0),
        "caption": ParagraphStyle("caption", parent=base, fontSize=10, alignment=TA_CENTER, firstLineIndent=0),
        "right": ParagraphStyle("right", parent=base, alignment=2, firstLineIndent=0),
    }


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(headers: list[str], rows: list[list[str]], widths: list[float], st: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.platypus import LongTable, TableStyle

    # A short value that fits its column is drawn as a plain string: a Paragraph per cell is
    # most of the time of a long annex, and only long text needs wrapping.
    fits = [max(1, int(w / 9)) for w in widths]  # characters of 8.5 pt that fit a column
    data = [[_p(h, st["cell"]) for h in headers]] + [
        [v if len(v) <= fits[j] and "\n" not in v else _p(v, st["cell"]) for j, v in enumerate(r)] for r in rows]
    t = LongTable(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#D9E1F2")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return t


def write_pdf(bd: BatchDoc, path: Path | str, issuer: str = "", when: date | None = None,
              charts: list[Chart] | None = None) -> None:
    """Write the batch PDF for ``bd`` to ``path`` (atomically)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Image, PageBreak, SimpleDocTemplate, Spacer

    _register_font()
    st = _styles()
    when = when or date.today()
    if charts is None:
        charts = standard_charts(bd, bd.default_figure())
    width = A4[0] - 40 * mm
    story: list[Any] = [_p(bd.title, st["title"]), _p(f"（{bd.stage}）", st["caption"])]
    cov = bd.coverage_counts()
    story.append(_p("一、总体情况", st["h1"]))
    story.append(_p(f"应报送单位{len(bd.units)}个，按时报送{cov.get('submitted', 0)}个，逾期{cov.get('late', 0)}个，"
                    f"缺报{cov.get('missing', 0)}个，发布日期不明{cov.get('date_unknown', 0)}个；"
                    f"{len({f.unit for f in bd.findings})}个单位的报告存在问题，共{len(bd.findings)}处。", st["body"]))
    for status in ("missing", "late"):
        units = bd.units_with(status)
        if units:
            story.append(_p(f"{status_label(status)}单位：" + "、".join(u.unit for u in units) + "。", st["body"]))
    story.append(_p("二、主要问题", st["h1"]))
    for kind, named in bd.problems_by_kind():
        story.append(_p(f"{kind}：涉及" + "、".join(f"{u}（{c}处）" for u, c in named) + "。", st["body"]))
    story.append(_p("三、考评得分及排名", st["h1"]))
    rows = [[u.category, u.unit, u.score_text, u.rank_text, u.grade, deduction_summary(u.deductions)]
            for u in score_order(bd)]
    fractions = [0.09, 0.25, 0.12, 0.07, 0.07, 0.40]
    story.append(_table(["类别", "单位", "得分", "排名", "等次", "扣分情况"], rows, [f * width for f in fractions], st))
    story.append(_p("四、统计图", st["h1"]))
    for i, c in enumerate(charts, start=1):
        png = c.png()
        w_in, h_in = c.figure.get_size_inches()
        img_w = min(width, 150 * mm, 200 * mm * w_in / h_in)  # at most 200 mm tall: a page holds it
        story.append(Image(io.BytesIO(png), width=img_w, height=img_w * h_in / w_in))
        story.append(_p(f"图{i}  {c.title}", st["caption"]))
    story.append(Spacer(1, 10 * mm))
    if issuer:
        story.append(_p(issuer, st["right"]))
    story.append(_p(f"{when.year}年{when.month}月{when.day}日", st["right"]))
    by_unit: dict[str, list[Any]] = {}
    for f in bd.findings:
        by_unit.setdefault(f.unit, []).append(f)
    annex = str(words()["document"]["annex_title"])
    for u in bd.units:
        found = by_unit.get(u.unit)
        if not found:
            continue
        story.append(PageBreak())
        story.append(_p(f"附件：{annex}", st["h2"]))
        story.append(_p(f"{u.unit}（{u.status_label}；得分 {u.score_text or '—'}；排名 {u.rank_text}）", st["h1"]))
        story.append(_p("文件：" + "；".join(u.files), st["cell"]))
        rows = [[str(i), f"{f.rule_name}：{f.message}", f.place, f.status, f.note, f.corrected]
                for i, f in enumerate(found, start=1)]
        fr = [0.05, 0.55, 0.09, 0.08, 0.12, 0.11]
        story.append(_table(["序号", "问题", "位置", "状态", "批注", "更正值"], rows, [f * width for f in fr], st))

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 9)
        canvas.drawCentredString(A4[0] / 2, 12 * mm, f"— {doc.page} —")
        canvas.restoreState()

    def write(tmp: Path) -> None:
        pdf = SimpleDocTemplate(str(tmp), pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                                topMargin=20 * mm, bottomMargin=20 * mm, title=bd.title,
                                author=issuer or "年报审阅台", invariant=True)
        pdf.build(story, onFirstPage=footer, onLaterPages=footer)

    write_sheet_file(Path(path), write)
