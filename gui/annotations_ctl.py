"""The note store as the window uses it: read once, written on one thread, in order.

The review state itself — notes, corrections, sign-offs, states, undo and the
announcements of changes — lives in the Qt-free session (``core.session.ReviewSession``).
This controller is the session's persistence port (``core.session.ReviewPort``, passed to
the session at construction): it opens the store (``core.annotations.AnnotationStore``)
on a single-thread pool, hands what it holds to the session, and writes each change the
session makes there, so a slow disk never blocks the window.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from core.annotations import (
    STATUSES,
    Annotation,
    AnnotationStore,
    HistoryEntry,
    ReportLocked,
    ReportReview,
    SignOff,
)
from core.corrections import Correction
from core.session import Event, ReportsAdded, ReviewSession, write_corrections, write_signoff
from gui.tasks import Task, run_task, single_thread_pool

log = logging.getLogger(__name__)

__all__ = ["STATUSES", "AnnotationController"]


class AnnotationController(QObject):
    loaded = Signal()
    recovered = Signal(str)  # the store's recovery message, to tell the reviewer
    failed = Signal(str)

    def __init__(self, store_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session: ReviewSession | None = None
        self._pool = single_thread_pool()
        self._store: AnnotationStore | None = None
        self.is_loaded = False
        self.recovery_message = ""
        self._store_path = store_path

    def attach(self, session: ReviewSession) -> None:
        """Follow ``session`` (whose port this is) and read the store for it."""
        self.session = session
        session.subscribe(self._on_event)
        run_task(lambda task: self._open(self._store_path), self._opened, self._error, pool=self._pool)

    # store thread ---------------------------------------------------------------------
    def _open(self, store_path: Path | None) -> tuple[list[Annotation], dict[str, str | None]]:
        self._store = AnnotationStore(store_path)
        return list(self._store.all()), self._store.manual_pairs()

    def _read_report(self, entry_report: tuple[str, object]) -> tuple[str, ReportReview | None]:
        """Once per opened report: schema-1 notes find their finding, then its marks."""
        sha, report = entry_report
        if self._store is None:
            return sha, None
        self._store.resolve_legacy(report)  # type: ignore[arg-type]
        return sha, self._store.review_of(sha)

    # the port (GUI thread; the writes are queued on the store thread, in order) ---------
    def write_note(self, sha: str, target: str, ann: Annotation | None, by: str, action: str) -> None:
        # A copy: the store fills blanks in place, and the session's belong to the GUI thread.
        copy = dataclasses.replace(ann) if ann is not None else None

        def write(task: Task) -> None:
            if self._store is None:
                return
            if copy is None:
                self._store.delete(sha, target, by, action=action)
            else:
                self._store.save(copy, action=action, by=by)

        run_task(write, None, self._error, pool=self._pool)

    def write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str, by: str,
                          action: str) -> None:
        def write(task: Task) -> None:
            if self._store is not None:
                write_corrections(self._store, sha, cells, file_name, by, action)

        run_task(write, None, self._error, pool=self._pool)

    def write_pair(self, sha: str, manual: bool, previous: str | None, by: str, action: str) -> None:
        """A pairing by hand (``manual`` False: automatic again); a signed report refuses it."""
        names = {e.sha: e.name for e in self.session.entries()} if self.session is not None else {}

        def write(task: Task) -> str:
            if self._store is None:
                return ""
            try:
                if manual:
                    self._store.set_pair(sha, previous, names.get(sha, ""), names.get(previous or "", ""), by,
                                         action=action)
                else:
                    self._store.clear_pair(sha, by, action=action)
            except ReportLocked as exc:
                return str(exc)  # a signed report's pairing is part of what was signed
            return ""

        def done(refused: str) -> None:
            if refused and self.session is not None:
                self.session.refuse_pair(sha)
                self.failed.emit(refused)

        run_task(write, done, self._error, pool=self._pool)

    def write_signoff(self, sha: str, signoff: SignOff | None, reason: str, by: str, open_errors: int) -> None:
        """Sign or unlock in the store; if another window did either first, the store
        refuses, and this window takes the store's state and says so."""

        def write(task: Task) -> tuple[str, SignOff | None, str] | None:
            if self._store is None:
                return None
            try:
                write_signoff(self._store, sha, signoff, reason, by, open_errors)
            except ValueError as exc:  # ReportLocked too: signed elsewhere, or unlocked elsewhere
                review = self._store.review_of(sha)
                return str(exc), review.signoff, review.state
            return None

        def done(refused: tuple[str, SignOff | None, str] | None) -> None:
            if refused is not None and self.session is not None:
                message, stored, state = refused
                self.session.adopt_signoff(sha, stored, state)
                self.failed.emit(message)

        run_task(write, done, self._error, pool=self._pool)

    def write_state(self, sha: str, state: str, by: str, reason: str, file_name: str) -> None:
        def write(task: Task) -> None:
            if self._store is not None:
                self._store.set_review_state(sha, state, by, reason, file_name)

        run_task(write, None, self._error, pool=self._pool)

    # GUI thread ----------------------------------------------------------------------
    def _opened(self, loaded: tuple[list[Annotation], dict[str, str | None]]) -> None:
        notes, pairs = loaded
        self.is_loaded = True
        msg = getattr(self._store, "recovery_message", "") or ""
        if msg:
            self.recovery_message = msg
            self.recovered.emit(msg)
        if self.session is not None:
            self.session.load_notes(notes)
            self.session.load_pairs(pairs)
        self.loaded.emit()

    def _error(self, exc: BaseException) -> None:
        log.error("annotation store failed", exc_info=exc)
        self.failed.emit(str(exc))

    def on_store(self, fn: Callable[[AnnotationStore], Any], done: Callable[[Any], None] | None = None) -> None:
        """Run ``fn(store)`` on the store thread, in order with the other writes (the batch
        view's facts); ``done`` gets its result on the GUI thread. Nothing runs without a store."""
        run_task(lambda task: fn(self._store) if self._store is not None else None, done, self._error,
                 pool=self._pool)

    def flush(self, timeout_ms: int = 10000) -> bool:
        """Wait for pending writes (used at close and in tests)."""
        return self._pool.waitForDone(timeout_ms)

    def _on_event(self, event: Event) -> None:
        if not isinstance(event, ReportsAdded):
            return
        for e in event.entries:
            if not e.sha or e.report.error:
                continue
            run_task(self._reader((e.sha, e.report)), self._report_read, self._error, pool=self._pool)

    def _reader(self, item: tuple[str, object]) -> Callable[[Task], tuple[str, ReportReview | None]]:
        return lambda task: self._read_report(item)

    def _report_read(self, result: tuple[str, ReportReview | None]) -> None:
        sha, review = result
        if review is not None and self.session is not None:
            self.session.load_review(sha, review.notes.values(), review.corrections, review.signoff, review.state)

    def read_reviews(self, shas: list[str]) -> tuple[dict[str, ReportReview], dict[str, list[HistoryEntry]]]:
        """Each report's review and history as the store has them, after the writes
        queued so far. Call OFF the GUI thread (an export's worker): the store is
        thread-safe, and waiting for its thread here would block the window."""
        self.flush()
        st = self._store
        if st is None:
            return {}, {}
        return {s: st.review_of(s) for s in shas}, {s: st.history(s) for s in shas}

    def history(self, sha: str, targets: list[str] | None, on_done: Callable[[list[HistoryEntry]], None]) -> Task:
        """The store's history of a report (or of some targets), after every pending write."""
        return self.run_on_store_thread(lambda st: st.history(sha, targets) if st else [], on_done)

    def run_on_store_thread(
        self, fn: Callable[[AnnotationStore | None], Any], on_done: Callable[[Any], None]
    ) -> Task:
        return run_task(lambda task: fn(self._store), on_done, self._error, pool=self._pool)

    def close(self) -> None:
        self.flush()

        def _close(task: Task) -> None:
            if self._store is not None:
                self._store.close()
                self._store = None

        run_task(_close, None, self._error, pool=self._pool)
        self._pool.waitForDone(10000)
