"""What both table readers share: settings, cell values, findings about rows, and the
checks that pick among possible readings."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from core.formats import ColumnDef, RowDef, TableDef, table_ids
from core.model import Cell, Finding, Loc, Tables
from core.numbers import Group, parse_cell

ROW_WINDOW = 700  # normalised chars within which the next row's label must appear
MAX_CANDIDATES = 12  # splits of a glued run worth listing; more is "many"
REVIEWS_WINDOW = 1200  # chars after "行政复议" in which its table's values must start
TABLE_ORDER = table_ids()  # the formats' order (resources/formats/_common.toml)


@dataclass
class Extraction:
    tables: Tables = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # normalised offsets where each table starts/ends (text mode), for section logic
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)


# --- helpers shared by both modes ----------------------------------------------------


def groups_for(table: TableDef, row: RowDef) -> list[Group]:
    cols = [c.id for c in row.columns]
    if table.id == "applications" and cols and cols[-1] == "total":
        return [Group(len(cols), True)]
    return [Group(len(cols), False)]


def make_cell(raw: str, loc: Loc | None, col: ColumnDef) -> Cell:
    p = parse_cell(raw)
    unit = p.unit or (col.unit if p.value is not None else None)
    value = p.value
    if isinstance(value, float) and not col.amount and value.is_integer():
        value = int(value)
    return Cell(value=value, raw=raw.strip(), loc=loc, unit=unit, status=p.status)


def misaligned_finding(table: TableDef, row: RowDef, n: int, loc: Loc | None) -> Finding:
    return Finding(
        rule="row_misaligned",
        severity="warning",
        message=f"“{table.title}”表「{row.label}」行只读到 {n} 个数值，应有 {len(row.columns)} 个："
        "原文表格可能错位或缺列（常见于转换后的文本或扫描件漏识别的数字），无法确定各数值属于哪一列，"
        "本行各单元格均未参与合计检查，请对照原文逐格确认或更正。",
        table=table.id,
        cells=[(row.id, c.id) for c in row.columns],
        loc=loc,
    )


def unplaced_row(cols: tuple[ColumnDef, ...], read: list[tuple[str, Loc | None]], anchor: Loc | None) -> dict[str, Cell]:
    """A row read with fewer values than columns: the values stand in the row's first
    cells as read (raw text, where each was read) but with no value a check would take —
    status "ambiguous" — and the cells after them "missing"."""
    cells: dict[str, Cell] = {}
    for i, col in enumerate(cols):
        if i < len(read):
            raw, loc = read[i]
            cells[col.id] = Cell(value=None, raw=raw.strip(), loc=loc, status="ambiguous")
        else:
            cells[col.id] = Cell(value=None, raw="", loc=anchor, status="missing")
    return cells


def ambiguous_finding(table: TableDef, row: RowDef, raw: str, loc: Loc | None, sols: list[list[str]]) -> Finding:
    if not sols:
        why = "没有一种拆分方式符合本行的合计关系"
    else:
        why = "符合本行关系的拆分不止一种（如 " + "；或 ".join("/".join(x) for x in sols[:2]) + "）"
    return Finding(
        rule="ambiguous_digits",
        severity="warning",
        message=f"{table.title}「{row.label}」一行的数字粘连为“{raw}”，{why}，无法确定各单元格的值，请对照原文核实。",
        table=table.id,
        cells=[(row.id, c.id) for c in row.columns],
        loc=loc,
        candidates=sols or None,
    )



def suggest_by_columns(table: TableDef, rows: dict[str, dict[str, Cell]], findings: list[Finding]) -> None:
    """For ambiguous runs in the applications table, say which split also fits the columns
    ((七)总计 = the result rows, 一+二 = (七)+四), when the columns leave exactly one.
    The cells stay empty: the report is not rewritten, the reviewer is pointed at the
    likely reading."""
    if table.id != "applications":
        return
    ambiguous = [
        f for f in findings
        if f.rule == "ambiguous_digits" and f.table == table.id and f.candidates and f.cells
    ]
    if not ambiguous:
        return
    results = [r.id for r in table.rows if r.id.startswith("result.") and r.id != "result.total"]
    cols = [c.id for c in table.columns]
    combos = 1
    for f in ambiguous:
        combos *= len(f.candidates or [])
    if combos > 20000:
        return
    fitting: list[tuple[list[str], ...]] = []
    for combo in itertools.product(*[f.candidates or [] for f in ambiguous]):
        trial = {f.cells[0][0]: dict(zip(cols, map(int, cand), strict=True)) for f, cand in zip(ambiguous, combo, strict=True)}
        if _fits_columns(rows, results, cols, trial):
            fitting.append(combo)
            if len(fitting) > 1:
                break
    if len(fitting) != 1:
        return
    for f, cand in zip(ambiguous, fitting[0], strict=True):
        if len(f.candidates or []) > 1:
            f.message += f"按各列的(七)总计与勾稽关系核对，只有 {'/'.join(cand)} 相符。"


def _fits_columns(
    rows: dict[str, dict[str, Cell]], results: list[str], cols: list[str], trial: dict[str, dict[str, int]]
) -> bool:
    def value(r: str, c: str) -> int | float | None:
        if r in trial:
            return trial[r][c]
        cell = rows.get(r, {}).get(c)
        return cell.value if cell else None

    checked = False
    for c in cols:
        parts = [value(r, c) for r in results if r in rows]
        total = value("result.total", c)
        if total is not None and None not in parts:
            checked = True
            if sum(parts) != total:  # type: ignore[arg-type]
                return False
        four = [value(r, c) for r in ("new_received", "carried_over", "result.total", "carry_forward")]
        if None not in four:
            checked = True
            if four[0] + four[1] != four[2] + four[3]:  # type: ignore[operator]
                return False
    return checked


def resolve_fallback_rows(table: TableDef, rows: dict[str, dict[str, Cell]]) -> None:
    """Drop a fallback row (e.g. an undivided (六)其他处理) when the rows it stands for are there."""
    for row in table.rows:
        if row.replaces and row.id in rows and any(r in rows for r in row.replaces):
            del rows[row.id]



def candidates_text(sols: list[list[str]]) -> str:
    if not sols:
        return "没有一种拆分方式符合各“总计”关系，"
    shown = "；或 ".join("/".join(s) for s in sols[:2])
    return f"可能的拆分不止一种（如 {shown}），"



def spaced(word: str) -> str:
    """A pattern for ``word`` that allows stray spaces between its characters."""
    return r"\s*".join(re.escape(ch) for ch in word)


ARTICLE20_ANCHOR = re.compile(spaced("第二十条") + r"\s*第?\s*\(?\s*[一五六八九]")
APPLICATIONS_ANCHOR = re.compile(spaced("申请人情况") + "|" + spaced("本年新收"))
