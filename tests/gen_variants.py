"""Reports shaped the ways real sites and Word/WPS exports shape them, each with known truth.

Built on ``tests/fixturegen.py`` (its specs, grids, prose and writers): what this module
adds is the page around the report and the layouts real tables take.

- page chrome: a live clock in the header ("2025年12月30日 星期二"), a crawler's 采集时间,
  a 页面生成时间, a metadata table whose 公开日期/成文日期 hold the real dates, a sidebar of
  相关文章 listing other agencies' and other years' reports with their dates, 上一篇/下一篇;
- 第二十条 layouts: a value followed by empty cells, or by one empty merged cell; a value
  cell spanning all three columns; amounts with their unit (``1463.88万元``) and ``0.00``;
- the applications table with its header rows repeated after a page break;
- sentences about other things (补正, 建议/提案, 热线, 访问量, 较上年, 全市…), clean and with a
  real contradiction in a sentence of the same shape.

Each ``Case`` writes one file and says which findings the engine must report (``Expect``)
— nothing else. Nothing here imports the engine.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html as htmlmod
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests import fixturegen as fg
from tests.fixturegen import Expect, GCell, Grid, ReportSpec

GridFn = Callable[[ReportSpec], "Grid | list[Grid]"]  # a list: one table per block


# --- 第二十条 as real sites lay it out ------------------------------------------------------------


Layout = Callable[[list[str], int, bool], list[GCell]]


def _a20(spec: ReportSpec, value_cells: Layout, unit_amount: bool = False, header_rows: bool = True) -> Grid:
    """The 第二十条 table, 4 grid columns (label + 3 slots); ``value_cells(texts, row,
    header)`` lays a row's values (or the header's labels) into the 3 slots."""
    a20 = spec.tables["article20"]
    g = Grid("article20", 4)
    r = 0
    for block in fg.a20_blocks(spec.template):
        g.cells.append(GCell(r, 0, block.heading, 1, 4, True))
        r += 1
        if header_rows:
            g.cells.append(GCell(r, 0, "信息内容", header=True))
            for c in value_cells([lab for _, lab in block.columns], r, True):
                c.header, c.value = True, False
                g.cells.append(c)
            r += 1
        for rid, lab in block.rows:
            if rid not in a20:
                continue
            g.cells.append(GCell(r, 0, lab))
            texts = []
            for cid, _ in block.columns:
                text = fg.cell_text(a20[rid][cid])
                if unit_amount and cid == "amount" and text:
                    text += "万元"
                texts.append(text)
            g.cells.extend(value_cells(texts, r, False))
            g.value_rows[r] = rid
            r += 1
    return g


def _trailing_empty(texts: list[str], r: int, header: bool) -> list[GCell]:
    """Values in the first slots, then plain empty cells (a merge lost in export)."""
    out = [GCell(r, 1 + i, t, value=True) for i, t in enumerate(texts)]
    out += [GCell(r, 1 + i, "", value=True) for i in range(len(texts), 3)]
    return out


def _merged_remainder(texts: list[str], r: int, header: bool) -> list[GCell]:
    """Values in the first slots, then ONE empty cell merged over the rest."""
    out = [GCell(r, 1 + i, t, value=True) for i, t in enumerate(texts)]
    if len(texts) < 3:
        out.append(GCell(r, 1 + len(texts), "", 1, 3 - len(texts), value=True))
    return out


def _trailing_slash(texts: list[str], r: int, header: bool) -> list[GCell]:
    """Values in the first slots, a "/" in each slot the row has no column for (sites mark
    "not applicable" so); the header leaves those slots empty."""
    out = [GCell(r, 1 + i, t, value=True) for i, t in enumerate(texts)]
    out += [GCell(r, 1 + i, "" if header else "/", value=True) for i in range(len(texts), 3)]
    return out


def _span_all(texts: list[str], r: int, header: bool) -> list[GCell]:
    """A lone value spans all three slots; several values one slot each, the last wide."""
    if len(texts) == 1:
        return [GCell(r, 1, texts[0], 1, 3, value=True)]
    out = [GCell(r, 1 + i, t, value=True) for i, t in enumerate(texts[:-1])]
    out.append(GCell(r, len(texts), texts[-1], 1, 4 - len(texts), value=True))
    return out


def a20_trailing_empty(spec: ReportSpec) -> Grid:
    return _a20(spec, _trailing_empty)


def a20_merged_remainder(spec: ReportSpec) -> Grid:
    return _a20(spec, _merged_remainder)


def a20_trailing_slash(spec: ReportSpec) -> Grid:
    return _a20(spec, _trailing_slash)


def a20_no_header_slash(spec: ReportSpec) -> Grid:
    """No column-header rows under the 第二十条第（X）项 headings (some sites drop them): the
    values stand alone, a "/" in the slots a row has no column for."""
    return _a20(spec, _trailing_slash, header_rows=False)


def a20_span_all(spec: ReportSpec) -> Grid:
    return _a20(spec, _span_all)


def a20_units(spec: ReportSpec) -> Grid:
    return _a20(spec, _merged_remainder, unit_amount=True)


def applications_repeated_header(spec: ReportSpec) -> Grid:
    """The applications table with its three header rows printed again after the 8th
    value row, as a table broken over pages is exported with "repeat header rows"."""
    g = fg.applications_grid(spec)
    header = [c for c in g.cells if c.row < 3]
    value_rows = sorted(g.value_rows)
    cut = value_rows[8]
    moved = []
    for c in g.cells:
        if c.row >= cut:
            c.row += 3
        elif c.rowspan > 1 and c.row + c.rowspan > cut:
            c.rowspan += 3  # the 办理结果 label's span runs over the repeated header
        moved.append(c)
    g.cells = moved + [dataclasses.replace(c, row=c.row + cut) for c in header if c.col >= 3]
    # The left block (勾稽关系 note) is covered by the long 三、本年度办理结果 span: only the
    # applicant header repeats, as it does in real exports where the first columns are merged.
    g.value_rows = {(r + 3 if r >= cut else r): rid for r, rid in g.value_rows.items()}
    return g


# --- writers: fixturegen's, with other grids and a page around them --------------------------------


@dataclass
class Page:
    """What a saved web page carries around the report."""

    clock: bool = True  # "2025年12月30日 星期二" in the header
    crawl_stamp: bool = True  # 采集时间 / 页面生成时间 / 访问时间
    metadata: bool = True  # 索引号 / 发布机构 / 公开日期 / 成文日期 table
    related: bool = True  # sidebar of 相关文章 with other agencies' and years' reports
    nav: bool = True  # 上一篇 / 下一篇
    related_first: bool = False  # the sidebar comes before the article in the source
    signed: dt.date | None = None  # 成文日期 (and the signature), when it differs from 公开日期


def _grids(overrides: dict[str, GridFn]) -> dict[str, GridFn]:
    return {**fg.GRIDS, **overrides}


def _as_list(grids: Grid | list[Grid]) -> list[Grid]:
    return grids if isinstance(grids, list) else [grids]


def a20_split(spec: ReportSpec) -> list[Grid]:
    """第二十条 as Word/WPS exports often give it: one small table per 第二十条第（X）项."""
    whole = fg.article20_grid(spec)
    starts = sorted(c.row for c in whole.cells if c.header and c.colspan == 4)
    out = []
    for i, first in enumerate(starts):
        last = starts[i + 1] if i + 1 < len(starts) else whole.n_rows
        g = Grid("article20", 4)
        g.cells = [dataclasses.replace(c, row=c.row - first) for c in whole.cells if first <= c.row < last]
        g.value_rows = {r - first: rid for r, rid in whole.value_rows.items() if first <= r < last}
        out.append(g)
    return out


def _related(spec: ReportSpec) -> str:
    others = [
        ("东湖市生态环境局", spec.year - 1, dt.date(spec.year, 1, 29)),
        ("北岭县人民政府", spec.year + 1, dt.date(spec.year + 2, 3, 28)),
        ("西林区商务局", spec.year - 2, dt.date(spec.year - 1, 2, 14)),
    ]
    items = "".join(
        f"<li><a href='/nb/{i}.html'>{a}{y}年政府信息公开工作年度报告</a><span>{d.isoformat()}</span></li>"
        for i, (a, y, d) in enumerate(others)
    )
    return f'<div class="related"><h3>相关文章</h3><ul>{items}</ul></div>'


def write_html_page(spec: ReportSpec, path: Path, page: Page, grids: dict[str, GridFn] | None = None) -> Path:
    g = _grids(grids or {})
    body: list[str] = []
    for kind, text in fg.blocks(spec):
        if kind == "title":
            continue
        if kind == "table":
            body.extend(fg._html_table(grid) for grid in _as_list(g[text](spec)))
        elif kind == "h":
            body.append(f'<p style="text-indent:2em"><strong>{htmlmod.escape(text)}</strong></p>')
        elif kind == "sign":
            if page.signed and text == fg.cn_date(spec.published):
                text = fg.cn_date(page.signed)
            body.append(f'<p style="text-align:right">{htmlmod.escape(text)}</p>')
        else:
            body.append(f'<p style="text-indent:2em">{htmlmod.escape(text)}</p>')
    now = dt.date(spec.year + 2, 12, 30)
    head = []
    if page.clock:
        head.append(f'<div class="date">{now.year}年{now.month}月{now.day}日 星期二</div>')
    if page.crawl_stamp:
        head.append(f"<div class='stamp'>采集时间：{now.isoformat()} 10:12:31　页面生成时间：{now.isoformat()} 10:12:30</div>")
    meta = ""
    if page.metadata:
        signed = page.signed or spec.published
        meta = (
            '<table class="xxgk-meta"><tr><td>索引号：</td><td>11320000MB0000000X/2024-00012</td>'
            f"<td>发布机构：</td><td>{htmlmod.escape(spec.agency)}</td></tr>"
            f"<tr><td>公开日期：</td><td>{spec.published.isoformat()}</td><td>成文日期：</td><td>{signed.isoformat()}</td></tr>"
            "<tr><td>主题分类：</td><td>政务公开</td><td>公开方式：</td><td>主动公开</td></tr></table>"
        )
    nav = ""
    if page.nav:
        nav = (
            f'<div class="nav-next"><p>上一篇：{htmlmod.escape(spec.agency)}{spec.year - 1}年政府信息公开工作年度报告</p>'
            f"<p>下一篇：关于{spec.year + 1}年度政务公开工作要点的通知</p></div>"
        )
    related = _related(spec) if page.related else ""
    article = f"""<div class="article">
{meta}
<h1 class="title">{htmlmod.escape(fg.title(spec))}</h1>
<div class="info">来源：{htmlmod.escape(spec.agency)}　浏览次数：2417　字号：【大 中 小】</div>
<div class="TRS_Editor" id="zoom">
{chr(10).join(body)}
</div>
{nav}
</div>"""
    main = related + article if page.related_first else article + related
    html_page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>{htmlmod.escape(fg.title(spec))}</title></head>
<body>
<div class="top-bar">{''.join(head)}欢迎访问{htmlmod.escape(spec.agency)}门户网站 | 无障碍浏览 | 登录</div>
<div class="crumb">当前位置：<a href="/">首页</a> &gt; 政务公开 &gt; 政府信息公开年报</div>
<div class="main">
{main}
</div>
<div class="footer"><p>主办单位：{htmlmod.escape(spec.agency)}　网站标识码：3300000001　访问时间：{now.isoformat()} 10:12</p></div>
</body></html>
"""
    path.write_bytes(html_page.encode("utf-8"))
    return path


