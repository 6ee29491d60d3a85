"""The review session, Qt-free: the one owner of review state.

The queue of reports and their findings, the reviewer's notes, corrections and
confirmations, year pairs, sign-offs and review states live here; the window's Qt models
*observe* a ``ReviewSession`` and nothing refreshes them by hand. Every change goes
through a method here and is announced to the observers as a typed event (one frozen
dataclass per kind, ``EVENTS``).

- **Who.** Every mark names the reviewer: ``reviewer`` (given at construction) returns
  the name — the window asks it at the first mark of a session — and a mark without a
  name is refused (``NoReviewer``); the OS login is never used.
- **One undo stack** of typed commands (``NoteCommand``, ``PairCommand``,
  ``CorrectionCommand``). ``undo(sha)`` undoes the last change *of that report*;
  ``undo()`` the last change anywhere, returning which report it was. An undo or redo is
  written to the store as an act of its own (``action`` "undo"/"redo", by whom, now).
- **One persistence port** (``ReviewPort``), passed at construction: the store behind
  it keeps records; it does not undo. ``StorePort`` writes to an ``AnnotationStore`` at
  once (headless, tests, the batch); the window's ``AnnotationController`` writes on its
  store thread.
- **Sign-off** validated in one place (``core.signoff.validate``, also the store's),
  with the report's unresolved errors; it sets the report's one review state
  (``review_state``; ``set_review_state`` for returned → resubmitted).
- **Orphans** in one place (``core.annotations.orphan_notes``).

Two places are the only ones of their kind: ``note_target(finding)`` (a finding's note
target) and ``ReviewSession.recompute(sha)`` (where a report's findings are made again).

Year pairs are ``core.crossyear.pair_years`` over the open reports with the reviewer's
own choices (``set_pair``/``reset_pair``: one undo step each); the overview's rows are
``series_keys()``, the same grouping.
"""

from __future__ import annotations

import copy
import dataclasses
import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from core.annotations import ALREADY_SIGNED as _ALREADY_SIGNED
from core.annotations import NOT_SIGNED as _NOT_SIGNED
from core.annotations import (
    REPORT_TARGET,
    STATUSES,
    Annotation,
    AnnotationStore,
    NoReviewer,
    ReportLocked,
    SignOff,
    finding_target,
    locked_message,
    now_iso,
    orphan_notes,
)
from core.check import check, identified
from core.corrections import Correction
from core.crossyear import cross_year_findings, group_key, pair_years, series_keys
from core.model import Finding, Report, Tables
from core.pipeline import Analysis
from core.signoff import (
    NO_REVIEWER,
    PENDING,
    SignOffError,
    state_label,
    unresolved,
    validate,
    validate_transition,
    validate_unlock,
)

log = logging.getLogger(__name__)

__all__ = ["STATUSES", "NoReviewer", "ReviewSession", "ReviewPort", "StorePort", "state_label"]


# --------------------------------------------------------------------------- events


@dataclass(frozen=True)
class ReportsAdded:
    """New entries, or entries replacing one of the same path."""

    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class ReportsCleared:
    pass


@dataclass(frozen=True)
class ReportChanged:
    """The report's findings changed (counts, colours, lists)."""

    sha: str


@dataclass(frozen=True)
class NotesChanged:
    sha: str
    target: str


@dataclass(frozen=True)
class NotesLoaded:
    """The store's notes (of all reports, or of ``sha``) arrived."""

    sha: str = ""


@dataclass(frozen=True)
class PairsChanged:
    """The year pairing changed; ``manual``: by a reviewer's choice or the store's."""

    manual: bool = False


@dataclass(frozen=True)
class SignoffChanged:
    sha: str


@dataclass(frozen=True)
class ReviewStateChanged:
    sha: str
    state: str


Event = (ReportsAdded | ReportsCleared | ReportChanged | NotesChanged | NotesLoaded | PairsChanged
         | SignoffChanged | ReviewStateChanged)
EVENTS = (ReportsAdded, ReportsCleared, ReportChanged, NotesChanged, NotesLoaded, PairsChanged,
          SignoffChanged, ReviewStateChanged)
