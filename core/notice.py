"""The 退回意见 for one body's report (DOCX), and for a revision its 复核意见.

What is sent back is what the reviewer stands behind: the findings marked 已确认 or 需整改,
each with its place in the report (page or line), the rule's name, the engine's message
and the reviewer's comment. For a later version (core/versions) the 复核意见 says what was
fixed (已整改), what is still there (仍存在) and what is new (新出现) — from the versions'
comparison, never from the reviewer's current preferences.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from core.model import Finding, Report
from core.rules.registry import rule_name
from core.sheet import loc_text
from core.versions import VersionDiff

SENT_BACK = ("已确认", "需整改")  # core.annotations.STATUSES the reviewer stands behind


@dataclass(frozen=True)
class NoticeItem:
    rule: str
    place: str
    message: str
    comment: str
    status: str


def notice_items(findings: Sequence[Finding]) -> list[NoticeItem]:
    """The confirmed findings, in the report's order, each with its place and note."""
    out = []
    for f in findings:
        note = f.note or {}
        if note.get("status") not in SENT_BACK:
            continue
        out.append(NoticeItem(rule_name(f.rule), loc_text(f) or "全文", f.message,
                              note.get("comment", ""), note.get("status", "")))
    return out


def _title(rep: Report) -> str:
    year = f"{rep.year}年" if rep.year else ""
    return f"《{rep.agency or Path(rep.file).stem}{year}政府信息公开工作年度报告》"


def write_notice(rep: Report, path: Path, diff: VersionDiff | None = None, older: Report | None = None,
                 reviewer: str = "", day: date | None = None) -> Path:
    """Write the DOCX. ``diff`` (with ``older``) makes it a 复核意见 of a revision."""
    import docx  # python-docx: only when a notice is written

    day = day or date.today()
    doc = docx.Document()
    kind = "复核意见" if diff is not None else "退回意见"
    doc.add_heading(f"关于{_title(rep)}的{kind}", level=1)
    doc.add_paragraph(f"{rep.agency or '报送单位'}：")
    items = notice_items(rep.findings)
    if diff is None:
        lead = (f"经审阅，贵单位报送的{_title(rep)}存在以下 {len(items)} 个问题，现予退回，请逐项整改后重新报送。"
                if items else f"经审阅，贵单位报送的{_title(rep)}未发现需退回整改的问题。")
        doc.add_paragraph(lead)
        _items_table(doc, items)
    else:
        prior = f"（{older.file}）" if older is not None else ""
        doc.add_paragraph(
            f"经复核，贵单位重新报送的{_title(rep)}与上一版本{prior}相比："
            f"已整改 {len(diff.fixed)} 项，仍存在 {len(diff.persisting)} 项，新出现 {len(diff.new)} 项。")
        doc.add_heading("一、已整改的问题", level=2)
        _plain_table(doc, diff.fixed, "（无）")
        doc.add_heading("二、仍存在的问题", level=2)
        _plain_table(doc, diff.persisting, "（无）")
        doc.add_heading("三、新出现的问题", level=2)
        _plain_table(doc, diff.new, "（无）")
        if diff.unverified:
            doc.add_heading("四、未能确认已整改的问题", level=2)
            for f, why in diff.unverified:
                doc.add_paragraph(f"{rule_name(f.rule)}：{f.message}（{why}）", style="List Bullet")
        if items:
            doc.add_heading("审阅人确认需整改的问题", level=2)
            _items_table(doc, items)
    doc.add_paragraph("")
    doc.add_paragraph(f"审阅人：{reviewer}" if reviewer else "审阅人：")
    doc.add_paragraph(f"{day.year}年{day.month}月{day.day}日")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def _items_table(doc: object, items: Sequence[NoticeItem]) -> None:
    if not items:
        return
    table = doc.add_table(rows=1, cols=5)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "位置", "问题类型", "问题说明", "审阅意见"), strict=True):
        cell.text = text
    for n, item in enumerate(items, start=1):
        row = table.add_row().cells
        for cell, text in zip(row, (str(n), item.place, item.rule, item.message, item.comment or item.status),
                              strict=True):
            cell.text = text


def _plain_table(doc: object, findings: Sequence[Finding], empty: str) -> None:
    if not findings:
        doc.add_paragraph(empty)  # type: ignore[attr-defined]
        return
    table = doc.add_table(rows=1, cols=4)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("序号", "位置", "问题类型", "问题说明"), strict=True):
        cell.text = text
    for n, f in enumerate(findings, start=1):
        row = table.add_row().cells
        for cell, text in zip(row, (str(n), loc_text(f) or "全文", rule_name(f.rule), f.message), strict=True):
            cell.text = text
