"""The 通报 as Word (DOCX): what an office edits in Word or WPS and sends.

Layout after GB/T 9704 (党政机关公文格式) as far as python-docx reaches: A4, margins 37 mm top,
28 mm left (the binding side), 35 mm bottom, 26 mm right; title in 小标宋 二号 centred; body
仿宋_GB2312 三号 with a fixed 28-point line (22 lines a page); first-level headings 黑体,
second-level 楷体_GB2312; page numbers "— 1 —" in 宋体 四号 at the foot. Fonts are named,
not embedded: Word and WPS on a Chinese system have them, elsewhere they fall back.

Tables (the score table and the 问题清单 annex) may run to thousands of rows for a province:
their rows are built as WordprocessingML directly (one copied row element each) instead of
python-docx's ``add_row``/``cell`` calls, which walk the whole table on every call.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_SECTION_START
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from core.batchdocs.charts import Chart, standard_charts
from core.batchdocs.model import BatchDoc, status_label, words
from core.export import write_sheet_file

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
H1_FONT = "黑体"
H2_FONT = "楷体_GB2312"
PAGE_FONT = "宋体"
TABLE_SIZE = Pt(10.5)  # 五号: tables are dense; the body's 三号 would not fit a row

SCORE_HEADERS = ["类别", "单位", "得分", "排名", "等次", "扣分情况"]
ANNEX_HEADERS = ["序号", "问题", "位置", "状态", "备注"]
# The XML's characters XML 1.0 forbids (report text may carry them).
_BAD_XML = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32)])


def _clean(text: str) -> str:
    return str(text).translate(_BAD_XML)


def _font(run_or_style: object, name: str, size: Pt | None = None, bold: bool = False) -> None:
    font = run_or_style.font  # type: ignore[attr-defined]
    font.name = name
    if size is not None:
        font.size = size
    font.bold = bold
    rpr = run_or_style.element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _setup(doc: object) -> None:
    d = doc  # python-docx Document
    section = d.sections[0]  # type: ignore[attr-defined]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(25)
    normal = d.styles["Normal"]  # type: ignore[attr-defined]
    _font(normal, BODY_FONT, Pt(16))
    pf = normal.paragraph_format
    pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    pf.line_spacing = Pt(28)
    pf.space_before = pf.space_after = Pt(0)
    for style_name, face in (("Heading 1", H1_FONT), ("Heading 2", H2_FONT)):
        st = d.styles[style_name]  # type: ignore[attr-defined]
        _font(st, face, Pt(16))
        st.font.color.rgb = None
        st.paragraph_format.space_before = st.paragraph_format.space_after = Pt(0)
        st.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        st.paragraph_format.line_spacing = Pt(28)
        st.paragraph_format.first_line_indent = Pt(32)
        st.paragraph_format.keep_with_next = True
    _page_numbers(section)


def _page_numbers(section: object) -> None:
    """Footer "— N —": a PAGE field between dashes, centred (GB/T 9704 7.5)."""
    p = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(p.add_run("— "), PAGE_FONT, Pt(14))
    run = p.add_run()
    _font(run, PAGE_FONT, Pt(14))
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = " PAGE "
        else:
            el = OxmlElement("w:t")
            el.text = text
        run._r.append(el)
    _font(p.add_run(" —"), PAGE_FONT, Pt(14))


def _para(doc: object, text: str, indent: bool = True, align: object = None) -> object:
    p = doc.add_paragraph(_clean(text))  # type: ignore[attr-defined]
    if indent:
        p.paragraph_format.first_line_indent = Pt(32)  # 首行缩进二字
    if align is not None:
        p.alignment = align
    return p


def _heading(doc: object, text: str, level: int) -> None:
    doc.add_heading(_clean(text), level=level)  # type: ignore[attr-defined]


class _Proto:
    """A paragraph or table made once by python-docx (styles, fonts, widths), then taken out of
    the document and copied as XML for each use: python-docx's own calls look styles up and
    walk the body on every call, which for a province's annex (hundreds of units) is minutes."""

    def __init__(self, doc: object, element: Any) -> None:
        self.body = doc.element.body  # type: ignore[attr-defined]
        self.element = element
        element.getparent().remove(element)

    def append(self, element: Any) -> None:
        end = self.body.find(qn("w:sectPr"))
        if end is not None:
            end.addprevious(element)  # before the body's own section properties, as python-docx adds
        else:
            self.body.append(element)


def _set_text(element: Any, text: str) -> None:
    t = next(element.iter(qn("w:t")))
    t.text = _clean(text)
    if t.text != t.text.strip():
        t.set(qn("xml:space"), "preserve")


class _ParagraphMaker(_Proto):
    def __init__(self, doc: object, style: str | None = None, indent: bool = True) -> None:
        p = doc.add_paragraph("x", style=style)  # type: ignore[attr-defined]
        if indent and style is None:
            p.paragraph_format.first_line_indent = Pt(32)
        super().__init__(doc, p._p)

    def add(self, text: str) -> None:
        el = copy.deepcopy(self.element)
        _set_text(el, text)
        self.append(el)


