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
_CN_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_AGENCY_NOISE = re.compile(
    r"^(?:.*?(?:现将|现予|现发布|现公布|特向社会公布|特此公布|予以公布|发布|公布|标题|编制|印发|关于|由))+"
)
_NOT_AGENCY = re.compile(r"^政[府务]$|关于|通知|根据|要求|条例|规定|编制|本报告|年度报告|我局|我区|我市|我县|本机关")
_SIGN_OFF = re.compile(r"^\s*(?:此函|特此报告|特此公告|特此说明|特此函告|特此通知)\s*")
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


# A title followed on its line by nothing but a date is an item of a list of documents
# ("东湖市2022年政府信息公开工作年度报告 2023-01-29"), not the title of this report.
_LIST_DATE = re.compile(r"[ \t]*[\[(（【]?[ \t]*" + r"(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?" + r"[ \t]*[\])）】]?[ \t]*(?:\n|$)")


def _listed(text: str, m: re.Match[str]) -> bool:
    return _LIST_DATE.match(text, m.end()) is not None


_LIST_GAP = 60  # chars between two titles of a list of reports (one item a line)


def _among_others(t: re.Match[str], titles: list[re.Match[str]]) -> bool:
    """A title next to titles of other years' reports is an item of a list of them
    (a sidebar of 往年年报 whose items carry no date), not this report's title."""
    return any(
        u is not t and u.group("year") != t.group("year")
        and (0 <= u.start() - t.end() <= _LIST_GAP or 0 <= t.start() - u.end() <= _LIST_GAP)
        for u in titles
    )


def detect_year(norm: str) -> tuple[int | None, tuple[int, int] | None]:
    """The report year, and where it was read (normalised offsets). Give it masked text
    (``mask_chrome``): a sidebar's list of other years' reports is not this report."""
    head = norm[:6000]
    period = _PERIOD.search(head)
    titles = [m for m in _TITLE.finditer(head) if not _listed(head, m)]
    titles = [t for t in titles if not _among_others(t, titles)]
    if titles:
        # Among several titles (the page's, the report's, one in a list that escaped the
        # mask), the one whose year the 统计期限 confirms.
        if period:
            for t in titles:
                if t.group("year") == period.group(1):
                    return int(t.group("year")), t.span("year")
        return int(titles[0].group("year")), titles[0].span("year")
    if period:
        return int(period.group(1)), period.span(1)
    later = _TITLE.search(norm)
    if later:
        return int(later.group("year")), later.span("year")
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
    hits = [m for rx in (_TITLE, _TITLE_AFTER) for m in rx.finditer(head) if not _listed(head, m)]
    for m in sorted(hits, key=lambda m: m.start("year")):
        if year is not None and int(m.group("year")) != year:
            continue
        name = _clean_agency(m.group("agency"))
        if name:
            return name, m.span("agency")
    # Signature: a body's name ending in an agency-like word just before the closing date.
    # The 版记 ("…党政办公室 2022年1月7日印发") names who printed it, not who signed; a
    # closing formula (此函, 特此报告) and an earlier date on the same line are no name.
    tail_start = max(0, len(norm) - 1500)
    for m in reversed(list(_CN_DATE.finditer(norm, tail_start))):
        if re.match(r"\s*印发", norm[m.end() : m.end() + 4]):
            continue
        before = norm[max(0, m.start() - 80) : m.start()].rstrip()
        line = re.split(r"[。;\n]|" + _CN_DATE.pattern, before)[-1]
        line = _SIGN_OFF.sub("", line or "").strip()
        if line.endswith(_AGENCY_TAIL) and 2 <= len(line) <= 40 and not _NOT_AGENCY.search(line):
            start = norm.rfind(line, 0, m.start())
            return line, (start, start + len(line))
        break
    issuer = re.search(r"(?:发布机构|发文机关|发布单位|发文单位)\s*[:：]\s*([^\s|]{2,40}?)(?:\s|$)", norm[:3000])
    if issuer:
        name = _clean_agency(issuer.group(1))
        if name:
            return name, issuer.span(1)
    source = re.search(r"来源\s*[:：]\s*([^\s|]{2,40}?)(?:\s|发布|时间|$)", norm[:3000])
    if source:
        name = _clean_agency(source.group(1))
        if name:
            return name, source.span(1)
    return None, None


