"""From the checked reports of a year (the contract's report objects) and a roster to the
contract's batch object: coverage, scores with their evidence, ranks, 等次 and figures.

``build_batch`` is the one entry point; it reads nothing from disk but the data files
(rubric, figures, deadlines) and is fast enough to run again on every reviewer's click."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from core.batch.deadlines import (
    Deadline,
    DeadlineDataError,
    override_deadline,
    publisher_kind,
    statutory_deadline,
)
from core.batch.figures import Parts, figure_parts, load_figures
from core.batch.matching import identity, match_reports, roster_from_reports
from core.batch.roster import Roster, Unit, category_kind
from core.batch.rubric import Rubric, load_rubric

DISMISSED = "已排除"
FINAL = ("已确认", "需整改")  # reviewed and standing: the cost is no longer provisional


def unit_deadline(unit: Unit, year: int, rubric: Rubric, batch_default: str | None = None) -> Deadline:
    """The roster's 截止日期, else the rubric's per 类别, else the regulation's for the unit's
    kind (its 类别 where it names one, else its name)."""
    if unit.deadline:
        try:
            return override_deadline(year, unit.deadline, "名册截止日期", f"名册 {unit.name}")
        except DeadlineDataError:
            pass  # reported when the roster was read; the statutory date holds
    if unit.category and unit.category in rubric.deadlines:
        return override_deadline(year, rubric.deadlines[unit.category], f"考评细则对“{unit.category}”的期限",
                                 f"类别 {unit.category}")
    kind = category_kind(unit.category) or publisher_kind(unit.name)
    return statutory_deadline(year, kind, batch_default or rubric.batch_default)  # type: ignore[arg-type]


def _first_and_current(reports: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first version (its date counts for timeliness) and the current one (it is scored):
    by ``version_of`` links where the store gave them, else by publication date."""
    shas = {r["sha256"] for r in reports}
    roots = [r for r in reports if r.get("version_of") not in shas]
    superseded = {r.get("version_of") for r in reports}
    heads = [r for r in reports if r["sha256"] not in superseded]

    def when(r: dict[str, Any]) -> str:
        return r.get("published") or "9999"

    first = min(roots or reports, key=when)
    current = max(heads or reports, key=lambda r: (r.get("published") or "", r.get("file") or ""))
    return first, current


def _number(value: float, ratio: bool) -> float:
    """A count as an int (95, not 95.0), a ratio to 4 places."""
    if not ratio and float(value).is_integer():
        return int(value)
    return round(value, 4)


def _timeliness(published: str | None, deadline: Deadline) -> str:
    try:
        date = dt.date.fromisoformat(published) if published else None
    except ValueError:
        date = None
    if date is None:
        return "date_unknown"
    return "late" if date > deadline.date else "submitted"


def _at_fault(f: Mapping[str, Any]) -> bool:
    """Whether a finding can cost its report points: not one the reviewer dismissed, and not
    the source side of a copy (``text_reused`` with role "source" tells the report whose text
    another body took: the copier is deducted, the source is not)."""
    if (f.get("note") or {}).get("status") == DISMISSED:
        return False
    return f.get("role") != "source"


def _costing_rules(rubric: Rubric) -> set[str]:
    return {rule for item in rubric.items for rule, cost in item.rules.items() if cost}


def _fact(f: Mapping[str, Any]) -> tuple[object, ...]:
    """A finding's fact without its place or wording (core.versions._fact, over report
    objects): one fault in two versions, whatever its id there."""
    return (f.get("rule"), f.get("table") or f.get("section") or "", tuple(sorted(tuple(c) for c in f.get("cells") or ())))


