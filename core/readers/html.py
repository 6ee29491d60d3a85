"""Saved web pages: decode, keep the article, lay it out as lines, tables cell by cell.

Government sites wrap the report in navigation, breadcrumbs, sidebars and footers. The
reader picks the element that holds the report (all its tables and 一、二、三、 headings and
nearly all its text), keeps the title and 发布时间 lines sitting just above it, and drops
the rest. When unsure it keeps more: chrome costs a few stray lines, a lost paragraph
costs a finding.

Nothing is executed or fetched: scripts, frames and objects are dropped before the text is
taken, images and links are plain inline content, and lxml's parser never loads anything.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from bs4 import BeautifulSoup
from bs4.element import NavigableString, PageElement, Tag

from core.document import Document, ReadError, Token
from core.readers.encoding import decode_text
from core.readers.textflow import TextBuilder, collapse, join_pieces

# Their content is never report text, and some of it would be executed or fetched by a
# browser; removed before anything else looks at the tree.
_DROP_TAGS = {
    "script", "style", "noscript", "iframe", "frame", "frameset", "object", "applet",
    "template", "head", "title", "svg", "math", "canvas", "video", "audio", "map", "select",
    "button", "textarea", "option",
}  # fmt: skip
# Void elements: libxml2's HTML4 parser does not know some (<embed>, <source>) and nests the
# rest of the page inside them, so they are unwrapped (children kept), never dropped whole.
_UNWRAP_TAGS = {"embed", "source", "track", "wbr", "param", "keygen", "input", "meta", "link", "base"}

# Elements that start and end a line of text.
_BLOCK_TAGS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr table tbody thead tfoot caption blockquote "
    "pre section article main header footer nav aside address figure figcaption form fieldset "
    "legend center hr details summary body html td th".split()
)

# Ids / classes content-management systems give the article body (TRS, Hanweb, …).
_CONTENT_HINT_RE = re.compile(
    r"trs_editor|trs_paper|custom_unionstyle|zoom|article|content|detail|main[-_]?text|"
    r"con_?text|wenzhang|zhengwen|xxgk_?nr|news_?con|view",
    re.IGNORECASE,
)

_HEADING_RE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")
_TITLE_RE = re.compile(r"年度?报告|年报")
_DATE_RE = re.compile(
    r"发布(时间|日期)|成文日期|(^|\s)(时间|日期|来源|发布机构|发文机关)[:：]|\d{4}\s*[-/年]\s*\d{1,2}\s*[-/月]\s*\d{1,2}"
)
_BREADCRUMB_RE = re.compile(r"当前位置|您的位置|你的位置|首页\s*[>＞»›/]")
# Footer / tool-bar lines: trimmed only at the very start or end of the kept text.
_CHROME_RE = re.compile(
    r"备案|网站标识码|主办单位|承办单位|主办：|上一篇|下一篇|分享到|打印本页|【?打印】?$|关闭窗口|"
    r"字体[:：]?\s*【?\s*大|字号[:：]|版权所有|技术支持|联系我们|网站地图|浏览次数|访问量|扫一扫|"
    r"^【?\s*(大|中|小)\s*(中|小)?\s*】?$|^(打印|关闭|收藏|分享)(\s*[|｜]\s*(打印|关闭|收藏|分享))*$"
)

# Column spans beyond this are typos or hostile; clamping keeps the grid bookkeeping small
# (row spans are clamped to the rows the table has).
_MAX_COLSPAN = 100
# No report table is this wide; past it the cursor stops skipping covered columns, which
# keeps hostile rowspan staircases linear.
_MAX_COLUMNS = 1000


def _is_chrome(line: str) -> bool:
    return len(line) <= 200 and bool(_CHROME_RE.search(line))


def read_html(data: bytes, path: str) -> Document:
    """Read a saved web page; raises ReadError for empty, binary or text-less input."""
    decoded = decode_text(data, declared=declared_charset(data))
    try:
        soup = BeautifulSoup(decoded.text, "lxml")
        text, tokens = _layout(soup)
    except RecursionError as exc:
        raise ReadError("网页结构嵌套过深，无法读取") from exc
    if not text.strip():
        raise ReadError("网页中没有找到正文文字")
    return Document(
        path=path,
        source_format="html",
        text=text,
        encoding=decoded.encoding,
        tokens=tokens,
        notes=list(decoded.notes),
    )


_META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def declared_charset(data: bytes) -> str | None:
    """The charset the page names in ``<meta charset>`` / http-equiv / the XML declaration."""
    match = _META_CHARSET_RE.search(data[:8192])
    if not match:
        return None
    label = match.group(1) or match.group(2)
    return label.decode("ascii", errors="ignore") or None


def _layout(soup: BeautifulSoup) -> tuple[str, list[Token]]:
    # bs4's find_all is slow on its generic matcher; one plain pass over the tree instead.
    doomed: list[PageElement] = []
    hollow: list[Tag] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            if node.name in _DROP_TAGS:
                doomed.append(node)
            elif node.name in _UNWRAP_TAGS:
                hollow.append(node)
        elif type(node) is not NavigableString:
            # Comments, CDATA, doctype, processing instructions: not text a reader sees.
            doomed.append(node)
    for node in doomed:
        node.extract()
    for tag in reversed(hollow):  # innermost first, so each unwrap sees a live parent
        if tag.parent is not None:
            tag.unwrap()
    root = soup.body or soup
    stats = _compute_stats(root)
    data = {key for key, st in stats.items() if st.is_table and not st.nested and st.cells > 1}
    container = choose_container(root, stats, data)
    builder = TextBuilder()
    for header in _header_elements(container, root):
        builder.newline()
        _emit(header, builder, data)
        builder.newline()
    _emit(container, builder, data)
    builder.trim(lambda line: _is_chrome(line) or bool(_BREADCRUMB_RE.search(line)), _is_chrome)
    return builder.build()


# --- choosing the article ----------------------------------------------------------------


@dataclass
class _Stats:
    text: int = 0  # non-blank characters outside links
    links: int = 0  # non-blank characters inside <a>
    tables: int = 0  # data tables
    headings: int = 0
    cells: int = 0  # td/th below (what makes a table a data table: more than one)
    nested: bool = False  # a <table> somewhere below
    is_table: bool = False


def _compute_stats(root: Tag) -> dict[int, _Stats]:
    """Per element (by id()), the text, link text, tables and 一、 headings it holds.

    One bottom-up pass over the reversed pre-order list, so no recursion on deep pages.
    """
    stats: dict[int, _Stats] = {}
    nodes = [root, *root.descendants]
    for node in reversed(nodes):
        parent = node.parent
        if isinstance(node, Tag):
            own = stats.setdefault(id(node), _Stats())
            if node.name == "a":
                own.links += own.text
                own.text = 0
            if node.name == "table":
                own.is_table = True
                if not own.nested and own.cells > 1:
                    own.tables += 1
            if node is root or parent is None:
                continue
            up = stats.setdefault(id(parent), _Stats())
            up.text += own.text
            up.links += own.links
            up.tables += own.tables
            up.headings += own.headings
            up.cells += own.cells + (node.name in ("td", "th"))
            up.nested = up.nested or own.nested or own.is_table
        elif isinstance(node, NavigableString) and parent is not None:
            s = str(node)
            n = len(s) - sum(1 for ch in s if ch.isspace())
            if n:
                up = stats.setdefault(id(parent), _Stats())
                up.text += n
                if _HEADING_RE.match(s.strip()):
                    up.headings += 1
    return stats


def _has_table(tag: Tag) -> bool:
    return any(isinstance(d, Tag) and d.name == "table" for d in tag.descendants)


def _descendable(tag: Tag, data: set[int]) -> bool:
    """Containers only: never into a paragraph (we would lose its siblings) or a data table."""
    if tag.name in ("table", "tbody", "thead", "tfoot", "tr", "td", "th"):
        table = tag if tag.name == "table" else next((p for p in tag.parents if p.name == "table"), None)
        if table is None or id(table) in data:
            return False
    return any(isinstance(c, Tag) and c.name in _BLOCK_TAGS for c in tag.children)


def choose_container(root: Tag, stats: dict[int, _Stats], data: set[int]) -> Tag:
    """The element holding the report: walk down while one child holds all of it."""
    node = root
    while True:
        here = stats[id(node)]
        kids = [c for c in node.children if isinstance(c, Tag) and id(c) in stats]
        if not kids:
            break
        best = max(kids, key=lambda c: stats[id(c)].text)
        mine = stats[id(best)]
        if not _descendable(best, data) or mine.text == 0:
            break
        structured = here.tables + here.headings > 0
        if structured:
            holds_all = mine.tables == here.tables and mine.headings == here.headings
            # What we would drop must look like chrome: small next to the article.
            if not holds_all or here.text - mine.text > 0.35 * mine.text:
                break
        elif mine.text < 0.85 * here.text:
            break
        node = best
    return _prefer_hinted(node, stats)


def _prefer_hinted(node: Tag, stats: dict[int, _Stats]) -> Tag:
    """Inside the chosen element, a CMS article box (TRS_Editor, zoom…) holding the whole
    report is a safer cut than the generic walk: chrome there can be text-heavy."""
    here = stats[id(node)]
    if here.tables + here.headings == 0:
        return node
    for tag in node.descendants:
        if not isinstance(tag, Tag):
            continue
        hint = " ".join([str(tag.get("id") or ""), *(tag.get("class") or [])])
        if not hint.strip() or not _CONTENT_HINT_RE.search(hint):
            continue
        s = stats.get(id(tag))
        if s and s.tables == here.tables and s.headings == here.headings and s.text >= 0.5 * here.text:
            return tag  # outermost match: descendants come in document (pre-)order
    return node


def _header_elements(container: Tag, root: Tag) -> list[Tag]:
    """Title / 发布时间 elements just above the chosen container, in document order."""
    found: list[Tag] = []
    node = container
    budget = 8
    while node is not root and node.parent is not None and budget > 0:
        for sib in node.previous_siblings:
            if budget <= 0:
                break
            if not isinstance(sib, Tag):
                continue
            text = collapse(sib.get_text(" "))
            if not text:
                continue
            budget -= 1
            if _BREADCRUMB_RE.search(text) or len(text) > 300 or _has_table(sib):
                return list(reversed(found))
            if _TITLE_RE.search(text) or _DATE_RE.search(text):
                found.append(sib)
            elif not _is_chrome(text) and len(text) > 60:
                # Real prose we did not choose: stop rather than stitch distant bits together.
                return list(reversed(found))
        node = node.parent
    return list(reversed(found))


# --- laying out the text -------------------------------------------------------------------


def _emit(root: Tag, builder: TextBuilder, data: set[int]) -> None:
    """Walk ``root`` (iteratively) into ``builder``: blocks as lines, tables cell by cell."""
    stack: list[PageElement | None] = [root]
    while stack:
        node = stack.pop()
        if node is None:  # end of a block element
            builder.newline()
            continue
        if isinstance(node, NavigableString):
            builder.inline(str(node))
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "br":
            builder.newline()
            continue
        if node.name == "table" and node is not root:
            _emit_table(node, builder, data)
            continue
        if node.name in _BLOCK_TAGS:
            builder.newline()
            stack.append(None)
        stack.extend(reversed(list(node.children)))


def _rows(table: Tag) -> Iterator[Tag]:
    for child in table.children:
        if not isinstance(child, Tag):
            continue
        if child.name == "tr":
            yield child
        elif child.name in ("thead", "tbody", "tfoot"):
            yield from (tr for tr in child.children if isinstance(tr, Tag) and tr.name == "tr")


def _cells(row: Tag) -> list[Tag]:
    return [c for c in row.children if isinstance(c, Tag) and c.name in ("td", "th")]


def _span(cell: Tag, attr: str, limit: int) -> int:
    raw = str(cell.get(attr) or "1").strip()
    digits = re.match(r"\d{1,6}", raw)
    value = int(digits.group()) if digits else 1
    return max(1, min(value, limit))  # rowspan=0 ("to the end") counts as 1


def _emit_table(table: Tag, builder: TextBuilder, data: set[int]) -> None:
    rows = list(_rows(table))
    if not rows:
        builder.newline()
        _emit_children(table, builder, data)
        return
    if id(table) not in data:
        # Page layout, not data: its cells are just containers; the inner table matters.
        for row in rows:
            for cell in _cells(row):
                builder.newline()
                _emit(cell, builder, data)
                builder.newline()
        return
    caption = next((c for c in table.children if isinstance(c, Tag) and c.name == "caption"), None)
    if caption is not None:
        builder.line(caption.get_text(" "))
    grid = builder.next_grid()
    # Per column, the first row not covered by a rowspan from above: O(colspan) per cell,
    # where a set of covered (row, col) pairs could explode on hostile rowspans.
    free_from: dict[int, int] = {}
    for r, row in enumerate(rows):
        col = 0
        for cell in _cells(row):
            while col < _MAX_COLUMNS and free_from.get(col, 0) > r:
                col += 1
            rowspan = _span(cell, "rowspan", len(rows) - r)
            colspan = _span(cell, "colspan", _MAX_COLSPAN)
            for c in range(col, col + colspan):
                free_from[c] = max(free_from.get(c, 0), r + rowspan)
            builder.cell(_cell_text(cell, data), grid, r, col)
            col += colspan


def _emit_children(tag: Tag, builder: TextBuilder, data: set[int]) -> None:
    for child in tag.children:
        if isinstance(child, Tag):
            _emit(child, builder, data)
        elif isinstance(child, NavigableString):
            builder.inline(str(child))


def _cell_text(cell: Tag, data: set[int]) -> str:
    """A cell's text on one line; its paragraphs / <br> pieces joined without gaps in Chinese."""
    sub = TextBuilder()
    _emit(cell, sub, data)
    return join_pieces(sub.lines())
