"""A report's parts as the reuse rules measure them: prose only, normalised, boilerplate out.

The share the contract defines counts *characters of the part's normalised text*: 简体,
every run of digits one mark (a copy changes its year and its counts, nothing else),
punctuation and whitespace gone. Before that, the part loses what every report carries:
the prescribed tables (their labels repeat by design), the format's own sentences and the
phrases of ``resources/rules/boilerplate.toml``. What is left is the part's own prose.

A ``Part`` keeps, for each piece of normalised text, the sentence of the section's text it
came from, so a finding can quote the reused sentence as the report prints it.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache

from core.formats import load_formats
from core.model import Report
from core.normalize import to_simplified
from core.paths import resources_dir

# Sentences end at these, at a table's cell borders in markdown-like text and at an empty
# line; not at a line break: a table label (or a sentence) broken over lines is one piece.
_SENTENCE_END = re.compile(r"[。！？!?；;|]+|\n\s*\n")
# What survives normalisation: CJK ideographs, Latin letters; digit runs become one mark.
_DROP = re.compile(r"[^\u4e00-\u9fff\u3400-\u4dbfA-Za-z0-9]+")
_DIGITS = re.compile(r"[0-9]+")
NUMBER_MARK = "#"
_NUMBERING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|[0-9]+[.．、])")
# A piece with this many distinct table words and this many numbers is a table row.
TABLE_WORDS = 3
TABLE_NUMBERS = 2
# ... or table words make up this share of it (a header row, a cell of a markdown table).
TABLE_COVER = 0.5
# A piece shorter than this (normalised) is a cell or a label, not a sentence.
MIN_PIECE = 4


def norm(text: str) -> str:
    """The reuse normal form of a piece of text (no offset map: see ``Part``)."""
    return _DIGITS.sub(NUMBER_MARK, _DROP.sub("", to_simplified(text)))


@dataclass(frozen=True)
class Boilerplate:
    phrases: tuple[str, ...]  # normalised, longest first
    markers: re.Pattern[str]


@cache
def boilerplate() -> Boilerplate:
    """The data list plus the formats' own headings and table labels."""
    with open(resources_dir() / "rules" / "boilerplate.toml", "rb") as fh:
        raw = tomllib.load(fh)
    phrases = {norm(p) for p in raw.get("phrases", [])}
    markers = {str(m) for m in raw.get("table_markers", [])}
    for fmt in load_formats().values():
        for sec in fmt.sections:
            # A part's text begins with the rest of its heading (…及改进情况).
            phrases.add(norm(_NUMBERING.sub("", sec.title)))
        for table in fmt.tables.values():
            markers |= {w for w in table.header_words if len(w) >= 2}
            markers |= {c.label for c in table.columns if len(c.label) >= 3}
            for row in table.rows:
                # "(三)不予公开 1.属于国家秘密": each piece, with and without its numbering.
                for label in row.label.split():
                    phrases |= {norm(label), norm(_NUMBERING.sub("", label))}
    rx = re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))
    return Boilerplate(tuple(sorted((p for p in phrases if len(p) >= 2), key=len, reverse=True)), rx)


@dataclass
class Part:
    """One part (section) of one report, ready to be measured."""

    section: str  # the section id (overview … other)
    title: str
    text: str  # normalised prose, boilerplate removed
    # (start in ``text``, end in ``text``, the sentence as printed) per kept sentence
    pieces: list[tuple[int, int, str]] = field(default_factory=list)

    def sentence_at(self, pos: int) -> str:
        for start, end, original in self.pieces:
            if start <= pos < end:
                return original
        return ""

    def sentences_in(self, start: int, end: int) -> list[str]:
        """The printed sentences that overlap the normalised range [start, end)."""
        return [orig for s, e, orig in self.pieces if s < end and e > start]


def _is_table(piece: str, hits: list[str]) -> bool:
    """``hits``: the table words found in the piece."""
    numbers = _DIGITS.findall(piece)  # once: this runs for every sentence of every part
    if len(set(hits)) >= TABLE_WORDS and len(numbers) >= TABLE_NUMBERS:
        return True
    if hits and sum(map(len, hits)) >= TABLE_COVER * len(_DROP.sub("", piece)):
        return True
    digits = sum(map(len, numbers))
    # A row of figures with little else ("行政许可 452 …"): not prose either.
    return digits >= 4 and digits > 0.3 * len(piece.replace(" ", ""))