def write_txt_page(spec: ReportSpec, path: Path, page: Page) -> Path:
    """A saved page as a crawler writes it to text: its stamp lines, the metadata, the
    report, then the lists the page had under the article."""
    now = dt.date(spec.year + 2, 12, 30)
    lines = []
    if page.crawl_stamp:
        lines += [f"采集时间: {now.isoformat()} 10:12:31", f"页面生成时间: {now.isoformat()} 10:12:30"]
    if page.clock:
        lines.append(f"{now.year}年{now.month}月{now.day}日 星期二")
    lines += [f"标题: {fg.title(spec)}", f"发布机构: {spec.agency}"]
    if page.metadata:
        lines.append(f"公开日期: {spec.published.isoformat()}")
    body = fg.report_text(spec, "lines").rstrip("\n").split("\n")
    if page.signed:
        body = [fg.cn_date(page.signed) if ln == fg.cn_date(spec.published) else ln for ln in body]
    lines += body
    if page.nav:
        lines += [f"上一篇: {spec.agency}{spec.year - 1}年政府信息公开工作年度报告", f"下一篇: 关于{spec.year + 1}年度政务公开工作要点的通知"]
    if page.related:
        lines += ["相关文章", f"东湖市生态环境局{spec.year - 1}年政府信息公开工作年度报告 {spec.year}-01-29",
                  f"北岭县人民政府{spec.year + 1}年政府信息公开工作年度报告 {spec.year + 2}-03-28"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_docx_grids(spec: ReportSpec, path: Path, grids: dict[str, GridFn]) -> Path:
    import docx

    g = _grids(grids)
    d = docx.Document()
    for kind, text in fg.blocks(spec):
        if kind == "table":
            for grid in _as_list(g[text](spec)):
                fg._docx_table(d, grid)
                d.add_paragraph("")  # Word keeps an empty paragraph between tables
        elif kind == "title":
            d.add_heading(text, level=1)
        else:
            d.add_paragraph(text)
    d.save(str(path))
    return path


def write_pdf_grids(spec: ReportSpec, path: Path, grids: dict[str, GridFn], *, long_intro: bool = False) -> Path:
    """fixturegen's PDF with other grids (one table each); the applications table repeats
    its header rows on the next page (reportlab ``repeatRows``) when it breaks."""
    saved = dict(fg.GRIDS)

    def single(fn: GridFn) -> Callable[[ReportSpec], Grid]:
        def one(spec: ReportSpec) -> Grid:
            grid = fn(spec)
            assert isinstance(grid, Grid), "the PDF writer lays out one table per block of blocks()"
            return grid

        return one

    fg.GRIDS.update({k: single(fn) for k, fn in grids.items()})  # fixturegen's writer reads its module table
    real_table = fg._pdf_table

    def table_with_repeats(grid: Grid, *args: Any) -> Any:
        t = real_table(grid, *args)
        if grid.table == "applications":
            t.repeatRows = 3
        return t

    fg._pdf_table = table_with_repeats  # type: ignore[assignment]
    try:
        return fg.write_pdf(spec, path, long_intro=long_intro)
    finally:
        fg.GRIDS.clear()
        fg.GRIDS.update(saved)
        fg._pdf_table = real_table  # type: ignore[assignment]


# --- wording: sentences about other things ----------------------------------------------------------

# Each: (sentence template, where). {n} is 本年新收 总计, {r} 复议 总计. None of these speaks of
# the table's applications or cases as a count or a negation.
GUARDED_SENTENCES = (
    ("本年度收到政府信息公开申请{n}件。其中1件申请内容不明确，已书面告知申请人补正，截至目前未收到该申请人提交的补正材料。", "applications"),
    ("全年共办理人大代表建议和政协提案37件，办复率100%，未收到对办理结果的投诉。", "overview"),
    ("依托12345政务服务便民热线受理群众诉求2318件，按期办结率99.6%。", "overview"),
    ("政府门户网站全年访问量达52.3万人次，信息公开专栏浏览量较上年增长18%。", "overview"),
    ("收到政府信息公开申请数量较上年增加3件，主要集中在征地拆迁、社会保障等领域。", "applications"),
    ("全年未收到涉及政府信息公开的信访事项和举报投诉。", "overview"),
)
# A sentence of a wider scope with another number: reported as info (never an alarm).
WIDER_SENTENCE = ("据统计，全市各级行政机关共收到政府信息公开申请{big}件。", "applications")


def guarded(spec: ReportSpec, *, wider: bool = False) -> tuple[ReportSpec, list[Expect]]:
    s = spec.copy()
    n = fg._num(s.tables["applications"]["new_received"]["total"])
    expects: list[Expect] = []
    sentences = list(GUARDED_SENTENCES)
    if wider:
        sentences.append(WIDER_SENTENCE)
        expects.append(Expect("narrative_table", "applications", (("new_received", "total"),), severity="info"))
    for text, where in sentences:
        s.sections[where] = s.sections[where] + "\n" + text.format(n=n, big=n * 37 + 5)
    return s, expects


def guarded_contradiction(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """The same shape as the 补正 sentence, but its count contradicts the table: an error."""
    s = spec.copy()
    n = fg._num(s.tables["applications"]["new_received"]["total"])
    s.sections["applications"] += (
        f"\n本年度收到政府信息公开申请{n + 2}件。其中1件申请内容不明确，已书面告知申请人补正，"
        "截至目前未收到该申请人提交的补正材料。"
    )
    return s, [Expect("narrative_table", "applications", (("new_received", "total"),), severity="error")]


def guarded_false_negation(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    """"本年度未收到政府信息公开申请" beside a 补正 sentence, with applications in the table."""
    s = spec.copy()
    s.sections["applications"] += "\n本年度未收到政府信息公开申请，也未收到申请人提交的补正材料。"
    return s, [Expect("narrative_table", "applications", (("new_received", "total"),), severity="error")]


# --- the cases -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # txt | html | docx | pdf
    template: str
    year: int
    write: Callable[[ReportSpec, Path], Path]
    change: Callable[[ReportSpec], tuple[ReportSpec, list[Expect]]] = lambda s: (s, [])
    seed: int = 7

    @property
    def suffix(self) -> str:
        return {"txt": ".txt", "html": ".html", "docx": ".docx", "pdf": ".pdf"}[self.kind]

    def build(self, folder: Path) -> tuple[Path, ReportSpec, list[Expect]]:
        spec, expects = self.change(fg.consistent(self.template, self.year, seed=self.seed))
        path = self.write(spec, folder / f"{self.name}{self.suffix}")
        return path, spec, expects


def _late(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    return fg.fault_late(spec)


def _zero_amounts(spec: ReportSpec) -> tuple[ReportSpec, list[Expect]]:
    s = spec.copy()
    for rid, cells in s.tables["article20"].items():
        if "amount" in cells:
            cells["amount"] = 0.0
        if rid in ("licensing", "punishment", "coercion"):
            cells["decisions"] = 1463
    return s, []


def _signed_earlier(spec: ReportSpec) -> Page:
    return Page(signed=spec.published - dt.timedelta(days=6))


A20_LAYOUTS: dict[str, GridFn] = {
    "trailing-empty": a20_trailing_empty,
    "merged-remainder": a20_merged_remainder,
    "trailing-slash": a20_trailing_slash,
    "no-header-slash": a20_no_header_slash,
    "span-all": a20_span_all,
    "units": a20_units,
}
WRITERS_BY_KIND: dict[str, Callable[[ReportSpec, Path, dict[str, GridFn]], Path]] = {
    "html": lambda s, p, g: write_html_page(s, p, Page(clock=False, crawl_stamp=False, related=False, nav=False), g),
    "docx": write_docx_grids,
    "pdf": write_pdf_grids,
}


def _on_page(write: Callable[[ReportSpec, Path, Page], Path], page: Page) -> Callable[[ReportSpec, Path], Path]:
    return lambda spec, path: write(spec, path, page)


def _with_grids(
    write: Callable[[ReportSpec, Path, dict[str, GridFn]], Path], grids: dict[str, GridFn]
) -> Callable[[ReportSpec, Path], Path]:
    return lambda spec, path: write(spec, path, grids)


def cases() -> list[Case]:
    out: list[Case] = []
    for tpl, year in (("2021", 2023), ("2019", 2020)):
        # Page chrome around a clean report, and around a late one (the late date is the
        # labelled 公开日期; the clock and the crawler's stamps are later still).
        for name, page in (
            ("chrome-all", Page()),
            ("chrome-related-first", Page(related_first=True)),
            ("chrome-no-metadata", Page(metadata=False)),
        ):
            out.append(Case(f"html-{name}-{tpl}", "html", tpl, year, _on_page(write_html_page, page)))
            out.append(Case(f"txt-{name}-{tpl}", "txt", tpl, year, _on_page(write_txt_page, page)))
        out.append(Case(f"html-chrome-late-{tpl}", "html", tpl, year, lambda s, p: write_html_page(s, p, Page()), _late))
        out.append(Case(f"txt-chrome-late-{tpl}", "txt", tpl, year, lambda s, p: write_txt_page(s, p, Page()), _late))
        out.append(
            Case(f"html-chrome-signed-earlier-{tpl}", "html", tpl, year,
                 lambda s, p: write_html_page(s, p, _signed_earlier(s)))
        )
        # 第二十条 layouts in each kind with real cells.
        for kind, writer in WRITERS_BY_KIND.items():
            for lname, grid in A20_LAYOUTS.items():
                out.append(Case(f"{kind}-a20-{lname}-{tpl}", kind, tpl, year, _with_grids(writer, {"article20": grid})))
            out.append(Case(f"{kind}-a20-zero-amounts-{tpl}", kind, tpl, year,
                            _with_grids(writer, {"article20": a20_units}), _zero_amounts))
        # 第二十条 split into one table per item, as Word/WPS exports give it.
        for kind in ("html", "docx"):
            out.append(Case(f"{kind}-a20-split-{tpl}", kind, tpl, year,
                            _with_grids(WRITERS_BY_KIND[kind], {"article20": a20_split})))
        # The applications table's header repeated after a page break.
        out.append(Case(f"html-repeated-header-{tpl}", "html", tpl, year,
                        lambda s, p: WRITERS_BY_KIND["html"](s, p, {"applications": applications_repeated_header})))
        out.append(Case(f"docx-repeated-header-{tpl}", "docx", tpl, year,
                        lambda s, p: write_docx_grids(s, p, {"applications": applications_repeated_header})))
        out.append(Case(f"pdf-repeated-header-{tpl}", "pdf", tpl, year,
                        lambda s, p: write_pdf_grids(s, p, {}, long_intro=True)))
        # Sentences about other things: clean, with a wider scope, and real contradictions.
        for kind in ("txt", "html"):
            w: Callable[[ReportSpec, Path], Path] = (
                (lambda s, p: fg.write_txt(s, p)) if kind == "txt" else (lambda s, p: fg.write_html(s, p))
            )
            out.append(Case(f"{kind}-guarded-{tpl}", kind, tpl, year, w, guarded))
            out.append(Case(f"{kind}-guarded-wider-{tpl}", kind, tpl, year, w, lambda s: guarded(s, wider=True)))
            out.append(Case(f"{kind}-guarded-contradiction-{tpl}", kind, tpl, year, w, guarded_contradiction))
            out.append(Case(f"{kind}-guarded-false-negation-{tpl}", kind, tpl, year, w, guarded_false_negation))
    return out