def _unfixed(rubric: Rubric, scored: dict[str, Any], older: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Evidence that a returned earlier version was not put right by the scored (latest)
    one: the older version's review state, then the latest version's findings still there
    (``since_version`` "persisting") of the faults it was returned for. Those are the
    returned version's findings the reviewer marked 已确认/需整改 (what the 退回意见 lists),
    or, where none was marked, every charged one not dismissed. Empty when no earlier
    version was returned, or when the latest one fixed every such fault: then the item
    costs nothing."""
    returned = [r for r in older if r.get("review_state") == "returned"]
    if not returned or scored.get("review_state") == "returned":
        return []  # the latest version's own state is charged as it stands (_costs)
    charged = _costing_rules(rubric)
    reasons: set[tuple[object, ...]] = set()
    ids: set[str] = set()
    for r in returned:
        found = [f for f in r.get("findings") or () if f.get("rule") in charged and _at_fault(f)]
        marked = [f for f in found if (f.get("note") or {}).get("status") in FINAL]
        for f in marked or found:
            reasons.add(_fact(f))
            ids.add(str(f.get("id", "")))
    left = [f for f in scored.get("findings") or ()
            if f.get("since_version") == "persisting" and _at_fault(f) and (f.get("id") in ids or _fact(f) in reasons)]
    if not left:
        return []
    out: list[dict[str, Any]] = [{"sha256": r["sha256"], "review_state": "returned"} for r in returned]
    for f in left:
        state = (f.get("note") or {}).get("status") or ""
        out.append({"sha256": scored["sha256"], "finding": f.get("id", ""), "rule": f.get("rule"), "points": 0,
                    "status": state or "未审核", "provisional": state not in FINAL, "since_version": "persisting"})
    return out


def _costs(rubric: Rubric, status: str, rep: dict[str, Any] | None,
           older: list[dict[str, Any]] | None = None) -> tuple[list[dict[str, Any]], bool]:
    """The unit's deductions (one per rubric item that costs) and whether any is provisional.
    ``rep`` is the scored (latest) version, ``older`` the unit's earlier versions."""
    out = []
    provisional = False
    unfixed = _unfixed(rubric, rep, older or []) if rep is not None else []
    for item in rubric.items:
        total = 0.0
        evidence: list[dict[str, Any]] = []
        if status in item.coverage and item.coverage[status]:
            total += item.coverage[status]
            evidence.append({"coverage": status})
        if rep is not None:
            for f in rep.get("findings") or ():
                cost = item.rules.get(f.get("rule", ""))
                if not cost or not _at_fault(f):
                    continue
                note = f.get("note") or {}
                state = note.get("status") or ""
                unreviewed = state not in FINAL
                provisional |= unreviewed
                total += cost
                e = {"sha256": rep["sha256"], "finding": f.get("id", ""), "rule": f.get("rule"),
                     "points": -cost, "status": state or "未审核", "provisional": unreviewed}
                if f.get("source"):
                    e["source"] = f["source"].get("sha256")  # whose text (or last year's tables) it is
                evidence.append(e)
            state = rep.get("review_state")
            if state in item.review_state and item.review_state[state]:
                total += item.review_state[state]
                evidence.append({"sha256": rep["sha256"], "review_state": state})
            elif unfixed and item.review_state.get("returned"):
                total += item.review_state["returned"]
                evidence.extend(unfixed)
                provisional |= any(e.get("provisional") for e in unfixed)
        if evidence and total:
            out.append({"item": item.name, "item_id": item.id, "points": -round(min(total, item.cap), 2),
                        "cap": item.cap, "evidence": evidence})
    return out, provisional


def _ranks(units: list[dict[str, Any]], rubric: Rubric) -> None:
    """Competition ranking within each 类别 (equal scores, equal rank: 1, 1, 3)."""
    groups: dict[Any, list[dict[str, Any]]] = {}
    for u in units:
        if u["status"] == "missing" or (u["provisional"] and not rubric.rank_provisional):
            continue
        groups.setdefault(u["category"], []).append(u)
    for members in groups.values():
        members.sort(key=lambda u: -u["score"])
        for i, u in enumerate(members):
            prev = members[i - 1] if i else None
            u["rank"] = prev["rank"] if prev is not None and prev["score"] == u["score"] else i + 1


def build_batch(
    reports: Sequence[Mapping[str, Any]],
    year: int,
    roster: Roster | None = None,
    rubric: Rubric | None = None,
    *,
    manual_matches: Mapping[str, str | None] | None = None,
    published_facts: Mapping[str, str] | None = None,
    report_facts: Mapping[str, Mapping[str, str | None]] | None = None,
    batch_default: str | None = None,
    engine_version: str = "",
) -> dict[str, Any]:
    """The batch object (the contract's ``"batch"`` value, without the wrapping key).

    ``reports``: report objects as ``check --json`` prints them (this year's and last
    year's; others are named in ``messages`` and left out). ``roster``: None builds one unit
    per body found. ``manual_matches``: sha256 → unit name or None (the store's).
    ``published_facts``: sha256 → "YYYY-MM-DD", a publication date the reviewer entered.
    ``report_facts``: sha256 → {"filed": 报送日期, "url": 发布网址, "year": corrected year}
    (the store's ``batch_facts()`` may be passed whole: its unit/published are read above)."""
    rubric = rubric or load_rubric()
    facts = dict(published_facts or {})
    other = report_facts or {}
    for sha, fs in other.items():
        if fs.get("published") and sha not in facts:
            facts[sha] = str(fs["published"])
    messages: list[str] = []
    usable: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for r in reports:
        label = r.get("file") or r.get("sha256", "")[:12]
        if r.get("error"):
            messages.append(f"{label}：无法读取（{r['error']}），未计入")
            continue
        sha = str(r.get("sha256", ""))
        if sha in seen:
            messages.append(f"{label} 与 {seen[sha]} 是同一文件（SHA-256 相同），只计一次")
            continue
        seen[sha] = label
        for other_path in r.get("also") or ():  # merged before (check's one line per SHA-256)
            messages.append(f"{other_path} 与 {label} 是同一文件（SHA-256 相同），只计一次")
        r = dict(r)
        fixed_year = (other.get(sha) or {}).get("year")
        if fixed_year and str(fixed_year).isdigit():
            r["year"] = int(str(fixed_year))  # the reviewer's: the file gave none or a wrong one
        if r.get("year") not in (year, year - 1):
            messages.append(f"{label}：{r.get('year') or '未识别'}年度的报告，不属于本批次（{year}年度及上年），未计入")
            continue
        usable.append(r)
    if roster is None:
        roster = roster_from_reports(usable)
    messages.extend(p.text() for p in roster.problems)
    matching = match_reports(roster.units, usable, manual_matches)
    # Last year's reports only serve the year-on-year figures: no message for those left out.
    year_of = {r["sha256"]: r.get("year") for r in usable}
    messages.extend(m for sha, m in matching.message_of.items() if year_of.get(sha) == year)
    figure_defs = load_figures()
    units_out: list[dict[str, Any]] = []
    batch_parts: dict[str, list[Parts]] = {f.id: [] for f in figure_defs}
    for unit in roster.units:
        mine = matching.by_unit.get(unit.name, [])
        cur = [r for r in mine if r.get("year") == year]
        prev = [r for r in mine if r.get("year") == year - 1]
        deadline = unit_deadline(unit, year, rubric, batch_default)
        first: dict[str, Any] | None = None
        scored: dict[str, Any] | None = None
        published: str | None = None
        if not cur:
            status = "missing"
        else:
            first, scored = _first_and_current(cur)
            if len(cur) > 1:
                bodies = {identity(str(r["agency"])) for r in cur if r.get("agency")}
                doubt = "；其发布机关写法不一（" + "、".join(sorted({str(r.get("agency")) for r in cur})) + \
                    "），请核实是否同一单位" if len(bodies) > 1 else ""
                messages.append(f"单位“{unit.name}”有 {len(cur)} 份{year}年度报告（"
                                + "、".join(str(r.get("file")) for r in cur)
                                + f"）：以第一版 {first.get('file')} 的发布日期计时，以 {scored.get('file')} 计分{doubt}")
            published = facts.get(first["sha256"]) or first.get("published")
            status = _timeliness(published, deadline)
        older = [r for r in cur if scored is not None and r["sha256"] != scored["sha256"]]
        deductions, provisional = _costs(rubric, status, scored, older)
        score = max(0.0, round(rubric.max_points + sum(d["points"] for d in deductions), 2))
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in (scored or {}).get("findings") or ():
            counts[f.get("severity", "info")] = counts.get(f.get("severity", "info"), 0) + 1
        last = max(prev, key=lambda r: r.get("published") or "") if prev else None
        parts = figure_parts(scored, last) if scored else {}
        figures: dict[str, float] = {}
        small: list[str] = []
        for f in figure_defs:
            p = parts.get(f.id)
            if p is None or p.value is None:
                continue
            figures[f.id] = _number(p.value, f.ratio)
            batch_parts[f.id].append(p)
            if f.min_base and p.base is not None and p.base < f.min_base:
                small.append(f.id)
        units_out.append({
            "unit": unit.name,
            "category": unit.category,
            "aliases": list(unit.aliases),
            "parent": unit.parent,
            "status": status,
            "reports": [r["sha256"] for r in cur],
            "files": [r.get("file") for r in cur],
            "previous_reports": [r["sha256"] for r in prev],
            "agency": scored.get("agency") if scored else None,
            "deadline": deadline.date.isoformat(),
            "deadline_basis": f"{deadline.basis}：{deadline.why}",
            "published": published,
            "filed": (other.get(first["sha256"]) or {}).get("filed") if first else None,
            "url": (other.get(scored["sha256"]) or {}).get("url") if scored else None,
            "counts": counts,
            "review_state": (scored.get("review_state") if scored else None) or "pending",
            "score": score,
            "provisional": provisional,
            "band": rubric.band(score),
            "deductions": deductions,
            "figures": figures,
            "figures_small_base": small,
        })
    _ranks(units_out, rubric)
    batch_figures: dict[str, float] = {}
    for f in figure_defs:
        ps = batch_parts[f.id]
        if not ps:
            continue
        num = sum(p.num for p in ps)
        if ps[0].base is None:
            batch_figures[f.id] = _number(num, False)
        else:
            base = sum(p.base or 0 for p in ps)
            if base:
                batch_figures[f.id] = round(num / base, 4)
    status_counts = {s: sum(u["status"] == s for u in units_out) for s in ("submitted", "late", "missing", "date_unknown")}
    return {
        "year": year,
        "engine_version": engine_version,
        "rubric": rubric.header() | {"digest": rubric.digest},
        "roster": {"file": roster.source, "units": len(roster.units)},
        "units": units_out,
        "unmatched_reports": [r["sha256"] for r in matching.unmatched if r.get("year") == year],
        "figures": batch_figures,
        "figure_defs": [f.to_dict() for f in figure_defs],
        "bands": [{"name": b.name, "min": b.min} for b in rubric.bands],
        "coverage": status_counts,
        "reports": {r["sha256"]: {"file": r.get("file"), "agency": r.get("agency"), "year": r.get("year"),
                                  "published": r.get("published"), "matched_by": matching.how.get(r["sha256"])}
                    for r in usable},
        "messages": messages,
    }
