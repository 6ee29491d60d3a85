"""The check: a reading's tables, as printed or as corrected, → the report's findings.

One function, ``check``, for the first reading (``core.pipeline.analyze``) and for every
re-check after a correction (``core.session``, ``main.py check --store``, ``correct``):

    reading findings kept (those a correction settled dropped)
    → the rules (``core.rules``), where a format was recognised
    → OCR doubt: an arithmetic error resting on an uncertain reading becomes ocr_uncertain
    → the outline's revision of the whole list (``core.outline``)
    → the cross-year rules, when last year's report is given
    → line numbers (text reports) → ids (``core.finding_ids``), here and nowhere else.

The reading itself (format, metadata, sections, cells and the reading's own findings) is
``core.review.read_report``; the file is never read again here and nothing given is
changed: the result is a new ``Report`` sharing the reading's sections and untouched cells,
every corrected cell keeping what the report printed (``Cell.corrected``).

A correction of a cell that the report's format does not have is never dropped: it is
listed in ``Report.orphan_corrections`` so the reviewer sees it and can move or delete it.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Iterable, Mapping

from core.analysis import Analysis
from core.corrections import Correction, apply_corrections, settled_by
from core.crossyear import cross_year_findings, pair_years
from core.document import Document
from core.finding_ids import assign_ids
from core.lines import add_lines
from core.model import Finding, Report
from core.outline import revise_findings
from core.reuse import DEFAULT as DEFAULT_THRESHOLDS
from core.reuse import Thresholds
from core.review import ReviewContext, read_report
from core.rules import run_rules

NO_TABLES = "报告没有可读的表格"  # why a correction of a report that was not read cannot apply


def check(
    source: Analysis | ReviewContext,
    corrections: Iterable[Correction] = (),
    previous: Report | None = None,
) -> Report:
    """The report as it reads with ``corrections`` applied, every rule run.

    ``source`` is what the reading handed back: an ``Analysis`` or its context (a report
    that was not read, or a PDF without text, has none: then its findings are kept as
    they are and every correction is an orphan). ``previous`` is last year's report of
    the same agency, for the cross-year rules (give it corrected too, if it has
    corrections). The input is not modified.
    """
    ctx = source if isinstance(source, ReviewContext) else source.context
    corrections = list(corrections)
    if ctx is None:
        assert isinstance(source, Analysis)
        out = copy.copy(source.report)
        out.findings = [copy.copy(f) for f in source.report.findings]
        out.orphan_corrections = [{**c.to_doc(), "why": NO_TABLES} for c in corrections] or None
        return _identified(out)
    base = ctx.report
    tables, orphans = apply_corrections(base, ctx.fmt, corrections)
    out = copy.copy(base)
    out.tables = tables
    out.orphan_corrections = orphans or None
    orphan_cells = {o["cell"] for o in orphans}
    done = {(c.table, c.row, c.col) for c in corrections if c.cell_id not in orphan_cells}
    out.findings = [copy.copy(f) for f in ctx.base_findings if not settled_by(f, done)]
    now = dataclasses.replace(ctx, report=out)
    if ctx.fmt is not None:
        out.findings.extend(run_rules(now))
    if out.ocr:  # set by the reading when a page was OCR'd (core.review)
        from core.ocr_review import soften  # here: a report with no scan imports no OCR

        soften(ctx.doc, out)
    out.findings = revise_findings(now, out.findings)
    if previous is not None:
        out.findings.extend(cross_year_findings(out, previous))
    if ctx.doc.source_format != "pdf":
        add_lines(out, ctx.doc.text)  # "第12行" for a person; offsets stay for machines
    return _identified(out)


def check_document(doc: Document, report: Report) -> Report:
    """Read ``doc`` into ``report`` (``core.review.read_report``) and check it: the first
    reading of a document already in memory (tests, fuzzing)."""
    read, ctx = read_report(doc, report)
    return check(ctx if ctx is not None else Analysis(doc, read, None))


def add_cross_year(
    current: list[Report],
    previous: list[Report],
    manual: Mapping[str, str | None] | None = None,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> None:
    """Add the cross-year findings to each current report that has last year's at hand
    (a batch: the pairs are found among the reports checked), ids given again.
    ``thresholds``: the reuse rules' (copied_text, tables_unchanged), the reviewer's."""
    for cur, prev in pair_years(current, previous, manual):
        cur.findings.extend(cross_year_findings(cur, prev, thresholds))
    for cur in current:
        _identified(cur)


def identified(findings: list[Finding]) -> list[Finding]:
    """``findings`` (one report's, put together from parts already checked: its engine
    findings and cross-year ones) with their ids given; the list itself is returned."""
    assign_ids(findings)
    return findings


def _identified(report: Report) -> Report:
    identified(report.findings)
    return report
