"""Annotations as the window sees them: a cache on the GUI thread, writes on one thread.

The store (``core.annotations.AnnotationStore``) is opened, read and written only on a
single-thread pool, so a slow disk never blocks the window and writes stay in order.
The GUI reads from ``self._cache``, which is filled once at start and then kept in step
with every edit. Edits go through a QUndoStack.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from core.annotations import STATUSES, Annotation, AnnotationStore
from gui import settings
from gui.tasks import Task, run_task, single_thread_pool

log = logging.getLogger(__name__)

__all__ = ["STATUSES", "AnnotationController"]


class _SetAnnotation(QUndoCommand):
    def __init__(
        self,
        ctl: AnnotationController,
        sha: str,
        target: str,
        old: Annotation | None,
        new: Annotation | None,
        text: str,
    ) -> None:
        super().__init__(text)
        self._ctl, self._sha, self._target, self._old, self._new = ctl, sha, target, old, new

    def redo(self) -> None:
        self._ctl._apply(self._sha, self._target, self._new)

    def undo(self) -> None:
        self._ctl._apply(self._sha, self._target, self._old)


class AnnotationController(QObject):
    changed = Signal(str, str)  # sha256, target
    loaded = Signal()
    recovered = Signal(str)  # the store's recovery message, to tell the reviewer
    failed = Signal(str)

    def __init__(self, store_path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = single_thread_pool()
        self._store: AnnotationStore | None = None
        self._cache: dict[str, dict[str, Annotation]] = {}
        self.undo_stack = QUndoStack(self)
        self.is_loaded = False
        self.recovery_message = ""
        run_task(lambda task: self._open(store_path), self._opened, self._error, pool=self._pool)

    # store thread ---------------------------------------------------------------------
    def _open(self, store_path: Path | None) -> dict[str, dict[str, Annotation]]:
        self._store = AnnotationStore(store_path)
        cache: dict[str, dict[str, Annotation]] = {}
        for ann in self._store.all():
            cache.setdefault(ann.sha256, {})[ann.target] = ann
        return cache

    def _write(self, ann: Annotation | None, sha: str, target: str) -> None:
        if self._store is None:
            return
        if ann is None:
            self._store.delete(sha, target)
        else:
            # A copy: the store fills blanks in place, and the cache belongs to the GUI thread.
            self._store.save(dataclasses.replace(ann))

    # GUI thread ----------------------------------------------------------------------
    def _opened(self, cache: dict[str, dict[str, Annotation]]) -> None:
        # Edits made before the store was read (rare: the first second) win over stored ones.
        for sha, targets in cache.items():
            mine = self._cache.setdefault(sha, {})
            for target, ann in targets.items():
                mine.setdefault(target, ann)
        self.is_loaded = True
        msg = getattr(self._store, "recovery_message", "") or ""
        if msg:
            self.recovery_message = msg
            self.recovered.emit(msg)
        self.loaded.emit()

    def _error(self, exc: BaseException) -> None:
        log.error("annotation store failed", exc_info=exc)
        self.failed.emit(str(exc))

    def get(self, sha: str, target: str) -> Annotation | None:
        return self._cache.get(sha, {}).get(target)

    def status(self, sha: str, target: str = "report") -> str:
        ann = self.get(sha, target)
        return ann.status if ann else ""

    def comment(self, sha: str, target: str) -> str:
        ann = self.get(sha, target)
        return ann.comment if ann else ""

    def for_report(self, sha: str) -> dict[str, Annotation]:
        return dict(self._cache.get(sha, {}))

    def edit(
        self,
        sha: str,
        target: str,
        *,
        status: str | None = None,
        comment: str | None = None,
        file_name: str = "",
    ) -> None:
        """Change the status and/or comment of one target, as one undoable step."""
        if not sha:
            return
        old = self.get(sha, target)
        new_status = status if status is not None else (old.status if old else "")
        new_comment = comment if comment is not None else (old.comment if old else "")
        if old is not None and old.status == new_status and old.comment == new_comment:
            return
        if old is None and not new_status and not new_comment:
            return
        new: Annotation | None = None
        if new_status or new_comment:
            new = Annotation(
                sha256=sha,
                target=target,
                status=new_status,
                comment=new_comment,
                reviewer=settings.reviewer_name(),
                updated=datetime.now().astimezone().isoformat(timespec="seconds"),
                file_name=file_name or (old.file_name if old else ""),
            )
        what = self.tr("status") if status is not None else self.tr("comment")
        self.undo_stack.push(
            _SetAnnotation(self, sha, target, old, new, self.tr("Change %1").replace("%1", what))
        )

    def _apply(self, sha: str, target: str, ann: Annotation | None) -> None:
        targets = self._cache.setdefault(sha, {})
        if ann is None:
            targets.pop(target, None)
        else:
            targets[target] = ann
        run_task(lambda task: self._write(ann, sha, target), None, self._error, pool=self._pool)
        self.changed.emit(sha, target)

    def flush(self, timeout_ms: int = 10000) -> bool:
        """Wait for pending writes (used at close and in tests)."""
        return self._pool.waitForDone(timeout_ms)

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