class _TableMaker(_Proto):
    """A bordered table: the header row (repeated on each page) and one styled body row,
    copied for each row of each table made."""

    def __init__(self, doc: object, headers: Sequence[str], widths_cm: Sequence[float]) -> None:
        table = doc.add_table(rows=2, cols=len(headers))  # type: ignore[attr-defined]
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False  # the widths below, not the text, decide (Word and LibreOffice alike)
        for j, w in enumerate(widths_cm):
            table.columns[j].width = Cm(w)
        for j, (h, w) in enumerate(zip(headers, widths_cm, strict=True)):
            for i in (0, 1):
                cell = table.cell(i, j)
                cell.width = Cm(w)
                p = cell.paragraphs[0]
                p.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
                p.paragraph_format.first_line_indent = Pt(0)
                run = p.add_run(h if i == 0 else "x")
                _font(run, H1_FONT if i == 0 else BODY_FONT, TABLE_SIZE)
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        self.row = table.rows[1]._tr
        table._tbl.remove(self.row)
        super().__init__(doc, table._tbl)

    def add(self, rows: Sequence[Sequence[str]]) -> None:
        tbl = copy.deepcopy(self.element)
        tc_tag = qn("w:tc")
        for values in rows:
            tr = copy.deepcopy(self.row)
            for tc, value in zip(tr.iterchildren(tc_tag), values, strict=True):
                _set_text(tc, value)
            tbl.append(tr)
        self.append(tbl)


def _table(doc: object, headers: Sequence[str], rows: Sequence[Sequence[str]],
           widths_cm: Sequence[float]) -> None:
    _TableMaker(doc, headers, widths_cm).add(rows)


def _overview(doc: object, bd: BatchDoc) -> None:
    cov = bd.coverage_counts()
    total = len(bd.units)
    n_findings = len(bd.findings)
    n_units_with = len({f.unit for f in bd.findings})
    scored = [u for u in bd.units if u.score is not None]
    provisional = sum(1 for u in bd.units if u.provisional)
    _heading(doc, "一、总体情况", 1)
    _para(doc, (f"本次审阅{bd.year}年度政府信息公开工作年度报告，应报送单位{total}个，"
                f"按时报送{cov.get('submitted', 0)}个，逾期{cov.get('late', 0)}个，"
                f"缺报{cov.get('missing', 0)}个，发布日期不明{cov.get('date_unknown', 0)}个。"
                f"经审阅，{n_units_with}个单位的报告存在问题，共{n_findings}处。"))
    if scored:
        mean = sum(u.score or 0 for u in scored) / len(scored)
        grades: dict[str, int] = {}
        for u in scored:
            if u.grade:
                grades[u.grade] = grades.get(u.grade, 0) + 1
        bands = "，".join(f"{g}{grades[g]}个" for g, _ in bd.bands if g in grades)
        rubric = bd.rubric.get("name") or "考评细则"
        max_points = bd.rubric.get("max_points")
        full = f"{max_points:g}" if isinstance(max_points, int | float) else "—"
        _para(doc, (f"按{rubric}（满分{full}分）考评，"
                    f"平均得分{mean:.2f}分" + (f"，其中{bands}" if bands else "") + "。"
                    + (f"{provisional}个单位尚有未审定的问题，其得分为暂定。" if provisional else "")))
    for status in ("missing", "late"):
        units = bd.units_with(status)
        if units:
            _para(doc, f"{status_label(status)}单位：" + "、".join(u.unit for u in units) + "。")


def _problems(doc: object, bd: BatchDoc) -> None:
    _heading(doc, "二、主要问题", 1)
    groups = bd.problems_by_kind()
    n = 0
    for status in ("missing", "late"):
        units = bd.units_with(status)
        if units:
            n += 1
            _heading(doc, f"（{_cn(n)}）{status_label(status)}", 2)
            _para(doc, "、".join(u.unit for u in units) + "。")
    if not groups and n == 0:
        _para(doc, "未发现问题。")
    for kind, named in groups:
        n += 1
        _heading(doc, f"（{_cn(n)}）{kind}", 2)
        _para(doc, "涉及" + "、".join(f"{u}（{c}处）" for u, c in named) + "。")


def _scores(doc: object, bd: BatchDoc) -> None:
    _heading(doc, "三、考评得分及排名", 1)
    _para(doc, "各单位得分、排名（同一类别内排名）和等次见下表；得分标注“暂定”的，其问题尚未全部审定。"
               "缺报单位不参加排名。")
    rows = [[u.category, u.unit, u.score_text, u.rank_text, u.grade, deduction_summary(u.deductions)]
            for u in score_order(bd)]
    _table(doc, SCORE_HEADERS, rows, [1.4, 3.6, 2.2, 1.3, 1.3, 5.8])  # 15.6 cm: the 版心


