"""Tables from real cells (PDF ruling, HTML, Word): exact rows, exact blanks."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from core.document import Document, Token
from core.extract.common import (
    APPLICATIONS_ANCHOR,
    ARTICLE20_ANCHOR,
    TABLE_ORDER,
    Extraction,
    make_cell,
    misaligned_finding,
    resolve_fallback_rows,
    unplaced_row,
)
from core.formats import FormatDef, RowDef, TableDef
from core.model import Cell, Finding
from core.numbers import is_value_text

# --- grid mode ----------------------------------------------------------------------------


def _norm_token(tok: Token, fold: Callable[[str], str]) -> str:
    return re.sub(r"\s+", "", fold(tok.text))


def extract_from_grid(doc: Document, fmt: FormatDef, fold: Callable[[str], str]) -> Extraction:
    """Tables from real cells: a row's values are the cells after its label in the same row."""
    tokens = doc.tokens or []
    keys = [_norm_token(t, fold) for t in tokens]
    out = Extraction()
    cursor = 0
    for table_id in TABLE_ORDER:
        table = fmt.tables.get(table_id)
        if table is None:
            continue
        if table_id == "reviews":
            res = _reviews_from_grid(tokens, keys, table, cursor)
            if res:
                out.tables[table_id], cursor = res
            continue
        rows: dict[str, dict[str, Cell]] = {}
        start = _grid_anchor(keys, table_id, cursor)
        if start is None:
            continue
        pos = start
        for row in table.rows:
            hit = _grid_find_label(tokens, keys, row, table, pos)
            if hit is None:
                continue
            # The row's values: the cells after its label in the same row; a second label
            # or a note there is not a value. Where the header names the columns, each
            # value is the cell under its header (spans and empty merged cells allowed).
            after = _same_row(tokens, hit + 1, tokens[hit])
            by_header = _by_header(tokens, keys, hit, row, after)
            if by_header is not None:
                rows[row.id] = {
                    col.id: make_cell(fold(t.text), t.loc, col) if t is not None
                    else Cell(None, "", tokens[hit].loc, status="blank")
                    for col, t in zip(row.columns, by_header, strict=True)
                }
            else:
                values = _trim_empty([t for t in after if is_value_text(_norm_token(t, fold))], len(row.columns))
                rows[row.id] = _grid_cells(table, row, values, fold, out.findings, tokens[hit])
            pos = hit + 1
        resolve_fallback_rows(table, rows)
        if len(rows) >= max(2, len(table.rows) // 3):
            out.tables[table_id] = rows
            cursor = pos
    return out


@functools.lru_cache(maxsize=4096)  # a few hundred labels, asked for 180,000 times a folder
def _header_key(label: str) -> str:
    """A column label as a header cell shows it: without its parenthesised unit note."""
    return re.sub(r"[(（][^()（）]*[)）]|\s", "", label)


def _header_matches(cell: str, label: str) -> bool:
    core = _header_key(label)
    cell = _header_key(cell)
    if not cell or not core:
        return False
    # "处理决定数量" heads a column labelled "本年处理决定数量", and the other way round.
    return core in cell or (len(cell) >= 4 and cell in core)


def _by_header(
    tokens: list[Token], keys: list[str], hit: int, row: RowDef, after: list[Token]
) -> list[Token | None] | None:
    """The row's cells under its header's columns, or None when no header row above it (in
    the same grid, within its block) names every column of the row.

    A merged cell is one token at its top-left grid column, so the cell under a header at
    column c is the row's last token starting at or before c. A token that covers two
    headers' columns is not split between them (None: the caller falls back)."""
    label = tokens[hit]
    if label.grid is None or not after:
        return None
    positions: list[int] | None = None
    i = hit - 1
    seen_rows = 0
    while i >= 0 and tokens[i].grid == label.grid and seen_rows < 12:
        r = tokens[i].row
        j = i
        while j >= 0 and tokens[j].grid == label.grid and tokens[j].row == r:
            j -= 1
        cells = [(keys[k], tokens[k].col) for k in range(j + 1, i + 1)]
        found = []
        for col in row.columns:
            at = next((c for k, c in cells if c is not None and _header_matches(k, col.label)), None)
            if at is None:
                break
            found.append(at)
        if len(found) == len(row.columns):
            positions = found
            break
        i = j
        seen_rows += 1
    if positions is None or positions != sorted(positions) or len(set(positions)) != len(positions):
        return None
    out: list[Token | None] = []
    used: set[int] = set()
    for pos in positions:
        under = [t for t in after if t.col is not None and t.col <= pos]
        if not under:
            out.append(None)
            continue
        tok = under[-1]
        if id(tok) in used:
            return None
        used.add(id(tok))
        out.append(tok)
    # Whatever stands after the last header's cell is an empty merged remainder, or a note.
    return out


_NOT_APPLICABLE = re.compile(r"^\s*(?:/|／|—+|-+|–|无|不适用)?\s*$")


def _trim_empty(values: list[Token], n: int) -> list[Token]:
    """More cells than columns: empty cells at the end (an empty merged remainder), then
    "/"-like marks at the end (slots the row has no column for), then empty cells at the
    start, are not values."""
    while len(values) > n and not values[-1].text.strip():
        values = values[:-1]
    while len(values) > n and _NOT_APPLICABLE.match(values[-1].text):
        values = values[:-1]
    while len(values) > n and not values[0].text.strip():
        values = values[1:]
    return values


def _grid_anchor(keys: list[str], table_id: str, start: int) -> int | None:
    rx = ARTICLE20_ANCHOR if table_id == "article20" else APPLICATIONS_ANCHOR
    for i in range(start, len(keys)):
        if rx.search(keys[i]):
            return i
    return None


def _grid_find_label(tokens: list[Token], keys: list[str], row: RowDef, table: TableDef, start: int) -> int | None:
    limit = min(len(tokens), start + 80)
    for i in range(start, limit):
        k = keys[i]
        if not k or is_value_text(k):
            continue
        if row.matches(k) or any(re.search(kk.pattern.lstrip("^").rstrip("$"), k) for kk in row.keys):
            return i
    return None


def _same_row(tokens: list[Token], start: int, like: Token) -> list[Token]:
    """The tokens from ``start`` on that sit in the same grid row as ``like``."""
    out = []
    for t in tokens[start:]:
        if t.grid != like.grid or t.row != like.row:
            break
        out.append(t)
    return out


def _grid_cells(
    table: TableDef, row: RowDef, values: list[Token], fold: Callable[[str], str], findings: list[Finding], label: Token
) -> dict[str, Cell]:
    cols = row.columns
    cells: dict[str, Cell] = {}
    if len(values) > len(cols):
        values = values[-len(cols) :]
    if values and len(values) < len(cols):
        # Too few values: which column each belongs to cannot be told (a value the scan
        # dropped shifts the rest); none is placed where a check would trust it.
        findings.append(misaligned_finding(table, row, len(values), label.loc))
        return unplaced_row(cols, [(fold(t.text), t.loc) for t in values], label.loc)
    for i, col in enumerate(cols):
        if i < len(values):
            t = values[i]
            cells[col.id] = make_cell(fold(t.text), t.loc, col)
        else:
            cells[col.id] = Cell(None, "", label.loc, status="blank")
    return cells


def _reviews_from_grid(
    tokens: list[Token], keys: list[str], table: TableDef, start: int
) -> tuple[dict[str, dict[str, Cell]], int] | None:
    n_cells = sum(len(r.columns) for r in table.rows)
    for i in range(start, len(keys)):
        if keys[i] != "行政复议":
            continue
        # The first grid row after the header whose cells are all values.
        j = i + 1
        while j < len(tokens):
            row_tokens = _same_row(tokens, j, tokens[j])
            texts = [keys[k] for k in range(j, j + len(row_tokens))]
            tail = texts[-n_cells:]
            if len(row_tokens) >= n_cells and all(is_value_text(x) for x in tail) and any(tail):
                vals = row_tokens[-n_cells:]
                it = iter(vals)
                rows: dict[str, dict[str, Cell]] = {}
                for row in table.rows:
                    rows[row.id] = {}
                    for col in row.columns:
                        t = next(it)
                        rows[row.id][col.id] = make_cell(t.text, t.loc, col)
                return rows, j + len(row_tokens)
            if tokens[j].grid != tokens[i].grid:
                break
            j += max(1, len(row_tokens))
    return None
