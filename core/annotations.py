"""The reviewer's store: notes, corrections, sign-offs and their history, in one TinyDB db.

Everything is keyed by the report file's SHA-256, so a renamed or moved file keeps its
marks and a changed file is a new version. Notes attach to a target:

- ``report`` — the report as a whole;
- ``finding:<id>`` — a finding, by its id (``core.finding_ids``), never by a list index;
- ``cell:<table>:<row>:<col>`` — a cell;
- ``legacy:<rule|table|cells>`` — a note written before finding ids (schema 1), waiting
  to be matched to exactly one finding (``resolve_legacy``); until then it is an orphan.

A note whose finding is not in the current reading (after a correction, a newer engine)
is an *orphan*: it stays in the store, listed with its text, and is never moved onto
another finding (``annotate``).

Tables: ``annotations`` (notes; the layout of schema 1), ``corrections`` (one per
cell: the reviewer's value — or a confirmation of the value as read —, who, when, why),
``signoffs`` (one per report: 审阅结论, 审阅人, 复核人, when — a signed report is locked),
``review_states`` (one per report: the contract's ``review_state`` with who, when, why;
none = pending), ``history`` (append-only: who, when, target, field, old → new, for every
change of status, comment, correction, confirmation, sign-off, unlock and state; an undo
or redo of the window is an entry of its own, ``action`` 撤销/重做, at its own time), ``pairs`` (a report's last-year report chosen by hand, or "none": overrides
the automatic pairing of ``core.crossyear.pair_years``), ``meta`` (schema version).

Every operation is one short transaction under an inter-process lock
(``annotations.json.lock``): catch up with what other processes wrote, check, append one
journal record (``core.journal_storage``: fsync'd before the call returns), apply it in
memory. The store keeps records; it does not undo (the review session's one undo stack
writes an undo as a change of its own). Every write names who made it: there is no
default name (never the OS login). A damaged db is recovered with a message (``recovery_message``); opening
never raises for a bad db file.
"""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from filelock import FileLock
from tinydb import TinyDB

from core.corrections import Correction, CorrectionError, cell_id, parse_cell_id
from core.finding_ids import legacy_key
from core.journal_storage import JOURNAL_TABLE, JournalStorage, Op
from core.signoff import (
    NO_REVIEWER,
    PENDING,
    SignOffError,
    state_label,
    state_of_conclusion,
    validate,
    validate_transition,
    validate_unlock,
)

if TYPE_CHECKING:
    from core.model import Report

log = logging.getLogger(__name__)

STATUSES = ("待核实", "已确认", "已排除", "需整改")

REPORT_TARGET = "report"
ANNOTATIONS_TABLE = "annotations"
CORRECTIONS_TABLE = "corrections"
SIGNOFFS_TABLE = "signoffs"
REVIEW_STATES_TABLE = "review_states"  # one per report: the contract's review_state
PAIRS_TABLE = "pairs"  # the reviewer's year pairing, one per report (see set_pair)
PAIR_TARGET = "pair"  # the history target of a report's pairing
HISTORY_TABLE = "history"
META_TABLE = "meta"
# (helper "batch") facts of a report for the batch, entered by hand: its roster unit, its
# publication date, the date it was filed with the office (报送日期), where it was published
# (发布网址), its year where the file gives none or a wrong one. Keyed by "batch:<sha256>" so
# a signed report's lock (which guards what the report says) does not stop matching it.
BATCH_FACTS_TABLE = "batch_facts"
BATCH_FACTS = ("unit", "published", "filed", "url", "year")


def _v1_to_v2(tables: dict[str, dict[str, Any]]) -> None:
    """Schema 1 keyed finding notes by rule|table|cells, which two findings of one rule
    can share. They become ``legacy:`` notes, matched to ids when their report is read."""
    for doc in tables.get(ANNOTATIONS_TABLE, {}).values():
        target = str(doc.get("target", ""))
        if target.startswith("finding:"):
            doc["target"] = "legacy:" + target.removeprefix("finding:")
    for name in (CORRECTIONS_TABLE, SIGNOFFS_TABLE, HISTORY_TABLE):
        tables.setdefault(name, {})


# Bump when the stored layout changes and add MIGRATIONS[old] that upgrades old -> old + 1.
SCHEMA_VERSION = 2
# from-version -> function that upgrades the raw tables dict in place by one version.
# A db written before the meta table existed is version 0 and has the same layout as 1.
Migration = Callable[[dict[str, dict[str, Any]]], None]
MIGRATIONS: dict[int, Migration] = {0: lambda tables: None, 1: _v1_to_v2}

LOCK_TIMEOUT_S = 30.0  # a live holder finishes in milliseconds; a dead one's lock is freed by the OS


