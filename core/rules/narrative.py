"""Checks on the report's prose: 共N…其中… lists, and numbers stated against the table.

Real wording varies; a false alarm costs a reviewer as much as a missed fault. So a
claim is compared only when its subject is clear, and where the sentence speaks of a
wider or different scope (全市, 各部门, 备案, 代表…) a mismatch is a warning quoting it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.extract.stated import Claim, claims, other_scope
from core.model import Finding, Severity

if TYPE_CHECKING:
    from core.review import ReviewContext

# Sentence ends; a line break ends one only before a heading, a table line or a blank line
# (PDF-to-text conversions wrap lines in mid-sentence).
_SENTENCE_END = re.compile(
    r"[。!?]|\n\s*\n|\n(?=\s*(?:[一二三四五六七八九十]+[、.]|\(|#|\||\d+[.、]|[-*] ))"
)
# Whose figure a sentence gives (resources/rules/scope.toml): another scope's or another
# moment's count may differ from this report's table — a note, not an alarm.
# A sentence that speaks for another body (代表…受理) or of another register (备案) may be
# right and the table too; a mismatch is for the reviewer to look at.
_SCOPE = re.compile(r"备案|代表")
# Words that tie a count or a negation to another object than the table's applications
# and cases: 补正材料, 投诉, 建议/提案, visitors, hotline calls, petitions.
_OTHER_OBJECT = re.compile(
    r"补正|投诉|举报|建议|提案|人次|访问|浏览|点击|信访|热线|12345|来信|来访|留言|诉求|咨询|意见"
)
# Words that make the number a change or a share, not a count.
_DELTA = re.compile(r"较|同比|环比|比上年|比去年|增加|增长|减少|下降|上升|持平|占比|百分比|占")


@dataclass
class Sentence:
    text: str
    start: int  # normalised offset


def sentences(ctx: ReviewContext) -> Iterator[Sentence]:
    """The prose, sentence by sentence. The tables' own text is not prose, and a sentence
    that runs into a table (glued pages have no full stop before it) ends there."""
    text = ctx.norm.text[: ctx.body_end]
    spans = sorted(ctx.table_spans.values())
    pos = 0
    for a, b in [*spans, (len(text), len(text))]:
        if a > pos:
            yield from _split(text, pos, min(a, len(text)))
        pos = max(pos, b)


def _split(text: str, start: int, end: int) -> Iterator[Sentence]:
    pos = start
    for m in _SENTENCE_END.finditer(text[start:end] + "\n"):
        s, e = pos, start + m.start()
        pos = start + m.end()
        if e - s >= 4:
            yield Sentence(text[s:e], s)


# --- 共N…其中… ---------------------------------------------------------------------------

_UNIT = r"(条|件|项|个|篇|次|份)"
# "共N条，其中…" and "在…的N条政府信息中，…"
_TOTAL_BEFORE_LIST = re.compile(
    r"(\d+)\s*(余|多)?\s*" + _UNIT + r"(?:[^\d,。;]{0,6}?[,:]?\s*\(?\s*其中|[^\d,。;]{0,10}?中\s*[,:])\s*[,:]?"
)
_BRACKETED = re.compile(r"\([^()]*\)")




def _joined(ctx: ReviewContext) -> Iterator[Sentence]:
    """Sentences, with "。其中…" joined to the sentence whose total it breaks down."""
    prev: Sentence | None = None
    for sent in sentences(ctx):
        if prev is not None and sent.text.lstrip().startswith("其中"):
            # The last count outside brackets: "1191件(含上年结转189件)" breaks down 1191.
            outside = _BRACKETED.sub(lambda b: " " * len(b.group(0)), prev.text)
            last = list(re.finditer(r"(\d+)\s*" + _UNIT, outside))
            if last:
                head = _sentence_total(outside, last)
                glue = prev.text[head.start() : head.end()] + ","
                offset = sent.start - len(glue)
                yield Sentence(glue + sent.text.lstrip(), offset)
                prev = sent
                continue
        yield sent
        prev = sent


# "收到申请共计12件，涉及政策类2件、机构类3件、备案类7件。其中，…": the sentence's total
# stands after 共/共计/合计/总计, and the counts after it are a list of its kinds.
_TOTAL_WORD = re.compile(r"(?:共计|共|合计|总计)\s*(?:收到|受理|办理|办结)?[^\d,。;]{0,12}?$")
_LIST_INTRO = re.compile(r"^\s*[,:]?\s*(?:涉及|包括|分别为|分别是|主要为|主要是|按[^\d,]{1,6}分)")


def _sentence_total(text: str, counts: list[re.Match[str]]) -> re.Match[str]:
    """The count a following 其中 list breaks down: the last count, unless an earlier one
    is the sentence's total (共/共计/合计/总计 N) and every count after it is a list of
    its kinds — introduced as one (涉及/包括/分别为…) or adding up to it."""
    for i, m in enumerate(counts[:-1]):
        if not _TOTAL_WORD.search(text[: m.start()][-16:]):
            continue
        after = counts[i + 1 :]
        if after[0].group(2) != m.group(2):
            continue
        # The kinds stand one after another, each in a short clause: no new verb between.
        gaps = [text[a.end() : b.start()] for a, b in zip([m, *after[:-1]], after, strict=True)]
        if any(re.search(r"[。;]", g) for g in gaps):
            continue
        if _LIST_INTRO.match(gaps[0]) or sum(int(a.group(1)) for a in after) == int(m.group(1)):
            return m
    return counts[-1]


def narrative_sums(ctx: ReviewContext) -> list[Finding]:
    out = []
    for sent in _joined(ctx):
        for m in _TOTAL_BEFORE_LIST.finditer(sent.text):
            if m.group(2):  # 18954余条: an approximate total adds up to nothing
                continue
            total = int(m.group(1))
            unit = m.group(3)
            rest = sent.text[m.end() :]
            if "(" in m.group(0) and ")" in rest:  # "14件(其中…)": the list ends with the bracket
                rest = rest[: rest.index(")")]
            rest = _list_segments(rest)
            nested = rest.find("其中")
            if nested >= 0:
                # The clause before a nested 其中 is a sub-total: still a part here.
                rest = rest[:nested]
            parts, exhaustive = _parts(rest, unit, total)
            if len(parts) < 2:
                continue
            s = sum(parts)
            if s == total:
                continue
            # "在…的N条信息中，A类x条…" lists the main kinds: short of N is no contradiction.
            # Shares given with the items say whether the list claims to be complete.
            shares = sum(float(x) for x in re.findall(r"(?:占|\()\s*(\d+(?:\.\d+)?)\s*%", rest))
            closed_by_shares = shares >= 97
            partial_list = not closed_by_shares and (
                "等" in rest or "包括" in re.sub(r"\s", "", rest)[:6] or nested >= 0 or "其中" not in m.group(0) or 0 < shares < 97
            )
            # "其中包括：A 13件；B 2件；C、D 以及…": examples picked from the total, some not
            # counted at all — falling short of it contradicts nothing.
            if s < total and "包括" in re.sub(r"\s", "", rest)[:6] and not closed_by_shares:
                continue
            severity: Severity = "warning" if partial_list and s < total else "error"
            quote = sent.text.strip()
            out.append(
                Finding(
                    rule="narrative_sum",
                    severity=severity,
                    message=f"正文称共 {total}{unit}，但所列各项之和为 {'+'.join(map(str, parts))} = {s}{unit}"
                    f"{'（所列为部分项目，以“等”结尾）' if partial_list else ''}：“{quote[:120]}”",
                    expected=s,
                    actual=total,
                    loc=ctx.loc(sent.start + m.start(), sent.start + min(len(sent.text), m.end() + len(rest))),
                    quote=quote,
                )
            )
    return out


# "主动公开政府信息的主要类别有：机构职能类信息594条，…，其他应主动公开的信息946条": a list
# of the kinds of what was published, closed by 其他, whose total stood sentences before
# ("2014年主动公开政府信息2543条。其中，…").
_KINDS_LIST = re.compile(r"主动公开[^。\d]{0,12}?(?:主要)?类别(?:有|包括|为)?\s*[:：]?")
_PUBLISHED = re.compile(r"主动公开(?:政府)?信息\s*(\d+)\s*条")
KINDS_LOOKBACK = 6  # sentences before the list where its total may stand
KINDS_MIN_ITEMS = 4


def kinds_lists(ctx: ReviewContext) -> list[Finding]:
    """A closed list of kinds of published information (其他 among them) adding up to more
    than every 主动公开 count stated just before it. Short of the largest is no finding:
    such a list may cover part of the body (各工作部门, not 各乡镇)."""
    out = []
    sents = list(sentences(ctx))
    for i, sent in enumerate(sents):
        m = _KINDS_LIST.search(sent.text)
        if m is None or _TOTAL_BEFORE_LIST.search(sent.text):
            continue  # a list with its own total ("在主动公开的90条政府信息中，…") is narrative_sums'
        rest = _list_segments(sent.text[m.end() :])
        parts, closed = _parts(rest, "条", -1)
        if len(parts) < KINDS_MIN_ITEMS or not closed:
            continue
        totals = [int(x) for before in sents[max(0, i - KINDS_LOOKBACK) : i] for x in _PUBLISHED.findall(before.text)]
        if not totals:
            continue
        whole, added = max(totals), sum(parts)
        if added in totals or added <= whole:
            continue
        quote = sent.text.strip()
        out.append(
            Finding(
                rule="narrative_sum",
                severity="error",
                message=f"正文所列主动公开信息的各类别（含“其他”）之和为 {'+'.join(map(str, parts))} = {added} 条，"
                f"多于前文所述的主动公开总数 {whole} 条：“{quote[:120]}”",
                expected=added,
                actual=whole,
                loc=ctx.loc(sent.start + m.start(), sent.start + len(sent.text)),
                quote=quote,
            )
        )
    return out


def _list_segments(rest: str) -> str:
    """Items may be set off by semicolons; a segment that starts a new total, or drops
    the shape the list had (each item with its share in %), ends the list."""
    segments = rest.split(";")
    kept = [segments[0]]
    for seg in segments[1:]:
        if re.search(r"^\s*共|合计|总计|其中|累计", seg) or ("%" in segments[0] and "%" not in seg):
            break
        kept.append(seg)
    return ",".join(kept)


def _parts(rest: str, unit: str, total: int) -> tuple[list[int], bool]:
    """The numbers of a 其中 list: one per clause, in the total's unit (or none)."""
    # "(政府预决算32条、部门预决算165条)" details a part; it is not a part itself.
    rest = _BRACKETED.sub("", rest)
    parts: list[int] = []
    exhaustive = False
    for clause in re.split(r"[,、]", rest):
        clause = clause.strip()
        # A cumulative figure, a share, or a restatement of the total is not a part.
        if not clause or re.search(r"累计|历年|%|占", clause):
            continue
        pm = re.search(r"(\d+)\s*" + _UNIT + r"?\s*(等)?\s*$", clause)
        if pm and "共" in clause and int(pm.group(1)) == total:
            continue  # "…信息数共90条": the total said again
        if pm and pm.group(2) and pm.group(2) != unit:
            if parts:
                break  # a count of something else (…2次): the list has ended
            continue
        if not pm:
            continue
        if re.search(r"\d{4}\s*年\s*$", clause):
            continue
        parts.append(int(pm.group(1)))
        exhaustive = exhaustive or bool(re.search(r"其他|其它|其余", clause))
    return parts, exhaustive


