"""The review session, Qt-free: the queue of reports, their findings, notes and year pairs.

The window's Qt models *observe* a ``ReviewSession``; nothing refreshes them by hand.
Every change goes through a method here and is announced to the observers as an
``Event`` (``kind`` is one of ``EVENTS``). A plain observer list, like napari's evented
containers or Anki's ``operation_did_execute``: Qt-free, so the same session can be
driven and tested headless.

Two places are the only ones of their kind, so that corrections fit in later:

- ``note_target(finding)``: the note target of a finding (today ``Finding.key()``
  through ``core.annotations.finding_target``; later the finding's ``id``);
- ``ReviewSession.recompute(sha)``: where a report's findings are made again from its
  tables (today: its engine findings plus its cross-year ones; later: with corrections).

Notes are held in memory here (loaded once from the store) and written through a
``persist`` callback (the window writes on its own store thread). Undo and redo are
here too and act on one report: ``undo(sha)`` undoes the last change *of that report*;
``undo()`` without one undoes the last change anywhere and returns which report it was,
so the caller can bring it on screen and say so.

Year pairs are ``core.crossyear.pair_years`` over the open reports with the reviewer's
own choices (``set_pair``/``reset_pair``: one undo step each, written through
``persist_pair`` to the store's ``pairs``); the overview's rows are ``series_keys()``,
the same grouping.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from core.annotations import (
    REPORT_TARGET,
    Annotation,
    ReportLocked,
    SignOff,
    default_reviewer,
    finding_target,
    now_iso,
)
from core.check import check, identified
from core.corrections import Correction
from core.crossyear import cross_year_findings, group_key, pair_years, series_keys
from core.model import Finding, Report, Tables
from core.pipeline import Analysis

log = logging.getLogger(__name__)

EVENTS = (
    "reports_added",  # payload: list[Entry] (new or replacing an entry of the same path)
    "reports_cleared",  # payload: None
    "report_changed",  # payload: sha256 (its findings changed: counts, colours, lists)
    "notes_changed",  # payload: (sha256, target)
    "notes_loaded",  # payload: None (the store's notes arrived)
    "pairs_changed",  # payload: None, or "manual" (a reviewer's choice / the store's choices)
    "signoff_changed",  # payload: sha256 (signed or unlocked)
)


@dataclass(frozen=True)
class Event:
    kind: str
    payload: Any = None


Observer = Callable[[Event], None]


def note_target(finding: Finding) -> str:
    """The one place that maps a finding to the target its note is stored under: its
    contract ``id`` (rule, cells, quoted sentence), so two findings of one rule keep
    two notes and a note never moves onto another finding."""
    return finding_target(finding.id or finding.key())


@dataclass
class Entry:
    """One opened file and what the engine made of it."""

    path: str
    analysis: Analysis
    # The engine's own findings, before any cross-year ones were added (see recompute).
    base_findings: list[Finding] = field(default_factory=list)
    # sha256 of the last-year reports this one was checked against, and what that found.
    cross_year: dict[str, list[Finding]] = field(default_factory=dict)

    # The tables as the report printed them (corrections go on copies, see recompute).
    printed_tables: Tables = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.base_findings:
            self.base_findings = list(self.analysis.report.findings)
        self.printed_tables = self.analysis.report.tables
        ctx = self.analysis.context
        if ctx is not None and ctx.report is self.analysis.report:
            # The report shown is rewritten in place by recompute; the re-check must keep
            # reading the original.
            self.analysis.context = dataclasses.replace(ctx, report=copy.copy(ctx.report))

    @property
    def report(self) -> Report:
        return self.analysis.report

    @property
    def sha(self) -> str:
        return self.analysis.report.sha256

    @property
    def name(self) -> str:
        return Path(self.path).name

    @property
    def checked_prev(self) -> set[str]:
        return set(self.cross_year)


@dataclass(frozen=True)
class _Edit:
    sha: str
    target: str
    old: Annotation | None
    new: Annotation | None


# A report's pairing as the reviewer left it: (chosen by hand?, last year's sha256 or None).
PairChoice = tuple[bool, str | None]
AUTO: PairChoice = (False, None)


@dataclass(frozen=True)
class _PairEdit:
    """An undo step of the year pairing (``set_pair``/``reset_pair``)."""

    sha: str
    target: str
    old: PairChoice
    new: PairChoice


@dataclass(frozen=True)
class _CorrectionEdit:
    """One undo step of corrections (one cell, or every cell of a candidate split):
    cell id -> the correction before and after (None: none)."""

    sha: str
    target: str  # the note target of the first cell, for the caller to show
    old: dict[str, Correction | None]
    new: dict[str, Correction | None]
    file_name: str = ""


_Step = _Edit | _PairEdit | _CorrectionEdit
SignoffPersist = Callable[[str, SignOff | None, str], None]


@dataclass(frozen=True)
class PairInfo:
    """How one report is paired: with which last-year report, automatically or by hand."""

    previous: Report | None
    manual: bool  # the reviewer chose (a report, or no pairing)
    chosen_absent: bool = False  # paired by hand with a report that is not open


class ReviewSession:
    def __init__(self, persist: Callable[[str, str, Annotation | None], None] | None = None) -> None:
        self._entries: list[Entry] = []
        self._by_path: dict[str, int] = {}
        self._notes: dict[str, dict[str, Annotation]] = {}
        self._observers: list[Observer] = []
        self._persist = persist or (lambda sha, target, ann: None)
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []
        self._pairs: dict[int, Report] = {}  # id(this year's report) -> last year's
        # The reviewer's pairing (the store's ``pairs``): sha256 -> last year's sha256, or
        # None = unpaired by hand; ``pair_years``'s ``manual``.
        self._manual: dict[str, str | None] = {}
        self.persist_pair: Callable[[str, bool, str | None], None] = lambda sha, manual, prev: None
        self.reviewer: Callable[[], str] = default_reviewer
        self._corrections: dict[str, dict[str, Correction]] = {}  # sha -> cell id -> correction
        # Write-through of corrections (the window: the store thread).
        self.persist_corrections: Callable[[str, dict[str, Correction | None], str], None] = (
            lambda sha, cells, file_name: None
        )
        self._signoffs: dict[str, SignOff] = {}
        self.persist_signoff: SignoffPersist = lambda sha, signoff, reason: None

    # observers ---------------------------------------------------------------------------
    def subscribe(self, observer: Observer) -> Callable[[], None]:
        """Call ``observer(event)`` on every change; returns the function that unsubscribes."""
        self._observers.append(observer)
        return lambda: self._observers.remove(observer) if observer in self._observers else None

    def _emit(self, kind: str, payload: Any = None) -> None:
        event = Event(kind, payload)
        for obs in list(self._observers):
            try:
                obs(event)
            except Exception:  # noqa: BLE001 - one broken view must not stop the others
                log.exception("observer failed on %s", kind)

    # reports -------------------------------------------------------------------------------
    def entries(self) -> list[Entry]:
        return list(self._entries)

    def entry_of_path(self, path: str) -> Entry | None:
        i = self._by_path.get(path)
        return self._entries[i] if i is not None else None

    def entry_of_sha(self, sha: str) -> Entry | None:
        return next((e for e in self._entries if e.sha == sha and sha), None)

    def add(self, items: Iterable[tuple[str, Analysis]]) -> list[Entry]:
        """Add (path, analysis) results; a path already open is replaced."""
        added = []
        for path, analysis in items:
            e = Entry(path, analysis)
            i = self._by_path.get(path)
            if i is None:
                self._by_path[path] = len(self._entries)
                self._entries.append(e)
            else:
                self._entries[i] = e
            added.append(e)
        if added:
            self._emit("reports_added", added)
            self._update_pairs()
            for e in added:  # a report opened again keeps its corrections
                if self._corrections.get(e.sha):
                    self.recompute(e.sha)
        return added

    def clear(self) -> None:
        self._entries.clear()
        self._by_path.clear()
        self._pairs.clear()
        self._emit("reports_cleared")
        self._emit("pairs_changed")

    def recompute(self, sha: str) -> None:
        """Make the report's findings again: the engine's plus the cross-year ones, or,
        with corrections, every rule re-run on the corrected tables (``core.check.check``).
        The one place a report's findings change; the report object stays the same."""
        corrections = list(self._corrections.get(sha, {}).values())
        for e in self._entries:
            if e.sha != sha:
                continue
            report = e.report
            if corrections and e.analysis.context is not None:
                new = check(e.analysis.context, corrections, self._pairs.get(id(report)))
                boxes = {f.id: f.loc for f in e.base_findings if f.loc is not None}
                for f in new.findings:  # a PDF's text findings keep their boxes of the first reading
                    if f.loc is None and f.id in boxes:
                        f.loc = boxes[f.id]
                report.tables, report.findings = new.tables, new.findings
                report.orphan_corrections = new.orphan_corrections
            else:
                report.tables = e.printed_tables
                report.findings = identified([*e.base_findings, *(f for fs in e.cross_year.values() for f in fs)])
                report.orphan_corrections = (
                    [{**c.to_doc(), "why": "报告没有可读的表格"} for c in corrections] or None
                )
        self._emit("report_changed", sha)

    # year pairs ----------------------------------------------------------------------------
    def _update_pairs(self, why: str | None = None) -> None:
        """Pair the years again (``pair_years`` with the reviewer's choices). Cross-year
        findings of a pair that no longer holds go at once; those of a new pair are
        ``pairs_to_check()`` (the window runs them on ``pairs_changed``)."""
        reports = [e.report for e in self._entries if not e.report.error]
        pairs = {id(cur): prev for cur, prev in pair_years(reports, [], self._manual)}
        changed = pairs.keys() != self._pairs.keys() or any(pairs[k] is not self._pairs[k] for k in pairs)
        self._pairs = pairs
        for e in self._entries:
            prev = pairs.get(id(e.report))
            stale = [s for s in e.cross_year if prev is None or s != prev.sha256]
            if stale:
                for s in stale:
                    del e.cross_year[s]
                self.recompute(e.sha)
        if changed or why:
            self._emit("pairs_changed", why)

    def pair_info(self, report: Report) -> PairInfo:
        manual = report.sha256 in self._manual
        chosen = self._manual.get(report.sha256)
        prev = self._pairs.get(id(report))
        return PairInfo(prev, manual, bool(manual and chosen and prev is None))

    def next_of(self, report: Report) -> list[Report]:
        """The reports that have this one as their last year's."""
        return [e.report for e in self._entries if self._pairs.get(id(e.report)) is report]

    def manual_pairs(self) -> dict[str, str | None]:
        return dict(self._manual)

    def pair_candidates(self, report: Report) -> list[Entry]:
        """Reports the reviewer may pair this one with: those of the year before (of any
        year when this one's is unknown), the same series first."""
        keys = self.series_keys()
        own = next((keys[e.path] for e in self._entries if e.report is report), None)
        out = [
            e for e in self._entries
            if e.report is not report and not e.report.error and e.sha != report.sha256 and e.report.year
            and (report.year is None or e.report.year == report.year - 1)
        ]
        return sorted(out, key=lambda e: (keys[e.path] != own, -(e.report.year or 0), e.name))

    def set_pair(self, sha: str, previous: str | None) -> bool:
        """The reviewer pairs report ``sha`` with last year's ``previous`` (None: with
        none), as one undoable step, written through ``persist_pair``."""
        if not sha or previous == sha:
            return False
        return self._change_pair(sha, (True, previous))

    def reset_pair(self, sha: str) -> bool:
        """Forget the reviewer's choice: the report is paired automatically again."""
        return self._change_pair(sha, AUTO)

    def _choice(self, sha: str) -> PairChoice:
        return (True, self._manual[sha]) if sha in self._manual else AUTO

    def _change_pair(self, sha: str, new: PairChoice) -> bool:
        old = self._choice(sha)
        if old == new:
            return False
        self._undo.append(_PairEdit(sha, "pair", old, new))
        self._redo.clear()
        self._apply_pair(sha, new)
        return True

    def _apply_pair(self, sha: str, choice: PairChoice) -> None:
        manual, previous = choice
        if manual:
            self._manual[sha] = previous
        else:
            self._manual.pop(sha, None)
        self.persist_pair(sha, manual, previous)
        self._update_pairs("manual")

    def refuse_pair(self, sha: str) -> None:
        """The store refused the last pairing change of ``sha`` (a signed report): take it
        back here too, without writing, and drop its undo step."""
        for i in range(len(self._undo) - 1, -1, -1):
            edit = self._undo[i]
            if isinstance(edit, _PairEdit) and edit.sha == sha:
                del self._undo[i]
                manual, previous = edit.old
                if manual:
                    self._manual[sha] = previous
                else:
                    self._manual.pop(sha, None)
                self._update_pairs("manual")
                return

    def load_pairs(self, manual: Mapping[str, str | None]) -> None:
        """The store's choices; those made before the store was read (rare) win."""
        self._manual = {**manual, **self._manual}
        self._update_pairs("manual" if manual else None)

    def series_keys(self) -> dict[str, str]:
        """path -> overview row: ``core.crossyear.series_keys`` (the pairing's grouping),
        with the series the reviewer paired by hand joined into one row."""
        ok = [e.report for e in self._entries if not e.report.error and e.sha]
        by_sha = series_keys(ok)
        keys = {e.path: by_sha.get(e.sha) or group_key(e.report) for e in self._entries}
        parent: dict[str, str] = {}

        def find(k: str) -> str:
            while parent.get(k, k) != k:
                k = parent[k]
            return k

        for e in self._entries:
            prev = self._pairs.get(id(e.report))
            if prev is None or e.sha not in self._manual or prev.sha256 not in by_sha:
                continue
            a, b = find(keys[e.path]), find(by_sha[prev.sha256])
            if a != b:
                # The row keeps the agency's key rather than a file name's.
                keep, drop = sorted((a, b), key=lambda k: (k.startswith(("file:", "folder:")), k))
                parent[drop] = keep
        return {path: find(k) for path, k in keys.items()}

    def previous_of(self, report: Report) -> Report | None:
        """Last year's report of the same agency in the session (``pair_years``'s pairing)."""
        return self._pairs.get(id(report))

    def pairs_to_check(self) -> list[tuple[Entry, Report]]:
        """(entry, last year's report) pairs whose cross-year rules have not run yet."""
        out = []
        for e in self._entries:
            prev = self._pairs.get(id(e.report))
            if prev is not None and prev.sha256 not in e.cross_year:
                out.append((e, prev))
        return out

    def set_cross_year(self, entry: Entry, prev: Report, findings: list[Finding]) -> None:
        if self.entry_of_path(entry.path) is not entry or self._pairs.get(id(entry.report)) is not prev:
            return  # replaced, closed or paired otherwise meanwhile
        entry.cross_year[prev.sha256] = findings
        self.recompute(entry.sha)

    def groups(self) -> dict[str, list[Entry]]:
        """Entries by overview row (``series_keys``)."""
        keys = self.series_keys()
        out: dict[str, list[Entry]] = {}
        for e in self._entries:
            out.setdefault(keys[e.path], []).append(e)
        return out

    # notes ---------------------------------------------------------------------------------
    def load_notes(self, notes: Iterable[Annotation]) -> None:
        """The store's notes; those edited before the store was read (rare) win."""
        for ann in notes:
            self._notes.setdefault(ann.sha256, {}).setdefault(ann.target, ann)
        self._emit("notes_loaded")

    def note(self, sha: str, target: str) -> Annotation | None:
        return self._notes.get(sha, {}).get(target)

    def status(self, sha: str, target: str = REPORT_TARGET) -> str:
        ann = self.note(sha, target)
        return ann.status if ann else ""

    def comment(self, sha: str, target: str) -> str:
        ann = self.note(sha, target)
        return ann.comment if ann else ""

    def notes_of(self, sha: str) -> dict[str, Annotation]:
        return dict(self._notes.get(sha, {}))

    def edit_note(
        self,
        sha: str,
        target: str,
        *,
        status: str | None = None,
        comment: str | None = None,
        file_name: str = "",
    ) -> bool:
        """Change a target's status and/or comment, as one undoable step. False: no change."""
        if not sha:
            return False
        self._refuse_if_locked(sha)
        old = self.note(sha, target)
        new_status = status if status is not None else (old.status if old else "")
        new_comment = comment if comment is not None else (old.comment if old else "")
        if old is not None and (old.status, old.comment) == (new_status, new_comment):
            return False
        if old is None and not new_status and not new_comment:
            return False
        new = None
        if new_status or new_comment:
            new = Annotation(
                sha256=sha,
                target=target,
                status=new_status,
                comment=new_comment,
                reviewer=self.reviewer() or default_reviewer(),  # as the store would fill it
                updated=datetime.now().astimezone().isoformat(timespec="seconds"),
                file_name=file_name or (old.file_name if old else ""),
            )
        self._undo.append(_Edit(sha, target, old, new))
        self._redo.clear()
        self._apply(sha, target, new)
        return True

    def _apply(self, sha: str, target: str, ann: Annotation | None) -> None:
        notes = self._notes.setdefault(sha, {})
        if ann is None:
            notes.pop(target, None)
        else:
            notes[target] = ann
        self._persist(sha, target, ann)
        self._emit("notes_changed", (sha, target))

    # undo ----------------------------------------------------------------------------------
    def can_undo(self, sha: str | None = None) -> bool:
        return any(sha is None or e.sha == sha for e in self._undo)

    def can_redo(self, sha: str | None = None) -> bool:
        return any(sha is None or e.sha == sha for e in self._redo)

    def undo(self, sha: str | None = None) -> tuple[str, str] | None:
        """Undo the last note change of report ``sha`` (of any report if None).
        Returns (sha, target) of what was undone, or None."""
        return self._step(self._undo, self._redo, sha, undo=True)

    def redo(self, sha: str | None = None) -> tuple[str, str] | None:
        return self._step(self._redo, self._undo, sha, undo=False)

    def last_undo_sha(self) -> str | None:
        return self._undo[-1].sha if self._undo else None

    def last_redo_sha(self) -> str | None:
        return self._redo[-1].sha if self._redo else None

    def _step(self, src: list[_Step], dst: list[_Step], sha: str | None, undo: bool) -> tuple[str, str] | None:
        """Notes, pairings and corrections share one history per report. A signed
        report's steps stay where they are (ReportLocked) until it is unlocked."""
        for i in range(len(src) - 1, -1, -1):
            edit = src[i]
            if sha is None or edit.sha == sha:
                self._refuse_if_locked(edit.sha)
                del src[i]
                dst.append(edit)
                if isinstance(edit, _PairEdit):
                    self._apply_pair(edit.sha, edit.old if undo else edit.new)
                elif isinstance(edit, _CorrectionEdit):
                    self._apply_corrections(edit.sha, edit.old if undo else edit.new, edit.file_name)
                else:
                    self._apply(edit.sha, edit.target, edit.old if undo else edit.new)
                return edit.sha, edit.target
        return None

    # corrections ---------------------------------------------------------------------------
    def corrections(self, sha: str) -> dict[str, Correction]:
        """cell id (``table/row/col``) -> the reviewer's correction, for one report."""
        return dict(self._corrections.get(sha, {}))

    def correction(self, sha: str, cell: str) -> Correction | None:
        return self._corrections.get(sha, {}).get(cell)

    def correct(
        self, sha: str, corrections: Iterable[Correction], *, file_name: str = "", remove: Iterable[str] = ()
    ) -> bool:
        """Set corrections (and take back those of the cells in ``remove``) as ONE undo
        step, then re-check the report. Blank ``by``/``at`` are the reviewer and now.
        Raises ReportLocked on a signed report. False: nothing changed."""
        if not sha:
            return False
        self._refuse_if_locked(sha)
        by, at = self.reviewer() or default_reviewer(), now_iso()
        have = self._corrections.get(sha, {})
        new: dict[str, Correction | None] = {c: None for c in remove}
        for c in corrections:
            new[c.cell_id] = dataclasses.replace(c, by=c.by or by, at=c.at or at)
        old = {cell: have.get(cell) for cell in new}
        changed = {
            cell: corr for cell, corr in new.items()
            if (old[cell] is None) != (corr is None)
            or (old[cell] is not None and corr is not None
                and (old[cell].value, old[cell].reason) != (corr.value, corr.reason))  # type: ignore[union-attr]
        }
        if not changed:
            return False
        first = next(iter(changed))
        edit = _CorrectionEdit(sha, "cell:" + first.replace("/", ":"), {k: old[k] for k in changed}, changed, file_name)
        self._undo.append(edit)
        self._redo.clear()
        self._apply_corrections(sha, changed, file_name)
        return True

    def _apply_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str) -> None:
        have = self._corrections.setdefault(sha, {})
        for cell, corr in cells.items():
            if corr is None:
                have.pop(cell, None)
            else:
                have[cell] = corr
        self.persist_corrections(sha, dict(cells), file_name)
        self.recompute(sha)
        self._recompute_followers(sha)

    def _recompute_followers(self, sha: str) -> None:
        """Next year's reports compare themselves with this one: their cross-year findings
        (carry-over, roll-forward, jumps) follow its corrected tables at once."""
        for e in self._entries:
            prev = self._pairs.get(id(e.report))
            if prev is None or prev.sha256 != sha or e.sha == sha:
                continue
            if not self._corrections.get(e.sha):  # with corrections, the check takes prev as it is now
                e.cross_year[sha] = cross_year_findings(e.report, prev)
            self.recompute(e.sha)

    # sign-off ------------------------------------------------------------------------------
    def signoff(self, sha: str) -> SignOff | None:
        return self._signoffs.get(sha)

    def is_locked(self, sha: str) -> bool:
        return sha in self._signoffs

    def _refuse_if_locked(self, sha: str) -> None:
        s = self._signoffs.get(sha)
        if s is not None:
            raise ReportLocked(f"该报告已由{s.reviewer}、{s.second_reviewer}签字确认，已锁定；如需修改，请先解除锁定并说明原因。")

    def sign(self, sha: str, conclusion: str, reviewer: str, second_reviewer: str, file_name: str = "") -> SignOff:
        """Sign the report off (审阅结论, 审阅人, 复核人): locked from now on. The same
        rules as the store's ``sign``, checked here so the reviewer hears at once."""
        if sha in self._signoffs:
            raise ReportLocked("该报告已签字锁定；如需重新签字，请先解除锁定。")
        conclusion, reviewer, second_reviewer = conclusion.strip(), reviewer.strip(), second_reviewer.strip()
        if not conclusion:
            raise ValueError("请填写审阅结论")
        if not reviewer or not second_reviewer:
            raise ValueError("签字需要审阅人和复核人两人")
        if reviewer == second_reviewer:
            raise ValueError("复核人不能与审阅人是同一人")
        s = SignOff(sha, conclusion, reviewer, second_reviewer, now_iso(), file_name)
        self._signoffs[sha] = s
        self.persist_signoff(sha, s, "")
        self._emit("signoff_changed", sha)
        return s

    def unlock(self, sha: str, reason: str) -> None:
        """Withdraw the sign-off so the report can be edited; the reason goes into the history."""
        if not reason.strip():
            raise ValueError("解除锁定需要填写原因")
        if self._signoffs.pop(sha, None) is None:
            raise ValueError("该报告没有签字，无需解锁")
        self.persist_signoff(sha, None, reason.strip())
        self._emit("signoff_changed", sha)

    def adopt_signoff(self, sha: str, stored: SignOff | None) -> None:
        """The store refused this window's sign-off or unlock of ``sha`` (another window
        signed or unlocked it first): take the store's state here, without writing."""
        if stored is None:
            changed = self._signoffs.pop(sha, None) is not None
        else:
            changed = self._signoffs.get(sha) != stored
            self._signoffs[sha] = stored
        if changed:
            self._emit("signoff_changed", sha)

    def load_review(
        self, sha: str, notes: Iterable[Annotation], corrections: Iterable[Correction], signoff: SignOff | None
    ) -> None:
        """What the store holds for one report (read when it is opened); what was edited
        meanwhile in this window wins. Re-checks the report when it has corrections."""
        mine = self._notes.setdefault(sha, {})
        notes = list(notes)
        stored = {a.target for a in notes}
        for target in [t for t in mine if t.startswith("legacy:") and t not in stored]:
            del mine[target]  # moved onto its finding by the store's resolve_legacy
        for ann in notes:
            mine.setdefault(ann.target, ann)
        have = self._corrections.setdefault(sha, {})
        added = False
        for c in corrections:
            if c.cell_id not in have:
                have[c.cell_id] = c
                added = True
        if signoff is not None and sha not in self._signoffs:
            self._signoffs[sha] = signoff
            self._emit("signoff_changed", sha)
        self._emit("notes_loaded")
        if added:
            self.recompute(sha)

    def orphan_notes(self, sha: str) -> list[Annotation]:
        """Notes on findings this reading does not have (gone after a correction, a newer
        engine or a changed file): shown as "no longer found", never moved or dropped."""
        entry = self.entry_of_sha(sha)
        ids = {note_target(f) for f in entry.report.findings} if entry is not None else set()
        return [a for t, a in sorted(self._notes.get(sha, {}).items())
                if (t.startswith("finding:") and t not in ids) or t.startswith("legacy:")]
