"""Versions of one report: two files of one body and one year (a returned report's
revision, a report changed after publication), and what the newer one fixed.

Pure functions over ``Report``s; the store's manual links and the inherited marks are the
session's (core/session.py), which passes its choices in as ``manual``.

- ``merge_identical``: files with one SHA-256 are one report (the others' paths in ``also``).
- ``link_versions``: reports of one body (core.crossyear's series key) and one year, ordered
  by publication date (else the order they were added); each is a version of the one before.
- ``compare_versions``: each finding of the newer version ``persisting`` or ``new`` (by
  finding id); each finding of the older one that has gone is ``fixed`` only where the newer
  version's cells it rests on were read (a finding that went because its cells could not be
  read is not fixed) and the reviewer had not dismissed it (a false alarm that went is not
  a fix either).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.crossyear import series_keys
from core.finding_ids import assign_ids
from core.model import Finding, Report

DISMISSED = "已排除"  # core.annotations.STATUSES: the reviewer found it a false alarm


def merge_identical(reports: Sequence[Report]) -> list[Report]:
    """One report per SHA-256, the first given; the other files' paths go in its ``also``."""
    first: dict[str, Report] = {}
    out = []
    for rep in reports:
        if not rep.sha256:  # unreadable before hashing: nothing says it is the same file
            out.append(rep)
            continue
        kept = first.get(rep.sha256)
        if kept is None:
            first[rep.sha256] = rep
            out.append(rep)
        elif rep.file != kept.file and rep.file not in (kept.also or []):
            kept.also = [*(kept.also or []), rep.file]
    return out


@dataclass(frozen=True)
class VersionLink:
    newer: Report
    older: Report


def link_versions(
    reports: Sequence[Report], manual: Mapping[str, str | None] | None = None
) -> list[VersionLink]:
    """(newer, older) for every report that is a later version of another among ``reports``.

    ``manual`` maps a report's sha256 to the sha256 of the version it follows (linked by
    hand) or to None (unlinked by hand: a report of its own); it overrides the automatic
    link for that report."""
    manual = manual or {}
    live = [r for r in reports if not r.error and r.sha256]
    keys = series_keys(live)
    by_sha = {r.sha256: r for r in live}
    added = {r.sha256: i for i, r in enumerate(live)}
    groups: dict[tuple[str, int], list[Report]] = {}
    for r in live:
        if r.year is not None and r.sha256 not in manual:
            groups.setdefault((keys[r.sha256], r.year), []).append(r)
    links = []
    for members in groups.values():
        # Undated versions keep the order they were added, after any dated one before them.
        members.sort(key=lambda r: (r.published or "9999", added[r.sha256]))
        links += [VersionLink(b, a) for a, b in zip(members, members[1:], strict=False)]
    for sha, older in manual.items():
        if older and sha in by_sha and older in by_sha and older != sha:
            links.append(VersionLink(by_sha[sha], by_sha[older]))
    return links


@dataclass
class VersionDiff:
    persisting: list[Finding] = field(default_factory=list)
    new: list[Finding] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    # gone from the newer version but not shown fixed: (finding, why)
    unverified: list[tuple[Finding, str]] = field(default_factory=list)


def _read(rep: Report, table: str | None, row: str, col: str) -> bool:
    if table is None:
        return False
    cell = rep.tables.get(table, {}).get(row, {}).get(col)
    return cell is not None and cell.value is not None


def _rests_read(f: Finding, newer: Report) -> str | None:
    """None when the newer version read what ``f`` rests on; else why not (Chinese)."""
    if newer.error:
        return "新版本无法读取"
    if f.cells:
        missing = [f"{r}/{c}" for r, c in f.cells if not _read(newer, f.table, r, c)]
        return f"新版本未能读出单元格 {'、'.join(missing)}" if missing else None
    if f.section:
        sec = next((s for s in newer.sections if s.id == f.section), None)
        return None if sec is not None and sec.found else "新版本中未找到该部分"
    if f.table:
        return None if newer.tables.get(f.table) else "新版本中未找到该表格"
    return None


def _fact(f: Finding) -> tuple[object, ...]:
    """A finding's fact without its place or wording: the same fault in a version of another
    format (HTML and text, PDF and Word) stands at another offset or page and its quoted
    sentence is extracted a little differently (时间:… / 发布时间: …), so its id differs.
    Only findings left over after the ids are paired by it, one to one, in order."""
    return (f.rule, f.table or f.section or "", tuple(sorted(f.cells)))


