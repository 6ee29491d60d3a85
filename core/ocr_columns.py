"""Scanned values out of place: a value whose box stands in another column.

On a scan the reader may drop a digit and take a stray mark, so a row keeps the right
count of values but each one slid a column: the 自然人 cell then holds the number printed
under 商业企业, read at full confidence. Where it stands on the page tells: its box lies
outside the band the other rows' values of its column occupy. Such a cell is marked
(``cell.ocr["misplaced"]``), counts as an uncertain reading (core/ocr_review.is_uncertain:
the checks resting on it are softened, the 识别核对 panel lists it), and its row is a
``row_misaligned`` warning naming the cells.

Pure data in, data out; run on OCR'd reports after the confidences are attached.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable

from core.formats import TableDef, load_formats
from core.model import Cell, Finding, Report, union_loc

# A column's band needs this many values of other rows on the same page to be told.
MIN_PEERS = 2
# Columns whose bands stand closer than this (points) are not told apart (merged cells, a
# converter's stacked boxes): a table's columns are 25 pt apart or more.
MIN_GAP_PT = 6.0

Key = tuple[str, str, str]  # table, row, column


def _centre(cell: Cell) -> float | None:
    if cell.loc is None or cell.loc.bbox is None or cell.loc.page is None:
        return None
    return (cell.loc.bbox[0] + cell.loc.bbox[2]) / 2


def _placed(cell: Cell) -> bool:
    """A value read by OCR that a check would take, with a box on a page."""
    return cell.ocr is not None and cell.value is not None and cell.status == "ok" and _centre(cell) is not None


def find_misplaced(report: Report) -> dict[Key, str]:
    """Each OCR'd value whose box's centre is nearer another column's band than its own
    (past the midpoint between the two, or past the last column by as much), with the id
    of the column it stands in ("" beyond the table's columns).

    Bands are taken per table, page and row layout (rows of the same columns), each
    from the other rows' values only, so a whole row slid a column shows."""
    groups: dict[tuple[str, int, tuple[str, ...]], dict[str, dict[str, Cell]]] = defaultdict(dict)
    for table_id, rows in report.tables.items():
        for row_id, cols in rows.items():
            by_page: dict[int, dict[str, Cell]] = defaultdict(dict)
            for col_id, cell in cols.items():
                if _placed(cell) and cell.loc is not None and cell.loc.page is not None:
                    by_page[cell.loc.page][col_id] = cell
            for page, cells in by_page.items():
                groups[(table_id, page, tuple(cols))][row_id] = cells
    out: dict[Key, str] = {}
    for (table_id, _page, layout), rows in groups.items():
        line = {r: _line(cells) for r, cells in rows.items()}
        for row_id, cells in rows.items():
            # Rows on the same printed line (the 复议/诉讼 table's rows stand side by side)
            # are no witnesses of where a column is: only the rows above and below are.
            peers = [
                others for r, others in rows.items()
                if r != row_id and abs(line[r][0] - line[row_id][0]) > max(line[r][1], line[row_id][1]) / 2
            ]
            bands: list[tuple[float, str]] = []  # (median centre of the other rows, column)
            for col_id in layout:
                xs = [c for others in peers for c in [_centre_of(others, col_id)] if c is not None]
                if len(xs) >= MIN_PEERS:
                    bands.append((statistics.median(xs), col_id))
            if len(bands) < 2:
                continue
            bands.sort()
            for col_id, cell in cells.items():
                where = _column_at(bands, col_id, _centre(cell))
                if where is not None:
                    out[(table_id, row_id, col_id)] = where
    return out


def _line(cells: dict[str, Cell]) -> tuple[float, float]:
    """The vertical middle and height of a row's values on the page (medians)."""
    boxes = [c.loc.bbox for c in cells.values() if c.loc is not None and c.loc.bbox is not None]
    return statistics.median((b[1] + b[3]) / 2 for b in boxes), statistics.median(b[3] - b[1] for b in boxes)


def _centre_of(cells: dict[str, Cell], col_id: str) -> float | None:
    cell = cells.get(col_id)
    return _centre(cell) if cell is not None else None


def _column_at(bands: list[tuple[float, str]], col_id: str, x: float | None) -> str | None:
    """The column ``x`` stands in when it is not ``col_id``'s ("" beyond the last), else None."""
    ids = [c for _, c in bands]
    if x is None or col_id not in ids:
        return None
    i = ids.index(col_id)
    own = bands[i][0]
    # Half the distance to the neighbouring band on x's side (at the table's edge, on the other side).
    if x >= own:
        gap = (bands[i + 1][0] - own) if i + 1 < len(bands) else (own - bands[i - 1][0])
    else:
        gap = (own - bands[i - 1][0]) if i > 0 else (bands[i + 1][0] - own)
    if gap < MIN_GAP_PT or abs(x - own) <= gap / 2:
        return None
    nearest = min(bands, key=lambda b: abs(b[0] - x))
    return nearest[1] if nearest[1] != col_id and abs(nearest[0] - x) <= gap / 2 else ""


def mark_misplaced(report: Report) -> None:
    """Mark each misplaced OCR'd value: ``cell.ocr["misplaced"] = True``."""
    for (t, r, c) in find_misplaced(report):
        cell = report.tables[t][r][c]
        if cell.ocr is not None:
            cell.ocr["misplaced"] = True


def is_misplaced(cell: Cell | None) -> bool:
    return cell is not None and cell.ocr is not None and bool(cell.ocr.get("misplaced"))


def _names(table: TableDef | None, row_id: str) -> tuple[str, str, Callable[[str], str]]:
    """The table's title, the row's label and a column's label, in the format's words."""
    if table is None:
        return "", row_id, lambda c: c

    def col_name(c: str) -> str:
        try:
            return table.column_label(row_id, c)
        except KeyError:
            return c

    try:
        label = table.row(row_id).label
    except KeyError:
        label = row_id
    return table.title, label, col_name


def misplaced_findings(report: Report) -> list[Finding]:
    """A ``row_misaligned`` warning for each row with a misplaced value not yet confirmed or
    corrected by the reviewer, naming those cells (none already given for the same cells)."""
    fmt = load_formats().get(report.template)
    have = {(f.table, tuple(map(tuple, f.cells))) for f in report.findings if f.rule == "row_misaligned"}
    where = find_misplaced(report)
    out: list[Finding] = []
    for table_id, rows in report.tables.items():
        table = fmt.tables.get(table_id) if fmt else None
        for row_id, cols in rows.items():
            off = [(c, cell) for c, cell in cols.items() if is_misplaced(cell) and not cell.corrected]
            cells = [(row_id, c) for c, _ in off]
            if not off or (table_id, tuple(cells)) in have:
                continue
            title, row_label, col_name = _names(table, row_id)
            parts = []
            for c, cell in off:
                at = where.get((table_id, row_id, c))
                stands = "" if at is None else f"（位于「{col_name(at)}」列）" if at else "（位于表格各列之外）"
                parts.append(f"「{col_name(c)}」格的“{cell.raw}”{stands}")
            out.append(
                Finding(
                    rule="row_misaligned",
                    severity="warning",
                    message=f"“{title or table_id}”表「{row_label}」行：扫描件上{'、'.join(parts)}不在本列的位置上"
                    "（与其他各行同列数值的位置不符），可能漏识别或多识别了数字，使本行数值错了列；"
                    "这些单元格参与的合计检查均按存疑处理，请对照原图逐格确认或更正。",
                    table=table_id,
                    cells=cells,
                    loc=union_loc([cell.loc for _, cell in off]),
                )
            )
    return out
