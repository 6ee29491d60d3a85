"""Rules across years of one agency: carry-over, roll-forward, jumps, copied text.

Reports are paired when they belong to one series (``group_key``: the normalised agency,
else the file name) and have consecutive years, whether they were given together or last
year's came with ``--previous``; a reviewer may pair or unpair by hand (``pair_years``'s
``manual``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePath

from core.formats import cell_label, load_formats
from core.model import Cell, Finding, Report
from core.ocr_review import soften_pair
from core.reuse import DEFAULT, Thresholds, copied_shares, report_ref, tables_equal
from core.rules.registry import default_severity

JUMP_FACTOR = 5
JUMP_MIN = 20  # small counts jump fivefold for no reason worth a reviewer's time


# Suffixes naming the body's office rather than the body: 洪泽区人民政府 and its 办公室
# publish one series. Longest first.
_AGENCY_SUFFIXES = (
    "人民政府办公室",
    "人民政府办公厅",
    "人民政府",
    "管理委员会",
    "管委会",
    "办公室",
    "办公厅",
)
# A leading 省/市 (or 自治区/州/盟) before a name that is itself a place: 淮安市洪泽区 → 洪泽区.
_PLACE_PREFIX = re.compile(r"^[\u4e00-\u9fff]{1,7}?(?:省|自治区|市|自治州|盟|地区)(?=[\u4e00-\u9fff]{2})")
_PLACE = re.compile(r"^[\u4e00-\u9fff]{1,8}?(?:区|县|市|旗|镇|乡|街道)$")
# Remainders too generic to stand alone (every city has a 工业园区).
_GENERIC_PLACE = re.compile(r"^(?:经济|开发|高新|工业|技术|保税|新区|城区|郊区|矿区|市区|县城)")
_VARIANTS = (("综合试验区", "综合实验区"),)


def _agency_base(name: str) -> str:
    """The name without spaces, brackets' content and the office suffixes."""
    key = re.sub(r"[(（][^()（）]*[)）]", "", name)
    key = re.sub(r"[\s()（）·•]", "", key)
    for a, b in _VARIANTS:
        key = key.replace(a, b)
    changed = True
    while changed:
        changed = False
        for suffix in _AGENCY_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key = key[: -len(suffix)]
                changed = True
    return key


def agency_key(name: str | None) -> str | None:
    """One key for one body however its name is written: 洪泽区人民政府 and 淮安市洪泽区人民政府
    → 洪泽区; 平潭综合实验区管委会 → 平潭综合实验区; but 淮安市人民政府 → 淮安市 (a city is not
    its district) and 淮安市交通运输局 keeps its city (交通运输局 alone names no body)."""
    if not name:
        return None
    key = _agency_base(name)
    while True:
        m = _PLACE_PREFIX.match(key)
        if not m:
            break
        rest = key[m.end() :]
        if not _PLACE.match(rest) or _GENERIC_PLACE.match(rest):
            break
        key = rest
    return key or None


def _full_key(name: str) -> str:
    return _agency_base(name)


def group_key(report: Report) -> str:
    """Which series a report belongs to: its agency's key, else its file name without the
    year (and without "excerpt"/"年报" words), else its folder — never one lump for all
    reports without a recognised agency."""
    key = agency_key(report.agency)
    if key:
        return key
    path = PurePath(report.file)
    stem = re.sub(r"(?:19|20)\d{2}\s*年?(?:度)?", " ", path.stem)
    stem = re.sub(r"(?i)excerpt|traditional|政府信息公开|工作|年度|年报|报告|report", " ", stem)
    stem = re.sub(r"[\s_\-.()（）]+", "-", stem).strip("-").lower()
    if len(stem) >= 2:
        return f"file:{stem}"
    return f"folder:{path.parent.as_posix() or '.'}"


def _series_keys(reports: list[Report]) -> dict[int, str]:
    """group_key per report, except where two bodies share a short key (鼓楼区 of 福州市 and
    of 南京市 among the same reports): those keep their full names."""
    keys = {id(r): group_key(r) for r in reports}
    fulls: dict[str, set[str]] = {}
    for r in reports:
        if r.agency and agency_key(r.agency):
            fulls.setdefault(keys[id(r)], set()).add(_full_key(r.agency))
    clash = set()
    for short, names in fulls.items():
        # 洪泽区 and 淮安市洪泽区 are one body (one ends the other); 福州市鼓楼区 and
        # 南京市鼓楼区 are two.
        if any(not (a.endswith(b) or b.endswith(a)) for a in names for b in names):
            clash.add(short)
    for r in reports:
        if keys[id(r)] in clash and r.agency:
            keys[id(r)] = _full_key(r.agency)
    return keys