# --- page chrome ---------------------------------------------------------------------------
# What a saved page carries besides the report: a live clock, a crawler's stamp, the time
# the page was generated or visited, lists of other documents. Their dates and titles are
# not the report's, so detection reads a copy of the text where they are blanked out.
_DATE_TEXT = r"(?:19|20)\d{2}\s*(?:[-/.]\s*\d{1,2}\s*[-/.]\s*\d{1,2}|年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?"
_CHROME_STAMP = re.compile(
    r"(?:采集时间|采集日期|抓取时间|页面生成时间|生成时间|生成日期|访问时间|访问日期|打印时间|打印日期|下载时间|"
    r"当前时间|今天是|今日|更新时间)\s*[:：]?\s*" + _DATE_TEXT + r"(?:\s*(?:星期|周)[一二三四五六日天])?"
)
_CLOCK = re.compile(_DATE_TEXT + r"\s*(?:星期|周|礼拜)[一二三四五六日天]|(?:星期|周)[一二三四五六日天]\s*" + _DATE_TEXT)
_LIST_HEAD = re.compile(
    r"^\s*(?:相关文章|相关阅读|相关链接|相关信息|相关文件|相关新闻|相关报告|相关推荐|推荐阅读|热点文章|热门文章|"
    r"最新文章|最新信息|猜你喜欢|往年年报|历年年报|其他年报|年报列表|更多年报|延伸阅读|专题链接)\s*[:：]?\s*(?:更多\s*>*)?\s*$"
)
_NAV_LINE = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条|上一页|下一页)\s*[:：]")
_LIST_ITEM_MAX = 100  # a line of a list of other documents is short; report prose is not


# Detection reads the head and the tail of a report (titles, metadata, signature); chrome
# in the middle of a long text is left as it is, so a 45 MB text costs no extra copy.
_MASK_HEAD = 12000
_MASK_TAIL = 4000


def mask_chrome(norm: str) -> str:
    """``norm`` with page chrome blanked (same length, so offsets stay valid)."""
    if len(norm) > _MASK_HEAD + _MASK_TAIL:
        cut = len(norm) - _MASK_TAIL
        return _mask(norm[:_MASK_HEAD]) + norm[_MASK_HEAD:cut] + _mask(norm[cut:])
    return _mask(norm)


def _mask(norm: str) -> str:
    spans: list[tuple[int, int]] = []
    for rx in (_CHROME_STAMP, _CLOCK):
        spans.extend(m.span() for m in rx.finditer(norm))
    pos = 0
    in_list = 0
    for line in norm.split("\n"):
        end = pos + len(line)
        stripped = line.strip()
        if _NAV_LINE.match(line):
            spans.append((pos, end))
        elif _LIST_HEAD.match(line):
            spans.append((pos, end))
            in_list = 40
        elif in_list:
            # A list runs while its lines are short items; a report heading or prose ends it.
            if len(stripped) > _LIST_ITEM_MAX or re.match(r"[一二三四五六七八九十]+\s*[、.]", stripped):
                in_list = 0
            else:
                spans.append((pos, end))
                in_list -= 1
        pos = end + 1
    if not spans:
        return norm
    out = []
    last = 0
    for a, b in sorted(spans):
        a = max(a, last)
        if a >= b:
            continue
        out.append(norm[last:a])
        out.append(re.sub(r"[^\n]", " ", norm[a:b]))  # line breaks stay: lines keep their places
        last = b
    out.append(norm[last:])
    return "".join(out)


# --- publication date -----------------------------------------------------------------------

