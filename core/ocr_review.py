"""What OCR changes in a checked report: each OCR'd cell carries its confidence, and a
failed check resting on an uncertain reading is a doubt for the reviewer
(``ocr_uncertain``, a warning naming the cell) rather than an arithmetic error.

Runs after the rules, on any document with OCR'd pages; pure data in, data out.
"""

from __future__ import annotations

from core.document import Document
from core.formats import cell_label
from core.model import Cell, Finding, Report, union_loc
from core.ocr_columns import is_misplaced, mark_misplaced, misplaced_findings
from core.readers.ocr import UNCERTAIN_BELOW
from core.rules.registry import ARITHMETIC_RULES, TEXT_ARITHMETIC_RULES, default_severity, rule_name

# Which checks' failure may come from a misread digit is the rules' data (rules.toml's
# ``arithmetic``): an error of these resting on an uncertain cell (or, for the text rules,
# uncertain characters in the sentence's number) becomes ocr_uncertain.


def confidence_of(doc: Document, start: int | None, end: int | None) -> float | None:
    """The least confidence of the OCR'd characters in ``text[start:end]`` (None: none OCR'd)."""
    if start is None or end is None or not doc.ocr_confidence:
        return None
    confs = [doc.ocr_confidence[i] for i in range(start, end) if i in doc.ocr_confidence]
    return min(confs) if confs else None


def attach_confidence(doc: Document, report: Report) -> None:
    """Give every cell read from OCR'd characters its confidence (the least of its
    characters), and mark those standing outside their column (core/ocr_columns.py)."""
    for rows in report.tables.values():
        for cols in rows.values():
            for cell in cols.values():
                if cell.loc is None or not cell.raw:
                    continue
                conf = confidence_of(doc, cell.loc.start, cell.loc.end)
                if conf is not None:
                    cell.ocr = {"confidence": round(conf, 3)}
    mark_misplaced(report)  # where a value stands on the page is part of its reading too


def is_uncertain(cell: Cell | None) -> bool:
    """Read by OCR with little confidence, or with its box outside its column's band
    (core/ocr_columns.py), and not confirmed or corrected by the reviewer since.

    A reviewer's correction (``Cell.corrected``) or confirmation (``Cell.confirmed``,
    core/corrections.py) settles the reading.
    """
    if cell is None or cell.ocr is None or getattr(cell, "corrected", None) or getattr(cell, "confirmed", None):
        return False
    return cell.ocr["confidence"] < UNCERTAIN_BELOW or is_misplaced(cell)


def soften(doc: Document | None, report: Report) -> None:
    """Replace each arithmetic error that rests on an uncertain OCR reading by ocr_uncertain.

    Callable again after a re-check of corrected cells (``doc`` None: only the cells' own
    confidence counts, not that of numbers quoted from the text).
    """
    out: list[Finding] = []
    for f in report.findings:
        if f.severity != "error" or f.rule not in ARITHMETIC_RULES:
            out.append(f)
            continue
        doubtful = _uncertain_cells(report, f)
        text_conf = None
        if doc is not None and f.loc is not None and f.rule in TEXT_ARITHMETIC_RULES:
            text_conf = confidence_of(doc, f.loc.start, f.loc.end)
        if not doubtful and (text_conf is None or text_conf >= UNCERTAIN_BELOW):
            out.append(f)
            continue
        out.append(_uncertain_finding(f, doubtful, text_conf, template=report.template))
    # A row with a value out of its column is said once, whatever check it fails.
    report.findings = out + misplaced_findings(report)


def _uncertain_cells(report: Report, f: Finding) -> list[tuple[str, str, Cell]]:
    rows = report.tables.get(f.table or "", {})
    found = []
    for row_id, col_id in f.cells:
        cell = rows.get(row_id, {}).get(col_id)
        if cell is not None and is_uncertain(cell):
            found.append((row_id, col_id, cell))
    return found


def soften_pair(f: Finding, cur: Report, prev: Report, prev_cells: list[tuple[str, str, str]]) -> Finding:
    """A cross-year finding on ``cur`` that rests on an uncertain reading, in this year's
    cells (``f.cells``) or in the cells of last year's report it compared them with
    (``prev_cells``: table, row, column), as the ocr_uncertain doubt; else ``f`` itself."""
    doubtful = _uncertain_cells(cur, f)
    named_prev = []
    for t, r, c in prev_cells:
        cell = prev.tables.get(t, {}).get(r, {}).get(c)
        if cell is not None and cell.ocr and is_uncertain(cell):
            named_prev.append(
                f"{prev.year} 年度报告（{prev.file}）{cell_label(prev.template, t, r, c)}"
                f"识别为“{cell.raw}”（置信度 {cell.ocr['confidence']:.2f}）"
            )
    if not doubtful and not named_prev:
        return f
    return _uncertain_finding(f, doubtful, None, named_prev, template=cur.template)


def _uncertain_finding(
    f: Finding,
    doubtful: list[tuple[str, str, Cell]],
    text_conf: float | None,
    elsewhere: list[str] | None = None,
    template: str = "unknown",
) -> Finding:
    # The cells and the check in the words of the format and the rule registry: a reviewer
    # reads 「行」「列」 and the check's name, never ids such as review/other (the JSON's
    # ``cells`` and the finding's ``rule`` keep the ids).
    named = [
        f"{cell_label(template, f.table or '', r, c)}识别为“{cell.raw}”（置信度 {cell.ocr['confidence']:.2f}"
        + ("，位置不在本列" if is_misplaced(cell) else "") + "）"
        for r, c, cell in doubtful
        if cell.ocr
    ]
    if text_conf is not None and text_conf < UNCERTAIN_BELOW:
        named.append(f"正文中的数字识别置信度 {text_conf:.2f}")
    named += elsewhere or []
    first = [(r, c) for r, c, _ in doubtful]
    cells = first + [rc for rc in f.cells if rc not in first]
    loc = union_loc([cell.loc for _, _, cell in doubtful]) or f.loc
    return Finding(
        rule="ocr_uncertain",
        severity=default_severity("ocr_uncertain"),
        message=(
            f"文字识别把握不大：{'；'.join(named)}。该处参与的检查（{rule_name(f.rule)}）未通过：{f.message}"
            "请对照原图确认或更正识别结果；若识别无误，则原检查结论成立。"
        ),
        table=f.table,
        cells=cells,
        expected=f.expected,
        actual=f.actual,
        loc=loc,
        quote=f.quote,
        section=f.section,
    )


def apply_ocr(doc: Document, report: Report) -> None:
    """Everything OCR adds to a checked report."""
    if not doc.ocr_pages:
        return
    report.ocr = True
    attach_confidence(doc, report)
    soften(doc, report)
