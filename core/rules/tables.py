"""Checks on the extracted tables: presence, cells, and every total."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.formats import TableDef
from core.model import Cell, Finding, Loc, union_loc
from core.numbers import number_text
from core.rules.checks import RowTotal, load_checks
from core.rules.registry import default_severity

if TYPE_CHECKING:
    from core.review import ReviewContext

MANY_BLANKS = 8  # more blank cells than this in one table are reported together


def _fmt_num(v: float | int | None) -> str:
    return number_text(v, blank="空")


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
                    severity=default_severity("missing_table"),
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
                        severity=default_severity("missing_row"),
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
                    severity=default_severity("blank_cell"),
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
                        severity=default_severity("blank_cell"),
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
                            severity=default_severity("not_a_number"),
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
                            severity=default_severity("negative_value"),
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
        severity=default_severity(rule),
        message=message,
        table=table.id,
        cells=cells,
        expected=expected,
        actual=actual,
        loc=total_cell.loc if total_cell and total_cell.loc else _locs(cell_objs),
    )


def _row_totals(ctx: ReviewContext, spec: RowTotal) -> list[Finding]:
    """Each row of a table: its total = the sum of its parts (checks.toml ``row_total``)."""
    table = ctx.fmt.tables.get(spec.table) if ctx.fmt else None
    rows = ctx.report.tables.get(spec.table)
    if table is None or rows is None:
        return []
    out = []
    for row in table.rows:
        parts = [_value(rows, row.id, c) for c in spec.parts]
        total = _value(rows, row.id, spec.total)
        if total is None or any(p is None for p in parts):
            continue
        if total.inferred or any(p.inferred for p in parts if p):
            continue  # a split of glued digits made to fit this very sum proves nothing
        s = sum(p.value for p in parts if p)  # type: ignore[misc]
        if s != total.value:
            detail = "+".join(_fmt_num(p.value) for p in parts if p)
            out.append(
                _sum_finding(
                    spec.rule, table,
                    f"「{row.label}」：总计为 {_fmt_num(total.value)}，但{spec.parts_name}之和为 {detail} = {_fmt_num(s)}。",
                    [(row.id, c) for c in (*spec.parts, spec.total)], s, total.value,  # type: ignore[arg-type]
                    [*parts, total], total,
                )
            )
    return out


def row_sums(ctx: ReviewContext) -> list[Finding]:
    """Each applications row: 总计 = the six applicant columns."""
    return _row_totals(ctx, load_checks().row_total("row_sum"))


def review_sums(ctx: ReviewContext) -> list[Finding]:
    """Each 复议/诉讼 block: 总计 = 维持 + 纠正 + 其他 + 尚未审结."""
    return _row_totals(ctx, load_checks().row_total("review_sum"))


def column_sums(ctx: ReviewContext) -> list[Finding]:
    """(七)总计 = the sum of the result rows, per column."""
    spec = load_checks().column_total
    table = ctx.fmt.tables.get(spec.table) if ctx.fmt else None
    rows = ctx.report.tables.get(spec.table)
    if table is None or rows is None or spec.total_row not in rows:
        return []
    out = []
    part_rows = spec.part_rows(table)
    result_ids = [r for r in part_rows if r in rows]
    if len(result_ids) < len(part_rows) // 2:
        return []
    # With result rows missing (a garbled table), a wrong sum would be ours, not the
    # report's: the missing rows are reported, the sum is not checked.
    absent = [
        r.label for r in table.rows
        if r.id in part_rows and r.id not in rows and not r.replaces
        and not any(f.id in rows and r.id in f.replaces for f in table.rows)
    ]
    if absent:
        return []
    for col in table.columns:
        total = _value(rows, spec.total_row, col.id)
        parts = [_value(rows, r, col.id) for r in result_ids]
        if total is None or any(p is None for p in parts):
            continue
        s = sum(p.value for p in parts if p)  # type: ignore[misc]
        if s != total.value:
            f = _sum_finding(
                spec.rule, table,
                f"「{col.label}」列：{spec.total_name}为 {_fmt_num(total.value)}，但{spec.parts_name}之和为 {_fmt_num(s)}。",
                [(spec.total_row, col.id)] + [(r, col.id) for r in result_ids], s, total.value,  # type: ignore[arg-type]
                [*parts, total], total,
            )
            out.append(f)
    return out


def balance(ctx: ReviewContext) -> list[Finding]:
    """The 勾稽关系 (checks.toml ``balance``): 一 + 二 = (七)总计 + 四, per column."""
    spec = load_checks().balance
    table = ctx.fmt.tables.get(spec.table) if ctx.fmt else None
    rows = ctx.report.tables.get(spec.table)
    if table is None or rows is None:
        return []
    out = []
    for col in table.columns:
        lcells = [_value(rows, r, col.id) for r, _ in spec.left]
        rcells = [_value(rows, r, col.id) for r, _ in spec.right]
        if any(c is None for c in (*lcells, *rcells)):
            continue
        left = sum(c.value for c in lcells if c)  # type: ignore[misc]
        right = sum(c.value for c in rcells if c)  # type: ignore[misc]
        if left != right:
            def terms(side: tuple[tuple[str, str], ...], cells: list[Cell | None]) -> str:
                return " + ".join(f"{name} {_fmt_num(c.value if c else None)}" for (_, name), c in zip(side, cells, strict=True))

            out.append(
                _sum_finding(
                    spec.rule, table,
                    f"「{col.label}」列不符合勾稽关系：{terms(spec.left, lcells)} = {_fmt_num(left)}，"
                    f"而{terms(spec.right, rcells)} = {_fmt_num(right)}。",
                    [(r, col.id) for r, _ in (*spec.left, *spec.right)],
                    left, right, [*lcells, *rcells], rcells[0],
                )
            )
    return out