def series_keys(reports: list[Report]) -> dict[str, str]:
    """sha256 → series key for the overview and the comparison: the same grouping
    ``pair_years`` uses (agency key, full name where two bodies share a short one, file
    name for reports without an agency)."""
    keys = _series_keys(reports)
    return {r.sha256: keys[id(r)] for r in reports}


def pair_years(
    current: list[Report], previous: list[Report], manual: Mapping[str, str | None] | None = None
) -> list[tuple[Report, Report]]:
    """(this year, last year) pairs among all reports given.

    Automatic: same series (``group_key``) and consecutive years. ``manual`` maps a current
    report's sha256 to the sha256 of the report the reviewer paired it with, or to None
    when the reviewer unpaired it; it overrides the automatic pairing for that report.
    """
    manual = manual or {}
    everyone = [r for r in [*previous, *current] if not r.error]
    keys = _series_keys(everyone)
    by_sha = {r.sha256: r for r in everyone}
    # Two versions of last year's report (core/versions): the latest published (else the one
    # added last) is the one this year's is compared with.
    added = {id(r): i for i, r in enumerate(everyone)}
    latest_last = sorted(everyone, key=lambda r: (r.published or "9999", added[id(r)]))
    pool = {(keys[id(r)], r.year): r for r in latest_last if r.year}
    pairs = []
    for rep in current:
        if rep.error:
            continue
        if rep.sha256 in manual:
            chosen = manual[rep.sha256]
            prev = by_sha.get(chosen) if chosen else None
        elif rep.year:
            prev = pool.get((keys[id(rep)], rep.year - 1))
        else:
            prev = None
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
            soften_pair(
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
                ),
                cur,
                prev,
                [("applications", "carry_forward", col)],
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
            soften_pair(
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
                ),
                cur,
                prev,
                [("article20", row, "in_force")],
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
                        soften_pair(
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
                            ),
                            cur,
                            prev,
                            [(table, row, col)],
                        )
                    )
    return out


def copied_text(cur: Report, prev: Report, thresholds: Thresholds = DEFAULT) -> list[Finding]:
    """Parts of this year's report largely found in the same body's previous report: the
    share of the part's prose (boilerplate out, numbers masked) found there (core/reuse)."""
    out = []
    for hit in copied_shares(cur, prev, thresholds):
        sec = next((s for s in cur.sections if s.id == hit.part.section), None)
        out.append(
            Finding(
                rule="copied_text",
                severity=default_severity("copied_text"),
                message=f"“{hit.part.title}”去除套话后的文字有 {hit.share:.0%} 见于 {prev.year} 年度报告"
                f"（{prev.file}），几乎照搬上年。例：“{hit.excerpt}”",
                section=hit.part.section,
                expected=None,
                actual=hit.share,
                loc=sec.loc if sec else None,
                source=report_ref(prev),
                share=hit.share,
                reuse={"excerpt": hit.excerpt},
            )
        )
    return out


def tables_unchanged(cur: Report, prev: Report, thresholds: Thresholds = DEFAULT) -> list[Finding]:
    """Every table cell the same as last year's while the year differs (core/reuse)."""
    same = tables_equal(cur, prev, thresholds)
    if same is None:
        return []
    n, nonzero = same
    return [
        Finding(
            rule="tables_unchanged",
            severity=default_severity("tables_unchanged"),
            message=f"表格中全部 {n} 个单元格（非零 {nonzero} 个）与 {prev.year} 年度报告（{prev.file}）完全相同，"
            f"而年度不同，疑为照搬上年表格。",
            expected=None,
            actual=n,
            source=report_ref(prev),
            share=1.0,
        )
    ]


CROSS_YEAR_RULES = (carry_over, in_force_rollforward, year_jumps, copied_text, tables_unchanged)


def cross_year_findings(cur: Report, prev: Report, thresholds: Thresholds = DEFAULT) -> list[Finding]:
    """Every cross-year rule on one (this year, last year) pair; ``thresholds`` are the reuse
    rules' (the reviewer's changes over rules.toml's defaults)."""
    out = [f for rule in (carry_over, in_force_rollforward, year_jumps) for f in rule(cur, prev)]
    return out + copied_text(cur, prev, thresholds) + tables_unchanged(cur, prev, thresholds)


def apply_cross_year(
    current: list[Report],
    previous: list[Report],
    manual: Mapping[str, str | None] | None = None,
    thresholds: Thresholds = DEFAULT,
) -> None:
    """Add cross-year findings to each current report that has last year's at hand."""
    for cur, prev in pair_years(current, previous, manual):
        cur.findings.extend(cross_year_findings(cur, prev, thresholds))
