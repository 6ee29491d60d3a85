"""Word (.docx) reports: paragraphs and tables in body order, table cells as tokens.

python-docx opens the package; the body XML is then walked directly, because its
high-level API lists paragraphs and tables separately (losing their interleaving) and
returns a merged cell once per grid position it covers. Here a merged cell (gridSpan,
vMerge) is emitted once, at its top-left grid position, as the HTML reader does.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from lxml import etree

from core.document import Document, ReadError
from core.readers.encoding import MAX_TEXT_BYTES
from core.readers.textflow import TextBuilder, join_pieces

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"

# Zip-bomb guards, checked on the central directory before python-docx inflates anything.
# zipfile never inflates a member past its declared size, so the declared sizes bound the work.
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100  # only enforced above RATIO_FLOOR: small XML parts compress very well
RATIO_FLOOR = 10 * 1024 * 1024
MAX_MEMBERS = 10_000

# Wrappers that may sit between a table / row and its rows / cells (content controls,
# custom XML, tracked insertions); their children count as the wrapper's parent's.
_WRAPPERS = {_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "ins", _W + "moveTo", _W + "smartTag"}
# Content that is not current text: deleted / moved-away runs, the duplicate fallback
# rendering of text boxes, run properties.
_SKIP = {_W + "del", _W + "moveFrom", _MC_FALLBACK, _W + "rPr", _W + "pPr", _W + "instrText", _W + "delText"}


def read_docx(path: str | os.PathLike[str]) -> Document:
    """Read a .docx report; raises ReadError for empty, corrupt, non-Word or bomb files."""
    path = Path(path)
    _check_package(path)
    try:
        body = docx.Document(str(path)).element.body
    except Exception as exc:  # python-docx / zipfile / lxml raise many kinds for bad input
        raise ReadError("DOCX 文件已损坏或不是 Word 文档，无法打开") from exc
    builder = TextBuilder()
    try:
        _emit_blocks(body, builder)
    except RecursionError as exc:
        raise ReadError("Word 文档表格嵌套过深，无法读取") from exc
    text, tokens = builder.build()
    if not text.strip():
        raise ReadError("Word 文档中没有文字")
    return Document(path=str(path), source_format="docx", text=text, encoding=None, tokens=tokens)


def _check_package(path: Path) -> None:
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ReadError(f"无法打开文件：{exc.strerror or exc}") from exc
    if size == 0:
        raise ReadError("文件为空")
    if size > MAX_TEXT_BYTES:
        raise ReadError(f"文件过大（{size / 1024 / 1024:.0f} MB），不像一份年度报告")
    try:
        with zipfile.ZipFile(path) as zf:
            members = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ReadError("DOCX 文件已损坏（不是完整的 ZIP 压缩包）") from exc
    if len(members) > MAX_MEMBERS:
        raise ReadError(f"DOCX 文件异常：压缩包内有 {len(members)} 个文件")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > MAX_UNPACKED_BYTES or (unpacked > RATIO_FLOOR and unpacked > MAX_RATIO * max(packed, 1)):
        raise ReadError(f"DOCX 文件异常：解压后 {unpacked / 1024 / 1024:.0f} MB，疑似压缩炸弹，已拒绝")
    if not any(m.filename == "word/document.xml" for m in members):
        raise ReadError("DOCX 文件已损坏或不是 Word 文档（缺少 word/document.xml）")


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Child elements, looking through content-control / custom-XML wrappers."""
    for child in el:
        if not isinstance(child.tag, str):
            continue  # comments, processing instructions
        if child.tag in _WRAPPERS:
            yield from _children(child)
        else:
            yield child


def _emit_blocks(container: etree._Element, builder: TextBuilder) -> None:
    for el in _children(container):
        if el.tag == _W + "p":
            for line in _paragraph_text(el).split("\n"):
                builder.line(line)
        elif el.tag == _W + "tbl":
            _emit_table(el, builder)


def _paragraph_text(p: etree._Element) -> str:
    """A paragraph's visible text, "\\n" at manual line breaks (iterative: no deep recursion)."""
    out: list[str] = []
    stack = [iter(p)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            continue
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag == _W + "t":
            out.append(child.text or "")
        elif tag in (_W + "tab", _W + "ptab"):
            out.append(" ")
        elif tag in (_W + "br", _W + "cr"):
            out.append("\n")
        elif tag == _W + "noBreakHyphen":
            out.append("-")
        elif tag == _W + "p":  # a text box's paragraph inside this one
            out.append("\n")
            stack.append(iter(child))
        else:
            stack.append(iter(child))
    return "".join(out)


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return [el for el in _children(tbl) if el.tag == _W + "tr"]


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [el for el in _children(tr) if el.tag == _W + "tc"]


def _prop_val(parent: etree._Element | None, *names: str) -> tuple[bool, str | None]:
    """Whether the property path exists under ``parent``, and its w:val."""
    el = parent
    for name in names:
        if el is None:
            return False, None
        el = el.find(_W + name)
    if el is None:
        return False, None
    return True, el.get(_W + "val")


def _int_val(parent: etree._Element | None, *names: str, default: int = 1) -> int:
    _, raw = _prop_val(parent, *names)
    try:
        value = int(raw) if raw is not None else default
    except ValueError:
        return default
    return max(0, min(value, 100))  # Word allows at most 63 columns; anything above is junk


def _is_continuation(tc: etree._Element) -> bool:
    """A cell covered by the merged cell above (vMerge) or to the left (legacy hMerge)."""
    tc_pr = tc.find(_W + "tcPr")
    for name in ("vMerge", "hMerge"):
        present, val = _prop_val(tc_pr, name)
        if present and val in (None, "continue"):
            return True
    return False


def _has_nested_table(tbl: etree._Element) -> bool:
    return any(True for _ in tbl.iterdescendants(_W + "tbl"))


def _emit_table(tbl: etree._Element, builder: TextBuilder) -> None:
    rows = _rows(tbl)
    if not rows:
        return
    if _has_nested_table(tbl):
        # Layout table: its cells are containers; the inner tables carry the data.
        for tr in rows:
            for tc in _cells(tr):
                _emit_blocks(tc, builder)
        return
    grid = builder.next_grid()
    for r, tr in enumerate(rows):
        col = _int_val(tr.find(_W + "trPr"), "gridBefore", default=0)
        for tc in _cells(tr):
            span = max(1, _int_val(tc.find(_W + "tcPr"), "gridSpan"))
            if not _is_continuation(tc):
                builder.cell(_cell_text(tc), grid, r, col)
            col += span


def _cell_text(tc: etree._Element) -> str:
    pieces: list[str] = []
    for el in _children(tc):
        if el.tag == _W + "p":
            pieces.extend(_paragraph_text(el).split("\n"))
        elif el.tag == _W + "tbl":  # only reached for malformed tables; keep the words
            pieces.extend(_paragraph_text(el).split("\n"))
    return join_pieces([_strip(p) for p in pieces])


def _strip(piece: str) -> str:
    return " ".join(piece.split())
