"""Checks on the extracted tables: presence, cells, and every total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.formats import TableDef
from core.model import Cell, Finding, Loc, union_loc

if TYPE_CHECKING:
    from core.review import ReviewContext

APPLICANT_COLS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending")
MANY_BLANKS = 8  # more blank cells than this in one table are reported together


def _fmt_num(v: float | int | None) -> str:
    if v is None:
        return "空"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def _cell_name(table: TableDef, row_id: str, col_id: str) -> str:
    row = table.row(row_id)
    return f"「{row.label}」行「{table.column_label(row_id, col_id)}」列"


def _locs(cells: list[Cell | None]) -> Loc | None:
    return union_loc([c.loc for c in cells if c is not None])


def missing_tables_and_rows(ctx: ReviewContext) -> list[Finding]:
    fmt = ctx.fmt
    if fmt is None or not fmt.tables:
        return []
    out = []
    for table_id, table in fmt.tables.items():
        rows = ctx.report.tables.get(table_id)
        if rows is None:
            out.append(
                Finding(
                    rule="missing_table",
                    severity="warning",
                    message=f"未找到“{table.title}”表格（{fmt.name}要求列出此表）。",
                    table=table_id,
                )
            )
            continue
        for row in table.rows:
            if row.id not in rows and not row.replaces:
                merged = next((f for f in table.rows if f.id in rows and row.id in f.replaces), None)
                why = (
                    f"（报告把「{merged.label}」合为一行，是2019年试行格式的写法；{fmt.name}要求分行填报）"
                    if merged else ""
                )
                out.append(
                    Finding(
                        rule="missing_row",
                        severity="warning",
                        message=f"“{table.title}”表缺少「{row.label}」一行{why}。",
                        table=table_id,
                        cells=[(row.id, c.id) for c in row.columns],
                    )
                )
    return out


def cell_problems(ctx: ReviewContext) -> list[Finding]:
    """Blank cells, text where a number belongs, and negative counts."""
    fmt = ctx.fmt
    if fmt is None:
        return []
    out = []
    for table_id, rows in ctx.report.tables.items():
        table = fmt.tables[table_id]
        all_blanks = [
            (row.id, col.id)
            for row in table.rows
            for col in row.columns
            if (cell := rows.get(row.id, {}).get(col.id)) is not None and cell.status in ("blank", "placeholder")
        ]
        if len(all_blanks) >= MANY_BLANKS:
            # A table that leaves its zeros blank: one finding, not one per row.
            per_col: dict[str, int] = {}
            for _, c in all_blanks:
                per_col[c] = per_col.get(c, 0) + 1
            top = sorted(per_col, key=lambda c: -per_col[c])[:3]
            col_names = "、".join(
                f"「{table.column_label(next(r for r, cc in all_blanks if cc == c), c)}」{per_col[c]} 处" for c in top
            )
            out.append(
                Finding(
                    rule="blank_cell",
                    severity="warning",
                    message=f"“{table.title}”表有 {len(all_blanks)} 个单元格未填写（空白或“/”“—”“无”等占位符）"
                    + f"（最多的是{col_names}）"
                    + "。留空不等于 0：格式要求没有发生的也填 0，请核实。",
                    table=table_id,
                    cells=all_blanks,
                    loc=_locs([rows[r][c] for r, c in all_blanks]),
                )
            )
        for row in table.rows:
            cells = rows.get(row.id)
            if not cells:
                continue
            blanks = [c for c in row.columns if cells.get(c.id) and cells[c.id].status in ("blank", "placeholder")]
            if blanks and len(all_blanks) < MANY_BLANKS:
                names = "、".join(f"「{c.label}」" for c in blanks)
                out.append(
                    Finding(
                        rule="blank_cell",
                        severity="warning",
                        message=f"“{table.title}”表「{row.label}」行的{names}未填写数字"
                        f"（空白或“/”“—”“无”等占位符，不等于 0），请核实应填 0 还是漏填。",
                        table=table_id,
                        cells=[(row.id, c.id) for c in blanks],
                        loc=_locs([cells[c.id] for c in blanks]) or _locs(list(cells.values())),
                    )
                )
            for col in row.columns:
                cell = cells.get(col.id)
                if cell is None:
                    continue
                if cell.status == "not_a_number":
                    out.append(
                        Finding(
                            rule="not_a_number",
                            severity="warning",
                            message=f"{_cell_name(table, row.id, col.id)}填的是“{cell.raw}”，不是数字。",
                            table=table_id,
                            cells=[(row.id, col.id)],
                            actual=cell.raw,
                            loc=cell.loc,
                        )
                    )
                elif cell.value is not None and cell.value < 0 and not col.signed:
                    out.append(
                        Finding(
                            rule="negative_value",
                            severity="error",
                            message=f"{_cell_name(table, row.id, col.id)}为负数 {_fmt_num(cell.value)}，此项不能为负。",
                            table=table_id,
                            cells=[(row.id, col.id)],
                            actual=cell.value,
                            loc=cell.loc,
                        )
                    )
    return out


def _value(rows: dict[str, dict[str, Cell]], row_id: str, col_id: str) -> Cell | None:
    cell = rows.get(row_id, {}).get(col_id)
    if cell is None or cell.value is None:
        return None
    return cell


def _sum_finding(
    rule: str, table: TableDef, message: str, cells: list[tuple[str, str]], expected: float, actual: float,
    cell_objs: list[Cell | None], total_cell: Cell | None,
) -> Finding:
    return Finding(
        rule=rule,
        severity="error",
        message=message,
        table=table.id,
        cells=cells,
        expected=expected,
        actual=actual,
        loc=total_cell.loc if total_cell and total_cell.loc else _locs(cell_objs),
    )


def _row_totals(ctx: ReviewContext, table_id: str, rule: str, parts_ids: tuple[str, ...], parts_name: str) -> list[Finding]:
    """Each row of a table: its 总计 = the sum of ``parts_ids``."""
    table = ctx.fmt.tables.get(table_id) if ctx.fmt else None
    rows = ctx.report.tables.get(table_id)
    if table is None or rows is None:
        return []
    out = []
    for row in table.rows:
        parts = [_value(rows, row.id, c) for c in parts_ids]
        total = _value(rows, row.id, "total")
        if total is None or any(p is None for p in parts):
            continue
        if total.inferred or any(p.inferred for p in parts if p):
            continue  # a split of glued digits made to fit this very sum proves nothing
        s = sum(p.value for p in parts if p)  # type: ignore[misc]
        if s != total.value:
            detail = "+".join(_fmt_num(p.value) for p in parts if p)
            out.append(
                _sum_finding(
                    rule, table,
                    f"「{row.label}」：总计为 {_fmt_num(total.value)}，但{parts_name}之和为 {detail} = {_fmt_num(s)}。",
                    [(row.id, c) for c in (*parts_ids, "total")], s, total.value,  # type: ignore[arg-type]
                    [*parts, total], total,
                )
            )
    return out


def row_sums(ctx: ReviewContext) -> list[Finding]:
    """Each applications row: 总计 = the six applicant columns."""
    return _row_totals(ctx, "applications", "row_sum", APPLICANT_COLS, "各类申请人")


def review_sums(ctx: ReviewContext) -> list[Finding]:
    """Each 复议/诉讼 block: 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    return _row_totals(ctx, "reviews", "review_sum", REVIEW_PARTS, "结果维持、结果纠正、其他结果、尚未审结")


