"""Checks against the rules of the game: parts present, format in force, deadline, fee."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from core.batch.deadlines import load_deadlines, publisher_kind, statutory_deadline
from core.formats import format_in_force, load_formats
from core.model import Finding
from core.rules.registry import default_severity

if TYPE_CHECKING:
    from core.review import ReviewContext

# A body that says only this says nothing.
_EMPTY_BODY = re.compile(r"^[\s。.,、:;]*(无|没有|暂无|无其他需要报告的事项|无需要报告的事项)?[\s。.,、:;]*$")


def sections_missing_or_empty(ctx: ReviewContext) -> list[Finding]:
    fmt = ctx.fmt
    if fmt is None:
        return []
    out = []
    for sec in ctx.found_sections:
        if sec.start is None:
            out.append(
                Finding(
                    rule="section_missing",
                    severity=default_severity("section_missing"),
                    message=f"未找到“{sec.title}”部分（{fmt.name}）。",
                    section=sec.id,
                )
            )
            continue
        if sec.id in ("other",):
            continue  # "无" is a fair answer to 其他需要报告的事项
        body = ctx.section_text(sec.id)
        # The part's own heading words are not content.
        body_wo_title = re.sub(r"^[^\n。]{0,20}?(情况|措施|事项)", "", body.strip(), count=1)
        if _EMPTY_BODY.match(body_wo_title):
            out.append(
                Finding(
                    rule="section_empty",
                    severity=default_severity("section_empty"),
                    message=f"“{sec.title}”部分没有实质内容（只写了“{body_wo_title.strip()[:20] or '（空）'}”）。",
                    loc=ctx.loc(sec.start, sec.end or sec.start),
                    section=sec.id,
                )
            )
    return out


def template_outdated(ctx: ReviewContext) -> list[Finding]:
    rep = ctx.report
    if rep.year is None or rep.template not in load_formats() or not ctx.format_confident:
        return []
    due = format_in_force(rep.year)
    used = load_formats()[rep.template]
    if due is None or due.id == used.id or used.in_force_from > due.in_force_from:
        return []
    if not used.tables and not due.tables:
        return []
    return [
        Finding(
            rule="template_outdated",
            severity=default_severity("template_outdated"),
            message=f"{rep.year}年度报告应使用{due.name}，但表格采用的是{used.name}。",
            expected=due.id,
            actual=used.id,
        )
    ]


def deadline_for(year: int, agency: str | None = None, title: str = "") -> dt.date:
    """The statutory deadline for the report of ``year`` by ``agency`` (resources/rules/
    deadlines.toml; without an agency, a department's)."""
    return statutory_deadline(year, publisher_kind(agency, title)).date


def reg_one_date(year: int) -> bool:
    """The regulation for ``year`` sets one date for every kind of body (2008)."""
    return len(set(load_deadlines().regulation(year).due.values())) == 1


def _title(ctx: ReviewContext) -> str:
    """The report's opening lines, where its title says whose report it is."""
    return ctx.norm.text[:200]


def late_publication(ctx: ReviewContext) -> list[Finding]:
    rep = ctx.report
    if rep.year is None or rep.published is None:
        return []
    try:
        published = dt.date.fromisoformat(rep.published)
    except ValueError:
        return []
    kind = publisher_kind(rep.agency, _title(ctx))
    deadline = statutory_deadline(rep.year, kind)
    if published <= deadline.date:
        return []
    days = (published - deadline.date).days
    choice = ctx.published_choice
    where = ""
    loc = None
    if choice is not None and choice.chosen.date == rep.published:
        c = choice.chosen
        where = f"（采用{'报告落款' if c.kind == 'signature' else '正文' if c.kind == 'body' else '标注的“' + c.label + '”'}：“{c.quote.strip()}”）"
        loc = ctx.loc(*c.span)
        if choice.others:
            others = "；".join(f"{o.label}“{o.quote.strip()}”" for o in choice.others[:3])
            where += f"；文中另有日期 {others}，请核实以哪个为准"
    who = load_deadlines().kind_names.get(kind, "") if kind else ""
    return [
        Finding(
            rule="late_publication",
            severity=default_severity("late_publication"),
            message=f"{rep.year}年度报告的发布日期为 {rep.published}{where}，晚于法定期限 {deadline.date.isoformat()}"
            f" {days} 天。适用的期限：{deadline.basis}"
            + (f"，发布机关“{rep.agency}”视为{who}" if who and rep.agency and not reg_one_date(rep.year) else "")
            + f"：{deadline.why}。",
            expected=deadline.date.isoformat(),
            actual=rep.published,
            loc=loc,
            quote=choice.chosen.quote.strip() if choice is not None and loc is not None else None,
        )
    ]


_FEE = re.compile(r"信息处理费|处理费|收费标准.{0,10}信息公开|信息公开.{0,10}收费|收取.{0,8}费用")


def fee_disclosure_missing(ctx: ReviewContext) -> list[Finding]:
    fmt = ctx.fmt
    if fmt is None or not fmt.fee_disclosure:
        return []
    other = ctx.section("other")
    body = ctx.section_text("other") if other else ctx.norm.text[: ctx.body_end]
    if re.search(r"信息处理费|处理费", body):
        return []
    where = "“六、其他需要报告的事项”" if other else "全文（未找到第六部分）"
    loc = ctx.loc(other.start, other.end or other.start) if other and other.start is not None else None
    return [
        Finding(
            rule="fee_disclosure_missing",
            severity=default_severity("fee_disclosure_missing"),
            message=f"{where}未说明信息处理费（政府信息公开信息处理费）的收取情况，2021年格式要求在此报告；"
            "“行政事业性收费”是另一回事，不能代替。",
            loc=loc,
            section="other",
        )
    ]
