"""Line numbers for the locations of text-like reports.

A text report's loc is a pair of character offsets into the decoded text the viewer
shows; a person looking for the place needs a line ("第12行"). The lines are counted once,
when the report is built, because afterwards the text is gone (reports travel between
processes and into the store without it). PDFs have pages and are left alone.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

from core.model import Loc, Report

_NEWLINE = re.compile("\n")


def line_finder(text: str) -> Callable[[int], int]:
    """offset -> 1-based line number in ``text`` (lines end at "\\n")."""
    starts = [0] + [m.end() for m in _NEWLINE.finditer(text)]  # (a scan in C, not a loop over characters)

    def line_of(offset: int) -> int:
        return bisect.bisect_right(starts, max(0, offset))

    return line_of


def _with_line(loc: Loc | None, line_of: Callable[[int], int]) -> Loc | None:
    if loc is None or loc.page is not None or loc.start is None:
        return loc
    # The constructor, not dataclasses.replace (which looks up every field each call):
    # this runs for every cell and finding of every text report.
    return Loc(page=loc.page, bbox=loc.bbox, start=loc.start, end=loc.end, line=line_of(loc.start))


def add_lines(report: Report, text: str) -> None:
    """Give every text loc of ``report`` (findings, cells, sections) its line in ``text``."""
    if not text:
        return
    line_of = line_finder(text)
    for f in report.findings:
        f.loc = _with_line(f.loc, line_of)
    for s in report.sections:
        s.loc = _with_line(s.loc, line_of)
    for rows in report.tables.values():
        for cols in rows.values():
            for cell in cols.values():
                cell.loc = _with_line(cell.loc, line_of)
