"""Rules across years of one agency: carry-over, roll-forward, jumps, copied text.

Reports are paired when they have the same agency and consecutive years, whether they
were given together or last year's came with ``--previous``.
"""

from __future__ import annotations

import difflib
import re

from core.formats import cell_label, load_formats
from core.model import Cell, Finding, Report
from core.rules.registry import default_severity

JUMP_FACTOR = 5
JUMP_MIN = 20  # small counts jump fivefold for no reason worth a reviewer's time
COPY_SIMILARITY = 0.9
COPY_MIN_CHARS = 80


def agency_key(name: str | None) -> str | None:
    if not name:
        return None
    return re.sub(r"[\s()（）]", "", name)


def pair_years(current: list[Report], previous: list[Report]) -> list[tuple[Report, Report]]:
    """(this year, last year) pairs among all reports given."""
    pool = {(agency_key(r.agency), r.year): r for r in [*previous, *current] if r.agency and r.year and not r.error}
    pairs = []
    for rep in current:
        if rep.error or not rep.agency or not rep.year:
            continue
        prev = pool.get((agency_key(rep.agency), rep.year - 1))
        if prev is not None and prev is not rep:
            pairs.append((rep, prev))
    return pairs


def _cell(rep: Report, table: str, row: str, col: str) -> Cell | None:
    cell = rep.tables.get(table, {}).get(row, {}).get(col)
    return cell if cell is not None and cell.value is not None else None


def _col_label(rep: Report, col: str) -> str:
    fmt = load_formats().get(rep.template)
    table = fmt.tables.get("applications") if fmt else None
    return table.column_label("carried_over", col) if table else col


def carry_over(cur: Report, prev: Report) -> list[Finding]:
    out = []
    cols = cur.tables.get("applications", {}).get("carried_over", {})
    for col in cols:
        now = _cell(cur, "applications", "carried_over", col)
        last = _cell(prev, "applications", "carry_forward", col)
        if now is None or last is None or now.value == last.value:
            continue
        out.append(
            Finding(
                rule="carry_over",
                severity=default_severity("carry_over"),
                message=f"本年“二、上年结转”「{_col_label(cur, col)}」列为 {now.value}，"
                f"但 {prev.year} 年度报告的“四、结转下年度继续办理”为 {last.value}（{prev.file}）。",
                table="applications",
                cells=[("carried_over", col)],
                expected=last.value,
                actual=now.value,
                loc=now.loc,
            )
        )
    return out


def in_force_rollforward(cur: Report, prev: Report) -> list[Finding]:
    out = []
    for row in ("rules", "normative_documents"):
        now = _cell(cur, "article20", row, "in_force")
        last = _cell(prev, "article20", row, "in_force")
        issued = _cell(cur, "article20", row, "issued")
        repealed = _cell(cur, "article20", row, "repealed")
        if None in (now, last, issued, repealed):
            continue
        expected = last.value + issued.value - repealed.value  # type: ignore[union-attr,operator]
        if expected == now.value:  # type: ignore[union-attr]
            continue
        label = "规章" if row == "rules" else "行政规范性文件"
        out.append(
            Finding(
                rule="in_force_rollforward",
                severity=default_severity("in_force_rollforward"),
                message=f"{label}现行有效件数为 {now.value}，但上年现行有效 {last.value} + 本年制发 {issued.value}"  # type: ignore[union-attr]
                f" − 本年废止 {repealed.value} = {expected}。",  # type: ignore[union-attr]
                table="article20",
                cells=[(row, "in_force"), (row, "issued"), (row, "repealed")],
                expected=expected,
                actual=now.value,  # type: ignore[union-attr]
                loc=now.loc,  # type: ignore[union-attr]
            )
        )
    return out


def year_jumps(cur: Report, prev: Report) -> list[Finding]:
    out = []
    for table, rows in cur.tables.items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                # Totals only where a table has them: one finding per row, not one per column.
                if col == "change" or (table != "article20" and col != "total"):
                    continue
                last = _cell(prev, table, row, col)
                if cell.value is None or last is None:
                    continue
                a, b = abs(float(last.value)), abs(float(cell.value))  # type: ignore[arg-type]
                lo, hi = min(a, b), max(a, b)
                # From or to nothing is no "fold"; small counts move for no reason worth a look.
                if lo == 0 or hi < JUMP_MIN:
                    continue
                if hi / lo > JUMP_FACTOR:
                    ratio = f"{hi / lo:.1f} 倍"
                    out.append(
                        Finding(
                            rule="year_jump",
                            severity=default_severity("year_jump"),
                            message=f"{cell_label(cur.template, table, row, col)}由上年的 {last.value} 变为 {cell.value}"
                            f"（{ratio}），变化超过 {JUMP_FACTOR} 倍，请核实。",
                            table=table,
                            cells=[(row, col)],
                            expected=last.value,
                            actual=cell.value,
                            loc=cell.loc,
                        )
                    )
    return out


def _prose(text: str) -> str:
    """A section's sentences, without its table (table text repeats by design) and with
    numbers masked (a copied text changes its year and its counts, nothing else)."""
    flat = re.sub(r"\s+", "", text)
    sentences = [
        s for s in re.findall(r"[^。]{10,}?。", flat)
        if len(re.findall(r"\d", s)) <= 0.2 * len(s)
    ]
    return re.sub(r"\d+", "#", "".join(sentences))


def copied_text(cur: Report, prev: Report) -> list[Finding]:
    out = []
    prev_secs = {s.id: s for s in prev.sections if s.found}
    for sec in cur.sections:
        last = prev_secs.get(sec.id)
        if not sec.found or last is None:
            continue
        a, b = _prose(sec.text), _prose(last.text)
        if min(len(a), len(b)) < COPY_MIN_CHARS:
            continue
        ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
        if ratio >= COPY_SIMILARITY:
            out.append(
                Finding(
                    rule="copied_text",
                    severity=default_severity("copied_text"),
                    message=f"“{sec.title}”与 {prev.year} 年度报告的同一部分相似度 {ratio:.0%}，几乎逐字照搬。",
                    expected=None,
                    actual=round(ratio, 3),
                    loc=sec.loc,
                )
            )
    return out


CROSS_YEAR_RULES = (carry_over, in_force_rollforward, year_jumps, copied_text)


def cross_year_findings(cur: Report, prev: Report) -> list[Finding]:
    """Every cross-year rule on one (this year, last year) pair."""
    return [f for rule in CROSS_YEAR_RULES for f in rule(cur, prev)]


def apply_cross_year(current: list[Report], previous: list[Report]) -> None:
    """Add cross-year findings to each current report that has last year's at hand."""
    for cur, prev in pair_years(current, previous):
        cur.findings.extend(cross_year_findings(cur, prev))