# --- numbers in the text against the table ----------------------------------------------


_ALL_UPHELD = re.compile(r"(?:复议|诉讼)[^。]{0,24}?均(?:获|被|予以|得到)?(?:维持|支持)")


def _expand(ctx: ReviewContext, cells: tuple[tuple[str, str, str], ...]) -> list[tuple[str, str, str]]:
    """Cells with "row.*" expanded to the format's rows under it (a row the report lacks
    stays in, so its sum is unknown rather than short)."""
    out = []
    for table, row, col in cells:
        if not row.endswith("*"):
            out.append((table, row, col))
            continue
        tdef = ctx.fmt.tables.get(table) if ctx.fmt else None
        if tdef is None:
            continue
        present = ctx.report.tables.get(table, {})
        for r in tdef.rows:
            if not r.id.startswith(row[:-1]):
                continue
            if r.replaces and (r.id not in present or any(x in present for x in r.replaces)):
                continue  # a fallback row not used by this report
            if any(f.id in present and r.id in f.replaces for f in tdef.rows):
                continue  # stood for by the report's fallback row
            out.append((table, r.id, col))
    return out


def _table_value(ctx: ReviewContext, cells: tuple[tuple[str, str, str], ...]) -> int | float | None:
    """The sum of the cells; None when one is unreadable. A blank (a report that leaves its
    zeros blank) counts as 0, and a blank 总计 as the sum of its row — such a comparison is
    flagged by ``_blanks_used``."""
    total: float = 0
    expanded = _expand(ctx, cells)
    if not expanded:
        return None
    for table, row, col in expanded:
        value = _cell_value(ctx, table, row, col)
        if value is None:
            return None
        total += value
    return int(total) if float(total).is_integer() else total


