"""Text laid out as lines, one per block and one per table cell, with the cells as tokens:
how the HTML and DOCX readers both turn a tree of blocks and tables into ``Document.text``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.document import Token
from core.model import Loc

_CJK = "\u2e80-\u9fff\u3000-\u303f\uff00-\uffef"
# A source line break between two Chinese characters is not a space (the writer's editor
# wrapped the line); elsewhere whitespace collapses to one blank.
_CJK_BREAK_RE = re.compile(rf"(?<=[{_CJK}])[^\S\n]*\n\s*(?=[{_CJK}])")
_WS_RE = re.compile(r"\s+")
_INVISIBLE_RE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_WIDE_RE = re.compile(rf"[{_CJK}]")


def collapse(text: str) -> str:
    """One line of display text: invisible characters gone, whitespace runs as one blank."""
    text = _INVISIBLE_RE.sub("", text)
    text = _CJK_BREAK_RE.sub("", text)
    return _WS_RE.sub(" ", text).strip()


def join_pieces(pieces: list[str]) -> str:
    """Join the lines of one cell: no blank between Chinese characters (商业 / 企业 → 商业企业)."""
    out = ""
    for piece in pieces:
        if not piece:
            continue
        if out and not (_WIDE_RE.match(out[-1]) and _WIDE_RE.match(piece[0])):
            out += " "
        out += piece
    return out


@dataclass
class _Entry:
    text: str
    cell: tuple[int, int, int] | None = None  # (grid, row, col) when the line is a table cell


class TextBuilder:
    """Collects the document as lines (one per block, one per table cell) and the cell tokens.

    The HTML and DOCX readers both lay their text out with it, the same way.
    """

    def __init__(self) -> None:
        self.entries: list[_Entry] = []
        self._inline: list[str] = []
        self.grids = 0

    def inline(self, text: str) -> None:
        self._inline.append(text)

    def newline(self) -> None:
        if self._inline:
            line = collapse("".join(self._inline))
            self._inline = []
            if line:
                self.entries.append(_Entry(line))

    def line(self, text: str) -> None:
        self.newline()
        text = collapse(text)
        if text:
            self.entries.append(_Entry(text))

    def next_grid(self) -> int:
        self.newline()
        self.grids += 1
        return self.grids - 1

    def cell(self, text: str, grid: int, row: int, col: int) -> None:
        # Empty cells keep their (empty) line: a row of seven cells stays seven lines.
        self.entries.append(_Entry(collapse(text), (grid, row, col)))

    def lines(self) -> list[str]:
        self.newline()
        return [e.text for e in self.entries]

    def trim(self, at_start: Callable[[str], bool], at_end: Callable[[str], bool]) -> None:
        """Drop the lines (never table cells) at the very start that ``at_start`` calls
        chrome, and those at the very end that ``at_end`` does (tool bars, footers)."""
        self.newline()
        while self.entries and self.entries[-1].cell is None and at_end(self.entries[-1].text):
            self.entries.pop()
        start = 0
        while start < len(self.entries) and self.entries[start].cell is None and at_start(self.entries[start].text):
            start += 1
        del self.entries[:start]

    def build(self) -> tuple[str, list[Token]]:
        self.newline()
        parts: list[str] = []
        tokens: list[Token] = []
        offset = 0
        for entry in self.entries:
            if entry.cell is not None:
                grid, row, col = entry.cell
                loc = Loc(start=offset, end=offset + len(entry.text))
                tokens.append(Token(entry.text, loc, grid=grid, row=row, col=col))
            parts.append(entry.text)
            offset += len(entry.text) + 1
        return "\n".join(parts), tokens
