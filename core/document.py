"""What a reader hands the engine: the decoded text and, where the source has real
tables, their cells in reading order.

Readers (``core/readers``) know file formats; everything after them works on a
``Document`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from core.model import Loc, union_loc


class ReadError(Exception):
    """A file that cannot be read at all; the message is shown to the reviewer as is."""


@dataclass
class Token:
    """One piece of table text in reading order.

    From a real table (PDF ruling, HTML ``<td>``, Word cell) a token is exactly one
    cell, empty cells included, and ``grid``/``row``/``col`` say where it sits; a merged
    cell appears once, at its top-left position. From flattened text a token is a line
    or a ``|``-separated piece of one, and ``grid`` is None.
    """

    text: str
    loc: Loc | None
    grid: int | None = None
    row: int | None = None
    col: int | None = None


@dataclass
class Document:
    path: str
    source_format: str  # pdf | html | txt | docx
    text: str  # what the viewer shows; text locs are offsets into it
    encoding: str | None = None
    page_count: int | None = None
    # Cells of the real tables, in reading order (None: the source has no table structure,
    # tables are rebuilt from ``text``).
    tokens: list[Token] | None = None
    # For PDFs: per character of ``text``, (page, x0, top, x1, bottom) or None for
    # characters the extractor generated (line breaks).
    char_boxes: list[tuple[int, float, float, float, float] | None] | None = None
    # Pages (1-based) without a text layer, for PDFs.
    pages_without_text: list[int] = field(default_factory=list)
    # Reader remarks that are not failures (e.g. "encoding guessed").
    notes: list[str] = field(default_factory=list)

    def loc(self, start: int, end: int) -> Loc:
        """The loc of ``text[start:end]``: offsets, plus page and box for PDFs."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if self.char_boxes is None:
            return Loc(start=start, end=end)
        boxes = [b for b in self.char_boxes[start:end] if b is not None]
        if not boxes:
            # Nearest real character before the range: a loc always points somewhere.
            for b in reversed(self.char_boxes[:start]):
                if b is not None:
                    boxes = [b]
                    break
        if not boxes:
            return Loc(start=start, end=end)
        page = boxes[0][0]
        same = [Loc(page=page, bbox=b[1:]) for b in boxes if b[0] == page]
        u = union_loc(same)
        assert u is not None
        return Loc(page=page, bbox=u.bbox, start=start, end=end)