def _cell_value(ctx: ReviewContext, table: str, row: str, col: str) -> float | None:
    cells = ctx.report.tables.get(table, {}).get(row)
    if not cells or col not in cells:
        return None
    cell = cells[col]
    if cell.value is not None:
        return float(cell.value)
    if cell.status not in ("blank", "placeholder"):
        return None
    if col == "total":
        others = [c for k, c in cells.items() if k != "total"]
        if all(c.value is not None or c.status in ("blank", "placeholder") for c in others):
            return float(sum(c.value or 0 for c in others))
        return None
    return 0.0


def _blanks_used(ctx: ReviewContext, cells: tuple[tuple[str, str, str], ...]) -> bool:
    for table, row, _ in _expand(ctx, cells):
        if any(c.value is None for c in ctx.report.tables.get(table, {}).get(row, {}).values()):
            return True
    return False


def all_upheld(ctx: ReviewContext) -> list[Finding]:
    """"复议7件、诉讼9件，均获维持" while the table shows corrected, other or pending cases."""
    rows = ctx.report.tables.get("reviews")
    if not rows:
        return []
    out = []
    for sent in sentences(ctx):
        m = _ALL_UPHELD.search(sent.text)
        if not m:
            continue
        others = []
        for row_id, cols in rows.items():
            for col in ("corrected", "other", "pending"):
                cell = cols.get(col)
                if cell is not None and cell.value:
                    others.append((row_id, col, cell))
        if others:
            labels = {"corrected": "结果纠正", "other": "其他结果", "pending": "尚未审结"}
            rows_cn = {"review": "行政复议", "litigation_direct": "直接起诉的行政诉讼",
                       "litigation_after_review": "复议后起诉的行政诉讼"}
            detail = "、".join(f"{rows_cn.get(r, r)}{labels[c]} {cell.value} 件" for r, c, cell in others)
            out.append(
                Finding(
                    rule="narrative_table",
                    severity="warning",
                    message=f"正文称复议、诉讼“均获维持”，但表中有{detail}：“{sent.text.strip()[:120]}”",
                    table="reviews",
                    cells=[(r, c) for r, c, _ in others],
                    loc=ctx.loc(sent.start + m.start(), sent.start + m.end()),
                    quote=sent.text.strip(),
                )
            )
        break
    return out