def finding_target(finding_id: str) -> str:
    """The target of a note on a finding (``Finding.id``, also ``Finding.key()``)."""
    return f"finding:{finding_id}"


def cell_target(table: str, row: str, col: str) -> str:
    return f"cell:{table}:{row}:{col}"


def correction_target(table: str, row: str, col: str) -> str:
    """The history target of a cell's correction."""
    return f"correction:{cell_id(table, row, col)}"


def now_iso() -> str:
    """ISO 8601 local time with offset, to the second: what a reviewer reads back."""
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _who(by: str) -> str:
    """Who makes a change: always a name the reviewer gave, never the OS login."""
    if not by or not by.strip():
        raise NoReviewer(NO_REVIEWER)
    return by.strip()


class ReportLocked(ValueError):
    """An edit of a signed-off report; unlock it (with a reason) first."""


class NoReviewer(ValueError):
    """A mark without a reviewer's name: nothing is recorded under the OS login."""


@dataclass
class Annotation:
    sha256: str
    target: str  # "report" | "finding:<id>" | "cell:<table>:<row>:<col>" | "legacy:<old key>"
    status: str = ""
    comment: str = ""
    reviewer: str = ""
    updated: str = ""  # ISO 8601 local time with offset
    file_name: str = ""  # last known name, for display

    def to_doc(self) -> dict[str, str]:
        return asdict(self)

    @staticmethod
    def from_doc(doc: dict[str, Any]) -> Annotation:
        # Tolerate fields added by a newer version and missing ones from an older one.
        known = {f.name for f in fields(Annotation)}
        return Annotation(**{k: str(v) for k, v in doc.items() if k in known and v is not None})

    def note_dict(self) -> dict[str, str]:
        """The contract's ``note`` of a finding."""
        return {"status": self.status, "comment": self.comment, "by": self.reviewer, "at": self.updated}


@dataclass(frozen=True)
class SignOff:
    sha256: str
    conclusion: str  # 审阅结论
    reviewer: str  # 审阅人
    second_reviewer: str  # 复核人
    at: str
    file_name: str = ""

    def to_dict(self) -> dict[str, str]:
        """The contract's ``signoff`` of a report."""
        return {"conclusion": self.conclusion, "reviewer": self.reviewer,
                "second_reviewer": self.second_reviewer, "at": self.at}


@dataclass(frozen=True)
class HistoryEntry:
    sha256: str
    target: str  # as for notes, or "correction:<table>/<row>/<col>", "report" for sign-offs, "pair"
    field: str  # status | comment | value | confirm | signoff | unlock | review_state | migrated | pair
    old: str
    new: str
    by: str
    at: str  # when this entry happened (an undo's own time, not that of what it undid)
    reason: str = ""
    seq: int = 0  # order of entry in the store
    action: str = ""  # "" | "undo" | "redo": the entry undoes or redoes an earlier change


@dataclass(frozen=True)
class Edit:
    """One document before and after: what undo puts back."""

    table: str  # ANNOTATIONS_TABLE | CORRECTIONS_TABLE | SIGNOFFS_TABLE | REVIEW_STATES_TABLE | PAIRS_TABLE
    key: str  # note target, correction cell id, or "" for a sign-off
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True)
class Change:
    """What one store operation did (a record; the store does not undo)."""

    sha256: str
    label: str
    edits: tuple[Edit, ...]

    @property
    def empty(self) -> bool:
        return not self.edits


@dataclass
class ReportReview:
    """Everything the store holds for one report version."""

    sha256: str
    notes: dict[str, Annotation] = field(default_factory=dict)
    corrections: list[Correction] = field(default_factory=list)
    signoff: SignOff | None = None
    state: str = PENDING  # the contract's review_state

    @property
    def locked(self) -> bool:
        return self.signoff is not None


# --------------------------------------------------------------------------- the store


