"""The reviewer's corrections of cells: the record, its parsing, and a copy of the tables
with the corrections in (``apply_corrections``). Re-checking the corrected tables is the
one check's, ``core.check.check``: the file is not read again and nothing is changed in
place: the original reading stays as it was, and every corrected cell keeps what the
report printed (``Cell.corrected``).

Findings made while reading (``ambiguous_digits``, ``row_misaligned``) stay until the
reviewer has given every cell they name; a row the report lacks appears once one of its
cells is entered (its other cells stay ``missing``).

A correction of a cell that the report's format does not have (a newer engine read the
file as another format, a row id changed) cannot be applied. It is never dropped: it is
listed in ``Report.orphan_corrections`` so the reviewer sees it and can move or delete it.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.formats import FormatDef
from core.model import Cell, CellCorrection, Finding, Report, Tables
from core.rules.registry import SETTLED_BY_CORRECTION

CONFIRM_REASON = "按原文确认"  # how earlier versions stored a confirmation (as a correction)
BLANK = "blank"  # the value word for "the report printed this cell empty"


class CorrectionError(ValueError):
    """A correction that cannot be taken (bad cell id, not a number); the message says why."""


@dataclass(frozen=True)
class Correction:
    """The reviewer's value for one cell. ``value`` None: the report printed it empty.

    ``confirmed``: not a correction but the reviewer's word that the reading (OCR) is
    right as read; the cell keeps its value and carries ``confirmed`` {by, at}."""

    table: str
    row: str
    col: str
    value: int | float | None
    by: str = ""
    at: str = ""
    reason: str = ""
    confirmed: bool = False

    @property
    def cell_id(self) -> str:
        return cell_id(self.table, self.row, self.col)

    def to_doc(self) -> dict[str, Any]:
        doc = {"cell": self.cell_id, "value": self.value, "by": self.by, "at": self.at, "reason": self.reason}
        if self.confirmed:
            doc["confirmed"] = True
        return doc

    @staticmethod
    def from_doc(doc: dict[str, Any]) -> Correction:
        t, r, c = parse_cell_id(str(doc.get("cell", "")))
        v = doc.get("value")
        value = v if isinstance(v, int | float) and not isinstance(v, bool) else None
        reason = str(doc.get("reason") or "")
        # Earlier versions stored a confirmation as a correction with CONFIRM_REASON.
        confirmed = bool(doc.get("confirmed")) or reason == CONFIRM_REASON
        return Correction(t, r, c, value, str(doc.get("by") or ""), str(doc.get("at") or ""),
                          "" if confirmed and reason == CONFIRM_REASON else reason, confirmed)


def cell_id(table: str, row: str, col: str) -> str:
    """The contract's cell id, ``TABLE/ROW/COL`` (row ids contain dots, never slashes)."""
    return f"{table}/{row}/{col}"


def parse_cell_id(text: str) -> tuple[str, str, str]:
    parts = text.strip().split("/")
    if len(parts) != 3 or not all(re.fullmatch(r"[A-Za-z0-9_.]+", p) for p in parts):
        raise CorrectionError(f"单元格编号“{text}”格式不对：应为 表/行/列，如 applications/result.total/natural_person")
    return parts[0], parts[1], parts[2]


def parse_value(text: str) -> int | float | None:
    """A number as a reviewer types it (full-width digits, thousands separators), or
    ``blank`` for a cell printed empty."""
    s = text.strip()
    if s.lower() in (BLANK, "空", "空白"):
        return None
    s = s.translate(str.maketrans("０１２３４５６７８９．－，", "0123456789.-,")).replace(",", "")
    if not re.fullmatch(r"-?\d+(\.\d+)?", s):
        # Chinese words for the blank: the window's reviewer is never asked for English.
        raise CorrectionError(f"“{text}”不是数字。请输入数字；原文此格为空时，输入“空”或“空白”，或把内容清空")
    return float(s) if "." in s else int(s)