Observer = Callable[[Event], None]
# Runs work() elsewhere and hands its result to done() on the session's thread (set_background).
Background = Callable[[Callable[[], Any], Callable[[Any], None]], None]


def _reuse_facts(findings: list[Finding]) -> list[tuple[object, ...]]:
    """What a report's reuse findings say, to tell whether a new pass changed them."""
    return [(f.rule, f.section, f.share, f.message) for f in findings]


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
    # text_reused / text_common: what the open reports together found (``_update_batchwide``).
    reuse: list[Finding] = field(default_factory=list)

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


# --------------------------------------------------------------------------- persistence port


class ReviewPort(Protocol):
    """Where the session's changes are recorded. ``action`` is "" for a change, "undo" or
    "redo" for the undo of one (the store writes it as an entry of its own, by ``by``, now)."""

    def write_note(self, sha: str, target: str, ann: Annotation | None, by: str, action: str) -> None: ...

    def write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, by: str,
                          action: str) -> None: ...

    def write_pair(self, sha: str, manual: bool, previous: str | None, by: str, action: str) -> None: ...

    def write_signoff(self, sha: str, signoff: SignOff | None, reason: str, by: str, open_errors: int) -> None: ...

    def write_state(self, sha: str, state: str, by: str, reason: str, file_name: str) -> None: ...


class NullPort:
    """No store: the session's changes live as long as it does."""

    def write_note(self, sha: str, target: str, ann: Annotation | None, by: str, action: str) -> None:
        pass

    def write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, by: str,
                          action: str) -> None:
        pass

    def write_pair(self, sha: str, manual: bool, previous: str | None, by: str, action: str) -> None:
        pass

    def write_signoff(self, sha: str, signoff: SignOff | None, reason: str, by: str, open_errors: int) -> None:
        pass

    def write_state(self, sha: str, state: str, by: str, reason: str, file_name: str) -> None:
        pass


class StorePort:
    """The session written straight into an ``AnnotationStore`` (same thread): headless
    use, tests, the batch. The window's port is ``gui.annotations_ctl.AnnotationController``."""

    def __init__(self, store: AnnotationStore, names: Callable[[str], str] | None = None) -> None:
        self.store = store
        self._names = names or (lambda sha: "")

    def write_note(self, sha: str, target: str, ann: Annotation | None, by: str, action: str) -> None:
        if ann is None:
            self.store.delete(sha, target, by, action=action)
        else:
            self.store.save(dataclasses.replace(ann), action=action, by=by)

    def write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, by: str,
                          action: str) -> None:
        write_corrections(self.store, sha, cells, file_name, by, action)

    def write_pair(self, sha: str, manual: bool, previous: str | None, by: str, action: str) -> None:
        if manual:
            self.store.set_pair(sha, previous, self._names(sha), self._names(previous or ""), by, action=action)
        else:
            self.store.clear_pair(sha, by, action=action)

    def write_signoff(self, sha: str, signoff: SignOff | None, reason: str, by: str, open_errors: int) -> None:
        write_signoff(self.store, sha, signoff, reason, by, open_errors)

    def write_state(self, sha: str, state: str, by: str, reason: str, file_name: str) -> None:
        self.store.set_review_state(sha, state, by, reason, file_name)


def write_corrections(store: AnnotationStore, sha: str, cells: dict[str, Correction | None], file_name: str,
                      by: str, action: str) -> None:
    """One session step of corrections in the store: removals, then the cells given as one record."""
    for cell, corr in cells.items():
        if corr is None:
            store.remove_correction(sha, cell, by, action=action)
    given = [c for c in cells.values() if c is not None]
    if given:
        store.set_corrections(sha, given, file_name, label="更正" if len(given) > 1 else f"更正 {given[0].cell_id}",
                              by=by, action=action)


def write_signoff(store: AnnotationStore, sha: str, signoff: SignOff | None, reason: str, by: str,
                  open_errors: int) -> None:
    if signoff is None:
        store.unlock(sha, reason, by)
    else:
        store.sign(sha, signoff.conclusion, signoff.reviewer, signoff.second_reviewer, signoff.file_name,
                   open_errors)


