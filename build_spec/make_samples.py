"""Write the bundled sample reports in ``resources/samples/`` (run by hand; output committed).

Two fictional 2021-format reports of one made-up agency, each as TXT and PDF:

- ``示例-一致的报告`` — every table adds up; the engine finds nothing to complain about.
- ``示例-有问题的报告`` — (七)总计 of the 自然人 and 总计 columns is wrong (red) and a
  cell of the 第二十条 table is blank (grey), so a newcomer sees both kinds at once.

The PDFs embed (a subset of) the bundled font resources/fonts/wqy-microhei.ttc, so they
show Chinese on a machine with no Chinese font at all — the first thing a newcomer
sees must not be boxes. ``--self-test`` relies on the findings listed in ``EXPECTED``.

    .venv/bin/python build_spec/make_samples.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "samples"
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import fixturegen as fg  # noqa: E402 - the one report generator, from the checkout

CLEAN = "示例-一致的报告"
FAULTY = "示例-有问题的报告"
# The consistent report as a scan (an image-only PDF, no text layer): OCR must read it, and
# ``--self-test`` checks that the bundled OCR engine does (``ocr``: the report says so).
SCANNED = "示例-一致的报告（扫描件）"
SCAN_EXPECTED: dict[str, object] = {"clean": True, "findings": {}, "ocr": True}

# What ``main.py --self-test`` expects of each sample (written to expected.json beside them):
# ``findings`` maps a rule to the least number of findings of it; ``clean`` means no error
# and no warning at all.
EXPECTED: dict[str, dict[str, object]] = {
    CLEAN: {"clean": True, "findings": {}},
    FAULTY: {"clean": False, "findings": {"column_sum": 2, "blank_cell": 1}},
}

AGENCY = "示例县数据管理局"

# The sample's numbers by row id (自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他,
# 总计); a row not listed is all zeros. Row order and labels are the 2021 format's as the
# one report generator (tests/fixturegen.py) lays it out, in the half-width punctuation
# many real reports use.
VALUES: dict[str, list[int]] = {
    "new_received": [12, 3, 0, 0, 1, 0, 16],
    "carried_over": [1, 0, 0, 0, 0, 0, 1],
    "result.disclosed": [6, 2, 0, 0, 1, 0, 9],
    "result.partial": [1, 0, 0, 0, 0, 0, 1],
    "result.withheld.third_party": [1, 0, 0, 0, 0, 0, 1],
    "result.unavailable.not_held": [3, 1, 0, 0, 0, 0, 4],
    "result.not_processed.petition": [1, 0, 0, 0, 0, 0, 1],
    "result.total": [12, 3, 0, 0, 1, 0, 16],
    "carry_forward": [1, 0, 0, 0, 0, 0, 1],
}
_HALF_WIDTH = str.maketrans("（），", "(),")


def _app_rows() -> list[tuple[str, list[int] | None]]:
    """(label, values) in template order; a heading line has no values."""
    out: list[tuple[str, list[int] | None]] = []
    for row, heading in fg.app_layout("2021"):
        if heading is not None:
            out.append((heading.translate(_HALF_WIDTH), None))
        out.append((row.label.translate(_HALF_WIDTH), VALUES.get(row.id, [0] * 7)))
    return out


APP_ROWS = _app_rows()


def report_lines(faulty: bool) -> list[str]:
    total = "13" if faulty else "12"
    grand = "17" if faulty else "16"
    fee = "" if faulty else "0"
    lines = [
        f"{AGENCY}2024年政府信息公开工作年度报告",
        "（本报告为年报审阅台自带的示例，机关与数字均为虚构。）",
        "根据《中华人民共和国政府信息公开条例》和《中华人民共和国政府信息公开工作年度报告格式》要求，"
        "编制本报告。所列数据统计期限自2024年1月1日至2024年12月31日。",
        "一、总体情况",
        f"2024年，{AGENCY}认真落实政府信息公开条例，主动公开政府信息共120条，其中机构职能信息20条，"
        "政务动态信息70条，通知公告30条。全年收到政府信息公开申请16件，均在法定期限内答复。",
        "二、主动公开政府信息情况",
        "第二十条第(一)项",
        "信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数",
        "规章 | 0 | 0 | 0",
        "行政规范性文件 | 2 | 1 | 9",
        "第二十条第(五)项",
        "信息内容 | 本年处理决定数量",
        "行政许可 | 35",
        "第二十条第(六)项",
        "信息内容 | 本年处理决定数量",
        "行政处罚 | 4",
        "行政强制 | 0",
        "第二十条第(八)项",
        "信息内容 | 本年收费金额(单位:万元)",
        f"行政事业性收费 | {fee}",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计",
    ]
    for label, values in APP_ROWS:
        if values is None:
            lines.append(label)
            continue
        cells = [str(v) for v in values]
        if label == "(七)总计":
            cells[0], cells[-1] = total, grand
        lines.append(" | ".join([label, *cells]))
    lines += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "行政复议：结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
        "1 | 0 | 0 | 0 | 1",
        "行政诉讼（未经复议直接起诉）：结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
        "0 | 0 | 0 | 0 | 0",
        "行政诉讼（复议后起诉）：结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计",
        "0 | 0 | 0 | 0 | 0",
        "五、存在的主要问题及改进情况",
        "一是政策解读形式较为单一；二是部分栏目更新不够及时。下一步将丰富解读形式，落实栏目更新责任。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        AGENCY,
        "2025年1月20日",
    ]
    return lines


def write_txt(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_pdf(path: Path, lines: list[str]) -> None:
    """Prose as paragraphs, each run of ``a | b | c`` lines as one ruled table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "wqy-microhei.ttc"
    pdfmetrics.registerFont(TTFont("WenQuanYi", str(font), subfontIndex=0))
    body = ParagraphStyle("body", fontName="WenQuanYi", fontSize=10, leading=15, wordWrap="CJK")
    title = ParagraphStyle("title", parent=body, fontSize=14, leading=22, alignment=1)
    cell = ParagraphStyle("cell", parent=body, fontSize=8, leading=10)

    def table(rows: list[list[str]]) -> Table:
        width = max(len(r) for r in rows)
        data = [[Paragraph(c, cell) for c in r] + [""] * (width - len(r)) for r in rows]
        first = 170 if width > 2 else 250
        rest = (A4[0] - 112 - first) / max(1, width - 1)
        t = Table(data, colWidths=[first] + [rest] * (width - 1), repeatRows=0)
        t.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        return t

    story: list[object] = [Paragraph(lines[0], title)]
    pending: list[list[str]] = []
    for line in lines[1:] + [""]:
        if " | " in line or line.endswith(" |"):
            pending.append([c.strip() for c in line.split("|")])
            continue
        if pending:
            story += [table(pending), Spacer(1, 6)]
            pending = []
        if line:
            story.append(Paragraph(line, body))
    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=56, rightMargin=56, topMargin=56, bottomMargin=56,
        title=lines[0], author="ReviewDesk sample", invariant=True,
    )  # fmt: skip
    doc.build(story)


def write_scan() -> str:
    """The scanned sample, rasterised from the consistent PDF by tests/scangen.py."""
    sys.path.insert(0, str(ROOT / "tests"))
    from scangen import save_scan

    # In a folder of its own: the first run's sample queue (the top folder) stays quick,
    # and the self-test, which lists expected.json, still reads it.
    name = f"scanned/{SCANNED}.pdf"
    save_scan(OUT / f"{CLEAN}.pdf", OUT / name, dpi=150, seed=5, quality=40, noise=2.5)
    return name


def main() -> int:
    OUT.mkdir(parents=True, exist_ok=True)
    expected: dict[str, dict[str, object]] = {}
    for name, faulty in ((CLEAN, False), (FAULTY, True)):
        lines = report_lines(faulty)
        write_txt(OUT / f"{name}.txt", lines)
        write_pdf(OUT / f"{name}.pdf", lines)
        for suffix in (".txt", ".pdf"):
            expected[name + suffix] = EXPECTED[name]
    expected[write_scan()] = SCAN_EXPECTED
    (OUT / "expected.json").write_text(
        json.dumps(expected, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    for p in sorted(OUT.iterdir()):
        print(f"{p.relative_to(ROOT)}  {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
