"""Finding the report's parts (一、总体情况 … 六、其他需要报告的事项) in its text."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.formats import FormatDef

# A part heading: a Chinese numeral and 、 (or .), then the part's name within a few
# characters. Not preceded by "(" (that is a sub-heading such as (二)依申请公开情况).
_HEADING = r"(?<![(])(?P<num>[一二三四五六七八九十]{1,3})\s*[、.．]\s*(?P<pre>[^\n。;]{0,14}?)"


@dataclass
class FoundSection:
    id: str
    title: str
    start: int | None  # normalised offset of the heading
    end: int | None  # end of the heading
    body_end: int | None = None  # where the next found part starts


def find_sections(norm: str, fmt: FormatDef, begin: int = 0, end: int | None = None) -> list[FoundSection]:
    """The format's parts in order; a part not found has ``start`` None."""
    end = len(norm) if end is None else end
    found: list[FoundSection] = []
    cursor = begin
    for sec in fmt.sections:
        hit = None
        for key in sec.keys:
            rx = re.compile(_HEADING + "(?:" + key.pattern + ")")
            m = rx.search(norm, cursor, end)
            if m and (hit is None or m.start() < hit.start()):
                hit = m
            if hit:
                break
        if hit:
            found.append(FoundSection(sec.id, sec.title, hit.start(), hit.end()))
            cursor = hit.end()
        else:
            found.append(FoundSection(sec.id, sec.title, None, None))
    starts = sorted(s.start for s in found if s.start is not None)
    for s in found:
        if s.start is None:
            continue
        later = [x for x in starts if x > s.start]
        s.body_end = later[0] if later else end
    return found


def section_body(norm: str, sec: FoundSection) -> str:
    if sec.start is None or sec.end is None or sec.body_end is None:
        return ""
    return norm[sec.end : sec.body_end]