def format_cell_error(fmt: FormatDef | None, table: str, row: str, col: str) -> str | None:
    """Why this cell is not one of the format's, or None when it is."""
    if fmt is None:
        return "报告的格式未识别，没有表格"
    tdef = fmt.tables.get(table)
    if tdef is None:
        return f"{fmt.name}没有“{table}”表（可用：{'、'.join(fmt.tables) or '无'}）"
    try:
        rdef = tdef.row(row)
    except KeyError:
        return f"“{tdef.title}”表没有“{row}”行"
    if col not in {c.id for c in rdef.columns}:
        return f"“{tdef.title}”表「{rdef.label}」行没有“{col}”列（可用：{'、'.join(c.id for c in rdef.columns)}）"
    return None


def _typed(value: int | float | None, amount: bool) -> int | float | None:
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        raise CorrectionError("值必须是有限的数字")
    if isinstance(value, float) and not amount and value.is_integer():
        return int(value)
    return value


def apply_corrections(
    report: Report, fmt: FormatDef | None, corrections: Iterable[Correction]
) -> tuple[Tables, list[dict[str, Any]]]:
    """A copy of the report's tables with the corrections in, and the corrections that
    name no cell of the format (as dicts for ``Report.orphan_corrections``)."""
    tables: Tables = {t: {r: dict(cols) for r, cols in rows.items()} for t, rows in report.tables.items()}
    orphans: list[dict[str, Any]] = []
    for corr in corrections:
        why = format_cell_error(fmt, corr.table, corr.row, corr.col)
        if why is not None or fmt is None:
            orphans.append({**corr.to_doc(), "why": why or ""})
            continue
        rdef = fmt.tables[corr.table].row(corr.row)
        cdef = next(c for c in rdef.columns if c.id == corr.col)
        rows = tables.setdefault(corr.table, {})
        if corr.confirmed:
            # The reading stands as read: the cell keeps its value, the reviewer's word beside it.
            if corr.row in rows and corr.col in rows[corr.row]:
                rows[corr.row][corr.col] = dataclasses.replace(
                    rows[corr.row][corr.col], confirmed={"by": corr.by, "at": corr.at})
            else:
                orphans.append({**corr.to_doc(), "why": "报告没有这个单元格，无从确认"})
            continue
        if corr.row not in rows:
            # A row the report lacks, entered by the reviewer: its other cells stay missing.
            rows[corr.row] = {c.id: Cell(None, "", None, status="missing") for c in rdef.columns}
        printed = rows[corr.row].get(corr.col) or Cell(None, "", None, status="missing")
        value = _typed(corr.value, cdef.amount)
        rows[corr.row][corr.col] = dataclasses.replace(
            printed,
            value=value,
            status="ok" if value is not None else "blank",
            unit=printed.unit or (cdef.unit if value is not None else None),
            inferred=False,
            corrected=CellCorrection(printed.value, printed.raw, corr.by, corr.at, corr.reason),
        )
    return tables, orphans


def settled_by(f: Finding, corrected: set[tuple[str, str, str]]) -> bool:
    """A reading finding every cell of which the reviewer has given: it no longer stands."""
    return (f.rule in SETTLED_BY_CORRECTION and f.table is not None and bool(f.cells)
            and all((f.table, r, c) in corrected for r, c in f.cells))


def candidate_corrections(
    finding: Finding, index: int, by: str = "", at: str = "", reason: str = ""
) -> list[Correction]:
    """The corrections that pick candidate ``index`` of an ``ambiguous_digits`` finding:
    one per cell it names, in order. Store them together (one undo step)."""
    if finding.rule != "ambiguous_digits" or not finding.candidates or finding.table is None:
        raise CorrectionError("这条问题没有可选的拆分方式")
    if not 0 <= index < len(finding.candidates):
        raise CorrectionError(f"没有第 {index + 1} 种拆分（共 {len(finding.candidates)} 种）")
    pieces = finding.candidates[index]
    if len(pieces) != len(finding.cells):
        raise CorrectionError("拆分的数字个数与单元格个数不一致")
    why = reason or f"按原文确认的拆分：{'/'.join(pieces)}"
    return [
        Correction(finding.table, r, c, parse_value(p), by, at, why)
        for (r, c), p in zip(finding.cells, pieces, strict=True)
    ]