def compare_versions(newer: Report, older: Report) -> VersionDiff:
    """Which findings persist, which are new, which were fixed (see the module's notes).
    Matched by finding id, then what is left by the fact without its place (``_fact``)."""
    assign_ids(newer.findings)
    assign_ids(older.findings)
    old_ids = {f.id for f in older.findings}
    new_ids = {f.id for f in newer.findings}
    # Left over on both sides after the ids: paired by fact, one to one, in order.
    spare: dict[tuple[object, ...], list[Finding]] = {}
    for f in older.findings:
        if f.id not in new_ids:
            spare.setdefault(_fact(f), []).append(f)
    matched_old: set[int] = set()
    diff = VersionDiff()
    for f in newer.findings:
        if f.id in old_ids:
            diff.persisting.append(f)
            continue
        twins = spare.get(_fact(f))
        if twins:
            matched_old.add(id(twins.pop(0)))
            diff.persisting.append(f)
        else:
            diff.new.append(f)
    for f in older.findings:
        if f.id in new_ids or id(f) in matched_old:
            continue
        if f.note and f.note.get("status") == DISMISSED:
            diff.unverified.append((f, "审阅人已排除（误报），不算整改"))
            continue
        why = _rests_read(f, newer)
        if why is None:
            diff.fixed.append(f)
        else:
            diff.unverified.append((f, why))
    return diff


def fixed_entry(f: Finding) -> dict[str, Any]:
    return {"id": f.id, "rule": f.rule, "message": f.message}


def inherit_notes(newer: Report, older: Report) -> int:
    """The reviewer's notes on the older version shown on the same findings (by id) of the
    newer one that have none of their own, marked ``inherited_from`` (the older sha256);
    how many. Only what ``check --store`` prints: the store itself keeps each note on the
    version it was made on (the session decides what to copy over, core/session.py)."""
    notes = {f.id: f.note for f in older.findings if f.note}
    n = 0
    for f in newer.findings:
        note = notes.get(f.id)
        if f.note is None and note is not None:
            f.note = {**note, "inherited_from": older.sha256}
            n += 1
    return n


def apply_versions(
    reports: Sequence[Report], manual: Mapping[str, str | None] | None = None
) -> list[VersionLink]:
    """Mark each later version: ``version_of``, per finding ``since_version``, ``fixed``,
    the older version's notes on its persisting findings (``inherit_notes``).
    Returns the links (the older version of each pair keeps its findings as they are)."""
    links = link_versions(reports, manual)
    for link in links:
        mark_version(link.newer, link.older)
        inherit_notes(link.newer, link.older)
    return links


def clear_version(report: Report) -> None:
    """Take a report's version marks off (the window's session marks its reports again
    whenever the open reports change)."""
    report.version_of = None
    report.fixed = None
    report.fixed_unverified = None
    for f in report.findings:
        f.since_version = None


def mark_version(newer: Report, older: Report) -> VersionDiff:
    """``newer`` as the later version of ``older``: ``version_of``, per finding
    ``since_version``, ``fixed`` and ``fixed_unverified`` (one place for ``check``, ``batch``
    and the window's session)."""
    diff = compare_versions(newer, older)
    newer.version_of = older.sha256
    for f in diff.persisting:
        f.since_version = "persisting"
    for f in diff.new:
        f.since_version = "new"
    newer.fixed = [fixed_entry(f) for f in diff.fixed]
    newer.fixed_unverified = [fixed_entry(f) | {"why": why} for f, why in diff.unverified] or None
    return diff


@dataclass(frozen=True)
class CellChange:
    table: str
    row: str
    col: str
    old: Any  # value in the older version (None: blank or absent)
    new: Any


@dataclass(frozen=True)
class TextChange:
    section: str
    title: str
    removed: list[str]  # sentences of the older version's part not in the newer one
    added: list[str]  # and the other way round


def changed_cells(newer: Report, older: Report) -> list[CellChange]:
    """Every cell whose value differs between the two versions (in the newer's order, then
    the cells only the older one has)."""
    out = []
    seen = set()
    for t, rows in newer.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                seen.add((t, r, c))
                before = older.tables.get(t, {}).get(r, {}).get(c)
                old = before.value if before is not None else None
                if old != cell.value:
                    out.append(CellChange(t, r, c, old, cell.value))
    for t, rows in older.tables.items():
        for r, cols in rows.items():
            for c, cell in cols.items():
                if (t, r, c) not in seen and cell.value is not None:
                    out.append(CellChange(t, r, c, cell.value, None))
    return out


def changed_text(newer: Report, older: Report) -> list[TextChange]:
    """Per part, the sentences removed and added (compared in the reuse normal form, so a
    changed full stop or line break is no change; shown as printed)."""
    from core.reuse.text import parts_of

    before = {p.section: p for p in parts_of(older)}
    out = []
    for part in parts_of(newer):
        old = before.pop(part.section, None)
        new_s = {part.text[s:e]: orig for s, e, orig in part.pieces}
        old_s = {old.text[s:e]: orig for s, e, orig in old.pieces} if old else {}
        removed = [orig for key, orig in old_s.items() if key not in new_s]
        added = [orig for key, orig in new_s.items() if key not in old_s]
        if removed or added:
            out.append(TextChange(part.section, part.title, removed, added))
    for old in before.values():
        if old.pieces:
            out.append(TextChange(old.section, old.title, [o for _, _, o in old.pieces], []))
    return out