def _strip(text: str, phrases: list[str]) -> str:
    for phrase in phrases:
        if phrase in text:
            text = text.replace(phrase, "")
    return text


def _heading_rest(title: str) -> tuple[str, ...]:
    """The ends of a heading a part's text may begin with (the heading search stops at the
    part's key word: …存在的主要问题|及改进情况), longest first."""
    t = norm(re.sub(r"^[一二三四五六七八九十]+、", "", title))
    return tuple(t[i:] for i in range(len(t) - 1))


_LINE_BREAK = re.compile(r"\s*\n\s*")


def _after(printed: str, n: int) -> str:
    """``printed`` without its first ``n`` normalised characters (a heading's end)."""
    if n <= 0:
        return printed
    seen = 0
    for i, ch in enumerate(printed):
        if _DROP.fullmatch(ch) is None:
            seen += 1
            if seen == n:
                return printed[i + 1 :].strip()
    return ""


# A batch measures each report several times (the batch's index, then each cross-year
# pair it belongs to, as this year's and as last year's): 2,000 computations of 1,000
# reports' parts were half the parent's time after the batch. The arguments are the whole
# input (the boilerplate is fixed data), and no caller changes a Part, so one is shared.
@lru_cache(maxsize=16384)
def part_of(section_id: str, title: str, body: str) -> Part:
    """The measurable prose of one section's text (shared: do not change it)."""
    part = Part(section_id, title, "")
    chunks: list[str] = []
    pos = 0
    rests = _heading_rest(title)
    # Once per section, not per sentence (what costs is calling into OpenCC and scanning for
    # every phrase): 繁→简 keeps the length, so the printed sentence is the same span.
    simple = to_simplified(body)
    flat = _DIGITS.sub(NUMBER_MARK, _DROP.sub("", simple))
    phrases = [ph for ph in boilerplate().phrases if ph in flat]
    marks = [(m.start(), m.group(0)) for m in boilerplate().markers.finditer(simple)]
    k = 0
    cursor = 0
    for n, m in enumerate(_SENTENCE_END.finditer(simple + "。")):
        a, b = cursor, m.start()
        cursor = m.end()
        hits = []
        while k < len(marks) and marks[k][0] < b:
            if marks[k][0] >= a:
                hits.append(marks[k][1])
            k += 1
        piece = simple[a:b].strip()
        if not piece or _is_table(piece, hits):
            continue
        kept = _DIGITS.sub(NUMBER_MARK, _DROP.sub("", piece))
        printed = body[a:b].strip()
        if n == 0 or not chunks:
            rest = next((r for r in rests if kept.startswith(r)), "")
            kept = kept[len(rest):]
            printed = _after(printed, len(rest))
        stripped = _strip(kept, phrases)
        # Mostly prescribed words: what is left is the glue between them (a table's cells
        # split over lines), not the report's own sentence.
        if len(stripped) < MIN_PIECE or len(stripped) < 0.5 * len(kept):
            continue
        chunks.append(stripped)
        # As printed, without the line breaks a PDF's wrapped lines leave inside a sentence.
        part.pieces.append((pos, pos + len(stripped), _LINE_BREAK.sub("", printed)))
        pos += len(stripped)
    part.text = "".join(chunks)
    return part


# Parts already made, by what they are made of (a section's id, title and text): the
# same report is measured against last year's, against the batch and in the views, and the
# batch's report cache hands back the parts it kept (``remember``). Nothing reads a Part
# to change it. Cleared when full, so a long session does not grow without end.
_KNOWN: dict[tuple[str, str, str], Part] = {}
_KNOWN_MAX = 50_000


def remember(section_id: str, title: str, body: str, part: Part) -> None:
    """Keep ``part`` as what ``part_of(section_id, title, body)`` gives (the report cache's)."""
    if len(_KNOWN) >= _KNOWN_MAX:
        _KNOWN.clear()
    _KNOWN[(section_id, title, body)] = part


def parts_of(report: Report) -> list[Part]:
    """Every found section of a report, in its order (empty sections give empty parts)."""
    if report.error:
        return []
    out = []
    for s in report.sections:
        if not s.found:
            continue
        part = _KNOWN.get((s.id, s.title, s.text))
        if part is None:
            part = part_of(s.id, s.title, s.text)
            remember(s.id, s.title, s.text, part)
        out.append(part)
    return out