def deduction_summary(deductions: Sequence[dict]) -> str:  # type: ignore[type-arg]
    """Deductions per rubric item: '数据准确-2.5（5处）；按时报送-10（缺报）'. The full evidence,
    finding by finding, is in the workbook's 得分 sheet and the annex."""
    items: dict[str, list[float]] = {}
    facts: dict[str, list[str]] = {}
    for d in deductions:
        item = str(d.get("item", ""))
        items.setdefault(item, []).append(float(d.get("points", 0) or 0))
        for ev in d.get("evidence") or []:
            if ev.get("coverage"):
                facts.setdefault(item, []).append(status_label(str(ev["coverage"])))
    parts = []
    for item, points in items.items():
        why = "、".join(dict.fromkeys(facts.get(item, []))) or f"{len(points)}处"
        parts.append(f"{item}{sum(points):+g}（{why}）")
    return "；".join(parts)


def score_order(bd: BatchDoc) -> list:  # type: ignore[type-arg]
    """By category, then rank (unranked last), then name: the order every score table uses."""
    return sorted(bd.units, key=lambda u: (u.category, u.rank is None, u.rank or 0, u.unit))


def _charts(doc: object, charts: Sequence[Chart]) -> None:
    _heading(doc, "四、统计图", 1)
    for i, c in enumerate(charts, start=1):
        doc.add_picture(io.BytesIO(c.png()), width=Cm(15))  # type: ignore[attr-defined]
        pic = doc.paragraphs[-1]  # type: ignore[attr-defined]
        pic.alignment = WD_ALIGN_PARAGRAPH.CENTER
        # The body's exact 28-point line would clip the picture to one line's height.
        pic.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        pic.paragraph_format.first_line_indent = Pt(0)
        _para(doc, f"图{i}  {c.title}", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)


def _annex(doc: object, bd: BatchDoc) -> None:
    section = doc.add_section(WD_SECTION_START.NEW_PAGE)  # type: ignore[attr-defined]
    section.footer.is_linked_to_previous = True
    p = _para(doc, "附件", indent=False)
    _font(p.runs[0], H1_FONT, Pt(16))  # type: ignore[attr-defined]
    title = _para(doc, str(words()["document"]["annex_title"]), indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _font(title.runs[0], TITLE_FONT, Pt(22))  # type: ignore[attr-defined]
    by_unit: dict[str, list] = {}  # type: ignore[type-arg]
    for f in bd.findings:
        by_unit.setdefault(f.unit, []).append(f)
    heading, para = _ParagraphMaker(doc, "Heading 2"), _ParagraphMaker(doc)
    table = _TableMaker(doc, ANNEX_HEADERS, [1.0, 9.0, 1.8, 1.6, 2.2])
    n = 0
    for u in bd.units:
        found = by_unit.get(u.unit)
        if not found and u.status != "missing":
            continue
        n += 1
        heading.add(f"{_cn(n)}、{u.unit}")
        if not found:
            para.add(f"{status_label(u.status)}：未见{bd.year}年度报告。")
            continue
        table.add([[str(i), f"{f.rule_name}：{f.message}", f.place, f.status, f.note]
                   for i, f in enumerate(found, start=1)])


_DIGITS = "零一二三四五六七八九"


def _cn(n: int) -> str:
    """1 → 一, 12 → 十二, 35 → 三十五, 120 → 一百二十 (headings' Chinese numbering)."""
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        tail = "" if rest == 0 else ("零" + _DIGITS[rest] if rest < 10 else ("一" + _cn(rest) if rest < 20 else _cn(rest)))
        return _DIGITS[n // 100] + "百" + tail
    return str(n)


def write_docx(bd: BatchDoc, path: Path | str, issuer: str = "", when: date | None = None,
               charts: Sequence[Chart] | None = None) -> None:
    """Write the 通报 for ``bd`` to ``path`` (atomically). ``issuer``: the 发文机关 signed under
    the text; ``when``: the 成文日期 (today if not given); ``charts``: default, the standard set."""
    when = when or date.today()
    if charts is None:
        charts = standard_charts(bd, bd.default_figure())
    doc = Document()
    _setup(doc)
    title = _para(doc, bd.title, indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _font(title.runs[0], TITLE_FONT, Pt(22))  # type: ignore[attr-defined]
    title.paragraph_format.line_spacing = Pt(36)  # type: ignore[attr-defined]
    # 草稿 or 定稿 with its id: an office deletes the line when it sends the text on.
    stage = _para(doc, f"（{bd.stage}）", indent=False, align=WD_ALIGN_PARAGRAPH.CENTER)
    _font(stage.runs[0], H2_FONT, Pt(14))  # type: ignore[attr-defined]
    doc.core_properties.title = bd.title
    doc.core_properties.comments = f"{bd.stage}; engine {bd.engine_version}"
    _overview(doc, bd)
    _problems(doc, bd)
    _scores(doc, bd)
    _charts(doc, charts)
    _para(doc, "", indent=False)
    _para(doc, "附件：" + str(words()["document"]["annex_title"]), indent=True)
    _para(doc, "", indent=False)
    if issuer:
        _para(doc, issuer, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, f"{when.year}年{when.month}月{when.day}日", indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _annex(doc, bd)
    save: Callable[[Path], None] = lambda tmp: doc.save(str(tmp))  # noqa: E731
    write_sheet_file(Path(path), save)
