"""A report's outline when it follows none, or when the file stops half-way.

Two things a heading-by-heading check gets wrong:
- a report that follows no prescribed outline (a one-page township report of 2008 with no
  headings at all): "unknown" must not mean "no findings". It gets ``outline_unrecognised``
  and its required parts are checked by what its text speaks of;
- a file cut off in mid-sentence (a saved excerpt, a truncated page): every part after the
  cut would be "missing", with its table and the fee note. The reviewer needs one finding
  that says where the text stops and what is not there, not ten.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.formats import FormatDef, format_in_force, load_formats
from core.model import Finding
from core.rules.registry import default_severity

if TYPE_CHECKING:
    from core.review import ReviewContext

# Which words show that a text speaks of a required part. The overview is any text at all;
# 其他需要报告的事项 may fairly be absent from a report without an outline.
CONTENT_KEYWORDS: dict[str, re.Pattern[str]] = {
    "proactive": re.compile(r"主动公开"),
    "applications": re.compile(r"依申请|申请公开|公开申请|信息公开申请|申请人"),
    "fees": re.compile(r"收费|减免|收取|费用"),
    "reviews": re.compile(r"复议|诉讼|申诉"),
    "problems": re.compile(r"问题|不足|差距|改进|整改|薄弱"),
}
TABLE_SECTION = {"article20": "proactive", "applications": "applications", "reviews": "reviews"}
# A text that ends like this ends where its author ended it: a full stop, a closing quote
# or bracket, a date, 无.
_CLOSED = re.compile(r"(?:[。！？!?”」』)）.…]|\d+\s*日|无)\s*$")
# A short last line ending in a body's name is a signature.
_SIGNATURE = re.compile(r"^\s*\S{2,40}(?:局|政府|委员会|管委会|办公室|办公厅|中心|院|厅|委|办|所|站)\s*$")
_PAGE_NUMBER_LINE = re.compile(r"^\s*(?:[—\-–]\s*\d{1,3}\s*[—\-–]|第\s*\d+\s*页.*|\d{1,3})\s*$")
# What a saved page puts after the article: not the report's last words.
_TRAILING_CHROME = re.compile(r"(?:附件下载|附件[:：]?|【?打印本页】?|【?关闭窗口】?|分享到[:：]?|扫一扫.*|返回顶部)\s*$")



def reference_format(ctx: ReviewContext) -> FormatDef:
    """The outline a report should have followed: its own detected format, else the one in
    force for its year, else the newest."""
    if ctx.fmt is not None:
        return ctx.fmt
    due = format_in_force(ctx.report.year) if ctx.report.year else None
    return due or max(load_formats().values(), key=lambda f: f.in_force_from)


def cut_off_at(text: str) -> tuple[int, bool] | None:
    """Where the text stops before its end, or None when it ends as a report ends (a full
    stop, a date, a signature, 无). The flag says the text stops on a number (in a table):
    that is a cut only when much of the report is missing after it, as a statistics table
    appended at the end of a report also ends on a number."""
    body = text[-4000:].rstrip()
    offset = len(text) - len(text[-4000:])
    while True:
        trimmed = _TRAILING_CHROME.sub("", body).rstrip()
        if trimmed == body:
            break
        body = trimmed
    lines = [ln for ln in body[-3000:].split("\n") if ln.strip() and not _PAGE_NUMBER_LINE.match(ln)]
    if not lines:
        return None
    last = lines[-1].rstrip(" |\t")
    if _CLOSED.search(last) or _SIGNATURE.match(last):
        return None
    return offset + len(body), last[-1:].isdigit()


def content_findings(ctx: ReviewContext, fmt: FormatDef, text: str) -> list[Finding]:
    """``section_missing`` for each required part the text does not speak of at all."""
    out = []
    for sec in fmt.sections:
        rx = CONTENT_KEYWORDS.get(sec.id)
        if rx is None or rx.search(text):
            continue
        out.append(
            Finding(
                rule="section_missing",
                severity="warning",
                message=f"报告没有按规定提纲分部分，按内容检查：全文未见“{sec.title}”方面的内容。",
                section=sec.id,
            )
        )
    return out


def outline_unrecognised(ctx: ReviewContext, fmt: FormatDef, why: str) -> Finding:
    headings = "、".join(s.title for s in fmt.sections)
    return Finding(
        rule="outline_unrecognised",
        severity=default_severity("outline_unrecognised"),  # a departure, not a contradiction
        message=f"{why}，不符合{fmt.name}的提纲（{headings}）；已按内容检查各必备部分。",
    )


def revise_findings(ctx: ReviewContext, findings: list[Finding]) -> list[Finding]:
    """The findings after the two outline cases above are taken into account."""
    text = ctx.norm.text[: ctx.body_end]
    fmt = reference_format(ctx)
    if ctx.fmt is None:
        return [outline_unrecognised(ctx, fmt, "未识别出报告的提纲（没有按规定提纲编排的部分标题）"),
                *content_findings(ctx, fmt, text), *findings]
    found = [s for s in ctx.found_sections if s.start is not None]
    if not found and ctx.fmt.sections:
        kept = [f for f in findings if f.rule != "section_missing"]
        return [outline_unrecognised(ctx, fmt, "报告中找不到任何规定的部分标题"),
                *content_findings(ctx, fmt, text), *kept]
    cut = cut_off_at(text)
    if cut is None:
        return findings
    return _collapse_after_cut(ctx, findings, *cut)


def _collapse_after_cut(ctx: ReviewContext, findings: list[Finding], cut: int, on_number: bool) -> list[Finding]:
    order = [s.id for s in ctx.found_sections]
    found_at = [i for i, s in enumerate(ctx.found_sections) if s.start is not None]
    after = set(order[found_at[-1] + 1 :]) if found_at else set(order)
    if not after or (on_number and len(after) < 2):
        return findings
    # The part the text stops in: its table may well have stood after the cut.
    cut_in = order[found_at[-1]] if found_at else None
    last_table_end = max((end for _, end in ctx.table_spans.values()), default=0)
    cut_table = next((t for t, (_, end) in ctx.table_spans.items() if end == last_table_end), None)
    text = ctx.norm.text
    cut_inside_table = cut_table is not None and len(text[last_table_end:cut].strip()) < 40

    def explained(f: Finding) -> bool:
        if f.rule == "section_missing" and f.section in after:
            return True
        if f.rule == "missing_table" and TABLE_SECTION.get(f.table or "") in (after | {cut_in}):
            return True
        if f.rule == "fee_disclosure_missing" and "other" in after:
            return True
        # The table the text stops in: its rows after the cut are not "missing".
        return f.rule == "missing_row" and cut_inside_table and f.table == cut_table

    gone = [f for f in findings if explained(f)]
    if not gone:
        return findings
    titles = "、".join(f"“{s.title}”" for s in ctx.found_sections if s.id in after)
    tail = re.sub(r"\s+", "", text[max(0, cut - 20) : cut])
    summary = Finding(
        rule="section_missing",
        severity="warning",
        message=f"文件似乎不完整：正文在“…{tail}”处中断（句子未完），其后的{titles}"
        f"{'及相应表格' if any(f.rule in ('missing_table', 'missing_row') for f in gone) else ''}均未见。"
        "请取得完整的报告再审；这些部分未作检查。",
        section=next(s.id for s in ctx.found_sections if s.id in after),
        loc=ctx.loc(max(0, cut - 20), cut),
    )
    return [summary, *[f for f in findings if not explained(f)]]
