"""Generate annual reports for tests and benchmarks: TXT, HTML, DOCX and PDF.

    .venv/bin/python scripts/gen_corpus.py OUT_DIR [-n 1000] [--pdfs 10] [--seed 1]

Most of the N reports are copies of the seed and real TXT/HTML reports with their
numbers, agency and year mutated (and now and then converted to Traditional characters
or with noise lines), the rest are rendered from random 2021-format tables as TXT, HTML
and DOCX; ``--pdfs`` of them are ruled PDFs made with reportlab.

The rendering functions (``random_tables``, ``report_text``, ``report_html``,
``write_report_pdf`` …) are imported by the fuzz and hostile tests and by bench.py.
Nothing here imports the engine: generated files must not depend on what it expects.
The tables' layout and labels come from tests/fixturegen.py, the one report generator;
this module adds the looser renderings (layouts, full-width digits, noise) and the
mutated copies of real reports that benchmarks and fuzzing need.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests import fixturegen as fg  # noqa: E402
from tests.corpus import CORPUS, real_files, seed_files  # noqa: E402

# --------------------------------------------------------------------------- the tables
# The 2021 layout (row ids, labels, columns) is tests/fixturegen.py's, the one report
# generator; here it is only reshaped for the looser renderings below.

APP_COLS = fg.APP_COLS
APP_HEADER = ["申请人情况", "自然人", "法人或其他组织", "总计", *fg.ORG_APPLICANT_LABELS]
# (row id, group heading printed before the row or None, the row's own label)
APP_ROWS: list[tuple[str, str | None, str]] = [(row.id, heading, row.label) for row, heading in fg.app_layout("2021")]
RESULT_ROWS = fg.result_row_ids("2021")

REVIEW_ROWS = fg.REVIEW_ROWS
REVIEW_COLS = fg.REVIEW_COLS
REVIEW_HEADER = ["行政复议", "行政诉讼", *fg.REVIEW_RESULT_LABELS, "未经复议直接起诉", "复议后起诉",
                 *fg.REVIEW_RESULT_LABELS * 2]

# (row id, block heading or None, label, column ids)
ART20_ROWS: list[tuple[str, str | None, str, tuple[str, ...]]] = [
    (rid, "\n".join([block.heading, "信息内容", *(lab for _, lab in block.columns)]) if i == 0 else None, label,
     tuple(col for col, _ in block.columns))
    for block in fg.a20_blocks("2021")
    for i, (rid, label) in enumerate(block.rows)
]

Tables = dict[str, dict[str, dict[str, int | float | str]]]


def _small(rng: random.Random) -> int:
    r = rng.random()
    if r < 0.6:
        return 0
    if r < 0.9:
        return rng.randint(1, 9)
    return rng.randint(10, 400)


def random_tables(rng: random.Random, consistent: bool = True) -> Tables:
    """Random 2021-format tables; consistent ones satisfy every sum and the balance."""
    app: dict[str, dict[str, int | float | str]] = {}
    for row in RESULT_ROWS:
        app[row] = {c: _small(rng) for c in APP_COLS[:-1]}
    app["carried_over"] = {c: _small(rng) for c in APP_COLS[:-1]}
    app["carry_forward"] = {c: _small(rng) for c in APP_COLS[:-1]}
    app["result.total"] = {c: sum(int(app[r][c]) for r in RESULT_ROWS) for c in APP_COLS[:-1]}
    app["new_received"] = {}
    for c in APP_COLS[:-1]:
        n = int(app["result.total"][c]) + int(app["carry_forward"][c]) - int(app["carried_over"][c])
        if n < 0:
            app["carried_over"][c] = 0
            n = int(app["result.total"][c]) + int(app["carry_forward"][c])
        app["new_received"][c] = n
    for row in app.values():
        row["total"] = sum(int(row[c]) for c in APP_COLS[:-1])
    rev: dict[str, dict[str, int | float | str]] = {}
    for row in REVIEW_ROWS:
        vals = {c: _small(rng) for c in REVIEW_COLS[:-1]}
        vals["total"] = sum(vals.values())
        rev[row] = vals
    art: dict[str, dict[str, int | float | str]] = {}
    for row, _, _, cols in ART20_ROWS:
        if cols == ("amount",):
            art[row] = {"amount": round(rng.uniform(0, 5000), rng.choice([0, 2, 4]))}
        else:
            art[row] = {c: rng.randint(0, 500) for c in cols}
    tables: Tables = {"article20": art, "applications": app, "reviews": rev}
    if not consistent:
        for _ in range(rng.randint(1, 4)):
            name = rng.choice(["applications", "reviews"])
            row = rng.choice(list(tables[name]))
            col = rng.choice(list(tables[name][row]))
            tables[name][row][col] = int(tables[name][row][col]) + rng.randint(1, 30)
    return tables


def fmt_value(v: int | float | str) -> str:
    if isinstance(v, float):
        return f"{v:.4f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


# --------------------------------------------------------------------------- text styles


@dataclass
class Style:
    """How a table is flattened into text (the ways scraped reports come)."""

    layout: str = "lines"  # lines | pipes | spaces | markdown
    fullwidth: bool = False  # ０-９ digits
    traditional: bool = False  # labels in Traditional characters
    noise: float = 0.0  # chance of a noise line between rows
    label_spaces: float = 0.0  # chance of a stray space inside a row label (per label)
    header_spaces: bool = False  # stray spaces in header words too (第二十 条…)
    noise_lines: list[str] = field(default_factory=lambda: ["", "（续表）", "— 2 —", "第3页", "   ", "注：单位为件"])


_FW = str.maketrans("0123456789.", "０１２３４５６７８９．")


_S2T: list = []


def _s2t(text: str) -> str:
    if not _S2T:
        try:
            import opencc
        except ImportError:
            return text
        _S2T.append(opencc.OpenCC("s2t"))  # building a converter costs ~50 ms: once
    return _S2T[0].convert(text)


class _Writer:
    def __init__(self, style: Style, rng: random.Random) -> None:
        self.style = style
        self.rng = rng
        self.lines: list[str] = []

    def label(self, text: str, header: bool = False) -> str:
        if self.style.traditional:
            text = _s2t(text)
        spaces = self.style.label_spaces and (self.style.header_spaces or not header)
        if spaces and len(text) > 2 and self.rng.random() < self.style.label_spaces:
            i = self.rng.randrange(1, len(text))
            text = text[:i] + self.rng.choice([" ", "  ", "\u3000"]) + text[i:]
        return text

    def value(self, v: int | float | str) -> str:
        s = fmt_value(v)
        return s.translate(_FW) if self.style.fullwidth else s

    def noise(self) -> None:
        if self.style.noise and self.rng.random() < self.style.noise:
            self.lines.append(self.rng.choice(self.style.noise_lines))

    def header(self, words: list[str]) -> None:
        words = [self.label(w, header=True) for w in words]
        if self.style.layout == "lines":
            self.lines.extend(words)
        elif self.style.layout == "pipes":
            self.lines.append(" | ".join(words) + " |")
        elif self.style.layout == "markdown":
            self.lines.append("| " + " | ".join(words) + " |")
            self.lines.append("|" + "---|" * len(words))
        else:
            self.lines.append(" ".join(words))

    def row(self, label: str, values: list[str]) -> None:
        label = self.label(label)
        vals = [self.value(v) for v in values]
        if self.style.layout == "lines":
            self.lines.append(label)
            self.lines.extend(vals)
        elif self.style.layout == "pipes":
            self.lines.append(label + " | " + " | ".join(vals) + " |")
        elif self.style.layout == "markdown":
            self.lines.append("| " + label + " | " + " | ".join(vals) + " |")
        else:
            self.lines.append(label + " " + " ".join(vals))
        self.noise()


def tables_text(tables: Tables, style: Style, rng: random.Random) -> dict[str, str]:
    """Each table flattened in ``style``: {"article20": ..., "applications": ..., "reviews": ...}."""
    out: dict[str, str] = {}
    w = _Writer(style, rng)
    for row, block, label, cols in ART20_ROWS:
        if block:
            w.header(block.split("\n"))
        w.row(label, [tables["article20"][row][c] for c in cols])
    out["article20"] = "\n".join(w.lines)
    w = _Writer(style, rng)
    w.lines.append(w.label("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", header=True))
    w.header(APP_HEADER)
    for row, group, label in APP_ROWS:
        if group:
            w.header([group])
        w.row(label, [tables["applications"][row][c] for c in APP_COLS])
    out["applications"] = "\n".join(w.lines)
    w = _Writer(style, rng)
    w.header(REVIEW_HEADER)
    vals = [tables["reviews"][r][c] for r in REVIEW_ROWS for c in REVIEW_COLS]
    if style.layout == "lines":
        w.lines.extend(w.value(v) for v in vals)
    elif style.layout in ("pipes", "markdown"):
        w.lines.append("| " + " | ".join(w.value(v) for v in vals) + " |")
    else:
        w.lines.append(" ".join(w.value(v) for v in vals))
    out["reviews"] = "\n".join(w.lines)
    return out


AGENCIES = ["某市交通运输局", "某县人民政府办公室", "某区市场监督管理局", "某市自然资源和规划局", "某县教育局",
            "某市生态环境局", "某区卫生健康委员会", "某县财政局", "某市住房和城乡建设局", "某镇人民政府"]

OVERVIEW = (
    "{year}年，{agency}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《中华人民共和国政府信息公开条例》，"
    "围绕中心工作，持续深化政务公开，全年主动公开政府信息{n}条，其中政策文件{a}条，工作动态{b}条。"
)
PROBLEMS = "存在的问题主要是政策解读形式还不够丰富，基层政务公开标准化规范化水平有待提升。下一步将加强培训，完善制度。"
OTHER = "本年度未收取信息处理费。无其他需要报告的事项。"


def report_parts(tables: Tables, agency: str, year: int, style: Style, rng: random.Random) -> list[tuple[str, str]]:
    """(heading, body) pairs of a whole 2021-format report, the tables flattened in ``style``."""
    t = tables_text(tables, style, rng)
    a, b = rng.randint(1, 80), rng.randint(1, 80)
    return [
        ("一、总体情况", OVERVIEW.format(year=year, agency=agency, n=a + b, a=a, b=b)),
        ("二、主动公开政府信息情况", t["article20"]),
        ("三、收到和处理政府信息公开申请情况", t["applications"]),
        ("四、政府信息公开行政复议、行政诉讼情况", t["reviews"]),
        ("五、存在的主要问题及改进情况", PROBLEMS),
        ("六、其他需要报告的事项", OTHER),
    ]


def report_text(
    tables: Tables, style: Style | None = None, rng: random.Random | None = None,
    agency: str = "某市交通运输局", year: int = 2023,
) -> str:
    """A whole report as plain text: title, date, preamble, six sections, the tables."""
    style = style or Style()
    rng = rng or random.Random(0)
    lines = [
        f"{agency}{year}年政府信息公开工作年度报告",
        f"发布时间：{year + 1}-01-{rng.randint(10, 28)}",
        "本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号文件要求编制。",
    ]
    for heading, body in report_parts(tables, agency, year, style, rng):
        lines.append(heading)
        lines.append(body)
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- HTML


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def tables_html(tables: Tables, rng: random.Random, label=lambda s: s, value=fmt_value) -> dict[str, str]:  # noqa: ANN001
    """The three tables as HTML ``<table>``s laid out like the official template."""
    td = lambda s, extra="": f"<td{extra}>{_esc(s)}</td>"  # noqa: E731
    art = ["<table border='1'>"]
    for row, block, lab, cols in ART20_ROWS:
        if block:
            words = block.split("\n")
            art.append(f"<tr>{td(label(words[0]), ' colspan=4')}</tr>")
            art.append("<tr>" + "".join(td(label(x)) for x in words[1:]) + "</tr>")
        art.append("<tr>" + td(label(lab)) + "".join(td(value(tables['article20'][row][c])) for c in cols) + "</tr>")
    art.append("</table>")
    app = ["<table border='1'>",
           "<tr>" + td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", " colspan=3 rowspan=3")
           + td(label("申请人情况"), " colspan=7") + "</tr>",
           "<tr>" + td(label("自然人"), " rowspan=2") + td(label("法人或其他组织"), " colspan=5")
           + td(label("总计"), " rowspan=2") + "</tr>",
           "<tr>" + "".join(td(label(x)) for x in APP_HEADER[4:]) + "</tr>"]
    use_rowspan = rng.random() < 0.5
    group_sizes: dict[str, int] = {}
    current = None
    for _row, group, _lab in APP_ROWS:
        if group:
            current = group
        if current and _row.startswith("result.") and _row != "result.total":
            group_sizes[current] = group_sizes.get(current, 0) + 1
    for row, group, lab in APP_ROWS:
        vals = "".join(td(value(tables["applications"][row][c])) for c in APP_COLS)
        if group and use_rowspan and group != "三、本年度办理结果":
            app.append("<tr>" + td(label(group), f" rowspan={group_sizes[group]}") + td(label(lab), " colspan=2")
                       + vals + "</tr>")
        elif group == "三、本年度办理结果" or (group and not use_rowspan):
            app.append("<tr>" + td(label(group), " colspan=10") + "</tr>")
            app.append("<tr>" + td(label(lab), " colspan=3") + vals + "</tr>")
        else:
            app.append("<tr>" + td(label(lab), " colspan=3") + vals + "</tr>")
    app.append("</table>")
    rev = ["<table border='1'>",
           "<tr>" + td(label("行政复议"), " colspan=5") + td(label("行政诉讼"), " colspan=10") + "</tr>",
           "<tr>" + "".join(td(label(x), " rowspan=2") for x in REVIEW_HEADER[2:7])
           + td(label("未经复议直接起诉"), " colspan=5") + td(label("复议后起诉"), " colspan=5") + "</tr>",
           "<tr>" + "".join(td(label(x)) for x in REVIEW_HEADER[9:]) + "</tr>",
           "<tr>" + "".join(td(value(tables["reviews"][r][c])) for r in REVIEW_ROWS for c in REVIEW_COLS) + "</tr>",
           "</table>"]
    return {"article20": "\n".join(art), "applications": "\n".join(app), "reviews": "\n".join(rev)}


def report_html(tables: Tables, rng: random.Random | None = None, agency: str = "某市交通运输局",
                year: int = 2023, label=lambda s: s, value=fmt_value, extra_head: str = "",  # noqa: ANN001
                extra_body: str = "") -> str:
    rng = rng or random.Random(0)
    t = tables_html(tables, rng, label, value)
    a, b = rng.randint(1, 80), rng.randint(1, 80)
    body = [
        f"<h1>{agency}{year}年政府信息公开工作年度报告</h1>",
        f"<p>发布时间：{year + 1}-01-20</p>",
        "<div class='article'>",
        "<p>本报告根据《中华人民共和国政府信息公开条例》和国办公开办函〔2021〕30号文件要求编制。</p>",
        "<p>一、总体情况</p>", f"<p>{OVERVIEW.format(year=year, agency=agency, n=a + b, a=a, b=b)}</p>",
        "<p>二、主动公开政府信息情况</p>", t["article20"],
        "<p>三、收到和处理政府信息公开申请情况</p>", t["applications"],
        "<p>四、政府信息公开行政复议、行政诉讼情况</p>", t["reviews"],
        "<p>五、存在的主要问题及改进情况</p>", f"<p>{PROBLEMS}</p>",
        "<p>六、其他需要报告的事项</p>", f"<p>{OTHER}</p>",
        "</div>", extra_body,
    ]
    return (f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{agency}</title>{extra_head}</head>"
            f"<body>{''.join(body)}</body></html>")


# --------------------------------------------------------------------------- DOCX


def write_report_docx(path: Path, tables: Tables, agency: str = "某市交通运输局", year: int = 2023) -> None:
    import docx

    d = docx.Document()
    d.add_paragraph(f"{agency}{year}年政府信息公开工作年度报告")
    d.add_paragraph(f"发布时间：{year + 1}-01-20")
    rng = random.Random(year)
    for heading, body in report_parts(tables, agency, year, Style(), rng):
        d.add_paragraph(heading)
        if heading.startswith("二"):
            rows = []
            for r, block, lab, cols in ART20_ROWS:
                if block:
                    words = block.split("\n")
                    rows.append([words[0]])
                    rows.append(words[1:])
                rows.append([lab] + [fmt_value(tables["article20"][r][c]) for c in cols])
            _docx_table(d, rows)
        elif heading.startswith("三"):
            rows = [["", "申请人情况"], ["", "自然人", "法人或其他组织", "总计"], ["", *APP_HEADER[4:]]]
            group = ""
            for r, g, lab in APP_ROWS:
                if g and g.startswith("三"):
                    rows.append([g])
                elif g:
                    group = g
                if not lab[0].isdigit():
                    group = ""
                rows.append([group, lab] + [fmt_value(tables["applications"][r][c]) for c in APP_COLS])
            _docx_table(d, rows)
        elif heading.startswith("四"):
            _docx_table(d, [REVIEW_HEADER[:15],
                            [fmt_value(tables["reviews"][r][c]) for r in REVIEW_ROWS for c in REVIEW_COLS]])
        else:
            d.add_paragraph(body)
    d.save(str(path))


def _docx_table(d, rows: list[list[str]]) -> None:  # noqa: ANN001
    width = max(len(r) for r in rows)
    t = d.add_table(rows=len(rows), cols=width)
    for i, r in enumerate(rows):
        if len(r) < width:  # the last cell spans the rest, as Word tables merge them
            t.cell(i, len(r) - 1).merge(t.cell(i, width - 1))
        for j, v in enumerate(r):
            t.cell(i, j).text = v


# --------------------------------------------------------------------------- PDF


def _pdf_styles():  # noqa: ANN202
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    body = ParagraphStyle("body", fontName="STSong-Light", fontSize=10.5, leading=18, wordWrap="CJK",
                          firstLineIndent=21)
    head = ParagraphStyle("head", parent=body, fontSize=12, leading=22, firstLineIndent=0)
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=7, leading=9, wordWrap="CJK")
    return body, head, cell


def write_report_pdf(path: Path, tables: Tables, agency: str = "某市交通运输局", year: int = 2023,
                     filler_pages: int = 0, seed: int = 0) -> None:
    """A ruled-table report PDF (A4, CJK font); ``filler_pages`` adds pages of overview prose."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    body, head, cell = _pdf_styles()
    rng = random.Random(seed)
    story = [Paragraph(f"{agency}{year}年政府信息公开工作年度报告", head),
             Paragraph(f"发布时间：{year + 1}-01-20", body)]
    grid = TableStyle([("GRID", (0, 0), (-1, -1), 0.6, "black"), ("FONT", (0, 0), (-1, -1), "STSong-Light", 7),
                       ("VALIGN", (0, 0), (-1, -1), "MIDDLE")])
    parts = report_parts(tables, agency, year, Style(), rng)
    for heading, text in parts:
        story.append(Paragraph(heading, head))
        if heading.startswith("一"):
            story.append(Paragraph(text, body))
            for k in range(filler_pages):
                for _ in range(5):
                    story.append(Paragraph(OVERVIEW.format(year=year, agency=agency, n=k + 10, a=k, b=10) * 2, body))
                story.append(PageBreak())
        elif heading.startswith("二"):
            rows, spans = [], []
            for r, block, lab, cols in ART20_ROWS:
                if block:
                    words = block.split("\n")
                    spans.append(("SPAN", (0, len(rows)), (3, len(rows))))
                    rows.append([words[0], "", "", ""])
                    if len(words) == 3:
                        spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
                    rows.append(words[1:] + [""] * (4 - len(words[1:])))
                if len(cols) == 1:
                    spans.append(("SPAN", (1, len(rows)), (3, len(rows))))
                rows.append([lab] + [fmt_value(tables["article20"][r][c]) for c in cols] + [""] * (3 - len(cols)))
            story.append(Table(rows, colWidths=[150, 100, 100, 100],
                               style=TableStyle(grid.getCommands() + spans)))
        elif heading.startswith("三"):
            rows = [["", "", Paragraph("申请人情况", cell)] + [""] * 6,
                    ["", "", "自然人", Paragraph("法人或其他组织", cell), "", "", "", "", "总计"],
                    ["", "", "", *[Paragraph(x, cell) for x in APP_HEADER[4:]], ""]]
            spans = [("SPAN", (2, 0), (8, 0)), ("SPAN", (3, 1), (7, 1)), ("SPAN", (0, 0), (1, 2)),
                     ("SPAN", (2, 1), (2, 2)), ("SPAN", (8, 1), (8, 2))]
            group_start = None
            for r, g, lab in APP_ROWS:
                vals = [fmt_value(tables["applications"][r][c]) for c in APP_COLS]
                if g and g.startswith("三"):
                    spans.append(("SPAN", (0, len(rows)), (8, len(rows))))
                    rows.append([g] + [""] * 8)
                    g = None
                if g:
                    if group_start is not None:
                        spans.append(("SPAN", (0, group_start), (0, len(rows) - 1)))
                    group_start = len(rows)
                    rows.append([Paragraph(g, cell), Paragraph(lab, cell), *vals])
                elif lab[0].isdigit():
                    rows.append(["", Paragraph(lab, cell), *vals])
                else:
                    if group_start is not None:
                        spans.append(("SPAN", (0, group_start), (0, len(rows) - 1)))
                        group_start = None
                    spans.append(("SPAN", (0, len(rows)), (1, len(rows))))
                    rows.append([Paragraph(lab, cell), "", *vals])
            story.append(Table(rows, colWidths=[50, 150] + [38] * 7, style=TableStyle(grid.getCommands() + spans)))
        elif heading.startswith("四"):
            rows = [["行政复议", "", "", "", "", "行政诉讼"] + [""] * 9,
                    ["", "", "", "", "", "未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""],
                    [Paragraph(x, cell) for x in REVIEW_HEADER[2:7]] * 3,
                    [fmt_value(tables["reviews"][r][c]) for r in REVIEW_ROWS for c in REVIEW_COLS]]
            style = TableStyle(grid.getCommands() + [("SPAN", (0, 0), (4, 1)), ("SPAN", (5, 0), (14, 0)),
                                                     ("SPAN", (5, 1), (9, 1)), ("SPAN", (10, 1), (14, 1))])
            story.append(Table(rows, colWidths=[32] * 15, style=style))
        else:
            story.append(Paragraph(text, body))
        story.append(Spacer(1, 8))
    SimpleDocTemplate(str(path), pagesize=A4, title=f"{agency}{year}年报").build(story)


# --------------------------------------------------------------------------- mutating real files

_NUM = re.compile(r"(?<![\d.])\d{1,3}(?![\d.年月日号])")


def mutate_text(text: str, rng: random.Random, agency: str, traditional: bool = False) -> str:
    """A real report with some numbers changed, another agency and maybe Traditional text."""
    text = _NUM.sub(lambda m: str(rng.randint(0, 99)) if rng.random() < 0.15 else m.group(0), text)
    for old in re.findall(r"[\u4e00-\u9fff]{2,12}(?:局|委员会|办公室|人民政府)(?=\d{4}年)", text[:400])[:1]:
        text = text.replace(old, agency)
    if rng.random() < 0.2:
        lines = text.split("\n")
        for _ in range(rng.randint(1, 5)):
            lines.insert(rng.randrange(len(lines) + 1), rng.choice(["", "— 2 —", "（续表）", "打印本页 关闭窗口"]))
        text = "\n".join(lines)
    if traditional:
        text = _s2t(text)
    return text


def source_reports(corpus: Path = CORPUS) -> list[Path]:
    """Seed and real TXT/HTML reports to copy from (tests/corpus unless told otherwise)."""
    return seed_files(root=corpus) + [p for p in real_files(root=corpus) if p.suffix in (".txt", ".html")]


def generate(out: Path, n: int, pdfs: int = 10, seed: int = 1, corpus: Path = CORPUS) -> dict[str, int]:
    """Write ``n`` reports into ``out`` (a few PDFs among them); returns counts by kind."""
    rng = random.Random(seed)
    out.mkdir(parents=True, exist_ok=True)
    sources = source_reports(corpus)
    counts: dict[str, int] = {}
    for i in range(n):
        agency = rng.choice(AGENCIES)
        year = rng.randint(2021, 2024)
        if i < pdfs:
            kind = "pdf"
            write_report_pdf(out / f"{i:05d}_gen.pdf", random_tables(rng, rng.random() < 0.7), agency, year,
                             filler_pages=rng.randint(0, 6), seed=i)
        elif sources and rng.random() < 0.6:
            src = rng.choice(sources)
            raw = src.read_bytes()
            kind = src.suffix.lstrip(".")
            name = out / f"{i:05d}_{src.stem[:40]}{src.suffix}"
            if kind == "txt" and rng.random() < 0.9:
                try:
                    text = raw.decode("utf-8")
                    raw = mutate_text(text, rng, agency, traditional=rng.random() < 0.1).encode(
                        rng.choice(["utf-8", "utf-8", "utf-8", "gb18030"]), errors="replace")
                except UnicodeDecodeError:
                    pass
            name.write_bytes(raw)
        else:
            tables = random_tables(rng, rng.random() < 0.7)
            r = rng.random()
            if r < 0.5:
                kind = "txt"
                style = Style(layout=rng.choice(["lines", "pipes", "spaces", "markdown"]),
                              fullwidth=rng.random() < 0.2, traditional=rng.random() < 0.1,
                              noise=rng.choice([0, 0, 0.2]), label_spaces=rng.choice([0, 0, 0.3]))
                (out / f"{i:05d}_gen.txt").write_text(report_text(tables, style, rng, agency, year), encoding="utf-8")
            elif r < 0.9:
                kind = "html"
                (out / f"{i:05d}_gen.html").write_text(report_html(tables, rng, agency, year), encoding="utf-8")
            else:
                kind = "docx"
                write_report_docx(out / f"{i:05d}_gen.docx", tables, agency, year)
        counts[kind] = counts.get(kind, 0) + 1
    return counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path)
    ap.add_argument("-n", type=int, default=1000)
    ap.add_argument("--pdfs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--clean", action="store_true", help="empty OUT first")
    ap.add_argument("--corpus", type=Path, default=CORPUS, help="folder with seeds/ and real/ (default tests/corpus)")
    args = ap.parse_args()
    if args.clean and args.out.exists():
        shutil.rmtree(args.out)
    counts = generate(args.out, args.n, args.pdfs, args.seed, args.corpus)
    print(f"wrote {sum(counts.values())} reports to {args.out}: "
          + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
