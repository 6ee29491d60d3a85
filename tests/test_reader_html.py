"""HTML reader: encodings, article selection, cell tokens with span-aware grid, no network."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from core.document import Document, ReadError
from core.readers.html import read_html
from tests.corpus import real

SHANGHAI = real("2019_shanghai-municipal-general-office.html")
PINGTAN = real("2024_fujian-pingtan-zone.html")

COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]


def _read(path: Path) -> Document:
    return read_html(path.read_bytes(), str(path))


def _grid(doc: Document, grid: int) -> dict[tuple[int, int], str]:
    assert doc.tokens is not None
    return {(t.row, t.col): t.text for t in doc.tokens if t.grid == grid}  # type: ignore[misc]


def _row_of(cells: dict[tuple[int, int], str], label: str) -> int:
    rows = [r for (r, _c), text in cells.items() if text.startswith(label)]
    assert len(rows) == 1, (label, rows)
    return rows[0]


def _values(cells: dict[tuple[int, int], str], row: int) -> list[str]:
    return [cells[(row, c)] for c in range(3, 10)]


def _assert_offsets(doc: Document) -> None:
    assert doc.tokens
    lines_start = {0} | {i + 1 for i, ch in enumerate(doc.text) if ch == "\n"}
    for tok in doc.tokens:
        assert tok.loc is not None and tok.loc.start is not None and tok.loc.end is not None
        assert doc.text[tok.loc.start : tok.loc.end] == tok.text
        assert tok.loc.start in lines_start  # each cell is its own line


# --- real files ------------------------------------------------------------------------


def test_shanghai_applications_table() -> None:
    doc = _read(SHANGHAI)
    assert doc.encoding == "utf-8"
    assert doc.source_format == "html"
    cells = _grid(doc, 1)
    assert cells[(0, 0)].startswith("（本列数据的勾稽关系为")
    assert cells[(0, 3)] == "申请人情况"
    assert cells[(1, 3)] == "自然人"
    assert cells[(1, 4)] == "法人或其他组织"
    assert cells[(1, 9)] == "总计"
    assert [cells[(2, c)] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]

    new = _row_of(cells, "一、本年新收")
    assert new == 3
    assert (new, 0) in cells and (new, 1) not in cells and (new, 2) not in cells  # colspan=3
    assert _values(cells, new) == ["821", "35", "", "", "2", "1", "859"]
    assert _values(cells, _row_of(cells, "二、上年结转")) == ["18", "", "", "", "", "", "18"]

    disclosed = _row_of(cells, "（一）予以公开")
    assert cells[(disclosed, 0)] == "三、本年度办理结果"  # rowspan=20 label, once, at its top
    assert _values(cells, disclosed) == ["258", "12", "", "", "1", "1", ""]  # 总计 blank (&nbsp;)
    secret = _row_of(cells, "1.属于国家秘密")
    assert cells[(secret, 1)] == "（三）不予公开"
    assert cells[(secret, 2)] == "1.属于国家秘密"
    assert _values(cells, secret)[0] == "14"
    # Rows under a rowspan start further right: label at col 2, values still at 3..9.
    process = _row_of(cells, "6.属于四类过程性信息")
    assert (process, 0) not in cells and (process, 1) not in cells
    assert _values(cells, process) == ["3", "1", "", "", "", "", ""]
    assert _values(cells, _row_of(cells, "（七）总计")) == ["767", "35", "", "", "2", "1", "805"]
    assert _values(cells, _row_of(cells, "四、结转下年度")) == ["72", "", "", "", "", "", "72"]
    _assert_offsets(doc)


def test_shanghai_other_tables_and_text() -> None:
    doc = _read(SHANGHAI)
    assert sorted({t.grid for t in doc.tokens or []}) == [0, 1, 2]
    art20 = _grid(doc, 0)
    assert art20[(2, 0)] == "规章"
    assert art20[(1, 1)] == "本年新制作数量"  # "本年新<br />制作数量": no blank between Chinese
    assert (art20[(2, 1)], art20[(2, 2)], art20[(2, 4)]) == ("13", "13", "524")
    reviews = _grid(doc, 2)
    assert reviews[(0, 0)] == "行政复议" and reviews[(0, 5)] == "行政诉讼"
    assert [reviews[(3, c)] for c in range(5)] == ["5", "", "", "2", "7"]
    assert [reviews[(3, c)] for c in range(5, 10)] == ["8", "", "", "1", "9"]

    lines = doc.text.split("\n")
    assert lines[0] == "2019年上海市人民政府办公厅政府信息公开工作年度报告"
    assert lines[1] == "发布日期：2020-01-31"
    for heading in ("一、总体情况", "三、收到和处理政府信息公开申请情况", "六、其他需要报告的事项"):
        assert heading in lines
    assert lines[-1] == "无。"
    # &lt;…&gt; entities come out as the characters.
    assert "《上海市贯彻<长江三角洲区域一体化发展规划纲要>实施方案》" in doc.text


def test_pingtan_keeps_header_and_reads_split_labels() -> None:
    doc = _read(PINGTAN)
    lines = doc.text.split("\n")
    assert lines[0] == "平潭综合实验区2024年度政府信息公开工作年度报告"
    assert any("2025-03-10" in line for line in lines[:4])
    assert "一、总体情况" in lines
    cells = _grid(doc, 1)
    assert [cells[(2, c)] for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert cells[(5, 0)] == "三、本年度办理结果"  # "<p>三、本</p><p>年度办</p><p>理结果</p>"
    assert _values(cells, _row_of(cells, "一、本年新收")) == ["217", "1", "0", "0", "0", "0", "218"]
    other = _row_of(cells, "1.申请人无正当理由逾期不补正")
    assert cells[(other, 1)] == "（六）其他处理"
    assert _values(cells, _row_of(cells, "3.其他")) == ["1", "1", "0", "0", "0", "0", "2"]
    assert _values(cells, _row_of(cells, "（七）总计"))[-1] == "218"
    reviews = _grid(doc, 2)
    assert [reviews[(3, c)] for c in range(15)] == [
        "2", "1", "3", "1", "7", "0", "0", "0", "0", "0", "13", "2", "4", "0", "19",
    ]  # fmt: skip
    _assert_offsets(doc)


# --- generated pages -------------------------------------------------------------------

REPORT_BODY = """
<p>一、总体情况</p><p>本年度共收到申请3件。</p>
<p>二、主动公开政府信息情况</p><p>主动公开信息120条。</p>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
 <tr><td rowspan="2" colspan="2">项目</td><td colspan="2">申请人</td><td rowspan="2">总计</td></tr>
 <tr><td>自然人</td><td>商业企业</td></tr>
 <tr><td rowspan="2">三、办理结果</td><td>（一）予以公开</td><td>2</td><td>&nbsp;</td><td>2</td></tr>
 <tr><td>（二）部分公开</td><td> 1 </td><td><p>&nbsp;</p></td><td>1</td></tr>
