"""The reading: one document through the engine's first stages — format, metadata,
sections, tables and the reading's own findings — into a ``Report`` and the
``ReviewContext`` the rules look at. Checking it is ``core.check.check``'s.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.detect import (
    DateChoice,
    choose_published,
    detect_agency,
    detect_format,
    detect_year,
    find_duplicate,
    looks_like_annual_report,
    mask_chrome,
)
from core.document import Document
from core.extract import Extraction, extract_from_grid, extract_from_text
from core.extract.common import TABLE_ORDER
from core.formats import FormatDef, load_formats
from core.model import Finding, Loc, Report, Section, as_template
from core.normalize import Normalised, fold, looks_traditional, normalise, to_simplified
from core.rules.registry import default_severity
from core.sections import FoundSection, find_sections, section_body


@dataclass
class ReviewContext:
    """Everything the rules may look at; built once per document."""

    doc: Document
    norm: Normalised
    fmt: FormatDef | None
    report: Report
    found_sections: list[FoundSection] = field(default_factory=list)
    body_end: int = 0  # normalised end of the part read (first copy when doubled)
    traditional: bool = False
    table_spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # tables in the text
    format_confident: bool = True  # False: format guessed from the outline and year only
    # Findings made before the rules ran (reading, extraction): a re-check keeps them.
    base_findings: list[Finding] = field(default_factory=list)
    published_choice: DateChoice | None = None  # which date was taken, and the others

    def loc(self, start: int, end: int) -> Loc:
        s, e = self.norm.span(start, end)
        return self.doc.loc(s, e)

    def section_text(self, section_id: str) -> str:
        for s in self.found_sections:
            if s.id == section_id:
                return section_body(self.norm.text, s)
        return ""

    def section(self, section_id: str) -> FoundSection | None:
        for s in self.found_sections:
            if s.id == section_id and s.start is not None:
                return s
        return None


def build_context(doc: Document, report: Report) -> ReviewContext:
    traditional = looks_traditional(doc.text)
    norm = normalise(doc.text, traditional=traditional)
    ctx = ReviewContext(doc=doc, norm=norm, fmt=None, report=report, traditional=traditional)
    ctx.body_end = len(norm.text)
    dup = find_duplicate(norm.text)
    if dup is not None:
        ctx.body_end = dup
        report.findings.append(
            Finding(
                rule="duplicate_content",
                severity=default_severity("duplicate_content"),
                message="报告正文在文件中重复出现两次（网页保存或拼接时重复），已只读取第一份。",
                loc=ctx.loc(dup, min(len(norm.text), dup + 40)),
            )
        )
    return ctx


def read_report(doc: Document, report: Report) -> tuple[Report, ReviewContext | None]:
    """Fill ``report`` from ``doc``: format, metadata, sections, tables and the findings
    of the reading itself (``ReviewContext.base_findings``); no rule has run yet.

    The context is None where there is nothing to check (no text, not a report): the
    report's findings are then final.
    """
    report.source_format = doc.source_format
    report.encoding = doc.encoding
    if doc.source_format in ("pdf", "image") and not doc.text.strip():
        message = (
            "图像中没有识别出文字，无法读取内容，请人工审阅。"
            if doc.source_format == "image"
            else "PDF 没有可提取的文字层（可能是扫描件或字体无法解码），无法读取内容，请人工审阅或先做文字识别。"
        )
        if doc.ocr_unread:  # OCR tried (or could not be): say what was not read and why
            message += f"（{doc.ocr_unread}）"
        report.findings.append(
            Finding(rule="no_text_layer", severity=default_severity("no_text_layer"), message=message,
                    loc=Loc(page=1, bbox=None))
        )
        return report, None
    ctx = build_context(doc, report)
    text = ctx.norm.text[: ctx.body_end]
    # Page chrome (clocks, crawler stamps, lists of other reports) says nothing of this report.
    masked = mask_chrome(text)
    year, _ = detect_year(masked)
    guess = detect_format(masked, year)
    if guess.template == "unknown" and not looks_like_annual_report(text):
        report.error = "内容不像政府信息公开工作年度报告（未找到“信息公开”及年度报告的标题、章节或表格）"
        report.findings = []
        return report, None
    report.template = as_template(guess.template)
    fmt = load_formats().get(guess.template)
    ctx.fmt = fmt
    ctx.format_confident = guess.confident
    report.year = year
    report.agency, _ = detect_agency(masked, year)
    ctx.published_choice = choose_published(text, year)
    report.published = ctx.published_choice.chosen.date if ctx.published_choice else None
    if doc.pages_without_text:
        pages = "、".join(str(p) for p in doc.pages_without_text[:10])
        report.findings.append(
            Finding(
                rule="no_text_layer",
                severity="warning",
                message=f"PDF 第 {pages} 页没有可提取的文字层（可能是扫描页），这些页的内容未被检查。"
                + (f"（{doc.ocr_unread}）" if doc.ocr_unread else ""),
                loc=Loc(page=doc.pages_without_text[0], bbox=None),
            )
        )
    if fmt is None:
        # No outline recognised: that is a finding (core.outline), the parts checked by content.
        ctx.base_findings = report.findings
        return report, ctx
    ctx.found_sections = find_sections(ctx.norm.text, fmt, 0, ctx.body_end)
    report.sections = [
        Section(
            id=s.id,
            title=s.title,
            found=s.start is not None,
            loc=ctx.loc(s.start, s.end) if s.start is not None and s.end is not None else None,
            text=section_body(ctx.norm.text, s),
        )
        for s in ctx.found_sections
    ]
    if fmt.tables:
        ext = _extract(ctx, fmt)
        report.tables = ext.tables
        report.findings.extend(ext.findings)
    ctx.base_findings = report.findings
    if doc.ocr_pages:
        from core.ocr_review import attach_confidence  # here: a report with no scan imports no OCR

        report.ocr = True
        attach_confidence(doc, report)
    return report, ctx


def _fold_for(ctx: ReviewContext):  # type: ignore[no-untyped-def]
    def fold_cell(s: str) -> str:
        return fold(to_simplified(s) if ctx.traditional else s)

    return fold_cell


def _extract(ctx: ReviewContext, fmt: FormatDef) -> Extraction:
    starts = {s.id: s.start for s in ctx.found_sections if s.start is not None}
    text_ext = extract_from_text(ctx.norm, ctx.doc, fmt, 0, ctx.body_end, starts)
    ctx.table_spans = dict(text_ext.spans)
    if not ctx.doc.tokens:
        return text_ext
    grid_ext = extract_from_grid(ctx.doc, fmt, _fold_for(ctx))
    # Prefer real cells, table by table; fall back to the text reading where the grid
    # did not give the table (e.g. a table drawn without rulings in a PDF).
    merged = Extraction()
    for table_id in TABLE_ORDER:
        g = grid_ext.tables.get(table_id)
        t = text_ext.tables.get(table_id)
        if g and (not t or len(g) >= len(t)):
            merged.tables[table_id] = g
            merged.findings.extend(f for f in grid_ext.findings if f.table == table_id)
        elif t:
            merged.tables[table_id] = t
            merged.findings.extend(f for f in text_ext.findings if f.table == table_id)
    return merged