# --------------------------------------------------------------------------- commands


# A report's pairing as the reviewer left it: (chosen by hand?, last year's sha256 or None).
PairChoice = tuple[bool, str | None]
AUTO: PairChoice = (False, None)


@dataclass(frozen=True)
class NoteCommand:
    """A note's status/comment changed."""

    sha: str
    target: str
    old: Annotation | None
    new: Annotation | None

    def apply(self, session: ReviewSession, undo: bool, action: str, by: str) -> None:
        session._put_note(self.sha, self.target, self.old if undo else self.new, action, by)


@dataclass(frozen=True)
class PairCommand:
    """The year pairing of a report chosen by hand (``set_pair``/``reset_pair``)."""

    sha: str
    target: str
    old: PairChoice
    new: PairChoice

    def apply(self, session: ReviewSession, undo: bool, action: str, by: str) -> None:
        session._put_pair(self.sha, self.old if undo else self.new, action, by)


@dataclass(frozen=True)
class CorrectionCommand:
    """Corrections or confirmations of cells (one cell, or every cell of a candidate
    split): cell id -> the record before and after (None: none)."""

    sha: str
    target: str  # the note target of the first cell, for the caller to show
    old: dict[str, Correction | None]
    new: dict[str, Correction | None]
    file_name: str = ""

    def apply(self, session: ReviewSession, undo: bool, action: str, by: str) -> None:
        session._put_corrections(self.sha, self.old if undo else self.new, self.file_name, action, by)


Command = NoteCommand | PairCommand | CorrectionCommand


@dataclass(frozen=True)
class PairInfo:
    """How one report is paired: with which last-year report, automatically or by hand."""

    previous: Report | None
    manual: bool  # the reviewer chose (a report, or no pairing)
    chosen_absent: bool = False  # paired by hand with a report that is not open