def narrative_vs_table(ctx: ReviewContext) -> list[Finding]:
    if not ctx.report.tables:
        return []
    out: list[Finding] = []
    seen: set[tuple[str, int]] = set()
    for sent in sentences(ctx):
        for claim in claims():
            for m in claim.pattern.finditer(sent.text):
                if claim.zero:
                    # "未发生行政复议、行政诉讼" but not "未发生…，复议3件", nor
                    # "未发生…被行政复议纠错或行政诉讼败诉" (that speaks of outcomes).
                    if re.search(r"\d", sent.text[m.start() : m.end()]):
                        continue
                    if re.search(r"败诉|纠错|纠正|撤销|确认违法", sent.text[m.start() : m.end() + 8]):
                        continue
                    # "未收到该申请人提交的补正材料": the negation is about something else.
                    if _OTHER_OBJECT.search(sent.text[m.start() : m.end() + 6]):
                        continue
                    stated: int = 0
                else:
                    number = next(i for i, g in enumerate(m.groups(), 1) if g is not None)
                    # "收到投诉申请3件", "申请量较上年增加3件": a count of another thing, or a change.
                    lead = sent.text[m.start() : m.start(number)]
                    if _OTHER_OBJECT.search(lead) or _DELTA.search(lead):
                        continue
                    stated = int(m.group(number))
                table_value = _table_value(ctx, claim.cells)
                if table_value is None:
                    glued = _glued_run_contradicts(ctx, claim, stated)
                    if glued is not None and (claim.what, sent.start) not in seen:
                        seen.add((claim.what, sent.start))
                        out.append(_glued_finding(ctx, claim, sent, m, stated, *glued))
                    continue
                key = (claim.what, sent.start)
                if key in seen:
                    continue
                breakdown = _breakdown(ctx, claim, sent.text[m.end() :]) if not claim.zero else []
                if table_value == stated and not breakdown:
                    continue
                seen.add(key)
                f = _claim_finding(ctx, claim, sent, m, stated, table_value)
                if breakdown:
                    f.cells.extend(("new_received", col) for col, _, _ in breakdown)
                    detail = "；".join(f"{label}正文 {said} 件、表中 {value} 件" for _, said, value, label in
                                      ((c, a, b, _BREAKDOWN_LABEL[c]) for c, a, b in breakdown))
                    if table_value == stated:
                        f.message = f"正文所述各类申请人的件数与表中本年新收不符（{detail}）：“{sent.text.strip()[:120]}”"
                    else:
                        f.message += f"（分项：{detail}）"
                out.append(f)
    return out