</table>
<p>四、政府信息公开行政复议、行政诉讼情况</p><p>无。</p>
"""


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<!DOCTYPE html><html><head>{head}<title>页面标题</title></head><body>{body}</body></html>"


def test_generated_spans() -> None:
    doc = read_html(_page(REPORT_BODY).encode("utf-8"), "g.html")
    cells = _grid(doc, 0)
    assert cells == {
        (0, 0): "项目", (0, 2): "申请人", (0, 4): "总计",
        (1, 2): "自然人", (1, 3): "商业企业",
        (2, 0): "三、办理结果", (2, 1): "（一）予以公开", (2, 2): "2", (2, 3): "", (2, 4): "2",
        (3, 1): "（二）部分公开", (3, 2): "1", (3, 3): "", (3, 4): "1",
    }  # fmt: skip
    _assert_offsets(doc)
    empty = [t for t in doc.tokens or [] if t.text == ""]
    assert all(t.loc is not None and t.loc.start == t.loc.end for t in empty)
    assert "页面标题" not in doc.text  # <head> is not the report


@pytest.mark.parametrize("meta", ['<meta charset="gbk">', "<meta charset=gb2312>"])
def test_meta_charset_gbk(meta: str) -> None:
    raw = _page(REPORT_BODY, head=meta).encode("gbk")
    doc = read_html(raw, "g.html")
    assert doc.encoding == "gb18030"
    assert "本年度共收到申请3件。" in doc.text


def test_http_equiv_charset() -> None:
    head = '<meta http-equiv="Content-Type" content="text/html; charset=GB2312">'
    doc = read_html(_page(REPORT_BODY, head=head).encode("gb18030"), "g.html")
    assert doc.encoding == "gb18030"
    assert "一、总体情况" in doc.text


def test_wrong_meta_charset_falls_back() -> None:
    # Declares UTF-8 but was saved as GBK: the bytes win.
    doc = read_html(_page(REPORT_BODY).encode("gbk"), "g.html")
    assert doc.encoding == "gb18030"
    assert "主动公开信息120条。" in doc.text


def test_no_meta_detects_encoding() -> None:
    doc = read_html(_page(REPORT_BODY, head="").encode("gb18030"), "g.html")
    assert doc.encoding == "gb18030"
    assert "主动公开信息120条。" in doc.text


def test_utf16_with_bom() -> None:
    doc = read_html(_page(REPORT_BODY, head="").encode("utf-16"), "g.html")
    assert doc.encoding == "utf-16"
    assert "一、总体情况" in doc.text


CHROME_PAGE = """
<div class="top"><a href="/">首页</a> | <a href="/zwgk">政务公开</a> | <a href="/hd">互动交流</a></div>
<div class="nav"><ul><li><a href="/a">机构概况</a></li><li><a href="/b">政策文件</a></li></ul></div>
<div class="main">
 <div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>
 <div class="left"><h3>相关栏目</h3><ul><li><a href="/x">政府信息公开指南</a></li>
   <li><a href="/y">政府信息公开制度</a></li></ul></div>
 <div class="right">
  <h1 class="title">某某区2024年政府信息公开工作年度报告</h1>
  <div class="info">发布时间：2025-01-20　来源：区政府办公室　【字体：大 中 小】 打印</div>
  <div class="TRS_Editor" id="zoom">REPORT</div>
  <div class="share">分享到：微信 微博</div>
  <div class="pages"><a href="/p">上一篇：某某区2023年报告</a> <a href="/n">下一篇：无</a></div>
 </div>
