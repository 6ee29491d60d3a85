"""Recognising what a report is: its format, year, agency, publication date, and
whether its text appears twice.

All functions take the normalised text (``core.normalize``) and return plain values
plus normalised offsets where a location is useful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.formats import format_in_force, load_formats

_REPORT_WORDS = r"(?:政府|政务)?信息公开\s*(?:工作)?\s*(?:年度)?\s*(?:工作)?\s*报告"
# "XX局2024年政府信息公开工作年度报告" and "2022年上海市政府信息公开工作年度报告".
_TITLE = re.compile(
    r"(?P<agency>[^\s,。;:、|《》“”]{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*" + _REPORT_WORDS
)
_TITLE_AFTER = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?P<agency>[\u4e00-\u9fff()]{2,30}?)\s*" + _REPORT_WORDS
)
_PERIOD = re.compile(r"统计期限(?:为|是)?\s*(?:自|从)?\s*((?:19|20)\d{2})\s*年")
_ANY_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_ISO_DATE = re.compile(r"(?:发布时间|发布日期|时间|日期|发文日期|成文日期)\s*[:：]?\s*((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})")
_CN_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_AGENCY_NOISE = re.compile(
    r"^(?:.*?(?:现将|现予|现发布|现公布|特向社会公布|特此公布|予以公布|发布|公布|标题|编制|印发|关于|由))+"
)
_NOT_AGENCY = re.compile(r"^政[府务]$|关于|通知|根据|要求|条例|规定|编制|本报告|年度报告|我局|我区|我市|我县|本机关")
_AGENCY_TAIL = ("办公室", "局", "委员会", "政府", "管委会", "中心", "厅", "委", "院", "署", "会", "处", "所", "区", "县", "市", "站", "办")


@dataclass(frozen=True)
class FormatGuess:
    template: str  # "2008" | "2019" | "2021" | "unknown"
    scores: dict[str, int]
    # True when the tables (or the old outline's own parts) show the format; False when
    # only the outline and the year suggest it (e.g. an excerpt without its tables).
    confident: bool = True


def detect_format(norm: str, year: int | None = None) -> FormatGuess:
    """The format from its tables' distinctive phrases, else from its outline."""
    compact = re.sub(r"\s+", "", norm)
    formats = load_formats()
    scores = {fid: sum(1 for m in f.markers if m in compact) for fid, f in formats.items()}
    table_formats = {fid: s for fid, s in scores.items() if formats[fid].tables}
    best = max(table_formats, key=lambda k: table_formats[k]) if table_formats else None
    if best and table_formats[best] >= 2:
        return FormatGuess(best, scores)
    outline = {fid: sum(1 for m in f.outline_markers if m in compact) for fid, f in formats.items()}
    old = max((fid for fid, f in formats.items() if not f.tables), key=lambda k: outline[k], default=None)
    new = max((fid for fid, f in formats.items() if f.tables), key=lambda k: outline[k], default=None)
    old_score = outline.get(old, 0) if old else 0
    new_score = outline.get(new, 0) if new else 0
    if old and old_score >= 2 and old_score > new_score:
        return FormatGuess(old, scores)
    if new_score >= 1 and year is not None:
        due = format_in_force(year)
        if due is not None and due.tables:
            return FormatGuess(due.id, scores, confident=False)
    if old and old_score >= 1:
        return FormatGuess(old, scores, confident=False)
    if best and table_formats[best] == 1:
        return FormatGuess(best, scores, confident=False)
    return FormatGuess("unknown", scores, confident=False)


def looks_like_annual_report(norm: str) -> bool:
    compact = re.sub(r"\s+", "", norm)
    return "信息公开" in compact and ("年度报告" in compact or "工作报告" in compact or "申请" in compact)


def detect_year(norm: str) -> tuple[int | None, tuple[int, int] | None]:
    """The report year, and where it was read (normalised offsets)."""
    for rx in (_TITLE, _PERIOD):
        m = rx.search(norm[:6000])
        if m:
            g = "year" if rx is _TITLE else 1
            return int(m.group(g)), m.span(g)
    m = _TITLE.search(norm)
    if m:
        return int(m.group("year")), m.span("year")
    counts: dict[int, int] = {}
    first: dict[int, tuple[int, int]] = {}
    for m in _ANY_YEAR.finditer(norm[:4000]):
        y = int(m.group(1))
        if 2007 <= y <= 2035:
            counts[y] = counts.get(y, 0) + 1
            first.setdefault(y, m.span(1))
    if counts:
        y = max(counts, key=lambda k: (counts[k], k))
        return y, first[y]
    return None, None