def _result_rows(table: TableDef) -> list[str]:
    return [r.id for r in table.rows if r.id.startswith("result.") and r.id != "result.total"]


def column_sums(ctx: ReviewContext) -> list[Finding]:
    """(七)总计 = the sum of the result rows, per column."""
    table = ctx.fmt.tables.get("applications") if ctx.fmt else None
    rows = ctx.report.tables.get("applications")
    if table is None or rows is None or "result.total" not in rows:
        return []
    out = []
    result_ids = [r for r in _result_rows(table) if r in rows]
    if len(result_ids) < len(_result_rows(table)) // 2:
        return []
    # With result rows missing (a garbled table), a wrong sum would be ours, not the
    # report's: the missing rows are reported, the sum is not checked.
    absent = [
        r.label for r in table.rows
        if r.id in _result_rows(table) and r.id not in rows and not r.replaces
        and not any(f.id in rows and r.id in f.replaces for f in table.rows)
    ]
    if absent:
        return []
    for col in table.columns:
        total = _value(rows, "result.total", col.id)
        parts = [_value(rows, r, col.id) for r in result_ids]
        if total is None or any(p is None for p in parts):
            continue
        s = sum(p.value for p in parts if p)  # type: ignore[misc]
        if s != total.value:
            f = _sum_finding(
                "column_sum", table,
                f"「{col.label}」列：(七)总计为 {_fmt_num(total.value)}，但(一)至(六)各项办理结果之和为 {_fmt_num(s)}。",
                [("result.total", col.id)] + [(r, col.id) for r in result_ids], s, total.value,  # type: ignore[arg-type]
                [*parts, total], total,
            )
            out.append(f)
    return out


def balance(ctx: ReviewContext) -> list[Finding]:
    """The 勾稽关系: 一 + 二 = (七)总计 + 四, per column."""
    table = ctx.fmt.tables.get("applications") if ctx.fmt else None
    rows = ctx.report.tables.get("applications")
    if table is None or rows is None:
        return []
    out = []
    for col in table.columns:
        a = _value(rows, "new_received", col.id)
        b = _value(rows, "carried_over", col.id)
        c = _value(rows, "result.total", col.id)
        d = _value(rows, "carry_forward", col.id)
        if None in (a, b, c, d):
            continue
        left = a.value + b.value  # type: ignore[union-attr,operator]
        right = c.value + d.value  # type: ignore[union-attr,operator]
        if left != right:
            out.append(
                _sum_finding(
                    "balance", table,
                    f"「{col.label}」列不符合勾稽关系：一、本年新收 {_fmt_num(a.value)} + 二、上年结转 {_fmt_num(b.value)} = {_fmt_num(left)}，"  # type: ignore[union-attr]
                    f"而(七)总计 {_fmt_num(c.value)} + 四、结转下年度 {_fmt_num(d.value)} = {_fmt_num(right)}。",  # type: ignore[union-attr]
                    [("new_received", col.id), ("carried_over", col.id), ("result.total", col.id), ("carry_forward", col.id)],
                    left, right, [a, b, c, d], c,
                )
            )
    return out
