"""Long work off the GUI thread, through one helper.

``run_task(fn, on_done, on_error)`` runs ``fn(ctx)`` on a QThreadPool and delivers the
result or the exception back on the GUI thread by a queued signal. Workers never touch
widgets: they only return data, report ``ctx.progress(...)`` and check ``ctx.cancelled``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

_live: set[Task] = set()  # keeps tasks (and their signal objects) alive until delivered


class Cancelled(Exception):
    """Raised by ``ctx.check()`` in a worker when the reviewer pressed cancel."""


class Task(QObject):
    """One unit of background work; the worker-side API is ``cancelled``/``check``/``progress``."""

    _done = Signal(object)
    _failed = Signal(object)
    _progress = Signal(int, int, object)

    def __init__(
        self,
        fn: Callable[[Task], Any],
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        on_progress: Callable[[int, int, Any], None] | None,
    ) -> None:
        super().__init__()
        self._fn = fn
        self._on_done = on_done
        self._on_error = on_error
        self._on_progress = on_progress
        self._cancel = threading.Event()
        self._finished = threading.Event()
        self._started = False
        # The Task lives on the GUI thread; emitting from the worker queues the slots there.
        self._done.connect(self._deliver_done)
        self._failed.connect(self._deliver_error)
        self._progress.connect(self._deliver_progress)

    # worker side -------------------------------------------------------------------
    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        if self._cancel.is_set():
            raise Cancelled

    def progress(self, done: int, total: int, payload: Any = None) -> None:
        try:
            self._progress.emit(done, total, payload)
        except RuntimeError:
            self._cancel.set()  # shutting down: stop working

    def _run(self) -> None:
        try:
            result = self._fn(self)
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the GUI
            self._finished.set()
            self._emit(self._failed, exc)
            return
        self._finished.set()
        self._emit(self._done, result)

    def _emit(self, signal: Any, value: Any) -> None:
        try:
            signal.emit(value)
        except RuntimeError:
            # The application is shutting down and took the receiver with it: nobody to tell.
            log.debug("task result dropped at shutdown")

    # GUI side ----------------------------------------------------------------------
    def cancel(self) -> None:
        self._cancel.set()

    def is_finished(self) -> bool:
        return self._finished.is_set()

    @Slot(object)
    def _deliver_done(self, result: Any) -> None:
        _live.discard(self)
        if self._on_done is not None:
            self._on_done(result)

    @Slot(object)
    def _deliver_error(self, exc: BaseException) -> None:
        _live.discard(self)
        if isinstance(exc, Cancelled):
            if self._on_done is not None:
                self._on_done(None)
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            log.error("background task failed", exc_info=exc)

    @Slot(int, int, object)
    def _deliver_progress(self, done: int, total: int, payload: Any) -> None:
        if self._on_progress is not None and not self._cancel.is_set():
            self._on_progress(done, total, payload)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task

    def run(self) -> None:
        self._task._run()


def run_task(
    fn: Callable[[Task], Any],
    on_done: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, Any], None] | None = None,
    pool: QThreadPool | None = None,
    defer: bool = False,
) -> Task:
    """Run ``fn(task)`` in ``pool`` (the global pool by default). Call on the GUI thread.

    A cancelled task (``task.check()`` raised) delivers ``on_done(None)``. With ``defer``
    the task is made (it can be listed and cancelled) but starts at ``start_task``.
    """
    task = Task(fn, on_done, on_error, on_progress)
    _live.add(task)
    if not defer:
        start_task(task, pool)
    return task


def start_task(task: Task, pool: QThreadPool | None = None) -> None:
    """Start a task made with ``run_task(..., defer=True)`` (once)."""
    if task._started:
        return
    task._started = True
    (pool or QThreadPool.globalInstance()).start(_Runnable(task))


def single_thread_pool() -> QThreadPool:
    """A pool with one thread: all writes to one database happen there, in order."""
    pool = QThreadPool()
    pool.setMaxThreadCount(1)
    pool.setExpiryTimeout(-1)
    return pool