def _clean_agency(raw: str) -> str | None:
    if "关于" in raw or "通知" in raw:  # the title of another document, not the publisher
        return None
    name = re.sub(r"^.*?(?:首页|当前位置|位置)[:>]?", "", raw.strip())
    name = _AGENCY_NOISE.sub("", name)
    name = re.sub(r"\([^()]*\)", "", name)  # 绥阳县人民政府(县人民政府办公室)
    name = name.strip(" >-:·|()的")
    if len(name) < 2 or not re.search(r"[\u4e00-\u9fff]{2}", name) or _NOT_AGENCY.search(name):
        return None
    return name


def detect_agency(norm: str, year: int | None) -> tuple[str | None, tuple[int, int] | None]:
    """The publishing body: the title's prefix, else the signature, else 来源."""
    head = norm[:8000]
    hits = [m for rx in (_TITLE, _TITLE_AFTER) for m in rx.finditer(head)]
    for m in sorted(hits, key=lambda m: m.start("year")):
        if year is not None and int(m.group("year")) != year:
            continue
        name = _clean_agency(m.group("agency"))
        if name:
            return name, m.span("agency")
    # Signature: a line ending in an agency-like word just before the closing date.
    tail_start = max(0, len(norm) - 1500)
    for m in reversed(list(_CN_DATE.finditer(norm, tail_start))):
        before = norm[max(0, m.start() - 80) : m.start()].rstrip()
        line = re.split(r"[。;\n]", before)[-1].strip()
        if line.endswith(_AGENCY_TAIL) and 2 <= len(line) <= 40 and not _NOT_AGENCY.search(line):
            start = norm.rfind(line, 0, m.start())
            return line, (start, start + len(line))
        break
    source = re.search(r"来源\s*[:：]\s*([^\s|]{2,40}?)(?:\s|发布|时间|$)", norm[:3000])
    if source:
        name = _clean_agency(source.group(1))
        if name:
            return name, source.span(1)
    return None, None


def detect_published(norm: str, year: int | None) -> tuple[str | None, tuple[int, int] | None]:
    """The publication date: the page's 发布时间, else the closing date of the report."""
    candidates: list[tuple[str, tuple[int, int]]] = []
    m = _ISO_DATE.search(norm[:3000])
    if m:
        candidates.append((_iso(m.group(1), m.group(2), m.group(3)), m.span(0)))
    tail_start = max(0, len(norm) - 1500)
    tail_dates = list(_CN_DATE.finditer(norm, tail_start))
    if tail_dates:
        last = tail_dates[-1]
        candidates.append((_iso(last.group(1), last.group(2), last.group(3)), last.span(0)))
    for date, span in candidates:
        y = int(date[:4])
        # A date before the end of the report year cannot be its publication.
        if year is None or y > year:
            return date, span
    return None, None


def _iso(y: str, m: str, d: str) -> str:
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"


def find_duplicate(norm: str, min_len: int = 400) -> int | None:
    """If the whole text appears twice, the offset where the second copy starts.

    Looks for a probe taken from early in the body reappearing later, then checks
    that the text from there repeats the first part at length.
    """
    compact_len = len(norm)
    if compact_len < 2 * min_len:
        return None
    for probe_at in (int(compact_len * 0.02), int(compact_len * 0.1), int(compact_len * 0.2)):
        probe = norm[probe_at : probe_at + 120]
        if len(probe.strip()) < 60:
            continue
        second = norm.find(probe, probe_at + len(probe))
        if second < 0:
            continue
        shift = second - probe_at
        # How far does the repetition run? (by blocks, then by characters: big files)
        n = 0
        limit = compact_len - second
        step = 4096
        while n + step <= limit and norm[probe_at + n : probe_at + n + step] == norm[second + n : second + n + step]:
            n += step
        while n < limit and norm[probe_at + n] == norm[second + n]:
            n += 1
        if n >= min_len and n >= 0.6 * (compact_len - shift) * 0.5:
            return shift
    return None
