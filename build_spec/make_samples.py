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

APP_ROWS = [
    # label, 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
    ("一、本年新收政府信息公开申请数量", [12, 3, 0, 0, 1, 0, 16]),
    ("二、上年结转政府信息公开申请数量", [1, 0, 0, 0, 0, 0, 1]),
    ("三、本年度办理结果", None),
    ("(一)予以公开", [6, 2, 0, 0, 1, 0, 9]),
    ("(二)部分公开(区分处理的,只计这一情形,不计其他情形)", [1, 0, 0, 0, 0, 0, 1]),
    ("(三)不予公开", None),
    ("1.属于国家秘密", [0, 0, 0, 0, 0, 0, 0]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", [1, 0, 0, 0, 0, 0, 1]),
    ("5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("6.属于四类过程性信息", [0, 0, 0, 0, 0, 0, 0]),
    ("7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("(四)无法提供", None),
    ("1.本机关不掌握相关政府信息", [3, 1, 0, 0, 0, 0, 4]),
    ("2.没有现成信息需要另行制作", [0, 0, 0, 0, 0, 0, 0]),
    ("3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("(五)不予处理", None),
    ("1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("2.重复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("(六)其他处理", None),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("3.其他", [0, 0, 0, 0, 0, 0, 0]),
    ("(七)总计", [12, 3, 0, 0, 1, 0, 16]),
    ("四、结转下年度继续办理", [1, 0, 0, 0, 0, 0, 1]),
]


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