class AnnotationStore:
    """The reviewer's store, safe against crashes and against a second window or process."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            from core.paths import user_data_dir

            path = user_data_dir() / "annotations.json"
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.recovery_message: str | None = None
        self._file_lock = FileLock(str(self.path) + ".lock", timeout=LOCK_TIMEOUT_S)
        self._thread_lock = threading.RLock()
        self._closed = False
        # indexes over the tables, kept in step by the storage's change callback
        self._keys: dict[str, dict[tuple[str, str], str]] = {}
        self._by_sha: dict[str, dict[str, set[str]]] = {}
        self._max_id: dict[str, int] = {}
        self._db = TinyDB(self.path, storage=JournalStorage, on_recover=self._note_recovery,
                          on_change=self._on_change)
        self._storage: JournalStorage = self._db.storage  # type: ignore[assignment]
        self._open()

    # -- notes

    def for_report(self, sha256: str) -> dict[str, Annotation]:
        """target -> note for one report version."""
        with self._locked():
            docs = self._docs(ANNOTATIONS_TABLE, sha256)
        return {a.target: a for a in map(Annotation.from_doc, docs)}

    def get(self, sha256: str, target: str) -> Annotation | None:
        with self._locked():
            doc = self._doc(ANNOTATIONS_TABLE, sha256, target)
        return Annotation.from_doc(doc) if doc else None

    def save(self, ann: Annotation, action: str = "", by: str = "") -> Change:
        """Insert or replace the note on (sha256, target); on disk when this returns.

        ``ann.reviewer`` is required (who wrote it); a blank ``updated`` is filled in (now)
        on ``ann`` itself, so the caller shows what was stored. Refused on a signed report.
        ``action`` "undo"/"redo": the window's undo of a note, recorded as such, now.
        """
        if ann.status and ann.status not in STATUSES:
            raise ValueError(f"unknown status {ann.status!r}; expected one of {STATUSES}")
        if not ann.sha256 or not ann.target:
            raise ValueError("an annotation needs sha256 and target")
        ann.reviewer = _who(ann.reviewer)
        if not ann.updated:
            ann.updated = now_iso()
        edit = Edit(ANNOTATIONS_TABLE, ann.target, None, ann.to_doc())
        if action:  # the note comes back as it was; the entry says who undid it, and when
            return self._commit(ann.sha256, "批注", [edit], _who(by), now_iso(), action=action)
        return self._commit(ann.sha256, "批注", [edit], ann.reviewer, ann.updated)

    def delete(self, sha256: str, target: str, by: str, action: str = "") -> Change:
        edit = Edit(ANNOTATIONS_TABLE, target, None, None)
        return self._commit(sha256, "删除批注", [edit], _who(by), now_iso(), action=action)

    def all(self) -> list[Annotation]:
        with self._locked():
            docs = list(self._table(ANNOTATIONS_TABLE).values())
        return [Annotation.from_doc(d) for d in docs]

    # -- corrections

    def corrections(self, sha256: str) -> list[Correction]:
        with self._locked():
            docs = self._docs(CORRECTIONS_TABLE, sha256)
        out = []
        for d in docs:
            with contextlib.suppress(CorrectionError):
                out.append(Correction.from_doc(d))
        return sorted(out, key=lambda c: c.cell_id)

    def set_corrections(self, sha256: str, corrections: Iterable[Correction], file_name: str = "",
                        label: str = "更正", by: str = "", action: str = "") -> Change:
        """Record corrections (or confirmations) of one report together: one journal record
        (e.g. all cells of an ambiguous_digits candidate). Each names who made it (its
        ``by``, else ``by``); a blank ``at`` is now."""
        at = now_iso()
        edits = []
        for c in corrections:
            parse_cell_id(c.cell_id)  # validates the ids
            doc = {"sha256": sha256, **c.to_doc(), "file_name": file_name}
            doc["by"] = _who(c.by or by)
            doc["at"] = c.at or at
            edits.append(Edit(CORRECTIONS_TABLE, c.cell_id, None, doc))
        if not edits:
            raise CorrectionError("没有要记录的更正")
        who = _who(by) if action else edits[0].after["by"]  # type: ignore[index]
        return self._commit(sha256, label, edits, who, at, action=action)

    def set_correction(self, sha256: str, correction: Correction, file_name: str = "") -> Change:
        return self.set_corrections(sha256, [correction], file_name, label=f"更正 {correction.cell_id}")

    def remove_correction(self, sha256: str, cell: str, by: str, action: str = "") -> Change:
        edit = Edit(CORRECTIONS_TABLE, cell, None, None)
        return self._commit(sha256, f"撤销更正 {cell}", [edit], _who(by), now_iso(), action=action)

    # -- sign-off

    def signoff(self, sha256: str) -> SignOff | None:
        with self._locked():
            doc = self._doc(SIGNOFFS_TABLE, sha256, "")
        return _signoff(doc)

    def is_locked(self, sha256: str) -> bool:
        return self.signoff(sha256) is not None

    def sign(self, sha256: str, conclusion: str, reviewer: str, second_reviewer: str,
             file_name: str = "", open_errors: int = 0) -> Change:
        """Sign the report off: 审阅结论 (one of ``core.signoff.CONCLUSIONS``), 审阅人 and a
        second 复核人. Locks it and sets its review state (``core.signoff.validate``)."""
        c = validate(conclusion, reviewer, second_reviewer, open_errors)
        at = now_iso()
        doc = {"sha256": sha256, "conclusion": c.text, "reviewer": reviewer.strip(),
               "second_reviewer": second_reviewer.strip(), "at": at, "file_name": file_name}
        state = {"sha256": sha256, "state": c.state, "by": reviewer.strip(), "at": at, "reason": c.text,
                 "file_name": file_name}
        # The state first, so the history reads 审阅状态 then 签字 (the act itself, newest).
        edits = [Edit(REVIEW_STATES_TABLE, "", None, state), Edit(SIGNOFFS_TABLE, "", None, doc)]
        return self._commit(sha256, "签字", edits, reviewer.strip(), at, signing=True)

    def unlock(self, sha256: str, reason: str, by: str) -> Change:
        """Withdraw the sign-off so the report can be edited again; the reason is kept.
        A report that had passed is pending again; a returned one stays returned."""
        why = validate_unlock(reason)
        edits = [Edit(SIGNOFFS_TABLE, "", None, None)]
        if self.review_state(sha256) == "passed":
            edits.append(Edit(REVIEW_STATES_TABLE, "", None, None))
        return self._commit(sha256, "解锁", edits, _who(by), now_iso(), unlocking=why)

    # -- review state (the contract's review_state; the sign-off sets it)

    def review_state(self, sha256: str) -> str:
        with self._locked():
            doc = self._doc(REVIEW_STATES_TABLE, sha256, "")
            sign = self._doc(SIGNOFFS_TABLE, sha256, "")
        return _state(doc, sign)

    def set_review_state(self, sha256: str, state: str, by: str, reason: str = "", file_name: str = "") -> Change:
        """A change of state without a sign-off (``core.signoff.TRANSITIONS``, e.g. returned →
        resubmitted), with who, when and why in the history. Allowed on a signed report:
        it changes nothing the signature covers."""
        who = _who(by)
        with self._locked():
            old = _state(self._doc(REVIEW_STATES_TABLE, sha256, ""), self._doc(SIGNOFFS_TABLE, sha256, ""))
        validate_transition(old, state)
        at = now_iso()
        doc = {"sha256": sha256, "state": state, "by": who, "at": at, "reason": reason.strip(),
               "file_name": file_name}
        return self._commit(sha256, "审阅状态", [Edit(REVIEW_STATES_TABLE, "", None, doc)], who, at,
                            state_only=True)

    # -- year pairs chosen by hand

    def manual_pairs(self) -> dict[str, str | None]:
        """sha256 of a report -> sha256 of the last-year report the reviewer paired it with,
        or None where the reviewer unpaired it; reports not listed are paired automatically.
        ``core.crossyear.pair_years``'s ``manual``."""
        with self._locked():
            docs = list(self._table(PAIRS_TABLE).values())
        return {str(d["sha256"]): (str(d.get("previous") or "") or None) for d in docs if d.get("sha256")}

    def set_pair(self, sha256: str, previous: str | None, file_name: str = "", previous_name: str = "",
                 by: str = "", action: str = "") -> Change:
        """Pair a report with the last-year report ``previous`` by hand, or unpair it
        (``previous`` None). Recorded with history; refused on a signed report."""
        if not sha256 or previous == sha256:
            raise ValueError("a report cannot be paired with itself")
        at = now_iso()
        doc = {"sha256": sha256, "previous": previous or "", "file_name": file_name,
               "previous_name": previous_name if previous else "", "by": _who(by), "at": at}
        label = "手动配对" if previous else "取消配对"
        return self._commit(sha256, label, [Edit(PAIRS_TABLE, "", None, doc)], doc["by"], at, action=action)

    def clear_pair(self, sha256: str, by: str, action: str = "") -> Change:
        """Forget the reviewer's choice: the report is paired automatically again."""
        return self._commit(sha256, "恢复自动配对", [Edit(PAIRS_TABLE, "", None, None)],
                            _who(by), now_iso(), action=action)

    # -- batch facts (helper "batch"; used by `batch --store` and the batch view)

    def batch_facts(self) -> dict[str, dict[str, str | None]]:
        """sha256 -> {"unit": roster unit name or None (belongs to no unit), "published":
        "YYYY-MM-DD"} for the facts the reviewer entered; reports not listed have none."""
        with self._locked():
            docs = list(self._table(BATCH_FACTS_TABLE).values())
        out: dict[str, dict[str, str | None]] = {}
        for d in docs:
            sha = str(d.get("sha256", "")).removeprefix("batch:")
            if sha and d.get("fact") in BATCH_FACTS:
                out.setdefault(sha, {})[str(d["fact"])] = d.get("value") or None
        return out

    def set_batch_fact(self, sha256: str, fact: str, value: str | None, file_name: str = "",
                       by: str = "") -> Change:
        """Record a fact (``unit``: the roster unit the report belongs to, None for none;
        ``published``/``filed``: dates "YYYY-MM-DD"; ``url``; ``year``). Names who entered it (``by``, required)."""
        if fact not in BATCH_FACTS:
            raise ValueError(f"unknown batch fact {fact!r}; expected one of {BATCH_FACTS}")
        at = now_iso()
        key = f"batch:{sha256}"
        doc = {"sha256": key, "fact": fact, "value": value or "", "file_name": file_name,
               "by": _who(by), "at": at}
        label = {"unit": "指定所属单位", "published": "录入发布日期", "filed": "录入报送日期",
                 "url": "录入发布网址", "year": "更正报告年度"}[fact]
        return self._commit(key, label, [Edit(BATCH_FACTS_TABLE, fact, None, doc)], doc["by"], at)

    def clear_batch_fact(self, sha256: str, fact: str, by: str = "") -> Change:
        """Forget an entered fact: the report is matched (or dated) automatically again."""
        return self._commit(f"batch:{sha256}", "恢复自动", [Edit(BATCH_FACTS_TABLE, fact, None, None)],
                            _who(by), now_iso())

    # -- history

    def history(self, sha256: str, targets: Iterable[str] | None = None) -> list[HistoryEntry]:
        """Every recorded change of one report, oldest first; only ``targets`` if given
        (e.g. ``[finding_target(id)]``, or a cell's ``cell_target`` and ``correction_target``)."""
        wanted = set(targets) if targets is not None else None
        with self._locked():
            docs = [(int(i), d) for i, d in self._docs_with_ids(HISTORY_TABLE, sha256)]
        out = []
        for seq, d in sorted(docs, key=lambda x: x[0]):
            if wanted is not None and d.get("target") not in wanted:
                continue
            out.append(HistoryEntry(sha256, str(d.get("target", "")), str(d.get("field", "")),
                                    str(d.get("old", "")), str(d.get("new", "")), str(d.get("by", "")),
                                    str(d.get("at", "")), str(d.get("reason", "")), seq,
                                    str(d.get("action", ""))))
        return out

    # -- one report at a time

    def review_of(self, sha256: str) -> ReportReview:
        with self._locked():
            notes = {a.target: a for a in map(Annotation.from_doc, self._docs(ANNOTATIONS_TABLE, sha256))}
            corr_docs = self._docs(CORRECTIONS_TABLE, sha256)
            sign_doc = self._doc(SIGNOFFS_TABLE, sha256, "")
            state = _state(self._doc(REVIEW_STATES_TABLE, sha256, ""), sign_doc)
        sign = _signoff(sign_doc)
        corrections = []
        for d in corr_docs:
            with contextlib.suppress(CorrectionError):
                corrections.append(Correction.from_doc(d))
        return ReportReview(sha256, notes, sorted(corrections, key=lambda c: c.cell_id), sign, state)

    def resolve_legacy(self, report: Report) -> int:
        """Give schema-1 notes of this report (``legacy:rule|table|cells``) their finding's
        id where exactly one finding has that key and no note is on it yet; the others
        stay, as orphans. Returns how many were moved."""
        by_key: dict[str, list[str]] = {}
        for f in report.findings:
            by_key.setdefault(legacy_key(f), []).append(f.key())
        moved = 0
        with self._locked():
            legacy = [a for a in map(Annotation.from_doc, self._docs(ANNOTATIONS_TABLE, report.sha256))
                      if a.target.startswith("legacy:")]
            ops: list[Op] = []
            for a in legacy:
                ids = by_key.get(a.target.removeprefix("legacy:"), [])
                if len(ids) != 1 or self._doc(ANNOTATIONS_TABLE, report.sha256, finding_target(ids[0])):
                    continue
                old_id = self._keys[ANNOTATIONS_TABLE][(report.sha256, a.target)]
                new = {**a.to_doc(), "target": finding_target(ids[0])}
                ops.append(("del", ANNOTATIONS_TABLE, old_id, None))
                ops.append(("put", ANNOTATIONS_TABLE, self._new_id(ANNOTATIONS_TABLE, len(ops)), new))
                ops.append(("put", HISTORY_TABLE, self._new_id(HISTORY_TABLE, len(ops)),
                            _hist(report.sha256, new["target"], "migrated", a.target, new["target"],
                                  "", now_iso())))
                moved += 1
            self._storage.apply(ops)
        return moved

    # -- housekeeping

    def compact(self) -> None:
        """Fold the journal into the snapshot (the window may call this when idle)."""
        with self._locked():
            if self._storage.needs_compaction():
                self._storage.compact()

    def close(self) -> None:
        if self._closed:
            return
        try:
            self.compact()
        except OSError:
            log.exception("cannot compact the annotation db %s", self.path)
        self._closed = True

    def __enter__(self) -> AnnotationStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals: transactions

    def _note_recovery(self, msg: str) -> None:
        self.recovery_message = msg if not self.recovery_message else f"{self.recovery_message}\n{msg}"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Both locks held and the in-memory tables up to date with the files."""
        if self._closed:
            raise RuntimeError("AnnotationStore is closed")
        with self._thread_lock, self._file_lock:
            self._storage.refresh()
            yield

    def _commit(self, sha256: str, label: str, edits: list[Edit], by: str, at: str,
                signing: bool = False, unlocking: str = "", state_only: bool = False, action: str = "") -> Change:
        """Apply edits (their ``before`` is read here) with their history, atomically."""
        with self._locked():
            sign = self._doc(SIGNOFFS_TABLE, sha256, "")
            if signing and sign:
                raise ReportLocked(ALREADY_SIGNED)
            if unlocking and not sign:
                raise SignOffError(NOT_SIGNED)
            if sign and not signing and not unlocking and not state_only:
                raise ReportLocked(locked_message(sign.get("reviewer", ""), sign.get("second_reviewer", ""),
                                                  sign.get("at", "")))
            done = [Edit(e.table, e.key, self._doc(e.table, sha256, e.key), e.after) for e in edits]
            done = [e for e in done if _differs(e.before, e.after)]
            ops = self._ops(sha256, done, by, at, unlocking, action)
            self._storage.apply(ops)
        return Change(sha256, label, tuple(done))

    def _ops(self, sha256: str, edits: list[Edit], by: str, at: str, unlocking: str, action: str = "") -> list[Op]:
        ops: list[Op] = []
        for e in edits:
            doc_id = self._id_of(e.table, sha256, e.key)
            if e.after is None:
                if doc_id is not None:
                    ops.append(("del", e.table, doc_id, None))
            else:
                ops.append(("put", e.table, doc_id or self._new_id(e.table, len(ops)), e.after))
            for target, fld, old, new in _history_lines(e):
                who = (e.after or {}).get("reviewer") or (e.after or {}).get("by") or by
                when = (e.after or {}).get("updated") or (e.after or {}).get("at") or at
                reason = (e.after or {}).get("reason", "") if e.table in (CORRECTIONS_TABLE,
                                                                          REVIEW_STATES_TABLE) else ""
                if fld == "unlock" or (e.table == REVIEW_STATES_TABLE and e.after is None):
                    who, when, reason = by, at, unlocking
                if action:  # an undo/redo is its own act: who undid it, and when
                    who, when = by, at
                doc = _hist(sha256, target, fld, old, new, who, when, reason)
                if action:
                    doc["action"] = action
                ops.append(("put", HISTORY_TABLE, self._new_id(HISTORY_TABLE, len(ops)), doc))
        return ops

    # -- internals: indexes and lookups

    def _table(self, name: str) -> dict[str, Any]:
        return self._storage.read().get(name, {})

    def _id_of(self, table: str, sha256: str, key: str) -> str | None:
        return self._keys.get(table, {}).get((sha256, key))

    def _doc(self, table: str, sha256: str, key: str) -> dict[str, Any] | None:
        doc_id = self._id_of(table, sha256, key)
        if doc_id is None:
            return None
        doc = self._db.table(table, cache_size=0).get(doc_id=int(doc_id))
        return dict(doc) if doc is not None else None

    def _docs(self, table: str, sha256: str) -> list[dict[str, Any]]:
        return [d for _, d in self._docs_with_ids(table, sha256)]

    def _docs_with_ids(self, table: str, sha256: str) -> list[tuple[str, dict[str, Any]]]:
        docs = self._table(table)
        return [(i, copy.deepcopy(docs[i])) for i in self._by_sha.get(table, {}).get(sha256, ()) if i in docs]

    def _new_id(self, table: str, offset: int) -> str:
        """A fresh doc id; ``offset`` keeps ids of one batch apart before it is applied."""
        return str(self._max_id.get(table, 0) + 1 + offset)

    def _on_change(self, kind: str, table: str, doc_id: str, doc: Any, old: Any) -> None:
        if kind in ("reload", "table"):
            self._reindex(None if kind == "reload" else table)
            return
        if old is not None:
            self._unindex(table, doc_id, old)
        if kind == "put" and doc is not None:
            self._index(table, doc_id, doc)

    def _reindex(self, only: str | None) -> None:
        data = self._storage.read()
        for name in [only] if only else [*self._keys, *self._by_sha, *data]:
            self._keys.pop(name, None)
            self._by_sha.pop(name, None)
            self._max_id.pop(name, None)
        for name, docs in data.items():
            if only and name != only:
                continue
            for doc_id, doc in docs.items():
                self._index(name, doc_id, doc)

    def _index(self, table: str, doc_id: str, doc: dict[str, Any]) -> None:
        with contextlib.suppress(ValueError):
            self._max_id[table] = max(self._max_id.get(table, 0), int(doc_id))
        sha = str(doc.get("sha256", ""))
        self._by_sha.setdefault(table, {}).setdefault(sha, set()).add(doc_id)
        key = _doc_key(table, doc)
        if key is not None:
            self._keys.setdefault(table, {})[(sha, key)] = doc_id

    def _unindex(self, table: str, doc_id: str, doc: dict[str, Any]) -> None:
        sha = str(doc.get("sha256", ""))
        self._by_sha.get(table, {}).get(sha, set()).discard(doc_id)
        key = _doc_key(table, doc)
        if key is not None and self._keys.get(table, {}).get((sha, key)) == doc_id:
            del self._keys[table][(sha, key)]

    # -- internals: opening

    def _open(self) -> None:
        """Clear leftovers of a crashed writer, recover a bad db, migrate an old one, and
        start from a fresh snapshot (journal folded in)."""
        with self._thread_lock, self._file_lock:
            # Under the lock nobody is mid-write, so any temp file is a dead writer's.
            for stale in self.path.parent.glob(self.path.name + ".*.tmp"):
                with contextlib.suppress(OSError):
                    stale.unlink()
            try:
                self._storage.refresh()
                tables = self._storage.read()
                version = _schema_version(tables)
                if version < SCHEMA_VERSION:
                    self._migrate(tables, version)
                elif version > SCHEMA_VERSION:
                    log.warning("annotation db schema %s is newer than this program's %s", version, SCHEMA_VERSION)
                if self._storage.needs_compaction():
                    self._storage.compact()
            except OSError:
                # A folder we cannot write to must not stop the program; saves will report it.
                log.exception("cannot prepare the annotation db %s", self.path)

    def _migrate(self, tables: dict[str, dict[str, Any]], version: int) -> None:
        """Upgrade on a copy; on failure keep the db as it was (and say so in the log)."""
        work = copy.deepcopy({k: v for k, v in tables.items() if k != JOURNAL_TABLE})
        try:
            while version < SCHEMA_VERSION:
                step = MIGRATIONS.get(version)
                if step is None:
                    raise RuntimeError(f"no migration from annotation schema {version}")
                step(work)
                version += 1
        except Exception:  # noqa: BLE001 - a failed migration leaves the old data untouched
            log.exception("annotation db migration failed; the db is left as it was")
            return
        work[META_TABLE] = {"1": {"schema_version": SCHEMA_VERSION}}
        for name in list(tables):
            if name != JOURNAL_TABLE and name not in work:
                del tables[name]
        tables.update(work)
        self._reindex(None)
        self._storage.compact()


# --------------------------------------------------------------------------- helpers


def _doc_key(table: str, doc: dict[str, Any]) -> str | None:
    if table == ANNOTATIONS_TABLE:
        return str(doc.get("target", ""))
    if table == CORRECTIONS_TABLE:
        return str(doc.get("cell", ""))
    if table in (SIGNOFFS_TABLE, PAIRS_TABLE, REVIEW_STATES_TABLE):
        return ""
    if table == BATCH_FACTS_TABLE:
        return str(doc.get("fact", ""))
    return None


def _differs(a: dict[str, Any] | None, b: dict[str, Any] | None) -> bool:
    return json.dumps(a, sort_keys=True, ensure_ascii=False) != json.dumps(b, sort_keys=True, ensure_ascii=False)


def _value_text(doc: dict[str, Any] | None) -> str:
    if doc is None:
        return ""
    v = doc.get("value")
    return "blank" if v is None else str(v)


def _signoff_text(doc: dict[str, Any] | None) -> str:
    if not doc:
        return ""
    return f"{doc.get('conclusion', '')}｜审阅人 {doc.get('reviewer', '')}｜复核人 {doc.get('second_reviewer', '')}"


def _pair_text(doc: dict[str, Any] | None) -> str:
    if doc is None:
        return "自动"
    prev = str(doc.get("previous") or "")
    if not prev:
        return "不配对"
    return f"{doc.get('previous_name') or ''}（{prev[:12]}）".lstrip()


def _history_lines(e: Edit) -> list[tuple[str, str, str, str]]:
    """(target, field, old, new) for each field an edit changed."""
    b, a = e.before or {}, e.after or {}
    if e.table == ANNOTATIONS_TABLE:
        return [(e.key, f, str(b.get(f, "")), str(a.get(f, ""))) for f in ("status", "comment")
                if str(b.get(f, "")) != str(a.get(f, ""))]
    if e.table == CORRECTIONS_TABLE:
        t, r, c = parse_cell_id(e.key)
        # A confirmation of the value as read is its own kind of entry, never a correction.
        fld = "confirm" if (e.after or e.before or {}).get("confirmed") else "value"
        return [(correction_target(t, r, c), fld, _value_text(e.before), _value_text(e.after))]
    if e.table == REVIEW_STATES_TABLE:
        return [(REPORT_TARGET, "review_state", state_label(_state(e.before, None)),
                 state_label(_state(e.after, None)))]
    if e.table == SIGNOFFS_TABLE:
        if e.after is None:
            return [(REPORT_TARGET, "unlock", _signoff_text(e.before), "")]
        return [(REPORT_TARGET, "signoff", _signoff_text(e.before), _signoff_text(e.after))]
    if e.table == PAIRS_TABLE:
        return [(PAIR_TARGET, "pair", _pair_text(e.before), _pair_text(e.after))]
    if e.table == BATCH_FACTS_TABLE:
        return [(f"batch:{e.key}", e.key, str(b.get("value", "")) if e.before else "自动",
                 str(a.get("value", "")) if e.after else "自动")]
    return []


def _hist(sha256: str, target: str, fld: str, old: str, new: str, by: str, at: str,
          reason: str = "") -> dict[str, str]:
    return {"sha256": sha256, "target": target, "field": fld, "old": old, "new": new, "by": by, "at": at,
            "reason": reason}


def _signoff(doc: dict[str, Any] | None) -> SignOff | None:
    if not doc:
        return None
    return SignOff(str(doc.get("sha256", "")), str(doc.get("conclusion", "")), str(doc.get("reviewer", "")),
                   str(doc.get("second_reviewer", "")), str(doc.get("at", "")), str(doc.get("file_name", "")))


ALREADY_SIGNED = "该报告已签字锁定；如需重新签字，请先解除锁定。"
NOT_SIGNED = "该报告没有签字，无需解除锁定。"


def locked_message(reviewer: str, second_reviewer: str, at: str) -> str:
    """The one message for an edit of a signed report (store and session alike)."""
    return (f"该报告已由 {reviewer}、{second_reviewer} 于 {at.replace('T', ' ')[:16]} 签字锁定，"
            "不能修改批注或更正；如需修改，请先解除锁定并说明原因。")


def _state(doc: dict[str, Any] | None, sign: dict[str, Any] | None) -> str:
    """The review state: the record's; a sign-off of an older version without one gives
    the state of its conclusion (when it is one this program knows)."""
    if doc and doc.get("state"):
        return str(doc["state"])
    if sign:
        return state_of_conclusion(str(sign.get("conclusion", ""))) or PENDING
    return PENDING


def _schema_version(tables: dict[str, dict[str, Any]]) -> int:
    for doc in tables.get(META_TABLE, {}).values():
        if "schema_version" in doc:
            try:
                return int(doc["schema_version"])
            except (TypeError, ValueError):
                return 0
    return 0


# --------------------------------------------------------------------------- applying to a report


def annotate(report: Report, review: ReportReview) -> Report:
    """Put the store's marks on a (re-checked) report, as the contract's ``check --store``
    gives them: ``note`` on findings, ``signoff``, ``orphan_notes``. Notes attach by
    finding id only; a note whose finding is not in this reading is listed, never moved."""
    ids = {f.key(): f for f in report.findings}
    for target, ann in review.notes.items():
        f = ids.get(target.removeprefix("finding:")) if target.startswith("finding:") else None
        if f is not None:
            f.note = ann.note_dict()
    report.orphan_notes = [orphan_dict(a) for a in orphan_notes(review.notes, ids)]
    report.signoff = review.signoff.to_dict() if review.signoff else None
    report.review_state = review.state
    return report


def orphan_notes(notes: Mapping[str, Annotation], finding_ids: Iterable[str]) -> list[Annotation]:
    """The one test of an orphan: a note on a finding id this reading lacks (gone after a
    correction, a newer engine), or a schema-1 note not matched yet. Listed, never moved."""
    have = {finding_target(i) for i in finding_ids}
    return [a for t, a in sorted(notes.items())
            if (t.startswith("finding:") and t not in have) or t.startswith("legacy:")]


def orphan_dict(ann: Annotation) -> dict[str, Any]:
    """The contract's entry of ``orphan_notes``."""
    if ann.target.startswith("legacy:"):
        return {"legacy_key": ann.target.removeprefix("legacy:"), **ann.note_dict()}
    return {"finding": ann.target.removeprefix("finding:"), **ann.note_dict()}