# Labels of a date, by what they say: when the page went public; when the document was
# signed or issued; a bare 日期/时间 of the page's metadata.
_PUBLIC_LABELS = ("公开日期", "发布日期", "发布时间", "公开时间", "上网时间", "发布于")
_SIGNED_LABELS = ("成文日期", "印发日期", "发文日期", "签发日期", "成文时间")
_LABELLED = re.compile(
    r"(?P<label>" + "|".join(_PUBLIC_LABELS + _SIGNED_LABELS) + r"|(?<![统计期限])日期|(?<![统计期限生成])时间)"
    r"\s*[:：]?\s*(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})"
)
_BODY_DATE = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日[^。\n]{0,16}?(?:发布|公开|公布|印发|上网)"
)


@dataclass(frozen=True)
class DateCandidate:
    date: str  # ISO
    span: tuple[int, int]  # normalised offsets of the date as written
    kind: str  # public | signed | signature | labelled | body
    label: str  # how the report names it, for messages ("公开日期", "落款", …)
    quote: str  # the text as it stands


@dataclass(frozen=True)
class DateChoice:
    chosen: DateCandidate
    others: tuple[DateCandidate, ...]  # plausible candidates that give another date


_KIND_ORDER = {"public": 0, "signed": 1, "signature": 2, "labelled": 3, "body": 4}


def publication_candidates(norm: str) -> list[DateCandidate]:
    """Every date that may be the publication date, page chrome left out."""
    text = mask_chrome(norm)
    out: list[DateCandidate] = []
    head_end = min(len(text), 3000)
    tail_start = max(0, len(text) - 2000)
    for m in _LABELLED.finditer(text):
        if head_end <= m.start() < tail_start:
            continue  # a date in the middle of the report is not its page metadata
        label = m.group("label")
        kind = "public" if label in _PUBLIC_LABELS else "signed" if label in _SIGNED_LABELS else "labelled"
        date = _safe_iso(m.group("y"), m.group("m"), m.group("d"))
        if date:
            out.append(DateCandidate(date, m.span(), kind, label, m.group(0)))
    # The signature: the last full date near the end of the report.
    tail = list(_CN_DATE.finditer(text, max(0, len(text) - 1500)))
    if tail:
        last = tail[-1]
        date = _safe_iso(last.group(1), last.group(2), last.group(3))
        if date and not any(c.span[0] <= last.start() < c.span[1] for c in out):
            out.append(DateCandidate(date, last.span(), "signature", "落款", last.group(0)))
    for m in _BODY_DATE.finditer(text):
        date = _safe_iso(m.group("y"), m.group("m"), m.group("d"))
        if date:
            out.append(DateCandidate(date, (m.start(), m.start("d") + len(m.group("d")) + 1), "body", "正文", m.group(0)))
    return out


def _plausible(c: DateCandidate, year: int | None) -> bool:
    """A report is published after its year ends. A date its page labels as the
    publication may come years late (a late report is what the rule is for); an unlabelled
    date years later is more likely something else's."""
    if year is None:
        return True
    y = int(c.date[:4])
    return year < y <= year + (5 if c.kind in ("public", "signed") else 2)


def choose_published(norm: str, year: int | None) -> DateChoice | None:
    """The publication date: a labelled 公开/发布 date, else a 成文/印发 date, else the
    signature, else a bare 日期/时间 label, else a date the body says the report went out
    on; implausible dates (before the report year ends, years after it) are never used."""
    cands = [c for c in publication_candidates(norm) if _plausible(c, year)]
    if not cands:
        return None
    cands.sort(key=lambda c: (_KIND_ORDER[c.kind], c.span[0]))
    chosen = cands[0]
    others: list[DateCandidate] = []
    for c in cands[1:]:
        if c.date != chosen.date and all(o.date != c.date for o in others):
            others.append(c)
    return DateChoice(chosen, tuple(others))


def _safe_iso(y: str, m: str, d: str) -> str | None:
    try:
        import datetime as dt

        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


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
