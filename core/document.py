"""What a reader hands the engine: the decoded text and, where the source has real
tables, their cells in reading order.

Readers (``core/readers``) know file formats; everything after them works on a
``Document`` only.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

from core.model import Loc, union_loc

Box = tuple[int, float, float, float, float]  # (page, x0, top, x1, bottom)
# (page number, offset of its text in ``Document.text``) -> that page's character boxes:
# what a reader that leaves boxes lazy hands in (the PDF reader: core.readers.pdf.page_boxes).
BoxSource = Callable[[int, int], list[Box | None]]


# The files the engine reads, by suffix, and the reader of each: the one list (the
# pipeline picks a reader from it, the window's open dialog and folder scans filter by it).
SOURCE_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf", ".html": "html", ".htm": "html", ".txt": "txt", ".docx": "docx",
    # scans, read by OCR (core/readers/image.py)
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}  # fmt: skip
IMAGE_SUFFIXES: tuple[str, ...] = tuple(s for s, kind in SOURCE_SUFFIXES.items() if kind == "image")


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
    source_format: str  # pdf | html | txt | docx | image
    text: str  # what the viewer shows; text locs are offsets into it
    encoding: str | None = None
    page_count: int | None = None
    # Cells of the real tables, in reading order (None: the source has no table structure,
    # tables are rebuilt from ``text``).
    tokens: list[Token] | None = None
    # For PDFs: per character of ``text``, (page, x0, top, x1, bottom) or None for
    # characters the extractor generated (line breaks).
    char_boxes: list[Box | None] | None = None
    # For PDFs: where each page's text starts in ``text`` (page n at index n-1). Boxes of
    # pages without tables are computed on first use, by ``box_source``: they hold (0, …)
    # until then.
    page_starts: list[int] | None = None
    # Pages (1-based) without a text layer, for PDFs.
    pages_without_text: list[int] = field(default_factory=list)
    # Reader remarks that are not failures (e.g. "encoding guessed").
    notes: list[str] = field(default_factory=list)
    # OCR (core/readers/image.py): the pages read from their image, the confidence of each
    # OCR'd character by its offset in ``text``, and what could not be read and why.
    ocr_pages: list[int] = field(default_factory=list)
    ocr_confidence: dict[int, float] = field(default_factory=dict)
    ocr_unread: str | None = None
    # Pages scanned on their side or upside down: page -> degrees (90, 180, 270) the image
    # was turned clockwise to read it. Locs stay on the page as stored; a crop of one is
    # turned by this to be shown upright.
    ocr_turns: dict[int, int] = field(default_factory=dict)
    # Where lazy character boxes come from (None: every box is in ``char_boxes``). Handed
    # in by the reader; the Document itself opens no file and imports no reader.
    box_source: BoxSource | None = field(default=None, repr=False, compare=False)
    # Pages whose boxes are all real (none lazy): ``loc`` is asked for every cell and finding,
    # and scanning a page's boxes each time was 2.5 M steps for 14 PDFs. Not a field of the
    # data (init=False: ``dataclasses.replace`` starts a copy with none known).
    _full_pages: set[int] = field(default_factory=set, init=False, repr=False, compare=False)

    def loc(self, start: int, end: int) -> Loc:
        """The loc of ``text[start:end]``: offsets, plus page and box for PDFs."""
        start = max(0, min(start, len(self.text)))
        end = max(start, min(end, len(self.text)))
        if self.char_boxes is None:
            return Loc(start=start, end=end)
        self._fill_lazy(start, end)
        boxes = [b for b in self.char_boxes[start:end] if b is not None and b[0]]
        if not boxes:
            # Nearest real character before the range: a loc always points somewhere.
            self._fill_lazy(max(0, start - 2000), start)
            for b in reversed(self.char_boxes[:start]):
                if b is not None and b[0]:
                    boxes = [b]
                    break
        if not boxes:
            return Loc(start=start, end=end)
        page = boxes[0][0]
        same = [Loc(page=page, bbox=b[1:]) for b in boxes if b[0] == page]
        u = union_loc(same)
        assert u is not None
        return Loc(page=page, bbox=u.bbox, start=start, end=end)

    def _fill_lazy(self, start: int, end: int) -> None:
        """Compute the character boxes of the pages [start, end) touches, if not yet done."""
        if not self.char_boxes or not self.page_starts or self.box_source is None:
            return
        first = bisect.bisect_right(self.page_starts, start) - 1
        last = bisect.bisect_right(self.page_starts, max(start, end - 1)) - 1
        for index in range(max(0, first), last + 1):
            begin = self.page_starts[index]
            stop = self.page_starts[index + 1] if index + 1 < len(self.page_starts) else len(self.char_boxes)
            if index in self._full_pages:
                continue
            if not any(b is not None and b[0] == 0 for b in self.char_boxes[begin:stop]):
                self._full_pages.add(index)
                continue
            try:
                filled = self.box_source(index + 1, begin)
            except (ReadError, OSError):
                continue  # the file moved or changed since: the loc falls back to the page
            # Same page text as read (a changed file would not line up): same places lazy.
            lazy = [b is not None for b in self.char_boxes[begin : begin + len(filled)]]
            if len(filled) <= stop - begin and lazy == [b is not None for b in filled]:
                self.char_boxes[begin : begin + len(filled)] = filled