</div>
<div class="footer"><p>主办单位：某某区人民政府办公室　承办单位：某某区大数据中心</p>
<p>网站标识码：3500000000　闽ICP备12345678号　闽公网安备 35000000000000号</p>
<p>地址：某某区某某路1号　联系电话：0591-12345678　本网站由某某区人民政府主办，欢迎提出意见和建议，
我们会认真对待每一条留言，并及时改进网站的内容与服务质量。</p></div>
<script>document.write("脚本里的字不是正文");</script>
"""


# A report is thousands of characters; the page chrome a few hundred.
LONG_PARAGRAPH = "<p>" + "本机关坚持以公开为常态、不公开为例外，持续深化政务公开，" * 40 + "</p>"


def test_chrome_removed_header_kept() -> None:
    report = REPORT_BODY.replace(
        "<p>本年度共收到申请3件。</p>", "<p>本年度共收到申请3件。</p>" + LONG_PARAGRAPH
    )
    doc = read_html(_page(CHROME_PAGE.replace("REPORT", report)).encode("utf-8"), "g.html")
    lines = doc.text.split("\n")
    assert lines[0] == "某某区2024年政府信息公开工作年度报告"
    assert lines[1].startswith("发布时间：2025-01-20")
    assert lines[2] == "一、总体情况"
    assert lines[-1] == "无。"
    for chrome in ("相关栏目", "机构概况", "当前位置", "网站标识码", "分享到", "上一篇", "脚本里的字"):
        assert chrome not in doc.text
    assert _grid(doc, 0)[(2, 2)] == "2"
    _assert_offsets(doc)


def test_layout_table_around_data_table() -> None:
    page = f"""
    <table width="100%"><tr><td class="nav"><a href="/">首页</a></td></tr>
    <tr><td><table><tr><td>左栏</td></tr></table>
            <div class="content">{REPORT_BODY}</div></td></tr></table>"""
    doc = read_html(_page(page).encode("utf-8"), "g.html")
    assert doc.tokens is not None
    assert {t.grid for t in doc.tokens} == {0}  # only the data table, not the layout one
    assert _grid(doc, 0)[(3, 2)] == "1"
    assert "一、总体情况" in doc.text
    _assert_offsets(doc)


def test_nothing_executed_or_fetched(monkeypatch: pytest.MonkeyPatch) -> None:
    page = f"""
    <script>alert("执行了脚本")</script><style>p {{ color: red }} .x:after {{ content: "样式文字" }}</style>
    <noscript>请启用脚本</noscript>
    <iframe src="http://example.com/frame.html">框架内容</iframe>
    <object data="http://example.com/x.swf">对象内容</object><embed src="http://example.com/e.swf">
    <template><p>模板内容</p></template>
    <img src="http://example.com/logo.png" alt="标志">
    <link rel="stylesheet" href="http://example.com/s.css">
    {REPORT_BODY}
    <script src="http://example.com/track.js"></script>"""
    raw = _page(page).encode("utf-8")

    def no_network(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the reader opened a socket")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    doc = read_html(raw, "g.html")
    for hidden in ("执行了脚本", "样式文字", "请启用脚本", "框架内容", "对象内容", "模板内容", "color"):
        assert hidden not in doc.text
    assert "一、总体情况" in doc.text and "主动公开信息120条。" in doc.text


def test_deep_nesting_does_not_crash() -> None:
    page = "<div>" * 20000 + "<p>一、总体情况</p><p>正文</p>" + "</div>" * 20000
    doc = read_html(_page(page).encode("utf-8"), "g.html")
    assert "正文" in doc.text


@pytest.mark.parametrize(
    "raw",
    [b"", b"\x00\x01\x02\x03" * 500, _page("<script>var a = 1;</script>").encode()],
    ids=["empty", "binary", "no-text"],
)
def test_bad_input(raw: bytes) -> None:
    with pytest.raises(ReadError):
        read_html(raw, "g.html")


def test_hostile_spans_and_nesting_are_read() -> None:
    # Their time is scripts/bench.py --micro's (a hang would stop the suite, not pass it).
    rows = '<tr><td colspan="99999" rowspan="99999">1</td><td>2</td></tr>' * 1500
    doc = read_html(_page(f"<table>{rows}</table>").encode(), "g.html")
    assert len(doc.tokens or []) == 3000
    nested = "<table><tr><td>" * 2000 + "<p>一、总体情况</p>" + "</td></tr></table>" * 2000
    assert "一、总体情况" in read_html(_page(nested).encode(), "g.html").text