class ReviewSession:
    def __init__(self, port: ReviewPort | None = None, reviewer: Callable[[], str] | None = None) -> None:
        """``port``: where changes are recorded (none: kept in memory only). ``reviewer``:
        who is making the marks (the window asks at the first one); "" refuses the mark."""
        self._entries: list[Entry] = []
        self._by_path: dict[str, int] = {}
        self._notes: dict[str, dict[str, Annotation]] = {}
        self._observers: list[Observer] = []
        self._views: set[int] = set()  # id() of the observers subscribed as views
        self._port: ReviewPort = port or NullPort()
        self._reviewer: Callable[[], str] = reviewer or (lambda: "")
        self._undo: list[Command] = []
        self._redo: list[Command] = []
        self._pairs: dict[int, Report] = {}  # id(this year's report) -> last year's
        # The reviewer's pairing (the store's ``pairs``): sha256 -> last year's sha256, or
        # None = unpaired by hand; ``pair_years``'s ``manual``.
        self._manual: dict[str, str | None] = {}
        self._corrections: dict[str, dict[str, Correction]] = {}  # sha -> cell id -> correction
        self._signoffs: dict[str, SignOff] = {}
        self._states: dict[str, str] = {}  # sha -> review state (none: pending)
        # Versions among the open reports (core.versions.link_versions): newer sha -> older sha.
        self._versions: dict[str, str] = {}
        self._background: Background | None = None
        self._reuse_gen = 0

    def who(self) -> str:
        """The reviewer making a mark now; refuses (NoReviewer) without a name."""
        name = (self._reviewer() or "").strip()
        if not name:
            raise NoReviewer(NO_REVIEWER)
        return name

    # observers ---------------------------------------------------------------------------
    def subscribe(self, observer: Observer, *, view: bool = False) -> Callable[[], None]:
        """Call ``observer(event)`` on every change; returns the function that unsubscribes.

        ``view``: an observer that reads other observers' results (the window reading the
        queue model's rows). Every model observer hears an event before any view does,
        whatever order they subscribed in."""
        self._observers.append(observer)
        if view:
            self._views.add(id(observer))

        def unsubscribe() -> None:
            if observer in self._observers:
                self._observers.remove(observer)
                self._views.discard(id(observer))

        return unsubscribe

    def _emit(self, event: Event) -> None:
        ordered = sorted(self._observers, key=lambda o: id(o) in self._views)  # stable: models, then views
        for obs in ordered:
            try:
                obs(event)
            except Exception:  # noqa: BLE001 - one broken view must not stop the others
                log.exception("observer failed on %s", type(event).__name__)

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
            self._emit(ReportsAdded(tuple(added)))
            self._update_pairs(batchwide=False)
            for e in added:  # a report opened again keeps its corrections
                if self._corrections.get(e.sha):
                    self.recompute(e.sha)
            self._update_batchwide()
        return added

    def clear(self) -> None:
        self._entries.clear()
        self._by_path.clear()
        self._pairs.clear()
        self._versions.clear()
        self._emit(ReportsCleared())
        self._emit(PairsChanged())

    def recompute(self, sha: str, _depth: int = 0) -> None:
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
                report.findings = identified([*new.findings, *e.reuse])
            else:
                report.tables = e.printed_tables
                report.findings = identified([*e.base_findings, *(f for fs in e.cross_year.values() for f in fs),
                                              *e.reuse])
                report.orphan_corrections = (
                    [{**c.to_doc(), "why": "报告没有可读的表格"} for c in corrections] or None
                )
            self._mark_version(e)
        self._emit(ReportChanged(sha))
        for newer, older in self._versions.items():
            if older == sha and newer != sha and not _depth:
                self.recompute(newer, _depth=1)  # its 已整改/仍存在 follow this version's findings

    # batch-wide passes (as ``check``/``batch`` do after checking: core.batch.command.after_checking)
    def distinct(self) -> list[Entry]:
        """One entry per file content (the first opened of identical files, its ``also``
        naming the others), unreadable ones included: the reports ``batch`` counts."""
        seen: set[str] = set()
        out = []
        for e in self._entries:
            if e.sha and e.sha in seen:
                continue
            seen.add(e.sha)
            out.append(e)
        return out

    def _unique(self) -> list[Entry]:
        """One entry per SHA-256 (the first opened), readable ones: ``merge_identical``."""
        seen: set[str] = set()
        out = []
        for e in self._entries:
            if e.report.error or not e.sha or e.sha in seen:
                continue
            seen.add(e.sha)
            out.append(e)
        return out

    def set_background(self, run: Background | None) -> None:
        """Where the text-reuse pass runs: ``run(work, done)`` calls ``work()`` off the
        caller's thread and ``done(result)`` back on it (the window: a worker thread, since
        over 200 open reports the pass takes about 0.2 s). None: at once (headless, tests)."""
        self._background = run

    def _update_batchwide(self) -> None:
        """Text reuse across the open reports, the versions among them and identical files,
        as ``check`` and ``batch`` find them; each report whose result changed is made
        again. Run whenever the set of open reports or its pairing changes, like the
        cross-year pass. Versions and identical files at once (cheap); text reuse through
        ``set_background``'s runner, the latest request winning."""
        from core.crossyear import series_keys as _series
        from core.reuse import apply_text_reuse
        from core.versions import link_versions

        unique = self._unique()
        links = link_versions([e.report for e in unique])
        versions = {link.newer.sha256: link.older.sha256 for link in links}
        also: dict[str, list[str]] = {}
        for e in self._entries:
            also.setdefault(e.sha, []).append(e.path)
        for e in self._entries:
            e.report.also = [p for p in also.get(e.sha, []) if p != e.path] or None
        if versions != self._versions:
            changed = set(versions) | set(self._versions)
            self._versions = versions
            for sha in [e.sha for e in unique if e.sha in changed]:
                self.recompute(sha, _depth=1)

        # The reuse findings are made on copies without findings: the session keeps them
        # apart (Entry.reuse) so recompute puts them back after every re-check.
        bare = [dataclasses.replace(e.report, findings=[]) for e in unique]
        series = _series(bare)
        self._reuse_gen += 1
        gen = self._reuse_gen

        def work() -> dict[str, list[Finding]]:
            apply_text_reuse(bare, series)
            return {b.sha256: b.findings for b in bare}

        def done(found: dict[str, list[Finding]] | None) -> None:
            if found is not None and gen == self._reuse_gen:  # a later request supersedes this one
                self._set_reuse(found)

        if self._background is None:
            done(work())
        else:
            self._background(work, done)

    def _set_reuse(self, found: Mapping[str, list[Finding]]) -> None:
        changed = []
        for e in self._entries:
            reuse = found.get(e.sha, [])
            if _reuse_facts(reuse) != _reuse_facts(e.reuse):
                e.reuse = reuse
                changed.append(e.sha)
        for sha in dict.fromkeys(changed):
            self.recompute(sha, _depth=1)

    def version_of(self, sha: str) -> Entry | None:
        """The open report this one is a later version of (``core.versions.link_versions``)."""
        older = self._versions.get(sha)
        return self.entry_of_sha(older) if older else None

    def _mark_version(self, e: Entry) -> None:
        """The report's version marks from the older version open now; the older one's
        findings carry the reviewer's notes (a dismissed finding that went is no fix)."""
        from core.versions import clear_version, mark_version

        clear_version(e.report)
        older = self.older_version(e.sha)
        if older is not None:
            mark_version(e.report, older)

    def older_version(self, sha: str) -> Report | None:
        """The older version of report ``sha`` as the comparison reads it: its findings
        carrying the reviewer's notes (a copy; the open report is left as it is)."""
        older = self.version_of(sha)
        if older is None:
            return None
        notes = self._notes.get(older.sha, {})
        marked = [
            dataclasses.replace(f, note=notes[note_target(f)].note_dict()) if note_target(f) in notes else f
            for f in older.report.findings
        ]
        return dataclasses.replace(older.report, findings=marked)

    # year pairs ----------------------------------------------------------------------------
    def _update_pairs(self, manual: bool = False, batchwide: bool = True) -> None:
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
        if changed or manual:
            if batchwide:
                self._update_batchwide()
            self._emit(PairsChanged(manual))

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
        by = self.who()
        self._undo.append(PairCommand(sha, "pair", old, new))
        self._redo.clear()
        self._put_pair(sha, new, "", by)
        return True

    def _put_pair(self, sha: str, choice: PairChoice, action: str, by: str) -> None:
        manual, previous = choice
        if manual:
            self._manual[sha] = previous
        else:
            self._manual.pop(sha, None)
        self._port.write_pair(sha, manual, previous, by, action)
        self._update_pairs(True)

    def refuse_pair(self, sha: str) -> None:
        """The store refused the last pairing change of ``sha`` (a signed report): take it
        back here too, without writing, and drop its undo step."""
        for i in range(len(self._undo) - 1, -1, -1):
            edit = self._undo[i]
            if isinstance(edit, PairCommand) and edit.sha == sha:
                del self._undo[i]
                manual, previous = edit.old
                if manual:
                    self._manual[sha] = previous
                else:
                    self._manual.pop(sha, None)
                self._update_pairs(True)
                return

    def load_pairs(self, manual: Mapping[str, str | None]) -> None:
        """The store's choices; those made before the store was read (rare) win."""
        self._manual = {**manual, **self._manual}
        self._update_pairs(bool(manual))

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
        self._emit(NotesLoaded())
        self._remark_newer(None)

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
        if status and status not in STATUSES:
            raise ValueError(f"没有这个审阅状态：{status}")
        old = self.note(sha, target)
        new_status = status if status is not None else (old.status if old else "")
        new_comment = comment if comment is not None else (old.comment if old else "")
        if old is not None and (old.status, old.comment) == (new_status, new_comment):
            return False
        if old is None and not new_status and not new_comment:
            return False
        by = self.who()
        new = None
        if new_status or new_comment:
            new = Annotation(
                sha256=sha,
                target=target,
                status=new_status,
                comment=new_comment,
                reviewer=by,
                updated=now_iso(),
                file_name=file_name or (old.file_name if old else ""),
            )
        self._undo.append(NoteCommand(sha, target, old, new))
        self._redo.clear()
        self._put_note(sha, target, new, "", by)
        return True

    def _put_note(self, sha: str, target: str, ann: Annotation | None, action: str, by: str) -> None:
        notes = self._notes.setdefault(sha, {})
        if ann is None:
            notes.pop(target, None)
        else:
            notes[target] = ann
        self._port.write_note(sha, target, ann, by, action)
        self._emit(NotesChanged(sha, target))
        # A note on an older version decides what the newer one fixed (a dismissed finding
        # that went is no fix): its marks follow.
        self._remark_newer(sha)

    def _remark_newer(self, sha: str | None) -> None:
        """The later versions of ``sha`` (of every report if None) marked again."""
        for newer, older in self._versions.items():
            e = self.entry_of_sha(newer) if sha is None or older == sha else None
            if e is not None:
                self._mark_version(e)
                self._emit(ReportChanged(newer))

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

    def _step(self, src: list[Command], dst: list[Command], sha: str | None, undo: bool) -> tuple[str, str] | None:
        """Notes, pairings and corrections share one stack, searched per report. A signed
        report's steps stay where they are (ReportLocked) until it is unlocked. The undo
        is recorded as an act of its own: by the reviewer now, at the time it happens."""
        for i in range(len(src) - 1, -1, -1):
            cmd = src[i]
            if sha is None or cmd.sha == sha:
                self._refuse_if_locked(cmd.sha)
                by = self.who()
                del src[i]
                dst.append(cmd)
                cmd.apply(self, undo, "undo" if undo else "redo", by)
                return cmd.sha, cmd.target
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
        Raises ReportLocked on a signed report. False: nothing changed.
        A ``Correction`` with ``confirmed`` is a confirmation of the value as read."""
        if not sha:
            return False
        self._refuse_if_locked(sha)
        by, at = self.who(), now_iso()
        have = self._corrections.get(sha, {})
        new: dict[str, Correction | None] = {c: None for c in remove}
        for c in corrections:
            new[c.cell_id] = dataclasses.replace(c, by=c.by or by, at=c.at or at)
        old = {cell: have.get(cell) for cell in new}
        changed = {
            cell: corr for cell, corr in new.items()
            if (old[cell] is None) != (corr is None)
            or (old[cell] is not None and corr is not None
                and (old[cell].value, old[cell].reason, old[cell].confirmed)  # type: ignore[union-attr]
                != (corr.value, corr.reason, corr.confirmed))
        }
        if not changed:
            return False
        first = next(iter(changed))
        cmd = CorrectionCommand(sha, "cell:" + first.replace("/", ":"), {k: old[k] for k in changed}, changed,
                                file_name)
        self._undo.append(cmd)
        self._redo.clear()
        self._put_corrections(sha, changed, file_name, "", by)
        return True

    def confirm(self, sha: str, table: str, row: str, col: str, value: int | float | None,
                file_name: str = "") -> bool:
        """The reviewer's word that a reading is right as read: recorded as a confirmation
        (the cell's ``confirmed`` {by, at}), never as a correction; one undo step."""
        return self.correct(sha, [Correction(table, row, col, value, confirmed=True)], file_name=file_name)

    def _put_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, action: str,
                         by: str) -> None:
        have = self._corrections.setdefault(sha, {})
        for cell, corr in cells.items():
            if corr is None:
                have.pop(cell, None)
            else:
                have[cell] = corr
        self._port.write_corrections(sha, dict(cells), file_name, by, action)
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

    # sign-off and review state -------------------------------------------------------------
    def signoff(self, sha: str) -> SignOff | None:
        return self._signoffs.get(sha)

    def is_locked(self, sha: str) -> bool:
        return sha in self._signoffs

    def _refuse_if_locked(self, sha: str) -> None:
        s = self._signoffs.get(sha)
        if s is not None:
            raise ReportLocked(locked_message(s.reviewer, s.second_reviewer, s.at))

    def review_state(self, sha: str) -> str:
        """The report's one review state: pending | returned | resubmitted | passed."""
        return self._states.get(sha, PENDING)

    def review_state_label(self, sha: str) -> str:
        """The state as the header, the queue and the sheets all say it."""
        return state_label(self.review_state(sha))

    def unresolved(self, sha: str) -> list[Finding]:
        """The report's errors neither dismissed (已排除) nor corrected away."""
        entry = self.entry_of_sha(sha)
        if entry is None:
            return []
        notes = self._notes.get(sha, {})
        statuses = {t.removeprefix("finding:"): a.status for t, a in notes.items() if t.startswith("finding:")}
        return unresolved(entry.report.findings, statuses)

    def sign(self, sha: str, conclusion: str, reviewer: str, second_reviewer: str, file_name: str = "") -> SignOff:
        """Sign the report off (审阅结论, 审阅人, 复核人): locked from now on, its review state
        the conclusion's. Refused (SignOffError) as ``core.signoff.validate`` says — e.g.
        未发现问题 while errors are unresolved."""
        if sha in self._signoffs:
            raise ReportLocked(_ALREADY_SIGNED)
        open_errors = len(self.unresolved(sha))
        c = validate(conclusion, reviewer, second_reviewer, open_errors)
        s = SignOff(sha, c.text, reviewer.strip(), second_reviewer.strip(), now_iso(), file_name)
        self._signoffs[sha] = s
        self._states[sha] = c.state
        self._port.write_signoff(sha, s, "", s.reviewer, open_errors)
        self._emit(SignoffChanged(sha))
        self._emit(ReviewStateChanged(sha, c.state))
        return s

    def unlock(self, sha: str, reason: str) -> None:
        """Withdraw the sign-off so the report can be edited; the reason goes into the
        history. A report that had passed is pending again."""
        why = validate_unlock(reason)
        if sha not in self._signoffs:
            raise SignOffError(_NOT_SIGNED)
        by = self.who()
        del self._signoffs[sha]
        if self._states.get(sha) == "passed":
            del self._states[sha]
        self._port.write_signoff(sha, None, why, by, 0)
        self._emit(SignoffChanged(sha))
        self._emit(ReviewStateChanged(sha, self.review_state(sha)))

    def set_review_state(self, sha: str, state: str, reason: str = "", file_name: str = "") -> None:
        """A change of state without a sign-off, as ``core.signoff.TRANSITIONS`` allows
        (returned → resubmitted), recorded with who, when and why."""
        validate_transition(self.review_state(sha), state)
        by = self.who()
        self._states[sha] = state
        self._port.write_state(sha, state, by, reason, file_name)
        self._emit(ReviewStateChanged(sha, state))

    def adopt_signoff(self, sha: str, stored: SignOff | None, state: str | None = None) -> None:
        """The store refused this window's sign-off or unlock of ``sha`` (another window
        signed or unlocked it first): take the store's state here, without writing."""
        if stored is None:
            changed = self._signoffs.pop(sha, None) is not None
        else:
            changed = self._signoffs.get(sha) != stored
            self._signoffs[sha] = stored
        if state is not None:
            self._set_state(sha, state)
        if changed:
            self._emit(SignoffChanged(sha))
            self._emit(ReviewStateChanged(sha, self.review_state(sha)))

    def _set_state(self, sha: str, state: str) -> None:
        if state == PENDING:
            self._states.pop(sha, None)
        else:
            self._states[sha] = state

    def load_review(
        self, sha: str, notes: Iterable[Annotation], corrections: Iterable[Correction], signoff: SignOff | None,
        state: str = PENDING,
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
        if sha not in self._states:
            self._set_state(sha, state)
        if signoff is not None and sha not in self._signoffs:
            self._signoffs[sha] = signoff
            self._emit(SignoffChanged(sha))
        self._emit(ReviewStateChanged(sha, self.review_state(sha)))
        self._emit(NotesLoaded(sha))
        if added:
            self.recompute(sha)
        self._remark_newer(sha)

    def orphan_notes(self, sha: str) -> list[Annotation]:
        """Notes on findings this reading does not have (gone after a correction, a newer
        engine or a changed file): shown as "no longer found", never moved or dropped."""
        entry = self.entry_of_sha(sha)
        ids = [f.key() for f in entry.report.findings] if entry is not None else []
        return orphan_notes(self._notes.get(sha, {}), ids)