_BREAKDOWN = (
    ("natural_person", r"自然人(?:申请)?\s*(\d+)\s*件", ("natural_person",)),
    ("commercial", r"商业企业(?:申请)?\s*(\d+)\s*件", ("commercial",)),
    ("research", r"科研机构(?:申请)?\s*(\d+)\s*件", ("research",)),
    ("social_welfare", r"社会公益组织(?:申请)?\s*(\d+)\s*件", ("social_welfare",)),
    ("legal_service", r"法律服务机构(?:申请)?\s*(\d+)\s*件", ("legal_service",)),
    ("other_org", r"法人或其他组织(?:申请)?\s*(\d+)\s*件",
     ("commercial", "research", "social_welfare", "legal_service", "other_org")),
)
_BREAKDOWN_LABEL = {"natural_person": "自然人", "commercial": "商业企业", "research": "科研机构",
                    "social_welfare": "社会公益组织", "legal_service": "法律服务机构", "other_org": "法人或其他组织"}


def _breakdown(ctx: ReviewContext, claim: Claim, after: str) -> list[tuple[str, int, float]]:
    """"收到申请75件，涉及自然人72件、商业企业3件": each kind against 本年新收."""
    if claim.what != "收到申请":
        return []
    after = re.split(r"[;]|办结|答复|结转", after)[0]
    out = []
    for key, rx, cols in _BREAKDOWN:
        m = re.search(rx, after)
        if not m:
            continue
        value = _table_value(ctx, tuple(("applications", "new_received", c) for c in cols))
        if value is not None and value != int(m.group(1)):
            out.append((key, int(m.group(1)), value))
    return out


