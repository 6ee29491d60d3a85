"""Tables rebuilt from flattened text: lines, ``|`` pieces, markdown rows, glued digits."""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from core.document import Document
from core.extract.common import (
    APPLICATIONS_ANCHOR,
    ARTICLE20_ANCHOR,
    MAX_CANDIDATES,
    REVIEWS_WINDOW,
    ROW_WINDOW,
    TABLE_ORDER,
    Extraction,
    ambiguous_finding,
    candidates_text,
    groups_for,
    make_cell,
    misaligned_finding,
    resolve_fallback_rows,
    suggest_by_columns,
    unplaced_row,
)
from core.extract.stated import cut_by_statements, stated_figures
from core.formats import ColumnDef, FormatDef, RowDef, TableDef
from core.model import Cell, Finding, Loc
from core.normalize import Normalised
from core.numbers import Group, is_value_text, split_run

# --- text mode ------------------------------------------------------------------------

# A value chunk in flattened text: a number (with unit), or a placeholder.
_CHUNK = re.compile(
    r"[+-]?\d[\d,]*(?:\.\d+)?\s*(?:万元|元)?|(?<![\u4e00-\u9fff])(?:——|—|/|无)(?![\u4e00-\u9fff])"
)
_WORD_RUN = re.compile(r"[^\s|]+")
_PAGE_NUMBER = re.compile(r"[—\-–]\s*\d{1,3}\s*[—\-–]|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?")
_MD_ROW = re.compile(r"(?m)^[ \t]*\|(.*)\|[ \t]*$")
_MD_RULE = re.compile(r"\|[\s\-:|]+\|")
_ORDINAL_AFTER = re.compile(r"^\s*[.、]\s*[^\d\s]")


@lru_cache(maxsize=1024)
def _unanchored(pattern: str) -> re.Pattern[str]:
    """A row key's pattern without its anchors, compiled once (it is searched for every
    row of every table: 50,000 lookups in re's own cache per 200 reports)."""
    return re.compile(pattern.lstrip("^").rstrip("$"))


@dataclass
class _Chunk:
    text: str
    start: int  # normalised offsets
    end: int
    line_break_before: bool  # separated from the previous chunk by a newline or |


