"""The note store as the window uses it: read once, written on one thread, in order.

The notes themselves, their undo history and the announcements of their changes live
in the Qt-free review model (``core.session.ReviewSession``); this controller only
opens the store (``core.annotations.AnnotationStore``) on a single-thread pool, hands
its notes to the session, and writes each change the session makes, so a slow disk
never blocks the window.
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
from core.session import Entry, Event, ReviewSession
from gui import settings
from gui.tasks import Task, run_task, single_thread_pool

log = logging.getLogger(__name__)

__all__ = ["STATUSES", "AnnotationController"]


class AnnotationController(QObject):
    loaded = Signal()
    recovered = Signal(str)  # the store's recovery message, to tell the reviewer
    failed = Signal(str)

    def __init__(
        self, session: ReviewSession, store_path: Path | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        session.reviewer = settings.reviewer_name
        session.persist_corrections = self.persist_corrections
        session.persist_signoff = self.persist_signoff
        session.subscribe(self._on_event)
        self._pool = single_thread_pool()
        self._store: AnnotationStore | None = None
        self.is_loaded = False
        self.recovery_message = ""
        run_task(lambda task: self._open(store_path), self._opened, self._error, pool=self._pool)

    # store thread ---------------------------------------------------------------------
    def _open(self, store_path: Path | None) -> tuple[list[Annotation], dict[str, str | None]]:
        self._store = AnnotationStore(store_path)
        return list(self._store.all()), self._store.manual_pairs()

    def _write(self, ann: Annotation | None, sha: str, target: str) -> None:
        if self._store is None:
            return
        if ann is None:
            self._store.delete(sha, target)
        else:
            self._store.save(ann)

    def _write_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str) -> None:
        if self._store is None:
            return
        for cell, corr in cells.items():
            if corr is None:
                self._store.remove_correction(sha, cell)
        given = [c for c in cells.values() if c is not None]
        if given:  # one record: a candidate's cells are one step in the store's journal too
            self._store.set_corrections(sha, given, file_name, label="更正" if len(given) > 1 else
                                        f"更正 {given[0].cell_id}")

    def _write_signoff(self, sha: str, signoff: SignOff | None, reason: str) -> None:
        if self._store is None:
            return
        if signoff is None:
            self._store.unlock(sha, reason, by=self.session.reviewer())
        else:
            self._store.sign(sha, signoff.conclusion, signoff.reviewer, signoff.second_reviewer,
                             signoff.file_name)

    def _read_report(self, entry_report: tuple[str, object]) -> tuple[str, ReportReview | None]:
        """Once per opened report: schema-1 notes find their finding, then its marks."""
        sha, report = entry_report
        if self._store is None:
            return sha, None
        self._store.resolve_legacy(report)  # type: ignore[arg-type]
        return sha, self._store.review_of(sha)

    # GUI thread ----------------------------------------------------------------------
    def persist_corrections(self, sha: str, cells: dict[str, Correction | None], file_name: str) -> None:
        run_task(lambda task: self._write_corrections(sha, cells, file_name), None, self._error, pool=self._pool)

    def persist(self, sha: str, target: str, ann: Annotation | None) -> None:
        """The session's write-through: queued on the store thread, in order."""
        # A copy: the store fills blanks in place, and the session's belong to the GUI thread.
        copy = dataclasses.replace(ann) if ann is not None else None
        run_task(lambda task: self._write(copy, sha, target), None, self._error, pool=self._pool)

    def persist_pair(self, sha: str, manual: bool, previous: str | None) -> None:
        """The session's write-through of a pairing by hand (``manual`` False: automatic again)."""
        names = {e.sha: e.name for e in self.session.entries()}
        by = self.session.reviewer()

        def write(task: Task) -> str:
            if self._store is None:
                return ""
            try:
                if manual:
                    self._store.set_pair(sha, previous, names.get(sha, ""), names.get(previous or "", ""), by)
                else:
                    self._store.clear_pair(sha, by)
            except ReportLocked as exc:
                return str(exc)  # a signed report's pairing is part of what was signed
            return ""

        def done(refused: str) -> None:
            if refused:
                self.session.refuse_pair(sha)
                self.failed.emit(refused)

        run_task(write, done, self._error, pool=self._pool)

    def _opened(self, loaded: tuple[list[Annotation], dict[str, str | None]]) -> None:
        notes, pairs = loaded
        self.is_loaded = True
        msg = getattr(self._store, "recovery_message", "") or ""
        if msg:
            self.recovery_message = msg
            self.recovered.emit(msg)
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

    def persist_signoff(self, sha: str, signoff: SignOff | None, reason: str) -> None:
        """Sign or unlock in the store; if another window did either first, the store
        refuses, and this window takes the store's state and says so."""

        def write(task: Task) -> tuple[str, SignOff | None] | None:
            try:
                self._write_signoff(sha, signoff, reason)
            except ValueError as exc:  # ReportLocked too: signed elsewhere, or unlocked elsewhere
                review = self._store.review_of(sha) if self._store is not None else None
                return str(exc), review.signoff if review is not None else None
            return None

        def done(refused: tuple[str, SignOff | None] | None) -> None:
            if refused is not None:
                message, stored = refused
                self.session.adopt_signoff(sha, stored)
                self.failed.emit(message)

        run_task(write, done, self._error, pool=self._pool)

    def _on_event(self, event: Event) -> None:
        if event.kind != "reports_added":
            return
        entries: list[Entry] = event.payload
        for e in entries:
            if not e.sha or e.report.error:
                continue
            run_task(self._reader((e.sha, e.report)), self._report_read, self._error, pool=self._pool)

    def _reader(self, item: tuple[str, object]) -> Callable[[Task], tuple[str, ReportReview | None]]:
        return lambda task: self._read_report(item)

    def _report_read(self, result: tuple[str, ReportReview | None]) -> None:
        sha, review = result
        if review is not None:
            self.session.load_review(sha, review.notes.values(), review.corrections, review.signoff)

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