def _glued_run_contradicts(ctx: ReviewContext, claim: Claim, stated: int) -> tuple[str, str, str] | None:
    """A claim on one cell that sits in a run of glued digits (ambiguous_digits): (row,
    column, run) when no way of cutting the run gives the cell the stated number — the
    text then contradicts the table however the run is read. None when some cut fits, or
    the claim is not of that kind."""
    cells = _expand(ctx, claim.cells)
    if len(cells) != 1 or claim.zero:
        return None
    table, row, col = cells[0]
    cols = ctx.report.tables.get(table, {}).get(row, {})
    cell = cols.get(col)
    if cell is None or cell.status != "ambiguous" or not cell.raw.isdigit():
        return None
    order = list(cols)
    k, n, run, said = order.index(col), len(order), cell.raw, str(stated)
    # Every cell of the run has at least one digit: k cells before this one, n-k-1 after.
    for start in range(k, len(run) - len(said) + 1):
        if run[start : start + len(said)] == said and len(run) - start - len(said) >= n - k - 1:
            return None  # this cut fits
    return row, col, run


def _glued_finding(
    ctx: ReviewContext, claim: Claim, sent: Sentence, m: re.Match[str], stated: int, row: str, col: str, run: str
) -> Finding:
    quote = sent.text.strip()
    # The table's own figure is unknown: a contradiction, not a number to put right. A
    # figure of another scope or moment (清理后集中发布…) contradicts nothing: a note.
    scope = other_scope(ctx.report.agency, sent.text, m.end())
    severity: Severity = "info" if scope else "warning"
    said = (f"该句说的是另一范围或另一时点（“{scope}”），不是本机关的年末数，仅供参考"
            if scope else "无论怎样拆分，该单元格都不可能是 " + str(stated))
    return Finding(
        rule="narrative_table",
        severity=severity,
        message=f"正文称{claim.what} {stated} 件，表中该行的数字粘连为“{run}”；{said}：“{quote[:120]}”",
        table=claim.cells[0][0],
        cells=[(row, col)],
        expected=None,
        actual=stated,
        loc=ctx.loc(sent.start + m.start(), sent.start + m.end()),
        quote=quote,
    )


def _claim_finding(
    ctx: ReviewContext, claim: Claim, sent: Sentence, m: re.Match[str], stated: int, table_value: float
) -> Finding:
    quote = sent.text.strip()
    cells = [(row, col) for _, row, col in _expand(ctx, claim.cells)]
    table = claim.cells[0][0]
    carried = _table_value(ctx, (("applications", "carried_over", "total"),))
    if claim.what == "收到申请" and carried and stated == table_value + carried:
        severity: Severity = "warning"
        why = f"正文的“收到申请 {stated} 件”把上年结转的 {carried} 件也算作收到（表中本年新收为 {table_value} 件）"
    elif _SCOPE.search(sent.text):
        severity = "warning"
        why = f"正文称{claim.what} {stated} 件，表中为 {table_value} 件；该句的统计范围可能不同，请核实"
    elif (scope := other_scope(ctx.report.agency, sent.text, m.end())) is not None:
        severity = "info"
        why = (f"正文称{claim.what} {stated} 件，表中为 {table_value} 件；该句说的是另一范围或另一时点"
               f"（“{scope}”），不一定与本机关本年度的表格可比")
    else:
        severity = "error"
        said = "没有" if claim.zero else f"{stated} 件"
        why = f"正文称{claim.what}{said}，与表中的 {table_value} 件不符"
    if _blanks_used(ctx, claim.cells) and severity == "error":
        severity = "warning"
        why += "（表中空白按 0 计）"
    return Finding(
        rule="narrative_table",
        severity=severity,
        message=f"{why}：“{quote[:120]}”",
        table=table,
        cells=cells,
        expected=table_value,
        actual=stated,
        loc=ctx.loc(sent.start + m.start(), sent.start + m.end()),
        quote=quote,
    )