class TextTables:
    """Finds rows in normalised flattened text and reads their values."""

    def __init__(self, norm: Normalised, doc: Document, fmt: FormatDef) -> None:
        self.norm = norm
        self.text = norm.text
        self.doc = doc
        self.fmt = fmt
        # A compact copy (no whitespace) with its own map, to match labels split by spaces.
        runs = list(_WORD_RUN.finditer(self.text))
        self.compact = "".join(m.group(0) for m in runs)
        keep = array("l")
        for m in runs:  # the loop is per run; the offsets are filled in C
            keep.extend(range(m.start(), m.end()))
        keep.append(len(self.text))
        self.compact_to_norm = keep

    def loc(self, start: int, end: int) -> Loc:
        s, e = self.norm.span(start, end)
        return self.doc.loc(s, e)

    def find_label(
        self, row: RowDef, start: int, stop: int, others: Sequence[RowDef] = ()
    ) -> tuple[int, int] | None:
        """Normalised (start, end) of the row's label text after ``start``. A row that
        printed no values runs straight into the next label ("2.重复申请（七）总计5000005"):
        the label ends where one of ``others`` (the rows that may follow) begins."""
        cstart = _bisect(self.compact_to_norm, start)
        cstop = _bisect(self.compact_to_norm, stop)
        best: re.Match[str] | None = None
        for key in row.keys:
            m = _unanchored(key.pattern).search(self.compact, cstart, cstop)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            return None
        # Extend the label over the rest of its words (not digits, not line breaks).
        s = self.compact_to_norm[best.start()]
        e = self.compact_to_norm[best.end() - 1] + 1
        while e < len(self.text) and not self.text[e].isdigit() and self.text[e] not in "\n|":
            e += 1
        e = self._next_label_within(others, best.end(), e)
        # Back over the label's own prefix such as "(一)" or "一、".
        while s > 0 and not self.text[s - 1].isdigit() and self.text[s - 1] not in "\n|" and s > start:
            s -= 1
        # ...and its ordinal ("3.危及…"), which glued text sticks to the previous row's digits.
        ordinal = _ordinal(row)
        if ordinal and s >= 1 and self.text[s] in ".、" and self.text[s - 1] == ordinal:
            s -= 1
        return s, e

    def _next_label_within(self, others: Sequence[RowDef], cfrom: int, e: int) -> int:
        """``e``, or where another row's label starts inside the words after this label."""
        cend = _bisect(self.compact_to_norm, e)
        if cend <= cfrom:
            return e
        first = cend
        for other in others:
            for key in other.keys:
                m = _unanchored(key.pattern).search(self.compact, cfrom, cend)
                if m and m.start() < first:
                    first = m.start()
        if first == cend:
            return e
        # Back over the next label's own prefix ("（七）", "四、") — it is not this label's.
        cut = self.compact_to_norm[first]
        while cut > 0 and self.text[cut - 1] in "()（）一二三四五六七八九十、.． " and cut > self.compact_to_norm[cfrom]:
            cut -= 1
        return cut

    def chunks(self, start: int, end: int, ordinal_next: str | None) -> list[_Chunk]:
        # Page numbers ("— 5 —") caught between a table's lines are not cells.
        seg = _PAGE_NUMBER.sub(lambda m: " " * len(m.group(0)), self.text[start:end])
        out: list[_Chunk] = []
        # Markdown table rows ("| 1 | 0 |  |") give their cells exactly, blanks included.
        md_spans: list[tuple[int, int]] = []
        for row in _MD_ROW.finditer(seg):
            fields = row.group(1).split("|")
            if _MD_RULE.fullmatch(row.group(0).strip()) or not any(fields):
                continue
            md_spans.append(row.span())
            pos = row.start(1)
            for f in fields:
                text = f.strip()
                fs = pos + (len(f) - len(f.lstrip()))
                if not text:
                    out.append(_Chunk("", start + fs, start + fs, True))
                elif is_value_text(text):
                    out.append(_Chunk(text, start + fs, start + fs + len(text), True))
                pos += len(f) + 1
        last_end = 0
        for m in _CHUNK.finditer(seg):
            if any(a <= m.start() < b for a, b in md_spans):
                continue
            raw = m.group(0).strip()
            a, b = m.start(), m.start() + len(m.group(0).rstrip())
            between = seg[last_end:a]
            # Digits followed by "." and a word are an ordinal of the next label (3.危及…).
            tail = seg[b:]
            if raw[-1:].isdigit() and _ORDINAL_AFTER.match(tail) and "." not in raw:
                if ordinal_next and raw.endswith(ordinal_next):
                    raw = raw[: -len(ordinal_next)]
                    b -= len(ordinal_next)
                else:
                    continue
                if not raw:
                    continue
            # Numbers glued to words (e.g. a year inside a sentence) are not cells.
            if re.search(r"[\u4e00-\u9fff]", between.strip()[-1:] or "") and raw[0].isdigit():
                if _looks_like_prose(between):
                    last_end = b
                    continue
            out.append(_Chunk(raw, start + a, start + b, "\n" in between or "|" in between or not out))
            last_end = b
        if md_spans:
            out.sort(key=lambda c: c.start)
        return out

    def read_row(
        self, table: TableDef, row: RowDef, label_end: int, next_start: int, ordinal_next: str | None
    ) -> tuple[dict[str, Cell], list[Finding]]:
        cols = row.columns
        chunks = self.chunks(label_end, next_start, ordinal_next)
        findings: list[Finding] = []
        cells: dict[str, Cell] = {}
        if len(chunks) >= len(cols):
            for col, ch in zip(cols, chunks, strict=False):
                cells[col.id] = make_cell(ch.text, self.loc(ch.start, ch.end), col)
            return cells, findings
        digit_chunks = [c for c in chunks if re.fullmatch(r"\d+", c.text)]
        glued = (
            chunks
            and len(digit_chunks) == len(chunks)
            and sum(len(c.text) for c in chunks) >= len(cols)
            and not all(c.line_break_before for c in chunks[1:])
        ) or (len(chunks) == 1 and len(cols) > 1 and chunks and re.fullmatch(r"\d+", chunks[0].text) is not None
              and len(chunks[0].text) >= len(cols))
        if glued:
            sols = split_run([c.text for c in chunks], groups_for(table, row), limit=MAX_CANDIDATES)
            # One digit per cell is read off, not chosen by the row's sum: the sum checks
            # may trust it (a split made to fit a sum proves nothing about that sum).
            forced = not sols
            sols = sols or _one_digit_each([c.text for c in chunks], len(cols))
            whole = self.loc(chunks[0].start, chunks[-1].end)
            raw = " ".join(c.text for c in chunks)
            if len(sols) == 1:
                # Locate each piece inside the run for its loc.
                pos = chunks[0].start
                pieces = sols[0]
                for col, piece in zip(cols, pieces, strict=True):
                    while pos < chunks[-1].end and not self.text[pos].isdigit():
                        pos += 1
                    cell = make_cell(piece, self.loc(pos, pos + len(piece)), col)
                    cell.inferred = not forced
                    cells[col.id] = cell
                    pos += len(piece)
                return cells, findings
            findings.append(ambiguous_finding(table, row, raw, whole, sols))
            for col in cols:
                cells[col.id] = Cell(value=None, raw=raw, loc=whole, status="ambiguous")
            return cells, findings
        placed = self._place_by_gaps(chunks, len(cols), label_end, next_start)
        if placed is not None:
            for col, slot in zip(cols, placed, strict=True):
                if slot is None:
                    at = self._blank_at(placed, col, cols, label_end)
                    cells[col.id] = Cell(value=None, raw="", loc=self.loc(at, at), status="blank")
                else:
                    cells[col.id] = make_cell(slot.text, self.loc(slot.start, slot.end), col)
            return cells, findings
        # No value at all: a row left blank. Some but too few: which cells they belong to
        # cannot be told (a shifted or garbled table, a value the scan dropped), so say so
        # instead of guessing — the values read stand as read, in no cell that is checked.
        anchor = chunks[-1].end if chunks else label_end
        if not chunks:
            for col in cols:
                cells[col.id] = Cell(value=None, raw="", loc=self.loc(anchor, anchor), status="blank")
            return cells, findings
        cells = unplaced_row(cols, [(ch.text, self.loc(ch.start, ch.end)) for ch in chunks], self.loc(anchor, anchor))
        findings.append(misaligned_finding(table, row, len(chunks), self.loc(label_end, anchor)))
        return cells, findings



    def _place_by_gaps(
        self, chunks: list[_Chunk], n: int, label_end: int, next_start: int
    ) -> list[_Chunk | None] | None:
        """Line-by-line text marks a blank cell by an extra separator: one more empty line
        (or one more ``|``) than between two filled cells. Returns the cells in column
        order with None for blanks, or None when the gaps do not account for them."""
        if not chunks or _MD_ROW.search(self.text, label_end, next_start):
            return None  # markdown rows give their blanks as cells already
        pipes = "|" in self.text[label_end:next_start]
        bounds = [label_end] + [p for c in chunks for p in (c.start, c.end)] + [next_start]
        gaps = []
        for a, b in zip(bounds[0::2], bounds[1::2], strict=True):
            between = self.text[a:b]
            gaps.append(between.count("|") if pipes else between.count("\n"))
        unit = min(gaps[1:-1]) if len(gaps) > 2 else 1
        if unit < 1:
            return None
        # Before the first value and between values a gap of k units holds k-1 blanks;
        # after the last value whatever is left over (trailing blanks) is read the same way.
        placed: list[_Chunk | None] = []
        for i, chunk in enumerate(chunks):
            placed.extend([None] * (gaps[i] // unit - 1 if gaps[i] >= unit else 0))
            placed.append(chunk)
        trailing = n - len(placed)
        if trailing < 0 or (trailing and gaps[-1] // unit - 1 < trailing):
            return None
        placed.extend([None] * trailing)
        return placed if len(placed) == n and any(p is None for p in placed) else None

    def _blank_at(self, placed: list[_Chunk | None], col: ColumnDef, cols: tuple[ColumnDef, ...], label_end: int) -> int:
        """Where a blank cell stands: just after the value before it (or the label)."""
        i = [c.id for c in cols].index(col.id)
        before = [p for p in placed[:i] if p is not None]
        return before[-1].end if before else label_end


def _one_digit_each(runs: list[str], n_cells: int) -> list[list[str]]:
    """A run with exactly as many digits as cells has one reading, one digit per cell,
    whether or not its sums then hold (a failing sum is the report's fault, and the sum
    checks say so: such cells are not marked inferred); more digits than cells and no cut
    that adds up stays ambiguous."""
    digits = "".join(runs)
    return [list(digits)] if len(digits) == n_cells and digits.isdigit() else []


def _looks_like_prose(between: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]{2,}$", between.strip()))


def _bisect(positions: Sequence[int], value: int) -> int:
    lo, hi = 0, len(positions)
    while lo < hi:
        mid = (lo + hi) // 2
        if positions[mid] < value:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _ordinal(row: RowDef) -> str | None:
    m = re.search(r"(\d)\.", row.label)
    return m.group(1) if m else None


def _text_rows(
    tt: TextTables, table: TableDef, start: int, stop: int, ordered: bool = True
) -> tuple[dict[str, dict[str, Cell]], list[Finding], int]:
    """Find each row's label in order from ``start``; read values up to the next label."""
    labels: list[tuple[RowDef, tuple[int, int]]] = []
    cursor = start
    for i, row in enumerate(table.rows):
        if ordered:
            hit = tt.find_label(row, cursor, min(stop, cursor + ROW_WINDOW), table.rows[i + 1 :])
        else:
            # Rows that stand on their own (第二十条's items) may come in any order.
            hit = tt.find_label(row, start, min(stop, start + ROW_WINDOW * 3))
            if hit and any(a < hit[1] and hit[0] < b for _, (a, b) in labels):
                hit = None
        if hit is None:
            continue
        labels.append((row, hit))
        cursor = hit[1]
    labels.sort(key=lambda item: item[1][0])
    rows: dict[str, dict[str, Cell]] = {}
    findings: list[Finding] = []
    end_of_table = cursor
    for i, (row, (_, lend)) in enumerate(labels):
        if i + 1 < len(labels):
            nxt_row, (nstart, _) = labels[i + 1]
            ordinal_next = _ordinal(nxt_row)
            nxt = nstart
        else:
            nxt = _end_of_values(tt.text, lend, stop)
            ordinal_next = None
        cells, f = tt.read_row(table, row, lend, nxt, ordinal_next)
        rows[row.id] = cells
        findings.extend(f)
        end_of_table = max(end_of_table, nxt)
    return rows, findings, end_of_table


def _end_of_values(text: str, start: int, stop: int) -> int:
    """After the last row: values run until the first word that is not a value."""
    i = start
    n = min(stop, len(text))
    seen_value = False
    while i < n:
        ch = text[i]
        if ch.isdigit() or ch in " \t\n|,.+-/—无元万":
            seen_value = seen_value or ch.isdigit()
            i += 1
            continue
        if seen_value or i - start > 40:
            break
        i += 1
    return i



ReviewsRead = tuple[dict[str, dict[str, Cell]], list[Finding], int, int]  # rows, findings, start, end


def _reviews_from_text(tt: TextTables, table: TableDef, start: int) -> ReviewsRead | None:
    """The 复议/诉讼 table: 15 values after its two-level header (and maybe a note)."""
    text = tt.text
    n_cells = sum(len(r.columns) for r in table.rows)
    for m in re.finditer(r"行政复议", text[start:]):
        pos = start + m.start()
        window_end = min(len(text), pos + REVIEWS_WINDOW)
        i = pos
        while i < window_end:
            c = _CHUNK.search(text, i, window_end)
            if c is None:
                break
            end = _end_of_values(text, c.start(), len(text))
            chunks = tt.chunks(c.start(), end, None)
            digits = sum(len(ch.text) for ch in chunks)
            if len(chunks) >= n_cells or (
                chunks and digits >= n_cells and all(re.fullmatch(r"\d+", ch.text) for ch in chunks)
            ):
                return _reviews_cells(tt, table, chunks, n_cells)
            i = max(end, c.end())
    return _reviews_by_block(tt, table, start)


def _reviews_by_block(tt: TextTables, table: TableDef, start: int) -> ReviewsRead | None:
    """Three small tables, one per block, each under its own heading."""
    rows: dict[str, dict[str, Cell]] = {}
    cursor = start
    first: int | None = None
    for row in table.rows:
        hit = tt.find_label(row, cursor, min(len(tt.text), cursor + REVIEWS_WINDOW))
        if hit is None:
            return None
        c = _CHUNK.search(tt.text, hit[1], min(len(tt.text), hit[1] + 400))
        if c is None:
            return None
        end = _end_of_values(tt.text, c.start(), len(tt.text))
        chunks = tt.chunks(c.start(), end, None)
        if len(chunks) < len(row.columns):
            return None
        rows[row.id] = {
            col.id: make_cell(ch.text, tt.loc(ch.start, ch.end), col)
            for col, ch in zip(row.columns, chunks, strict=False)
        }
        cursor = chunks[len(row.columns) - 1].end
        first = c.start() if first is None else first
    return rows, [], first if first is not None else start, cursor


def _reviews_cells(tt: TextTables, table: TableDef, chunks: list[_Chunk], n_cells: int) -> ReviewsRead:
    text = tt.text
    rows: dict[str, dict[str, Cell]] = {}
    if len(chunks) >= n_cells:
        it = iter(chunks[:n_cells])
        for row in table.rows:
            rows[row.id] = {}
            for col in row.columns:
                ch = next(it)
                rows[row.id][col.id] = make_cell(ch.text, tt.loc(ch.start, ch.end), col)
        return rows, [], chunks[0].start, chunks[n_cells - 1].end
    groups = [Group(len(r.columns), True) for r in table.rows]
    sols = split_run([c.text for c in chunks], groups)
    forced = not sols  # one digit per cell: read off, not fitted to the sums
    sols = sols or _one_digit_each([c.text for c in chunks], n_cells)
    whole = tt.loc(chunks[0].start, chunks[-1].end)
    raw = " ".join(c.text for c in chunks)
    if len(sols) == 1:
        pieces = iter(sols[0])
        p = chunks[0].start
        for row in table.rows:
            rows[row.id] = {}
            for col in row.columns:
                piece = next(pieces)
                while not text[p].isdigit():
                    p += 1
                cell = make_cell(piece, tt.loc(p, p + len(piece)), col)
                cell.inferred = not forced
                rows[row.id][col.id] = cell
                p += len(piece)
        return rows, [], chunks[0].start, chunks[-1].end
    f = Finding(
        rule="ambiguous_digits",
        severity="warning",
        message=f"行政复议、行政诉讼表的数字粘连为“{raw}”，{candidates_text(sols)}无法确定各单元格的值，请对照原文核实。",
        table=table.id,
        cells=[(r.id, c.id) for r in table.rows for c in r.columns],
        loc=whole,
    )
    for row in table.rows:
        rows[row.id] = {c.id: Cell(None, raw, whole, status="ambiguous") for c in row.columns}
    return rows, [f], chunks[0].start, chunks[-1].end



def extract_from_text(norm: Normalised, doc: Document, fmt: FormatDef, begin: int = 0, end: int | None = None,
                      section_starts: dict[str, int] | None = None) -> Extraction:
    end = len(norm.text) if end is None else end
    tt = TextTables(norm, doc, fmt)
    out = Extraction()
    starts = section_starts or {}
    cursor = begin
    for table_id in TABLE_ORDER:
        table = fmt.tables.get(table_id)
        if table is None:
            continue
        sec_start = starts.get(table_id if table_id != "article20" else "proactive", cursor)
        search_from = max(cursor, sec_start) if sec_start is not None else cursor
        if table_id == "reviews":
            res = _reviews_from_text(tt, table, search_from)
            if res is None and search_from != cursor:
                res = _reviews_from_text(tt, table, cursor)
            if res:
                rows, findings, tstart, tend = res
                out.tables[table_id] = rows
                out.findings.extend(findings)
                # The table is its values: the part's prose before them is prose.
                out.spans[table_id] = (tstart, tend)
                cursor = tend
            continue
        anchor_rx = ARTICLE20_ANCHOR if table_id == "article20" else APPLICATIONS_ANCHOR
        m = anchor_rx.search(tt.text, search_from, end) or anchor_rx.search(tt.text, cursor, end)
        if not m:
            continue
        stop = end
        if table_id == "article20":
            nxt = APPLICATIONS_ANCHOR.search(tt.text, m.start(), end)
            stop = nxt.start() if nxt else end
        rows, findings, tend = _text_rows(tt, table, m.start(), stop, ordered=table_id != "article20")
        resolve_fallback_rows(table, rows)
        suggest_by_columns(table, rows, findings)
        if len(rows) >= max(2, len(table.rows) // 3):
            out.tables[table_id] = rows
            out.findings.extend(findings)
            out.spans[table_id] = (m.start(), tend)
            cursor = tend
    _cut_article20_by_text(tt, fmt, out)
    return out


def _cut_article20_by_text(tt: TextTables, fmt: FormatDef, out: Extraction) -> None:
    """A glued 第二十条 run with several cuts is cut by the figures the report's sentences
    state (本年制发N件, 废止N件, 现行有效N件) when they leave exactly one; otherwise it
    stays ambiguous with its candidates. The cells are marked inferred and the finding
    becomes a note saying which stated figures decided it."""
    table = fmt.tables.get("article20")
    rows = out.tables.get("article20")
    if table is None or not rows:
        return
    prose = list(tt.text)
    for a, b in out.spans.values():  # the tables' own digits state nothing
        prose[a:b] = " " * (b - a)
    text = "".join(prose)
    for k, f in enumerate(out.findings):
        if f.rule != "ambiguous_digits" or f.table != "article20" or not f.cells:
            continue
        row = next((r for r in table.rows if r.id == f.cells[0][0]), None)
        cells = rows.get(row.id, {}) if row else {}
        if row is None or not cells:
            continue
        raw = next(iter(cells.values())).raw
        if not re.fullmatch(r"\d+(?: \d+)*", raw):
            continue
        cols = [c.id for c in row.columns]
        stated = stated_figures(text, table.id, row.id)
        if not stated:
            continue
        every = split_run(raw.split(), groups_for(table, row), limit=MAX_CANDIDATES * 40)
        left, used = cut_by_statements(every, cols, stated)
        said = "、".join(f"{c.label} {min(stated[c.id])}" for c in row.columns if c.id in used)
        if len(left) != 1:
            if used and 1 < len(left) < len(every):
                f.message += (f"正文所述的数字（{said}）之后仍有 {len(left)} 种拆分（如 "
                              + "；或 ".join("/".join(x) for x in left[:2]) + "）。")
            continue
        cut = left[0]
        for col, piece in zip(row.columns, cut, strict=True):
            cell = make_cell(piece, f.loc, col)
            cell.inferred = True
            cells[col.id] = cell
        out.findings[k] = Finding(
            rule="ambiguous_digits",
            severity="info",
            message=f"{table.title}「{row.label}」一行的数字粘连为“{raw}”，可拆分的方式不止一种；"
            f"正文所述的数字（{said}）只与 {'/'.join(cut)} 相符，按此读取，请对照原文核实。",
            table=table.id,
            cells=f.cells,
            loc=f.loc,
            candidates=every[:MAX_CANDIDATES],
        )
