"""Text reuse between reports: 雷同 across years of one body and across bodies of a batch.

Three measures, each a plain function over ``Report``s:

- ``copied_shares(cur, prev)``: per part of this year's report, the share of its prose
  found in the same body's previous report (the ``copied_text`` rule, core/crossyear.py);
- ``tables_equal(cur, prev)``: every table cell equal to last year's (``tables_unchanged``);
- ``apply_text_reuse(reports)``: per part, the share found in another body's report of
  the batch (``text_reused``), both sides told, the earlier-published one named as the
  source; and the share common to many reports of the batch (``text_common``).

Shares follow the contract: characters of the part's normalised prose (core/reuse/text.py:
boilerplate out) found in the other report, over the part's characters. Thresholds are
declared in resources/rules/rules.toml (``[RULE.thresholds]``); ``Thresholds`` takes the
reviewer's changes over them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.model import Finding, Report, Section
from core.reuse.text import Part, parts_of
from core.rules.registry import RULES, default_severity

# numpy and the shingle index are imported where a measure runs: every process imports this
# module (the check takes its thresholds), and a check of one file measures nothing
# (numpy was 40 ms of a one-PDF process, 230 ms of its imports).
if TYPE_CHECKING:
    import numpy as np

REUSE_RULES = ("copied_text", "text_reused", "text_common", "tables_unchanged")
EXCERPT_CHARS = 60
MAX_COUNTERPARTS = 3  # per part: the reports holding most of it; more is a template (text_common)


@dataclass(frozen=True)
class Thresholds:
    """The reuse rules' thresholds: the declared defaults, with the reviewer's changes."""

    values: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def get(self, rule: str, name: str) -> float:
        mine = self.values.get(rule, {})
        return float(mine[name]) if name in mine else RULES[rule].thresholds[name]

    @staticmethod
    def parse(items: Sequence[str]) -> Thresholds:
        """``["text_reused.share=0.5", …]`` (the command line's ``--threshold``); a bad item
        raises ValueError with a message a person can act on."""
        out: dict[str, dict[str, float]] = {}
        for item in items:
            key, sep, raw = item.partition("=")
            rule, dot, name = key.strip().partition(".")
            spec = RULES.get(rule)
            if not sep or not dot or spec is None or name not in spec.thresholds:
                known = "、".join(f"{r}.{n}" for r in REUSE_RULES for n in RULES[r].thresholds)
                raise ValueError(f"无法识别的阈值“{item}”，可用：{known}（写作 名称=数值）")
            try:
                value = float(raw)
            except ValueError:
                raise ValueError(f"阈值“{item}”的值不是数字") from None
            if value < 0 or (name == "share" and value > 1):
                raise ValueError(f"阈值“{item}”超出范围（占比为 0–1，其他为非负数）")
            out.setdefault(rule, {})[name] = value
        return Thresholds(out)


DEFAULT = Thresholds()


def report_ref(rep: Report) -> dict[str, Any]:
    """The contract's ``source`` object for a report."""
    return {"file": rep.file, "sha256": rep.sha256, "agency": rep.agency, "year": rep.year}


def _who(rep: Report) -> str:
    return f"{rep.agency or rep.file}{f' {rep.year} 年度' if rep.year else ''}报告"


def _excerpt(part: Part, starts: np.ndarray) -> str:
    """The printed sentences of the longest run of shared text, cut to EXCERPT_CHARS."""
    from core.reuse.index import K, covered_mask

    mask = covered_mask(starts, K, len(part.text))
    best, best_len, run_start = (0, 0), 0, None
    for i, on in enumerate([*mask.tolist(), False]):
        if on and run_start is None:
            run_start = i
        elif not on and run_start is not None:
            if i - run_start > best_len:
                best, best_len = (run_start, i), i - run_start
            run_start = None
    text = "".join(part.sentences_in(*best)) if best_len else ""
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def _section(rep: Report, section_id: str) -> Section | None:
    return next((s for s in rep.sections if s.id == section_id), None)


# ------------------------------------------------------------------ one body, two years


@dataclass(frozen=True)
class PartShare:
    part: Part
    share: float
    excerpt: str


def copied_shares(cur: Report, prev: Report, thresholds: Thresholds = DEFAULT) -> list[PartShare]:
    """Parts of ``cur`` whose prose is found in ``prev`` at least at ``copied_text.share``."""
    import numpy as np

    from core.reuse.index import K, covered_length, shingle_hashes

    min_chars = thresholds.get("copied_text", "min_chars")
    limit = thresholds.get("copied_text", "share")
    prev_hashes = [shingle_hashes(p.text) for p in parts_of(prev)]
    if not prev_hashes:
        return []
    pool = np.unique(np.concatenate(prev_hashes))
    out = []
    for part in parts_of(cur):
        if len(part.text) < min_chars:
            continue  # an empty or one-sentence part proves nothing
        hashes = shingle_hashes(part.text)
        starts = np.flatnonzero(np.isin(hashes, pool))
        share = covered_length(starts, K, len(part.text)) / len(part.text)
        if share >= limit:
            out.append(PartShare(part, round(share, 3), _excerpt(part, starts)))
    return out


def tables_equal(cur: Report, prev: Report, thresholds: Thresholds = DEFAULT) -> tuple[int, int] | None:
    """(cells compared, non-zero ones) when every table cell of ``cur`` equals ``prev``'s
    while the years differ, and enough of them are non-zero to mean something; else None."""
    if cur.year is None or cur.year == prev.year or not cur.tables or cur.template != prev.template:
        return None
    n = nonzero = 0
    for table, rows in cur.tables.items():
        for row, cols in rows.items():
            for col, cell in cols.items():
                other = prev.tables.get(table, {}).get(row, {}).get(col)
                if other is None or other.value != cell.value:
                    return None
                n += 1
                nonzero += bool(cell.value)
    # The same body's tables in last year's report with cells this one lacks: not "every cell".
    theirs = sum(len(cols) for rows in prev.tables.values() for cols in rows.values())
    if theirs != n or nonzero < thresholds.get("tables_unchanged", "min_nonzero_cells"):
        return None
    return n, nonzero


# ------------------------------------------------------------------ the side-by-side view


@dataclass(frozen=True)
class SideBySide:
    """One part of two reports, sentence by sentence, each marked reused or not."""

    section: str
    title: str
    left: list[tuple[str, bool]]  # (sentence as printed, found in the other report)
    right: list[tuple[str, bool]]
    left_share: float  # share of the left part found in the right report
    right_share: float


def _marked(part: Part, other: Report) -> tuple[list[tuple[str, bool]], float]:
    import numpy as np

    from core.reuse.index import K, covered_mask, shingle_hashes

    pool = [shingle_hashes(p.text) for p in parts_of(other)]
    hashes = np.unique(np.concatenate(pool)) if pool else np.zeros(0, np.uint64)
    starts = np.flatnonzero(np.isin(shingle_hashes(part.text), hashes))
    mask = covered_mask(starts, K, len(part.text))
    # A sentence is shown reused when most of it is found in the other report.
    marked = [(orig, bool(e > s and mask[s:e].mean() >= 0.5)) for s, e, orig in part.pieces]
    return marked, (float(mask.mean()) if len(part.text) else 0.0)


def side_by_side(left: Report, right: Report, section: str) -> SideBySide:
    """The two reports' part ``section`` with the reused sentences marked on both sides."""
    a = next((p for p in parts_of(left) if p.section == section), None)
    b = next((p for p in parts_of(right) if p.section == section), None)
    la, sa = _marked(a, right) if a else ([], 0.0)
    lb, sb = _marked(b, left) if b else ([], 0.0)
    title = (a or b).title if (a or b) else section  # type: ignore[union-attr]
    return SideBySide(section, title, la, lb, round(sa, 3), round(sb, 3))


# ------------------------------------------------------------------ bodies of one batch


def _earlier(a: int, b: int, reports: Sequence[Report]) -> int:
    """The one published earlier; with a date missing or equal, the one added first."""
    pa, pb = reports[a].published, reports[b].published
    if pa and pb and pa != pb:
        return a if pa < pb else b
    return min(a, b)


def _common_sentences(parts: Sequence[Part], owners: Sequence[int], common_min: int) -> dict[str, int]:
    """Normalised sentences found in at least ``common_min`` reports -> in how many."""
    seen: dict[str, set[int]] = {}
    for part, owner in zip(parts, owners, strict=True):
        for start, end, _ in part.pieces:
            seen.setdefault(part.text[start:end], set()).add(owner)
    return {s: len(o) for s, o in seen.items() if len(o) >= common_min}


@dataclass
class _Measured:
    """One part against the batch: which of its characters are a template's."""

    common: np.ndarray  # bool per character: inside a sentence common to many reports
    common_reports: int  # the most reports sharing one of those sentences
    own: int  # characters left to measure (not common)


def apply_text_reuse(
    reports: Sequence[Report],
    series: Mapping[str, str],
    thresholds: Thresholds = DEFAULT,
) -> None:
    """Add ``text_reused`` and ``text_common`` findings to the reports (in their order:
    the order they were added). ``series`` maps a sha256 to its body's key
    (core.crossyear.series_keys): reports of one body never count as reused from each
    other (that is ``copied_text``, or they are versions).

    How: the shingle index (core/reuse/index.py) names, per part, the other reports that
    share its rarer shingles; only where those already cover a good part of it is the
    share measured in full (every shingle of the part the other report also has, stock
    phrases included). Sentences common to ``common_min_reports`` reports or more are a
    template's: counted apart (``text_common``), left out of the shares."""
    live = [i for i, r in enumerate(reports) if not r.error]
    parts: list[Part] = []
    owners: list[int] = []
    for i in live:
        for p in parts_of(reports[i]):
            parts.append(p)
            owners.append(i)
    if len(live) < 2 or not parts:
        return
    import numpy as np

    from core.reuse.index import K, covered_mask, overlaps, shingle_hashes

    share_min = thresholds.get("text_reused", "share")
    min_chars = thresholds.get("text_reused", "min_chars")
    common_min = max(2, int(thresholds.get("text_reused", "common_min_reports")))
    found = overlaps([p.text for p in parts], owners, common_min)
    template = _common_sentences(parts, owners, common_min)
    measured = []
    for part in parts:
        mask = np.zeros(len(part.text), dtype=bool)
        most = 0
        for start, end, _ in part.pieces:
            n = template.get(part.text[start:end], 0)
            if n:
                mask[start:end] = True
                most = max(most, n)
        measured.append(_Measured(mask, most, int((~mask).sum())))
    report_hashes: dict[int, np.ndarray] = {}

    def hashes_of(i: int) -> np.ndarray:
        if i not in report_hashes:
            mine = [shingle_hashes(parts[k].text) for k, o in enumerate(owners) if o == i]
            report_hashes[i] = np.unique(np.concatenate(mine)) if mine else np.zeros(0, np.uint64)
        return report_hashes[i]

    def body(i: int) -> str:
        return series.get(reports[i].sha256, reports[i].sha256)

    full: dict[tuple[int, int], tuple[float, np.ndarray]] = {}

    def measure(k: int, other: int) -> tuple[float, np.ndarray]:
        """Share of part k (template sentences out) found in report ``other``, and the
        starts of the shingles found there."""
        if (k, other) not in full:
            m = measured[k]
            starts = np.flatnonzero(np.isin(shingle_hashes(parts[k].text), hashes_of(other)))
            hit = covered_mask(starts, K, len(parts[k].text)) & ~m.common
            full[(k, other)] = (int(hit.sum()) / m.own if m.own else 0.0, starts)
        return full[(k, other)]

    # (report, part index, other report) -> role; a hit on one side shows on both.
    hits: dict[tuple[int, int, int], str] = {}
    parts_by_report: dict[int, list[int]] = {}
    for k, owner in enumerate(owners):
        parts_by_report.setdefault(owner, []).append(k)
    for k, ov in enumerate(found):
        x = owners[k]
        if measured[k].own < min_chars:
            continue  # empty, one sentence, or all template: nothing to judge
        # Rare shingles alone already cover half the bar, or it is no copy.
        near = [y for y, chars in ov.found_in.items() if chars >= 0.5 * share_min * measured[k].own]
        ranked = sorted(near, key=lambda y: -measure(k, y)[0])
        for y in ranked[:MAX_COUNTERPARTS]:
            if body(x) == body(y) or measure(k, y)[0] < share_min:
                continue
            src = _earlier(x, y, reports)
            hits[(x, k, y)] = "copy" if src == y else "source"
            # The other side: its part holding most of this text.
            mirror = max(parts_by_report[y], key=lambda q: found[q].found_in.get(x, 0))
            if found[mirror].found_in.get(x, 0):
                hits.setdefault((y, mirror, x), "copy" if src == x else "source")
    for (x, k, y), role in sorted(hits.items()):
        part, rep, other = parts[k], reports[x], reports[y]
        value, starts = measure(k, y)
        s = round(min(1.0, value), 3)
        origin = other if role == "copy" else rep
        excerpt = _excerpt(part, starts)
        if role == "copy":
            # Seen from the other side (this part is longer than what it took): say how
            # much of the other's part is in this one, which is why it is flagged.
            theirs = max((measure(q, x)[0] for q in parts_by_report[y] if (y, q, x) in hits), default=0.0)
            why = (f"（对方该部分的 {theirs:.0%} 见于本报告）" if s < share_min <= theirs else "")
            message = (f"“{part.title}”去除套话后的文字有 {s:.0%} 见于{_who(other)}{why}，"
                       f"对方发布在先，疑为雷同。例：“{excerpt}”")
        else:
            message = (f"“{part.title}”的文字有 {s:.0%} 见于{_who(other)}；本报告发布在先，"
                       f"对方疑为照搬本报告。例：“{excerpt}”")
        sec = _section(rep, part.section)
        rep.findings.append(Finding(
            rule="text_reused",
            severity=default_severity("text_reused") if role == "copy" else "info",
            message=message,
            section=part.section,
            actual=s,
            loc=sec.loc if sec else None,
            source=report_ref(origin),
            share=s,
            reuse={"role": role, "counterpart": report_ref(other), "excerpt": excerpt,
                   "common_reports": measured[k].common_reports or None},
        ))
    common_share = thresholds.get("text_common", "share")
    for k, m in enumerate(measured):
        part = parts[k]
        if len(part.text) < min_chars or not m.common_reports:
            continue
        s = round(1 - m.own / len(part.text), 3)
        if s < common_share:
            continue
        rep = reports[owners[k]]
        sec = _section(rep, part.section)
        rep.findings.append(Finding(
            rule="text_common",
            severity=default_severity("text_common"),
            message=(f"“{part.title}”的文字有 {s:.0%} 为本批次至少 {common_min} 份报告共有的语句"
                     f"（最多 {m.common_reports} 份，多为上级下发的模板），不计入雷同占比。"),
            section=part.section,
            actual=s,
            loc=sec.loc if sec else None,
            share=s,
            reuse={"common_reports": m.common_reports},
        ))
